"""Encryption at rest for special-category data (health, social condition).

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) under the keys of
``settings.FIELD_ENCRYPTION_KEYS`` (newest first: old keys still decrypt, so
keys rotate without rewriting).
"""

from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value) -> str:
    return _fernet().encrypt(json.dumps(value).encode()).decode()


def decrypt(token: str):
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ValueError("dato cifrato illeggibile con le chiavi configurate") from exc


class EncryptedJSONField(models.TextField):
    """Stores any JSON value encrypted; reads decrypt. Not searchable, by design."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        return None if value is None else encrypt(value)
