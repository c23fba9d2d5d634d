"""Render Django form fields and errors with govuk-frontend-django's component classes.

`{% govuk_error_summary form %}` renders the error summary pattern (nothing when the form
is valid); `{% govuk_field form.field %}` renders a field with its label, hint and error.
"""

import dataclasses
import datetime
import functools
import json
from typing import Any

from django import forms, template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from govuk_frontend_django.components.base import FieldsetLegend
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.date_input import DateInputItems, GovUKDateInput
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.error_summary import (
    ErrorSummaryErrorlist,
    GovUKErrorSummary,
)
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.password_input import GovUKPasswordInput
from govuk_frontend_django.components.radios import GovUKRadios, RadiosItems
from govuk_frontend_django.components.select import GovUKSelect, SelectItems
from govuk_frontend_django.components.textarea import GovUKTextarea
from jinja2 import Environment, PackageLoader, PrefixLoader, Template, select_autoescape

from victimcare.core.date_input import PARTS, GovukDateInput

register = template.Library()

# govuk-frontend-django builds a new Jinja environment, and so compiles every macro
# again, on each render (80 compiles for a case page, about a second). One environment
# per process with its compiled templates cached does the same work once.
_JINJA = Environment(
    loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    autoescape=select_autoescape(),
    auto_reload=False,
)


@functools.lru_cache(maxsize=64)
def _macro_template(source: str) -> Template:
    return _JINJA.from_string(source)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def render_component(component: Any) -> SafeString:
    """What the component's own render() gives, from the process-wide cached macros.

    A macro's HTML depends on nothing but its data, so the same field rendered again (the
    same label, hint, choices, value and error: most of a case page's forms, page after
    page) comes from a per-process cache instead of the template engine."""
    data = _without_none(component.__dict__.copy())
    source = component.build_jinja_template()
    try:
        key = (source, json.dumps(data, sort_keys=True, default=_stable))
    except _Unstable:
        key = None
    cached = _RENDERED.get(key) if key is not None else None
    if cached is not None:
        return mark_safe(cached)  # noqa: S308 - escaped by the macros when made
    html = _macro_template(source).render(data=data)
    if key is not None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()  # (single dict operations are safe across threads)
        _RENDERED[key] = html
    return mark_safe(html)  # noqa: S308 - the GOV.UK macros escape their values


_RENDERED: dict[tuple[str, str], str] = {}
_RENDERED_MAX = 4096


class _Unstable(Exception):
    """A value with no stable text form: that render is not cached."""


def _stable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__class__": type(value).__qualname__, **dataclasses.asdict(value)}
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise _Unstable


def _legend(field: forms.BoundField, options: dict[str, Any]) -> GovUKFieldset:
    return GovUKFieldset(
        legend=FieldsetLegend(
            text=str(field.label),
            classes=options.get("legend_classes", "govuk-fieldset__legend--s"),
            isPageHeading=bool(options.get("is_page_heading")),
        )
    )


def _choice_group(
    field: forms.BoundField,
    widget: forms.Widget,
    error: GovUKErrorMessage | None,
    options: dict[str, Any],
) -> Any:
    """Radios or checkboxes in a fieldset whose legend is the field's label."""
    raw = field.value()
    selected = {
        str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")
    }
    hint = GovUKHint(text=str(field.help_text)) if field.help_text else None
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: ask for it first.
    radios = not isinstance(widget, forms.CheckboxSelectMultiple)
    # The two components take the same options; only their classes differ.
    item_class: Any
    component_class: Any
    item_class, component_class = (
        (RadiosItems, GovUKRadios) if radios else (CheckboxesItems, GovUKCheckboxes)
    )
    items = [
        item_class(value=str(v), text=str(t), checked=str(v) in selected)
        for v, t in getattr(widget, "choices", [])
    ]
    return component_class(
        name=field.html_name,
        idPrefix=field.auto_id,
        items=items,
        fieldset=_legend(field, options),
        hint=hint,
        errorMessage=error,
        classes=options.get("classes"),
    )


