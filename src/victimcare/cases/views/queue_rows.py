"""The queue table's rows, written in Python (ADR 60).

The queue is the staff page read most after the case overview, and its 50 rows were most
of its cost: the template engine resolved about a thousand variables and formatted 200
dates a page (40 of its 65 ms of CPU). These rows are the same markup, character for
character, as the template loop they replace (tests/cases/test_staff_page_costs.py renders both
and compares them): every value escaped as the template escaped it, dates in the active
language and the hub's time zone as Django's `date` filter writes them.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from victimcare.cases.models import Case
from victimcare.cases.views.html_parts import case_address, escaped
from victimcare.referrals.models.referral import FLAG_LABELS

ROW = '\n      <tr class="govuk-table__row">\n{}      </tr>\n      '
CELL = '        <td class="govuk-table__cell" data-label="{}">{}</td>\n'
TAG = '<br><strong class="govuk-tag govuk-tag--blue">{}</strong>'
SMALL = '<br><span class="govuk-body-s">{}</span>'

# All a row shows, and the case and victim its access-log row names: the queue reads no
# more of its four rows (each a model of 20 to 50 columns, built for each of 50 rows).
QUEUE_ROW_FIELDS = (
    "reference",
    "contact_deadline",
    "person_id",
    "officer_id",
    "referral_id",
    *(
        f"referral__{name}"
        for name in ("channel", "entitlement_level", "crime_category", "reported_at", *FLAG_LABELS)
    ),
    *(
        f"referral__victim__{name}"
        for name in ("kind", "given_name", "family_name", "business_name")
    ),
    "officer__first_name",
    "officer__last_name",
    "officer__username",
)


def queue_rows_html(
    rows: Iterable[tuple[Case, str, str]], *, user_id: int, queue_list: str
) -> SafeString:
    """The `<tr>`s of the queue for (case, deadline words, deadline tag) rows."""
    months = {n: str(MONTHS_3[n]).title() for n in range(1, 13)}  # the `date` filter's "M"
    e = escaped
    address = case_address()

    def day(value: datetime.date) -> str:  # the `date` filter's "j M Y"
        return f"{value.day} {months[value.month]} {value.year:04d}"

    parts = []
    for case, label, tag in rows:
        referral = case.referral
        due = case.contact_deadline
        reported = timezone.localtime(referral.reported_at)
        url = address(case.pk)
        victim = e(case.victim.display_name)
        if referral.channel != "police_feed":
            victim += TAG.format(e(referral.get_channel_display()))
        if referral.entitlement_level == "enhanced":
            level = '<strong class="govuk-tag govuk-tag--purple">Enhanced</strong>'
        else:
            level = e(referral.get_entitlement_level_display())
        if queue_list == "consent":
            level += SMALL.format("Ask for consent")
        crime = e(referral.crime_category)
        crime += "".join(SMALL.format(e(flag)) for flag in referral.flag_labels)
        if case.officer_id == user_id:
            officer = "<strong>You</strong>"
        else:
            name = case.officer.display_name if case.officer else ""
            officer = e(name or "Not allocated")
        cells = (
            (
                "Contact by",
                f'<strong class="govuk-tag {e(tag)}">{e(label)}</strong> '
                f'<time datetime="{due.isoformat()}">{day(due)}</time>',
            ),
            ("Case", f'<a class="govuk-link" href="{e(url)}">{e(case.reference)}</a>'),
            ("Victim", victim),
            ("Entitlement", level),
            ("Crime", crime),
            (
                "Reported",
                f'<time datetime="{reported.isoformat()}">{day(reported)} {reported:%H:%M}</time>',
            ),
            ("Officer", officer),
        )
        parts.append(ROW.format("".join(CELL.format(name, html) for name, html in cells)))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
