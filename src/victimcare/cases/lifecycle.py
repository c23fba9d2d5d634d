"""The case lifecycle: which status may follow which, in one table (pure, no database).

new → contacting → assessed → supported → closing → closed, with unable to contact,
declined support, transferred out and reopened. Each allowed move has the words an
officer sees on its button; anything not in the table is refused with a reason.
"""

from dataclasses import dataclass

from victimcare.cases.models import CaseStatus as S


@dataclass(frozen=True)
class Move:
    target: str
    label: str


TRANSITIONS: dict[str, tuple[Move, ...]] = {
    S.NEW: (
        Move(S.CONTACTING, "Start contacting the victim"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
        Move(S.TRANSFERRED_OUT, "Transferred to another area"),
    ),
    S.CONTACTING: (
        Move(S.ASSESSED, "Needs assessed"),
        Move(S.UNABLE_TO_CONTACT, "Unable to contact"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
    ),
    S.ASSESSED: (
        Move(S.SUPPORTED, "Support plan agreed"),
        Move(S.CLOSING, "No further support needed: start closing"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
    ),
    S.SUPPORTED: (
        Move(S.CLOSING, "Support finished: start closing"),
        Move(S.DECLINED_SUPPORT, "The victim stopped the support"),
    ),
    S.CLOSING: (
        Move(S.CLOSED, "Close the case"),
        Move(S.SUPPORTED, "More support needed after all"),
    ),
    S.CLOSED: (Move(S.REOPENED, "Reopen the case"),),
    S.UNABLE_TO_CONTACT: (Move(S.REOPENED, "Reopen: the victim got in touch"),),
    S.DECLINED_SUPPORT: (Move(S.REOPENED, "Reopen: the victim asked for support"),),
    S.TRANSFERRED_OUT: (),
    S.REOPENED: (
        Move(S.CONTACTING, "Start contacting the victim"),
        Move(S.ASSESSED, "Needs assessed"),
        Move(S.SUPPORTED, "Support plan agreed"),
    ),
}

# Statuses that end the case: retention and caseloads count from here.
ENDED = frozenset({S.CLOSED, S.UNABLE_TO_CONTACT, S.DECLINED_SUPPORT, S.TRANSFERRED_OUT})


def allowed_moves(current: str) -> tuple[Move, ...]:
    return TRANSITIONS.get(current, ())


def refusal(current: str, target: str) -> str | None:
    """Why a case in `current` cannot move to `target`, or None if it can."""
    if target not in S.values:
        return f"'{target}' is not a case status"
    if current == target:
        return f"The case is already {S(current).label.lower()}"
    if any(move.target == target for move in allowed_moves(current)):
        return None
    options = ", ".join(S(m.target).label.lower() for m in allowed_moves(current)) or "nothing"
    return (
        f"A case that is {S(current).label.lower()} cannot become {S(target).label.lower()}; "
        f"it can become: {options}"
    )
