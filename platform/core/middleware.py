"""The request boundary, for every page and API answer.

``ResponseBoundaryMiddleware`` (outermost): every 4xx/5xx under /api/ leaves in
the API's error shape, whoever produced it (an unknown host, an archived
counter, Django before any view); personal data is never cached
(``Cache-Control: no-store`` on every API answer and on every answer to a
logged-in user or to a form sent; static files excepted).

``RequestContextMiddleware``: the request's metadata (client address, user
agent, request id) in ``core.context`` for the services and the audit record,
which never see the request; the id goes back in ``X-Request-ID``.

``InputBoundaryMiddleware``: NUL bytes (PostgreSQL refuses them in text) in
any query or form parameter are refused with a 400 naming the parameter.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from core.errors import error_body
from core.http import error_response, is_api

NUL_MESSAGE = "Il testo contiene caratteri non ammessi (carattere nullo)."

_STATUS_ERRORS = {
    400: ("richiesta_non_valida", "Richiesta non valida."),
    401: ("non_autenticato", "Autenticazione necessaria."),
    403: ("permesso_negato", "Il suo ruolo non consente questa operazione."),
    404: ("non_trovato", "Risorsa non trovata."),
    405: ("metodo_non_ammesso", "Metodo non ammesso."),
    406: ("formato_non_accettabile", "Formato di risposta non disponibile."),
    409: ("conflitto", "La richiesta è in conflitto con lo stato della risorsa."),
    410: ("non_piu_disponibile", "Il servizio di questo ente non è più disponibile."),
    413: ("richiesta_troppo_grande", "Richiesta troppo grande."),
    415: ("formato_non_supportato", "Formato dei dati non supportato."),
    429: ("troppe_richieste", "Troppe richieste: riprovare più tardi."),
    503: ("servizio_non_disponibile", "Servizio momentaneamente non disponibile."),
}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _in_error_shape(response) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    if getattr(response, "streaming", False):
        return True
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("errore"), dict)


def _shaped(response) -> JsonResponse:
    code, message = _STATUS_ERRORS.get(
        response.status_code,
        ("errore_interno", "Errore interno: la richiesta non è stata completata.")
        if response.status_code >= 500 else ("richiesta_non_valida", "Richiesta non valida."))
    shaped = JsonResponse(error_body(code, message), status=response.status_code)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            shaped[header] = response[header]
    return shaped


def _personal(request, response) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return False
    if is_api(request) or request.method not in ("GET", "HEAD"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ResponseBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not _in_error_shape(response):
            response = _shaped(response)
        if _personal(request, response):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response


def _nul_fields(params) -> dict[str, list[str]]:
    bad = {}
    for key, values in params.lists():
        if "\x00" in key or any("\x00" in str(value) for value in values):
            bad[key.replace("\x00", "")] = [NUL_MESSAGE]
    return bad


class InputBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = _nul_fields(request.GET)
        if not bad and request.method == "POST" and request.content_type in _FORM_TYPES:
            bad = _nul_fields(request.POST)
        if bad:
            return error_response(request, status=400, code="dati_non_validi",
                                  message=NUL_MESSAGE, fields=bad)
        return self.get_response(request)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.context import using_request_meta
        from core.http import request_meta_of

        with using_request_meta(request_meta_of(request)) as meta:
            response = self.get_response(request)
        response["X-Request-ID"] = meta.request_id
        return response
