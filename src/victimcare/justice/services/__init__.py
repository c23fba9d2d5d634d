"""Writes for the justice journey, by concern: `updates` (receiving justice updates),
`messages` (victim messages and the officer's decision), `duties` (meeting Code duties, the
monthly update), `court` (court support), `review` (Right to Review), `restorative`
(restorative justice). Audit in the same transaction; messages after commit."""
