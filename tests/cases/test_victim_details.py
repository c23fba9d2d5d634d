"""Changing the victim's details on their case (ADR 71): the page, the service, who may do
it, and hostile input refused at the field with the feed's reasons."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, ReferralFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.cases.models import CaseNote, CaseStatus
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase
from victimcare.cases.services.victim import victim_details_change
from victimcare.cases.victim_forms import shown_token
from victimcare.referrals.corrections import CORRECTABLE, HUB_CORRECTION
from victimcare.referrals.models import VictimDetails

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case(vco):
    referral = ReferralFactory(
        team=vco.team,
        person__given_name="Amelia",
        person__family_name="Hart",
        person__date_of_birth=datetime.date(1988, 5, 2),
        person__phone="+447700900123",
        person__email="amelia.hart@example.org",
        person__address_line_1="4 Mill Lane",
    )
    return CaseFactory(referral=referral, team=vco.team, officer=vco)


def url(case):
    return reverse("cases:victim-details", args=[case.pk])


def shown(victim) -> str:
    """What the page's form shows, as it carries it."""
    return shown_token({name: getattr(victim, name) for name in CORRECTABLE})


def posted(case, **overrides):
    """The page's form as the officer sends it: every detail as held, then the changes."""
    victim = case.victim
    born = victim.date_of_birth
    data = {
        "version": str(case.version),
        "shown": shown(victim),
        "given_name": victim.given_name,
        "family_name": victim.family_name,
        "date_of_birth-day": str(born.day) if born else "",
        "date_of_birth-month": str(born.month) if born else "",
        "date_of_birth-year": str(born.year) if born else "",
        "address_line_1": victim.address_line_1,
        "address_line_2": victim.address_line_2,
        "town": victim.town,
        "postcode": victim.postcode,
        "phone": victim.phone,
        "email": victim.email,
        "reason": "victim_told_us",
        "note": "",
    }
    return {**data, **overrides}


