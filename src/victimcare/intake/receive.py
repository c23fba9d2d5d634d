"""The intake of feed v1 items for every route in (file, API), in batches.

A bad item never stops the good ones beside it: each item is validated on its own; valid
items are saved a batch at a time in one transaction, and if a batch fails as a whole
(e.g. the same new referral arrived by another route at the same moment) its items are
saved one by one, so only the item at fault is rejected.
"""

import logging
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction

from victimcare.accounts.models import Team, User
from victimcare.accounts.selectors import hub_routing_table
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.intake.direct import referral_create_from_form
from victimcare.intake.services import Outcome, referrals_receive_from_feed
from victimcare.linkage.intake import BLOCKING_FIELDS, people_link_at_intake
from victimcare.linkage.models import LinkageModel
from victimcare.linkage.same_victim import refusal_reason
from victimcare.people.models import Person
from victimcare.referrals.feed import FeedReferral, parse_row
from victimcare.referrals.feed_columns import KEY_COLUMNS
from victimcare.referrals.feed_values import FieldError, RowInvalid
from victimcare.referrals.import_runs import FeedItemResult
from victimcare.referrals.models import Channel, Referral

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
NOT_SAVED = FieldError("(row)", "could not be saved; the hub's log has the details")
NOT_AN_OBJECT = FieldError("(item)", "is not a JSON object of feed columns")


@dataclass
class IntakeContext:
    """What every item of one delivery shares: routing, rule values, who sent it."""

    actor: User | None = None
    actor_label: str = ""
    allowed_sources: frozenset[str] | None = None  # None: any source (a local file import)
    # Sources this sender may never write under, whatever `allowed_sources` says: the hub's
    # own forms and other organisations' (a hub's staff upload, ADR 31).
    refused_sources: frozenset[str] = frozenset()
    import_run_id: int | None = None
    channel: str = Channel.POLICE_FEED
    routing: dict[str, Team] = field(default_factory=hub_routing_table)
    rule_values: RuleValues = field(default_factory=current_rule_values)
    added_since_analyse: int = 0
    analysed_added: int = 0  # the delivery's new referrals as of its last ANALYZE
    # The column the sender keys a victim by: a peer hub's transfers say transfer_reference.
    key_column: str = "victim_reference"
    # One chunk of a parallel import (ADR 55): the tables grow this many times as fast as
    # this chunk adds to them, and only the chunk that `analyses` refreshes the statistics.
    delivery_share: int = 1
    analyses: bool = True
    # Repeat-victim linkage of the delivery's new people, counted for its report.
    linkage: dict[str, int] = field(default_factory=dict)


# A large delivery grows the tables faster than autovacuum re-reads their statistics; with
# stale ones PostgreSQL scans whole tables for the next batch's repeat-victim and history
# lookups (100 ms a batch at 60,000 rows, 18 ms after ANALYZE). So the grown tables are
# analysed after this many new referrals, and again each time the delivery has doubled
# what it had added by the last ANALYZE (10,000, 20,000, 40,000, ...): statistics stay
# within a factor of two of the tables, and an ANALYZE (about a second, read from a
# sample of 30,000 rows whatever the size) costs a shrinking share of a long import. In
# a parallel import one chunk does it for all, on the run's estimated additions (its own
# times the number of chunks): statistics are the tables', so two chunks analysing the same
# tables at the same moment did the work twice.
# Only the columns intake's own queries filter and join on are analysed (ADR 70): an
# ANALYZE of every column cost five times as much (text columns sorted under the
# collation, sealed ones detoasted), and it does not stand in for autovacuum's, which still
# comes as it would (a column list leaves the table's count of changes as it was).
# Victim details are analysed too: repeat-victim counting joins them by name key, and
# without statistics PostgreSQL hashed both whole tables for every batch.
ANALYSE_EVERY = 10_000
_GROWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "people_person": ("id", "name_key", "merged_into_id", "anonymised_at", *BLOCKING_FIELDS),
    "referrals_referral": ("id", "source", "crime_reference", "person_id", "reported_at"),
    "referrals_victimdetails": ("referral_id", "name_key"),
    "cases_case": ("id", "referral_id", "person_id", "officer_id", "status"),
}


