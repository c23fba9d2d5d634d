import datetime
import random

import pytest
from faker import Faker

from tests.factories import PersonFactory


@pytest.fixture
def index():
    """340 invented people (40 of them recorded twice), and four we know: a repeat victim recorded twice (a typo, a
    nickname, a moved address) and a mother and daughter at the same address."""
    fake = Faker("en_GB")
    Faker.seed(7)
    rng = random.Random(7)
    people = []
    for _ in range(300):
        people.append(
            dict(
                given_name=fake.first_name(),
                family_name=fake.last_name(),
                date_of_birth=fake.date_of_birth(minimum_age=18, maximum_age=90),
                postcode=f"BS{rng.randint(1, 16)} {rng.randint(1, 9)}{fake.random_uppercase_letter()}"
                f"{fake.random_uppercase_letter()}",
                address_line_1=fake.street_address(),
                phone=f"+4477009{rng.randint(10000, 99999)}",
                email=fake.email(),
            )
        )
        PersonFactory(**people[-1])
    # Repeat victims the hub already holds twice: a swapped letter, a new address, no phone.
    for n, person in enumerate(people[:40]):
        again = dict(person)
        family = again["family_name"]
        if n % 2 and len(family) > 3:
            again["family_name"] = family[0] + family[2] + family[1] + family[3:]
        if n % 3 == 0:
            again["postcode"], again["address_line_1"] = "BS9 1AA", fake.street_address()
        if n % 4 == 0:
            again["phone"] = ""
        PersonFactory(**again)
    first = PersonFactory(
        given_name="Elizabeth",
        family_name="Hartley",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS5 6XR",
        address_line_1="12 Mill Lane",
        phone="+447700900123",
        email="liz.hartley@example.org",
    )
    again = PersonFactory(
        given_name="Liz",
        family_name="Hartly",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS7 8QT",
        address_line_1="3 Elm Road",
        phone="+447700900123",
        email="liz.hartley@example.org",
    )
    mother = PersonFactory(
        given_name="Susan",
        family_name="Okafor",
        date_of_birth=datetime.date(1965, 9, 2),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
        phone="",
        email="",
    )
    daughter = PersonFactory(
        given_name="Grace",
        family_name="Okafor",
        date_of_birth=datetime.date(1998, 1, 20),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
        phone="",
        email="",
    )
    return first, again, mother, daughter
