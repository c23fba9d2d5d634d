"""The justice journey's Victims' Code duties as pure, table-driven functions. No ORM here.

An event from the justice update feed, with what the hub knows of the victim, becomes the
duties the hub owes that victim, each with its deadline and the reason an officer reads.
Numbers come from `RuleValues`, which a deployment configures. docs/domain.md §4.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.working_days import add_working_days, is_working_day

LONDON = ZoneInfo("Europe/London")
DEFAULTS = RuleValues()


class CodeArea:
    """The five areas of the MoJ's quarterly Code compliance return (docs/domain.md §7)."""

    ACKNOWLEDGEMENT = "acknowledgement"
    REFERRAL = "referral_to_support"
    UPDATES = "timely_updates"
    VPS = "vps_offer"
    RELEASE = "release_notice"

    LABELS = {
        ACKNOWLEDGEMENT: "Written acknowledgement of the crime report",
        REFERRAL: "Referral to support services",
        UPDATES: "Timely updates on the case",
        VPS: "Offer of a Victim Personal Statement",
        RELEASE: "Advance notice of an offender's release",
    }


class DutyKind:
    TELL_VICTIM = "tell_victim"
    INVESTIGATION_UPDATE = "investigation_update"
    VPS_OFFER = "vps_offer"
    SPECIAL_MEASURES = "special_measures"
    WITNESS_SERVICE = "witness_service"
    PRE_TRIAL_VISIT = "pre_trial_visit"
    HEARING_REMINDER = "hearing_reminder"
    VCS_REFERRAL = "vcs_referral"
    RELEASE_NOTICE = "release_notice"
    REVIEW_ACKNOWLEDGE = "rtr_acknowledge"
    REVIEW_DECISION = "rtr_decision"
    RJ_INFORMATION = "rj_information"


EVENT_LABELS = {
    "suspect_arrested": "a suspect was arrested",
    "suspect_interviewed": "the suspect was interviewed",
    "released_on_bail": "the suspect was released on bail",
    "released_under_investigation": "the suspect was released under investigation",
    "suspect_charged": "the suspect was charged",
    "suspect_cautioned": "the suspect was cautioned",
    "no_further_action": "no further action will be taken",
    "not_investigated": "the crime will not be investigated",
    "hearing_listed": "a court hearing was listed",
    "trial_listed": "a trial was listed",
    "hearing_outcome": "a hearing took place",
    "verdict": "the court reached a verdict",
    "sentence": "the offender was sentenced",
    "appeal": "an appeal was made",
    "offender_release_date": "the offender's release date was set",
    "case_closed": "the police closed the case",
}
# After these the investigation is over: no more monthly investigation updates are owed.
ENDS_INVESTIGATION = frozenset(
    {"suspect_charged", "suspect_cautioned", "no_further_action", "not_investigated", "case_closed"}
)
# Extra duties an event brings, beyond telling the victim (kind, title).
EXTRA_DUTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "suspect_charged": ((DutyKind.VPS_OFFER, "Offer the victim a Victim Personal Statement"),),
    "trial_listed": (
        (DutyKind.WITNESS_SERVICE, "Refer the victim to the Witness Service"),
        (DutyKind.PRE_TRIAL_VISIT, "Offer a pre-trial visit to the court"),
        (DutyKind.HEARING_REMINDER, "Remind the victim of the trial date"),
    ),
    "hearing_listed": ((DutyKind.HEARING_REMINDER, "Remind the victim of the hearing date"),),
}
AREA_OF_KIND = {
    DutyKind.TELL_VICTIM: CodeArea.UPDATES,
    DutyKind.INVESTIGATION_UPDATE: CodeArea.UPDATES,
    DutyKind.HEARING_REMINDER: CodeArea.UPDATES,
    DutyKind.VPS_OFFER: CodeArea.VPS,
    DutyKind.RELEASE_NOTICE: CodeArea.RELEASE,
}
# Enhanced reasons that make special measures at court worth applying for.
SPECIAL_MEASURES_REASONS = frozenset({"vulnerable", "intimidated"})
PRE_TRIAL_VISIT_LEAD = 10  # working days before the trial
REMINDER_LEAD = 2  # working days before a hearing


@dataclass(frozen=True)
class VictimContext:
    """What the duties depend on about one victim of the crime."""

    update_working_days: int  # 1 for enhanced victims, 5 otherwise
    enhanced_reasons: tuple[str, ...] = ()
    violent_or_sexual: bool = False
    incident_type: str = "crime"


@dataclass(frozen=True)
class EventFacts:
    event: str
    event_at: datetime.datetime
    hearing_at: datetime.datetime | None = None
    custodial_months: int | None = None
    hospital_order: bool | None = None


@dataclass(frozen=True)
class DutySpec:
    kind: str
    area: str  # a CodeArea, or blank for duties outside the five areas of the return
    due_on: datetime.date
    title: str
    reason: str


