"""Synthetic police feed v1 rows (Faker en_GB) for demo data, tests and benchmarks.

Every person here is invented. Nothing in this module may ever read real data.
"""

import datetime
import random
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

from faker import Faker

from victimcare.referrals.feed_columns import (
    CRIME_CATEGORIES,
    ETHNICITY_CODES,
    FEED_COLUMNS,
    HATE_CRIME_STRANDS,
)

LONDON = ZoneInfo("Europe/London")


OFFENCES = {
    "Violence and sexual offences": [
        ("105/01", "Assault occasioning actual bodily harm"),
        ("008/01", "Wounding or causing grievous bodily harm with intent"),
        ("019/07", "Sexual assault on a female aged 13 or over"),
        ("008/06", "Controlling or coercive behaviour"),
        ("105/12", "Common assault"),
    ],
    "Burglary": [("028/01", "Burglary in a dwelling")],
    "Robbery": [("034/01", "Robbery of personal property")],
    "Criminal damage and arson": [("058/01", "Criminal damage to a dwelling")],
    "Vehicle crime": [("045/00", "Theft from a vehicle")],
    "Theft from the person": [("039/00", "Theft from the person")],
    "Other theft": [("049/01", "Other theft")],
    "Public order": [("066/01", "Racially aggravated public fear, alarm or distress")],
    "Bicycle theft": [("044/00", "Theft of a pedal cycle")],
    "Shoplifting": [("046/00", "Shoplifting")],
    "Possession of weapons": [("010/01", "Possession of an article with a blade or point")],
    "Drugs": [("092/00", "Trafficking in controlled drugs")],
    "Other crime": [("099/99", "Other notifiable offence")],
}
WEIGHTED_CATEGORIES = (
    ["Violence and sexual offences"] * 8
    + ["Anti-social behaviour"] * 3
    + ["Burglary", "Criminal damage and arson", "Vehicle crime"] * 2
    + [
        c
        for c in CRIME_CATEGORIES
        if c not in {"Violence and sexual offences", "Anti-social behaviour"}
    ]
)
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LANGUAGES = ["English"] * 18 + ["Polish", "Welsh", "Urdu", "BSL", "Romanian"]


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def synthetic_feed_rows(
    *,
    count: int,
    source: str,
    districts: Sequence[str],
    out_of_area_districts: Sequence[str] = (),
    now: datetime.datetime | None = None,
    days_back: int = 5,
    seed: int = 2026,
) -> Iterator[dict[str, str]]:
    """`count` feed rows for invented victims living in `districts` (some out of area)."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    now = now or datetime.datetime.now(tz=LONDON)
    for index in range(count):
        category = rng.choice(WEIGHTED_CATEGORIES)
        asb = category == "Anti-social behaviour"
        code, description = ("", "") if asb else rng.choice(OFFENCES[category])
        domestic = category == "Violence and sexual offences" and rng.random() < 0.35
        sexual = "Sexual" in description
        hate = category == "Public order" or rng.random() < 0.04
        business = category == "Shoplifting"
        bereaved = not business and rng.random() < 0.01
        reported = now - datetime.timedelta(minutes=rng.randint(30, days_back * 24 * 60))
        district = (
            rng.choice(out_of_area_districts)
            if out_of_area_districts and rng.random() < 0.05
            else rng.choice(districts)
        )
        unit = "".join(rng.choices(POSTCODE_UNIT_LETTERS, k=2))
        postcode = f"{district} {rng.randint(1, 9)}{unit}"
        serial = 100000 + index * 7 + rng.randint(0, 6)
        sex = rng.choice(["female", "male", "female", "male", "unknown"])
        given = fake.first_name_female() if sex == "female" else fake.first_name_male()
        family = fake.last_name()
        age_years = rng.randint(11, 88)
        dob = (reported - datetime.timedelta(days=age_years * 365 + rng.randint(0, 364))).date()
        safe = False if domestic and rng.random() < 0.5 else rng.choice([True, True, None])
        row = dict.fromkeys(FEED_COLUMNS, "")
        row.update(
            source=source,
            crime_reference=f"{'ASB' if asb else 'CR'}/{reported:%y}/{serial}",
            victim_reference="V1" if rng.random() < 0.9 else f"V{rng.randint(2, 3)}",
            reported_at=reported.isoformat(timespec="minutes"),
            incident_type="asb" if asb else "crime",
            crime_category=category,
            offence_code=code,
            offence_description=description,
            domestic_abuse=_flag(domestic),
            hate_crime=_flag(hate),
            hate_crime_strands=rng.choice(HATE_CRIME_STRANDS) if hate else "",
            sexual_offence=_flag(sexual),
            gbh_with_intent=_flag(code == "008/01"),
            gun_or_knife=_flag(category == "Possession of weapons"),
            victim_kind="business"
            if business
            else ("bereaved_relative" if bereaved else "individual"),
            given_name="" if business else given,
            family_name="" if business else family,
            business_name=fake.company() if business else "",
            date_of_birth="" if business else dob.isoformat(),
            sex="" if business else sex,
            ethnicity=rng.choice(ETHNICITY_CODES),
            first_language=rng.choice(LANGUAGES),
            address_line_1=fake.street_address().replace("\n", ", "),
            town=fake.city(),
            postcode=postcode,
            # Ofcom's range for drama: never a real line.
            phone=f"07700 900{rng.randint(0, 999):03d}",
            email=f"{given}.{family}{rng.randint(1, 99)}@example.org".lower().replace("'", ""),
            preferred_contact=rng.choice(["phone", "sms", "email", "letter"]),
            safe_to_contact=_flag(safe),
            contact_notes="Do not leave voicemail; call after 6pm only" if safe is False else "",
            mental_disorder=_flag(rng.random() < 0.06),
            learning_disability=_flag(rng.random() < 0.03),
            physical_disability=_flag(rng.random() < 0.05),
            intimidated=_flag(domestic or sexual or rng.random() < 0.05),
            # Opt-in victims are often not asked yet at the scene; a few decline.
            referral_consent=rng.choices(["given", "not_asked", "declined"], weights=[55, 42, 3])[
                0
            ],
            officer_in_charge=f"PC {rng.randint(1000, 9999)} {fake.last_name()}",
            officer_email=f"oic{rng.randint(1000, 9999)}@police.example",
        )
        yield row
