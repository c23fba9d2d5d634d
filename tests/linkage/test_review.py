"""The review queue: only pairs the officer may see both people of (or gives a reason for),
compared in plain English, relatives flagged, decided by an officer and undone if wrong."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry
from victimcare.linkage.models import LinkCandidate

pytestmark = pytest.mark.django_db


def _candidate(a, b) -> LinkCandidate:
    left, right = sorted([a, b], key=lambda p: p.pk)
    return LinkCandidate.objects.create(
        left=left,
        right=right,
        probability=0.99,
        match_weight=9.1,
        model_version=1,
        fields=[{"field": "postcode", "level": "Exact match on postcode", "weight": 16.78}],
    )


def _case(team, officer=None, **person):
    return CaseFactory(team=team, officer=officer, referral__person=PersonFactory(**person))


@pytest.fixture
def eastside(northgate):
    """Another team of the same organisation as Northgate."""
    return TeamFactory(name="Eastside hub", organisation=northgate.organisation)


@pytest.fixture
def repeat(northgate, vco):
    """One victim recorded twice in Northgate: a nickname, a typo, a moved address."""
    first = _case(
        northgate,
        vco,
        given_name="Elizabeth",
        family_name="Hartley",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS5 6XR",
        address_line_1="12 Mill Lane",
    )
    again = _case(
        northgate,
        given_name="Liz",
        family_name="Hartly",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS7 8QT",
        address_line_1="3 Elm Road",
    )
    return _candidate(first.person, again.person)


@pytest.fixture
def strangers_sharing_a_postcode(northgate):
    """The demo's pair: different names and dates of birth, one postcode and street."""
    one = _case(
        northgate,
        given_name="Maud",
        family_name="Pennington",
        date_of_birth=datetime.date(1979, 6, 1),
        postcode="BA1 1AA",
        address_line_1="12 High Street",
    )
    two = _case(
        northgate,
        given_name="Oliver",
        family_name="Quinn",
        date_of_birth=datetime.date(1990, 5, 12),
        postcode="BA1 1AA",
        address_line_1="90 High Street",
    )
    return _candidate(one.person, two.person)


@pytest.fixture
def mother_and_daughter(northgate):
    mother = _case(
        northgate,
        given_name="Susan",
        family_name="Okafor",
        date_of_birth=datetime.date(1965, 9, 2),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
    )
    daughter = _case(
        northgate,
        given_name="Grace",
        family_name="Okafor",
        date_of_birth=datetime.date(1998, 1, 20),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
    )
    return _candidate(mother.person, daughter.person)


@pytest.fixture
def across_teams(northgate, eastside):
    """Northgate's victim and a person known only to Eastside, in one organisation."""
    ours = _case(
        northgate,
        given_name="Priya",
        family_name="Shah",
        date_of_birth=datetime.date(1991, 2, 3),
        postcode="BS1 2AB",
    )
    theirs = _case(
        eastside,
        given_name="Priya",
        family_name="Shah",
        date_of_birth=datetime.date(1991, 3, 2),
        postcode="BS1 2AB",
        address_line_1="4 Canal Walk",
    )
    return _candidate(ours.person, theirs.person), theirs


def test_an_officer_compares_in_plain_english_decides_and_undoes(client, vco, repeat) -> None:
    client.force_login(vco)
    assert reverse("linkage:queue") in client.get(reverse("cases:queue")).content.decode()
    listing = client.get(reverse("linkage:queue")).content.decode()
    assert "Elizabeth Hartley and Liz Hartly" in listing
    url = reverse("linkage:pair", args=[repeat.pk])
    page = client.get(url).content.decode()
    assert "Given names match as a short form: Elizabeth and Liz" in page
    assert "Same date of birth" in page and "Different postcode" in page
    assert "BS7 8QT" in page and "14 March 1986" in page
    for model_term in ("probability", "Exact match on", "16.78", "weight", "Possibly a relative"):
        assert model_term not in page
    assert AccessLogEntry.objects.filter(route="linkage:pair", justification="").exists()

    refused = client.post(url, {})
    assert "Choose whether they are the same person" in refused.content.decode()
    joined = client.post(url, {"decision": "same"}, follow=True).content.decode()
    repeat.refresh_from_db()
    repeat.right.refresh_from_db()
    assert repeat.status == "confirmed" and repeat.right.merged_into_id == repeat.left_id
    assert repeat.right.cases.count() == 0 and repeat.left.cases.count() == 2
    assert "Undo the merge" in joined and "The same person: merged" in joined

    undone = client.post(url, {"undo": "1"}, follow=True).content.decode()
    repeat.refresh_from_db()
    repeat.right.refresh_from_db()
    assert repeat.right.merged_into_id is None and repeat.right.cases.count() == 1
    assert "The merge was undone" in undone  # the message after the undo
    assert repeat.status == "rejected"  # decided as two people: not offered again
    again = client.get(url).content.decode()  # and the page keeps saying so
    assert "The join was undone" in again and "two people again" in again
    assert "Undo the merge" not in again and "Save the decision" not in again
    assert "Elizabeth Hartley" not in client.get(reverse("linkage:queue")).content.decode()


def test_the_comparison_names_what_differs(client, vco, strangers_sharing_a_postcode) -> None:
    client.force_login(vco)
    page = client.get(reverse("linkage:pair", args=[strangers_sharing_a_postcode.pk]))
    text = page.content.decode()
    assert "Same postcode" in text
    assert "Different date of birth: 1 June 1979 and 12 May 1990" in text
    assert "Same street, different house number" in text
    assert "Different given names: Maud and Oliver" in text
    assert "99%" not in text and "Match probability" not in text


