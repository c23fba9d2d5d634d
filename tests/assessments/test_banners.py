"""Each assessment saved ends with a GOV.UK success banner saying which (issue #18 item 5)."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import CaseFactory
from victimcare.assessments.models import QuestionnaireKind
from victimcare.assessments.services import current_questionnaire
from victimcare.directory.needs import NEED_CATEGORIES

pytestmark = pytest.mark.django_db


def test_every_assessment_saved_says_which(client, vco) -> None:
    case = CaseFactory(
        team=vco.team, officer=vco, status="contacting", referral__domestic_abuse=True
    )
    client.force_login(vco)
    levels = {f"{code}_level": "low" for code, _ in NEED_CATEGORIES}
    first = client.post(reverse("assessments:needs", args=[case.pk, "first"]), levels, follow=True)
    assert success_banners(first) == ["First assessment of needs saved"]
    missing = client.post(reverse("assessments:needs", args=[case.pk, "exit"]), {}, follow=True)
    assert success_banners(missing) == []

    questions = current_questionnaire(QuestionnaireKind.RISK).questions.all()
    risk = client.post(
        reverse("assessments:risk", args=[case.pk]), {q.code: "no" for q in questions}, follow=True
    )
    assert success_banners(risk) == ["Domestic abuse risk checklist recorded"]
    protection = client.post(
        reverse("assessments:protection", args=[case.pk]),
        {"notes": "Screens in court"},
        follow=True,
    )
    assert success_banners(protection) == ["Protection needs recorded"]
