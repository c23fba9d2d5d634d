"""The justice journey's Victims' Code duties: table-driven, each with its reason."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.working_days import is_working_day
from victimcare.justice.rules import (
    CodeArea,
    DutyKind,
    EventFacts,
    VictimContext,
    duties_for_event,
    ends_investigation,
    needs_approval,
    review_duties,
    review_window_closes,
)

LONDON = ZoneInfo("Europe/London")
ENHANCED = VictimContext(update_working_days=1, enhanced_reasons=("serious_crime",))
STANDARD = VictimContext(update_working_days=5)


def at(day: str, time: str = "10:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


def by_kind(duties):
    return {duty.kind: duty for duty in duties}


def test_an_enhanced_victim_hears_of_a_charge_on_christmas_eve_by_the_29th() -> None:
    duties = by_kind(duties_for_event(EventFacts("suspect_charged", at("2026-12-24")), ENHANCED))
    tell = duties[DutyKind.TELL_VICTIM]
    assert tell.due_on == datetime.date(2026, 12, 29)  # Fri 25 and Mon 28 are bank holidays
    assert tell.area == CodeArea.UPDATES
    assert "1 working day" in tell.reason and "enhanced" in tell.reason
    # A charge also brings the offer of a Victim Personal Statement, on the same deadline.
    assert duties[DutyKind.VPS_OFFER].due_on == datetime.date(2026, 12, 29)
    assert duties[DutyKind.VPS_OFFER].area == CodeArea.VPS


def test_a_standard_victim_hears_of_the_same_charge_by_5_january() -> None:
    tell = duties_for_event(EventFacts("suspect_charged", at("2026-12-24")), STANDARD)[0]
    assert tell.due_on == datetime.date(2027, 1, 5)  # New Year's Day is a bank holiday
    assert "5 working days" in tell.reason


@pytest.mark.parametrize(
    ("facts", "victim", "expected"),
    [
        # Victim Contact Scheme: violent or sexual, 12 months or more, or a hospital order.
        (
            EventFacts("sentence", at("2026-03-02"), custodial_months=14),
            VictimContext(5, violent_or_sexual=True),
            True,
        ),
        (
            EventFacts("sentence", at("2026-03-02"), custodial_months=12),
            VictimContext(5, violent_or_sexual=True),
            True,
        ),
        (
            EventFacts("sentence", at("2026-03-02"), custodial_months=11),
            VictimContext(5, violent_or_sexual=True),
            False,
        ),
        (
            EventFacts("sentence", at("2026-03-02"), hospital_order=True),
            VictimContext(5, violent_or_sexual=True),
            True,
        ),
        (
            EventFacts("sentence", at("2026-03-02"), custodial_months=36),
            VictimContext(5, violent_or_sexual=False),
            False,
        ),
        (
            EventFacts("verdict", at("2026-03-02"), custodial_months=36),
            VictimContext(5, violent_or_sexual=True),
            False,
        ),
    ],
)
def test_the_victim_contact_scheme_follows_offence_and_sentence(facts, victim, expected) -> None:
    duties = by_kind(duties_for_event(facts, victim))
    assert (DutyKind.VCS_REFERRAL in duties) is expected
    if expected:
        vcs = duties[DutyKind.VCS_REFERRAL]
        assert vcs.due_on == datetime.date(2026, 3, 30)  # 20 working days after Mon 2 March
        assert "20 working days" in vcs.reason


def test_a_14_month_sentence_for_a_sexual_offence_names_the_sentence_in_its_reason() -> None:
    facts = EventFacts("sentence", at("2026-12-24"), custodial_months=14)
    vcs = by_kind(duties_for_event(facts, VictimContext(1, violent_or_sexual=True)))
    assert "custodial sentence of 14 months" in vcs[DutyKind.VCS_REFERRAL].reason


def test_a_trial_brings_the_witness_service_a_court_visit_and_a_reminder() -> None:
    facts = EventFacts("trial_listed", at("2026-06-01"), hearing_at=at("2026-07-15", "09:30"))
    duties = by_kind(duties_for_event(facts, STANDARD))
    assert duties[DutyKind.TELL_VICTIM].due_on == datetime.date(2026, 6, 8)
    assert duties[DutyKind.WITNESS_SERVICE].due_on == datetime.date(2026, 6, 8)
    # 10 working days before Wed 15 July is Wed 1 July; 2 before is Mon 13 July.
    assert duties[DutyKind.PRE_TRIAL_VISIT].due_on == datetime.date(2026, 7, 1)
    assert duties[DutyKind.HEARING_REMINDER].due_on == datetime.date(2026, 7, 13)
    assert "before the hearing on 15 July 2026" in duties[DutyKind.HEARING_REMINDER].reason


def test_a_hearing_very_soon_is_never_reminded_before_it_was_listed() -> None:
    facts = EventFacts("hearing_listed", at("2026-06-01"), hearing_at=at("2026-06-02"))
    reminder = by_kind(duties_for_event(facts, STANDARD))[DutyKind.HEARING_REMINDER]
    assert reminder.due_on == datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("reasons", "special_measures"),
    [
        (("vulnerable",), True),
        (("intimidated", "serious_crime"), True),
        (("serious_crime",), False),
        ((), False),
    ],
)
def test_special_measures_are_considered_for_vulnerable_and_intimidated_victims(
    reasons, special_measures
) -> None:
    victim = VictimContext(1 if reasons else 5, enhanced_reasons=reasons)
    duties = by_kind(duties_for_event(EventFacts("suspect_charged", at("2026-06-01")), victim))
    assert (DutyKind.SPECIAL_MEASURES in duties) is special_measures


def test_an_offenders_release_is_an_advance_notice_duty_and_waits_for_approval() -> None:
    duties = duties_for_event(EventFacts("offender_release_date", at("2026-06-01")), ENHANCED)
    assert [d.kind for d in duties] == [DutyKind.RELEASE_NOTICE]
    assert duties[0].area == CodeArea.RELEASE and duties[0].due_on == datetime.date(2026, 6, 2)
    assert needs_approval("offender_release_date")
    assert needs_approval("no_further_action") and not needs_approval("suspect_charged")
    assert not needs_approval("no_further_action", RuleValues(approval_events=()))


def test_the_right_to_review_window_and_its_deadlines() -> None:
    assert review_window_closes(datetime.date(2026, 1, 31), RuleValues()) == datetime.date(
        2026, 4, 30
    )
    acknowledge, decide = review_duties(datetime.date(2026, 3, 2), RuleValues())
    assert (acknowledge.kind, acknowledge.due_on) == (
        DutyKind.REVIEW_ACKNOWLEDGE,
        datetime.date(2026, 3, 16),
    )
    # 30 working days from Mon 2 March: Good Friday (3 April) and Easter Monday (6 April) skip.
    assert (decide.kind, decide.due_on) == (DutyKind.REVIEW_DECISION, datetime.date(2026, 4, 15))


@pytest.mark.parametrize(
    ("event", "ends"),
    [
        ("suspect_charged", True),
        ("no_further_action", True),
        ("not_investigated", True),
        ("suspect_cautioned", True),
        ("case_closed", True),
        ("suspect_arrested", False),
        ("released_on_bail", False),
        ("hearing_listed", False),
    ],
)
def test_which_events_end_the_monthly_investigation_updates(event, ends) -> None:
    assert ends_investigation(event) is ends


@given(
    day=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    within=st.sampled_from([1, 5]),
    event=st.sampled_from(["suspect_arrested", "suspect_charged", "sentence", "trial_listed"]),
)
def test_no_duty_falls_on_a_weekend_or_bank_holiday_or_before_the_event(
    day, hour, within, event
) -> None:
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)
    facts = EventFacts(
        event, moment, hearing_at=moment + datetime.timedelta(days=40), custodial_months=24
    )
    for duty in duties_for_event(facts, VictimContext(within, violent_or_sexual=True)):
        assert duty.due_on >= day
        if duty.kind != DutyKind.HEARING_REMINDER or duty.due_on != day:
            assert is_working_day(duty.due_on), duty
