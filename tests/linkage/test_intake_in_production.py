"""Linkage at intake as it runs in production: outside any test transaction, through the feed
file command, the upload worker and the API. A batch in which several joins hand new cases
back to the victims' previous officers links every one of them, and records each merge's
consequences (the officer given back, and what an unmerge needs to put it back)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.linkage.models import PersonMerge
from victimcare.linkage.services import people_unmerge
from victimcare.referrals.models import ImportRun

pytestmark = pytest.mark.django_db(transaction=True)

# Victims the hub supported before, each by a named officer; each reported again with her
# family name mistyped (so only linkage, not the exact details at intake, finds her) and
# everything else as before.
TYPED_AS = {
    "Adeyemi": "Adeyemy",
    "Pritchard": "Pritchad",
    "Gallagher": "Galagher",
    "Okonkwo-Price": "Okonkow-Price",
}
KNOWN = [
    ("Oluwaseun", "Adeyemi", "1979-02-11", "BS1 4DJ", "07700 900201", "o.adeyemi@example.org"),
    ("Bronwen", "Pritchard", "1991-07-23", "BS2 8QT", "07700 900202", "bronwen.p@example.org"),
    ("Siobhan", "Gallagher", "1968-12-01", "BS1 6AA", "07700 900203", "siobhan.g@example.org"),
    ("Rhiannon", "Okonkwo-Price", "2001-05-30", "BS2 9LP", "07700 900204", "r.op@example.org"),
]


@pytest.fixture
def known(index, northgate):
    """The four victims, each with an earlier case: the first two supported by one officer,
    the others by another; a third officer takes new cases with the lightest load."""
    first_officer, second_officer, free = (
        UserFactory(
            role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
        )
        for _ in range(3)
    )
    people = []
    for n, (given, family, born, postcode, phone, email) in enumerate(KNOWN):
        person = PersonFactory(
            given_name=given,
            family_name=family,
            postcode=postcode,
            date_of_birth=datetime.date.fromisoformat(born),
            phone="+44" + phone.replace(" ", "")[1:],
            email=email,
            address_line_1=f"{n + 3} Orchard Row",
        )
        CaseFactory(
            team=northgate,
            officer=first_officer if n < 2 else second_officer,
            referral__person=person,
            referral__reported_at=timezone.now() - datetime.timedelta(days=90),
        )
        people.append(person)
    for officer in (first_officer, second_officer):  # busy: at intake, new cases go to `free`
        CaseFactory.create_batch(6, team=northgate, officer=officer)
    call_command("train_linkage", verbosity=0)
    return people, {0: first_officer, 1: first_officer, 2: second_officer, 3: second_officer}, free


def batch() -> list[dict[str, str]]:
    yesterday = (timezone.now() - datetime.timedelta(days=1)).isoformat(timespec="minutes")
    rows = [
        row(
            crime_reference=f"CR/R{n}",
            given_name=given,
            family_name=TYPED_AS[family],
            date_of_birth=born,
            postcode=postcode,
            phone=phone,
            email=email,
            address_line_1=f"{n + 3} Orchard Row",
            reported_at=yesterday,
        )
        for n, (given, family, born, postcode, phone, email) in enumerate(KNOWN)
    ]
    # Someone the hub has never seen, between the repeats.
    rows.insert(
        2,
        row(
            crime_reference="CR/NEW",
            given_name="Tomasz",
            family_name="Zielinski",
            date_of_birth="1990-01-02",
            postcode="BS1 1AA",
            phone="",
            email="",
            reported_at=yesterday,
        ),
    )
    return rows


def assert_every_repeat_linked_with_its_consequences(known) -> None:
    people, previous, free = known
    for n, person in enumerate(people):
        case = Case.objects.select_related("referral").get(referral__crime_reference=f"CR/R{n}")
        assert case.person_id == person.pk and case.referral.person_id == person.pk
        assert case.officer_id == previous[n].pk  # handed back to the officer she knows
        assert case.allocation_reason.endswith("(found by repeat-victim linkage)")
        [merge] = PersonMerge.objects.filter(survivor=person)
        assert merge.moved["cases"] == [case.pk]
        assert merge.moved["allocations"] == {
            str(case.pk): {
                "officer_id": free.pk,
                "allocation_reason": merge.moved["allocations"][str(case.pk)]["allocation_reason"],
                "to_officer_id": previous[n].pk,
            }
        }
        assert (
            AuditEvent.objects.filter(
                action="case.allocated", object_id=str(case.pk), actor_label="linkage"
            ).count()
            == 1
        )
        assert AuditEvent.objects.filter(action="linkage.merged", object_id=str(person.pk)).exists()
    stranger = Case.objects.get(referral__crime_reference="CR/NEW")
    assert stranger.person.merged_into_id is None and stranger.officer_id == free.pk
    assert PersonMerge.objects.count() == len(people)


def test_the_feed_file_command_links_every_repeat_with_its_consequences(known, write_csv) -> None:
    call_command(
        "import_referrals", str(write_csv(feed_csv(batch()))), "--no-progress", verbosity=0
    )
    assert_every_repeat_linked_with_its_consequences(known)

    # Each merge can be undone exactly: the case goes back to the officer it had.
    people, previous, free = known
    merge = PersonMerge.objects.get(survivor=people[3])
    people_unmerge(merge=merge, actor=previous[3])
    case = Case.objects.get(referral__crime_reference="CR/R3")
    assert case.person_id == merge.merged_id and case.officer_id == free.pk


def test_the_upload_worker_links_every_repeat_with_its_consequences(
    known, client, northgate, settings, tmp_path
) -> None:
    settings.VCH_UPLOAD_DIR = tmp_path
    northgate.organisation.extra_source_codes = ["test-police"]  # loads this force's feed
    northgate.organisation.save()
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    response = client.post(
        reverse("referrals:imports"),
        {"file": SimpleUploadedFile("feed.csv", feed_csv(batch()).encode())},
    )
    assert response.status_code == 302
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.rejected) == ("finished", 5, 0)
    assert_every_repeat_linked_with_its_consequences(known)


def test_the_api_links_every_repeat_with_its_consequences(known, client) -> None:
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    token = api_key_issue(organisation=police, name="nightly feed")[1]
    response = client.post(
        "/api/v1/referrals",
        batch(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 5
    assert_every_repeat_linked_with_its_consequences(known)
