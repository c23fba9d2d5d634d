import importlib

import pytest


@pytest.fixture
def questionnaires() -> None:
    """The questionnaires a migration seeds, put back if an earlier transactional test's
    flush emptied the table (the demo's case work records needs assessments)."""
    from django.apps import apps

    from victimcare.assessments.models import Questionnaire

    if not Questionnaire.objects.exists():
        seed = importlib.import_module("victimcare.assessments.migrations.0002_questionnaires_v1")
        seed.forwards(apps, None)
