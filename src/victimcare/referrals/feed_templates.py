"""The police referral feed v1 as an empty CSV template (the header row), for the Imports page.

The columns are the feed's own (`FEED_COLUMNS`), so the template cannot drift from what the
import reads; the meaning of each column is in docs/feed-format.md and on the Imports page.
"""

from django.http import HttpRequest, HttpResponse

from victimcare.core.access import requires_capability
from victimcare.core.spreadsheets import csv_writer
from victimcare.referrals.feed_columns import FEED_COLUMNS


def csv_template(filename: str, columns: tuple[str, ...]) -> HttpResponse:
    """An attachment holding only the header row: no example row that could be imported."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv_writer(response).writerow(columns)
    return response


# Whoever may upload a feed (police referrers, team leaders) may download its template.
@requires_capability("referrals.import")
def referral_feed_template(request: HttpRequest) -> HttpResponse:
    return csv_template("referral-feed-v1-template.csv", FEED_COLUMNS)
