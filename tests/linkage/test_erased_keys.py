"""An erased person leaves nothing linkage could find them by (issue 16): the blocking keys
derived from their name, phone and email are blanked with the rest of their identity."""

import datetime

import pytest

from tests.factories import PersonFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.dataprotection.models import RightsRequest, RightsRequestKind
from victimcare.dataprotection.services import person_erase
from victimcare.linkage.intake import _candidate_rows, _known_candidates
from victimcare.people.models import Person

pytestmark = pytest.mark.django_db


def test_erasure_blanks_the_blocking_keys_and_linkage_no_longer_finds_the_person(
    northgate,
) -> None:
    person = PersonFactory(given_name="Morwenna", family_name="Trelawney",
                           date_of_birth=datetime.date(1980, 5, 4), postcode="BS1 4DJ",
                           phone="+447700900555", email="morwenna@example.org")  # fmt: skip
    keys = ("family_phonetic", "name_block", "phone_index", "email_index")
    assert all(getattr(person, key) for key in keys)
    auditor = UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)
    request = RightsRequest.objects.create(
        kind=RightsRequestKind.ERASURE, person=person, received_on=datetime.date(2026, 11, 24),
        due_on=datetime.date(2026, 12, 24), identity_checked=True,
    )  # fmt: skip

    person_erase(request=request, actor=auditor)

    erased = Person.objects.get(pk=person.pk)
    assert {key: getattr(erased, key) for key in keys} == dict.fromkeys(keys, "")
    assert erased.name_key == "" and erased.anonymised_at is not None
    # A newcomer with the erased person's name, phone and email finds no one.
    again = PersonFactory(given_name="Morwenna", family_name="Trelawney", postcode="CF10 1AA",
                          phone="+447700900555", email="morwenna@example.org")  # fmt: skip
    [probe] = _candidate_rows(Person.objects.filter(pk=again.pk))
    assert [c.pk for c in _known_candidates([probe])] == []
    # Not even by a raw key lookup that forgot the anonymised filter.
    assert not Person.objects.filter(name_block=again.name_block).exclude(pk=again.pk).exists()
    assert not Person.objects.filter(phone_index=again.phone_index).exclude(pk=again.pk).exists()