def test_a_household_pair_is_flagged_as_possibly_a_relative(
    client, vco, mother_and_daughter
) -> None:
    client.force_login(vco)
    listing = client.get(reverse("linkage:queue")).content.decode()
    assert "Susan Okafor and Grace Okafor" in listing and "Possibly a relative" in listing
    page = client.get(reverse("linkage:pair", args=[mother_and_daughter.pk])).content.decode()
    assert 'data-testid="household"' in page and "Possibly a relative" in page
    assert "Same address" in page


def test_a_team_leader_sees_their_teams_pairs_and_both_peoples_cases(
    client, northgate, repeat
) -> None:
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    assert (
        "Elizabeth Hartley and Liz Hartly" in client.get(reverse("linkage:queue")).content.decode()
    )
    page = client.get(reverse("linkage:pair", args=[repeat.pk])).content.decode()
    for person in (repeat.left, repeat.right):
        case = person.cases.get()
        assert reverse("cases:detail", args=[case.pk]) in page and case.reference in page


def test_a_pair_with_another_teams_person_needs_a_reason_which_is_logged(
    client, vco, across_teams
) -> None:
    candidate, theirs = across_teams
    client.force_login(vco)
    listing = client.get(reverse("linkage:queue")).content.decode()
    assert 'data-testid="candidates"' not in listing  # not among the pairs to review
    assert "Priya Shah and someone known to another team" in listing
    assert "Canal Walk" not in listing
    pair_url = reverse("linkage:pair", args=[candidate.pk])
    assert client.get(pair_url).status_code == 404  # no reason given yet

    reason_url = reverse("linkage:pair-reason", args=[candidate.pk])
    short = client.post(reason_url, {"justification": "need"}).content.decode()
    assert "Give a fuller reason" in short and "Canal Walk" not in short
    reason = "The victim says Eastside already supports her"
    assert client.post(reason_url, {"justification": reason}).url == pair_url
    page = client.get(pair_url).content.decode()
    assert "4 Canal Walk" in page and reason in page
    assert "Dates of birth with day and month swapped: 3 February 1991 and 2 March 1991" in page
    logged = AccessLogEntry.objects.filter(route="linkage:pair").latest("pk")
    assert logged.justification == reason and logged.object_ids == [str(candidate.pk)]
    # Their case is named, and opened only through the reason page for cases.
    assert theirs.reference in page and reverse("cases:detail", args=[theirs.pk]) not in page
    assert f"{reverse('cases:open-other')}?reference={theirs.reference}" in page
    assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404


def test_pairs_of_another_organisation_are_never_shown(
    client, riverside, across_teams, repeat
) -> None:
    candidate, _ = across_teams
    outsider = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=riverside.organisation
    )
    client.force_login(outsider)
    listing = client.get(reverse("linkage:queue")).content.decode()
    assert "Hartley" not in listing and "Priya" not in listing
    for pk in (candidate.pk, repeat.pk):
        assert client.get(reverse("linkage:pair", args=[pk])).status_code == 404
        reason_url = reverse("linkage:pair-reason", args=[pk])
        assert client.get(reason_url).status_code == 404
        assert client.post(reason_url, {"justification": "A long enough reason"}).status_code == 404


def test_after_a_merge_the_case_page_shows_the_victims_other_cases_the_officer_may_see(
    client, vco, repeat, riverside
) -> None:
    from victimcare.linkage.services import candidate_decide

    hidden = CaseFactory(
        team=riverside, referral__person=repeat.left, referral__crime_category="Robbery"
    )
    candidate_decide(candidate=repeat, same_person=True, actor=vco)
    client.force_login(vco)
    case = repeat.left.cases.filter(officer=vco).first()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    others = [c for c in repeat.left.cases.all() if c.pk not in (case.pk, hidden.pk)]
    assert "This victim&#x27;s other cases" in page or "This victim's other cases" in page
    assert all(c.reference in page for c in others)
    assert hidden.reference not in page  # another hub's case stays out of sight


def test_an_out_of_area_self_referrals_possible_repeat_is_reviewed_by_the_hub_it_reached(
    client, northgate, vco
) -> None:
    """An out-of-area referral belongs to no hub: its pair with a Northgate victim was in no
    officer's queue. It is the receiving organisation's, so its officers review it."""
    from victimcare.linkage.selectors import candidates_for

    known = _case(
        northgate,
        vco,
        given_name="Ffion",
        family_name="Rhys",
        date_of_birth=datetime.date(1991, 7, 2),
    )
    away = CaseFactory(
        team=None,
        referral__out_of_area=True,
        referral__team=None,
        referral__person=PersonFactory(
            given_name="Ffion", family_name="Rees", date_of_birth=datetime.date(1991, 7, 2)
        ),
    )
    pair = _candidate(known.person, away.person)
    assert list(candidates_for(vco)) == [pair]
    client.force_login(vco)
    assert (
        reverse("linkage:pair", args=[pair.pk])
        in client.get(reverse("linkage:queue")).content.decode()
    )
    # Staff of an organisation that runs no hub (a support provider) see nothing of it.
    from tests.factories import OrganisationFactory
    from victimcare.accounts.models import OrganisationKind

    provider = OrganisationFactory(kind=OrganisationKind.SUPPORT_PROVIDER)
    stranger = UserFactory(role=Role.VICTIM_CARE_OFFICER, team=None, organisation=provider)
    assert list(candidates_for(stranger)) == []
