"""The case lifecycle, safe contact, notes, the timeline and refusing lost updates."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.cases import lifecycle
from victimcare.cases.models import Case, CaseNote, CaseStatus, CaseTransition
from victimcare.cases.safe_contact import SafeContact, contact_refusal, unable_to_contact_due
from victimcare.cases.services import tasks
from victimcare.cases.services.record import case_transition, contact_attempt_record
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase

ALLOWED = {
    (source, move.target) for source, moves in lifecycle.TRANSITIONS.items() for move in moves
}
EXPECTED = {
    ("new", "contacting"),
    ("new", "declined_support"),
    ("new", "transferred_out"),
    ("contacting", "assessed"),
    ("contacting", "unable_to_contact"),
    ("contacting", "declined_support"),
    ("assessed", "supported"),
    ("assessed", "closing"),
    ("assessed", "declined_support"),
    ("supported", "closing"),
    ("supported", "declined_support"),
    ("closing", "closed"),
    ("closing", "supported"),
    ("closed", "reopened"),
    ("unable_to_contact", "reopened"),
    ("declined_support", "reopened"),
    ("reopened", "contacting"),
    ("reopened", "assessed"),
    ("reopened", "supported"),
    # The referral was about someone else (ADR 71): from any open status, and reopened.
    ("new", "sent_in_error"),
    ("contacting", "sent_in_error"),
    ("assessed", "sent_in_error"),
    ("supported", "sent_in_error"),
    ("closing", "sent_in_error"),
    ("reopened", "sent_in_error"),
    ("sent_in_error", "reopened"),
}


def test_the_transition_table_is_exactly_the_lifecycle() -> None:
    assert ALLOWED == EXPECTED
    assert set(lifecycle.TRANSITIONS) == set(CaseStatus.values)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(CaseStatus.values, repeat=2)))
def test_every_pair_is_allowed_or_refused_with_a_reason(source, target) -> None:
    why_not = lifecycle.refusal(source, target)
    if (source, target) in EXPECTED:
        assert why_not is None
    else:
        assert why_not and ("cannot become" in why_not or "already" in why_not)


@pytest.mark.django_db
def test_a_transition_records_who_when_and_why_and_an_invalid_one_is_refused(vco) -> None:
    case = CaseFactory(team=vco.team)
    with pytest.raises(CaseChangeRefused, match="cannot become closed; it can become: contacting"):
        case_transition(case=case, target="closed", reason="done", actor=vco)
    with pytest.raises(CaseChangeRefused, match="Enter why"):
        case_transition(case=case, target="contacting", reason="  ", actor=vco)
    moved = case_transition(case=case, target="contacting", reason="Phoning today", actor=vco)
    assert (moved.from_status, moved.to_status, moved.actor, moved.reason) == (
        "new",
        "contacting",
        vco,
        "Phoning today",
    )
    case.refresh_from_db()
    assert case.status == "contacting" and case.version == 2 and case.closed_at is None
    case_transition(case=case, target="declined_support", reason="Does not want help", actor=vco)
    case.refresh_from_db()
    assert case.closed_at is not None  # retention counts from here
    case_transition(case=case, target="reopened", reason="Called back", actor=vco)
    case.refresh_from_db()
    assert case.closed_at is None and case.transitions.count() == 3


@pytest.mark.django_db
def test_a_second_officer_saving_an_old_version_is_refused_and_told_what_changed(
    client, vco
) -> None:
    colleague = UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=vco.team,
        organisation=vco.organisation,
        first_name="Marek",
        last_name="Zielinski",
    )
    case = CaseFactory(team=vco.team)
    seen_version = case.version
    case_transition(case=case, target="contacting", reason="Marek phoned", actor=colleague)

    client.force_login(vco)
    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"status-version": seen_version, "status-target": "contacting", "status-reason": "Me too"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "changed by Marek Zielinski while you were working on it (status" in html
    assert CaseTransition.objects.filter(case=case).count() == 1
    with pytest.raises(StaleCase):
        contact_attempt_record(
            case=Case.objects.get(pk=case.pk),
            channel="phone",
            outcome="spoke",
            notes="",
            actor=vco,
            expected_version=seen_version,
        )


@pytest.mark.django_db
def test_officers_change_status_contact_and_notes_from_the_case_page(client, vco) -> None:
    case = CaseFactory(team=vco.team, referral__person__safe_to_contact=False)
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Not safe to contact without a safe route agreed" in page
    # The rules are shown again on the contact page, before the officer records anything.
    contact_page = client.get(reverse("cases:contact", args=[case.pk])).content.decode()
    assert "Not safe to contact without a safe route agreed" in contact_page
    assert 'name="contact-channel"' in contact_page

    refused = client.post(
        reverse("cases:contact", args=[case.pk]),
        {"contact-version": 1, "contact-channel": "phone", "contact-outcome": "voicemail"},
    )
    assert "not safe to leave this victim a message" in refused.content.decode()
    client.post(
        reverse("cases:safe-contact", args=[case.pk]),
        {
            "safe-version": 1,
            "safe-agreed_channel": "phone",
            "safe-no_voicemail": "on",
            "safe-safe_times": "Weekdays 10-12",
        },
    )
    case.refresh_from_db()
    assert (case.agreed_channel, case.no_voicemail, case.safe_times) == (
        "phone",
        True,
        "Weekdays 10-12",
    )
    by_sms = client.post(
        reverse("cases:contact", args=[case.pk]),
        {
            "contact-version": case.version,
            "contact-channel": "sms",
            "contact-outcome": "message_sent",
        },
    )
    assert "only by phone" in by_sms.content.decode()
    done = client.post(
        reverse("cases:contact", args=[case.pk]),
        {
            "contact-version": case.version,
            "contact-channel": "phone",
            "contact-outcome": "no_answer",
            "contact-notes": "Rang at 10:15",
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "contacting"  # the first attempt starts contacting
    client.post(reverse("cases:note", args=[case.pk]), {"note-text": "Sister is a safe contact"})
    assert CaseNote.objects.get(case=case).text == "Sister is a safe contact"
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).context["timeline"]
    assert [e.kind for e in timeline] == ["opened", "contact", "status", "note"]


@pytest.mark.django_db
def test_repeated_failed_attempts_make_the_case_unable_to_contact_with_a_letter(vco, settings):
    settings.VCH_CONTACT_MAX_FAILED_ATTEMPTS = 3
    case = CaseFactory(team=vco.team)
    for _ in range(3):
        contact_attempt_record(case=case, channel="phone", outcome="no_answer", notes="", actor=vco)
    case.refresh_from_db()
    assert case.status == "unable_to_contact" and case.closed_at is not None
    last = case.transitions.last()
    assert "3 contact attempts failed within 10 days; send a letter" in last.reason
    assert last.actor is None and last.actor_label == "safe contact rule"
    with pytest.raises(CaseChangeRefused, match="Reopen the case"):
        contact_attempt_record(case=case, channel="phone", outcome="spoke", notes="", actor=vco)


def test_unable_to_contact_counts_failures_in_the_period_since_the_last_success() -> None:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    fail, ok = False, True
    assert unable_to_contact_due([(now - 3 * day, fail)] * 3, now=now, max_failed=3, period_days=10)
    assert not unable_to_contact_due(
        [(now - 20 * day, fail), (now - 2 * day, fail), (now - day, fail)],
        now=now,
        max_failed=3,
        period_days=10,
    )
    assert not unable_to_contact_due(
        [(now - 5 * day, fail), (now - 4 * day, fail), (now - 3 * day, ok), (now - day, fail)],
        now=now,
        max_failed=3,
        period_days=10,
    )


@pytest.mark.parametrize(
    ("rules", "channel", "outcome", "refused"),
    [
        (SafeContact("", False, False, True), "phone", "voicemail", None),
        (
            SafeContact("", True, False, True),
            "phone",
            "voicemail",
            "Never leave this victim a voicemail",
        ),
        (
            SafeContact("", False, True, True),
            "sms",
            "message_sent",
            "Never send this victim a text",
        ),
        (SafeContact("email", False, False, True), "phone", "spoke", "only by email"),
        (SafeContact("", False, False, False), "phone", "spoke", None),
        (SafeContact("", False, False, False), "letter", "message_sent", "not safe to leave"),
        (SafeContact("phone", False, False, False), "phone", "voicemail", None),
    ],
)
def test_safe_contact_rules(rules, channel, outcome, refused) -> None:
    why_not = contact_refusal(rules, channel=channel, outcome=outcome)
    assert (why_not is None) if refused is None else (refused in why_not)


@pytest.mark.django_db
def test_unable_to_contact_puts_a_letter_task_on_the_list_only_where_writing_is_safe(vco):
    safe = CaseFactory(team=vco.team, officer=vco, referral__person__address_line_1="1 High St")
    unsafe = CaseFactory(team=vco.team, officer=vco, referral__person__safe_to_contact=False)
    for case in (safe, unsafe):
        for _ in range(3):
            contact_attempt_record(
                case=case, channel="phone", outcome="no_answer", notes="", actor=vco
            )
    assert list(safe.tasks.values_list("kind", flat=True)) == ["letter"]
    assert not unsafe.tasks.exists()
    assert "do not write" in unsafe.transitions.last().reason


@pytest.mark.django_db
def test_an_officer_adds_a_follow_up_to_their_list(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco)
    client.force_login(vco)
    url = reverse("cases:follow-up", args=[case.pk])
    past = client.post(url, {"follow-title": "Ring back", "follow-due_on": "2020-01-01"})
    assert "The date must be today or later" in past.content.decode()
    client.post(url, {"follow-title": "Ring back about court", "follow-due_on": "2099-01-01"})
    task = case.tasks.get()
    assert (task.kind, task.assigned_to, task.due_on.year) == ("follow_up", vco, 2099)
    assert "Ring back about court" in client.get(reverse("cases:tasks")).content.decode()


@pytest.mark.django_db
def test_a_change_to_a_case_says_what_changed_and_a_refused_one_does_not(client, vco) -> None:
    case = CaseFactory(team=vco.team)
    client.force_login(vco)
    added = client.post(
        reverse("cases:note", args=[case.pk]), {"note-text": "Prefers mornings"}, follow=True
    )
    html = added.content.decode()
    assert "govuk-notification-banner--success" in html and "Note added" in html
    # The banner is shown once: the next page has none.
    again = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Note added" not in again
    refused = client.post(reverse("cases:note", args=[case.pk]), {"note-text": ""}, follow=True)
    assert "Note added" not in refused.content.decode()
    assert "There is a problem" in refused.content.decode()


@pytest.mark.django_db
def test_the_attempt_that_ends_a_case_says_so_and_what_is_still_open(client, vco, settings):
    """The safe contact rule ends the case after the officer's last failed attempt: the
    banner says the case is now unable to contact, why, that writing to the victim is on
    its tasks, and how many other tasks stay open (nothing is ended behind their back)."""
    settings.VCH_CONTACT_MAX_FAILED_ATTEMPTS = 2
    case = CaseFactory(team=vco.team, officer=vco, referral__person__address_line_1="1 High St")
    tasks.follow_up_add(
        case=case, title="Ring back after court", due_on=timezone.localdate(), actor=vco
    )
    client.force_login(vco)

    def attempt():
        case.refresh_from_db()
        response = client.post(
            reverse("cases:contact", args=[case.pk]),
            {
                "contact-version": case.version,
                "contact-channel": "phone",
                "contact-outcome": "no_answer",
            },
            follow=True,
        )
        return response.content.decode().replace("&#x27;", "'")

    first = attempt()
    assert "Contact attempt recorded" in first and "now unable to contact" not in first
    last = attempt()
    assert (
        "Contact attempt recorded. The case is now unable to contact: 2 contact attempts failed "
        "within 10 days; send a letter to the victim's address. Writing to the victim is on "
        "the case's tasks. 1 other task still open: mark each done when it is, or reopen the "
        "case if the victim gets in touch."
    ) in " ".join(last.split())
    case.refresh_from_db()
    assert case.status == "unable_to_contact"
    assert case.tasks.get(kind="follow_up").is_open  # answered by the officer, not the rule
