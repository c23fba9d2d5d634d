"""Cases: the hub's work with one victim for one referral. The models live by concern in
this package; Django, the migrations and the rest of the code import them from here."""

from victimcare.cases.models.case import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    new_case_reference,
)
from victimcare.cases.models.closure import (
    CaseOutcome,
    GoalStatus,
    OutcomeArea,
    OutcomeResult,
    SupportGoal,
)
from victimcare.cases.models.contact import (
    SUCCESSFUL_OUTCOMES,
    CaseNote,
    ContactAttempt,
    ContactOutcome,
)
from victimcare.cases.models.onward import (
    ONWARD_STATES,
    PARTNER_VISIBLE,
    OnwardReferral,
    OnwardReferralStatus,
    ShareGroup,
)
from victimcare.cases.models.safeguarding import SafeguardingAgency, SafeguardingReferral
from victimcare.cases.models.tasks import CaseTask, CodeAreaChoice, TaskKind

__all__ = [
    "ONWARD_STATES",
    "OPEN_STATUSES",
    "PARTNER_VISIBLE",
    "SUCCESSFUL_OUTCOMES",
    "Case",
    "CaseNote",
    "CaseOutcome",
    "CaseStatus",
    "CaseTask",
    "CaseTransition",
    "ClosureReason",
    "CodeAreaChoice",
    "ContactAttempt",
    "ContactOutcome",
    "GoalStatus",
    "OnwardReferral",
    "OnwardReferralStatus",
    "OutcomeArea",
    "OutcomeResult",
    "SafeguardingAgency",
    "SafeguardingReferral",
    "ShareGroup",
    "SupportGoal",
    "TaskKind",
    "new_case_reference",
]
