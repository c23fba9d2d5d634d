"""The real-time scorer gives Splink's own scores from the stored model, pair for pair, and
refuses a model it cannot evaluate rather than scoring it wrongly."""

import copy

import pytest
from splink import DuckDBAPI, Linker

from victimcare.linkage.scorer import CompiledModel, UnsupportedModel, term_frequencies
from victimcare.linkage.splink_model import FIELDS, _table, train
from victimcare.linkage.synthetic import generate


@pytest.fixture(scope="module")
def trained():
    records, truth = generate(5000, seed=11)
    return records, truth, train(records)


def splink_scores(model, records):
    linker = Linker(
        DuckDBAPI().register(_table(records), table_name="people"),
        {**model, "retain_intermediate_calculation_columns": True},
        log_level="WARNING",
    )
    return linker.inference.predict(threshold_match_probability=0.0).as_record_list()


def assert_same_as_splink(model, records) -> int:
    compiled = CompiledModel(model, term_frequencies(records, model))
    by_id = {record["unique_id"]: record for record in records}
    rows = splink_scores(model, records)
    for row in rows:
        ours = compiled.score(by_id[row["unique_id_l"]], by_id[row["unique_id_r"]])
        assert ours.match_weight == pytest.approx(row["match_weight"], abs=1e-9), row
        assert ours.match_probability == pytest.approx(row["match_probability"], abs=1e-12)
        assert [f.gamma for f in ours.fields] == [row[f"gamma_{name}"] for name in FIELDS]
    return len(rows)


def test_every_blocked_pair_scores_as_splink_scores_it(trained) -> None:
    records, truth, model = trained
    compared = assert_same_as_splink(model, records)
    assert compared > 1_500  # every pair Splink's blocking produced, not a handful
    # And the scores mean something: the known duplicates score high, on the whole.
    compiled = CompiledModel(model, term_frequencies(records, model))
    by_id = {record["unique_id"]: record for record in records}
    found = sum(compiled.score(by_id[a], by_id[b]).match_probability >= 0.9 for a, b in truth)
    assert found / len(truth) > 0.9


def test_a_level_training_left_untouched_scores_with_splinks_default(trained) -> None:
    records, _, model = trained
    untrained = copy.deepcopy(model)
    phone = next(c for c in untrained["comparisons"] if c["output_column_name"] == "phone")
    exact = next(level for level in phone["comparison_levels"] if "m_probability" in level)
    del exact["m_probability"]
    assert_same_as_splink(untrained, records[:800])


def test_a_rarer_name_agreeing_counts_for_more(trained) -> None:
    _, _, model = trained
    compiled = CompiledModel(model, {"family_name": {"smith": 0.05, "okonkwo": 0.0005}})
    base = {
        "given_name": "ann",
        "dob": None,
        "postcode": None,
        "address": None,
        "phone": None,
        "email": None,
    }
    smith = compiled.score({**base, "family_name": "smith"}, {**base, "family_name": "smith"})
    rare = compiled.score({**base, "family_name": "okonkwo"}, {**base, "family_name": "okonkwo"})
    assert rare.match_weight > smith.match_weight
    family = next(f for f in rare.fields if f.field == "family_name")
    assert family.level == "Exact match on family_name"


def test_a_comparison_it_cannot_evaluate_is_refused(trained) -> None:
    _, _, model = trained
    changed = copy.deepcopy(model)
    postcode = next(c for c in changed["comparisons"] if c["output_column_name"] == "postcode")
    postcode["comparison_levels"][2]["sql_condition"] = 'jaccard("postcode_l", "postcode_r") >= 0.5'
    with pytest.raises(UnsupportedModel, match="jaccard"):
        CompiledModel(changed, {})


