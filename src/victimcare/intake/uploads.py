"""Feed files uploaded by staff: kept privately until the task worker has imported them."""

import datetime
import logging
import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from victimcare.accounts.models import Organisation, OrganisationKind, User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.intake.direct import SELF_REFERRAL_SOURCE
from victimcare.intake.importing import ImportClaimLost, feed_import_file, import_run_fail
from victimcare.intake.parallel import feed_import_chunk, feed_import_split
from victimcare.referrals.import_chunks import chunk_fail
from victimcare.referrals.models import ImportChunk, ImportRun, ImportStatus

logger = logging.getLogger(__name__)


def upload_dir() -> Path:
    path = Path(settings.VCH_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def allowed_sources_for(user: User) -> frozenset[str]:
    """An organisation's staff may import only under the sources it owns (its code and the
    extra codes configured for it, `Organisation.feed_sources`): a police force its own
    referrals, a hub only feeds configured as its own. Never another organisation's."""
    org = user.organisation
    return org.feed_sources if org is not None else frozenset()


def refused_sources_for(user: User) -> frozenset[str]:
    """Sources an uploaded file may never write under, whatever its organisation lists: the
    portal's self-referrals and the sources of every other organisation that is not a
    police force (a partner's form referrals, another hub's transfers)."""
    others = Organisation.objects.exclude(kind=OrganisationKind.POLICE_FORCE)
    if user.organisation_id is not None:
        others = others.exclude(pk=user.organisation_id)
    return frozenset({SELF_REFERRAL_SOURCE}).union(*(org.feed_sources for org in others))


def _count_data_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for line in handle if line.strip()) - 1, 0)


@transaction.atomic
def referral_upload_accept(*, uploaded: UploadedFile, actor: User) -> ImportRun:
    """Keep the file, record a queued import, and start it after commit."""
    # intake/tasks.py imports this module (its task runs referral_upload_import), so a
    # module-level import here would be circular.
    from victimcare.intake.tasks import import_uploaded_feed

    path = upload_dir() / f"{uuid.uuid4().hex}.csv"
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    run = ImportRun.objects.create(
        filename=Path(uploaded.name or "upload.csv").name[:255],
        actor=actor,
        organisation=actor.organisation,
        status=ImportStatus.QUEUED,
        rows_expected=_count_data_lines(path),
        upload_path=path.name,
    )
    audit_event_record(action=AuditAction.REFERRALS_IMPORT_UPLOADED, obj=run, actor=actor)
    transaction.on_commit(lambda: import_uploaded_feed.enqueue(run.pk))
    return run


