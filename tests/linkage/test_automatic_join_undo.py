"""An officer undoes a join intake made on its own (issue 16): the officers who may see
both people find recent automatic joins, and undo a wrong one with a reason; each person
gets back exactly their own referral and case, and the undo is audited and access-logged.
Outside a test transaction, as intake runs in production."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, PersonFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.linkage.models import CandidateStatus, LinkCandidate, PersonMerge
from victimcare.linkage.services import candidate_decide
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def joined(index, northgate, vco, write_csv):
    """A victim supported before, and a new referral intake joined to her on its own."""
    known = PersonFactory(
        given_name="Oluwaseun",
        family_name="Adeyemi",
        postcode="BS1 4DJ",
        date_of_birth=datetime.date(1979, 2, 11),
        phone="+447700900201",
        email="o.adeyemi@example.org",
        address_line_1="3 Orchard Row",
    )
    before = CaseFactory(
        team=northgate,
        officer=vco,
        referral__person=known,
        referral__reported_at=timezone.now() - datetime.timedelta(days=40),
    )
    call_command("train_linkage", verbosity=0)
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/77",
                        given_name="Oluwaseun",
                        family_name="Adeyemy",
                        date_of_birth="1979-02-11",
                        postcode="BS1 4DJ",
                        address_line_1="3 Orchard Row",
                        phone="07700 900201",
                        email="o.adeyemi@example.org",
                        reported_at=(timezone.now() - datetime.timedelta(days=1)).isoformat(),
                    ),
                ]
            )
        )
    )
    later = Case.objects.get(referral__crime_reference="CR/77")
    merge = PersonMerge.objects.get()
    assert later.person_id == known.pk and merge.automatic  # joined by intake
    return known, before, later, merge


def test_an_officer_who_sees_both_people_undoes_an_automatic_join_with_a_reason(
    client, vco, joined
) -> None:
    known, before, later, merge = joined
    client.force_login(vco)
    listed = client.get(reverse("linkage:joins"))
    assert [j.merge.pk for j in listed.context["joins"]] == [merge.pk]
    assert later.reference in listed.content.decode()
    by_case = client.get(reverse("linkage:joins"), {"case": before.reference})
    assert [j.merge.pk for j in by_case.context["joins"]] == [merge.pk]
    other_case = client.get(reverse("linkage:joins"), {"case": "VC-NOPE0-NOPE0"})
    assert other_case.context["joins"] == []
    url = reverse("linkage:join", args=[merge.pk])
    page = client.get(url)
    assert "Adeyemy" in page.content.decode() and "Adeyemi" in page.content.decode()

    for hostile in ("", "   ", ". . . . . . . . . . . .", "\u200b" * 30, "x" * 501):
        refused = client.post(url, {"reason": hostile})
        assert refused.status_code == 200 and refused.context["form"].errors, hostile
    assert PersonMerge.objects.get().unmerged_at is None

    done = client.post(url, {"reason": "Her twin sister, confirmed on the phone today"})
    assert done.status_code == 302

    merge.refresh_from_db()
    assert merge.unmerged_at is not None and merge.unmerged_by == vco
    assert merge.unmerge_reason == "Her twin sister, confirmed on the phone today"
    later.refresh_from_db()
    later_referral = Referral.objects.get(crime_reference="CR/77")
    assert later.person_id == merge.merged_id == later_referral.person_id
    assert Case.objects.get(pk=before.pk).person_id == known.pk
    decided = LinkCandidate.objects.get()
    assert decided.status == CandidateStatus.REJECTED and decided.decided_by == vco
    assert AuditEvent.objects.filter(action="linkage.automatic_join_undone", actor=vco).exists()
    assert AuditEvent.objects.filter(action="linkage.unmerged").exists()
    undo_log = AccessLogEntry.objects.get(route="linkage:join-undo")
    assert undo_log.justification == "Her twin sister, confirmed on the phone today"
    assert f",{known.pk}," in undo_log.people and f",{merge.merged_id}," in undo_log.people
    assert AccessLogEntry.objects.filter(route="linkage:join", user=vco).exists()
    # Undone: no longer offered, and cannot be undone twice.
    assert client.get(reverse("linkage:joins")).context["joins"] == []
    assert client.post(url, {"reason": "Again, to see what happens"}).status_code == 404


def test_an_officer_who_cannot_see_both_people_is_not_shown_the_join(
    client, joined, riverside, northgate
) -> None:
    *_, merge = joined
    elsewhere = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=northgate.organisation
    )
    client.force_login(elsewhere)
    assert client.get(reverse("linkage:joins")).context["joins"] == []
    url = reverse("linkage:join", args=[merge.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "I would like to undo this join"}).status_code == 404
    partner = UserFactory(role=Role.PARTNER_WORKER, organisation=northgate.organisation)
    client.force_login(partner)
    assert client.get(reverse("linkage:joins")).status_code == 403
    assert PersonMerge.objects.get().unmerged_at is None


def test_a_join_an_officer_made_from_the_review_queue_is_not_offered_here(
    client, vco, joined
) -> None:
    *_, merge = joined
    client.force_login(vco)
    from victimcare.linkage.review import automatic_join_undo

    client.post(reverse("linkage:join", args=[merge.pk]), {"reason": "Twin sister, not her"})
    pair = LinkCandidate.objects.get()
    pair.status = CandidateStatus.PENDING
    pair.save()
    candidate_decide(candidate=pair, same_person=True, actor=vco)  # an officer's join
    by_officer = PersonMerge.objects.get(unmerged_at__isnull=True)
    assert not by_officer.automatic
    assert client.get(reverse("linkage:joins")).context["joins"] == []
    assert client.get(reverse("linkage:join", args=[by_officer.pk])).status_code == 404
    from victimcare.linkage.services import LinkageRefused

    with pytest.raises(LinkageRefused):
        automatic_join_undo(merge=by_officer, actor=vco, reason="Not automatic at all")


def test_the_case_page_leads_an_officer_to_how_its_victim_was_joined(client, vco, joined) -> None:
    _known, _before, later, merge = joined
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[later.pk])).content.decode()
    link = f"{reverse('linkage:joins')}?case={later.reference}"
    assert link in page
    listed = client.get(link)
    assert [j.merge.pk for j in listed.context["joins"]] == [merge.pk]
