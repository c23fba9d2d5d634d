"""Which known person a newcomer is joined to, or reviewed with, when the best pair is held
back by the evidence (linkage.intake._decided): only a relative (told apart, sharing a home,
phone or family name) is passed over for the next best. A pair held back for want of
evidence may be this very person, so nobody weaker is joined in its place (found by a police
force's test: a mother who had moved, her own record held for an officer, was joined to her
daughter of the same name instead)."""

from types import SimpleNamespace

from victimcare.linkage import intake
from victimcare.linkage.evidence import DecisionCap, PairEvidence
from victimcare.linkage.scorer import Score


def _score(probability: float) -> Score:
    return Score(match_weight=0.0, match_probability=probability, fields=())


JOINABLE = PairEvidence(decision_cap=DecisionCap.JOIN, household=False)
RELATIVE = PairEvidence(decision_cap=DecisionCap.REVIEW, household=True)
HELD = PairEvidence(decision_cap=DecisionCap.REVIEW, household=False)


def _decide(monkeypatch, *pairs: PairEvidence):
    """Known people 1, 2, 3... scoring in that order, all over the join threshold, with the
    evidence given for each pair."""
    ranked = [(n, _score(0.9995 - n / 10_000)) for n in range(1, len(pairs) + 1)]
    evidence = dict(enumerate(pairs, start=1))

    def best_match(compiled, person, candidates, *, passed_over=frozenset()):
        return next(((pk, s) for pk, s in ranked if pk not in passed_over), None)

    monkeypatch.setattr(intake, "_best_match", best_match)
    monkeypatch.setattr(intake, "name_spellings", lambda compiled: None)
    monkeypatch.setattr(intake, "pair_evidence", lambda a, b, spellings: evidence[b])
    known = {pk: SimpleNamespace(identity=lambda pk=pk: pk) for pk in evidence}
    newcomer = SimpleNamespace(identity=lambda: 0)
    return intake._decided(None, newcomer, known)


def test_a_pair_held_for_want_of_evidence_is_reviewed_not_stepped_over(monkeypatch) -> None:
    """Her own record (1) is held (another address, other contact details); her namesake
    relative (2) would be joinable: she is queued with her own record, never joined to 2."""
    pk, _, evidence, join = _decide(monkeypatch, HELD, JOINABLE)
    assert (pk, join) == (1, False)
    assert evidence is HELD


def test_a_relative_is_stepped_over_for_the_person_herself(monkeypatch) -> None:
    pk, _, _, join = _decide(monkeypatch, RELATIVE, JOINABLE)
    assert (pk, join) == (2, True)


def test_after_a_relative_the_held_pair_is_the_one_an_officer_sees(monkeypatch) -> None:
    """A twin passed over, then her own record held: the officer is shown her own record,
    not the twin, and nobody is joined."""
    pk, _, evidence, join = _decide(monkeypatch, RELATIVE, HELD, JOINABLE)
    assert (pk, join) == (2, False)
    assert evidence is HELD


def test_only_relatives_the_first_is_the_one_an_officer_sees(monkeypatch) -> None:
    pk, _, _, join = _decide(monkeypatch, RELATIVE, RELATIVE, RELATIVE)
    assert (pk, join) == (1, False)
