"""Trying the hub out: API documentation with no internet, and `make run` on any port."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_the_hubs_own_static_files() -> None:
    response = Client().get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert {"/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"} <= set(
        scripts
    )
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    # The page's own scripts come from 'self', which the CSP allows; no inline script.
    assert not re.search(r"<script>(?!\s*</script>)", html)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("port", ["8000", "8101"])
def test_make_run_points_survey_links_at_the_port_it_serves(port: str) -> None:
    make, env, bash = (shutil.which(n) or n for n in ("make", "env", "bash"))
    out = subprocess.run(
        [make, "-n", "run", f"PORT={port}", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if "runserver" in ln)
    assert f"runserver 127.0.0.1:{port}" in line
    # The shell gives VCH_PUBLIC_URL the same host and port, unless the developer set one.
    prefix = line.split(" bash -c ")[0]
    shown = subprocess.run(
        [env, "-u", "VCH_PUBLIC_URL", bash, "-c", f"{prefix} printenv VCH_PUBLIC_URL"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == f"http://127.0.0.1:{port}"


# A path the README names, in backticks; a Markdown link in the README or in docs/.
README_PATH = re.compile(r"`([\w.-]+(?:/[\w.-]+)+|[\w-]+\.(?:md|csv|py|sh|toml|yaml|yml))`")
LINK = re.compile(r"\]\(([^):#\s]+)(?:#[^)]*)?\)")


def test_every_file_the_readme_names_is_in_the_repository() -> None:
    """The README once sent readers to a feed format file the repository did not have.
    Files under var/ are written by `make run`; absolute paths are URLs or the server's."""
    named = set(README_PATH.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    named = {name for name in named if not name.startswith("var/")}
    assert "docs/feed-format.md" in named
    assert sorted(name for name in named if not (ROOT / name).exists()) == []


@pytest.mark.parametrize(
    "document", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
)
def test_every_link_in_the_readme_and_docs_leads_to_a_file_there(document: str) -> None:
    path = ROOT / document if document == "README.md" else ROOT / "docs" / document
    links = LINK.findall(path.read_text(encoding="utf-8"))
    assert sorted(link for link in links if not (path.parent / link).exists()) == []
