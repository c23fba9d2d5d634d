"""Contact details and notes are encrypted at rest, and keys can be rotated."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import CaseFactory, PersonFactory
from victimcare.cases.models import Case, CaseNote
from victimcare.core.fields import UndecryptableValue, encrypt_text, reencrypt_columns
from victimcare.people.models import Person

pytestmark = pytest.mark.django_db

OLD_KEY = "old-secret-key-for-tests-0123456789abcdefghijklmnop"
NEW_KEY = "new-secret-key-for-tests-0123456789abcdefghijklmnop"


def stored(person: Person, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_contact_details_are_stored_encrypted_and_read_back_clear() -> None:
    person = PersonFactory(
        phone="+447700900123", email="nia@example.org", contact_notes="Call after 6pm"
    )
    for column, clear in [
        ("phone", "+447700900123"),
        ("email", "nia@example.org"),
        ("contact_notes", "Call after 6pm"),
    ]:
        raw = stored(person, column)
        assert raw.startswith("gAAAAA") and clear not in raw
    again = Person.objects.get(pk=person.pk)
    assert (again.phone, again.email, again.contact_notes) == (
        "+447700900123",
        "nia@example.org",
        "Call after 6pm",
    )


def test_empty_values_stay_empty() -> None:
    person = PersonFactory(phone="", email="", contact_notes="")
    assert stored(person, "phone") == ""
    assert Person.objects.get(pk=person.pk).phone == ""


def test_a_rotated_key_reads_old_values_and_rotation_moves_them_to_the_new_key(
    settings,
) -> None:
    settings.SECRET_KEY = OLD_KEY
    person = PersonFactory(phone="+447700900456")
    case = CaseFactory(referral__person=person, safe_times="Evenings")
    note = CaseNote.objects.create(case=case, text="Lives with her mother")
    old_token = stored(person, "phone")

    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    assert Person.objects.get(pk=person.pk).phone == "+447700900456"

    old_index = Person.objects.get(pk=person.pk).phone_index
    call_command("rotate_encryption", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(person, "phone") != old_token
    # The phone's blind index for linkage follows the new key too.
    from victimcare.people.normalise import blind_index

    assert Person.objects.get(pk=person.pk).phone_index == blind_index("+447700900456")
    assert Person.objects.get(pk=person.pk).phone_index != old_index

    settings.SECRET_KEY_FALLBACKS = []
    assert Person.objects.get(pk=person.pk).phone == "+447700900456"
    # Every encrypted column moved, case-work text and change history included.
    assert CaseNote.objects.get(pk=note.pk).text == "Lives with her mother"
    assert CaseNote.history.get(id=note.pk).text == "Lives with her mother"
    assert Case.objects.get(pk=case.pk).safe_times == "Evenings"
    assert Person.history.filter(id=person.pk).first().phone == "+447700900456"


def test_a_value_no_key_opens_is_an_error_never_shown_as_ciphertext(settings) -> None:
    settings.SECRET_KEY = OLD_KEY
    person = PersonFactory(phone="+447700900789")
    settings.SECRET_KEY = NEW_KEY
    with pytest.raises(UndecryptableValue):
        Person.objects.get(pk=person.pk)


def test_rows_stored_before_encryption_are_encrypted_by_the_migration_step() -> None:
    person = PersonFactory(phone="")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET phone = %s WHERE id = %s", ["+447700900111", person.pk]
        )
    assert reencrypt_columns(connection, "people_person", ("phone",)) >= 1
    assert stored(person, "phone").startswith("gAAAAA")
    assert Person.objects.get(pk=person.pk).phone == "+447700900111"
    assert encrypt_text("") == ""


def test_rotation_knows_every_encrypted_column_including_history_tables() -> None:
    from victimcare.core.fields import encrypted_columns

    tables = encrypted_columns()
    assert tables["people_person"][1] == (
        "address_line_1",
        "address_line_2",
        "phone",
        "email",
        "contact_notes",
    )
    assert tables["people_historicalperson"][0] == "history_id"
    for table in (
        "cases_casenote",
        "cases_casetask",
        "assessments_needsanswer",
        "assessments_riskassessment",
        "referrals_peerhub",
    ):
        assert table in tables, table
