"""Staff pages for case work, by concern: `queue` (the hub's queue, tasks, caseload),
`record` (the case record and its sections), `changes` (each change to a case, driven by
one table), `onward` (referrals to specialist services)."""