def referral_upload_import(*, run_id: int) -> ImportRun:
    """Run a queued upload (called by the task worker). The file is deleted afterwards.

    The worker claims the run (waiting -> importing) in one conditional update, so of two
    workers given it only one imports it. A run taken over from a worker that died goes on
    from its saved progress (ADR 0046)."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, progress_at=timezone.now()
    )
    run = ImportRun.objects.select_related("actor__organisation").get(pk=run_id)
    if not claimed:
        return run  # already taken by another worker, or finished
    path = upload_dir() / run.upload_path
    if (run.rows_expected or 0) >= settings.VCH_IMPORT_PARALLEL_MIN_ROWS > 0 and (
        settings.VCH_IMPORT_CHUNKS > 1
    ):
        return _upload_split(run, path)
    finished = True
    try:
        return feed_import_file(
            path=path,
            filename=run.filename,
            actor=run.actor,
            actor_label="staff upload",
            run=run,
            allowed_sources=allowed_sources_for(run.actor) if run.actor else frozenset(),
            refused_sources=refused_sources_for(run.actor) if run.actor else frozenset(),
        )
    except ImportClaimLost:
        finished = False  # the worker that took it over needs the file
        run.refresh_from_db()
        return run
    except OSError as exc:
        logger.warning("import run %s failed: %s", run.pk, type(exc).__name__)
        return import_run_fail(run, "The uploaded file could not be read. Upload it again.")
    finally:
        if finished:
            path.unlink(missing_ok=True)
            ImportRun.objects.filter(pk=run.pk).update(upload_path="")


def _upload_split(run: ImportRun, path: Path) -> ImportRun:
    """A large upload: split into chunks, each queued for any free worker (ADR 55)."""
    from victimcare.intake.tasks import import_uploaded_feed_chunk  # tasks.py imports this

    try:
        chunk_ids = feed_import_split(run=run, path=path, chunks=settings.VCH_IMPORT_CHUNKS)
    except OSError as exc:
        logger.warning("import run %s failed: %s", run.pk, type(exc).__name__)
        chunk_ids = []
        import_run_fail(run, "The uploaded file could not be read. Upload it again.")
    if not chunk_ids:  # refused whole: nothing to import
        _upload_release(run)
    for chunk_id in chunk_ids:
        import_uploaded_feed_chunk.enqueue(chunk_id)
    run.refresh_from_db()
    return run


def _upload_release(run: ImportRun) -> None:
    """Delete the uploaded file once no chunk of its run is waiting or importing."""
    if run.chunks.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]).exists():
        return
    name = ImportRun.objects.filter(pk=run.pk).values_list("upload_path", flat=True).get()
    if name and ImportRun.objects.filter(pk=run.pk, upload_path=name).update(upload_path=""):
        (upload_dir() / name).unlink(missing_ok=True)


def referral_upload_chunk_import(*, chunk_id: int) -> ImportChunk | None:
    """Import one chunk of a large upload (called by the task worker); the last chunk to
    end deletes the file. None if another worker has the chunk."""
    run = ImportRun.objects.select_related("actor__organisation").get(chunks__pk=chunk_id)
    if not run.upload_path:
        return None  # ended (failed, or retention ended it): nothing left to read
    try:
        chunk = feed_import_chunk(
            chunk_id=chunk_id,
            path=upload_dir() / run.upload_path,
            actor=run.actor,
            actor_label="staff upload",
            allowed_sources=allowed_sources_for(run.actor) if run.actor else frozenset(),
            refused_sources=refused_sources_for(run.actor) if run.actor else frozenset(),
        )
    except ImportClaimLost:
        return None  # the worker that took it over goes on with it, and needs the file
    except OSError as exc:
        logger.warning("import run %s failed: %s", run.pk, type(exc).__name__)
        chunk = ImportChunk.objects.get(pk=chunk_id)
        chunk_fail(chunk, "The uploaded file could not be read. Upload it again.")
    _upload_release(run)
    return chunk


def imports_take_over_stalled(*, lease: datetime.timedelta | None = None) -> int:
    """Give each upload whose worker has stopped to another worker: an import still marked
    importing whose progress (saved every 200 rows) has not moved for the lease
    (VCH_IMPORT_LEASE_SECONDS) is queued again, unchanged, and goes on from its saved
    progress at the next free worker. Run by the scheduler (`stalled_imports`); returns how
    many were queued again."""
    from victimcare.intake.tasks import import_uploaded_feed  # tasks.py imports this module

    lease = lease or datetime.timedelta(seconds=settings.VCH_IMPORT_LEASE_SECONDS)
    cutoff = timezone.now() - lease
    stalled = ImportRun.objects.filter(status=ImportStatus.RUNNING).exclude(upload_path="")
    stalled = stalled.filter(progress_at__lt=cutoff, chunks__isnull=True)
    taken = _chunks_take_over_stalled(cutoff)
    for run in stalled:
        with transaction.atomic():
            # Fenced on the progress time read: a worker that saved progress since keeps it.
            if not ImportRun.objects.filter(
                pk=run.pk, status=ImportStatus.RUNNING, progress_at=run.progress_at
            ).update(status=ImportStatus.QUEUED):
                continue
            audit_event_record(
                action=AuditAction.IMPORT_TAKEN_OVER,
                obj=run,
                actor_label="scheduler",
                data={"rows_read": run.rows_read},
            )
            transaction.on_commit(partial(import_uploaded_feed.enqueue, run.pk))
        taken += 1
    return taken


def _chunks_take_over_stalled(cutoff: datetime.datetime) -> int:
    """The same for each chunk of a large upload whose worker stopped (ADR 55)."""
    from victimcare.intake.tasks import import_uploaded_feed_chunk  # tasks.py imports this

    stalled = ImportChunk.objects.filter(status=ImportStatus.RUNNING, progress_at__lt=cutoff)
    stalled = stalled.exclude(run__upload_path="").select_related("run")
    taken = 0
    for chunk in stalled:
        with transaction.atomic():
            if not ImportChunk.objects.filter(
                pk=chunk.pk, status=ImportStatus.RUNNING, progress_at=chunk.progress_at
            ).update(status=ImportStatus.QUEUED):
                continue
            audit_event_record(
                action=AuditAction.IMPORT_TAKEN_OVER,
                obj=chunk.run,
                actor_label="scheduler",
                data={"chunk": chunk.number, "rows_read": chunk.rows_read},
            )
            transaction.on_commit(partial(import_uploaded_feed_chunk.enqueue, chunk.pk))
        taken += 1
    return taken


def _delete_upload(path: Path) -> None:
    path.unlink(missing_ok=True)


STOPPED = (
    "The import stopped part-way: the task worker running it stopped. The rows read before "
    "then are saved. Upload the file again to import the rest; rows already imported are "
    "updated, never duplicated."
)


def imports_end_stopped(*, idle: datetime.timedelta = datetime.timedelta(hours=1)) -> int:
    """End each import still marked as importing whose progress has not moved for `idle`
    (a live import saves it every 200 rows): marked failed with what to do, and its private
    copy of the uploaded file, personal data, deleted. Runs waiting for a busy worker are
    left alone. Run daily by `apply_retention`; returns how many were ended."""
    cutoff = timezone.now() - idle
    stopped = ImportRun.objects.filter(status=ImportStatus.RUNNING).filter(
        Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)
    )
    ended = 0
    for run in stopped:
        with transaction.atomic():
            if not ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.FAILED,
                failure=STOPPED,
                upload_path="",
                finished_at=timezone.now(),
            ):
                continue  # it finished meanwhile
            audit_event_record(
                action=AuditAction.IMPORT_STOPPED,
                obj=run,
                actor_label="apply_retention",
                data={"rows_read": run.rows_read},
            )
            if run.upload_path:
                transaction.on_commit(partial(_delete_upload, upload_dir() / run.upload_path))
        ended += 1
    return ended
