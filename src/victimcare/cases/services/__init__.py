"""Writes to cases, by concern. Each service runs in one transaction and writes its audit
event there: `opening` (cases from referrals), `record` (changes to a case), `tasks`,
`onward` (referrals to services), `plan` (support goals); `versions` holds the refusals."""
