"""Synthetic UK-style people for linkage tests and benchmarks (Faker en_GB; no real data).

About 10% are recorded a second time with the errors victims' records really carry: a
swapped pair of letters, a nickname, given and family names swapped, a moved address, a
missing date of birth, no phone; 5% are households, another person with a known person's
family name and address. Returns records in the model's form and the true duplicate pairs.
"""

import random
from typing import Any

from victimcare.linkage.splink_model import linkage_record
from victimcare.people.normalise import NICKNAMES


def generate(people: int, seed: int = 7) -> tuple[list[dict[str, Any]], set[tuple[int, int]]]:
    from faker import Faker  # a development dependency: tests and benchmarks only

    fake = Faker("en_GB")
    Faker.seed(seed)
    rng = random.Random(seed)  # noqa: S311 (invented people, not secrets)
    given = [fake.first_name() for _ in range(3000)] + [n.title() for n in NICKNAMES.values()]
    family = [fake.last_name() for _ in range(5000)]
    streets = [fake.street_name() for _ in range(4000)]
    short = {v: k for k, v in NICKNAMES.items()}
    records: list[dict[str, Any]] = []
    truth: set[tuple[int, int]] = set()
    base: list[dict[str, Any]] = []
    for uid in range(1, people + 1):
        surname = rng.choice(family)
        household = base and rng.random() < 0.05
        if household:  # another person at a known person's address, same family name
            other = rng.choice(base)
            surname, postcode, street = other["family_name"], other["postcode"], other["address"]
        else:
            letters = "ABDEFGHJLNPQRSTUWXYZ"
            postcode = (
                f"BS{rng.randint(1, 16)} {rng.randint(1, 9)}"
                f"{rng.choice(letters)}{rng.choice(letters)}"
            )
            street = f"{rng.randint(1, 200)} {rng.choice(streets)}"
        person = {
            "given_name": rng.choice(given),
            "family_name": surname,
            "date_of_birth": fake.date_of_birth(minimum_age=16, maximum_age=90),
            "postcode": postcode,
            "address": street,
            "phone": f"+44770{rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else "",
            "email": f"{uid}@example.org" if rng.random() < 0.5 else "",
        }
        base.append(person)
        records.append(linkage_record(unique_id=uid, **person))
    next_id = people + 1
    for original_id in rng.sample(range(1, people + 1), people // 10):
        copy = dict(base[original_id - 1])
        change = rng.randrange(6)
        name = copy["family_name"]
        if change == 0 and len(name) > 3:
            k = rng.randrange(len(name) - 1)
            copy["family_name"] = name[:k] + name[k + 1] + name[k] + name[k + 2 :]
        elif change == 1:
            copy["given_name"] = short.get(copy["given_name"].lower(), copy["given_name"]).title()
        elif change == 2:
            copy["given_name"], copy["family_name"] = copy["family_name"], copy["given_name"]
        elif change == 3:
            copy["postcode"] = f"BS{rng.randint(1, 16)} 1AA"
            copy["address"] = f"{rng.randint(1, 200)} {rng.choice(streets)}"
        elif change == 4:
            copy["date_of_birth"] = None
        else:
            copy["phone"] = ""
        records.append(linkage_record(unique_id=next_id, **copy))
        truth.add((original_id, next_id))
        next_id += 1
    return records, truth
