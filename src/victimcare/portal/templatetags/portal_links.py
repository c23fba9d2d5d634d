"""Links the portal makes from what the directory holds."""

from django import template

register = template.Library()


@register.filter
def web_link(url: str) -> str:
    """The address if it is a web page (http or https), else "": a directory entry that says
    "javascript:..." must never become a link a victim can press."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""
