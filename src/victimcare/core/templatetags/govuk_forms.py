"""Render Django form fields and errors with govuk-frontend-django's component classes.

`{% govuk_error_summary form %}` renders the error summary pattern (nothing when the form
is valid); `{% govuk_field form.field %}` renders a field with its label, hint and error.
"""

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.error_summary import (
    ErrorSummaryErrorlist,
    GovUKErrorSummary,
)
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.password_input import GovUKPasswordInput

register = template.Library()


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> SafeString:
    if not form.is_bound or not form.errors:
        return mark_safe("")
    items = [
        ErrorSummaryErrorlist(text=str(error), href=f"#{form[name].id_for_label}")
        for name, errors in form.errors.items()
        if name != NON_FIELD_ERRORS
        for error in errors
    ]
    items = [ErrorSummaryErrorlist(text=str(error)) for error in form.non_field_errors()] + items
    return mark_safe(GovUKErrorSummary(titleText="There is a problem", errorList=items).render())  # noqa: S308


@register.simple_tag
def govuk_field(field: forms.BoundField, **options: Any) -> SafeString:
    """A text, email or password field in the GOV.UK pattern."""
    widget = field.field.widget
    error = GovUKErrorMessage(text=" ".join(str(e) for e in field.errors)) if field.errors else None
    common: dict[str, Any] = {
        "id": field.id_for_label,
        "name": field.html_name,
        "label": GovUKLabel(
            text=str(field.label),
            classes=options.get("label_classes"),
            isPageHeading=options.get("is_page_heading"),
        ),
        "hint": GovUKHint(text=str(field.help_text)) if field.help_text else None,
        "errorMessage": error,
        "autocomplete": widget.attrs.get("autocomplete") or options.get("autocomplete"),
        "classes": options.get("classes"),
    }
    if isinstance(widget, forms.PasswordInput):
        component: Any = GovUKPasswordInput(**common)
    elif isinstance(widget, forms.FileInput):
        common.pop("autocomplete")
        component = GovUKFileUpload(**common, attributes={"accept": widget.attrs.get("accept", "")})
    else:
        value = field.value()
        component = GovUKInput(
            **common,
            type=getattr(widget, "input_type", "text"),
            value="" if value is None else str(value),
            spellcheck=False if options.get("no_spellcheck") else None,
        )
    return mark_safe(component.render())  # noqa: S308 - the component escapes its values
