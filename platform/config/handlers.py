"""Error pages: JSON in the API's shape under /api/, Italian pages elsewhere.

``handler400`` answers what Django refuses before any view (a bad Host, a body
over the upload limit, too many fields or files): under /api/ in the error
shape with a code naming the cause; an oversized body answers 413.
"""

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.shortcuts import render

from api.errors import json_404, json_500
from core.http import error_response

_BAD_REQUESTS = [
    (DisallowedHost, 400, "host_non_valido", "Indirizzo del sito (Host) non valido."),
    (RequestDataTooBig, 413, "richiesta_troppo_grande",
     "Richiesta troppo grande: ridurre i dati o gli allegati inviati."),
    (TooManyFieldsSent, 400, "troppi_campi", "La richiesta contiene troppi campi."),
    (TooManyFilesSent, 400, "troppi_file", "La richiesta contiene troppi file."),
]


def handler400(request, exception=None):
    status, code, message = next(
        ((status, code, message) for cls, status, code, message in _BAD_REQUESTS
         if isinstance(exception, cls)),
        (400, "richiesta_non_valida", "Richiesta non valida."))
    return error_response(request, status=status, code=code, message=message)


def handler403(request, exception=None):
    if request.path.startswith("/api/"):
        return error_response(request, status=403, code="permesso_negato",
                              message="Il suo ruolo non consente questa operazione.")
    return render(request, "web/403.html", status=403)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return json_404(request, exception)
    return render(request, "web/404.html", status=404)


def handler500(request):
    if request.path.startswith("/api/"):
        return json_500(request)
    return render(request, "web/500.html", status=500)
