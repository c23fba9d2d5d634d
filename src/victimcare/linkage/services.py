"""Training and storing the linkage model (`python manage.py train_linkage`)."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from victimcare.audit.services import audit_event_record
from victimcare.linkage import splink_model
from victimcare.linkage.models import LinkageModel
from victimcare.people.models import Person, VictimKind


def people_records() -> list[dict[str, Any]]:
    """Every person with a name, as the model sees them (contact details decrypted in memory
    only, never written out)."""
    people = Person.objects.exclude(kind=VictimKind.BUSINESS).exclude(name_key="")
    return [
        splink_model.linkage_record(
            unique_id=p.pk, given_name=p.given_name, family_name=p.family_name,
            date_of_birth=p.date_of_birth, postcode=p.postcode,
            address=" ".join(filter(None, [p.address_line_1, p.address_line_2, p.town])),
            phone=p.phone, email=p.email,
        )
        for p in people.iterator(chunk_size=2000)
    ]  # fmt: skip


def linkage_model_train(*, actor_label: str = "train_linkage") -> LinkageModel:
    """Train on the hub's own people and store the model as the next version."""
    records = people_records()
    trained = splink_model.train(records)
    with transaction.atomic():
        latest = LinkageModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        stored = LinkageModel.objects.create(
            version=latest + 1, model=trained, people=len(records), trained_by=actor_label
        )
        audit_event_record(action="linkage.model_trained", obj=stored, actor_label=actor_label,
                           data={"version": stored.version, "people": stored.people})  # fmt: skip
    return stored


def current_model() -> LinkageModel | None:
    return LinkageModel.objects.order_by("-version").first()
