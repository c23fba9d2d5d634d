"""Logs are JSON lines an operator's tools can read, and never carry personal data."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.urls import reverse

from victimcare.operations.logs import JsonFormatter, NoAddressFilter, request_id


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Every line the hub logs, formatted as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(NoAddressFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_a_line_is_one_json_object_with_the_request_id_and_extra_fields() -> None:
    record = logging.LogRecord("victimcare.x", logging.INFO, __file__, 1, "case %s", (12,), None)
    record.job = "apply_retention"
    token = request_id.set("req-12345678")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "case 12" and line["level"] == "INFO"
    assert line["request_id"] == "req-12345678" and line["job"] == "apply_retention"
    assert line["time"].endswith("+00:00")


def test_an_exception_is_logged_by_type_and_stack_never_by_its_message() -> None:
    try:
        raise ValueError('duplicate key (email)=(jane.example@example.org) "Jane Example"')
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        import sys

        record.exc_info = sys.exc_info()
    text = JsonFormatter().format(record)
    line = json.loads(text)
    assert line["exception"][0] == "ValueError"
    assert any("test_logs.py" in frame for frame in line["exception"][1:])
    assert "jane" not in text.lower() and "Example" not in text


@pytest.mark.django_db
def test_a_not_found_address_with_a_survey_token_is_logged_by_its_route(
    unverified_client, log_lines
) -> None:
    unverified_client.get("/feedback/s3cr3t-survey-token-abc/")
    unverified_client.get("/no-such-page/zzq-secret-path/")
    text = log_lines.getvalue()
    assert "s3cr3t" not in text and "zzq-secret" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert {"route": "/feedback/<str:token>/", "status": 404} in [
        {"route": line.get("route"), "status": line.get("status")} for line in lines
    ]
    ids = {line["request_id"] for line in lines if line.get("message") == "request"}
    assert len(ids) == 2  # each request its own id, on its lines


@pytest.mark.django_db
def test_the_response_carries_the_request_id_and_keeps_a_callers_plain_one(
    unverified_client,
) -> None:
    given = unverified_client.get("/health/live", headers={"X-Request-ID": "lb-0123456789"})
    assert given["X-Request-ID"] == "lb-0123456789"
    hostile = unverified_client.get("/health/live", headers={"X-Request-ID": 'x"\n{"level":1}'})
    assert len(hostile["X-Request-ID"]) == 32 and hostile["X-Request-ID"].isalnum()


# Outside a test transaction, as web and worker run.
@pytest.mark.django_db(transaction=True)
def test_no_line_of_the_case_work_journey_names_a_demo_victim(
    client, log_lines, questionnaires
) -> None:
    from victimcare.accounts.models import User
    from victimcare.cases.models import Case
    from victimcare.people.models import Person

    call_command("seed_demo", "--referrals", "30")
    officer = User.objects.get(username="vco")
    client.force_login(officer)
    client.get(reverse("cases:queue"))
    client.get(reverse("cases:tasks"))
    cases = list(Case.objects.filter(team=officer.team).select_related("person")[:3])
    assert cases
    for case in cases:
        person = case.person
        for name in ("cases:detail", "cases:support", "cases:timeline"):
            assert client.get(reverse(name, args=[case.pk])).status_code == 200
        client.post(
            reverse("cases:contact", args=[case.pk]),
            {
                "contact-version": case.version,
                "contact-channel": "phone",
                "contact-outcome": "no_answer",
            },
        )
        # Officers write names and numbers in free text: it is kept, encrypted, never logged.
        words = f"Rang {person.given_name} {person.family_name} on {person.phone}"
        note = client.post(reverse("cases:note", args=[case.pk]), {"note-text": words})
        assert note.status_code == 302
        client.post(reverse("cases:message", args=[case.pk]), {"message-text": words})
        client.get(reverse("cases:queue") + f"?page=2&name={person.family_name}")
    call_command("worker", "--batch")  # the messages and tasks the journey queued
    call_command("scheduler", "--once")

    text = log_lines.getvalue()
    assert '"message": "request"' in text and "task finished" in text  # it did log
    secrets = set()
    for person in Person.objects.all():
        secrets |= {person.given_name, person.family_name, person.phone, person.email}
        secrets |= {person.phone.removeprefix("+44"), person.email.split("@")[0]}
    secrets = {value for value in secrets if value and len(value) > 3}
    assert len(secrets) > 50
    leaked = sorted(value for value in secrets if value in text)
    assert leaked == []


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_with_the_request_id_of_the_request_that_queued_it(log_lines) -> None:
    from victimcare.operations.tasks import worker_heartbeat

    token = request_id.set("req-from-the-web-1")
    try:
        queued = worker_heartbeat.enqueue()
    finally:
        request_id.reset(token)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    started = [line for line in lines if line["message"] == "task started"]
    assert len(started) == 1
    assert started[0]["request_id"] == "req-from-the-web-1"
    assert started[0]["task_id"] == str(queued.id)
    queued_line = next(line for line in lines if line["message"] == "task queued")
    assert queued_line["queued_task_id"] == str(queued.id)
    assert request_id.get() == ""  # the worker's next task starts clean


def test_the_console_message_backend_logs_what_was_sent_never_its_words(caplog) -> None:
    from victimcare.notifications.backends import ConsoleBackend, Outgoing

    words = "Dear Ms Okafor, the man who hurt you at 4 Mill Lane was charged today."
    caplog.set_level("INFO", logger="victimcare.notifications.backends")
    ConsoleBackend().send(
        Outgoing(
            key="6f1c0c1e-0000-4000-8000-000000000001",
            what="justice update",
            record="case 12",
            channel="sms",
            email="okafor@example.org",
            phone="07700900123",
            template_id="tmpl-update-sms",
            personalisation={
                "case_reference": "VC-ABC123",
                "message": words,
                "survey_url": "https://hub.example.org/feedback/secret-token/",
            },
        )
    )
    (record,) = caplog.records
    line = JsonFormatter().format(record)
    for private in ("Okafor", "Mill Lane", "charged", "07700900123", "okafor@", "secret-token"):
        assert private not in line
    said = json.loads(line)
    assert said["message"] == (
        "justice update for case 12 by sms (console) template tmpl-update-sms, "
        "message 6f1c0c1e-0000-4000-8000-000000000001"
    )
    assert said["message_key"] == "6f1c0c1e-0000-4000-8000-000000000001"
    assert said["channel"] == "sms" and said["template_id"] == "tmpl-update-sms"
