"""Each change on a case's justice page ends with a GOV.UK success banner saying what
changed (issue #18 item 5); a refused change shows none."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.justice.conftest import update
from victimcare.justice.feed import parse_update
from victimcare.justice.models import RestorativeJustice, RightToReview
from victimcare.justice.services.updates import justice_update_record

pytestmark = pytest.mark.django_db


def test_every_justice_change_says_what_changed(client, vco, two_victims) -> None:
    case = two_victims["V1"]
    justice_update_record(parse_update(update(event="suspect_charged")))
    client.force_login(vco)
    court = client.post(
        reverse("justice:court", args=[case.pk]),
        {
            "court-personal_statement": "made",
            "court-special_measures": "applied_for",
            "court-pre_trial_visit": "not_offered",
        },
        follow=True,
    )
    assert success_banners(court) == ["Court support updated"]

    rj_url = reverse("justice:restorative", args=[case.pk])
    asked = client.post(rj_url, {"rj-requested_on": "2026-11-20"}, follow=True)
    assert success_banners(asked) == ["Restorative justice request recorded"]
    rj = RestorativeJustice.objects.get(case=case)
    step = reverse("justice:restorative-step", args=[case.pk, rj.pk])
    informed = client.post(step, {f"rj{rj.pk}-to_status": "informed"}, follow=True)
    assert success_banners(informed) == ["Restorative justice: information given"]
    refused = client.post(step, {f"rj{rj.pk}-to_status": "assessed"}, follow=True)
    assert success_banners(refused) == []


def test_right_to_review_changes_say_what_changed(
    client, vco, two_victims, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        justice_update_record(
            parse_update(update(event="no_further_action", event_at="2026-11-02T10:00"))
        )
    case = two_victims["V1"]
    review = RightToReview.objects.get(case=case)
    client.force_login(vco)
    asked = client.post(
        reverse("justice:review-request", args=[case.pk, review.pk]),
        {"review-requested_on": "2026-11-16"},
        follow=True,
    )
    assert success_banners(asked) == ["Right to Review request recorded"]
    decided = client.post(
        reverse("justice:review-decision", args=[case.pk, review.pk]),
        {"decision-decision": "upheld"},
        follow=True,
    )
    assert success_banners(decided) == ["Right to Review decision recorded"]
