"""What the staff lists written in Python (ADRs 60 and 66) share: the template's escaping
and the case page's address, each without the per-call wrappers that were half the cost of
a 50-row queue (about 450 escapes and 50 `reverse` calls a page)."""

import html
from collections.abc import Callable

from django.urls import reverse


def escaped(value: object) -> str:
    """The text autoescape writes for `value`: `conditional_escape`, for the plain values
    (model fields, labels) these lists show, returned as `str`."""
    text = str(value)
    return text if hasattr(value, "__html__") else html.escape(text)


def case_address() -> Callable[[int], str]:
    """`reverse("cases:detail", args=[pk])` for any pk, reversed once per page: the address
    is the same text around the case's number."""
    marker = 987654321
    head, _, tail = reverse("cases:detail", args=[marker]).rpartition(str(marker))
    return lambda pk: f"{head}{int(pk)}{tail}"
