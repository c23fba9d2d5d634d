"""The repeat-victim linkage model: normalised identity, trained with Splink, stored by
version; a misspelled repeat scores as the same person and a mother and daughter do not."""

import datetime
import logging

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PersonFactory
from victimcare.audit.models import AuditEvent
from victimcare.linkage.models import LinkageModel
from victimcare.linkage.records import people_records
from victimcare.linkage.splink_model import NotEnoughPeople, linkage_record, scored_pairs, train
from victimcare.people.normalise import canonical_given_name, fold, name_key, phonetic_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("  Zoë  O'Brien ", "zoe o brien"), ("ANNE-MARIE", "anne marie"), ("Łukasz", "lukasz")],
)
def test_names_fold_case_accents_hyphens_and_apostrophes(raw, folded) -> None:
    assert fold(raw) == folded


def test_nicknames_and_phonetic_keys() -> None:
    assert canonical_given_name("Liz") == canonical_given_name("Elizabeth") == "elizabeth"
    assert canonical_given_name("Bill Robert") == "william"
    assert phonetic_key("Smyth") == phonetic_key("Smith")
    assert phonetic_key("Hart") != phonetic_key("Smith")
    assert name_key("Zoë", "O'Brien") == "zoe|obrien"


def test_training_stores_a_new_version_that_tells_repeats_from_relatives(index, caplog) -> None:
    first, again, mother, daughter = index
    with caplog.at_level(logging.INFO):
        call_command("train_linkage", verbosity=0)
    # Splink's warning for every level an EM session never saw (some thirty) is counted in
    # one line a session, not printed to the operator.
    assert not [r for r in caplog.records if "not observed in dataset" in r.getMessage()]
    summaries = [r for r in caplog.records if "agreement levels in none of its" in r.getMessage()]
    assert summaries and all(r.name == "victimcare.linkage.splink_model" for r in summaries)
    call_command("train_linkage", verbosity=0)
    assert list(LinkageModel.objects.values_list("version", flat=True)) == [2, 1]
    model = LinkageModel.objects.get(version=2)
    assert model.people == 344
    comparisons = {c["output_column_name"] for c in model.model["comparisons"]}
    assert comparisons == {
        "given_name",
        "family_name",
        "dob",
        "postcode",
        "address",
        "phone",
        "email",
    }
    assert AuditEvent.objects.filter(action="linkage.model_trained").count() == 2

    pairs = {
        frozenset((p["unique_id_l"], p["unique_id_r"])): p["match_probability"]
        for p in scored_pairs(model.model, people_records())
    }
    assert pairs[frozenset((first.pk, again.pk))] > 0.95
    assert pairs.get(frozenset((mother.pk, daughter.pk)), 0.0) < 0.5


def test_a_hub_that_has_joined_its_repeats_still_learns_from_them_when_trained_again(
    index,
) -> None:
    """Trained only on the people still apart, a hub that had joined its repeat victims
    would find almost none left to learn from, and each retraining would join fewer."""
    from victimcare.linkage.services import people_join
    from victimcare.people.models import Person

    call_command("train_linkage", verbosity=0)
    before = LinkageModel.objects.get(version=1)
    # Join every person recorded twice (the same date of birth and given name) to the first.
    seen: dict[tuple, int] = {}
    joined = 0
    for person in Person.objects.order_by("pk"):
        key = (person.given_name, person.date_of_birth)
        if key in seen:
            people_join(survivor=Person(pk=seen[key]), merged=person, actor=None)
            joined += 1
        else:
            seen[key] = person.pk
    assert joined >= 40
    call_command("train_linkage", verbosity=0)
    after = LinkageModel.objects.get(version=2)
    assert after.people == before.people == 344
    prior_before = before.model["probability_two_random_records_match"]
    prior_after = after.model["probability_two_random_records_match"]
    assert prior_after == pytest.approx(prior_before, rel=0.01)


def test_training_needs_enough_people() -> None:
    PersonFactory.create_batch(3)
    with pytest.raises(CommandError, match="at least 50 people with a name; the index has 3"):
        call_command("train_linkage", verbosity=0)


def test_batch_dedupe_queues_pairs_and_a_confirmed_pair_merges_and_unmerges_exactly(
    index, vco
) -> None:
    from tests.factories import CaseFactory
    from victimcare.cases.models import Case
    from victimcare.linkage.models import LinkCandidate, PersonMerge
    from victimcare.linkage.services import candidate_decide, people_unmerge
    from victimcare.referrals.models import Referral

    first, again, mother, daughter = index
    older = CaseFactory(referral__person=first)
    newer = CaseFactory(referral__person=again)
    call_command("train_linkage", verbosity=0)
    call_command("dedupe_people", "--no-progress", verbosity=0)
    pair = LinkCandidate.objects.get(left=first, right=again)
    assert pair.status == "pending" and pair.probability > 0.95
    weights = {f["field"]: f for f in pair.fields}
    assert weights["dob"]["level"] == "Exact match on date of birth"
    assert weights["dob"]["weight"] > 5 and weights["postcode"]["weight"] < 0
    assert not LinkCandidate.objects.filter(left=mother, right=daughter).exists()
    assert not PersonMerge.objects.exists()  # the batch only proposes

    before = {
        "referrals": dict(Referral.objects.values_list("pk", "person_id")),
        "cases": dict(Case.objects.values_list("pk", "person_id")),
    }
    candidate_decide(candidate=pair, same_person=True, actor=vco)
    newer.refresh_from_db()
    assert newer.person_id == first.pk and newer.referral.person_id == first.pk
    assert older.person.pk == first.pk
    again.refresh_from_db()
    assert again.merged_into_id == first.pk
    CaseFactory(referral__person=first)  # a referral after the merge stays with the survivor

    people_unmerge(merge=PersonMerge.objects.get(), actor=vco)
    after_referrals = dict(Referral.objects.values_list("pk", "person_id"))
    after_cases = dict(Case.objects.values_list("pk", "person_id"))
    for pk, person in before["referrals"].items():
        assert after_referrals[pk] == person
    for pk, person in before["cases"].items():
        assert after_cases[pk] == person
    assert len(after_cases) == len(before["cases"]) + 1
    again.refresh_from_db()
    assert again.merged_into_id is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="linkage.")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions[-3:] == ["linkage.merged", "linkage.candidate_decided", "linkage.unmerged"]
    with pytest.raises(Exception, match="already been decided"):
        candidate_decide(candidate=pair, same_person=False, actor=vco)


