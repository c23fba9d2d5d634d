"""A partner's home page starts the work (#18 item 8, "partner: referrals to act on"): new
referrals to accept or decline first, with how many there are, then those being worked,
then the finished ones; each with its status in words; every page of them reachable."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ServiceFactory, UserFactory, onward_referral
from victimcare.accounts.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory(name="Harbour Lane emotional support")


@pytest.fixture
def worker(service):
    return UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)


def _refer(service, name: str, status: str):
    case = CaseFactory(referral__person__given_name=name, referral__person__family_name="Jones")
    return onward_referral(case, service, ["contact"], status=status)


def _rows(html: str) -> list[tuple[str, str]]:
    """(victim, status) for each row of the list, in order."""
    return re.findall(
        r'<a class="govuk-link" href="/staff/partner/referrals/\d+/">([^<]+) Jones</a>.*?'
        r'<strong class="govuk-tag[^"]*">([^<]+)</strong>',
        html,
        re.S,
    )


def test_new_referrals_come_first_with_their_count_and_each_says_its_status(
    client, service, worker
) -> None:
    _refer(service, "Withdrawn", "withdrawn")
    _refer(service, "Working", "in_progress")
    _refer(service, "Newest", "sent")
    _refer(service, "Finished", "completed")
    _refer(service, "Accepted", "accepted")
    _refer(service, "Declined", "declined")
    client.force_login(worker)
    html = client.get(reverse("cases:partner-referrals")).content.decode()
    assert "1 new referral to accept or decline" in html
    rows = _rows(html)
    assert rows[0] == ("Newest", "New: accept or decline")
    assert {rows[1], rows[2]} == {("Accepted", "Accepted"), ("Working", "Being supported")}
    # Declined and withdrawn ones are no longer the service's to see (cases.models PARTNER_VISIBLE).
    assert rows[3:] == [("Finished", "Completed")]
    assert "in_progress" not in html


def test_no_new_referrals_is_said_in_words(client, service, worker) -> None:
    _refer(service, "Working", "accepted")
    client.force_login(worker)
    html = client.get(reverse("cases:partner-referrals")).content.decode()
    assert "No new referrals to accept or decline" in html


def test_more_than_a_page_of_referrals_can_be_paged_through(client, service, worker) -> None:
    for n in range(51):
        _refer(service, f"Victim{n}", "sent")
    client.force_login(worker)
    first = client.get(reverse("cases:partner-referrals")).content.decode()
    assert "51 new referrals to accept or decline" in first
    assert len(_rows(first)) == 50
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    second = client.get(reverse("cases:partner-referrals"), {"page": "2"}).content.decode()
    assert len(_rows(second)) == 1 and 'href="?page=1" rel="prev"' in second
