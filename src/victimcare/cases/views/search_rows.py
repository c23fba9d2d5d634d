"""The staff search's results, written in Python (ADR 66, as the queue's rows: ADR 60).

Search is the costliest page of the staff mix after its reads were cut to the people it
shows: the template loop over up to 25 people and their cases was about a third of its CPU
(a thousand variables resolved, a date formatted and an address reversed for each case).
These cards are the same markup, character for character, as the loop they replace
(tests/cases/test_staff_page_costs.py renders both and compares them): every value escaped
as the template escaped it, dates in the active language and the hub's time zone as
Django's `date` filter writes them.
"""

from collections.abc import Iterable
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from victimcare.cases.search import FoundPerson
from victimcare.cases.views.html_parts import case_address, escaped

CARD = """
  <div class="govuk-summary-card" data-testid="search-person">
    <div class="govuk-summary-card__title-wrapper">
      <h3 class="govuk-summary-card__title">{name}</h3>
    </div>
    <div class="govuk-summary-card__content">
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Date of birth</dt><dd class="govuk-summary-list__value">{born}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Postcode</dt><dd class="govuk-summary-list__value">{postcode}</dd></div>
      </dl>
      <table class="govuk-table vch-table--stack">
        <caption class="govuk-table__caption govuk-visually-hidden">Cases of {whose}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Case</th>
          <th scope="col" class="govuk-table__header">Crime</th>
          <th scope="col" class="govuk-table__header">Hub</th>
          <th scope="col" class="govuk-table__header">Status</th>
          <th scope="col" class="govuk-table__header">Named officer</th>
        </tr></thead>
        <tbody class="govuk-table__body">
        {rows}
        </tbody>
      </table>
    </div>
  </div>
  """  # noqa: E501 - the template's lines, as they were
ROW = """
          <tr class="govuk-table__row">
            <td class="govuk-table__cell" data-label="Case">{case}</td>
            <td class="govuk-table__cell" data-label="Crime">{crime}, reported {reported}</td>
            <td class="govuk-table__cell" data-label="Hub">{hub}</td>
            <td class="govuk-table__cell" data-label="Status">{status}</td>
            <td class="govuk-table__cell" data-label="Named officer">{officer}</td>
          </tr>
        """
OPEN = '<a class="govuk-link" href="{url}">{reference}</a>'
WITH_A_REASON = (
    '{reference}<br><a class="govuk-link govuk-body-s" href="{url}?reference={query}">'
    'Open with a reason<span class="govuk-visually-hidden"> case {reference}</span></a>'
)


def search_results_html(people: Iterable[FoundPerson]) -> SafeString:
    """The summary cards of the people found, each with the table of their cases."""
    e = escaped
    address = case_address()
    open_other = reverse("cases:open-other")
    short = {n: str(MONTHS_3[n]).title() for n in range(1, 13)}  # the `date` filter's "M"
    cards = []
    for found in people:
        person = found.person
        born = person.date_of_birth  # the `date` filter's "j F Y"
        rows = []
        for item in found.cases:
            case = item.case
            reference = e(case.reference)
            if item.openable:
                url = address(case.pk)
                cell = OPEN.format(url=e(url), reference=reference)
            else:
                query = e(quote(case.reference, safe="/"))  # the `urlencode` filter
                cell = WITH_A_REASON.format(reference=reference, url=e(open_other), query=query)
            reported = timezone.localtime(case.referral.reported_at)  # the `date` filter's "j M Y"
            officer = case.officer.display_name if case.officer else ""
            rows.append(
                ROW.format(
                    case=cell,
                    crime=e(case.referral.crime_category or "Not given"),
                    reported=f"{reported.day} {short[reported.month]} {reported.year:04d}",
                    hub=e(case.team),
                    status=e(case.get_status_display()),
                    officer=e(officer or "Not allocated"),
                )
            )
        name = person.display_name
        cards.append(
            CARD.format(
                name=e(name or "Name not given"),
                born=f"{born.day} {MONTHS[born.month]} {born.year:04d}" if born else "Not given",
                postcode=e(person.postcode or "Not given"),
                whose=e(name or "this person"),
                rows="".join(rows),
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value above is escaped
