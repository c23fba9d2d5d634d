"""The staff pages officers open most cost the same few queries however much a case or a
hub holds (issue 21: a large hub's officers are served from one core), and the queue's rows
and the search results, written in Python for speed (ADRs 60 and 66), are the markup the
template wrote before."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory, TeamFactory, UserFactory
from victimcare.cases.models import Case, CaseNote
from victimcare.cases.search import FoundCase, FoundPerson
from victimcare.cases.selectors import case_queue
from victimcare.cases.timeline import TIMELINE_RELATIONS, case_timeline, relations_with_rows
from victimcare.cases.views.queue import deadline_label
from victimcare.cases.views.queue_rows import queue_rows_html
from victimcare.cases.views.search_rows import search_results_html

pytestmark = pytest.mark.django_db

# The template loop the rows replaced, as it was (templates/cases/queue.html before ADR 60).
TEMPLATE_ROWS = (
    "{% autoescape on %}"
    + """{% for case, deadline_label, deadline_tag in rows %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell" data-label="Contact by"><strong class="govuk-tag {{ deadline_tag }}">{{ deadline_label }}</strong> <time datetime="{{ case.contact_deadline|date:'Y-m-d' }}">{{ case.contact_deadline|date:"j M Y" }}</time></td>
        <td class="govuk-table__cell" data-label="Case"><a class="govuk-link" href="{% url 'cases:detail' case.pk %}">{{ case.reference }}</a></td>
        <td class="govuk-table__cell" data-label="Victim">{{ case.victim.display_name }}{% if case.referral.channel != "police_feed" %}<br><strong class="govuk-tag govuk-tag--blue">{{ case.referral.get_channel_display }}</strong>{% endif %}</td>
        <td class="govuk-table__cell" data-label="Entitlement">{% if case.referral.entitlement_level == "enhanced" %}<strong class="govuk-tag govuk-tag--purple">Enhanced</strong>{% else %}{{ case.referral.get_entitlement_level_display }}{% endif %}{% if queue_list == "consent" %}<br><span class="govuk-body-s">Ask for consent</span>{% endif %}</td>
        <td class="govuk-table__cell" data-label="Crime">{{ case.referral.crime_category }}{% for flag in case.referral.flag_labels %}<br><span class="govuk-body-s">{{ flag }}</span>{% endfor %}</td>
        <td class="govuk-table__cell" data-label="Reported"><time datetime="{{ case.referral.reported_at|date:'c' }}">{{ case.referral.reported_at|date:"j M Y H:i" }}</time></td>
        <td class="govuk-table__cell" data-label="Officer">{% if case.officer_id == user.pk %}<strong>You</strong>{% else %}{{ case.officer.display_name|default:"Not allocated" }}{% endif %}</td>
      </tr>
      {% endfor %}"""
    + "{% endautoescape %}"
)


def queue_cases(northgate, officer, other):
    """Cases with everything a queue row can show: each channel, both entitlement levels,
    flags, a name to escape, no officer, the reader and another officer."""
    when = timezone.now() - datetime.timedelta(days=40)
    return [
        CaseFactory(
            team=northgate, contact_deadline=timezone.localdate() - datetime.timedelta(days=3)
        ),
        CaseFactory(
            team=northgate,
            officer=officer,
            referral__channel="self",
            referral__entitlement_level="enhanced",
            referral__domestic_abuse=True,
            referral__hate_crime=True,
            referral__reported_at=when.replace(month=7, microsecond=123456),
            referral__victim={"family_name": "O'Brien <Smith> & Co"},
        ),
        CaseFactory(
            team=northgate,
            officer=other,
            referral__channel="partner",
            referral__crime_category="Criminal damage & arson",
            referral__reported_at=when.replace(month=1, hour=0, minute=5),
            contact_deadline=timezone.localdate(),
        ),
    ]


@pytest.mark.parametrize("queue_list", ["contact", "consent"])
def test_the_queue_rows_are_the_markup_the_template_wrote(vco, northgate, queue_list) -> None:
    other = UserFactory(team=northgate, organisation=northgate.organisation, first_name="Ffion")
    queue_cases(northgate, vco, other)
    today = timezone.localdate()
    cases = Case.objects.select_related("referral__victim", "officer").order_by("pk")
    rows = [(case, *deadline_label(case.contact_deadline, today)) for case in cases]
    before = Template(TEMPLATE_ROWS).render(
        Context({"rows": rows, "user": vco, "queue_list": queue_list})
    )
    assert str(queue_rows_html(rows, user_id=vco.pk, queue_list=queue_list)) == before
    assert "O&#x27;Brien &lt;Smith&gt; &amp; Co" in before  # escaped, as the template did


# The search results' loop, as it was (templates/cases/search.html before ADR 66).
TEMPLATE_CARDS = (
    "{% autoescape on %}"
    + """{% for found in people %}
  <div class="govuk-summary-card" data-testid="search-person">
    <div class="govuk-summary-card__title-wrapper">
      <h3 class="govuk-summary-card__title">{{ found.person.display_name|default:"Name not given" }}</h3>
    </div>
    <div class="govuk-summary-card__content">
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Date of birth</dt><dd class="govuk-summary-list__value">{{ found.person.date_of_birth|date:"j F Y"|default:"Not given" }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Postcode</dt><dd class="govuk-summary-list__value">{{ found.person.postcode|default:"Not given" }}</dd></div>
      </dl>
      <table class="govuk-table vch-table--stack">
        <caption class="govuk-table__caption govuk-visually-hidden">Cases of {{ found.person.display_name|default:"this person" }}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Case</th>
          <th scope="col" class="govuk-table__header">Crime</th>
          <th scope="col" class="govuk-table__header">Hub</th>
          <th scope="col" class="govuk-table__header">Status</th>
          <th scope="col" class="govuk-table__header">Named officer</th>
        </tr></thead>
        <tbody class="govuk-table__body">
        {% for item in found.cases %}
          <tr class="govuk-table__row">
            <td class="govuk-table__cell" data-label="Case">{% if item.openable %}<a class="govuk-link" href="{% url 'cases:detail' item.case.pk %}">{{ item.case.reference }}</a>{% else %}{{ item.case.reference }}<br><a class="govuk-link govuk-body-s" href="{% url 'cases:open-other' %}?reference={{ item.case.reference|urlencode }}">Open with a reason<span class="govuk-visually-hidden"> case {{ item.case.reference }}</span></a>{% endif %}</td>
            <td class="govuk-table__cell" data-label="Crime">{{ item.case.referral.crime_category|default:"Not given" }}, reported {{ item.case.referral.reported_at|date:"j M Y" }}</td>
            <td class="govuk-table__cell" data-label="Hub">{{ item.case.team }}</td>
            <td class="govuk-table__cell" data-label="Status">{{ item.case.get_status_display }}</td>
            <td class="govuk-table__cell" data-label="Named officer">{{ item.case.officer.display_name|default:"Not allocated" }}</td>
          </tr>
        {% endfor %}
        </tbody>
      </table>
    </div>
  </div>
  {% endfor %}"""
    + "{% endautoescape %}"
)


def test_the_search_results_are_the_markup_the_template_wrote(vco, northgate) -> None:
    """Every variant a card shows: a name to escape, a business, no date of birth, no
    postcode, no crime category, no officer and an officer known by username only, a report
    late on a summer evening (the next day in London), a case of another hub of the
    organisation (open with a reason), and a person with two cases."""
    other_hub = TeamFactory(organisation=northgate.organisation, name="Riverside & Co hub")
    summer = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)
    cases = [
        CaseFactory(
            team=northgate,
            officer=vco,
            referral__person__family_name="O'Brien <Smith> & Co",
            referral__crime_category="Criminal damage & arson",
            referral__reported_at=summer,
        ),
        CaseFactory(
            team=northgate,
            referral__person__kind="business",
            referral__person__business_name="Corner <Shop>",
            referral__person__date_of_birth=None,
            referral__person__postcode="",
            referral__crime_category="",
        ),
        CaseFactory(
            team=other_hub,
            officer=UserFactory(team=other_hub, first_name="", last_name="", username="ffion"),
        ),
    ]
    cases.append(CaseFactory(team=northgate, person=cases[0].person))
    rows = Case.objects.select_related("person", "team", "officer", "referral").order_by("pk")
    people: dict[int, FoundPerson] = {}
    for case in rows:
        found = people.setdefault(case.person_id, FoundPerson(person=case.person))
        found.cases.append(FoundCase(case=case, openable=case.team_id == northgate.pk))
    before = Template(TEMPLATE_CARDS).render(Context({"people": list(people.values())}))
    assert str(search_results_html(people.values())) == before
    assert "O&#x27;Brien &lt;Smith&gt; &amp; Co" in before  # escaped, as the template did
    assert "Open with a reason" in before
    assert "2 Jul 2026" in before


def signed_in(client, user):
    """Signed in, with the session's first refresh (a write, once a minute) behind it."""
    client.force_login(user)
    client.get(reverse("staff-home"))
    return client


def count_queries(django_assert_max_num_queries, client, url, most, method="get", data=None):
    with django_assert_max_num_queries(most) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(captured)


def test_the_queue_reads_as_many_queries_for_thirty_cases_as_for_one(
    client, vco, northgate, django_assert_max_num_queries
) -> None:
    signed_in(client, vco)
    CaseFactory(team=northgate)
    url = reverse("cases:queue")
    one = count_queries(django_assert_max_num_queries, client, url, 6)
    other = UserFactory(team=northgate, organisation=northgate.organisation)
    for _ in range(10):
        queue_cases(northgate, vco, other)
    assert count_queries(django_assert_max_num_queries, client, url, 6) == one
    assert len(case_queue(vco)) == 31


@pytest.mark.parametrize(
    ("name", "most"), [("cases:detail", 6), ("cases:support", 13), ("cases:timeline", 19)]
)
def test_a_case_page_reads_as_many_queries_for_a_full_case_as_for_a_case_with_one_record(
    client, vco, northgate, django_assert_max_num_queries, name, most
) -> None:
    """At most the session, user and second factor, the case, which kinds of record it
    holds (one query), one query for each kind it holds, and the access-log row; `most` is
    a case holding every kind the page shows."""
    signed_in(client, vco)
    one, full = CaseFactory(team=northgate), CaseFactory(team=northgate, officer=vco)
    for case, n in ((one, 1), (full, 5)):
        for i in range(n):
            CaseTaskFactory(case=case, assigned_to=vco)
            CaseNote.objects.create(case=case, text=f"Called back {i}", written_by=vco)
        CaseFactory(team=northgate, person=case.person)  # an earlier case of the same victim
    counts = [
        count_queries(django_assert_max_num_queries, client, reverse(name, args=[case.pk]), most)
        for case in (one, full)
    ]
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["cases:detail", "cases:support", "cases:timeline"])
def test_a_new_case_page_reads_no_kind_of_record_it_does_not_hold(
    client, vco, northgate, django_assert_max_num_queries, name
) -> None:
    """A new case holds none of the support section's or the timeline's records: the
    session, user, second factor, the case, one query to learn it holds none (the overview
    reads its tasks instead), and the access-log row."""
    signed_in(client, vco)
    case = CaseFactory(team=northgate)
    assert count_queries(django_assert_max_num_queries, client, reverse(name, args=[case.pk]), 6)


def test_search_and_a_new_note_read_a_fixed_number_of_queries(
    client, vco, northgate, django_assert_max_num_queries
) -> None:
    signed_in(client, vco)
    for _ in range(12):
        CaseFactory(team=northgate, referral__person__family_name="Pritchard")
    search = reverse("cases:search") + "?q=Pritchard"
    assert count_queries(django_assert_max_num_queries, client, search, 7)
    case = CaseFactory(team=northgate, officer=vco)
    note = reverse("cases:note", args=[case.pk])
    count_queries(
        django_assert_max_num_queries, client, note, 9, "post", {"note-text": "Left a message"}
    )
    assert CaseNote.objects.filter(case=case).count() == 1


def test_the_kinds_of_record_a_case_holds_are_found_in_one_query(
    vco, northgate, django_assert_num_queries
) -> None:
    """Each relation the timeline reads is probed (a new case holds none), and a kind the
    case holds is read in full: the timeline of a case with a note and a task shows both."""
    new, worked = CaseFactory(team=northgate), CaseFactory(team=northgate)
    CaseTaskFactory(case=worked, assigned_to=vco, title="Ring back")
    CaseNote.objects.create(case=worked, text="Left a message", written_by=vco)
    with django_assert_num_queries(1):
        assert relations_with_rows(new, TIMELINE_RELATIONS) == set()
    with django_assert_num_queries(1):
        assert relations_with_rows(worked, TIMELINE_RELATIONS) == {"tasks", "notes"}
    assert relations_with_rows(worked, ()) == set()
    titles = [entry.title for entry in case_timeline(worked)]
    assert "Note" in titles
    assert "Task: Ring back" in titles
