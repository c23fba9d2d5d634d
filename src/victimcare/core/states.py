"""Explicit states: one shape for every status field that moves (pure, no database).

A `StateMachine` is a status enum plus a transition table: for each status, the moves it
may make, each with the words a person sees on its button and, where it matters, who may
make it. `transition()` returns the move or raises `InvalidTransition` with the reason a
person will read; services record who moved it, when and why (docs/design.md habit 4).

Used by the case lifecycle, onward referrals, restorative justice, import runs, transfers,
rights requests and complaints.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models


class InvalidTransition(Exception):
    """A status cannot move so; `reason` says why in words a person reads."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Move:
    """One allowed move: to `target`, labelled for a button, made by `by` where that matters."""

    target: str
    label: str = ""
    by: str = ""


Refusal = Callable[["StateMachine", str, str], str]


def refused_with(template: str) -> Refusal:
    """A refusal from words with `{current}` and `{target}` (the statuses' labels, lower case)."""

    def refuse(machine: "StateMachine", current: str, target: str) -> str:
        return template.format(current=machine.label(current), target=machine.label(target))

    return refuse


@dataclass(frozen=True)
class StateMachine:
    """A status enum and the moves each status may make; anything not listed is refused."""

    states: type[models.TextChoices]
    moves: Mapping[str, tuple[Move, ...]]
    refusal: Refusal = field(
        default=refused_with("Something that is {current} cannot become {target}")
    )

    def __post_init__(self) -> None:
        values = set(self.states.values)
        unknown = {str(s) for s in self.moves} - values
        unknown |= {m.target for ms in self.moves.values() for m in ms} - values
        if unknown:
            raise ValueError(f"not statuses of {self.states.__name__}: {sorted(unknown)}")

    def label(self, status: str) -> str:
        return str(self.states(status).label).lower()

    def allowed(self, current: str) -> tuple[Move, ...]:
        """The moves a thing in `current` may make, in the table's order."""
        return self.moves.get(current, ())

    def move(self, current: str, target: str) -> Move | None:
        return next((m for m in self.allowed(current) if m.target == target), None)

    def targets(self, current: str) -> frozenset[str]:
        """The statuses a thing in `current` may move to."""
        return frozenset(m.target for m in self.allowed(current))

    def can(self, current: str, target: str) -> bool:
        return self.move(current, target) is not None

    def why_not(self, current: str, target: str) -> str | None:
        """Why `current` cannot move to `target`, or None if it can."""
        if self.can(current, target):
            return None
        return self.refusal(self, current, target)

    def transition(self, current: str, target: str) -> Move:
        """The move from `current` to `target`, or `InvalidTransition` saying why not."""
        found = self.move(current, target)
        if found is None:
            raise InvalidTransition(self.refusal(self, current, target))
        return found


def table(moves: Mapping[str, Iterable[str | Move]]) -> dict[str, tuple[Move, ...]]:
    """A transition table from plain targets or `Move`s: `{A: [B, C], B: []}`."""
    return {
        str(source): tuple(t if isinstance(t, Move) else Move(str(t)) for t in targets)
        for source, targets in moves.items()
    }
