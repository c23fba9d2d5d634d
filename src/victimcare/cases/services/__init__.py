"""Writes to cases, by concern. Each service runs in one transaction and writes its audit
event there: `opening` (cases from referrals), `record` (changes to a case), `tasks`,
`onward` (an onward referral's status), `plan` (support goals); `versions` holds the
refusals. Closing a case, sending an onward referral and completing a task cross into
other apps: they are journeys (journeys/)."""
