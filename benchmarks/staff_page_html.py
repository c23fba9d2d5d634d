"""The staff mix's pages as HTML files, to compare two checkouts' pages byte for byte.

    .venv/bin/python benchmarks/staff_page_html.py --database vch_ws_openloop --src <main>/src --out var/html-before
    .venv/bin/python benchmarks/staff_page_html.py --database vch_ws_openloop --out var/html-after
    diff -r var/html-before var/html-after

Runs on web_open_loop.py's database (built with `--build-only`) as its first officer: three
queue pages, sixteen searches (surnames, full names, a misspelling, dates of birth, a date
of birth with a name, a case reference, one finding nobody) and the overview, support
section and timeline of eight cases. Each file is the address, the status and the page,
with the per-request CSRF token and CSP nonce replaced by fixed words. Run both checkouts
one after the other: the pages show the database as it is (adding a note between two runs
changes a timeline).
"""

import argparse
import re
from pathlib import Path

from staff_django import django_on

ROOT = Path(__file__).resolve().parents[1]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas"]
MORE_SEARCHES = ["Jo Smith", "zzzz", "26/3/1972", "11/12/1977", "Smith 26/3/1972", "Jnoes"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="vch_scale_openloop")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the code to render with")
    parser.add_argument("--out", required=True, help="a directory for the pages")
    args = parser.parse_args()
    state = django_on(args.database, args.src)
    from django.test import Client

    from victimcare.cases.models import Case

    client = Client()
    client.cookies["sessionid"] = state["cookies"][0]
    cases = state["cases"][:5] + state["cases"][-3:]
    reference = Case.objects.get(pk=cases[0]).reference
    searches = [*SURNAMES, *MORE_SEARCHES, reference, "Sarah Wilson"]
    addresses = ["/staff/queue/", "/staff/queue/?page=2", "/staff/queue/?page=3"]
    addresses += [f"/staff/search/?q={query.replace(' ', '+')}" for query in searches]
    for case in cases:
        addresses += [f"/staff/cases/{case}/{section}" for section in ("", "support/", "timeline/")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for number, address in enumerate(addresses):
        response = client.get(address)
        page = response.content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
        page = re.sub(r'nonce="[^"]+"', "NONCE", page)
        (out / f"{number:03d}.html").write_text(f"{address} {response.status_code}\n{page}")
    print(f"{len(addresses)} pages in {out}")


if __name__ == "__main__":
    main()
