"""Partner and self-referrals for crimes never reported to the police (#18 item 4): the case
says so instead of "Reported <date>", and owes no updates on police decisions: none shown,
none computed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from tests.intake.test_partner_referral import FORM
from tests.portal.test_self_referral import ANSWERS
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.cases.models import CaseTask, TaskKind
from victimcare.entitlements.rules import RuleValues, VictimFacts, entitle
from victimcare.intake.direct import referral_create_from_form
from victimcare.justice.services.duties import investigation_updates_schedule
from victimcare.referrals.feed_values import RowInvalid
from victimcare.referrals.models import Referral
from victimcare.referrals.values import referral_entitlement_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(northgate):
    charity = OrganisationFactory(code="harbour-lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    return UserFactory(role=Role.PARTNER_WORKER, organisation=charity)


def _facts(reported: bool) -> VictimFacts:
    return VictimFacts(
        victim_kind="individual",
        reported_at=timezone.now(),
        date_of_birth=None,
        crime_category="Burglary",
        offence_code="",
        offence_description="Burglary",
        flags={},
        referral_consent="given",
        reported_to_police=reported,
    )


def test_no_police_decision_updates_are_owed_for_a_crime_not_reported() -> None:
    assert entitle(_facts(reported=False)).update_within_working_days == 0
    assert (
        entitle(_facts(reported=True)).update_within_working_days
        == RuleValues().update_working_days_standard
    )


def _partner_refers(client, partner, answer: str) -> Referral:
    client.force_login(partner)
    response = client.post(
        reverse("referrals:partner-referral"), FORM | {"reported_to_police": answer}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.select_related("case").get()


def test_a_partner_referral_not_reported_says_so_and_owes_no_updates(client, partner, vco):
    referral = _partner_refers(client, partner, "no")
    assert referral.police_report == "not_reported"
    assert referral.update_within_working_days == 0
    # Derived again (as linkage does), it stays with no updates owed.
    derived = referral_entitlement_values(
        referral=referral, values=RuleValues(), incidents=1, linked=0
    )
    assert derived["update_within_working_days"] == 0

    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    assert "Not reported to the police" in page
    assert '<dt class="govuk-summary-list__key">Reported</dt>' not in page
    assert "of each police decision" not in page
    assert "None owed: the crime was not reported to the police" in page

    # No monthly investigation update is computed for it; a police feed's case gets one.
    assert investigation_updates_schedule(case_ids=[referral.case.pk]) == 0
    assert not CaseTask.objects.filter(kind=TaskKind.INVESTIGATION_UPDATE).exists()
    police = CaseFactory(
        team=vco.team, referral__reported_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert investigation_updates_schedule(case_ids=[police.pk]) == 1


def test_a_partner_referral_reported_keeps_its_updates(client, partner, vco) -> None:
    referral = _partner_refers(client, partner, "yes")
    assert referral.police_report == "reported" and referral.update_within_working_days > 0
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    assert '<dt class="govuk-summary-list__key">Reported</dt>' in page
    assert "of each police decision" in page


def test_a_partner_who_does_not_know_says_so(client, partner, vco) -> None:
    referral = _partner_refers(client, partner, "unknown")
    assert referral.police_report == "not_known"
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    assert "Not known whether it was reported to the police" in page


def test_a_self_referral_not_told_to_the_police_owes_no_updates(client, northgate, vco) -> None:
    for step, data in ANSWERS:  # "Have you told the police?" No
        assert client.post(reverse(f"portal:refer-{step}"), data).status_code == 302
    assert client.post(reverse("portal:refer-check")).status_code == 302
    referral = Referral.objects.select_related("case").get()
    assert (referral.police_report, referral.update_within_working_days) == ("not_reported", 0)
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    assert "Not reported to the police" in page and "of each police decision" not in page


def test_an_unknown_police_answer_is_refused_naming_it() -> None:
    with pytest.raises(RowInvalid) as refused:
        referral_create_from_form(
            values={}, source="x", prefix="PR", channel="partner", police_report="maybe"
        )
    assert [e.column for e in refused.value.errors] == ["police_report"]
