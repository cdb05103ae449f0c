"""The OpenAPI document tells the truth about errors: a drf-spectacular
postprocessing hook gives every operation the error answers it can give, each
in the one error shape (``Errore``, see api.errors), unless the operation
already documents them more precisely."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR_SCHEMA = {
    "type": "object",
    "required": ["errore"],
    "properties": {
        "errore": {
            "type": "object",
            "required": ["codice", "messaggio"],
            "properties": {
                "codice": {"type": "string", "description": "Codice stabile dell'errore."},
                "messaggio": {"type": "string", "description": "Messaggio in italiano."},
                "campi": {
                    "type": "object",
                    "description": "Per ogni campo (o parametro) rifiutato, i suoi errori.",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

# The same shape for an operation's own ``responses={...}``: the serializer is
# named ``Errore``, so the document refers to the one component above (the
# hook below writes ERROR_SCHEMA there). API modules use these instead of
# declaring their own copies.
ERROR = inline_serializer("Errore", fields={
    "errore": inline_serializer("ErroreCorpo", fields={
        "codice": serializers.CharField(), "messaggio": serializers.CharField(),
        "campi": serializers.DictField(child=serializers.ListField(
            child=serializers.CharField()), required=False),
    }),
})


def error_response(description: str | None = None) -> OpenApiResponse:
    """An error answer of an operation, in the one error shape."""
    return OpenApiResponse(ERROR, description=description or "")


def not_found(what: str) -> OpenApiResponse:
    return error_response(f"{what} inesistente o di un altro ente.")


# Every operation: refused input, credentials, role, missing object (or site),
# another method, an unavailable format, too many requests.
ANY_OPERATION = {
    "400": "Dati non validi o richiesta malformata (codice `dati_non_validi`, "
           "`richiesta_malformata`, ...); i campi rifiutati sono in `campi`.",
    "401": "Autenticazione necessaria o credenziali non valide.",
    "403": "Il ruolo non consente l'operazione (o token CSRF mancante).",
    "404": "Risorsa non trovata (o non accessibile a chi chiede).",
    "405": "Metodo non ammesso.",
    "406": "Formato di risposta non disponibile.",
    "429": "Troppe richieste: riprovare più tardi.",
}
# Operations with a request body, in addition.
WITH_BODY = {
    "409": "In conflitto con lo stato della risorsa.",
    "413": "Richiesta troppo grande.",
    "415": "Formato dei dati non supportato.",
}


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errore"}}}}


# JSON Schema's "time" is RFC 3339's full-time, with a UTC offset: DRF answers
# local times of day ("09:00:00"), so the document says what they are.
LOCAL_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
              "description": "Ora locale (HH:MM o HH:MM:SS)."}


# Dates are accepted between 1900-01-01 and 2199-12-31 (core.fields).
DATE_RANGE = "Data (AAAA-MM-GG) tra il 1900-01-01 e il 2199-12-31."
DATETIME_RANGE = "Data e ora (ISO 8601) tra il 1900-01-01 e il 2199-12-31."


def _local_times(node) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "string" and item.get("format") == "time":
                del item["format"]
                item.setdefault("pattern", LOCAL_TIME["pattern"])
                item.setdefault("description", LOCAL_TIME["description"])
            elif item.get("type") == "string" and item.get("format") == "date":
                item.setdefault("description", DATE_RANGE)
            elif item.get("type") == "string" and item.get("format") == "date-time":
                item.setdefault("description", DATETIME_RANGE)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def add_error_responses(result, generator, request, public):
    _local_times(result)
    result.setdefault("components", {}).setdefault("schemas", {})["Errore"] = ERROR_SCHEMA
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(ANY_OPERATION)
            if method in ("post", "put", "patch"):
                errors.update(WITH_BODY)
            responses = operation["responses"]
            for status, description in errors.items():
                responses.setdefault(status, _error_response(description))
    return result
