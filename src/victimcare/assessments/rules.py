"""Assessment rules (pure): need levels and distance travelled, domestic abuse risk bands
and MARAC triggers, and the special measures protection needs suggest. docs/domain.md §5."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from victimcare.directory.needs import NEED_CATEGORIES

NEED_LEVELS: tuple[tuple[str, str], ...] = (
    ("none", "None"),
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
)
LEVEL_RANK = {code: rank for rank, (code, _) in enumerate(NEED_LEVELS)}


@dataclass(frozen=True)
class Travelled:
    category: str
    label: str
    first: str
    last: str
    change: int  # positive: need went down (better)

    @property
    def words(self) -> str:
        if self.change > 0:
            return f"Improved by {self.change} level{'s' if self.change > 1 else ''}"
        if self.change < 0:
            return f"Worse by {-self.change} level{'s' if self.change < -1 else ''}"
        return "No change"


def distance_travelled(first: Mapping[str, str], last: Mapping[str, str]) -> list[Travelled]:
    """Per category, the change in need level from the first assessment to the exit one."""
    return [
        Travelled(
            code, label, first[code], last[code], LEVEL_RANK[first[code]] - LEVEL_RANK[last[code]]
        )
        for code, label in NEED_CATEGORIES
        if code in first and code in last
    ]


# Domestic abuse risk: 24 questions answered yes / no / not known (DASH structure).
RISK_ANSWERS = (("yes", "Yes"), ("no", "No"), ("not_known", "Not known"))
RISK_LEVELS = (("standard", "Standard"), ("medium", "Medium"), ("high", "High"))
RISK_RANK = {"standard": 0, "medium": 1, "high": 2}
HIGH_RISK_YES = 14
MEDIUM_RISK_YES = 10
ESCALATION_INCIDENTS = 3  # incidents in 12 months that suggest escalation


def risk_level_from_score(yes_answers: int) -> str:
    if yes_answers >= HIGH_RISK_YES:
        return "high"
    if yes_answers >= MEDIUM_RISK_YES:
        return "medium"
    return "standard"


def risk_level(yes_answers: int, judgement: str = "") -> str:
    """The checklist's level, raised (never lowered) by professional judgement."""
    scored = risk_level_from_score(yes_answers)
    if judgement and RISK_RANK[judgement] > RISK_RANK[scored]:
        return judgement
    return scored


def marac_reasons(
    level: str, incidents_12_months: int, previous_marac_12_months: bool
) -> list[str]:
    """Why this case must go to the MARAC; empty if it need not."""
    reasons = []
    if level == "high":
        reasons.append("High risk on the domestic abuse risk checklist")
    if incidents_12_months >= ESCALATION_INCIDENTS:
        reasons.append(
            f"Potential escalation: {incidents_12_months} incidents reported in 12 months"
        )
    if previous_marac_12_months:
        reasons.append("Repeat incident within 12 months of a previous MARAC referral")
    return reasons


# Individual assessment of protection needs → special measures for court.
PROTECTION_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("fears_harm", "Does the victim fear further harm from the suspect or their associates?"),
    ("intimidated", "Has anyone tried to frighten or pressure the victim about giving evidence?"),
    ("fears_seeing_suspect", "Is the victim afraid of seeing the suspect in court?"),
    (
        "sexual_or_da",
        "Is it a sexual offence, domestic abuse, modern slavery or gun or knife crime?",
    ),
    ("under_18", "Is the victim under 18?"),
    ("communication_needs", "Does the victim need help to communicate or understand questions?"),
    ("distress_public", "Would giving evidence in public cause the victim severe distress?"),
)
SPECIAL_MEASURES: tuple[tuple[str, str], ...] = (
    ("screens", "Screens, so the victim does not see the defendant"),
    ("live_link", "Live link from outside the courtroom"),
    ("evidence_in_private", "Evidence in private (public gallery cleared)"),
    ("wigs_gowns", "Removal of wigs and gowns"),
    ("video_evidence", "Video-recorded evidence in chief"),
    ("intermediary", "An intermediary"),
    ("communication_aids", "Communication aids"),
)
_MEASURES_FOR: dict[str, tuple[str, ...]] = {
    "fears_harm": ("screens", "live_link"),
    "intimidated": ("screens", "live_link"),
    "fears_seeing_suspect": ("screens", "live_link"),
    "sexual_or_da": ("screens", "live_link", "video_evidence", "evidence_in_private"),
    "under_18": ("video_evidence", "live_link", "wigs_gowns"),
    "communication_needs": ("intermediary", "communication_aids"),
    "distress_public": ("evidence_in_private",),
}


def recommended_special_measures(yes_to: Iterable[str]) -> list[str]:
    """The special measures to ask for, in the table's order, from the questions answered yes."""
    wanted = {m for q in yes_to for m in _MEASURES_FOR.get(q, ())}
    return [code for code, _ in SPECIAL_MEASURES if code in wanted]


def at_risk(yes_to: Iterable[str]) -> bool:
    """At risk of further harm, intimidation or retaliation during proceedings."""
    return bool({"fears_harm", "intimidated", "fears_seeing_suspect"} & set(yes_to))
