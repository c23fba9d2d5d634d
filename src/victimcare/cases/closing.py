"""What closing a case needs (pure, no database): from which statuses it may close in one
step, when the exit needs assessment is owed, what each open task became, and what is
missing when closing is not allowed yet."""

from django.db import models

from victimcare.cases import lifecycle
from victimcare.cases.models import CaseStatus as S
from victimcare.cases.models import ClosureReason as R

# A case closes from here in one step (the service records "closing" on the way).
CLOSABLE = frozenset({S.ASSESSED, S.SUPPORTED, S.CLOSING})
# Reasons that say support was given and finished: the exit needs assessment measures the
# distance travelled. Contact lost, declined, moved away or ended by the victim: nothing to
# measure, so it is not asked for.
MEASURED = frozenset({R.SUPPORT_COMPLETE, R.REFERRED_ON})
NOTE_MAX = 250


class TaskEnding(models.TextChoices):
    """What happened to a task still open when its case closed."""

    DONE = "done", "Done"
    HANDED_OVER = "handed_over", "Handed over"
    NOT_NEEDED = "not_needed", "No longer needed"


def exit_assessment_required(reason: str) -> bool:
    return reason in MEASURED


def closing_allowed(status: str) -> bool:
    return status in CLOSABLE


def closing_missing(status: str) -> list[str]:
    """What must happen before a case in `status` can be closed; empty when it can, or when
    it has already ended (nothing to close)."""
    if status in CLOSABLE or status in lifecycle.ENDED:
        return []
    label = S(status).label.lower()
    return [
        f"The case is {label}: assess the victim's needs first (status Needs assessed) "
        "and it can then be closed from here",
        "If the victim cannot be reached or does not want support, change the status to "
        "Unable to contact or Declined support instead",
    ]


def ended_task_reason(how: str, note: str, *, ended: str = "closed") -> str:
    """The words an ended task shows: what happened to it when the case closed (or ended
    another way: declined support, unable to contact), and the note."""
    return f"{TaskEnding(how).label} when the case {ended}: {note}"[:300]
