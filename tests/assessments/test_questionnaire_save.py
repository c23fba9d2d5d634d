"""A new questionnaire version made current retires the old one, audited, in one service."""

import pytest
from django.db.models import Max

from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.assessments.models import Questionnaire
from victimcare.assessments.services import questionnaire_save
from victimcare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_making_a_version_current_retires_the_kinds_current_version_with_an_audit_event():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    old = Questionnaire.objects.filter(kind="needs", current=True).first()
    if old is None:
        old = Questionnaire.objects.create(kind="needs", version=90, title="Old", current=True)
    version = Questionnaire.objects.aggregate(v=Max("version"))["v"] + 1
    new = Questionnaire(kind="needs", version=version, title="New words", current=True)
    questionnaire_save(questionnaire=new, actor=admin, adding=True)
    old.refresh_from_db()
    assert list(Questionnaire.objects.filter(kind="needs", current=True)) == [new]
    event = AuditEvent.objects.get(object_type="assessments.questionnaire", object_id=str(new.pk))
    assert (event.action, event.actor, event.data) == (
        "questionnaire.added",
        admin,
        {"version": version},
    )

    old.title = "Old, renamed"
    questionnaire_save(questionnaire=old, actor=admin, adding=False)
    assert list(Questionnaire.objects.filter(kind="needs", current=True)) == [new]
    changed = AuditEvent.objects.get(object_type="assessments.questionnaire", object_id=str(old.pk))
    assert changed.action == "questionnaire.changed"
