"""The GOV.UK date input (day, month, year) for every date a person types, staff or public."""

import datetime

import pytest
from django import forms
from django.template import Context, Template

from victimcare.core.date_input import GovukDateInput
from victimcare.justice.forms import ReviewRequestForm


class WhenForm(forms.Form):
    when = forms.DateField(
        label="When did it happen?",
        help_text="For example, 27 3 2026",
        widget=GovukDateInput(),
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )


def render(form: forms.Form) -> str:
    return Template("{% load govuk_forms %}{% govuk_field form.when %}").render(
        Context({"form": form})
    )


def test_three_boxes_make_one_date() -> None:
    form = WhenForm({"when-day": "27", "when-month": "3", "when-year": "2026"})
    assert form.is_valid() and form.cleaned_data["when"] == datetime.date(2026, 3, 27)


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the date"),
        ("31", "2", "2026", "Enter a real date"),
        ("27", "3", "26", "Enter a real date"),
        ("27", "", "2026", "Enter a real date"),
        ("x", "y", "z", "Enter a real date"),
        ("<script>", "1-1", "2026", "Enter a real date"),
        ("9" * 5000, "3", "2026", "Enter a real date"),
        ("\x00", "3", "2026", "Enter a real date"),
    ],
)
def test_impossible_or_hostile_dates_are_refused_with_the_fields_own_error(
    day: str, month: str, year: str, error: str
) -> None:
    form = WhenForm({"when-day": day, "when-month": month, "when-year": year})
    assert not form.is_valid() and form.errors["when"] == [error]
    html = render(form)
    assert "<script>" not in html  # what was typed comes back escaped
    assert "govuk-input--error" in html and error in html


def test_it_renders_the_design_systems_date_input() -> None:
    html = render(WhenForm(initial={"when": datetime.date(2026, 3, 27)}))
    assert 'class="govuk-fieldset"' in html and "When did it happen?" in html
    assert 'class="govuk-date-input"' in html and "For example, 27 3 2026" in html
    for part, value in (("day", "27"), ("month", "3"), ("year", "2026")):
        assert f'name="when-{part}"' in html
        assert f'value="{value}"' in html
    # The day box carries the field's id: the error summary's link lands in it.
    assert 'id="id_when"' in html and 'id="id_when-month"' in html


def test_a_date_sent_as_one_value_still_works() -> None:
    form = WhenForm({"when": "2026-03-27"})
    assert form.is_valid() and form.cleaned_data["when"] == datetime.date(2026, 3, 27)


def test_staff_forms_use_it() -> None:
    from victimcare.cases.forms import FollowUpForm
    from victimcare.commissioning.forms import ConsultationForm, LotForm
    from victimcare.dataprotection.forms import AccessLogSearchForm, RightsRequestForm
    from victimcare.justice.forms import RestorativeRequestForm
    from victimcare.referrals.partner_forms import PartnerReferralForm

    date_fields = {
        f"{form.__name__}.{name}": field
        for form in (
            FollowUpForm,
            ConsultationForm,
            LotForm,
            AccessLogSearchForm,
            RightsRequestForm,
            ReviewRequestForm,
            RestorativeRequestForm,
            PartnerReferralForm,
        )
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    }
    assert len(date_fields) >= 10, date_fields
    assert {n: type(f.widget).__name__ for n, f in date_fields.items()} == {
        n: "GovukDateInput" for n in date_fields
    }


def test_a_staff_form_takes_the_three_boxes() -> None:
    form = ReviewRequestForm(
        {
            "review-requested_on-day": "1",
            "review-requested_on-month": "12",
            "review-requested_on-year": "2026",
        },
        prefix="review",
    )
    assert form.is_valid() and form.cleaned_data["requested_on"] == datetime.date(2026, 12, 1)


def _every_form_class() -> list[type[forms.BaseForm]]:
    """Every form the hub defines, found in its forms modules (not a hand-kept list)."""
    import importlib
    import inspect
    from pathlib import Path

    import victimcare

    root = Path(victimcare.__file__).parent
    found: list[type[forms.BaseForm]] = []
    for path in sorted(root.rglob("*forms.py")):
        if "templatetags" in path.parts:
            continue
        module = importlib.import_module(
            "victimcare." + ".".join(path.relative_to(root).with_suffix("").parts)
        )
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
        ]
    return found


def test_every_date_any_form_asks_for_uses_the_date_input() -> None:
    """Issue 18 item 9: the GOV.UK date input wherever a date is entered. A new form with a
    plain date box fails here, whoever writes it."""
    classes = _every_form_class()
    assert len(classes) >= 30
    date_fields = {
        f"{cls.__module__}.{cls.__name__}.{name}": type(field.widget).__name__
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    }
    assert len(date_fields) >= 15, date_fields
    assert date_fields == dict.fromkeys(date_fields, "GovukDateInput")
