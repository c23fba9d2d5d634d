"""Filters for the data protection pages: dates held as ISO text, and records, in words."""

from django import template

from victimcare.dataprotection.models import DisposalLogEntry
from victimcare.dataprotection.rules import long_date, record_name

register = template.Library()
register.filter("long_date", long_date)


@register.filter
def disposed_record(entry: DisposalLogEntry) -> str:
    return record_name(entry.object_type, entry.object_id)
