"""The staff pages officers open most cost the same few queries however much a case or a
hub holds (issue 21: a large hub's officers are served from one core), and the queue's rows,
written in Python for speed (ADR 60), are the markup the template wrote before."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory, UserFactory
from victimcare.cases.models import Case, CaseNote
from victimcare.cases.selectors import case_queue
from victimcare.cases.views.queue import deadline_label
from victimcare.cases.views.queue_rows import queue_rows_html

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
    ("name", "most"), [("cases:detail", 6), ("cases:support", 11), ("cases:timeline", 18)]
)
def test_a_case_page_reads_as_many_queries_for_a_full_case_as_for_an_empty_one(
    client, vco, northgate, django_assert_max_num_queries, name, most
) -> None:
    signed_in(client, vco)
    empty, full = CaseFactory(team=northgate), CaseFactory(team=northgate, officer=vco)
    for n in range(5):
        CaseTaskFactory(case=full, assigned_to=vco)
        CaseNote.objects.create(case=full, text=f"Called back {n}", written_by=vco)
    CaseFactory(team=northgate, person=full.person)  # an earlier case of the same victim
    counts = [
        count_queries(django_assert_max_num_queries, client, reverse(name, args=[case.pk]), most)
        for case in (empty, full)
    ]
    assert counts[0] == counts[1]


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
