from django_tasks import task

from victimcare.notifications.delivery import outbox_deliver


@task()
def deliver_outbox_message(message_id: int) -> None:
    outbox_deliver(message_id=message_id)