def _statistics_refresh(context: IntakeContext, added: int) -> None:
    if not context.analyses:
        return
    context.added_since_analyse += added * context.delivery_share
    due = max(ANALYSE_EVERY, context.analysed_added)
    if context.added_since_analyse < due or connection.vendor != "postgresql":
        return
    context.analysed_added += context.added_since_analyse
    context.added_since_analyse = 0
    with connection.cursor() as cursor:
        tables = (f"{table} ({', '.join(columns)})" for table, columns in _GROWN_COLUMNS.items())
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _key(values: Mapping[str, Any]) -> tuple[str, str, str]:
    source, crime, victim = (str(values.get(c) or "").strip() for c in KEY_COLUMNS)
    return source.lower(), crime, victim


def _save(batch: list[tuple[FeedItemResult, FeedReferral]], context: IntakeContext) -> list[int]:
    """Save the batch; return the ids of the people it added to the index."""
    refusals: dict[tuple[str, str, str], tuple[str, ...]] = {}
    received = referrals_receive_from_feed(
        refusals=refusals,
        records=[record for _, record in batch],
        actor=context.actor,
        actor_label=context.actor_label,
        routing=context.routing,
        rule_values=context.rule_values,
        import_run_id=context.import_run_id,
        channel=context.channel,
    )
    added = []
    for (result, record), (referral, outcome) in zip(batch, received, strict=True):
        if outcome is Outcome.REFUSED:
            # Rejected, and without the case's reference: it is another victim's.
            reason = refusal_reason(refusals[record.key], context.key_column)
            result.errors = [FieldError(context.key_column, reason)]
            continue
        result.status = outcome.value
        result.case_reference = referral.case.reference
        if outcome.value == "created":
            added.append(referral.person_id)
    for referral, _ in received:
        # A referral and its case and victim's details hold each other (one-to-one, cached
        # both ways): without this the batch's objects wait for a full collection to go.
        referral._state.fields_cache.clear()
    return added


# Advisory lock ids of linkage (PostgreSQL): one per blocking key value, in a space of its
# own (the high bits), so no other lock of the hub's is taken by mistake.
_LINKAGE_LOCKS = 0x5643_4800_0000_0000


def _blocking_locks(person_ids: list[int]) -> list[int]:
    keys = Person.objects.filter(pk__in=person_ids).values_list(*BLOCKING_FIELDS)
    return sorted(
        {
            _LINKAGE_LOCKS | zlib.crc32(f"{name}\x1f{value}".encode("utf-8", "surrogatepass"))
            for row in keys
            for name, value in zip(BLOCKING_FIELDS, row, strict=True)
            if value
        }
    )


@contextmanager
def _linkage_serialised(person_ids: list[int]) -> Iterator[None]:
    """Linkage of these (saved) people, one transaction holding an advisory lock on each of
    their blocking key values (ADR 55). Two workers whose new people share a blocking key,
    the only way linkage can pair them, link one after the other: the second finds the
    first's people saved and linked, so one person arriving in two chunks (or by file and
    API) at once is one person. Locks are taken in order, in one statement: no deadlock."""
    with transaction.atomic():
        # Before any model is trained linkage does nothing, and nothing needs a lock.
        if connection.vendor == "postgresql" and LinkageModel.objects.exists():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_advisory_xact_lock(id)) FROM"
                    " (SELECT unnest(%s::bigint[]) AS id ORDER BY 1) AS ids",
                    [_blocking_locks(person_ids)],
                )
        yield


def _link(person_ids: list[int], context: IntakeContext | None = None) -> None:
    """Repeat-victim linkage of the batch's new people (after their batch is saved), counted
    on the delivery's context. A failure here never loses a referral: the people stay as
    received, and it is logged."""
    if not person_ids:
        return
    try:
        with _linkage_serialised(person_ids):
            links = people_link_at_intake(person_ids)
        if context is not None:
            for name, count in vars(links).items():
                context.linkage[name] = context.linkage.get(name, 0) + count
    except Exception as error:
        # The class only: the message may quote a person's details.
        logger.error(
            "intake: linkage of %s new people failed (%s)", len(person_ids), type(error).__name__
        )


