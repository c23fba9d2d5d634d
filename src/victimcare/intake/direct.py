"""Referrals made on a form by a person (a partner's referral, a victim's own), not by a feed.

Their key belongs to the hub, never to the person typing: (the form's source, a reference
the hub makes, "V1"). A crime reference the person typed is kept as data for the officer
(`Referral.given_crime_reference`) and never decides which record is written, so a second
referral quoting the same crime reference is a new referral, never an update of someone
else's; repeat-victim linkage then decides whether it is the same person. A form referral
only ever creates: if the hub's reference were already taken, the write is undone and a
new reference drawn (ADR 0031).
"""

from collections.abc import Mapping

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.cases.services.record import case_safe_contact_from_referral
from victimcare.core.references import reference_characters
from victimcare.intake.services import Outcome, referral_receive_from_feed
from victimcare.referrals.feed import parse_row
from victimcare.referrals.feed_values import FieldError, RowInvalid
from victimcare.referrals.models import PoliceReport, Referral

SELF_REFERRAL_SOURCE = "self-referral"
VICTIM_REFERENCE = "V1"
_TRIES = 3
GIVEN_REFERENCE_MAX = 60


def direct_reference(prefix: str) -> str:
    """A reference the hub makes for a referral made on a form ("SR-" or "PR-" and ten
    characters: 50 random bits)."""
    return f"{prefix}-{reference_characters()}"


class _ReferenceTaken(Exception):
    """The hub's new reference already names a referral: undo and draw another."""


def referral_create_from_form(
    *,
    values: Mapping[str, str],
    source: str,
    prefix: str,
    channel: str,
    given_crime_reference: str = "",
    police_report: str = PoliceReport.REPORTED,
    actor: User | None = None,
    actor_label: str = "",
    no_voicemail: bool = False,
) -> Referral:
    """Create one referral from a form's answers in feed v1 form, under a key the hub makes.

    Any key columns in `values` are ignored. Raises RowInvalid naming each field at fault;
    never updates a stored referral. A crime the form says was never reported to the police
    owes no updates on police decisions (`update_within_working_days` 0). `no_voicemail`:
    the person asked for no voicemail (the portal's "Is it safe to leave you a message?"
    No); their case's safe-contact rules say so from the start, as an officer's "Never
    leave a voicemail" would."""
    if police_report not in PoliceReport.values:
        raise RowInvalid(
            [FieldError("police_report", "is not reported, not_reported or not_known")]
        )
    if len(given_crime_reference) > GIVEN_REFERENCE_MAX:
        raise RowInvalid(
            [FieldError("crime_reference", f"is longer than {GIVEN_REFERENCE_MAX} characters")]
        )
    for _ in range(_TRIES):
        row = {
            **values,
            "source": source,
            "crime_reference": direct_reference(prefix),
            "victim_reference": VICTIM_REFERENCE,
        }
        record = parse_row(row)
        try:
            with transaction.atomic():
                referral, outcome = referral_receive_from_feed(
                    record=record, actor=actor, actor_label=actor_label, channel=channel
                )
                if outcome is not Outcome.CREATED:
                    raise _ReferenceTaken
                if given_crime_reference:
                    referral.given_crime_reference = given_crime_reference
                    referral.save(update_fields=["given_crime_reference"])
                if police_report != PoliceReport.REPORTED:
                    _police_report_record(referral, police_report)
                if no_voicemail:
                    # "A voicemail or a text that someone else might see": neither is left.
                    case_safe_contact_from_referral(
                        case=referral.case, no_voicemail=True, no_sms=True
                    )
        except _ReferenceTaken:
            continue
        return referral
    raise RuntimeError("no free reference after three draws")  # 50 random bits each


def _police_report_record(referral: Referral, police_report: str) -> None:
    """What the form said about the police, and, for a crime never reported, no duty to
    update the victim on police decisions (as the entitlement rules derive it again)."""
    referral.police_report = police_report
    fields = ["police_report"]
    if police_report == PoliceReport.NOT_REPORTED:
        referral.update_within_working_days = 0
        fields.append("update_within_working_days")
    referral.save(update_fields=fields)
