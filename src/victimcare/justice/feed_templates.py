"""The justice updates feed as an empty CSV template (the header row), for the Imports page."""

from django.http import HttpRequest, HttpResponse

from victimcare.core.access import requires_capability
from victimcare.justice.feed import JUSTICE_COLUMNS
from victimcare.referrals.feed_templates import csv_template


# The same people as the referral feed template: those who may import feeds.
@requires_capability("referrals.import")
def justice_updates_template(request: HttpRequest) -> HttpResponse:
    return csv_template("justice-updates-v1-template.csv", JUSTICE_COLUMNS)
