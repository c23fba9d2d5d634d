"""UK-style synthetic people living in households, and the repeat referrals police send of
them with the keying errors real records carry (Faker en_GB name lists; no real data).

    from benchmarks.households import generate, feed_row
    for record in generate(5000, seed=16):
        record.person, record.category, record.phase, record.related_to, ...

Deterministic for a given (people, seed). Streams: the known people ("index" phase) come
first, household by household, then the records that arrive later ("arrival" phase) in a
shuffled order, then the later repeats of relatives who arrived. Only the arrivals are held
in memory (about a fifth of `people`), so 1,000,000 people fit in a few hundred MB.

Every record carries its true person (`person`) and its `category`:

- index: a known person (`people` of them). Households: singles, couples (most sharing a family name), families
  with children (some twins, some sons named after their father), shared houses. A child's
  phone is often a parent's; some households give one landline.
- index_repeat: a known person the hub already holds a second time, unlinked (about 8%),
  with one of the keying errors below: the hub's history, which the model is trained on.
- arrivals of someone already known (the same `person`), REPEAT_CATEGORIES: an exact repeat,
  a typo in a name, day and month of birth swapped, one digit of the birth date wrong, a
  nickname, a married or hyphenated family name, a moved address, given and family names
  swapped, no date of birth, and two errors at once (nickname with day and month swapped).
- arrivals of a new person related to a known one (`related_to`), HOUSEHOLD_CATEGORIES:
  a twin (same birth date, address and family name, another given name), a parent or child
  with the same names living together or apart, a mother and daughter, a partner sharing
  the family name, a sibling, a neighbour in the same street and postcode at another house
  or flat number (some sharing a common family name).
- stranger: a new person unrelated to anyone; relative_repeat: a second referral of a
  relative who arrived earlier (its true person is the relative, not the known person).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

REFERENCE_DATE = datetime.date(2025, 1, 1)  # ages are counted from here: deterministic
REPEAT_CATEGORIES = (
    "repeat_exact",
    "repeat_typo",
    "repeat_dob_day_month_swapped",
    "repeat_dob_digit",
    "repeat_nickname",
    "repeat_married_surname",
    "repeat_hyphenated_surname",
    "repeat_moved",
    "repeat_names_swapped",
    "repeat_no_dob",
    "repeat_nickname_and_dob_swapped",
)
HOUSEHOLD_CATEGORIES = (
    "twin",
    "parent_child_same_name_together",
    "parent_child_same_name_apart",
    "mother_daughter",
    "partners_same_surname",
    "siblings",
    "neighbours",
)
OTHER_CATEGORIES = ("index", "index_repeat", "stranger", "relative_repeat")
# The share of known people the hub already holds twice (unlinked) before linkage starts:
# what the model is trained on, as a hub's history would be.
HISTORY_SHARE = 0.08
# Shares of `people` that arrive later: repeats, new relatives, strangers.
REPEAT_SHARE, RELATIVE_SHARE, STRANGER_SHARE, RELATIVE_REPEAT_SHARE = 0.10, 0.08, 0.02, 0.25

# Nicknames and short forms as people give them (wider than the hub's own list on purpose).
NICKNAMES_OF = {
    "abigail": ["Abbie", "Abby"],
    "alexander": ["Alex"],
    "andrew": ["Andy", "Drew"],
    "anthony": ["Tony"],
    "catherine": ["Cathy", "Kate"],
    "charles": ["Charlie"],
    "christopher": ["Chris"],
    "daniel": ["Dan", "Danny"],
    "david": ["Dave"],
    "deborah": ["Debbie"],
    "edward": ["Ed", "Eddie"],
    "elizabeth": ["Liz", "Beth", "Lizzie"],
    "gillian": ["Gill"],
    "james": ["Jim", "Jimmy"],
    "joanne": ["Jo"],
    "john": ["Jack"],
    "jonathan": ["Jon"],
    "joseph": ["Joe"],
    "katherine": ["Kate", "Katie"],
    "margaret": ["Maggie", "Meg"],
    "matthew": ["Matt"],
    "michael": ["Mike"],
    "nicholas": ["Nick"],
    "patricia": ["Pat"],
    "robert": ["Rob", "Bob"],
    "samuel": ["Sam"],
    "stephen": ["Steve"],
    "susan": ["Sue"],
    "thomas": ["Tom"],
    "victoria": ["Vicky"],
    "william": ["Will", "Bill"],
    "benjamin": ["Ben"],
    "rebecca": ["Becky"],
    "jessica": ["Jess"],
    "jennifer": ["Jenny"],
    "richard": ["Rich"],
}
STREET_SUFFIXES = (
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Way",
    "Crescent",
    "Grove",
    "Gardens",
    "View",
    "Terrace",
    "Place",
    "Court",
    "Walk",
    "Hill",
)
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


@dataclass(frozen=True, slots=True)
class Record:
    """One referral's victim as the police would send it, with the truth about them."""

    person: int  # the true person (the same number for every record of one person)
    category: str  # see the module docstring
    phase: str  # "index" (known before linkage starts) or "arrival"
    related_to: int  # the known person a repeat or relative refers to; 0 for none
    given_name: str
    family_name: str
    sex: str
    date_of_birth: datetime.date | None
    flat: int  # 0 when not a flat
    house: int
    street: str
    town: str
    postcode: str
    phone: str
    email: str

    @property
    def address_line_1(self) -> str:
        house = f"{self.house} {self.street}"
        return f"Flat {self.flat}, {house}" if self.flat else house

    @property
    def is_repeat(self) -> bool:
        return self.category.startswith("repeat") or self.category == "relative_repeat"


