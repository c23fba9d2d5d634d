"""Find a victim or a case: an officer on the phone to a victim finds them from what the
victim says, sees only their own organisation's cases, and every search is logged."""

import datetime

import pytest

from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry
from victimcare.cases.search_terms import search_terms

pytestmark = pytest.mark.django_db


def _case(team, **person):
    return CaseFactory(team=team, referral__person=PersonFactory(**person))


@pytest.fixture
def sarah(northgate):
    return _case(
        northgate,
        given_name="Sarah",
        family_name="Jones",
        date_of_birth=datetime.date(1985, 3, 12),
        phone="+447700900123",
        email="sarah.jones@example.org",
    )


def _found(client, query: str) -> str:
    response = client.get("/staff/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_finds_a_victim_by_a_misspelled_name(client, vco, sarah) -> None:
    _case(vco.team, given_name="Peter", family_name="Hughes")
    client.force_login(vco)
    page = _found(client, "Sarha Jnoes")
    assert sarah.reference in page
    assert "Peter Hughes" not in page


def test_a_nickname_and_swapped_names_find_the_victim(client, vco, northgate) -> None:
    liz = _case(northgate, given_name="Elizabeth", family_name="Okafor")
    client.force_login(vco)
    assert liz.reference in _found(client, "Liz Okafor")
    assert liz.reference in _found(client, "Okafor Elizabeth")


def test_name_with_date_of_birth_tells_a_father_from_his_son(client, vco, northgate) -> None:
    father = _case(
        northgate, given_name="David", family_name="Price", date_of_birth=datetime.date(1961, 4, 2)
    )
    son = _case(
        northgate, given_name="David", family_name="Price", date_of_birth=datetime.date(1990, 8, 30)
    )
    client.force_login(vco)
    both = _found(client, "David Price")
    assert father.reference in both and son.reference in both
    only_son = _found(client, "David Price 30/8/1990")
    assert son.reference in only_son and father.reference not in only_son


@pytest.mark.parametrize(
    "query",
    ["12/03/1985", "12 March 1985", "07700 900123", "+44 7700 900123", "SARAH.JONES@example.org"],
)
def test_date_of_birth_phone_and_email_find_the_victim(client, vco, sarah, query) -> None:
    _case(vco.team, given_name="Ann", family_name="Other", date_of_birth=datetime.date(1970, 1, 1))
    client.force_login(vco)
    page = _found(client, query)
    assert sarah.reference in page
    assert "Ann Other" not in page


def test_case_and_crime_references_find_the_case(client, vco, sarah) -> None:
    client.force_login(vco)
    assert "Sarah Jones" in _found(client, sarah.reference.lower())
    assert "Sarah Jones" in _found(client, sarah.referral.crime_reference)


def test_a_crime_reference_typed_on_a_self_referral_finds_its_case(client, vco, northgate) -> None:
    typed = CaseFactory(
        team=northgate,
        referral__source="self-referral",
        referral__crime_reference="SR-7K3MP9QXDT",
        referral__given_crime_reference="44/123456/25",
    )
    client.force_login(vco)
    assert typed.reference in _found(client, "44/123456/25")


def test_another_teams_case_is_offered_with_a_reason_and_another_organisation_never(
    client, vco, northgate
) -> None:
    colleague_team = TeamFactory(organisation=northgate.organisation, name="Eastside hub")
    theirs = _case(colleague_team, given_name="Sarah", family_name="Jones")
    elsewhere = _case(TeamFactory(name="Other county"), given_name="Sarah", family_name="Jones")
    client.force_login(vco)
    page = _found(client, "Sarah Jones")
    assert theirs.reference in page
    assert f"/staff/cases/{theirs.pk}/" not in page
    assert f"/staff/cases/open/?reference={theirs.reference}" in page
    assert elsewhere.reference not in page
    # The link fills in the reference; the reason is still asked for.
    form = client.get(f"/staff/cases/open/?reference={theirs.reference}").content.decode()
    assert f'value="{theirs.reference}"' in form


def test_every_search_is_logged_without_the_words_typed(client, vco, sarah) -> None:
    client.force_login(vco)
    _found(client, "Sarah Jones")
    _found(client, "Nobody Atall")
    entries = list(AccessLogEntry.objects.filter(route="cases:search").order_by("pk"))
    assert [e.object_ids for e in entries] == [[str(sarah.pk)], []]
    assert all("Sarah" not in str(e.__dict__) and "Nobody" not in str(e.__dict__) for e in entries)


@pytest.mark.parametrize(
    "role",
    [
        Role.PARTNER_WORKER,
        Role.POLICE_REFERRER,
        Role.COMMISSIONER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    ],
)
def test_roles_without_case_work_cannot_search(client, northgate, sarah, role) -> None:
    client.force_login(UserFactory(role=role, organisation=northgate.organisation))
    assert client.get("/staff/search/", {"q": "Sarah Jones"}).status_code == 403


@pytest.mark.parametrize(
    "raw",
    ["%ED%B0%80", "%00Sarah", "%3DHYPERLINK(1)", "a" * 5000, "%25", "%27", "%FF%FE", "q"],
)
def test_hostile_queries_answer_a_page_not_an_error(client, vco, sarah, raw) -> None:
    """A lone surrogate as a browser sends it (its UTF-8 bytes), NUL, formula, overlong."""
    client.force_login(vco)
    response = client.get(f"/staff/search/?q={raw}")
    assert response.status_code == 200
    assert "Find a victim or a case" in response.content.decode()


def test_the_search_box_reads_names_dates_and_references() -> None:
    terms = search_terms("sarah jones 12/3/1985")
    assert terms.names == ("sarah", "jones")
    assert terms.date_of_birth == datetime.date(1985, 3, 12)
    assert search_terms("vc 7k3mp 9qxdt").case_reference == "VC-7K3MP-9QXDT"
    assert search_terms("1985-03-12").date_of_birth == datetime.date(1985, 3, 12)
    assert search_terms("1985-03-12").phone == ""
    assert search_terms("07700 900123").phone == "+447700900123"
    assert search_terms("44/123456/25").reference == "44/123456/25"
