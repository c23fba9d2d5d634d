"""GOV.UK-style error messages, each naming its field, in place of Django's defaults.

Django's own messages ("Ensure this value has at most 200 characters (it has 230).",
"Enter a valid date.", "Null characters are not allowed.") name no field and read as a
machine's. `govuk_error_messages(field, name)` gives a field the Design System's wording
for every default message it still has ("Name must be 200 characters or fewer"); a
message a form wrote for itself is kept. `TypedTextForm` (core/typed_text.py) applies it
to every field of every form built on it.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

NUL_REASON = _(
    "%(label)s contains a null character, which cannot be saved. Delete it and try again"
)
SURROGATE_REASON = _(
    "%(label)s contains a broken character (half of an emoji or symbol), "
    "which cannot be saved. Delete it and try again"
)

TOO_LONG = _("%(label)s must be %(limit_value)s characters or fewer")
TOO_SHORT = _("%(label)s must be %(limit_value)s characters or more")
NOT_A_NUMBER = _("%(label)s must be a number")
NOT_A_WHOLE_NUMBER = _("%(label)s must be a whole number")
TOO_BIG = _("%(label)s must be %(limit_value)s or less")
TOO_SMALL = _("%(label)s must be %(limit_value)s or more")
NOT_A_DATE = _("%(label)s must be a real date")
BAD_EMAIL = _("Enter an email address in the correct format, like name@example.com")
NOT_A_CHOICE = _("Select %(label_lower)s from the list")
REQUIRED_TEXT = _("Enter %(label_lower)s")
REQUIRED_CHOICE = _("Select %(label_lower)s")
TOO_MANY_DIGITS = _("%(label)s must have no more than %(max)s digits")
TOO_MANY_PLACES = _("%(label)s must have no more than %(max)s decimal places")


def field_words(field: forms.Field, name: str) -> tuple[str, str]:
    """The field's name as a message says it: (Sentence case, lower case), without an
    "(optional)" or a question mark."""
    label = str(field.label or name.replace("_", " ").capitalize())
    label = label.replace("(optional)", "").strip().rstrip("?:").strip()
    # "Email address" → "email address", but "NHS number" stays as it is.
    lower = label if label[1:2].isupper() else label[:1].lower() + label[1:]
    return label[:1].upper() + label[1:], lower


def _defaults(field: forms.Field) -> dict[str, Any]:
    """Django's own messages for this kind of field (and its validators' codes)."""
    messages: dict[str, Any] = {}
    for klass in reversed(type(field).__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    return messages


def _ours(field: forms.Field) -> dict[str, Any]:
    choice = isinstance(
        field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField | forms.FileField
    ) or isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.Select)
    ours: dict[str, Any] = {
        "required": REQUIRED_CHOICE if choice else REQUIRED_TEXT,
        "max_length": TOO_LONG,
        "min_length": TOO_SHORT,
        "max_value": TOO_BIG,
        "min_value": TOO_SMALL,
        "invalid_choice": NOT_A_CHOICE,
        "invalid_list": NOT_A_CHOICE,
        "max_digits": TOO_MANY_DIGITS,
        "max_decimal_places": TOO_MANY_PLACES,
        "max_whole_digits": TOO_MANY_DIGITS,
        "null_characters_not_allowed": NUL_REASON,
    }
    if isinstance(field, forms.DateField):
        ours["invalid"] = NOT_A_DATE
    elif isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.DecimalField | forms.FloatField
    ):
        ours["invalid"] = NOT_A_WHOLE_NUMBER
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        ours["invalid"] = NOT_A_NUMBER
    elif isinstance(field, forms.EmailField):
        ours["invalid"] = BAD_EMAIL
    return ours


class _Named:
    """A message with the field's words filled in, and the validator's own values
    (limit_value, max) left for Django to fill: it formats `message % params`."""

    def __init__(self, template: Any, label: str, lower: str) -> None:
        self.template, self.label, self.lower = template, label, lower

    def __mod__(self, params: Any) -> str:
        values = {"label": self.label, "label_lower": self.lower}
        if isinstance(params, dict):
            values.update(params)
        return str(self.template) % _Lenient(values)

    def __str__(self) -> str:
        return str(self.template) % _Lenient({"label": self.label, "label_lower": self.lower})


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def govuk_error_messages(field: forms.Field, name: str) -> None:
    """Replace each of Django's default messages the field still has with ours."""
    label, lower = field_words(field, name)
    defaults = _defaults(field)
    for code, template in _ours(field).items():
        current = field.error_messages.get(code)
        if current is not None and str(current) != str(defaults.get(code, "")):
            continue  # a message the form wrote for itself
        field.error_messages[code] = _Named(template, label, lower)  # type: ignore[assignment]
