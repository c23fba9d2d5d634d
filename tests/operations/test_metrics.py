"""/metrics: Prometheus text for the operator's monitoring, refused without the token."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from victimcare.cases.models import Case, CaseStatus, CaseTask
from victimcare.operations.request_stats import requests_reset

TOKEN = "metrics-token-for-tests-0123456789"


def samples(text: str, name: str) -> dict[str, float]:
    """{labels: value} of one metric in Prometheus text."""
    found = {}
    for line in text.splitlines():
        match = re.match(rf"^{name}(\{{[^}}]*\}})? (\S+)$", line)
        if match:
            found[match[1] or ""] = float(match[2])
    return found


@pytest.mark.django_db
def test_metrics_are_off_without_a_token_configured(unverified_client, settings) -> None:
    settings.VCH_OPS_TOKEN = ""
    assert unverified_client.get("/metrics").status_code == 404
    assert (
        unverified_client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
    )


@pytest.mark.django_db
def test_metrics_are_refused_without_the_token(unverified_client, client, settings) -> None:
    from tests.factories import UserFactory
    from victimcare.accounts.capabilities import Role

    settings.VCH_OPS_TOKEN = TOKEN
    refused = unverified_client.get("/metrics")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    for wrong in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, f"Bearer {TOKEN[:-1]}"):
        assert (
            unverified_client.get("/metrics", headers={"Authorization": wrong}).status_code == 401
        )
    # Being signed in, even as an administrator, is not the token.
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    assert client.get("/metrics").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_metrics_show_the_demos_overdue_duties_per_hub(
    unverified_client, settings, questionnaires
) -> None:
    settings.VCH_OPS_TOKEN = TOKEN
    call_command("seed_demo", "--referrals", "30")
    call_command("scheduler", "--once")  # the monthly investigation updates, among others
    today = timezone.localdate()
    expected: dict[str, list[int]] = {}
    for task in CaseTask.objects.select_related("case__team"):
        if not (task.code_area or task.source_event_id) or task.done_at or task.ended_at:
            continue
        hub = task.case.team.name if task.case.team else "no hub"
        counts = expected.setdefault(hub, [0, 0])
        counts[0] += 1
        counts[1] += task.due_on < today
    # The first contact is a Code duty too, owed while the case is new.
    for case in Case.objects.filter(status=CaseStatus.NEW).select_related("team"):
        counts = expected.setdefault(case.team.name if case.team else "no hub", [0, 0])
        counts[0] += 1
        counts[1] += case.contact_deadline < today
    assert sum(overdue for _, overdue in expected.values()) > 0, "the demo has overdue duties"

    requests_reset()
    unverified_client.get("/health/live")
    response = unverified_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    open_duties = samples(text, "vch_code_duties_open")
    overdue = samples(text, "vch_code_duties_overdue")
    for hub, (n_open, n_overdue) in expected.items():
        assert open_duties[f'{{hub="{hub}"}}'] == n_open
        assert overdue[f'{{hub="{hub}"}}'] == n_overdue
    live = '{route="/health/live",method="GET",status="2xx"}'
    assert samples(text, "vch_http_requests_total")[live] == 1
    buckets = samples(text, "vch_http_request_duration_seconds_bucket")
    assert buckets['{route="/health/live",method="GET",status="2xx",le="+Inf"}'] == 1
    assert samples(text, "vch_import_rows")['{kind="referrals",outcome="created"}'] == 30
    last_success = samples(text, "vch_scheduled_job_last_success_timestamp_seconds")
    assert last_success['{job="investigation_updates"}'] > 0
    assert samples(text, "vch_heartbeat_age_seconds")['{role="scheduler"}'] < 60
    assert "vch_outbox_waiting " in text and "vch_task_queue_depth{" in text
    # Aggregates only: no demo victim's name anywhere.
    from victimcare.people.models import Person

    names = {p.family_name for p in Person.objects.all()} | {
        p.given_name for p in Person.objects.all()
    }
    assert len(names) > 10
    assert not [name for name in names if len(name) > 2 and name in text]


@pytest.mark.django_db
def test_a_first_contact_past_its_deadline_is_an_overdue_code_duty() -> None:
    from tests.factories import CaseFactory, TeamFactory
    from victimcare.operations.selectors import code_duties_by_hub

    today = timezone.localdate()
    team = TeamFactory()
    late = CaseFactory(
        status=CaseStatus.NEW, contact_deadline=today - datetime.timedelta(days=1), team=team
    )
    CaseFactory(
        status=CaseStatus.NEW, contact_deadline=today, team=late.team
    )  # due today: not late
    CaseFactory(
        status=CaseStatus.CONTACTING,
        contact_deadline=today - datetime.timedelta(days=9),
        team=late.team,
    )  # contacted: the duty is met
    (row,) = [r for r in code_duties_by_hub(today=today) if r.hub == late.team.name]
    assert (row.open, row.overdue) == (2, 1)