def _single_checkbox(field: forms.BoundField, error: GovUKErrorMessage | None) -> Any:
    """A yes/no agreement as one checkbox whose label is the field's label."""
    return GovUKCheckboxes(
        name=field.html_name,
        idPrefix=field.auto_id,
        items=[CheckboxesItems(value="on", text=str(field.label), checked=bool(field.value()))],
        hint=GovUKHint(text=str(field.help_text)) if field.help_text else None,
        errorMessage=error,
    )


def _date_input(
    field: forms.BoundField,
    widget: GovukDateInput,
    error: GovUKErrorMessage | None,
    options: dict[str, Any],
) -> Any:
    """The GOV.UK date input: a fieldset whose legend is the label, then three boxes. The
    day box takes the field's own id, so the error summary's link lands in it."""
    words = {"day": gettext("Day"), "month": gettext("Month"), "year": gettext("Year")}
    values = dict(zip(PARTS, GovukDateInput.parts(field.value()), strict=True))
    error_class = " govuk-input--error" if error else ""
    items = [
        DateInputItems(
            id=field.auto_id if part == "day" else f"{field.auto_id}-{part}",
            name=part,
            label=words[part],  # type: ignore[arg-type]  # the macro takes the text
            value=values[part],
            autocomplete=f"{widget.autocomplete}-{part}" if widget.autocomplete else None,
            classes=("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
            + error_class,
        )
        for part in PARTS
    ]
    return GovUKDateInput(
        id=f"{field.auto_id}-date",
        namePrefix=field.html_name,
        items=items,
        fieldset=_legend(field, options),
        hint=GovUKHint(text=str(field.help_text)) if field.help_text else None,
        errorMessage=error,
    )


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> SafeString:
    if not form.is_bound or not form.errors:
        return mark_safe("")
    # In the order of the fields on the page, whichever check found the error first.
    items = [
        ErrorSummaryErrorlist(text=str(error), href=f"#{form[name].auto_id}")
        for name in form.fields
        if name in form.errors
        for error in form.errors[name]
    ]
    # A form whose whole-form error is about one group of boxes (a date of birth) names
    # where it is, so the summary links there (`non_field_error_anchor`, e.g. "#id_dob_day").
    anchor = getattr(form, "non_field_error_anchor", "") or None
    items = [
        ErrorSummaryErrorlist(text=str(error), href=anchor) for error in form.non_field_errors()
    ] + items
    title = gettext("There is a problem")
    return render_component(GovUKErrorSummary(titleText=title, errorList=items))


@register.simple_tag
def govuk_field(field: forms.BoundField, **options: Any) -> SafeString:
    """A text, email or password field in the GOV.UK pattern."""
    widget = field.field.widget
    error = GovUKErrorMessage(text=" ".join(str(e) for e in field.errors)) if field.errors else None
    common: dict[str, Any] = {
        "id": field.auto_id,
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
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return render_component(_choice_group(field, widget, error, options))
    if isinstance(widget, GovukDateInput):
        return render_component(_date_input(field, widget, error, options))
    if isinstance(widget, forms.CheckboxInput):
        return render_component(_single_checkbox(field, error))
    if isinstance(widget, forms.Select):
        common.pop("autocomplete")
        value = str(field.value() or "")
        items = [
            SelectItems(value=str(v), text=str(t), selected=str(v) == value)
            for v, t in widget.choices
        ]
        return render_component(GovUKSelect(**common, items=items))
    if isinstance(widget, forms.Textarea):
        # A text in another language than the page's says so (lang="cy"): WCAG 3.1.2.
        lang = widget.attrs.get("lang")
        component_text = GovUKTextarea(
            **common,
            value=str(field.value() or ""),
            rows=str(widget.attrs.get("rows", 4)),
            attributes={"lang": lang} if lang else None,
        )
        return render_component(component_text)
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
    return render_component(component)
