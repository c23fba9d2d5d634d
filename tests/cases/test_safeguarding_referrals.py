"""Safeguarding referrals as records: agency, date made, their reference, outcome later and a
follow-up date kept as a task; on the case, in the timeline, audited (#18 item 7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.cases.models import SafeguardingReferral, TaskKind
from victimcare.cases.services.safeguarding import (
    safeguarding_referral_record,
    safeguarding_referral_update,
)
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.cases.timeline import case_timeline

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
NEXT_WEEK = TODAY + datetime.timedelta(days=7)


@pytest.fixture
def case(vco):
    return CaseFactory(team=vco.team, officer=vco)


def date_boxes(name: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"referral-{name}-{p}": "" for p in ("day", "month", "year")}
    return {
        f"referral-{name}-day": str(day.day),
        f"referral-{name}-month": str(day.month),
        f"referral-{name}-year": str(day.year),
    }


def record(case, vco, **values):
    with_defaults = {"agency": "childrens_social_care", "made_on": LAST_WEEK, **values}
    return safeguarding_referral_record(case=case, actor=vco, **with_defaults)


def test_a_referral_is_recorded_meets_its_consider_task_and_sets_a_follow_up(case, vco):
    consider = task_open(
        case=case,
        kind=TaskKind.CHILD_SAFEGUARDING,
        title="Consider a child safeguarding referral",
        due_on=TODAY,
    )
    referral = record(case, vco, their_reference="CSC-2231", follow_up_on=NEXT_WEEK)
    consider.refresh_from_db()
    assert consider.done_at is not None
    assert consider.outcome == f"Referred to Children's social care on {LAST_WEEK:%-d %B %Y}"
    follow = referral.follow_up_task
    assert (follow.kind, follow.due_on, follow.assigned_to) == ("sg_follow_up", NEXT_WEEK, vco)
    assert follow.title == "Follow up the safeguarding referral to Children's social care"
    event = AuditEvent.objects.get(action="case.safeguarding_referral_recorded")
    assert event.data == {"referral_id": referral.pk, "agency": "childrens_social_care"}
    [entry] = [e for e in case_timeline(case) if e.kind == "safeguarding"]
    assert entry.title == "Safeguarding referral to Children's social care"
    assert "their reference CSC-2231" in entry.detail and "outcome not known yet" in entry.detail


def test_the_outcome_comes_later_and_the_follow_up_task_follows_its_date(case, vco):
    referral = record(case, vco, agency="marac", follow_up_on=NEXT_WEEK)
    task = referral.follow_up_task
    later = NEXT_WEEK + datetime.timedelta(days=3)
    safeguarding_referral_update(
        referral=referral,
        actor=vco,
        their_reference="M-7",
        outcome="Heard at MARAC; safety plan agreed",
        follow_up_on=later,
    )
    task.refresh_from_db()
    assert task.due_on == later and task.is_open
    assert case.tasks.filter(kind=TaskKind.SAFEGUARDING_FOLLOW_UP).count() == 1
    event = AuditEvent.objects.get(action="case.safeguarding_referral_updated")
    assert event.data == {
        "referral_id": referral.pk,
        "fields": ["their_reference", "outcome", "follow_up_on"],
    }
    safeguarding_referral_update(
        referral=referral,
        actor=vco,
        their_reference="M-7",
        outcome="Heard at MARAC; safety plan agreed",
        follow_up_on=None,
    )
    task.refresh_from_db()
    assert task.ended_at is not None and task.ended_reason == "Follow-up date taken away"
    with pytest.raises(CaseChangeRefused, match="Nothing has changed"):
        safeguarding_referral_update(
            referral=referral,
            actor=vco,
            their_reference="M-7",
            outcome="Heard at MARAC; safety plan agreed",
            follow_up_on=None,
        )
    assert SafeguardingReferral.objects.get().outcome == "Heard at MARAC; safety plan agreed"


def test_the_officer_records_one_from_the_case_and_sees_it_there(client, vco, case):
    client.force_login(vco)
    support = client.get(reverse("cases:support", args=[case.pk])).content.decode()
    new = reverse("cases:safeguarding-referral-new", args=[case.pk])
    assert f'href="{new}"' in support and "No safeguarding referral has been recorded" in support
    form = client.get(new).content.decode()
    assert "Who was the referral made to?" in form and 'name="referral-made_on-day"' in form
    response = client.post(
        new,
        {
            "referral-agency": "other",
            "referral-agency_other": "Women's Aid refuge",
            **date_boxes("made_on", LAST_WEEK),
            "referral-their_reference": "WA/99",
            **date_boxes("follow_up_on", NEXT_WEEK),
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/support/#safeguarding")
    assert "Safeguarding referral to Women&#x27;s Aid refuge recorded" in page
    assert "WA/99" in page and "Not known yet" in page
    referral = SafeguardingReferral.objects.get(case=case)
    edit = reverse("cases:safeguarding-referral-edit", args=[case.pk, referral.pk])
    assert f'href="{edit}"' in page
    response = client.post(
        edit,
        {
            "referral-their_reference": "WA/99",
            "referral-outcome": "Place offered",
            **date_boxes("follow_up_on", NEXT_WEEK),
        },
        follow=True,
    )
    assert "Safeguarding referral to Women&#x27;s Aid refuge updated" in response.content.decode()
    assert "Place offered" in response.content.decode()
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Safeguarding referral to Women&#x27;s Aid refuge" in timeline
    routes = set(
        AccessLogEntry.objects.filter(object_ids=[str(case.pk)]).values_list("route", flat=True)
    )
    assert {"cases:safeguarding-referral-new", "cases:support"} <= routes


GOOD = {"referral-agency": "police", **date_boxes("made_on", LAST_WEEK)}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {**GOOD, "referral-outcome": "Seen\x00today"},
            "Outcome (optional) contains a null character",
        ),
        (
            {**GOOD, "referral-their_reference": "R" * 61},
            "Their reference must be 60 characters or fewer",
        ),
        ({**GOOD, "referral-agency": "the neighbours"}, "Choose who the referral was made to"),
        ({"referral-agency": "police"}, "Enter the date the referral was made"),
        (
            {
                "referral-agency": "police",
                "referral-made_on-day": "31",
                "referral-made_on-month": "2",
                "referral-made_on-year": "2026",
            },
            "The date the referral was made must be a real date, like 1 12 2026",
        ),
        (
            {
                "referral-agency": "police",
                "referral-made_on-day": "x" * 5000,
                "referral-made_on-month": "1",
                "referral-made_on-year": "2026",
            },
            "The date the referral was made must be a real date",
        ),
        (
            {"referral-agency": "police", **date_boxes("made_on", NEXT_WEEK)},
            "The date the referral was made must be today or in the past",
        ),
        (
            {**GOOD, **date_boxes("follow_up_on", LAST_WEEK - datetime.timedelta(days=1))},
            "The follow-up date must be on or after the date it was made",
        ),
        ({**GOOD, "referral-agency": "other"}, "Enter the name of the agency"),
    ],
)
def test_hostile_or_wrong_input_is_refused_naming_the_field(client, vco, case, data, error):
    client.force_login(vco)
    response = client.post(reverse("cases:safeguarding-referral-new", args=[case.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    # At its field (the summary links to the boxes), never only at the top of the page.
    at_fields = [
        m for name, ms in response.context["form"].errors.items() if name != "__all__" for m in ms
    ]
    assert any(error in message for message in at_fields), response.context["form"].errors
    assert not SafeguardingReferral.objects.exists()


def test_another_teams_officer_cannot_record_or_open_one(client, vco, case, riverside):
    referral = record(case, vco)
    other = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=riverside.organisation
    )
    client.force_login(other)
    new = reverse("cases:safeguarding-referral-new", args=[case.pk])
    edit = reverse("cases:safeguarding-referral-edit", args=[case.pk, referral.pk])
    assert client.get(new).status_code == 404
    assert client.post(edit, {"referral-outcome": "x"}).status_code == 404
    client.force_login(vco)
    elsewhere = CaseFactory(team=vco.team, officer=vco)
    wrong_case = reverse("cases:safeguarding-referral-edit", args=[elsewhere.pk, referral.pk])
    assert client.get(wrong_case).status_code == 404
