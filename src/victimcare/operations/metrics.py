"""The Prometheus text format (version 0.0.4) of the hub's metrics, written with the
standard library: request rates and latencies by route, task queues, the outbox, imports,
linkage decisions, Victims' Code duties per hub, scheduled jobs and heartbeats.

Labels carry routes, statuses, queue, job and hub names only: never a person.
"""

from collections.abc import Iterable

from django.conf import settings

from victimcare.operations import selectors
from victimcare.operations.request_stats import BUCKETS, requests_totals


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(**labels: str) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(str(v))}"' for k, v in labels.items()) + "}"


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def family(self, name: str, kind: str, help_text: str) -> None:
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]

    def sample(self, name: str, value: float, **labels: str) -> None:
        number = int(value) if float(value).is_integer() else value
        self.lines.append(f"{name}{_labels(**labels)} {number}")


def _requests(out: _Writer) -> None:
    totals = requests_totals()
    out.family("vch_http_requests_total", "counter", "HTTP requests by route, method, status")
    for (route, method, status), values in sorted(totals.items()):
        out.sample("vch_http_requests_total", values[0], route=route, method=method, status=status)
    out.family("vch_http_request_duration_seconds", "histogram", "Time to answer a request")
    for (route, method, status), values in sorted(totals.items()):
        labels = {"route": route, "method": method, "status": status}
        for bound, count in zip(BUCKETS, values[2:], strict=True):
            out.sample("vch_http_request_duration_seconds_bucket", count, **labels, le=str(bound))
        out.sample("vch_http_request_duration_seconds_bucket", values[0], **labels, le="+Inf")
        out.sample("vch_http_request_duration_seconds_sum", round(values[1], 6), **labels)
        out.sample("vch_http_request_duration_seconds_count", values[0], **labels)


def _work(out: _Writer) -> None:
    queues = selectors.task_queues()
    out.family("vch_task_queue_depth", "gauge", "Tasks ready to run now, per queue")
    out.family("vch_task_queue_oldest_seconds", "gauge", "Age of the oldest task ready to run")
    for queue in queues or [selectors.QueueDepth("default", 0, 0)]:
        out.sample("vch_task_queue_depth", queue.ready, queue=queue.queue)
        out.sample("vch_task_queue_oldest_seconds", queue.oldest_seconds, queue=queue.queue)
    out.family("vch_tasks", "gauge", "Task results kept, by status")
    for status, count in sorted(selectors.tasks_by_status().items()):
        out.sample("vch_tasks", count, status=status)

    backlog = selectors.outbox_backlog()
    out.family("vch_outbox_messages", "gauge", "Outbox messages by status")
    for status, count in sorted(backlog.by_status.items()):
        out.sample("vch_outbox_messages", count, status=status)
    out.family("vch_outbox_waiting", "gauge", "Messages waiting to send (pending, sending, retry)")
    out.sample("vch_outbox_waiting", backlog.waiting)
    out.family("vch_outbox_gave_up", "gauge", "Messages that failed for good: need a person")
    out.sample("vch_outbox_gave_up", backlog.gave_up)
    out.family("vch_outbox_oldest_waiting_seconds", "gauge", "Age of the oldest waiting message")
    out.sample("vch_outbox_oldest_waiting_seconds", backlog.oldest_waiting_seconds)

    runs, rows = selectors.imports_by_outcome()
    out.family("vch_imports", "gauge", "Feed imports kept, by kind and status")
    for (kind, status), count in sorted(runs.items()):
        out.sample("vch_imports", count, kind=kind, status=status)
    out.family("vch_import_rows", "gauge", "Rows of the imports kept, by kind and outcome")
    for (kind, outcome), count in sorted(rows.items()):
        out.sample("vch_import_rows", count, kind=kind, outcome=outcome)

    out.family("vch_linkage_candidates", "gauge", "Possible repeat victims, by decision")
    for status, count in sorted(selectors.linkage_decisions().items()):
        out.sample("vch_linkage_candidates", count, status=status)


def _duties_and_processes(out: _Writer) -> None:
    duties = selectors.code_duties_by_hub()
    out.family("vch_code_duties_open", "gauge", "Victims' Code duties not yet met, per hub")
    for row in duties:
        out.sample("vch_code_duties_open", row.open, hub=row.hub)
    out.family("vch_code_duties_overdue", "gauge", "Victims' Code duties past due, per hub")
    for row in duties:
        out.sample("vch_code_duties_overdue", row.overdue, hub=row.hub)

    jobs = selectors.scheduled_jobs(sorted(settings.VCH_SCHEDULE))
    out.family(
        "vch_scheduled_job_last_success_timestamp_seconds",
        "gauge",
        "When each scheduled job last finished well (0: never)",
    )
    for state in jobs:
        at = state.last_success.timestamp() if state.last_success else 0
        out.sample("vch_scheduled_job_last_success_timestamp_seconds", round(at), job=state.job)
    out.family("vch_scheduled_job_failed", "gauge", "1 when a job's latest run failed")
    for state in jobs:
        out.sample("vch_scheduled_job_failed", int(state.latest_status == "failed"), job=state.job)

    out.family("vch_heartbeat_age_seconds", "gauge", "Seconds since the worker/scheduler beat")
    for role, age in sorted(selectors.heartbeat_ages().items()):
        out.sample("vch_heartbeat_age_seconds", age, role=role)


def metrics_text(parts: Iterable[str] = ("requests", "work", "duties")) -> str:
    out = _Writer()
    sections = {"requests": _requests, "work": _work, "duties": _duties_and_processes}
    for part in parts:
        sections[part](out)
    return "\n".join(out.lines) + "\n"
