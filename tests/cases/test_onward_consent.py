"""Consent given on an onward referral is the case's consent (#18 item 4): the case no
longer awaits consent nor says "Consent to referral: Not asked"."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, DataSharingAgreementFactory, ServiceFactory
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.journeys.onward import SharingRefused, onward_referral_send

pytestmark = pytest.mark.django_db

AWAITING = {
    "referral__referral_consent": "not_asked",
    "referral__auto_referral": "awaiting_consent",
    "referral__auto_referral_reason": "Opt-in route (domestic abuse): ask the victim for "
    "explicit consent before passing on their details",
}


def _service():
    service = ServiceFactory(name="Harbour Lane IDVA")
    DataSharingAgreementFactory(organisation=service.provider)
    return service


def test_a_consented_onward_referral_records_the_case_consent(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, **AWAITING)
    assert case.triage == "awaiting_consent"
    onward_referral_send(
        case=case, service=_service(), consent_given=True, shared=["contact"], reason="", actor=vco
    )
    case = Case.objects.select_related("referral").get(pk=case.pk)
    assert case.referral.referral_consent == "given"
    assert case.referral.auto_referral == "consent_given"
    assert case.referral.auto_referral_reason == (
        "The victim consented to referral to support services "
        "(given with the referral to Harbour Lane IDVA)"
    )
    assert case.triage == "consent_given"  # it leaves the queue's "ask for consent" list
    event = AuditEvent.objects.get(action="referral.consent_given")
    assert event.data["before"] == {
        "referral_consent": "not_asked",
        "auto_referral": "awaiting_consent",
    }


def test_a_refused_referral_changes_no_consent(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, **AWAITING)
    service = ServiceFactory(name="No agreement")
    with pytest.raises(SharingRefused):
        onward_referral_send(
            case=case, service=service, consent_given=True, shared=["contact"], reason="", actor=vco
        )
    case.referral.refresh_from_db()
    assert case.referral.referral_consent == "not_asked"
    assert not AuditEvent.objects.filter(action="referral.consent_given").exists()


def test_a_business_gives_consent_but_is_still_not_referred_automatically(vco) -> None:
    case = CaseFactory(
        team=vco.team,
        officer=vco,
        referral__referral_consent="not_asked",
        referral__entitlement_level="business",
        referral__auto_referral="not_automatic",
    )
    onward_referral_send(
        case=case, service=_service(), consent_given=True, shared=["contact"], reason="", actor=vco
    )
    case.referral.refresh_from_db()
    assert (case.referral.referral_consent, case.referral.auto_referral) == (
        "given",
        "not_automatic",
    )


def test_the_overview_follows_the_consent_given_on_the_referral_page(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, **AWAITING)
    service = _service()
    client.force_login(vco)
    before = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Awaiting consent" in before and "Not asked" in before
    sent = client.post(
        reverse("cases:onward-referral-new", args=[case.pk]),
        {"service": service.pk, "shared": ["contact"], "reason": "", "consent": "on"},
    )
    assert sent.status_code == 302
    support = client.get(sent["Location"]).content.decode()
    assert "Referral sent to Harbour Lane IDVA: the victim&#x27;s consent recorded" in support
    after = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Awaiting consent" not in after and "Not asked" not in after
    assert "Consent given" in after
