"""Filters for the subject access report: dates held as ISO text, in words."""

from django import template

from victimcare.dataprotection.rules import long_date

register = template.Library()
register.filter("long_date", long_date)
