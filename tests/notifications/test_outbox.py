"""The outbox through GOV.UK Notify's own client, against a stand-in Notify on loopback:
retries with backoff, the idempotency key as Notify's reference, and messages in doubt."""

import datetime
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from tests.justice.conftest import update
from victimcare.justice.feed import parse_update
from victimcare.justice.services.updates import justice_update_record
from victimcare.notifications.delivery import outbox_deliver, outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


class FakeNotify(BaseHTTPRequestHandler):
    """Answers as GOV.UK Notify's API does; `fail_next` answers 500 that many times."""

    received: list[dict] = []
    fail_next = 0

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        assert self.headers["Authorization"].startswith("Bearer ")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeNotify.fail_next:
            FakeNotify.fail_next -= 1
            self._answer(500, {"errors": [{"error": "Exception", "message": "Internal error"}]})
            return
        FakeNotify.received.append({"path": self.path, **body})
        self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})

    def do_GET(self) -> None:
        reference = parse_qs(urlparse(self.path).query).get("reference", [""])[0]
        found = [
            {"reference": r["reference"]}
            for r in FakeNotify.received
            if r.get("reference") == reference
        ]
        self._answer(200, {"notifications": found, "links": {}})


@pytest.fixture
def notify(settings):
    FakeNotify.received, FakeNotify.fail_next = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MESSAGE_BACKEND = "notify"
    settings.NOTIFY_API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NOTIFY_UPDATE_EMAIL_TEMPLATE = str(uuid.uuid4())
    settings.NOTIFY_UPDATE_SMS_TEMPLATE = str(uuid.uuid4())
    yield FakeNotify
    server.shutdown()


@pytest.fixture
def message(two_victims):
    justice_update_record(parse_update(update(event="suspect_arrested", victim_reference="V1")))
    return OutboxMessage.objects.get()


def test_a_failed_send_is_retried_after_its_backoff_and_sent_once(notify, message) -> None:
    notify.fail_next = 1
    failed = outbox_deliver(message_id=message.pk)
    assert (failed.status, failed.attempts, failed.last_error) == (
        "failed",
        1,
        "GOV.UK Notify answered 500",
    )
    assert failed.next_attempt_at - timezone.now() > datetime.timedelta(seconds=25)
    assert outbox_deliver(message_id=message.pk).status == "failed"  # not due yet: untouched
    assert OutboxMessage.objects.get().attempts == 1
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    sent = outbox_deliver(message_id=message.pk)
    assert (sent.status, sent.attempts, sent.channel) == ("sent", 2, "email")
    [received] = notify.received
    assert received["path"] == "/v2/notifications/email"
    assert received["reference"] == str(message.idempotency_key)
    assert received["email_address"] == "amelia.hart@example.org"
    assert "arrested" in received["personalisation"]["message"]
    assert outbox_deliver(message_id=message.pk).status == "sent"
    assert len(notify.received) == 1


def test_a_message_whose_worker_died_after_notify_took_it_is_not_sent_again(
    notify, message
) -> None:
    outbox_deliver(message_id=message.pk)  # Notify has it ...
    # ... but the worker died before recording that: the row still says "sending".
    OutboxMessage.objects.update(
        status="sending",
        sent_at=None,
        claimed_until=timezone.now() + datetime.timedelta(seconds=60),
    )
    assert outbox_sweep() == 0  # within its lease another worker may still be sending it
    OutboxMessage.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    outbox_sweep()
    assert OutboxMessage.objects.get().status == "sent"
    assert len(notify.received) == 1


def test_a_message_whose_worker_died_before_sending_is_sent_once(notify, message) -> None:
    OutboxMessage.objects.update(
        status="sending", attempts=1, claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    outbox_sweep()
    assert OutboxMessage.objects.get().status == "sent"
    assert len(notify.received) == 1


def test_a_message_gives_up_after_its_last_attempt(notify, message, settings) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 2
    notify.fail_next = 5
    outbox_deliver(message_id=message.pk)
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    gave_up = outbox_deliver(message_id=message.pk)
    assert (gave_up.status, gave_up.attempts) == ("gave_up", 2)
    assert gave_up.get_status_display() == "Failed (needs a person)"
