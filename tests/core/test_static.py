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
