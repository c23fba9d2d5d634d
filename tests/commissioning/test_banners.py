"""Each change on the commissioner's pages ends with a GOV.UK success banner saying what
changed (issue #18 item 5)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.banners import success_banners
from tests.commissioning.test_performance import lot
from victimcare.commissioning.models import Consultation, ConsultationResponse, ExerciseStage
from victimcare.justice.selectors import Quarter

pytestmark = pytest.mark.django_db


def test_every_commissioning_change_says_what_changed(client, commissioner) -> None:
    client.force_login(commissioner)
    funding = reverse("commissioning:funding")
    added = client.post(
        funding,
        {
            "source-year": "2018",
            "source-kind": "moj_victims_grant",
            "source-name": "Victims Grant",
            "source-amount": "1000",
        },
        follow=True,
    )
    assert success_banners(added) == ["Funding source added: Victims Grant"]
    contract = client.post(
        f"{funding}?year=2018",
        {
            "lot-name": "Advocacy",
            "lot-provider_name": "Care Forum",
            "lot-arrangement": "grant",
            "lot-value_per_year": "5000",
            "lot-starts_on": "2018-04-01",
            "lot-ends_on": "2019-03-31",
            "lot-initial_years": 1,
            "lot-extension_years": 0,
        },
        follow=True,
    )
    assert success_banners(contract) == ["Contract or grant added: Advocacy"]

    cycle = reverse("commissioning:cycle")
    started = client.post(cycle, {"name": "Victim services 2019 to 2024"}, follow=True)
    assert success_banners(started) == [
        "Recommissioning exercise started: Victim services 2019 to 2024"
    ]
    award = ExerciseStage.objects.get(stage="award")
    stage_dates = reverse("commissioning:stage-dates", args=[award.pk])
    dated = client.post(
        stage_dates,
        {
            "planned_on-day": "1",
            "planned_on-month": "12",
            "planned_on-year": "2018",
            "actual_on-day": "14",
            "actual_on-month": "12",
            "actual_on-year": "2018",
        },
        follow=True,
    )
    assert success_banners(dated) == [
        "The dates of Award in Victim services 2019 to 2024 are saved"
    ]
    refused = client.post(
        stage_dates, {"planned_on-day": "1", "planned_on-month": "December"}, follow=True
    )
    assert success_banners(refused) == []

    today = timezone.localdate()
    published = client.post(
        reverse("commissioning:consultations"),
        {
            "title": "Recommissioning victim services",
            "introduction": "Tell us.",
            "questions": "What would help you most?",
            "themes": "Access, Lots",
            "opens_on": str(today - datetime.timedelta(days=1)),
            "closes_on": str(today + datetime.timedelta(days=30)),
            "published": "on",
        },
        follow=True,
    )
    assert success_banners(published) == ["Consultation saved: Recommissioning victim services"]
    consultation = Consultation.objects.get()
    answer = ConsultationResponse.objects.create(consultation=consultation, answers={"1": "x"})
    themed = client.post(
        reverse("commissioning:consultation-responses", args=[consultation.public_id]),
        {"response": answer.pk, "themes": ["Access"]},
        follow=True,
    )
    assert success_banners(themed) == [f"Themes saved for response {answer.pk}"]

    contract = lot(commissioner, name="Modern slavery support", provider_name="Unseen UK")
    target = client.post(
        reverse("commissioning:lot-kpi", args=[contract.pk]),
        {"measure": "satisfied_percent", "target": "85"},
        follow=True,
    )
    [words] = success_banners(target)
    assert words.startswith("Target saved: ")
    quarter = Quarter.containing(today).code
    upload = (
        "quarter,referrals_received,accepted,declined,supported,closed,average_wait_days\n"
        f"{quarter},40,30,10,25,12,2.5\n"
    )
    returned = client.post(
        reverse("commissioning:lot-returns", args=[contract.pk]),
        {"file": SimpleUploadedFile("r.csv", upload.encode())},
    )
    assert success_banners(returned) == ["Return uploaded: 1 quarter saved"]
