"""Template source never reaches a page: Django's {# #} comment ends at the line's end."""

import re
from pathlib import Path

import victimcare

TEMPLATES = Path(victimcare.__file__).resolve().parent


def test_no_template_holds_a_comment_that_django_would_print() -> None:
    printed = []
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\{#(.*?)(#\}|\n)", source, re.S):
            if match.group(2) == "\n":
                line = source[: match.start()].count("\n") + 1
                printed.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert printed == [], "multi-line {# #} comments print as text; use {% comment %}"
