"""Every URL pattern of the project, for tests that must cover all of them."""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def walk(
    patterns: list, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def all_routes() -> list[tuple[str, str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


def example_url(route: str) -> str:
    """A concrete address for a pattern: every parameter filled with 1 (a UUID for UUIDs)."""
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-4000-8000-000000000001", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")
