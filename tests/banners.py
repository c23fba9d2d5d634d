"""The GOV.UK success banner a change shows on the page it leads to (base.html)."""

import re

from django.http import HttpResponse


def success_banners(response: HttpResponse) -> list[str]:
    """The words of each success banner on the page (after following the redirect)."""
    page = response.content.decode()
    return [
        re.sub(r"\s+", " ", words).strip()
        for words in re.findall(
            r'govuk-notification-banner--success".*?govuk-notification-banner__heading">(.*?)</p>',
            page,
            flags=re.S,
        )
    ]
