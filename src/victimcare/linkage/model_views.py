"""The staff page that shows the linkage model in use, field by field, in plain words.

Team leaders and administrators (`linkage.view_model`) see what each comparison counts for
or against, and whether the model meets the checks a stored model must pass. The page
reads no victim data: only the model's weights.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from victimcare.core.access import requires_capability
from victimcare.linkage.model_rules import model_problems, weights_in_words
from victimcare.linkage.scorer import CompiledModel, UnsupportedModel
from victimcare.linkage.services import current_model


@requires_capability("linkage.view_model")
def model_weights(request: HttpRequest) -> HttpResponse:
    stored = current_model()
    context: dict[str, object] = {"stored": stored}
    if stored is not None:
        try:
            compiled = CompiledModel(stored.model, stored.term_frequencies or {})
            context["fields"] = weights_in_words(stored.model)
            context["problems"] = model_problems(
                stored.model,
                stored.term_frequencies or {},
                review_threshold=settings.LINKAGE_REVIEW_THRESHOLD,
            )
            prior = float(stored.model["probability_two_random_records_match"])
            context["one_in"] = f"{round(1 / prior):,}" if prior > 0 else ""
            context["prior_weight"] = round(compiled.prior_weight, 2)
        except UnsupportedModel as refusal:
            context["problems"] = [str(refusal)]
        context["review_percent"] = round(settings.LINKAGE_REVIEW_THRESHOLD * 100)
        context["join_percent"] = round(settings.LINKAGE_AUTO_LINK_THRESHOLD * 100)
    return render(request, "linkage/model_weights.html", context)
