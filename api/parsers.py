"""The API's JSON parser: DRF's, bounded. A body over the upload limit answers
413, one nested deeper than ``MAX_DEPTH`` (or deep enough to exhaust Python's
recursion, which DRF's parser does not catch) or with NaN/Infinity answers
400 ``richiesta_malformata``, a string with a NUL byte 400 ``dati_non_validi``
naming the field."""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

from core.middleware import NUL_MESSAGE

MAX_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Richiesta troppo grande."
    default_code = "richiesta_troppo_grande"


def _refuse_constant(name):
    raise ValueError(f"{name} non ammesso")


def _check(data) -> None:
    stack = [(data, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise exceptions.ParseError(f"JSON annidato oltre {MAX_DEPTH} livelli.")
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if "\x00" in key:
                    raise exceptions.ValidationError({name.replace("\x00", ""): [NUL_MESSAGE]})
                stack.append((item, depth + 1, name))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{path}.{index}" if path else str(index))
                         for index, item in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            raise exceptions.ValidationError({path or "non_field_errors": [NUL_MESSAGE]})


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise exceptions.ParseError(f"JSON annidato oltre {MAX_DEPTH} livelli.") from exc
        except (ValueError, LookupError) as exc:
            raise exceptions.ParseError("JSON malformato.") from exc
        _check(data)
        return data