@dataclass(frozen=True, slots=True)
class Street:
    name: str
    town: str
    postcode: str


def _weighted(names: list[str], exponent: float) -> tuple[list[str], list[float]]:
    """Names with cumulative Zipf-like weights: a few common names, a long tail."""
    total, cumulative = 0.0, []
    for rank in range(len(names)):
        total += 1 / (rank + 1) ** exponent
        cumulative.append(total)
    return names, cumulative


class World:
    """Name pools, streets and the counters that keep every household's address its own."""

    def __init__(self, people: int, seed: int) -> None:
        from faker import Faker

        provider: Any = Faker("en_GB").provider("faker.providers.person")
        self.rng = random.Random(seed)
        female = list(dict.fromkeys(provider.first_names_female))
        male = list(dict.fromkeys(provider.first_names_male))
        family = list(dict.fromkeys(provider.last_names))
        for pool in (female, male, family):
            self.rng.shuffle(pool)
            # Names with a common short form are among the commonest given names in the UK.
            pool.sort(key=lambda name: name.lower() not in NICKNAMES_OF)
        self.female, self.male = _weighted(female, 0.5), _weighted(male, 0.5)
        self.family = _weighted(family, 0.5)
        self.streets: list[Street] = []
        seen: set[str] = set()
        while len(self.streets) < max(200, people // 20):
            bristol = self.rng.random() < 0.6
            district = f"{'BS' if bristol else 'BA'}{self.rng.randint(1, 16)}"
            unit = "".join(self.rng.choices(UNIT_LETTERS, k=2))
            postcode = f"{district} {self.rng.randint(1, 9)}{unit}"
            stem = self.rng.choice(family + male + female)
            name = f"{stem} {self.rng.choice(STREET_SUFFIXES)}"
            if postcode in seen:
                continue
            seen.add(postcode)
            self.streets.append(Street(name, "Bristol" if bristol else "Bath", postcode))
        self.next_house = [self.rng.randint(1, 5) for _ in self.streets]

    def given(self, sex: str, avoid: str = "") -> str:
        names, weights = self.female if sex == "female" else self.male
        while True:
            name = self.rng.choices(names, cum_weights=weights)[0]
            if name != avoid:
                return name

    def family_name(self, avoid: str = "") -> str:
        while True:
            name = self.rng.choices(self.family[0], cum_weights=self.family[1])[0]
            if name != avoid:
                return name

    def home(self, street: int | None = None) -> tuple[int, int, int]:
        """(street index, house number, flat number or 0): an address nobody else has."""
        index = self.rng.randrange(len(self.streets)) if street is None else street
        house = self.next_house[index]
        self.next_house[index] += self.rng.randint(1, 3)
        flat = self.rng.randint(1, 12) if self.rng.random() < 0.15 else 0
        return index, house, flat

    def born(self, low: int, high: int) -> datetime.date:
        days = self.rng.randint(low * 365, high * 365 + 364)
        return REFERENCE_DATE - datetime.timedelta(days=days)

    def mobile(self) -> str:
        return f"07{self.rng.randint(100_000_000, 999_999_999)}"

    def landline(self, town: str) -> str:
        if town == "Bristol":
            return f"0117 {self.rng.randint(3_000_000, 9_999_999)}"
        return f"01225 {self.rng.randint(300_000, 999_999)}"


def _age(born: datetime.date | None) -> int:
    return (REFERENCE_DATE - born).days // 365 if born else 40


class _Generator:
    def __init__(self, people: int, seed: int) -> None:
        self.people = people
        self.world = World(people, seed)
        self.rng = self.world.rng
        self.next_new = people + 1  # ids of people who arrive later
        self.arrivals: list[Record] = []
        self.late: list[Record] = []

    def person(
        self,
        pid: int,
        *,
        sex: str,
        given: str,
        family: str,
        born: datetime.date | None,
        home: tuple[int, int, int],
        phone: str = "",
        email: bool | None = None,
        category: str = "index",
        phase: str = "index",
        related_to: int = 0,
    ) -> Record:
        street = self.world.streets[home[0]]
        if email is None:
            email = _age(born) >= 16 and self.rng.random() < 0.55
        address = (
            f"{given}.{family}.{pid:x}@example.org".lower().replace(" ", "").replace("'", "")
            if email
            else ""
        )
        return Record(
            pid,
            category,
            phase,
            related_to,
            given,
            family,
            sex,
            born,
            home[2],
            home[1],
            street.name,
            street.town,
            street.postcode,
            phone,
            address,
        )

    # -- the known people, household by household --------------------------------------
    def household(self, first_pid: int) -> list[Record]:
        w, rng = self.world, self.rng
        home = w.home()
        town = w.streets[home[0]].town
        landline = w.landline(town) if rng.random() < 0.25 else ""
        kind = rng.random()
        members: list[Record] = []

        def add(sex: str, given: str, family: str, born: datetime.date, phone: str = "") -> Record:
            adult = _age(born) >= 16
            if not phone:
                phone = w.mobile() if adult and rng.random() < 0.8 else landline
            record = self.person(
                first_pid + len(members),
                sex=sex,
                given=given,
                family=family,
                born=born,
                home=home,
                phone=phone,
            )
            members.append(record)
            return record

        if not 0.9 <= kind < 0.97:  # singles, couples and families
            sex = rng.choice(("female", "male"))
            head = add(sex, w.given(sex), w.family_name(), w.born(18, 90))
        if 0.3 <= kind < 0.9:  # a couple, maybe with children
            sex = "male" if head.sex == "female" or rng.random() < 0.05 else "female"
            shared = rng.random() < 0.65
            born = head.date_of_birth + datetime.timedelta(days=rng.randint(-3000, 3000))  # type: ignore[operator]
            add(
                sex,
                w.given(sex, avoid=head.given_name),
                head.family_name if shared else w.family_name(),
                born,
            )
        if kind >= 0.6 and kind < 0.9 and _age(head.date_of_birth) >= 22:  # children
            parent_age = _age(head.date_of_birth)
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                age = rng.randint(max(0, parent_age - 40), parent_age - 18)
                sex = rng.choice(("female", "male"))
                named_after = sex == head.sex == "male" and rng.random() < 0.08
                given = head.given_name if named_after else w.given(sex, avoid=head.given_name)
                parent_phone = rng.choice([m.phone for m in members]) if rng.random() < 0.6 else ""
                child = add(
                    sex,
                    given,
                    head.family_name,
                    w.born(age, age),
                    phone=parent_phone if age < 16 else "",
                )
                if rng.random() < 0.03:  # twins
                    add(
                        sex,
                        w.given(sex, avoid=given),
                        head.family_name,
                        child.date_of_birth,  # type: ignore[arg-type]
                        phone=child.phone,
                    )
        if 0.9 <= kind < 0.97:  # a shared house of unrelated adults
            for _ in range(rng.randint(2, 4)):
                sex = rng.choice(("female", "male"))
                add(sex, w.given(sex), w.family_name(), w.born(18, 40))
        return members

    # -- those who arrive later ---------------------------------------------------------
    def schedule(self, known: Record) -> None:
        draw = self.rng.random()
        if draw < REPEAT_SHARE:
            self.arrivals.append(self.repeat(known, self.rng.choice(REPEAT_CATEGORIES)))
        elif draw < REPEAT_SHARE + RELATIVE_SHARE:
            relative = self.relative(known, self.rng.choice(HOUSEHOLD_CATEGORIES))
            self.arrivals.append(relative)
            if self.rng.random() < RELATIVE_REPEAT_SHARE:
                self.late.append(
                    replace(self.repeat(relative, "repeat_exact"), category="relative_repeat")
                )
        elif draw < REPEAT_SHARE + RELATIVE_SHARE + STRANGER_SHARE:
            [stranger] = self.household(self.new_id())[:1]
            self.arrivals.append(replace(stranger, category="stranger", phase="arrival"))

    def new_id(self) -> int:
        self.next_new += 1
        return self.next_new - 1

    def repeat(self, known: Record, category: str) -> Record:
        """The same person sent again, with this category's keying error."""
        rng, w = self.rng, self.world
        r = replace(
            known,
            category=category,
            phase="arrival",
            related_to=known.person,
            phone=known.phone if rng.random() < 0.6 else "",
            email=known.email if rng.random() < 0.4 else "",
        )
        nicknames = NICKNAMES_OF.get(known.given_name.lower())
        born = known.date_of_birth
        swappable = born is not None and born.day <= 12 and born.day != born.month
        if category in ("repeat_nickname", "repeat_nickname_and_dob_swapped") and not nicknames:
            category = (
                "repeat_typo" if category == "repeat_nickname" else "repeat_dob_day_month_swapped"
            )
        if not swappable and category == "repeat_nickname_and_dob_swapped":
            category = "repeat_nickname"
        if not swappable and category == "repeat_dob_day_month_swapped":
            category = "repeat_dob_digit"
        if category in ("repeat_married_surname", "repeat_hyphenated_surname") and (
            known.sex != "female" or _age(born) < 18
        ):
            category = "repeat_moved"
        r = replace(r, category=category)
        if category == "repeat_typo":
            field = rng.choice(("given_name", "family_name"))
            return replace(r, **{field: typo(getattr(known, field), rng)})
        if category in ("repeat_dob_day_month_swapped", "repeat_nickname_and_dob_swapped"):
            r = replace(r, date_of_birth=born.replace(day=born.month, month=born.day))  # type: ignore[union-attr]
        if category in ("repeat_nickname", "repeat_nickname_and_dob_swapped"):
            return replace(r, given_name=rng.choice(nicknames))  # type: ignore[arg-type]
        if category == "repeat_dob_digit":
            return replace(r, date_of_birth=digit_error(born, rng)) if born else r
        if category == "repeat_married_surname":
            return replace(r, family_name=w.family_name(avoid=known.family_name))
        if category == "repeat_hyphenated_surname":
            other = w.family_name(avoid=known.family_name)
            parts = [known.family_name, other] if rng.random() < 0.5 else [other, known.family_name]
            return replace(r, family_name="-".join(parts))
        if category == "repeat_moved":
            index, house, flat = w.home()
            street = w.streets[index]
            return replace(
                r,
                house=house,
                flat=flat,
                street=street.name,
                town=street.town,
                postcode=street.postcode,
                phone=r.phone if rng.random() < 0.5 else "",
            )
        if category == "repeat_names_swapped":
            return replace(r, given_name=known.family_name, family_name=known.given_name)
        if category == "repeat_no_dob":
            return replace(r, date_of_birth=None)
        return r

    def relative(self, known: Record, category: str) -> Record:
        """A new person related to (or living near) a known one."""
        rng, w = self.rng, self.world
        age, born = _age(known.date_of_birth), known.date_of_birth or w.born(20, 70)
        home = (self.street_of(known), known.house, known.flat)
        sex = known.sex
        given, family, phone = known.given_name, known.family_name, ""
        shared_phone = known.phone if known.phone and rng.random() < 0.3 else ""
        if category == "mother_daughter" and sex != "female":
            category = "siblings"
        if category == "twin":
            sex = rng.choice(("female", "male"))
            given, phone = w.given(sex, avoid=known.given_name), shared_phone
        elif category.startswith("parent_child"):
            gap = rng.randint(18, 38) * 365 + rng.randint(0, 364)
            older = age >= 45 or (age >= 36 and rng.random() < 0.5)
            born = born + datetime.timedelta(days=gap if older else -gap)
            if category.endswith("apart"):
                home = w.home()
            else:
                phone = shared_phone
        elif category == "mother_daughter":
            gap = rng.randint(18, 40) * 365 + rng.randint(0, 364)
            born = born + datetime.timedelta(days=gap if age >= 40 else -gap)
            given, phone = w.given("female", avoid=known.given_name), shared_phone
        elif category == "partners_same_surname":
            sex = "male" if sex == "female" else "female"
            born = born + datetime.timedelta(days=rng.randint(-3650, 3650))
            given, phone = w.given(sex, avoid=known.given_name), shared_phone
        elif category == "siblings":
            sex = rng.choice(("female", "male"))
            born = born + datetime.timedelta(days=rng.choice((-1, 1)) * rng.randint(365, 3650))
            given = w.given(sex, avoid=known.given_name)
            if rng.random() < 0.3:
                home = w.home()
        elif category == "neighbours":
            sex = rng.choice(("female", "male"))
            given, born = w.given(sex), w.born(16, 85)
            family = family if rng.random() < 0.15 else w.family_name(avoid=family)
            if known.flat and rng.random() < 0.5:  # another flat in the same block
                home = (home[0], known.house, known.flat + rng.randint(1, 10))
            else:  # another house in the same street
                home = w.home(street=home[0])
        if born > REFERENCE_DATE:
            born = REFERENCE_DATE - datetime.timedelta(days=rng.randint(30, 3000))
        if not phone and _age(born) >= 16 and rng.random() < 0.7:
            phone = w.mobile()
        return self.person(
            self.new_id(),
            sex=sex,
            given=given,
            family=family,
            born=born,
            home=home,
            phone=phone,
            category=category,
            phase="arrival",
            related_to=known.person,
        )

    def street_of(self, record: Record) -> int:
        return self._street_index[record.postcode]

    def run(self) -> Iterator[Record]:
        self._street_index = {s.postcode: i for i, s in enumerate(self.world.streets)}
        pid = 1
        while pid <= self.people:
            for record in self.household(pid)[: self.people - pid + 1]:
                yield record
                self.schedule(record)
                pid += 1
                if self.rng.random() < HISTORY_SHARE:  # sent twice before linkage began
                    again = self.repeat(record, self.rng.choice(REPEAT_CATEGORIES))
                    yield replace(again, category="index_repeat", phase="index")
        self.rng.shuffle(self.arrivals)
        yield from self.arrivals
        yield from self.late


def typo(text: str, rng: random.Random) -> str:
    """One keying error: a swapped pair of letters, a neighbouring key, a dropped or doubled
    letter (names of two letters or fewer only get a neighbouring key)."""
    if len(text) < 3:
        return text[:-1] + rng.choice(KEYBOARD) if text else text
    k = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:k] + text[k + 1] + text[k] + text[k + 2 :]
    if kind == 1:
        letter = rng.choice([c for c in KEYBOARD if c != text[k].lower()])
        return text[:k] + letter + text[k + 1 :]
    if kind == 2:
        return text[:k] + text[k + 1 :]
    return text[:k] + text[k] + text[k:]


