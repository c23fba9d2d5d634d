"""Demo directory services for `seed_demo`: invented services of the demo area's two
providers and the national ones, with their Welsh descriptions, eligibility and pages."""

from typing import Any

from django.utils.text import slugify

from victimcare.accounts.models import Organisation
from victimcare.directory.models import Service, ServiceType

SERVICES = [
    (
        "Harbour Lane emotional support",
        "harbour-lane-support",
        ServiceType.EMOTIONAL_SUPPORT,
        "Practical and emotional support for anyone affected by crime or anti-social behaviour.",
        False,
    ),
    (
        "Harbour Lane young victims' service",
        "harbour-lane-support",
        ServiceType.YOUNG_VICTIMS,
        "Support for victims under 18, and 18 to 25 with additional needs.",
        False,
    ),
    (
        "Safe Steps ISVA service",
        "safe-steps-advocacy",
        ServiceType.ISVA,
        "Independent sexual violence advisers, whether or not you reported to the police.",
        False,
    ),
    (
        "Safe Steps IDVA service",
        "safe-steps-advocacy",
        ServiceType.IDVA,
        "Independent domestic violence advisers for victims at high risk of harm.",
        False,
    ),
    (
        "Wessex Vale restorative justice",
        "wessex-vale-victim-care",
        ServiceType.RESTORATIVE_JUSTICE,
        "A safe, voluntary meeting or message exchange with the person who harmed you.",
        False,
    ),
    (
        "National victims' helpline (demo)",
        None,
        ServiceType.HELPLINE,
        "Free, confidential telephone support, open every day.",
        True,
    ),
]


# Each demo service's description in Welsh, for the portal's Welsh pages.
SERVICE_WELSH = {
    ServiceType.EMOTIONAL_SUPPORT: "Cymorth ymarferol ac emosiynol i unrhyw un y mae trosedd "
    "neu ymddygiad gwrthgymdeithasol wedi effeithio arno.",
    ServiceType.YOUNG_VICTIMS: "Cymorth i ddioddefwyr dan 18 oed, ac i bobl 18 i 25 oed ag "
    "anghenion ychwanegol.",
    ServiceType.ISVA: "Cynghorwyr trais rhywiol annibynnol, p'un a ydych wedi rhoi gwybod i'r "
    "heddlu ai peidio.",
    ServiceType.IDVA: "Cynghorwyr trais domestig annibynnol i ddioddefwyr sydd mewn perygl mawr "
    "o niwed.",
    ServiceType.RESTORATIVE_JUSTICE: "Cyfarfod diogel a gwirfoddol, neu gyfnewid negeseuon, "
    "gyda'r person a wnaeth niwed i chi.",
    ServiceType.HELPLINE: "Cymorth dros y ffôn, am ddim ac yn gyfrinachol, ar agor bob dydd.",
}
# Who each kind of demo service is for (directory.rules.rank_services reads these).
SERVICE_ELIGIBILITY: dict[str, dict[str, Any]] = {
    ServiceType.EMOTIONAL_SUPPORT: {
        "need_categories": ["outlook", "health", "social", "justice", "finance"],
    },
    ServiceType.YOUNG_VICTIMS: {"max_age": 25, "need_categories": ["outlook", "family"]},
    ServiceType.ISVA: {"crime_types": ["sexual_offence"], "need_categories": ["health", "justice"]},
    ServiceType.IDVA: {
        "crime_types": ["domestic_abuse"],
        "need_categories": ["accommodation", "family", "justice"],
    },
    ServiceType.RESTORATIVE_JUSTICE: {"need_categories": ["justice", "outlook"]},
}
# What each demo service's own page shows (portal): who it is for, languages, address.
SERVICE_PAGE: dict[str, dict[str, Any]] = {
    ServiceType.EMOTIONAL_SUPPORT: {
        "who_it_is_for": "Anyone in Wessex Vale affected by crime or anti-social behaviour, "
        "whether or not they told the police",
        "languages": ["English", "Welsh", "Polish"],
        "address": "Harbour Lane Support\n12 Harbour Lane\nNorthgate\nWV1 2AB",
    },
    ServiceType.YOUNG_VICTIMS: {
        "who_it_is_for": "Victims under 18, and 18 to 25 with additional needs",
        "languages": ["English", "Welsh"],
        "address": "Harbour Lane Support\n12 Harbour Lane\nNorthgate\nWV1 2AB",
    },
    ServiceType.ISVA: {
        "who_it_is_for": "Anyone who has experienced sexual violence, at any time",
        "languages": ["English", "Urdu"],
    },
    ServiceType.IDVA: {
        "who_it_is_for": "People at high risk of harm from a partner, ex-partner or family member",
        "languages": ["English", "Urdu", "British Sign Language"],
    },
    ServiceType.RESTORATIVE_JUSTICE: {
        "who_it_is_for": "Victims who want to communicate with the person who harmed them",
        "languages": ["English", "Welsh"],
        "address": "Wessex Vale Victim Care\n1 Civic Square\nRiverside\nWV3 4CD",
    },
    ServiceType.HELPLINE: {
        "who_it_is_for": "Anyone in England and Wales affected by crime",
        "languages": ["English", "Welsh", "and many more through an interpreter"],
    },
}


def demo_services(*, organisations: dict[str, Organisation], districts: list[str]) -> None:
    """Create the demo services: local ones cover the hubs' `districts`; providers are
    named by code in `organisations`."""
    for name, provider, kind, description, national in SERVICES:
        Service.objects.create(
            name=name,
            provider=organisations.get(provider) if provider else None,
            service_type=kind,
            description=description,
            description_cy=SERVICE_WELSH.get(kind, ""),
            phone="0808 157 0000" if national else "0117 496 0000",
            is_national=national,
            postcode_districts=[] if national else districts,
            commissioned=not national,
            opening_hours="Monday to Friday, 9am to 5pm" if not national else "Every day",
            website="https://www.example.org/" + slugify(name),
            **SERVICE_ELIGIBILITY.get(kind, {}),
            **SERVICE_PAGE.get(kind, {}),
        )
