"""A hub rewords its questions by adding a new questionnaire version, never by editing one
that has answers: old answers keep the words they were given to."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from victimcare.assessments.models import NeedsAssessment, Question, Questionnaire, RiskAssessment
from victimcare.assessments.services import questionnaire_save
from victimcare.core.access import staff_user


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "code", "text", "hint"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "title", "current"]
    list_filter = ["kind", "current"]
    inlines = [QuestionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A version in use is frozen; make a new version to reword.
        return ["kind", "version", "title"] if obj is not None else []

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and self._answered(obj):
            for inline in inlines:
                inline.has_change_permission = lambda *a, **k: False  # type: ignore[method-assign]
                inline.has_add_permission = lambda *a, **k: False  # type: ignore[method-assign]
                inline.has_delete_permission = lambda *a, **k: False  # type: ignore[method-assign]
        return inlines

    @staticmethod
    def _answered(questionnaire: Questionnaire) -> bool:
        return (
            NeedsAssessment.objects.filter(questionnaire=questionnaire).exists()
            or RiskAssessment.objects.filter(questionnaire=questionnaire).exists()
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        questionnaire_save(questionnaire=obj, actor=staff_user(request), adding=not change)
