"""The public's side of consultations, on the portal: no account, no name asked."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from victimcare.commissioning import services
from victimcare.commissioning.models import Consultation
from victimcare.core.access import public_view
from victimcare.core.ratelimits import public_form_rate_limit
from victimcare.core.typed_text import TypedTextForm

MAX_ANSWER = 5000


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


def _in_language(english: str, welsh: str) -> str:
    return welsh if _welsh() and welsh else english


class AnswersForm(TypedTextForm):
    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in consultation.questions.all():
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=_in_language(question.text, question.text_cy),
                required=False,
                max_length=MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={
                    "max_length": _("Your answer must be %(limit_value)d characters or fewer")
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((value or "").strip() for value in data.values()):
            raise forms.ValidationError(_("Answer at least one question"))
        return data


@public_view
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_now = [
        (c, _in_language(c.title, c.title_cy))
        for c in Consultation.objects.filter(
            published=True, opens_on__lte=today, closes_on__gte=today
        )
    ]
    return render(request, "commissioning/public_list.html", {"consultations": open_now})


@public_view
@public_form_rate_limit("consultation", "10/10m")
def consultation_answer(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = Consultation.objects.filter(public_id=consultation_id, published=True).first()
    if consultation is None:
        raise Http404("No such consultation")
    today = timezone.localdate()
    context = {
        "consultation": consultation,
        "title": _in_language(consultation.title, consultation.title_cy),
        "introduction": _in_language(consultation.introduction, consultation.introduction_cy),
    }
    if not consultation.is_open(today):
        return render(request, "commissioning/public_closed.html", context)
    form = AnswersForm(
        request.POST if request.method == "POST" else None, consultation=consultation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_respond(
                consultation=consultation,
                answers={key[1:]: value for key, value in form.cleaned_data.items()},
            )
        except services.ConsultationClosed:
            return render(request, "commissioning/public_closed.html", context)
        return redirect(reverse("consultation-thanks", args=[consultation.public_id]))
    return render(request, "commissioning/public_answer.html", {**context, "form": form})


@public_view
def consultation_thanks(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = Consultation.objects.filter(public_id=consultation_id, published=True).first()
    if consultation is None:
        raise Http404("No such consultation")
    title = _in_language(consultation.title, consultation.title_cy)
    return render(
        request, "commissioning/public_thanks.html", {"consultation": consultation, "title": title}
    )