def london_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(LONDON).date()


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The date `days` working days before `day`."""
    current = day
    remaining = days
    while remaining:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def _days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


def vcs_eligible(facts: EventFacts, victim: VictimContext, values: RuleValues) -> bool:
    """Victim Contact Scheme: a violent or sexual offence with a custodial sentence of 12
    months or more (configurable), or a hospital order."""
    if facts.event != "sentence" or not victim.violent_or_sexual:
        return False
    months = facts.custodial_months or 0
    return months >= values.vcs_min_custodial_months or bool(facts.hospital_order)


def duties_for_event(
    facts: EventFacts, victim: VictimContext, values: RuleValues = DEFAULTS
) -> list[DutySpec]:
    """Every duty one justice event brings for one victim, with deadlines and reasons."""
    day = london_day(facts.event_at)
    within = victim.update_working_days
    update_due = add_working_days(day, within)
    label = EVENT_LABELS[facts.event]
    level = "an enhanced victim" if within <= values.update_working_days_enhanced else "a victim"
    code = f"Victims' Code: tell {level} within {_days(within)} of the event"
    duties: list[DutySpec] = []
    if facts.event == "offender_release_date":
        duties.append(
            DutySpec(
                DutyKind.RELEASE_NOTICE,
                CodeArea.RELEASE,
                update_due,
                "Give the victim advance notice of the offender's release",
                f"{code} ({label})",
            )
        )
    else:
        duties.append(
            DutySpec(
                DutyKind.TELL_VICTIM,
                CodeArea.UPDATES,
                update_due,
                f"Tell the victim that {label}",
                code,
            )
        )
    for kind, title in EXTRA_DUTIES.get(facts.event, ()):
        due, reason = update_due, f"{code} ({label})"
        if kind in (DutyKind.HEARING_REMINDER, DutyKind.PRE_TRIAL_VISIT) and facts.hearing_at:
            hearing_day = london_day(facts.hearing_at)
            lead = REMINDER_LEAD if kind == DutyKind.HEARING_REMINDER else PRE_TRIAL_VISIT_LEAD
            due = max(working_days_before(hearing_day, lead), day)
            reason = f"{_days(lead)} before the hearing on {hearing_day:%-d %B %Y}"
        duties.append(DutySpec(kind, AREA_OF_KIND.get(kind, ""), due, title, reason))
    if facts.event == "suspect_charged" and SPECIAL_MEASURES_REASONS & set(victim.enhanced_reasons):
        reasons = " and ".join(sorted(SPECIAL_MEASURES_REASONS & set(victim.enhanced_reasons)))
        duties.append(
            DutySpec(
                DutyKind.SPECIAL_MEASURES,
                "",
                update_due,
                "Consider special measures at court with the victim",
                f"The victim is {reasons}: {code}",
            )
        )
    if vcs_eligible(facts, victim, values):
        sentence = (
            "a hospital order"
            if facts.hospital_order
            else f"a custodial sentence of {facts.custodial_months} months"
        )
        duties.append(
            DutySpec(
                DutyKind.VCS_REFERRAL,
                "",
                add_working_days(day, values.vcs_working_days),
                "Refer the victim to the Victim Contact Scheme",
                f"Violent or sexual offence with {sentence}: refer within "
                f"{_days(values.vcs_working_days)}",
            )
        )
    return duties


def ends_investigation(event: str) -> bool:
    return event in ENDS_INVESTIGATION


def needs_approval(event: str, values: RuleValues = DEFAULTS) -> bool:
    """Sensitive events: the message to the victim waits for an officer's approval."""
    return event in values.approval_events


def next_investigation_update(last: datetime.date, values: RuleValues = DEFAULTS) -> datetime.date:
    """When the next monthly investigation update is due, counting from the last one."""
    return last + relativedelta(months=values.investigation_update_months)


def review_window_closes(no_further_action_on: datetime.date, values: RuleValues) -> datetime.date:
    """Police Right to Review: the victim may ask within 3 months (configurable)."""
    return no_further_action_on + relativedelta(months=values.right_to_review_months)


def review_duties(requested_on: datetime.date, values: RuleValues) -> list[DutySpec]:
    """A review request: acknowledge within 10 working days, decide within 30."""
    return [
        DutySpec(
            DutyKind.REVIEW_ACKNOWLEDGE,
            "",
            add_working_days(requested_on, values.review_acknowledge_working_days),
            "Acknowledge the victim's request for a review",
            f"Right to Review: acknowledge within "
            f"{_days(values.review_acknowledge_working_days)} of the request",
        ),
        DutySpec(
            DutyKind.REVIEW_DECISION,
            "",
            add_working_days(requested_on, values.review_decision_working_days),
            "Tell the victim the review decision",
            f"Right to Review: decide within "
            f"{_days(values.review_decision_working_days)} of the request",
        ),
    ]


def restorative_justice_information_due(
    requested_on: datetime.date, update_working_days: int
) -> datetime.date:
    """Information about restorative justice: within 1 (enhanced) or 5 working days."""
    return add_working_days(requested_on, update_working_days)
