"""Refusals and the version check every change to a case goes through."""

import itertools
from typing import TYPE_CHECKING

from victimcare.accounts.models import User
from victimcare.cases import lifecycle
from victimcare.cases.models import Case

if TYPE_CHECKING:  # a page's form is named, never built, here
    from django import forms


class CaseChangeRefused(Exception):
    """The change cannot be made; the message says why, in the officer's words. `field`
    names the form field the refusal is about, where one is (a date, a choice), so the page
    shows the message at that field, as it shows the form's own checks."""

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def shown_on(self, form: "forms.Form") -> None:
        """Put the refusal on the form: at its field if the form has that field, else at
        the top of the page (the error summary links to either)."""
        form.add_error(self.field if self.field in form.fields else None, str(self))


class CaseEnded(CaseChangeRefused):
    """The case has ended: new work on it waits until it is reopened (about the whole case,
    so a page shows it at the top, not at a field)."""


class StaleCase(CaseChangeRefused):
    """Someone else changed the case since the form was opened."""


def refuse_once_ended(case: Case, doing: str) -> None:
    """New work waits until an ended case (closed, unable to contact, declined support,
    transferred out) is reopened: closing answered every task, and a referral, a goal, an
    assessment or a follow-up made afterwards would be work nobody holds. The case is
    locked, so a closing in flight finishes first. `doing` completes "Reopen the case
    before ...". Corrections, outcomes that come later and withdrawals stay open."""
    status = Case.objects.select_for_update().filter(pk=case.pk).values_list("status", flat=True)
    now = status.first()
    if now in lifecycle.ENDED and not lifecycle.status_page_moves(now):
        # Transferred out: no move brings it back here; the area it went to holds the work.
        raise CaseEnded(
            f"The case was transferred to another area, which holds it now: {doing} is for them"
        )
    if now in lifecycle.ENDED:
        raise CaseEnded(f"Reopen the case before {doing}")


def locked_case(case: Case, expected_version: int | None) -> Case:
    current = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleCase(changes_since(current, expected_version))
    return current


def changes_since(case: Case, version: int) -> str:
    """In words, what changed on the case after `version` (from its change history)."""
    versions = list(case.history.filter(version__gte=version).order_by("version", "history_id"))
    changed: list[str] = []
    for older, newer in itertools.pairwise(versions):
        for change in newer.diff_against(older).changes:
            label = str(getattr(Case._meta.get_field(change.field), "verbose_name", change.field))
            if label not in changed and change.field not in {"version", "updated_at"}:
                changed.append(label)
    who = versions[-1].history_user.display_name if versions and versions[-1].history_user else ""
    what = ", ".join(changed) or "its details"
    by = f" by {who}" if who else ""
    return (
        f"This case was changed{by} while you were working on it ({what}). "
        "Your change was not saved: check the case as it is now and make it again."
    )


def save_version(case: Case, fields: list[str], actor: User | None) -> None:
    """Save a change with a new version; the history names who made it."""
    case.version += 1
    case._history_user = actor  # type: ignore[attr-defined]  # django-simple-history
    case.save(update_fields=[*fields, "version", "updated_at"])
