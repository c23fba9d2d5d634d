import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry
from victimcare.cases.models import CaseStatus

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_queue_lists_the_hubs_new_cases_oldest_deadline_first(client, vco, northgate) -> None:
    later = CaseFactory(team=northgate, contact_deadline=days(3))
    overdue = CaseFactory(team=northgate, contact_deadline=days(-1))
    today = CaseFactory(team=northgate, contact_deadline=days(0))
    CaseFactory(team=northgate, contact_deadline=days(-5), status=CaseStatus.CONTACTING)
    other_hub = CaseFactory(team=TeamFactory(), contact_deadline=days(-9))

    client.force_login(vco)
    response = client.get(reverse("cases:queue"))

    assert response.status_code == 200
    listed = [row[0] for row in response.context["rows"]]
    assert listed == [overdue, today, later]
    assert other_hub not in listed
    html = response.content.decode()
    assert html.index(overdue.reference) < html.index(today.reference) < html.index(later.reference)
    assert "Overdue" in html and "Due today" in html
    entry = AccessLogEntry.objects.get(route="cases:queue")
    assert entry.user == vco
    assert entry.object_ids == [str(c.pk) for c in (overdue, today, later)]


def test_an_officer_opens_a_case_of_their_hub_and_the_read_is_logged(
    client, vco, northgate
) -> None:
    case = CaseFactory(team=northgate, referral__person__given_name="Bethan")
    client.force_login(vco)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Bethan" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        route="cases:detail", object_ids=[str(case.pk)], user=vco
    ).exists()


def test_another_hubs_case_answers_not_found(client, vco) -> None:
    case = CaseFactory(team=TeamFactory())
    client.force_login(vco)
    for name in ("cases:detail", "cases:support", "cases:timeline", "cases:contact"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404, name
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.PARTNER_WORKER, Role.POLICE_REFERRER]
)
def test_roles_without_casework_cannot_see_the_queue_or_a_case(client, northgate, role) -> None:
    case = CaseFactory(team=northgate)
    client.force_login(UserFactory(role=role, team=northgate, organisation=northgate.organisation))
    assert client.get(reverse("cases:queue")).status_code == 403
    # A case page answers as if the case did not exist: 404, never confirming it is there.
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, northgate) -> None:
    case = CaseFactory(team=northgate)
    for url in (
        reverse("cases:queue"),
        reverse("cases:detail", args=[case.pk]),
        reverse("staff-home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_staff_pages_are_not_cached(client, vco) -> None:
    client.force_login(vco)
    response = client.get(reverse("cases:queue"))
    assert "no-store" in response["Cache-Control"]


def test_opt_in_referrals_wait_in_their_own_list_to_be_asked_for_consent(
    client, vco, northgate
) -> None:
    contact = CaseFactory(team=northgate, referral__auto_referral="refer")
    ask = CaseFactory(team=northgate, referral__auto_referral="awaiting_consent")
    recorded = CaseFactory(team=northgate, referral__auto_referral="not_automatic")
    declined = CaseFactory(team=northgate, referral__auto_referral="declined")
    client.force_login(vco)

    def listed(url_name: str) -> list:
        return [row[0] for row in client.get(reverse(url_name)).context["rows"]]

    assert listed("cases:queue") == [contact]
    assert listed("cases:queue-consent") == [ask]
    assert set(listed("cases:queue-recorded")) == {recorded, declined}
    html = client.get(reverse("cases:queue-consent")).content.decode()
    assert "Ask for consent (1)" in html and "Contact (1)" in html and "Recorded only (2)" in html


def test_the_case_page_explains_the_entitlement(client, vco, northgate) -> None:
    case = CaseFactory(
        team=northgate,
        referral__entitlement_level="enhanced",
        referral__entitlement_reasons=[
            {"code": "vulnerable", "text": "Under 18 on the day reported"}
        ],
        referral__auto_referral="refer",
        referral__auto_referral_reason="Opt-out route: details pass unless the victim objects",
        referral__update_within_working_days=1,
    )
    client.force_login(vco)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Under 18 on the day reported" in html
    assert "Opt-out route: details pass unless the victim objects" in html
    assert "Within 1 working day of each police decision" in html
