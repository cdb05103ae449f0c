"""One JSON shape for every API error, 4xx and 5xx:

    {"errore": {"codice": "non_trovato", "messaggio": "...", "campi": {"campo": ["..."]}}}

Codes are stable (clients switch on them); messages are Italian.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import RequestTooLarge
from core.errors import ServiceError, error_body

_CODES = {
    exceptions.NotAuthenticated: ("non_autenticato", "Autenticazione necessaria."),
    exceptions.AuthenticationFailed: ("autenticazione_fallita", "Credenziali non valide."),
    exceptions.PermissionDenied: ("permesso_negato",
                                  "Il suo ruolo non consente questa operazione."),
    exceptions.NotFound: ("non_trovato", "Risorsa non trovata."),
    exceptions.MethodNotAllowed: ("metodo_non_ammesso", "Metodo non ammesso."),
    exceptions.NotAcceptable: ("formato_non_accettabile", "Formato di risposta non disponibile."),
    exceptions.UnsupportedMediaType: ("formato_non_supportato", "Formato dei dati non supportato."),
    exceptions.Throttled: ("troppe_richieste", "Troppe richieste: riprovare più tardi."),
    exceptions.ParseError: ("richiesta_malformata", "Richiesta malformata."),
    RequestTooLarge: ("richiesta_troppo_grande", "Richiesta troppo grande."),
    exceptions.ValidationError: ("dati_non_validi", "Alcuni dati non sono validi."),
}


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django's 500 handler answers in the same shape
    code, message = next(
        (value for cls, value in _CODES.items() if isinstance(exc, cls)),
        ("errore", "Richiesta non valida."),
    )
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # Session clients (the browser) must send the CSRF token; a token client never does.
        code, message = "csrf_non_valido", ("Token CSRF mancante o non valido: ricaricare la "
                                            "pagina o autenticarsi con un token API.")
    fields = _flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
    if fields and "non_field_errors" in fields and len(fields) == 1:
        message = fields["non_field_errors"][0]
    response.data = error_body(code, message, fields)
    return response


def json_404(request, exception=None):
    return JsonResponse(error_body("non_trovato", "Risorsa non trovata."), status=404)


def json_500(request):
    return JsonResponse(
        error_body("errore_interno", "Errore interno: la richiesta non è stata completata."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