def test_the_overview_links_to_the_page_which_shows_what_is_held(client, vco, case):
    client.force_login(vco)
    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'href="{url(case)}"' in overview
    page = client.get(url(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Change the victim&#x27;s details" in html
    for held in ('value="Amelia"', 'value="Hart"', 'value="+447700900123"', 'value="4 Mill Lane"'):
        assert held in html
    assert 'value="1988"' in html
    assert "The victim told us" in html and "A rectification request" in html


def test_a_new_phone_number_is_held_for_the_case_the_person_and_the_history(client, vco, case):
    client.force_login(vco)
    response = client.post(url(case), posted(case, phone="07700 900456", note="Rang on Monday"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk]) + "#victim"
    victim = VictimDetails.objects.get(referral=case.referral)
    assert victim.phone == "+447700900456"  # normalised as intake keeps it
    case.person.refresh_from_db()
    assert case.person.phone == "+447700900456"  # the person's one referral: changed too
    assert set(victim.hub_corrected) == {"phone"}
    assert "07700" not in json.dumps(victim.hub_corrected)  # digests, never values
    last = victim.history.order_by("-history_id").first()
    assert last.history_change_reason == f"{HUB_CORRECTION}The victim told us"
    assert last.history_user == vco
    assert last.prev_record.phone == "+447700900123"  # the old value kept in the history
    event = AuditEvent.objects.get(action="referral.victim_changed")
    assert event.data == {
        "case_id": case.pk,
        "reason": "victim_told_us",
        "victim_fields": ["phone"],
        "person_fields": ["phone"],
        "referral_fields": [],
    }
    assert "900456" not in json.dumps(event.data)
    note = CaseNote.objects.get(case=case)
    assert note.text == (
        "The victim's details were changed (phone). Why: The victim told us. Rang on Monday"
    )
    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "+447700900456" in overview
    assert "Victim&#x27;s details changed: phone" in overview


def test_a_joined_person_is_not_changed_and_the_page_says_so(client, vco, case):
    ReferralFactory(person=case.person, crime_reference="CR/OTHER")
    client.force_login(vco)
    page = client.get(url(case)).content.decode()
    assert "linked to 1 other referral" in page
    response = client.post(url(case), posted(case, address_line_1="9 New Road"), follow=True)
    assert "the victim&#x27;s 1 other referral keep the details" in response.content.decode()
    assert VictimDetails.objects.get(referral=case.referral).address_line_1 == "9 New Road"
    case.person.refresh_from_db()
    assert case.person.address_line_1 == "4 Mill Lane"
    assert AuditEvent.objects.get(action="referral.victim_changed").data["person_fields"] == []


def test_a_corrected_date_of_birth_derives_the_entitlement_again(vco, case):
    child = TODAY.replace(year=TODAY.year - 15)
    before = case.version
    victim_details_change(
        case=case,
        changes={"date_of_birth": child},
        reason="keying_mistake",
        actor=vco,
        expected_version=case.version,
    )
    case.referral.refresh_from_db()
    assert case.referral.entitlement_level == "enhanced"
    assert "vulnerable" in case.referral.entitlement_reason_codes  # under 18
    assert case.version == before + 1  # an open form of the case is now out of date


def test_nothing_changed_is_refused_and_a_stale_page_is_told(client, vco, case):
    with pytest.raises(CaseChangeRefused, match="Change at least one detail"):
        victim_details_change(
            case=case,
            changes={"phone": "+447700900123"},
            reason="victim_told_us",
            actor=vco,
            expected_version=case.version,
        )
    seen = case.version
    victim_details_change(
        case=case,
        changes={"town": "Bristol"},
        reason="victim_told_us",
        actor=vco,
        expected_version=seen,
    )
    with pytest.raises(StaleCase):
        victim_details_change(
            case=case,
            changes={"town": "Bath"},
            reason="victim_told_us",
            actor=vco,
            expected_version=seen,
        )
    client.force_login(vco)
    stale = posted(case, town="Bath", version=str(seen))
    page = client.post(url(case), stale).content.decode()
    assert 'data-testid="stale"' in page and "was changed by" in page
    assert VictimDetails.objects.get(referral=case.referral).town == "Bristol"


def test_a_new_postcode_never_moves_the_case_and_the_banner_says_it_is_outside_the_area(
    client, vco, case, riverside
):
    """A postcode another hub covers (or none does) is recorded; the new case, its named
    officer and its referral stay with the team, and the officer lands on the case."""
    client.force_login(vco)
    response = client.post(url(case), posted(case, postcode="BA1 1AA"), follow=True)
    assert response.redirect_chain[-1][0].endswith(
        reverse("cases:detail", args=[case.pk]) + "#victim"
    )
    assert response.status_code == 200
    assert "outside the area this case&#x27;s team covers" in response.content.decode()
    case.refresh_from_db()
    case.referral.refresh_from_db()
    assert VictimDetails.objects.get(referral=case.referral).postcode == "BA1 1AA"
    assert case.referral.postcode_district == "BA1"
    assert (case.team, case.referral.team, case.officer) == (vco.team, vco.team, vco)
    case.status = CaseStatus.ASSESSED
    case.save()
    response = client.post(url(case), posted(case, postcode="ZE1 0AA"), follow=True)
    assert response.status_code == 200
    assert "outside the area this case&#x27;s team covers" in response.content.decode()
    case.refresh_from_db()
    case.referral.refresh_from_db()
    assert (case.team, case.referral.team) == (vco.team, vco.team)


def test_a_postcode_the_teams_area_covers_says_nothing_more(client, vco, case):
    client.force_login(vco)
    response = client.post(url(case), posted(case, postcode="BS2 8AA"), follow=True)
    html = response.content.decode()
    assert "Victim&#x27;s details changed: postcode" in html
    assert "outside the area" not in html


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("given_name", "Ame\x00lia", "contains a null character"),
        ("family_name", "Ha\x07rt", "control character U+0007"),
        ("given_name", "Ame\u200blia", "invisible character (U+200B)"),
        ("address_line_1", '=HYPERLINK("http://x")', "run as a formula"),
        ("given_name", "-", "must not start with -"),
        ("family_name", "...", "Family name must include letters"),
        ("postcode", "NOT A CODE", "Postcode must be a UK postcode"),
        ("phone", "0800 FLOWERS", "Phone must be a UK phone number"),
        ("phone", "123", "Phone must be a UK phone number"),
        ("email", "amelia@", "Email must be an email address"),
        ("given_name", "A" * 101, "100 characters or fewer"),
    ],
)
def test_hostile_input_is_refused_at_its_field(client, vco, case, field, value, said):
    client.force_login(vco)
    response = client.post(url(case), posted(case, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert said in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert not AuditEvent.objects.filter(action="referral.victim_changed").exists()


def test_a_broken_character_is_refused_by_the_form_itself(vco, case):
    # A lone surrogate cannot arrive over HTTP as UTF-8; a script's form data could hold one.
    from victimcare.cases.victim_forms import VictimDetailsForm

    form = VictimDetailsForm(
        posted(case, family_name="Ha\ud800rt"), business=False, reported_on=TODAY
    )
    assert not form.is_valid()
    assert "broken character" in form.errors["family_name"][0]


def test_a_name_may_hold_a_joiner_and_another_script(vco, case, client):
    client.force_login(vco)
    response = client.post(url(case), posted(case, given_name="Олена", family_name="ग्\u200dरेस"))
    assert response.status_code == 302
    assert VictimDetails.objects.get(referral=case.referral).given_name == "Олена"


@pytest.mark.parametrize(
    ("born", "said"),
    [
        (TODAY + datetime.timedelta(days=1), "Date of birth must be in the past"),
        (datetime.date(1899, 12, 31), "Date of birth must be after 1 January 1900"),
    ],
)
def test_an_impossible_date_of_birth_is_refused(client, vco, case, born, said):
    client.force_login(vco)
    data = posted(
        case,
        **{
            "date_of_birth-day": str(born.day),
            "date_of_birth-month": str(born.month),
            "date_of_birth-year": str(born.year),
        },
    )
    assert said in client.post(url(case), data).content.decode()


def test_a_reason_is_required_and_the_note_is_short(client, vco, case):
    client.force_login(vco)
    html = client.post(url(case), posted(case, town="Bath", reason="", note="x" * 251))
    text = html.content.decode()
    assert "Select why the details are changing" in text
    assert "250 characters or fewer" in text


def test_a_business_victim_has_a_business_name_and_no_date_of_birth(client, vco):
    referral = ReferralFactory(
        team=vco.team,
        person__kind="business",
        person__given_name="",
        person__family_name="",
        person__business_name="Hart Bakery Ltd",
        person__date_of_birth=None,
    )
    case = CaseFactory(referral=referral, team=vco.team)
    client.force_login(vco)
    html = client.get(url(case)).content.decode()
    assert 'value="Hart Bakery Ltd"' in html and "date_of_birth-day" not in html
    data = {
        "version": str(case.version),
        "shown": shown(case.victim),
        "business_name": "Hart Bakery and Cafe Ltd",
        "reason": "police_corrected",
        "postcode": "BS1 4DJ",
    }
    assert client.post(url(case), data).status_code == 302
    assert VictimDetails.objects.get(referral=referral).business_name == "Hart Bakery and Cafe Ltd"


@pytest.mark.parametrize(
    ("role", "same_team", "status"),
    [
        (Role.VICTIM_CARE_OFFICER, True, 200),
        (Role.TEAM_LEADER, True, 200),
        (Role.VICTIM_CARE_OFFICER, False, 404),
        (Role.TEAM_LEADER, False, 404),
        # A page about one record answers 404 to those who lack the capability (core.access).
        (Role.PARTNER_WORKER, True, 404),
        (Role.COMMISSIONER, True, 404),
        (Role.POLICE_REFERRER, True, 404),
        (Role.AUDITOR, True, 404),
        (Role.ADMINISTRATOR, True, 404),
    ],
)
def test_only_the_case_team_may_change_the_details(
    client, vco, case, riverside, role, same_team, status
):
    team = vco.team if same_team else riverside
    user = UserFactory(role=role, team=team, organisation=vco.organisation)
    client.force_login(user)
    assert client.get(url(case)).status_code == status
    assert client.post(url(case), posted(case, town="Bath")).status_code in (status, 302)
    changed = VictimDetails.objects.get(referral=case.referral).town == "Bath"
    assert changed == (status == 200)


def test_another_team_with_a_reason_may_read_the_case_but_not_change_it(
    client, vco, case, riverside
):
    other = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=vco.organisation
    )
    client.force_login(other)
    client.post(
        reverse("cases:open-other"),
        {"reference": case.reference, "justification": "Covering for a colleague on leave"},
    )
    overview = client.get(reverse("cases:detail", args=[case.pk]))
    assert overview.status_code == 200
    assert url(case) not in overview.content.decode()
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), posted(case, town="Bath")).status_code == 404


def test_every_read_of_the_page_is_logged(client, vco, case):
    client.force_login(vco)
    client.get(url(case))
    client.post(url(case), posted(case, postcode="nonsense"))
    entries = AccessLogEntry.objects.filter(route="cases:victim-details")
    assert entries.count() == 2
    for entry in entries:
        assert (entry.object_type, entry.object_ids, entry.user) == (
            "cases.case",
            [str(case.pk)],
            vco,
        )
        assert entry.people == f",{case.person_id},"


def test_an_ended_case_may_still_be_corrected_but_not_one_transferred_out(vco, case):
    case.status = CaseStatus.CLOSED
    case.save()
    victim_details_change(
        case=case,
        changes={"town": "Bath"},
        reason="rectification",
        actor=vco,
        expected_version=None,
    )
    case.status = CaseStatus.TRANSFERRED_OUT
    case.save()
    with pytest.raises(CaseChangeRefused, match="transferred to another area"):
        victim_details_change(
            case=case,
            changes={"town": "Bristol"},
            reason="rectification",
            actor=vco,
            expected_version=None,
        )
