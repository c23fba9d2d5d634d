"""Track my case: reference and date of birth, then a one-time code by a safe channel.

Every request does the same work and gets the same answer whether or not the details
match: a code row is written either way (bound to no case when nothing matched), so
neither the message nor the time says whether a reference exists. Codes expire after
10 minutes and lock after 5 wrong tries.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.messages import case_channel
from victimcare.cases.models import Case, CaseStatus, TaskKind
from victimcare.cases.services.tasks import task_complete, task_open
from victimcare.entitlements.working_days import add_working_days
from victimcare.feedback.models import CaseMessage, TrackingCode
from victimcare.notifications.delivery import outbox_enqueue
from victimcare.notifications.models import OutboxMessage, OutboxStatus

CODE_MINUTES = 10
MAX_TRIES = 5


def _digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def tracking_code_request(*, reference: str, date_of_birth: datetime.date) -> int:
    """Start a sign-in to Track my case; returns the id of the attempt (for the session)."""
    # The date of birth this case's own referral gave: a case joined to another referral's
    # person (repeat-victim linkage) is still found by its victim's own details (ADR 38).
    case = (
        Case.objects.select_related("person", "referral__victim")
        .filter(reference=reference.strip().upper(), referral__victim__date_of_birth=date_of_birth)
        .first()
    )
    if case is not None and case_channel(case) is None:
        case = None  # no safe way to send a code: the same as no match
    code = f"{secrets.randbelow(10**6):06d}"
    attempt = TrackingCode.objects.create(
        case=case,
        code_digest=_digest(code),
        expires_at=timezone.now() + datetime.timedelta(minutes=CODE_MINUTES),
    )
    if case is not None:
        outbox_enqueue(
            kind="tracking_code",
            destination=case_channel(case) or "",
            payload={"tracking_code_id": attempt.pk, "code": code, "case_id": case.pk},
            related_type="cases.case",
            related_id=case.pk,
            case=case,
        )
    return attempt.pk


# A case sent in error (ADR 71): the person its referral named is not the victim.
SENT_IN_ERROR_REFUSAL = (
    "This case was sent in error: nothing is sent to the person its referral named"
)


class CodeRefused(Exception):
    pass


def tracking_code_check(*, attempt_id: int, code: str) -> Case:
    """The case, if the code is right, in time, and not locked; CodeRefused otherwise.

    A wrong try is counted in its own committed transaction: the refusal must not roll
    the count back, or the lockout would never come."""
    refusal = ""
    with transaction.atomic():
        attempt = TrackingCode.objects.select_for_update().filter(pk=attempt_id).first()
        if attempt is None or attempt.used_at is not None:
            refusal = "This code has been used or is not right. Ask for a new one."
        elif attempt.failed_attempts >= MAX_TRIES:
            refusal = "Too many wrong codes. Ask for a new code."
        elif attempt.expires_at < timezone.now():
            refusal = "This code has expired. Codes last 10 minutes: ask for a new one."
        elif attempt.case_id is None or not hmac.compare_digest(attempt.code_digest, _digest(code)):
            attempt.failed_attempts += 1
            attempt.save(update_fields=["failed_attempts"])
            left = MAX_TRIES - attempt.failed_attempts
            refusal = "The code is not right." + (
                f" You can try {left} more times." if left else ""
            )
        else:
            attempt.used_at = timezone.now()
            attempt.save(update_fields=["used_at"])
            audit_event_record(
                action=AuditAction.TRACKING_SIGNED_IN, obj=attempt, actor_label="public portal"
            )
    if refusal:
        raise CodeRefused(refusal)
    assert attempt is not None and attempt.case is not None
    return attempt.case


# The same reply posted twice this soon (a double click, a resend after a slow page) is one.
DUPLICATE_REPLY_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def message_send(
    *, case: Case, text: str, from_victim: bool, author: User | None = None
) -> CaseMessage:
    """A secure message on the case. One from the victim puts "reply" on the named officer's
    task list (once while unanswered, due the next working day); the officer's reply ticks
    it off and tells the victim, by their safe channel, that a reply waits in Track my case
    (a link, never the words). The same reply sent twice is kept, and notified, once."""
    if not text.strip():
        raise CodeRefused("Write your message")
    status = (  # one message at a time
        Case.objects.select_for_update().filter(pk=case.pk).values_list("status", flat=True).first()
    )
    if status == CaseStatus.SENT_IN_ERROR and not from_victim:
        raise CodeRefused(SENT_IN_ERROR_REFUSAL)
    if author is not None and not from_victim:
        repeat = _repeated_reply(case, author, text.strip())
        if repeat is not None:
            return repeat
    message = CaseMessage.objects.create(
        case=case, from_victim=from_victim, text=text.strip(), author=author
    )
    audit_event_record(
        action=AuditAction.CASE_MESSAGE_FROM_VICTIM
        if from_victim
        else AuditAction.CASE_MESSAGE_TO_VICTIM,
        obj=case,
        actor_label="public portal" if from_victim else "",
    )
    waiting = case.tasks.filter(
        kind=TaskKind.REPLY_TO_MESSAGE, done_at__isnull=True, ended_at__isnull=True
    )
    if from_victim and not waiting.exists():
        task_open(
            case=case,
            kind=TaskKind.REPLY_TO_MESSAGE,
            title=TaskKind.REPLY_TO_MESSAGE.label,
            due_on=add_working_days(timezone.localdate(), 1),
        )
    elif author is not None:
        for task in waiting:
            task_complete(task=task, outcome="Replied by secure message", actor=author)
    if not from_victim:
        _reply_notify(case, message)
    return message


def _repeated_reply(case: Case, author: User, text: str) -> CaseMessage | None:
    """The officer's same reply, just sent, if this is it again (nothing came in between)."""
    last = case.messages.order_by("-sent_at", "-pk").first()
    if (
        last is not None
        and not last.from_victim
        and last.author_id == author.pk
        and last.text == text
        and last.sent_at >= timezone.now() - DUPLICATE_REPLY_WINDOW
    ):
        return last
    return None


def _reply_notify(case: Case, message: CaseMessage) -> None:
    """Tell the victim a reply waits, unless a notice not yet sent already says so."""
    unsent = OutboxMessage.objects.filter(
        case=case,
        kind="reply_notification",
        status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.SENDING],
    )
    if unsent.exists():
        return
    outbox_enqueue(
        kind="reply_notification",
        destination=case_channel(case) or "",
        payload={"case_id": case.pk, "case_message_id": message.pk},
        related_type="feedback.casemessage",
        related_id=message.pk,
        case=case,
    )
