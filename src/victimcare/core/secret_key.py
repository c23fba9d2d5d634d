"""Production refuses to start with a weak SECRET_KEY (ADR 0036).

Everything signed (sessions, password-reset links, tracking codes) and every value
encrypted at rest (core/fields.py) rests on SECRET_KEY and SECRET_KEY_FALLBACKS; a short
or well-known key can be guessed offline. Outside DEBUG each must have at least 50
characters, at least 5 different ones, and not be Django's "django-insecure-" development
key: Django's own rule (security.W009), which `check --deploy` only warns about.
"""

from collections.abc import Sequence

MIN_LENGTH = 50
MIN_DIFFERENT = 16  # a random 50-character key has about 35; "change-me-…" repeated has 8
INSECURE_PREFIX = "django-insecure-"
HOW = 'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'


def secret_key_weakness(key: str) -> str:
    """Why the key is too weak for production ("" when it is not). Never echoes the key."""
    if key.startswith(INSECURE_PREFIX):
        return "is Django's insecure development key"
    if len(key) < MIN_LENGTH:
        return f"has {len(key)} characters; it needs at least {MIN_LENGTH}"
    if len(set(key)) < MIN_DIFFERENT:
        return f"has fewer than {MIN_DIFFERENT} different characters"
    return ""


def secret_key_refusal(*, debug: bool, key: str, fallbacks: Sequence[str]) -> str:
    """The reason the hub must not start ("" when it may), for SECRET_KEY and each fallback."""
    if debug:
        return ""  # `make run` on a laptop: the generated .env key, or the development one
    named = [("SECRET_KEY", key)]
    named += [(f"SECRET_KEY_FALLBACKS item {n}", old) for n, old in enumerate(fallbacks, 1)]
    problems = [
        f"{name} {weakness}" for name, key_ in named if (weakness := secret_key_weakness(key_))
    ]
    if not problems:
        return ""
    return "The hub will not start with a weak secret key: " + "; ".join(problems) + f". {HOW}"
