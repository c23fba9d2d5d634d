"""Track my case: the one-time code, its expiry and lockout, identical answers, messages."""

import datetime
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory
from victimcare.feedback.models import CaseMessage, TrackingCode
from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
DOB = datetime.date(1990, 3, 27)


def ask(client, reference: str, dob: datetime.date = DOB):
    return client.post(
        reverse("feedback:track"),
        {
            "reference": reference,
            "dob_day": dob.day,
            "dob_month": dob.month,
            "dob_year": dob.year,
        },
    )


def sent_code(caplog) -> str:
    message = OutboxMessage.objects.filter(kind="tracking_code").latest("id")
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=message.pk)
    return re.findall(r"tracking code for case \d+ by \w+: (\d{6})", caplog.text)[-1]


@pytest.fixture
def case(vco):
    return CaseFactory(
        team=vco.team,
        officer=vco,
        referral__person__date_of_birth=DOB,
        referral__person__email="v@example.org",
    )


def test_a_victim_follows_their_case_and_messages_their_officer(client, case, vco, caplog):
    response = ask(client, case.reference.lower())
    assert response["Location"] == reverse("feedback:track-code")
    code = sent_code(caplog)
    sent = OutboxMessage.objects.get(kind="tracking_code")
    assert sent.status == "sent" and sent.payload["code"] == ""  # the outbox forgets the code
    page = client.post(reverse("feedback:track-code"), {"code": code})
    assert page["Location"] == reverse("feedback:track-case")
    mine = client.get(page["Location"]).content.decode()
    assert case.reference in mine and vco.first_name in mine
    assert vco.last_name not in mine  # the officer's first name only
    from victimcare.cases.services.record import case_note_add

    case_note_add(case=case, text="Court date set for 3 March", actor=vco, shared_with_victim=True)
    case_note_add(case=case, text="Suspect's address is 4 Mill Lane", actor=vco)
    mine = client.get(page["Location"]).content.decode()
    assert "Court date set for 3 March" in mine and "Mill Lane" not in mine
    client.post(reverse("feedback:track-case"), {"text": "Can we talk on Friday?"})
    assert CaseMessage.objects.get().from_victim

    client.force_login(vco)
    staff = client.get(reverse("cases:timeline", args=[case.pk]))
    assert "Can we talk on Friday?" in staff.content.decode()
    # The message waits on the officer's list until they answer it.
    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Reply to the victim&#x27;s message" in overview
    task = case.tasks.get(kind="reply_message", done_at__isnull=True)
    assert task.assigned_to == case.officer
    client.post(reverse("cases:message", args=[case.pk]), {"message-text": "Yes, at 10am"})
    reply = CaseMessage.objects.get(from_victim=False)
    assert reply.author == vco and reply.text == "Yes, at 10am"
    task.refresh_from_db()
    assert task.done_by == vco and task.outcome == "Replied by secure message"


def test_the_answer_is_the_same_whether_or_not_the_reference_exists(client, case) -> None:
    real = ask(client, case.reference)
    real_page = client.get(real["Location"]).content
    client.cookies.clear()
    made_up = ask(client, "VC-NOSUC-HCASE")
    made_up_page = client.get(made_up["Location"]).content
    wrong_dob = ask(client, case.reference, datetime.date(1991, 1, 1))
    assert real["Location"] == made_up["Location"] == wrong_dob["Location"]
    strip = lambda html: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)  # noqa: E731
    assert strip(real_page) == strip(made_up_page)
    assert TrackingCode.objects.count() == 3  # the same work either way
    assert OutboxMessage.objects.filter(kind="tracking_code").count() == 1  # only a match sends


def test_codes_expire_after_ten_minutes_and_lock_after_five_wrong_tries(client, case, caplog):
    ask(client, case.reference)
    code = sent_code(caplog)
    for _ in range(5):
        wrong = client.post(
            reverse("feedback:track-code"), {"code": "000000" if code != "000000" else "111111"}
        )
        assert "The code is not right" in wrong.content.decode()
    locked = client.post(reverse("feedback:track-code"), {"code": code})
    assert "Too many wrong codes" in locked.content.decode()

    ask(client, case.reference)
    code = sent_code(caplog)
    TrackingCode.objects.filter(used_at__isnull=True, failed_attempts=0).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = client.post(reverse("feedback:track-code"), {"code": code})
    assert "This code has expired" in expired.content.decode()
    assert client.get(reverse("feedback:track-case"))["Location"] == reverse("feedback:track")


def test_the_victim_reads_police_and_court_updates_but_not_one_awaiting_approval(
    client, case, vco, caplog
) -> None:
    from django.db import transaction

    from victimcare.justice.feed import parse_update
    from victimcare.justice.services.updates import justice_update_record

    case.status = "supported"
    case.save()
    for event in ("suspect_charged", "offender_release_date"):
        with transaction.atomic():
            justice_update_record(
                parse_update(
                    {
                        "source": case.referral.source,
                        "crime_reference": case.referral.crime_reference,
                        "victim_reference": "V1",
                        "event": event,
                        "event_at": "2026-10-05T10:00",
                    }
                )
            )
    ask(client, case.reference)
    client.post(reverse("feedback:track-code"), {"code": sent_code(caplog)})
    mine = client.get(reverse("feedback:track-case")).content.decode()
    assert "The suspect has been charged." in mine
    assert "release" not in mine  # waits for the officer's approval
    client.post(reverse("portal:set-language"), {"language": "cy", "next": "/track/case/"})
    welsh = client.get(reverse("feedback:track-case")).content.decode()
    assert "Mae&#x27;r sawl a amheuir wedi cael ei gyhuddo." in welsh
    assert "Gan yr heddlu a'r llysoedd" in welsh
