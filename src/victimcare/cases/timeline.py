"""A case's timeline: everything that happened to it, oldest first (the case record's
timeline section), read one kind of record at a time, and only the kinds the case holds."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from victimcare.cases.models import Case, CaseStatus, ShareGroup
from victimcare.people.models import ContactChannel

# The case's reverse relations the timeline shows, one query each when they hold rows.
TIMELINE_RELATIONS = (
    "onward_referrals",
    "tasks",
    "goals",
    "needs_assessments",
    "risk_assessments",
    "protection_assessments",
    "transitions",
    "contact_attempts",
    "notes",
    "messages",
    "safeguarding_referrals",
    "case_events",
    "outbox_messages",
)


def relations_with_rows(case: Case, relations: Iterable[str]) -> set[str]:
    """Which of the case's reverse `relations` hold any row, in one statement (an indexed
    probe each, written from the models' tables and keys): a page then reads only the
    kinds of record the case has, where a query a kind cost a new case, which has almost
    none, a dozen round trips for nothing. Each kind it names is then read as before."""
    names = list(relations)
    if not names:
        return set()
    quote = connection.ops.quote_name
    probes, keys = [], []
    for name in names:
        relation = Case._meta.get_field(name)
        table = relation.related_model._meta.db_table  # type: ignore[union-attr]
        column = relation.field.column  # type: ignore[union-attr]
        # Names from the models, quoted; the case is a bound parameter.
        probe = f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(column)} = %s)"  # noqa: S608
        probes.append(probe)
        keys.append(getattr(case, relation.field.target_field.attname))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(probes), keys)
        row = cursor.fetchone()
    return {name for name, held in zip(names, row, strict=True) if held}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str
    title: str
    detail: str
    who: str


def case_timeline(
    case: Case,
    *,
    onward: Sequence[Any] | None = None,
    tasks: Sequence[Any] | None = None,
    goals: Sequence[Any] | None = None,
    needs: Sequence[Any] | None = None,
    risks: Sequence[Any] | None = None,
    protections: Sequence[Any] | None = None,
) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, in one list. The case page
    passes the records it shows anyway, so they are read once; of the rest, only the kinds
    the case holds are read (`relations_with_rows`)."""
    given = {
        "onward_referrals": onward,
        "tasks": tasks,
        "goals": goals,
        "needs_assessments": needs,
        "risk_assessments": risks,
        "protection_assessments": protections,
    }
    held = relations_with_rows(
        case, [name for name in TIMELINE_RELATIONS if given.get(name) is None]
    )

    def read(name: str, rows: QuerySet[Any]) -> Sequence[Any]:
        """The records the page passed, else the relation's rows if it holds any."""
        passed = given.get(name)
        if passed is not None:
            return passed
        return list(rows) if name in held else []

    onward = read("onward_referrals", case.onward_referrals.select_related("service", "sent_by"))
    tasks = read("tasks", case.tasks.select_related("done_by"))
    goals = read("goals", case.goals.select_related("set_by"))
    needs = read("needs_assessments", case.needs_assessments.select_related("taken_by"))
    risks = read("risk_assessments", case.risk_assessments.select_related("taken_by"))
    protections = read(
        "protection_assessments", case.protection_assessments.select_related("taken_by")
    )
    entries = [
        TimelineEntry(case.opened_at, "opened", "Case opened", case.contact_deadline_reason, "")
    ]
    for t in read("transitions", case.transitions.select_related("actor")):
        title = f"{CaseStatus(t.from_status).label} → {CaseStatus(t.to_status).label}"
        who = t.actor.display_name if t.actor else t.actor_label
        entries.append(TimelineEntry(t.occurred_at, "status", title, t.reason, who))
    for a in read("contact_attempts", case.contact_attempts.select_related("made_by")):
        title = f"Contact by {a.get_channel_display().lower()}: {a.get_outcome_display().lower()}"
        who = a.made_by.display_name if a.made_by else ""
        entries.append(TimelineEntry(a.made_at, "contact", title, a.notes, who))
    for n in read("notes", case.notes.select_related("written_by")):
        who = n.written_by.display_name if n.written_by else ""
        entries.append(TimelineEntry(n.written_at, "note", "Note", n.text, who))
    for o in onward:
        who = o.sent_by.display_name if o.sent_by else ""
        detail = "Shared: " + ", ".join(ShareGroup(g).label.lower() for g in o.shared)
        entries.append(
            TimelineEntry(o.sent_at, "referral", f"Referred to {o.service.name}", detail, who)
        )
    # Secure messages (feedback) by their reverse relation, as the justice events and the
    # outbox messages below: cases sits below the apps that point at it and imports none.
    for message in read("messages", case.messages.select_related("author")):
        title = "Message from the victim" if message.from_victim else "Message to the victim"
        who = message.author.display_name if message.author else ""
        entries.append(TimelineEntry(message.sent_at, "message", title, message.text, who))
    safeguarding = case.safeguarding_referrals.select_related("recorded_by")
    for sg in read("safeguarding_referrals", safeguarding):
        detail = "; ".join(
            filter(
                None,
                [
                    f"Made on {sg.made_on:%-d %B %Y}",
                    f"their reference {sg.their_reference}" if sg.their_reference else "",
                    f"outcome: {sg.outcome}" if sg.outcome else "outcome not known yet",
                    f"follow up by {sg.follow_up_on:%-d %B %Y}" if sg.follow_up_on else "",
                ],
            )
        )
        title = f"Safeguarding referral to {sg.agency_name}"
        entries.append(
            TimelineEntry(
                sg.recorded_at, "safeguarding", title, detail, sg.recorded_by.display_name
            )
        )
        if sg.updated_at - sg.recorded_at > datetime.timedelta(seconds=5):
            entries.append(
                TimelineEntry(
                    sg.updated_at,
                    "safeguarding",
                    f"Safeguarding referral to {sg.agency_name} updated",
                    detail,
                    "",
                )
            )
    for link in read("case_events", case.case_events.select_related("event")):
        event = link.event
        detail = ", ".join(filter(None, [event.court, event.outcome]))
        title = f"From the police or court: {event.label}"
        entries.append(TimelineEntry(event.event_at, "justice", title, detail, ""))
    for sent in read("outbox_messages", case.outbox_messages.all()):
        what = sent.kind.replace("_", " ")
        status = sent.get_status_display().lower()
        by = f" by {ContactChannel.words(sent.channel)}" if sent.channel else ""
        title = f"Automatic {what}: {status}{by}"
        when = sent.sent_at or sent.created_at
        entries.append(TimelineEntry(when, "message", title, sent.last_error, ""))
    for task in tasks:
        entries.append(TimelineEntry(task.created_at, "task", f"Task: {task.title}", "", ""))
        if task.done_at:
            who = task.done_by.display_name if task.done_by else ""
            title = f"Task done: {task.title}"
            entries.append(TimelineEntry(task.done_at, "task", title, task.outcome, who))
        elif task.ended_at:  # handed over or no longer needed when the case closed or ended
            title = f"Task ended: {task.title}"
            entries.append(TimelineEntry(task.ended_at, "task", title, task.ended_reason, ""))
    for goal in goals:
        who = goal.set_by.display_name if goal.set_by else ""
        title = f"Goal ({goal.get_category_display().lower()})"
        entries.append(TimelineEntry(goal.set_at, "goal", title, goal.goal, who))
    for assessment in needs:
        who = assessment.taken_by.display_name if assessment.taken_by else ""
        entries.append(
            TimelineEntry(
                assessment.taken_at, "assessment", assessment.get_stage_display(), "", who
            )
        )
    for risk in risks:
        who = risk.taken_by.display_name if risk.taken_by else ""
        title = f"Domestic abuse risk checklist: {risk.get_level_display().lower()} risk"
        entries.append(
            TimelineEntry(risk.taken_at, "assessment", title, "; ".join(risk.marac_reasons), who)
        )
    for protection in protections:
        who = protection.taken_by.display_name if protection.taken_by else ""
        entries.append(
            TimelineEntry(protection.taken_at, "assessment", "Protection needs", "", who)
        )
    return sorted(entries, key=lambda e: e.when)
