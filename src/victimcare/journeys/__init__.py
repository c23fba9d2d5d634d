"""Journeys within case work that cross its apps, above them all: closing a case (with the
satisfaction survey, feedback), referring the victim on (with a data sharing agreement,
dataprotection), and completing a task (a monthly investigation update brings the next,
justice). Like intake, a journey holds no models (docs/architecture.md)."""
