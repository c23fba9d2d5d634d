"""Where messages to victims go: GOV.UK Notify, the console, or a file.

Each backend can say whether a message with a given idempotency key has already reached
it. The outbox asks that before sending again a message whose worker died mid-send, so a
retry after a crash never sends a second copy.
"""

import fcntl
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The receiver could not be reached or refused the message; the reason names no person."""


@dataclass(frozen=True)
class Outgoing:
    key: str  # the outbox message's idempotency key (Notify's `reference`)
    what: str  # e.g. "justice update"; never personal data
    record: str  # e.g. "case 12"; never personal data
    channel: str  # "email" or "sms"
    email: str
    phone: str
    template_id: str
    personalisation: dict[str, str]


class MessageBackend(Protocol):
    def send(self, message: Outgoing) -> None: ...

    def already_sent(self, key: str) -> bool: ...


class ConsoleBackend:
    """For `make run` and the tests: the log says what would be sent, never its words.

    Each line names the kind of message, its record (`case 12`), the channel, the template
    and the outbox message's idempotency key; never the text (a justice update's words or
    anything an officer wrote), an address, a number, a name or a survey link. The one
    exception is Track my case's one-time code: a short-lived code, not personal data, that
    the demo and the browser tests read from the console to sign in (production sends it by
    GOV.UK Notify, where no log holds it).
    """

    SHOWN = ("code",)

    def send(self, message: Outgoing) -> None:
        shown = [v for k, v in message.personalisation.items() if k in self.SHOWN]
        logger.info(
            "%s for %s by %s%s (console) template %s, message %s",
            message.what,
            message.record,
            message.channel,
            f": {' | '.join(shown)}" if shown else "",
            message.template_id or "none",
            message.key,
            extra={
                "message_key": message.key,
                "channel": message.channel,
                "template_id": message.template_id,
            },
        )

    def already_sent(self, key: str) -> bool:
        return False  # the console keeps nothing; a crash may log a message twice


class FileBackend:
    """One JSON line a message (key, channel, template, personalisation; no address)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def send(self, message: Outgoing) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {
                "key": message.key,
                "what": message.what,
                "record": message.record,
                "channel": message.channel,
                "template_id": message.template_id,
                "personalisation": message.personalisation,
            }
        )
        with self.path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")
            handle.flush()

    def already_sent(self, key: str) -> bool:
        if not self.path.exists():
            return False
        with self.path.open(encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            for line in handle:
                try:
                    if json.loads(line).get("key") == key:
                        return True
                except ValueError:
                    continue
        return False


class NotifyBackend:
    """GOV.UK Notify, with the idempotency key as each notification's `reference`."""

    def __init__(self, api_key: str, base_url: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=30)

    def send(self, message: Outgoing) -> None:
        from notifications_python_client.errors import HTTPError

        try:
            if message.channel == "email":
                self.client.send_email_notification(
                    email_address=message.email,
                    template_id=message.template_id,
                    personalisation=message.personalisation,
                    reference=message.key,
                )
            else:
                self.client.send_sms_notification(
                    phone_number=message.phone,
                    template_id=message.template_id,
                    personalisation=message.personalisation,
                    reference=message.key,
                )
        except HTTPError as error:
            raise DeliveryFailed(f"GOV.UK Notify answered {error.status_code}") from None
        except OSError as error:
            raise DeliveryFailed(f"GOV.UK Notify unreachable ({type(error).__name__})") from None

    def already_sent(self, key: str) -> bool:
        from notifications_python_client.errors import HTTPError

        try:
            found = self.client.get_all_notifications(reference=key)
        except (HTTPError, OSError) as error:
            raise DeliveryFailed(f"Could not ask GOV.UK Notify ({type(error).__name__})") from None
        return bool(found.get("notifications"))


@cache
def _backend(name: str, api_key: str, base_url: str, path: str) -> MessageBackend:
    if name == "notify":
        if not api_key:
            raise RuntimeError("MESSAGE_BACKEND is notify but NOTIFY_API_KEY is not set")
        return NotifyBackend(api_key, base_url)
    if name == "file":
        return FileBackend(path)
    if name == "console":
        return ConsoleBackend()
    raise RuntimeError(f"Unknown MESSAGE_BACKEND {name!r}: use notify, console or file")


def message_backend() -> MessageBackend:
    return _backend(
        settings.MESSAGE_BACKEND,
        settings.NOTIFY_API_KEY,
        settings.NOTIFY_BASE_URL,
        settings.MESSAGE_FILE,
    )
