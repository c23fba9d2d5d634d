"""The reason an officer gives to review a pair with someone known to another team."""

from victimcare.core.reasons import ReasonField
from victimcare.core.typed_text import TypedTextForm


class PairReasonForm(TypedTextForm):
    justification = ReasonField(
        label="Why do you need to compare these two people?",
        help_text="For example: the victim told me they are already supported by the other "
        "hub. Your reason is recorded with every page of this pair you open.",
        error_messages={"required": "Enter why you need to compare these two people"},
    )


class UndoJoinForm(TypedTextForm):
    reason = ReasonField(
        label="Why are they different people?",
        help_text="For example: the victim told me the other cases are their twin brother's. "
        "Your reason is kept with the join and in the access log.",
        error_messages={"required": "Enter why they are different people"},
    )
