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
