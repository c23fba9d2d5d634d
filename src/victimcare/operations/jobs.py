"""The hub's periodic jobs, by name (their schedules are in settings.VCH_SCHEDULE).

Each brings something up to date and is safe to run again: a run covers everything due so
far, so one run after a missed period catches up. Each returns a short outcome of counts.
"""

from collections.abc import Callable

from django.utils import timezone

from victimcare.dataprotection.retention import retention_apply
from victimcare.insights.services import case_facts_refresh_changed
from victimcare.intake.uploads import imports_end_stopped, imports_take_over_stalled
from victimcare.justice.services.duties import investigation_updates_schedule
from victimcare.notifications.tasks import schedule_sweep
from victimcare.operations.tasks import worker_heartbeat_enqueue


def investigation_updates() -> str:
    return f"{investigation_updates_schedule(today=timezone.localdate())} update duties created"


def refresh_insights() -> str:
    return f"facts refreshed for {case_facts_refresh_changed()} cases"


def apply_retention() -> str:
    return f"{len(retention_apply(actor_label='scheduler (apply_retention)'))} records disposed of"


def sweep_outbox() -> str:
    """Make sure the worker has an outbox sweep queued: its own chain of sweeps breaks when a
    worker dies mid-sweep, and messages would wait until a worker restarted. Sending stays
    in the worker."""
    schedule_sweep()
    return "sweep queued for the worker"


def end_stopped_imports() -> str:
    taken = imports_take_over_stalled()
    return f"{taken} stalled imports queued again, {imports_end_stopped()} stopped imports ended"


def worker_heartbeat() -> str:
    return "heartbeat queued" if worker_heartbeat_enqueue() else "heartbeat already queued"


JOBS: dict[str, Callable[[], str]] = {
    "investigation_updates": investigation_updates,
    "refresh_insights": refresh_insights,
    "apply_retention": apply_retention,
    "outbox_sweep": sweep_outbox,
    "stalled_imports": end_stopped_imports,
    "worker_heartbeat": worker_heartbeat,
}
