"""Background work for referrals, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from victimcare.intake.uploads import referral_upload_chunk_import, referral_upload_import


@task()
def import_uploaded_feed(run_id: int) -> None:
    referral_upload_import(run_id=run_id)


@task()
def import_uploaded_feed_chunk(chunk_id: int) -> None:
    referral_upload_chunk_import(chunk_id=chunk_id)