def test_a_phone_match_random_sampling_never_saw_gets_its_u_from_the_data() -> None:
    from victimcare.linkage.splink_model import exact_u_filled

    def model(u=None):
        exact = {"sql_condition": '"phone_l" = "phone_r"', "m_probability": 0.9}
        if u is not None:
            exact["u_probability"] = u
        return {
            "comparisons": [
                {
                    "output_column_name": "phone",
                    "comparison_levels": [
                        {
                            "sql_condition": '"phone_l" IS NULL OR "phone_r" IS NULL',
                            "is_null_level": True,
                        },
                        exact,
                        {"sql_condition": "ELSE", "m_probability": 0.1, "u_probability": 1.0},
                    ],
                }
            ]
        }

    people = [
        {"phone": "+447700900001"},
        {"phone": "+447700900001"},
        {"phone": "+447700900002"},
        {"phone": "+447700900003"},
        {"phone": None},
    ]
    filled = exact_u_filled(model(), people)
    assert filled["comparisons"][0]["comparison_levels"][1]["u_probability"] == 1 / 6
    # Every phone different: at most one pair in all of them.
    distinct = [{"phone": f"+4477009000{n:02d}"} for n in range(10)]
    assert (
        exact_u_filled(model(), distinct)["comparisons"][0]["comparison_levels"][1]["u_probability"]
        == 1 / 45
    )
    # A trained u is left as it was.
    assert (
        exact_u_filled(model(u=0.001), people)["comparisons"][0]["comparison_levels"][1][
            "u_probability"
        ]
        == 0.001
    )


def test_an_index_where_nobody_shares_a_birthday_or_a_name_refuses_training_with_the_reason() -> (
    None
):
    """Neither training rule pairs anybody: the trainer says so in words (seed_demo and
    train_linkage report it) instead of failing with Splink's own exception."""
    records = []
    for n in range(60):
        records.append(
            linkage_record(
                unique_id=n + 1,
                given_name=f"Given{chr(65 + n % 26)}{chr(65 + n // 26)}x",
                family_name=f"Family{chr(65 + n % 26)}{chr(65 + n // 26)}y",
                date_of_birth=datetime.date(1950, 1, 1) + datetime.timedelta(days=97 * n),
                postcode=f"BS{n} 1AA",
                address="",
                phone="",
                email="",
            )
        )
    with pytest.raises(NotEnoughPeople, match="no repeat people"):
        train(records)


def test_batch_blocking_pairs_names_keyed_the_wrong_way_round_and_one_address() -> None:
    """Pairs that share none of postcode, date of birth, name block, phone or email are
    still compared: names keyed in each other's boxes (Khan Ahmed and Ahmed Khan), and one
    address with the same given name (a new family name, a postcode and a birthday keyed wrong)."""
    from benchmarks.households import generate
    from benchmarks.households import linkage_record as household_record

    records = [household_record(record, n) for n, record in enumerate(generate(400), start=1)]
    ahmed = dict(given_name="Ahmed", family_name="Khan", phone="", email="")
    special = [
        linkage_record(
            unique_id=9001,
            date_of_birth=datetime.date(1983, 7, 19),
            postcode="BS7 8QT",
            address="3 Elm Road",
            **ahmed,
        ),
        linkage_record(
            unique_id=9002,
            given_name="Khan",
            family_name="Ahmed",
            date_of_birth=None,
            postcode="BS12 4RT",
            address="40 Station Road",
            phone="",
            email="",
        ),
        linkage_record(
            unique_id=9003,
            given_name="Oluwaseun",
            family_name="Adeyemi",
            date_of_birth=datetime.date(1979, 2, 11),
            postcode="BS1 4DJ",
            address="Flat 2, 17 Quarry Lane",
            phone="",
            email="",
        ),
        linkage_record(
            unique_id=9004,
            given_name="Oluwaseun",
            family_name="Pritchard",
            date_of_birth=datetime.date(1979, 2, 21),
            postcode="BS1 4JD",
            address="Flat 2, 17 Quarry Lane",
            phone="",
            email="",
        ),
    ]
    model = train(records + special)
    pairs = {
        frozenset((int(p["unique_id_l"]), int(p["unique_id_r"])))
        for p in scored_pairs(model, records + special)
    }
    assert frozenset((9001, 9002)) in pairs
    assert frozenset((9003, 9004)) in pairs
    assert frozenset((9001, 9003)) not in pairs  # nothing in common: never compared
