"""Intake: every route a referral comes in by (the police feed file, the API, uploads,
transfers from a peer hub, the partner referral form and the portal's self-referral) goes
through one pass down the layers: validate (referrals.feed), record the referral and its
victim (referrals, people), entitle (entitlements), open or refresh the case (cases), ask
linkage about its people (linkage), and queue what follows (transfers, the outbox).

A journey, not a record: it holds no models, so it is a package, not a Django app; the
records it writes keep their own apps (docs/architecture.md, ADR on layering)."""
