"""The case lifecycle: which status may follow which, in one table (pure, no database).

new → contacting → assessed → supported → closing → closed, with unable to contact,
declined support, transferred out, sent in error (from any open status: the referral was
about someone else, ADR 71) and reopened. Each allowed move has the words an
officer sees on its button; anything not in the table is refused with a reason. The table
is a `core.states.StateMachine`, the one shape every status field moves by.
"""

from victimcare.cases.models import CaseStatus as S
from victimcare.core.states import Move, StateMachine

TRANSITIONS: dict[str, tuple[Move, ...]] = {
    S.NEW: (
        Move(S.CONTACTING, "Start contacting the victim"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
        Move(S.TRANSFERRED_OUT, "Transferred to another area"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
    S.CONTACTING: (
        Move(S.ASSESSED, "Needs assessed"),
        Move(S.UNABLE_TO_CONTACT, "Unable to contact"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
    S.ASSESSED: (
        Move(S.SUPPORTED, "Support plan agreed"),
        Move(S.CLOSING, "No further support needed: start closing"),
        Move(S.DECLINED_SUPPORT, "The victim declined support"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
    S.SUPPORTED: (
        Move(S.CLOSING, "Support finished: start closing"),
        Move(S.DECLINED_SUPPORT, "The victim stopped the support"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
    S.CLOSING: (
        Move(S.CLOSED, "Close the case"),
        Move(S.SUPPORTED, "More support needed after all"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
    S.CLOSED: (Move(S.REOPENED, "Reopen the case"),),
    S.UNABLE_TO_CONTACT: (Move(S.REOPENED, "Reopen: the victim got in touch"),),
    S.DECLINED_SUPPORT: (Move(S.REOPENED, "Reopen: the victim asked for support"),),
    S.TRANSFERRED_OUT: (),
    S.SENT_IN_ERROR: (Move(S.REOPENED, "Reopen: it was not sent in error"),),
    S.REOPENED: (
        Move(S.CONTACTING, "Start contacting the victim"),
        Move(S.ASSESSED, "Needs assessed"),
        Move(S.SUPPORTED, "Support plan agreed"),
        Move(S.SENT_IN_ERROR, "Sent in error: the referral was about someone else"),
    ),
}

# Statuses that end the case: retention and caseloads count from here.
ENDED = frozenset(
    {S.CLOSED, S.UNABLE_TO_CONTACT, S.DECLINED_SUPPORT, S.TRANSFERRED_OUT, S.SENT_IN_ERROR}
)


def _refusal(machine: StateMachine, current: str, target: str) -> str:
    if target not in S.values:
        return f"'{target}' is not a case status"
    if current == target:
        return f"The case is already {machine.label(current)}"
    options = ", ".join(machine.label(m.target) for m in machine.allowed(current)) or "nothing"
    return (
        f"A case that is {machine.label(current)} cannot become {machine.label(target)}; "
        f"it can become: {options}"
    )


CASE_LIFECYCLE = StateMachine(states=S, moves=TRANSITIONS, refusal=_refusal)


def allowed_moves(current: str) -> tuple[Move, ...]:
    return CASE_LIFECYCLE.allowed(current)


def status_page_moves(current: str) -> tuple[Move, ...]:
    """The moves the status page offers: every allowed move but closing the case, which
    has its own page (what became of each task, the outcomes, the reason)."""
    return tuple(m for m in allowed_moves(current) if m.target != S.CLOSED)


def refusal(current: str, target: str) -> str | None:
    """Why a case in `current` cannot move to `target`, or None if it can."""
    return CASE_LIFECYCLE.why_not(current, target)
