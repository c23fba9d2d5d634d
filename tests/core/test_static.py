"""Production static files: GOV.UK Frontend assets collect with hashed names that resolve."""

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "victimcare.core.storage.StaticFilesStorage"},
}


def test_collectstatic_hashes_assets_and_rewrites_their_references(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    css = next((tmp_path / "css").glob("application.*.css")).read_text()
    assert "../govuk/assets/fonts/bold-affa96571d-v2." in css  # font hashed name in the CSS
    hashed_font = [
        p.name for p in (tmp_path / "govuk/assets/fonts").glob("bold-affa96571d-v2.*.woff")
    ]
    assert hashed_font and hashed_font[0] in css
    init = next(p for p in (tmp_path / "js").glob("init.*.js") if p.suffix == ".js").read_text()
    hashed_js = next(
        p.name for p in (tmp_path / "js").glob("govuk-frontend.min.*.js") if p.suffix == ".js"
    )
    assert f'from "./{hashed_js}"' in init


def test_multiple_choice_fields_render_as_checkboxes_and_single_choice_as_radios() -> None:
    from django import forms

    from victimcare.core.templatetags.govuk_forms import govuk_field

    class Form(forms.Form):
        many = forms.MultipleChoiceField(
            widget=forms.CheckboxSelectMultiple, choices=[("a", "A"), ("b", "B")]
        )
        one = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A"), ("b", "B")])

    form = Form(data={"many": ["a", "b"], "one": "b"})
    many, one = str(govuk_field(form["many"])), str(govuk_field(form["one"]))
    assert 'type="checkbox"' in many and 'type="radio"' not in many
    assert many.count("checked") == 2
    assert 'type="radio"' in one and 'type="checkbox"' not in one


def test_a_field_rendered_again_is_the_same_and_a_changed_one_is_not_stale() -> None:
    from django import forms

    from victimcare.core.templatetags import govuk_forms

    class Form(forms.Form):
        notes = forms.CharField(label="Notes", help_text="What happened")
        channel = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A"), ("b", "B")])

    govuk_forms._RENDERED.clear()
    first = str(govuk_forms.govuk_field(Form(initial={"notes": "x"})["notes"]))
    again = str(govuk_forms.govuk_field(Form(initial={"notes": "x"})["notes"]))
    assert again == first and len(govuk_forms._RENDERED) == 1
    other = str(govuk_forms.govuk_field(Form(initial={"notes": "y"})["notes"]))
    assert 'value="y"' in other and 'value="x"' in first
    refused = Form(data={"notes": "", "channel": "b"})
    assert not refused.is_valid()
    with_error = str(govuk_forms.govuk_field(refused["notes"]))
    assert "govuk-error-message" in with_error and "govuk-error-message" not in first
    chosen = str(govuk_forms.govuk_field(refused["channel"]))
    assert chosen.count("checked") == 1
    # Cached or not, the HTML is what the template engine makes of the same data.
    govuk_forms._RENDERED.clear()
    assert str(govuk_forms.govuk_field(Form(initial={"notes": "x"})["notes"])) == first
