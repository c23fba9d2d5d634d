"""Encrypted model fields for contact details and free-text notes (encryption at rest).

Built on django-fernet-encrypted-fields (Fernet: AES-128-CBC with an HMAC-SHA256 tag).
Keys come from SECRET_KEY, then each of SECRET_KEY_FALLBACKS, each stretched with each
salt in FIELD_ENCRYPTION_SALTS (PBKDF2, 100,000 rounds). The first key encrypts; every key
decrypts. To rotate: put the new secret first and the old one in SECRET_KEY_FALLBACKS,
run `python manage.py rotate_encryption`, then drop the old secret (docs/security.md).

Three changes to the library's fields, each a bug for this hub:
- an empty value stays "" (the library writes NULL, which breaks NOT NULL columns);
- a value that no key can decrypt raises instead of being shown as ciphertext;
- keys follow the current settings, so a rotation takes effect without a restart.
"""

import base64
import functools
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from encrypted_fields import fields as library

FERNET_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 and a timestamp


class UndecryptableValue(Exception):
    """No configured key opens this value: a key was dropped before `rotate_encryption` ran."""


@functools.lru_cache(maxsize=8)
def _fernet(secrets: tuple[str, ...], salts: tuple[str, ...]) -> MultiFernet:
    keys = []
    for secret in secrets:
        for salt in salts:
            kdf = PBKDF2HMAC(
                algorithm=hashes.SHA256(), length=32, salt=salt.encode(), iterations=100_000
            )
            keys.append(Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode()))))
    return MultiFernet(keys)


def current_fernet() -> MultiFernet:
    salts = settings.FIELD_ENCRYPTION_SALTS
    return _fernet(
        (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])),
        tuple(salts if isinstance(salts, list | tuple) else [salts]),
    )


def encrypt_text(value: str) -> str:
    return current_fernet().encrypt(value.encode()).decode() if value else ""


def decrypt_text(value: str) -> str:
    if not value:
        return ""
    try:
        return current_fernet().decrypt(value.encode()).decode()
    except InvalidToken as error:
        raise UndecryptableValue("No configured key decrypts this value") from error


class Sealed(str):
    """A clear value that carries its token, made once: stored as that token. Intake writes
    one victim's contact details to two rows (the person and the referral's own copy) and
    their history rows; sealed, each value is encrypted once, not twice."""

    token: str


def sealed_values(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    """These values for `model`, each non-empty one of an encrypted field sealed (encrypted
    now, with the current key). Seal just before saving: a token outlives no key rotation."""
    out = dict(values)
    for name in encrypted_field_names(model):
        value = out.get(name)
        if value:
            out[name] = seal = Sealed(value)
            seal.token = encrypt_text(str(value))
    return out


@functools.cache
def encrypted_field_names(model: Any) -> tuple[str, ...]:
    """The names of the model's encrypted fields (each stored as a Fernet token)."""
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedCharField | EncryptedTextField | EncryptedEmailField)
    )


class _EncryptedMixin:
    @property
    def f(self) -> MultiFernet:  # the library's name for its Fernet
        return current_fernet()

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return value.token
        return encrypt_text(str(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(FERNET_PREFIX):
            return decrypt_text(value)
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt_text(value) if value else value


class EncryptedCharField(_EncryptedMixin, library.EncryptedCharField):
    """A short value (a phone number, an address line), encrypted in a TEXT column.

    max_length limits the clear text (forms and full_clean), not the longer stored token.
    """


class EncryptedTextField(_EncryptedMixin, library.EncryptedTextField):
    """Free text (notes), encrypted."""


class EncryptedEmailField(_EncryptedMixin, library.EncryptedEmailField):
    """An email address, encrypted."""


def encrypted_columns() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every table with encrypted columns: {table: (primary key column, (columns, ...))},
    found from the models (history tables included), so rotation never misses one."""
    from django.apps import apps

    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for model in apps.get_models():
        columns = tuple(
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, _EncryptedMixin)
        )
        if columns:
            found[model._meta.db_table] = (model._meta.pk.column, columns)
    return found


def reencrypt_columns(connection: Any, table: str, columns: tuple[str, ...], pk: str = "id") -> int:
    """Encrypt clear values and re-encrypt old tokens under the current first key.

    Works on raw column values (no model), so it serves both migrations and rotation.
    Returns how many rows changed.
    """
    fernet = current_fernet()
    qn = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(pk)}, {', '.join(map(qn, columns))} FROM {qn(table)}")  # noqa: S608
        rows = cursor.fetchall()
    assignments = ", ".join(f"{qn(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        for row_id, *values in rows:
            new = []
            for value in values:
                if not value:
                    new.append(value)
                elif value.startswith(FERNET_PREFIX):
                    new.append(fernet.rotate(value.encode()).decode())
                else:
                    new.append(fernet.encrypt(value.encode()).decode())
            if new != values:
                cursor.execute(
                    f"UPDATE {qn(table)} SET {assignments} WHERE {qn(pk)} = %s",  # noqa: S608
                    [*new, row_id],
                )
                changed += 1
    return changed


def encrypt_existing_rows(table: str, columns: tuple[str, ...], pk: str = "id") -> Any:
    """A RunPython operation that encrypts values stored before a column was encrypted."""

    def forward(apps: Any, schema_editor: Any) -> None:
        reencrypt_columns(schema_editor.connection, table, columns, pk)

    return forward