def _flush(
    batch: list[tuple[FeedItemResult, FeedReferral]], context: IntakeContext
) -> Iterator[FeedItemResult]:
    if not batch:
        return
    added: list[int] = []
    try:
        added = _save(batch, context)
    except DatabaseError as error:
        # The class and constraint name only: the message may quote the row's values.
        cause = error.__cause__
        constraint = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
        logger.warning(
            "intake: a batch of %s failed (%s %s); saving its items one by one",
            len(batch),
            type(cause or error).__name__,
            constraint,
        )
        for item in batch:
            try:
                added += _save([item], context)
            except DatabaseError:
                # Logged by position only: the item's values are personal data.
                logger.exception("intake: item %s could not be saved", item[0].index)
                item[0].errors = [NOT_SAVED]
    _link(added, context)
    _statistics_refresh(context, len(added))
    for result, _ in batch:
        yield result
    batch.clear()


def feed_receive(
    items: Iterable[tuple[int, Mapping[str, Any]]], context: IntakeContext
) -> Iterator[FeedItemResult]:
    """Validate and save (position, values) items; yield one result per item, never raising
    for bad data. Rejected items are yielded at once, saved ones when their batch is."""
    batch: list[tuple[FeedItemResult, FeedReferral]] = []
    keys: set[tuple[str, str, str]] = set()
    for index, values in items:
        result = FeedItemResult(index=index, key=_key(values))
        try:
            record = parse_row(dict(values))
        except RowInvalid as invalid:
            result.errors = invalid.errors
            yield result
            continue
        result.unknown_columns = sorted(record.unknown_columns)
        if record.source in context.refused_sources or (
            context.allowed_sources is not None and record.source not in context.allowed_sources
        ):
            result.errors = [
                FieldError("source", f"'{record.source}' is not a source this sender may send for")
            ]
            yield result
            continue
        if record.key in keys or len(batch) >= BATCH_SIZE:
            yield from _flush(batch, context)  # a resend within the batch waits for the next
            keys.clear()
        batch.append((result, record))
        keys.add(record.key)
    yield from _flush(batch, context)


def feed_receive_items(
    *,
    items: Iterable[Any],
    allowed_sources: frozenset[str] | None,
    actor_label: str,
    actor: User | None = None,
    channel: str = Channel.POLICE_FEED,
) -> list[FeedItemResult]:
    """Receive a batch of JSON feed items (API); results in the order sent. The JSON values
    go to validation as they are, so a value no feed cell may hold (NaN, a lone surrogate)
    rejects its item with the reason, as does an item that is not a JSON object."""
    context = IntakeContext(
        actor=actor, actor_label=actor_label, allowed_sources=allowed_sources, channel=channel
    )
    results, objects = [], []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            objects.append((index, item))
        else:
            results.append(FeedItemResult(index=index, errors=[NOT_AN_OBJECT]))
    results += feed_receive(objects, context)
    return sorted(results, key=lambda result: result.index)


def referral_receive_direct(
    *,
    values: Mapping[str, str],
    channel: str,
    actor: User | None = None,
    actor_label: str = "",
    given_crime_reference: str = "",
    police_report: str = "reported",
    no_voicemail: bool = False,
) -> Referral:
    """One referral made by a person rather than a feed: a partner's form, or a victim's own
    (the portal). It goes through the same validation, entitlement, routing, case and
    allocation as the police feed, under a key the hub makes (intake.direct): it always
    creates, never updates. Raises RowInvalid naming each field at fault."""
    referral = referral_create_from_form(
        values=values,
        source=str(values.get("source") or ""),
        channel=channel,
        prefix="SR" if channel == Channel.SELF else "PR",
        given_crime_reference=given_crime_reference,
        police_report=police_report,
        actor=actor,
        actor_label=actor_label,
        no_voicemail=no_voicemail,
    )
    _link([referral.person_id])  # repeat victims found whichever way they come in
    referral.refresh_from_db()
    return referral
