"""Who may open which case: the object rules, the selectors that apply them, and 404s."""

import pytest
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    onward_referral,
)
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AccessLogEntry, DisclosureEntry
from victimcare.cases import selectors
from victimcare.cases.models import OnwardReferral
from victimcare.journeys.onward import SharingRefused, onward_referral_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def charities():
    a = OrganisationFactory(name="Harbour Lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    b = OrganisationFactory(name="Oak Tree ISVA", kind=OrganisationKind.SUPPORT_PROVIDER)
    return ServiceFactory(provider=a, name="Harbour Lane support"), ServiceFactory(
        provider=b, name="Oak Tree ISVA service"
    )


def partner_of(service):
    return UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)


def test_a_partner_sees_only_referrals_to_their_own_service(client, northgate, charities) -> None:
    service_a, service_b = charities
    case = CaseFactory(team=northgate, referral__person__given_name="Nerys")
    to_b = onward_referral(case, service_b, ["contact", "crime", "needs"])
    partner_a = partner_of(service_a)
    client.force_login(partner_a)

    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:partner-referral", args=[to_b.pk])).status_code == 404
    assert "Nerys" not in client.get(reverse("cases:partner-referrals")).content.decode()

    client.force_login(partner_of(service_b))
    page = client.get(reverse("cases:partner-referral", args=[to_b.pk]))
    assert page.status_code == 200 and "Nerys" in page.content.decode()


def test_a_partner_sees_only_the_parts_the_victim_agreed_to_share(
    client, northgate, charities
) -> None:
    service, _ = charities
    case = CaseFactory(
        team=northgate,
        referral__person__given_name="Nerys",
        referral__person__phone="+447700900555",
        referral__offence_description="Shed broken into",
    )
    onward = onward_referral(case, service, ["crime"], reason="Needs a lock fitted")
    client.force_login(partner_of(service))
    html = client.get(reverse("cases:partner-referral", args=[onward.pk])).content.decode()
    assert "Shed broken into" in html
    assert "Nerys" not in html and "+447700900555" not in html
    assert "Needs a lock fitted" not in html
    assert "did not agree to share: Name and contact details" in html
    entry = AccessLogEntry.objects.get(route="cases:partner-referral")
    assert entry.object_ids == [str(onward.pk)]


def test_a_referral_without_consent_or_withdrawn_is_not_visible(client, northgate, charities):
    service, _ = charities
    case = CaseFactory(team=northgate)
    no_consent = onward_referral(case, service, ["contact"])
    OnwardReferral.objects.filter(pk=no_consent.pk).update(consent_given=False)
    withdrawn = onward_referral(case, service, ["contact"], status="withdrawn")
    partner = partner_of(service)
    client.force_login(partner)
    for onward in (no_consent, withdrawn):
        assert client.get(reverse("cases:partner-referral", args=[onward.pk])).status_code == 404
    assert not selectors.onward_referrals_visible_to(partner).exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.AUDITOR])
def test_roles_without_case_work_get_404_on_every_case_url(client, northgate, role, charities):
    case = CaseFactory(team=northgate)
    client.force_login(UserFactory(role=role, organisation=northgate.organisation, is_staff=True))
    for name in (
        "cases:detail",
        "cases:support",
        "cases:timeline",
        "cases:contact",
        "cases:status",
        "cases:safe-contact",
        "cases:reallocate",
        "cases:onward-referral-new",
    ):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404, name
    onward = onward_referral(case, charities[0], ["contact"])
    assert client.get(reverse("cases:partner-referral", args=[onward.pk])).status_code == 404


