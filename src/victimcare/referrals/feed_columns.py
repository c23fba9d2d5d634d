"""Police referral feed version 1 (docs/feed-format.md): its columns, the values each
may take, the lengths and the years a date may fall in. Data only, no code."""

import datetime

CRIME_CATEGORIES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
INCIDENT_TYPES = ("crime", "asb")
VICTIM_KINDS = ("individual", "bereaved_relative", "business")
SEXES = ("female", "male", "other", "unknown")
CONTACT_CHANNELS = ("phone", "sms", "email", "letter")
CONSENT_VALUES = ("given", "declined", "not_asked")
HATE_CRIME_STRANDS = ("race", "religion", "sexual_orientation", "disability", "transgender")
ETHNICITY_CODES = (
    "W1",
    "W2",
    "W3",
    "W4",
    "M1",
    "M2",
    "M3",
    "M4",
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "B1",
    "B2",
    "B3",
    "O1",
    "O2",
    "NS",
)

FLAG_COLUMNS = (
    "domestic_abuse",
    "hate_crime",
    "sexual_offence",
    "terrorism",
    "modern_slavery",
    "attempted_murder",
    "kidnap_or_false_imprisonment",
    "arson_endangering_life",
    "gbh_with_intent",
    "gun_or_knife",
    "road_traffic_serious_injury",
    "interpreter_needed",
    "safe_to_contact",
    "mental_disorder",
    "learning_disability",
    "physical_disability",
    "intimidated",
)
# The victim's details given as free text (kept with the referral and the person index).
VICTIM_TEXT_COLUMNS = (
    "given_name",
    "family_name",
    "business_name",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "contact_notes",
)
TEXT_COLUMNS = ("offence_code", "offence_description", *VICTIM_TEXT_COLUMNS, "officer_in_charge")
KEY_COLUMNS = ("source", "crime_reference", "victim_reference")
ALWAYS_REQUIRED = (
    *KEY_COLUMNS,
    "reported_at",
    "incident_type",
    "crime_category",
    "victim_kind",
    "referral_consent",
)
# Every column of feed v1, in the order of docs/feed-format.md (CSV writers use it).
FEED_COLUMNS = (
    "source",
    "crime_reference",
    "victim_reference",
    "reported_at",
    "incident_type",
    "crime_category",
    "offence_code",
    "offence_description",
    "domestic_abuse",
    "hate_crime",
    "hate_crime_strands",
    "sexual_offence",
    "terrorism",
    "modern_slavery",
    "attempted_murder",
    "kidnap_or_false_imprisonment",
    "arson_endangering_life",
    "gbh_with_intent",
    "gun_or_knife",
    "road_traffic_serious_injury",
    "victim_kind",
    "given_name",
    "family_name",
    "business_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "safe_to_contact",
    "contact_notes",
    "mental_disorder",
    "learning_disability",
    "physical_disability",
    "intimidated",
    "referral_consent",
    "officer_in_charge",
    "officer_email",
)
KNOWN_COLUMNS = frozenset(FEED_COLUMNS)
assert {*ALWAYS_REQUIRED, *FLAG_COLUMNS, *TEXT_COLUMNS} <= KNOWN_COLUMNS
MAX_LENGTHS = {
    "source": 80,
    "crime_reference": 60,
    "victim_reference": 60,
    "offence_code": 20,
    "offence_description": 300,
    "given_name": 100,
    "family_name": 100,
    "business_name": 200,
    "first_language": 60,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
    "officer_in_charge": 120,
    "email": 254,
    "officer_email": 254,
    "contact_notes": 2000,
}
# Dates outside these years are typing errors, and beyond them a date-time with an offset
# may not convert to UTC at all.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# A report time a little ahead of the hub's clock is the sender's clock; beyond this, an error.
CLOCK_ALLOWANCE = datetime.timedelta(hours=1)
