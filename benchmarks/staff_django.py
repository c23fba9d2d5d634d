"""Django set up on web_open_loop.py's database, for the scripts that ask its staff pages in
process (staff_page_cost.py, staff_page_html.py)."""

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def django_on(database: str, src: str) -> dict[str, Any]:
    """Set Django up with the code in `src` on `database`, and return the open loop's state
    for it (its officers' session cookies and its cases), from var/web_open_loop-<db>.json."""
    sys.path.insert(0, src)
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
            "DJANGO_DOT_ENV": os.devnull,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    state: dict[str, Any] = json.loads(
        (ROOT / "var" / f"web_open_loop-{database}.json").read_text()
    )
    return state
