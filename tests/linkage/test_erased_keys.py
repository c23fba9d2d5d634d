"""An erased person leaves nothing linkage could find them by (issue 16): the blocking keys
derived from their name, phone and email are blanked with the rest of their identity."""

import datetime

import pytest

from tests.factories import PersonFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.dataprotection.models import RightsRequest, RightsRequestKind
from victimcare.dataprotection.selectors import erasure_preview
from victimcare.dataprotection.services import person_erase
from victimcare.linkage.intake import _candidate_rows, _known_candidates
from victimcare.people.models import Person

pytestmark = pytest.mark.django_db


def test_erasure_blanks_the_blocking_keys_and_linkage_no_longer_finds_the_person(
    northgate,
) -> None:
    person = PersonFactory(
        given_name="Morwenna",
        family_name="Trelawney",
        date_of_birth=datetime.date(1980, 5, 4),
        postcode="BS1 4DJ",
        phone="+447700900555",
        email="morwenna@example.org",
    )
    keys = ("family_phonetic", "name_block", "phone_index", "email_index")
    assert all(getattr(person, key) for key in keys)
    auditor = UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)
    request = RightsRequest.objects.create(
        kind=RightsRequestKind.ERASURE,
        person=person,
        received_on=datetime.date(2026, 11, 24),
        due_on=datetime.date(2026, 12, 24),
        identity_checked=True,
    )

    person_erase(request=request, actor=auditor)

    erased = Person.objects.get(pk=person.pk)
    assert {key: getattr(erased, key) for key in keys} == dict.fromkeys(keys, "")
    assert erased.name_key == "" and erased.anonymised_at is not None
    # A newcomer with the erased person's name, phone and email finds no one.
    again = PersonFactory(
        given_name="Morwenna",
        family_name="Trelawney",
        postcode="CF10 1AA",
        phone="+447700900555",
        email="morwenna@example.org",
    )
    [probe] = _candidate_rows(Person.objects.filter(pk=again.pk))
    assert [c.pk for c in _known_candidates([probe])] == []
    # Not even by a raw key lookup that forgot the anonymised filter.
    assert not Person.objects.filter(name_block=again.name_block).exclude(pk=again.pk).exists()
    assert not Person.objects.filter(phone_index=again.phone_index).exclude(pk=again.pk).exists()


def test_erasure_also_erases_the_records_linkage_joined_into_the_person(northgate) -> None:
    """A joined record keeps the person's details as they first arrived (the join pages show
    it, an unmerge restores it): erasing the person erases it too, however deep the chain."""
    person = PersonFactory(
        given_name="Keith",
        family_name="Lynch",
        postcode="BS4 1WR",
        date_of_birth=datetime.date(1955, 6, 28),
        phone="+447700900556",
    )
    joined = PersonFactory(
        given_name="Kieth",
        family_name="Lynch",
        postcode="BS4 1WR",
        date_of_birth=datetime.date(1955, 6, 28),
        phone="+447700900556",
        email="k.lynch@example.org",
        address_line_1="4 Mill Lane",
        merged_into=person,
    )
    deeper = PersonFactory(
        given_name="Keif", family_name="Lynch", postcode="BS4 1WR", merged_into=joined
    )
    stranger = PersonFactory(given_name="Keith", family_name="Lynch", postcode="BS5 9QQ")
    auditor = UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)
    request = RightsRequest.objects.create(
        kind=RightsRequestKind.ERASURE,
        person=person,
        received_on=datetime.date(2026, 11, 24),
        due_on=datetime.date(2026, 12, 24),
        identity_checked=True,
    )
    preview = dict(erasure_preview(person))
    assert (
        preview["Earlier records of this person that were joined to this one (repeat victims)"]
        == "2 records"
    )

    person_erase(request=request, actor=auditor)

    for pk in (joined.pk, deeper.pk):
        erased = Person.objects.get(pk=pk)
        assert (erased.given_name, erased.family_name, erased.phone, erased.email) == (
            "",
            "",
            "",
            "",
        )
        assert erased.date_of_birth is None and erased.address_line_1 == ""
        assert erased.postcode == "BS4" and erased.anonymised_at is not None
        assert erased.name_block == "" and erased.phone_index == ""
        assert not Person.history.filter(id=pk).exists()
    untouched = Person.objects.get(pk=stranger.pk)
    assert untouched.given_name == "Keith" and untouched.anonymised_at is None
