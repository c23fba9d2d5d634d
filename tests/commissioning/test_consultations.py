"""Consultations: published by a commissioner, answered on the portal, tagged and exported."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from victimcare.commissioning.models import Consultation, ConsultationResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(client, commissioner):
    client.force_login(commissioner)
    today = timezone.localdate()
    response = client.post(
        reverse("commissioning:consultations"),
        {
            "title": "Recommissioning victim services",
            "title_cy": "Ailgomisiynu gwasanaethau dioddefwyr",
            "introduction": "We want to hear what support should look like.",
            "questions": "Should the services be bought as separate lots?\nWhat would help you most?",
            "questions_cy": "A ddylid prynu'r gwasanaethau fel lotiau ar wahân?\nBeth fyddai'n eich helpu fwyaf?",
            "themes": "Access, Young people, Lots",
            "opens_on": str(today - datetime.timedelta(days=1)),
            "closes_on": str(today + datetime.timedelta(days=30)),
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return Consultation.objects.get()


def test_a_member_of_the_public_answers_and_the_commissioner_reads_tags_and_exports(
    client, commissioner, consultation
) -> None:
    listing = client.get(reverse("consultations")).content.decode()
    assert "Recommissioning victim services" in listing
    url = reverse("consultation", args=[consultation.public_id])
    first, second = consultation.questions.all()
    empty = client.post(url, {})
    assert "Answer at least one question" in empty.content.decode()
    sent = client.post(
        url,
        {
            f"q{first.pk}": "Yes, so small charities can bid",
            f"q{second.pk}": "Evening appointments",
        },
    )
    assert sent["Location"] == reverse("consultation-thanks", args=[consultation.public_id])
    assert ConsultationResponse.objects.get().answers == {
        str(first.pk): "Yes, so small charities can bid",
        str(second.pk): "Evening appointments",
    }

    client.force_login(commissioner)
    page = client.get(
        reverse("commissioning:consultation-responses", args=[consultation.public_id])
    ).content.decode()
    assert "Yes, so small charities can bid" in page and "Evening appointments" in page
    response = ConsultationResponse.objects.get()
    client.post(
        reverse("commissioning:consultation-responses", args=[consultation.public_id]),
        {"response": response.pk, "themes": ["Lots", "Access", "Not a theme"]},
    )
    response.refresh_from_db()
    assert response.themes == ["Lots", "Access"]
    exported = client.get(
        reverse("commissioning:consultation-export", args=[consultation.public_id])
    ).content.decode()
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][2:] == ["themes", first.text, second.text]
    assert rows[1][2:] == [
        "Lots; Access",
        "Yes, so small charities can bid",
        "Evening appointments",
    ]


def test_the_questions_are_in_welsh_for_welsh_readers(client, consultation) -> None:
    client.post(reverse("portal:set-language"), {"language": "cy", "next": "/"})
    page = client.get(reverse("consultation", args=[consultation.public_id])).content.decode()
    assert "Ailgomisiynu gwasanaethau dioddefwyr" in page
    assert "Beth fyddai" in page and "eich helpu fwyaf?" in page


def test_after_the_closing_date_the_form_closes(client, consultation) -> None:
    Consultation.objects.update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("consultation", args=[consultation.public_id])
    page = client.get(url).content.decode()
    assert "This consultation closed on" in page and "<textarea" not in page
    question = consultation.questions.first()
    client.post(url, {f"q{question.pk}": "Too late"})
    assert not ConsultationResponse.objects.exists()
    assert "Recommissioning" not in client.get(reverse("consultations")).content.decode()


def test_an_unpublished_consultation_is_not_found(client, consultation) -> None:
    Consultation.objects.update(published=False)
    assert client.get(reverse("consultation", args=[consultation.public_id])).status_code == 404


def test_the_commissioners_cycle_records_each_stage(client, commissioner) -> None:
    client.force_login(commissioner)
    client.post(reverse("commissioning:cycle"), {"name": "Victim services 2019 to 2024"})
    page = client.get(reverse("commissioning:cycle")).content.decode()
    stages = [
        "Needs assessment",
        "Commissioning intentions",
        "Public engagement",
        "Specifications",
        "Tender",
        "Evaluation",
        "Award",
        "Implementation",
        "Service start",
        "Monitoring",
    ]
    positions = [page.index(f'class="govuk-table__header">{s}</th>') for s in stages]
    assert positions == sorted(positions)
    from victimcare.commissioning.models import ExerciseStage

    award = ExerciseStage.objects.get(stage="award")
    url = reverse("commissioning:stage-dates", args=[award.pk])
    assert url in page  # each stage's dates are changed on a page of their own
    form = client.get(url).content.decode()
    assert 'name="planned_on-day"' in form and 'name="actual_on-year"' in form  # GOV.UK date input
    saved = client.post(
        url,
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
    assert "Late" in saved.content.decode()
    assert "The dates of Award in Victim services 2019 to 2024 are saved" in saved.content.decode()
    bad = client.post(
        url,
        {
            "planned_on-day": "31",
            "planned_on-month": "2",
            "planned_on-year": "2018",
            "actual_on-day": "",
            "actual_on-month": "12",
            "actual_on-year": "",
        },
    )
    assert "Planned date must be a real date" in bad.content.decode()
    assert "Actual date must include a day and year" in bad.content.decode()
    award.refresh_from_db()
    assert award.planned_on == datetime.date(2018, 12, 1)


def test_a_formula_typed_on_the_public_page_reaches_the_export_as_text(
    client, commissioner, consultation
) -> None:
    """OWASP CSV injection: an answer such as =HYPERLINK(...) must not be a live formula
    in the commissioner's spreadsheet; a plain negative number stays a number."""
    from tests.core.test_spreadsheets import FORMULAS

    first, second = consultation.questions.all()
    url = reverse("consultation", args=[consultation.public_id])
    answers = [(FORMULAS[0], FORMULAS[1]), (FORMULAS[2], FORMULAS[3]), ("-5", "=1+1")]
    for one, two in answers:
        sent = client.post(url, {f"q{first.pk}": one, f"q{second.pk}": two})
        assert sent.status_code == 302
    first.text = "- Should the services be bought as separate lots?"
    first.save()

    client.force_login(commissioner)
    exported = client.get(
        reverse("commissioning:consultation-export", args=[consultation.public_id])
    )
    rows = list(csv.reader(io.StringIO(exported.content.decode(), newline="")))
    assert rows[0][3:] == [f"'{first.text}", second.text]
    assert sorted(tuple(r[3:]) for r in rows[1:]) == sorted(
        [
            (f"'{FORMULAS[0]}", f"'{FORMULAS[1]}"),
            (f"'{FORMULAS[2]}", f"'{FORMULAS[3]}"),
            ("-5", "'=1+1"),
        ]
    )
