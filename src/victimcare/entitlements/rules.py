"""Victims' Code entitlements as pure, table-driven functions. No ORM here.

Each result carries the reasons an officer reads. The numbers (ages, counts, windows,
working days, the categories not referred automatically) come in `RuleValues`, which a
deployment configures (see `entitlements.models.RuleConfiguration`). docs/domain.md §4.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from victimcare.entitlements.working_days import add_working_days

LONDON = ZoneInfo("Europe/London")


class Level:
    ENHANCED = "enhanced"
    STANDARD = "standard"
    BUSINESS = "business"


class AutoReferral:
    REFER = "refer"
    CONSENT_GIVEN = "consent_given"
    AWAITING_CONSENT = "awaiting_consent"
    DECLINED = "declined"
    NOT_AUTOMATIC = "not_automatic"


@dataclass(frozen=True)
class RuleValues:
    """The configurable numbers behind the rules, with the Code's defaults."""

    adult_age: int = 18
    persistent_min_incidents: int = 3
    persistent_window_months: int = 12
    first_contact_working_days: int = 2
    update_working_days_enhanced: int = 1
    update_working_days_standard: int = 5
    not_automatic_categories: tuple[str, ...] = ("Vehicle crime", "Criminal damage and arson")
    # The justice journey (justice/rules.py).
    investigation_update_months: int = 1
    vcs_min_custodial_months: int = 12
    vcs_working_days: int = 20
    right_to_review_months: int = 3
    review_acknowledge_working_days: int = 10
    review_decision_working_days: int = 30
    approval_events: tuple[str, ...] = (
        "no_further_action",
        "not_investigated",
        "offender_release_date",
    )


@dataclass(frozen=True)
class VictimFacts:
    """What the rules need to know about one victim of one crime."""

    victim_kind: str
    reported_at: datetime.datetime
    date_of_birth: datetime.date | None
    crime_category: str
    offence_code: str
    offence_description: str
    flags: Mapping[str, bool | None]
    referral_consent: str
    incidents_in_window: int = (
        1  # this person's crimes or ASB reports in the window, this one included
    )
    # The same, counted over the referrals repeat-victim linkage joined to this person.
    linked_incidents: int = 0
    # A crime never reported to the police brings no police decisions to update on.
    reported_to_police: bool = True


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Entitlement:
    level: str
    reasons: tuple[Reason, ...]  # one per enhanced group, each with the facts behind it
    auto_referral: str
    auto_referral_reason: str
    contact_due_by: datetime.date
    contact_due_reason: str
    update_within_working_days: int  # 0: not reported to the police, no decisions to tell

    @property
    def reason_codes(self) -> list[str]:
        return sorted({reason.code for reason in self.reasons})


# Flags that make a victim of the most serious crime (Code: enhanced rights).
SERIOUS_CRIME_FLAGS = {
    "domestic_abuse": "Victim of domestic abuse",
    "hate_crime": "Victim of hate crime",
    "sexual_offence": "Victim of a sexual offence",
    "terrorism": "Victim of terrorism",
    "modern_slavery": "Victim of modern slavery or human trafficking",
    "attempted_murder": "Victim of attempted murder",
    "kidnap_or_false_imprisonment": "Victim of kidnap or false imprisonment",
    "arson_endangering_life": "Victim of arson with intent to endanger life",
    "gbh_with_intent": "Victim of wounding or grievous bodily harm with intent",
    "road_traffic_serious_injury": "Seriously injured by a road traffic offence",
}
VULNERABLE_FLAGS = {
    "mental_disorder": "Has a mental disorder",
    "learning_disability": "Has a significant impairment of intelligence and social functioning",
    "physical_disability": "Has a physical disability or disorder",
}
INTIMIDATED_FLAGS = {
    "intimidated": "The officer judges the victim in fear or distress about giving evidence",
    "sexual_offence": "Complainant in a sexual offence",
    "domestic_abuse": "Victim of domestic abuse",
    "modern_slavery": "Victim of modern slavery",
    "gun_or_knife": "Victim of gun or knife crime",
}
# Reasons that say how the victim is, not what was done to them: a partner the victim let see
# their needs (but not the crime) may read these. Every other reason (a serious crime such
# as domestic abuse, persistent targeting, fear of giving evidence because of the crime, any
# reason added later) reveals the crime and follows the crime-details consent.
NEEDS_ONLY_REASONS: dict[str, set[str] | None] = {
    "vulnerable": None,
    "intimidated": {INTIMIDATED_FLAGS["intimidated"]},
}


def reason_reveals_crime(code: str, text: str) -> bool:
    """Whether an entitlement reason ({code, text} as stored) tells what happened."""
    if code not in NEEDS_ONLY_REASONS:
        return True
    texts = NEEDS_ONLY_REASONS[code]
    return texts is not None and text not in texts


# Referral only with explicit consent (opt-in) for these.
OPT_IN_FLAGS = {
    "sexual_offence": "sexual offence",
    "domestic_abuse": "domestic abuse",
}


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def reported_day(reported_at: datetime.datetime) -> datetime.date:
    """The day of the report in England and Wales (Europe/London)."""
    return reported_at.astimezone(LONDON).date()


