"""Links the portal makes from what the directory holds."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def service_description(service: object) -> SafeString:
    """The service's description in the page's language: on a Welsh page its Welsh text, or
    the English marked lang="en" (so a screen reader reads it as English) when it has none."""
    english = str(getattr(service, "description", "") or "")
    if (get_language() or "").startswith("cy"):
        welsh = str(getattr(service, "description_cy", "") or "")
        if welsh:
            return format_html("{}", welsh)
        return format_html('<span lang="en">{}</span>', english)
    return format_html("{}", english)


@register.filter
def web_link(url: str) -> str:
    """The address if it is a web page (http or https), else "": a directory entry that says
    "javascript:..." must never become a link a victim can press."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""