def digit_error(born: datetime.date, rng: random.Random) -> datetime.date:
    """The same date with one digit of day, month or year keyed wrongly (still a date)."""
    text = born.strftime("%Y%m%d")
    while True:
        k = rng.choice((2, 3, 4, 5, 6, 7))
        candidate = text[:k] + str(rng.randrange(10)) + text[k + 1 :]
        try:
            wrong = datetime.datetime.strptime(candidate, "%Y%m%d").date()
        except ValueError:
            continue
        if wrong != born and wrong <= REFERENCE_DATE:
            return wrong


def generate(people: int, seed: int = 16) -> Iterator[Record]:
    """`people` known people in households, then the arrivals (see the module docstring)."""
    return _Generator(people, seed).run()


CRIMES = (
    ("Burglary", "028/01", "Burglary in a dwelling"),
    ("Criminal damage and arson", "058/01", "Criminal damage to a dwelling"),
    ("Other theft", "049/01", "Other theft"),
    ("Vehicle crime", "045/00", "Theft from a vehicle"),
    ("Theft from the person", "039/00", "Theft from the person"),
)
FIRST_REPORT = datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.UTC)


def feed_row(record: Record, number: int, source: str = "households-police") -> dict[str, str]:
    """The record as one police feed v1 row: a new crime (reference HH/<number>) each time."""
    from victimcare.referrals.feed_columns import FEED_COLUMNS

    category, code, description = CRIMES[number % len(CRIMES)]
    reported = FIRST_REPORT + datetime.timedelta(seconds=20 * number)
    row = dict.fromkeys(FEED_COLUMNS, "")
    row.update(
        source=source,
        crime_reference=f"HH/{number:08d}",
        victim_reference="V1",
        reported_at=reported.isoformat(timespec="minutes"),
        incident_type="crime",
        crime_category=category,
        offence_code=code,
        offence_description=description,
        victim_kind="individual",
        given_name=record.given_name,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth.isoformat() if record.date_of_birth else "",
        sex=record.sex,
        address_line_1=record.address_line_1,
        town=record.town,
        postcode=record.postcode,
        phone=record.phone,
        email=record.email,
        referral_consent="given",
    )
    return row


def linkage_record(record: Record, unique_id: int) -> dict[str, Any]:
    """The record in the linkage model's form (`linkage.splink_model.linkage_record`)."""
    from victimcare.linkage.splink_model import address_value
    from victimcare.linkage.splink_model import linkage_record as as_model

    return as_model(
        unique_id=unique_id,
        given_name=record.given_name,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        postcode=record.postcode,
        address=address_value(record.address_line_1) or "",
        phone=record.phone,
        email=record.email,
    )


if __name__ == "__main__":  # a summary: how many records of each category
    import sys
    from collections import Counter

    counts = Counter(r.category for r in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
    for name, count in sorted(counts.items()):
        print(f"{name:36} {count:8,}")
