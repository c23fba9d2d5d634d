"""Which known person a newcomer is joined to, or reviewed with, when the best pair is held
back by the evidence (linkage.intake._decided): only a relative (told apart, sharing a home,
phone or family name) is passed over for the next best. A pair held back for want of
evidence may be this very person, so nobody weaker is joined in its place (found by a police
force's test: a mother who had moved, her own record held for an officer, was joined to her
daughter of the same name instead)."""

from types import SimpleNamespace

import pytest

from victimcare.linkage import intake
from victimcare.linkage.evidence import DecisionCap, PairEvidence
from victimcare.linkage.scorer import Score

pytestmark = pytest.mark.django_db  # the thresholds are settings


def _score(probability: float) -> Score:
    return Score(match_weight=0.0, match_probability=probability, fields=())


def _decide(monkeypatch, held: PairEvidence):
    """Her own record (1) scores best but its evidence is `held`; her namesake relative (2)
    scores next and the evidence would allow joining it."""
    ranked = [(1, _score(0.9995)), (2, _score(0.995))]
    evidence = {1: held, 2: PairEvidence(decision_cap=DecisionCap.JOIN, household=False)}

    def best_match(compiled, person, candidates, *, passed_over=frozenset()):
        return next(((pk, s) for pk, s in ranked if pk not in passed_over), None)

    monkeypatch.setattr(intake, "_best_match", best_match)
    monkeypatch.setattr(intake, "name_spellings", lambda compiled: None)
    monkeypatch.setattr(intake, "pair_evidence", lambda a, b, spellings: evidence[b])
    known = {pk: SimpleNamespace(identity=lambda pk=pk: pk) for pk in (1, 2)}
    newcomer = SimpleNamespace(identity=lambda: 0)
    return intake._decided(None, newcomer, known)


def test_a_pair_held_for_want_of_evidence_is_reviewed_not_stepped_over(monkeypatch) -> None:
    held = PairEvidence(decision_cap=DecisionCap.REVIEW, household=False)
    pk, _, evidence, join = _decide(monkeypatch, held)
    assert (pk, join) == (1, False)  # her own record, for an officer; never the relative
    assert evidence is held


def test_a_relative_is_stepped_over_for_the_person_herself(monkeypatch) -> None:
    relative = PairEvidence(decision_cap=DecisionCap.REVIEW, household=True)
    pk, _, _, join = _decide(monkeypatch, relative)
    assert (pk, join) == (2, True)
