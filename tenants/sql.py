"""Schema names in SQL: the one leaf module ``schemas``, ``blueprint`` and
``migrations_state`` all import (so none of them imports another for it)."""

import re

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def quote(schema_name: str) -> str:
    if not _SCHEMA_RE.match(schema_name) or schema_name.startswith("pg_"):
        raise ValueError(f"nome di schema non valido: {schema_name!r}")
    return f'"{schema_name}"'
