"""API authentication: a sending organisation's key, checked for one named capability.

Every API operation takes `auth=ApiKeyAuth("<capability>")`; the API's route declaration
(`config/api.py`) refuses to start if an operation has none.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from victimcare.accounts.api_keys import api_key_verify
from victimcare.accounts.capabilities import CAPABILITIES, organisation_has_api_capability
from victimcare.accounts.models import ApiKey


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer <key>`; the key's organisation must hold `capability`."""

    def __init__(self, capability: str) -> None:
        if capability not in CAPABILITIES:
            raise ValueError(f"Unknown capability {capability!r}")
        self.capability = capability
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = api_key_verify(token)
        if key is None:
            return None
        if not organisation_has_api_capability(key.organisation.kind, self.capability):
            raise HttpError(403, f"This API key may not use {self.capability}")
        return key


def api_actor_label(request: Any) -> str:
    """Names the caller in audit and access rows without personal data."""
    key: ApiKey = request.auth
    return f"api key {key.prefix} ({key.organisation.code})"
