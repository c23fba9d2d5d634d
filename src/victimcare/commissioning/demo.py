"""Demo commissioning data for `seed_demo`: invented names, amounts in the shape of the
Avon and Somerset 2018/19 envelope (the Avon and Somerset OPCC's "Victim Services
Re-commissioning: Strategy and Intentions", published 12 March 2018), district populations
and shares."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import Organisation, Team
from victimcare.commissioning.models import (
    Consultation,
    ConsultationQuestion,
    Exercise,
    ExerciseStage,
    FundingSource,
    KeyPerformanceIndicator,
    Lot,
    Stage,
)
from victimcare.directory.models import Service
from victimcare.insights.models import DistrictArea, PopulationShare
from victimcare.justice.selectors import Quarter

FUNDING = [
    ("moj_victims_grant", "Ministry of Justice victims grant", "1818002"),
    ("moj_csa_grant", "Ministry of Justice child sexual abuse grant", "135437"),
    ("pcc_contribution", "Additional PCC contribution", "807542"),
    ("nhs_england", "NHS England children and young people's ISVA contribution", "80000"),
]
LOTS = [  # name, provider, arrangement, value, years, extension, in scope
    (
        "Separately commissioned services (integrated hub, SARC, CSE, CSA grants)",
        "Several",
        "contract",
        "1489613",
        3,
        0,
        False,
    ),
    (
        "Emotional support for victims of crime and ASB",
        "harbour-lane-support",
        "contract",
        "296973",
        3,
        1,
        True,
    ),
    ("Adult advocacy", "Wessex Advocacy Partnership", "grant", "329467", 3, 1, True),
    ("Children and young people's advocacy", "Young Victims Wessex", "grant", "165000", 3, 1, True),
    (
        "Independent sexual violence advisers",
        "safe-steps-advocacy",
        "contract",
        "342333",
        3,
        1,
        True,
    ),
    ("Modern slavery support", "Freedom Road Wessex", "grant", "38595", 1, 0, True),
    ("Restorative justice", "Wessex Mediation", "contract", "179000", 3, 1, True),
]
SHARES = {
    "sex": {"female": "0.51", "male": "0.49"},
    "age_band": {
        "under_18": "0.21",
        "18_24": "0.09",
        "25_34": "0.14",
        "35_49": "0.19",
        "50_64": "0.19",
        "65_plus": "0.18",
    },
    "ethnic_group": {
        "white": "0.86",
        "mixed": "0.02",
        "asian": "0.06",
        "black": "0.04",
        "other": "0.02",
    },
    "disabled": {"true": "0.18", "false": "0.82"},
}
AUTHORITIES = {
    "BS": "Northgate City Council",
    "BA": "Riverside District Council",
    "TA": "Southmoor County Council",
}


@transaction.atomic
def commissioning_demo(*, office: Organisation, hub_team: Team) -> None:
    year = 2018
    for kind, name, amount in FUNDING:
        FundingSource.objects.create(
            owner=office, year=year, kind=kind, name=name, amount=Decimal(amount)
        )
    today = timezone.localdate()
    current = Quarter.containing(today)
    for name, provider, arrangement, value, years, extension, in_scope in LOTS:
        organisation = Organisation.objects.filter(code=provider).first()
        service = Service.objects.filter(provider=organisation).first() if organisation else None
        lot = Lot.objects.create(
            owner=office,
            name=name,
            provider=organisation,
            provider_name="" if organisation else provider,
            service=service,
            arrangement=arrangement,
            value_per_year=Decimal(value),
            starts_on=datetime.date(2015, 4, 1),
            ends_on=current.end + datetime.timedelta(days=365),
            initial_years=years,
            extension_years=extension,
            in_scope=in_scope,
        )
        if service is not None:
            KeyPerformanceIndicator.objects.create(lot=lot, measure="accepted_percent", target=80)
    hub_lot = Lot.objects.create(
        owner=office,
        name="Integrated victim care hub (Northgate)",
        provider_name="Wessex Vale Victim Care",
        hub=hub_team,
        arrangement="in_house",
        value_per_year=Decimal(0),
        starts_on=datetime.date(2015, 4, 1),
        ends_on=current.end + datetime.timedelta(days=365),
        in_scope=False,
    )
    KeyPerformanceIndicator.objects.create(lot=hub_lot, measure="wait_days", target=2)
    KeyPerformanceIndicator.objects.create(lot=hub_lot, measure="satisfied_percent", target=85)
    exercise = Exercise.objects.create(owner=office, name="Victim services 2019 to 2024")
    planned = datetime.date(2018, 4, 1)
    for n, stage in enumerate(Stage):
        when = planned + datetime.timedelta(days=40 * n)
        ExerciseStage.objects.create(
            exercise=exercise,
            stage=stage,
            planned_on=when,
            actual_on=when + datetime.timedelta(days=7 * (n % 3)) if when < today else None,
        )
    consultation = Consultation.objects.create(
        owner=office,
        title="Support for victims of crime: have your say",
        title_cy="Cymorth i ddioddefwyr troseddau: dweud eich dweud",
        introduction="The Commissioner is planning the next victim services. Tell us what "
        "support should look like.",
        introduction_cy="Mae'r Comisiynydd yn cynllunio'r gwasanaethau nesaf i ddioddefwyr. "
        "Dywedwch wrthym sut y dylai cymorth edrych.",
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=42),
        published=True,
        themes=["Access", "Young people", "Court support", "Lots"],
    )
    questions = [
        (
            "Should the services be bought as separate lots?",
            "A ddylid prynu'r gwasanaethau fel lotiau ar wahân?",
        ),
        (
            "What would make support easier to reach?",
            "Beth fyddai'n gwneud cymorth yn haws ei gyrraedd?",
        ),
    ]
    for order, (english, welsh) in enumerate(questions, start=1):
        ConsultationQuestion.objects.create(
            consultation=consultation, order=order, text=english, text_cy=welsh
        )
    for dimension, groups in SHARES.items():
        for group, share in groups.items():
            PopulationShare.objects.create(dimension=dimension, group=group, share=share)
    for prefix, authority in AUTHORITIES.items():
        for n in range(1, 25):
            DistrictArea.objects.create(
                district=f"{prefix}{n}", local_authority=authority, population=8000 + 700 * (n % 9)
            )