def test_officers_see_their_team_and_the_cases_allocated_to_them(client, northgate) -> None:
    elsewhere = TeamFactory(name="Riverside hub")
    officer = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
    )
    own_team = CaseFactory(team=northgate)
    other_team = CaseFactory(team=elsewhere)
    allocated_elsewhere = CaseFactory(team=elsewhere, officer=officer)
    client.force_login(officer)
    assert client.get(reverse("cases:detail", args=[own_team.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[other_team.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[allocated_elsewhere.pk])).status_code == 200


def test_the_rules_and_the_selectors_agree_for_every_user_and_case(northgate, charities) -> None:
    riverside = TeamFactory(name="Riverside hub")
    officer = UserFactory(role=Role.VICTIM_CARE_OFFICER, team=northgate)
    cases = [
        CaseFactory(team=northgate),
        CaseFactory(team=riverside),
        CaseFactory(team=riverside, officer=officer),
        CaseFactory(team=None),
    ]
    users = [
        officer,
        UserFactory(role=Role.TEAM_LEADER, team=riverside),
        UserFactory(role=Role.TEAM_LEADER, team=None),
        UserFactory(role=Role.VICTIM_CARE_OFFICER, team=northgate, is_active=False),
        *[UserFactory(role=role, team=northgate) for role in Role],
    ]
    for user in users:
        visible = set(selectors.cases_visible_to(user).values_list("pk", flat=True))
        for case in cases:
            assert user.has_perm("cases.view_case", case) == (case.pk in visible), (user, case)


def test_referring_onward_needs_consent_and_an_agreement_and_is_logged(
    client, vco, charities
) -> None:
    service, other = charities
    case = CaseFactory(team=vco.team)
    with pytest.raises(SharingRefused, match="must agree"):
        onward_referral_send(
            case=case,
            service=service,
            consent_given=False,
            shared=["contact"],
            reason="",
            actor=vco,
        )
    with pytest.raises(SharingRefused, match="no data sharing agreement in force with Oak Tree"):
        onward_referral_send(
            case=case,
            service=other,
            consent_given=True,
            shared=["contact"],
            reason="",
            actor=vco,
        )
    assert not OnwardReferral.objects.exists() and not DisclosureEntry.objects.exists()

    onward_referral(CaseFactory(team=vco.team), service, ["contact"])  # makes the agreement
    client.force_login(vco)
    url = reverse("cases:onward-referral-new", args=[case.pk])
    refused = client.post(url, {"service": other.pk, "shared": ["contact"], "consent": "on"})
    assert "no data sharing agreement in force" in refused.content.decode()
    sent = client.post(
        url,
        {
            "service": service.pk,
            "shared": ["contact", "needs"],
            "reason": "Wants to talk",
            "consent": "on",
        },
    )
    assert sent.status_code == 302
    onward = OnwardReferral.objects.get(case=case)
    assert (onward.shared, onward.reason, onward.sent_by) == (
        ["contact", "needs"],
        "Wants to talk",
        vco,
    )
    disclosure = DisclosureEntry.objects.get()
    assert disclosure.recipient == "Harbour Lane" and disclosure.people == f",{case.person_id},"
    assert (
        "Harbour Lane support"
        in client.get(reverse("cases:support", args=[case.pk])).content.decode()
    )


def test_an_officer_opens_another_teams_case_only_with_a_reason_that_is_logged(client, vco) -> None:
    riverside = TeamFactory(name="Riverside hub", organisation=vco.organisation)
    theirs = CaseFactory(team=riverside, referral__person__given_name="Cerys")
    other_org = CaseFactory(team=TeamFactory())
    client.force_login(vco)
    assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404

    url = reverse("cases:open-other")
    no_reason = client.post(url, {"reference": theirs.reference, "justification": ""})
    assert "Enter why you need to open this case" in no_reason.content.decode()
    # A reason the auditor cannot read is no reason: invisible characters, dots.
    for unreadable in ("\u200b" * 20, "." * 20, "\u200ba\u200b." * 5):
        refused = client.post(url, {"reference": theirs.reference, "justification": unreadable})
        body = refused.content.decode()
        assert refused.status_code == 200
        assert "Give a fuller reason in words" in body or "Enter why you need" in body
    assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404
    elsewhere = client.post(
        url, {"reference": other_org.reference, "justification": "Curious about it"}
    )
    assert "No case with this reference in your organisation" in elsewhere.content.decode()
    assert client.get(reverse("cases:detail", args=[other_org.pk])).status_code == 404

    reason = "Covering for Owen while he is on leave"
    opened = client.post(url, {"reference": theirs.reference.lower(), "justification": reason})
    assert opened["Location"] == reverse("cases:detail", args=[theirs.pk])
    page = client.get(opened["Location"])
    assert page.status_code == 200 and "Cerys" in page.content.decode()
    assert reason in page.content.decode()
    entry = AccessLogEntry.objects.filter(route="cases:detail").latest("id")
    assert (entry.object_ids, entry.justification) == ([str(theirs.pk)], reason)


def test_the_referral_page_suggests_the_best_services_for_the_victim(client, vco) -> None:
    ServiceFactory(name="General support", postcode_districts=["BS1"])
    ServiceFactory(
        name="Domestic abuse service", postcode_districts=["BS1"], crime_types=["domestic_abuse"]
    )
    ServiceFactory(
        name="Sexual violence service", postcode_districts=["BS1"], crime_types=["sexual_offence"]
    )
    case = CaseFactory(team=vco.team, referral__domestic_abuse=True)
    client.force_login(vco)
    page = client.get(reverse("cases:onward-referral-new", args=[case.pk]))
    names = [service.name for service, _ in page.context["suggested"]]
    assert names == ["Domestic abuse service", "General support"]
    # The reasons speak of the victim to the officer, never "you" / "your area".
    html = page.content.decode()
    assert "Works in the victim&#x27;s area" in html and "your area" not in html


CRIME_REVEALING = [
    {"code": "serious_crime", "text": "Victim of domestic abuse"},
    {"code": "intimidated", "text": "Victim of domestic abuse"},
    {
        "code": "persistently_targeted",
        "text": "Victim of 3 crimes or ASB incidents reported within 12 months (this one included)",
    },
]
NEEDS_ONLY = [
    {"code": "vulnerable", "text": "Has a physical disability or disorder"},
    {
        "code": "intimidated",
        "text": "The officer judges the victim in fear or distress about giving evidence",
    },
]


@pytest.mark.parametrize(
    ("shared", "shown", "hidden"),
    [
        (["needs"], NEEDS_ONLY, CRIME_REVEALING),
        (["needs", "crime"], NEEDS_ONLY + CRIME_REVEALING, []),
        (["contact", "crime"], [], NEEDS_ONLY + CRIME_REVEALING),
    ],
    ids=["needs-only", "needs-and-crime", "no-needs"],
)
def test_entitlement_reasons_that_reveal_the_crime_follow_the_crime_details_consent(
    client, northgate, charities, shared, shown, hidden
) -> None:
    service, _ = charities
    case = CaseFactory(
        team=northgate,
        referral__offence_description="Assaulted at home",
        referral__entitlement_reasons=NEEDS_ONLY + CRIME_REVEALING,
    )
    onward = onward_referral(case, service, shared, reason="Needs someone to talk to")
    client.force_login(partner_of(service))
    html = client.get(reverse("cases:partner-referral", args=[onward.pk])).content.decode()
    for reason in shown:
        assert reason["text"] in html, reason
    for reason in hidden:
        assert reason["text"] not in html, reason
    assert ("domestic abuse" in html) == ("crime" in shared and "needs" in shared)
    assert ("Assaulted at home" in html) == ("crime" in shared)