def test_a_candidate_is_ruled_out_only_when_it_cannot_reach_the_weight_asked(trained) -> None:
    """The real-time match passes over a candidate as soon as the fields weighed so far leave
    it short (`could_reach`); it must never pass over one that would have reached it. Every
    record here, both ways round, is checked against 400 others at four weights asked,
    among them each pair's own exact weight (the edge a bound could get wrong)."""
    records, _, model = trained
    compiled = CompiledModel(model, term_frequencies(records, model))
    ruled_out = kept = 0
    for probe in records[:120]:
        swapped = {
            **probe,
            "given_name": probe["family_name"],
            "family_name": probe["given_name"],
        }
        probes = [probe, swapped] if swapped["given_name"] != probe["given_name"] else [probe]
        varying = compiled.varying_fields(probes)
        bounds = compiled.bounds(probes)
        for other in records[120:520]:
            best, _ = compiled.best_orientation(probes, other)
            for field, most in bounds.most.items():  # each bound is a real upper bound
                for one in probes:
                    assert compiled.field_weight(field, one, other) <= most + 1e-9, field
            for target in (-10.0, 0.0, 6.63, best):  # review 0.5, join 0.99
                reachable = compiled.could_reach(
                    probes, other, target, bounds=bounds, varying=varying
                )
                if not reachable:
                    assert best < target, (probe["unique_id"], other["unique_id"], target)
                if target == 0.0:
                    ruled_out += not reachable
                    kept += reachable
    # And at the review threshold it rules out most pairs: the point of it.
    assert ruled_out > kept


class _Known:
    """A person as intake's best-match loop sees them (linkage.intake.Candidate), made from
    a record in the model's terms, its address known from the start."""

    def __init__(self, record):
        self.pk = record["unique_id"]
        self.record = dict(record)
        self.keys = {
            "postcode": record["postcode"],
            "date_of_birth": record["dob"],
            "name_block": record["name_block"],
            "phone_index": record["phone"],
            "email_index": record["email"],
        }

    @property
    def raw_names(self):
        return self.record["given_name"] or "", self.record["family_name"] or ""

    def with_address(self):
        return self.record


def _every_candidate_weighed(compiled, person, candidates, passed_over=frozenset()):
    """The best match as the loop found it before it learned to stop early: every candidate
    weighed in full; of equal weights, the one sharing most blocking keys, then the first
    known."""
    from victimcare.linkage.intake import _orientations

    probes = _orientations(person)
    varying = compiled.varying_fields(probes)
    weighed = []
    for other in candidates:
        if other.pk in passed_over:
            continue
        partial, probe = compiled.best_orientation(
            probes, other.record, skip="address", varying=varying
        )
        weight = partial + compiled.field_weight("address", probe, other.record)
        shared = sum(other.keys[f] == v for f, v in person.keys.items() if v)
        weighed.append((weight, shared, -other.pk, other, probe))
    if not weighed:
        return None
    weight, _, _, other, probe = max(weighed, key=lambda item: item[:3])
    if weight < 0:  # the review threshold, 0.5, as a weight
        return None
    return other.pk, compiled.score(probe, other.record)


def test_the_best_match_is_the_one_weighing_every_candidate_in_full_would_find(trained) -> None:
    """Intake's loop rules candidates out early (ADR 64); it must still pick the candidate,
    and give the score, that weighing every candidate in full would: for newcomers sharing
    blocking keys with many known people, in any order, some with a given name the index
    has never seen (no term frequency), and with the best passed over as intake does when the
    evidence holds a pair back."""
    import random

    from victimcare.linkage.intake import _best_match

    records, _, model = trained
    compiled = CompiledModel(model, term_frequencies(records, model))
    known = [_Known(record) for record in records]
    rng = random.Random(5)
    compared = found = 0
    for n, person in enumerate(rng.sample(known, 150)):
        if n % 5 == 0:  # a name nobody in the index has, on the newcomer and on a repeat of them
            person = _Known({**person.record, "given_name": "xanthippe", "unique_id": -n - 1})
            known.append(_Known({**person.record, "unique_id": 10**6 + n}))
        # Those sharing a blocking key or the family name's sound, and 60 drawn at random.
        candidates = [
            other
            for other in known
            if other.pk != person.pk
            and (
                any(v and other.keys[f] == v for f, v in person.keys.items())
                or other.record["family_phonetic"] == person.record["family_phonetic"]
            )
        ]
        candidates += [o for o in rng.sample(known, 60) if o.pk != person.pk]
        candidates = list({o.pk: o for o in candidates}.values())
        rng.shuffle(candidates)
        expected = _every_candidate_weighed(compiled, person, candidates)
        assert _best_match(compiled, person, candidates) == expected
        compared += len(candidates)
        if expected:
            found += 1
            passed = frozenset({expected[0]})
            assert _best_match(
                compiled, person, candidates, passed_over=passed
            ) == _every_candidate_weighed(compiled, person, candidates, passed)
    assert compared > 3_000 and found > 40  # many candidates weighed, many newcomers matched