def contact_deadline(
    reported_at: datetime.datetime, values: RuleValues = RuleValues()
) -> tuple[datetime.date, str]:
    """When the victim's details must reach support services, counted from the report."""
    day = reported_day(reported_at)
    days = values.first_contact_working_days
    due = add_working_days(day, days)
    return due, (
        f"Victims' Code: details pass to support services within {days} working days of the "
        f"report on {day:%-d %B %Y}"
    )


def _flagged(flags: Mapping[str, bool | None], table: Mapping[str, str]) -> list[str]:
    return [text for name, text in table.items() if flags.get(name)]


def enhanced_reasons(facts: VictimFacts, values: RuleValues) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    serious = _flagged(facts.flags, SERIOUS_CRIME_FLAGS)
    if facts.victim_kind == "bereaved_relative":
        serious.append("Close relative bereaved by criminal conduct")
    reasons += [Reason("serious_crime", text) for text in serious]

    incidents = max(facts.incidents_in_window, facts.linked_incidents)
    if incidents >= values.persistent_min_incidents:
        found_by = (
            ", found by repeat-victim linkage"
            if facts.linked_incidents > facts.incidents_in_window
            else ""
        )
        reasons.append(
            Reason(
                "persistently_targeted",
                f"Victim of {incidents} crimes or ASB incidents reported within "
                f"{values.persistent_window_months} months (this one included){found_by}",
            )
        )

    vulnerable = _flagged(facts.flags, VULNERABLE_FLAGS)
    day = reported_day(facts.reported_at)
    if facts.date_of_birth and age_on(facts.date_of_birth, day) < values.adult_age:
        vulnerable.insert(0, f"Under {values.adult_age} on the day reported")
    reasons += [Reason("vulnerable", text) for text in vulnerable]

    reasons += [Reason("intimidated", text) for text in _flagged(facts.flags, INTIMIDATED_FLAGS)]
    return tuple(reasons)


def _is_arson(facts: VictimFacts) -> bool:
    # Home Office offence classes 056/xx are arson; 058/xx criminal damage.
    return (
        bool(facts.flags.get("arson_endangering_life"))
        or facts.offence_code.startswith("056")
        or "arson" in facts.offence_description.lower()
    )


def auto_referral(
    facts: VictimFacts, reasons: tuple[Reason, ...], values: RuleValues
) -> tuple[str, str]:
    """Whether details pass to support automatically, and why. First matching rule wins."""
    codes = {reason.code for reason in reasons}
    if facts.victim_kind == "business":
        return AutoReferral.NOT_AUTOMATIC, "Businesses are recorded but not referred automatically"
    if facts.referral_consent == "declined":
        return AutoReferral.DECLINED, "The victim declined referral to support services"
    if facts.referral_consent == "given":
        return AutoReferral.CONSENT_GIVEN, "The victim consented to referral to support services"
    opt_in = [text for name, text in OPT_IN_FLAGS.items() if facts.flags.get(name)]
    if facts.victim_kind == "bereaved_relative":
        opt_in.append("bereaved family")
    if opt_in:
        return AutoReferral.AWAITING_CONSENT, (
            f"Opt-in route ({', '.join(opt_in)}): ask the victim for explicit consent before "
            "passing on their details"
        )
    minor = facts.crime_category in values.not_automatic_categories and not (
        facts.crime_category == "Criminal damage and arson" and _is_arson(facts)
    )
    if minor:
        exceptions = codes & {"vulnerable", "persistently_targeted"}
        if facts.flags.get("hate_crime"):
            exceptions.add("hate crime")
        if not exceptions:
            return AutoReferral.NOT_AUTOMATIC, (
                f"{facts.crime_category} is not referred automatically unless the victim is "
                "vulnerable, persistently targeted, a hate-crime victim or asks"
            )
        because = " and ".join(sorted(e.replace("_", " ") for e in exceptions))
        return AutoReferral.REFER, (
            f"{facts.crime_category} is referred because the victim is {because}; "
            "the victim has not objected"
        )
    return AutoReferral.REFER, "Opt-out route: details pass unless the victim objects"


def entitle(facts: VictimFacts, values: RuleValues = RuleValues()) -> Entitlement:
    """The victim's entitlement under the Victims' Code, with every reason."""
    if facts.victim_kind == "business":
        reasons: tuple[Reason, ...] = ()
        level = Level.BUSINESS
    else:
        reasons = enhanced_reasons(facts, values)
        level = Level.ENHANCED if reasons else Level.STANDARD
    referral, referral_reason = auto_referral(facts, reasons, values)
    due, due_reason = contact_deadline(facts.reported_at, values)
    return Entitlement(
        level=level,
        reasons=reasons,
        auto_referral=referral,
        auto_referral_reason=referral_reason,
        contact_due_by=due,
        contact_due_reason=due_reason,
        update_within_working_days=(
            0
            if not facts.reported_to_police
            else values.update_working_days_enhanced
            if level == Level.ENHANCED
            else values.update_working_days_standard
        ),
    )
