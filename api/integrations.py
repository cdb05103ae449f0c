"""API resources of the national integrations: a counter's conferrals
(list, detail with attempts, «reinvia» and «rigenera»), and for the national
supervisor the counts per counter (no personal data)."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions as account_permissions
from api.openapi import ERROR
from api.openapi import not_found as _not_found
from integrations.national import selectors as national_selectors
from integrations.outbox import permissions, selectors, services
from integrations.outbox.models import CODE_LENGTH, OutboxMessage
from integrations.outbox.states import State


class CanSeeConferrals(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and permissions.can_view(
            request.user)


class IsSupervisor(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is None and account_permissions.can_supervise(
            request.user)


def _text(xml) -> str:
    return bytes(xml or b"").decode("utf-8", errors="replace")


class ProblemSerializer(serializers.Serializer):
    percorso = serializers.CharField(source="path")
    campo = serializers.CharField(source="field")
    messaggio = serializers.CharField(source="message")
    suggerimento = serializers.CharField(source="hint")


class ConferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    destinazione = serializers.CharField(source="destination")
    tipo = serializers.CharField(source="kind")
    chiusura = serializers.BooleanField(source="closing")
    record = serializers.IntegerField(source="subject_id")
    descrizione = serializers.CharField(source="subject_label")
    codice = serializers.CharField(source="code")
    codice_precedente = serializers.CharField(source="previous_code")
    stato = serializers.ChoiceField(source="state", choices=State.choices)
    stato_descrizione = serializers.CharField(source="state_label")
    tentativi = serializers.IntegerField(source="attempts")
    prossimo_tentativo = serializers.DateTimeField(source="next_attempt_at", allow_null=True)
    esito = serializers.CharField(source="reply_description")
    codice_anomalia = serializers.CharField(source="anomaly_code")
    ultimo_errore = serializers.CharField(source="last_error")
    problemi = ProblemSerializer(source="problems", many=True)
    creato_il = serializers.DateTimeField(source="created_at")
    inviato_il = serializers.DateTimeField(source="sent_at", allow_null=True)


class AttemptSerializer(serializers.Serializer):
    numero = serializers.IntegerField(source="number")
    message_id = serializers.CharField(source="wsa_message_id")
    iniziato_il = serializers.DateTimeField(source="started_at")
    concluso_il = serializers.DateTimeField(source="finished_at", allow_null=True)
    esito = serializers.CharField(source="outcome")
    stato_http = serializers.IntegerField(source="http_status", allow_null=True)
    durata_ms = serializers.FloatField(source="elapsed_ms", allow_null=True)
    codice_errore = serializers.CharField(source="error_code")
    messaggio_errore = serializers.CharField(source="error_message")
    richiesta = serializers.SerializerMethodField()
    risposta = serializers.SerializerMethodField()

    def get_richiesta(self, attempt) -> str:
        return _text(attempt.request_xml)

    def get_risposta(self, attempt) -> str:
        return _text(attempt.response_xml)


class ConferralDetailSerializer(ConferralSerializer):
    xml = serializers.SerializerMethodField()
    scambi = serializers.SerializerMethodField()

    def get_xml(self, message) -> str:
        return _text(message.xml)

    @extend_schema(responses=AttemptSerializer(many=True))
    def get_scambi(self, message) -> list:
        return AttemptSerializer(selectors.attempts_of(message), many=True).data


class ConferralQuerySerializer(serializers.Serializer):
    stato = serializers.ChoiceField(choices=State.choices, required=False)
    tipo = serializers.CharField(max_length=20, required=False)
    codice = serializers.CharField(max_length=CODE_LENGTH, required=False)


class ConferralListView(generics.GenericAPIView):
    """I conferimenti dello sportello ai sistemi nazionali."""

    permission_classes = [CanSeeConferrals]
    serializer_class = ConferralSerializer
    filter_backends: list = []
    queryset = OutboxMessage.objects.none()  # reads go through integrations.outbox.selectors

    @extend_schema(summary="Conferimenti ai sistemi nazionali",
                   parameters=[ConferralQuerySerializer],
                   responses=ConferralSerializer(many=True))
    def get(self, request):
        query = ConferralQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = selectors.messages_for(actor=request.user, filters=selectors.MessageFilters(
            state=params.get("stato", ""), kind=params.get("tipo", ""),
            code=params.get("codice", "")))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(ConferralSerializer(page, many=True).data)


class ConferralDetailView(APIView):
    permission_classes = [CanSeeConferrals]

    @extend_schema(summary="Un conferimento: XML, esito, ogni scambio col nodo nazionale",
                   responses={200: ConferralDetailSerializer, 404: _not_found("Conferimento")})
    def get(self, request, message_id: int):
        message = selectors.get_message_for(actor=request.user, message_id=message_id)
        services.record_read(message=message, acting_user=request.user)
        return Response(ConferralDetailSerializer(message).data)


class _ConferralActionView(APIView):
    permission_classes = [CanSeeConferrals]
    action_service = None

    def post(self, request, message_id: int):
        message = selectors.get_message_for(actor=request.user, message_id=message_id)
        message = type(self).action_service(message=message, acting_user=request.user)
        return Response(ConferralDetailSerializer(message).data)


class ConferralResendView(_ConferralActionView):
    action_service = staticmethod(services.resend)

    @extend_schema(summary="Reinvia un conferimento rifiutato (lista degli scarti)",
                   description="Solo da «Rifiutato»; altrimenti 409 `transizione_non_ammessa` "
                               "(o `conferimento_superato` se ne esiste uno più recente).",
                   request=None, responses={200: ConferralDetailSerializer,
                                            404: _not_found("Conferimento"),
                                            409: OpenApiResponse(ERROR)})
    def post(self, request, message_id: int):
        return super().post(request, message_id)


class ConferralRegenerateView(_ConferralActionView):
    action_service = staticmethod(services.regenerate)

    @extend_schema(summary="Rigenera un conferimento dal record di origine e lo reinvia",
                   description="Da «Non valido» o «Rifiutato»: se il record è ancora sbagliato "
                               "resta «Non valido» con i nuovi problemi.",
                   request=None, responses={200: ConferralDetailSerializer,
                                            404: _not_found("Conferimento"),
                                            409: OpenApiResponse(ERROR)})
    def post(self, request, message_id: int):
        return super().post(request, message_id)


class NationalCounterSerializer(serializers.Serializer):
    sportello = serializers.CharField(source="tenant_name")
    ente = serializers.CharField(source="tenant_slug")
    destinazione = serializers.CharField(source="destination")
    da_inviare = serializers.IntegerField(source="pending")
    in_invio = serializers.IntegerField(source="sending")
    nuovo_tentativo = serializers.IntegerField(source="retrying")
    inviati = serializers.IntegerField(source="sent")
    rifiutati = serializers.IntegerField(source="dead")
    non_validi = serializers.IntegerField(source="invalid")
    annullati = serializers.IntegerField(source="cancelled")
    in_attesa_dal = serializers.DateTimeField(source="oldest_pending_at", allow_null=True)
    attesa_massima_secondi = serializers.SerializerMethodField()

    def get_attesa_massima_secondi(self, row) -> int | None:
        age = row.oldest_pending_age(timezone.now())
        return int(age.total_seconds()) if age is not None else None


class NationalConferralsView(APIView):
    """Per sportello: conferimenti in attesa, inviati, in errore; solo conteggi."""

    permission_classes = [IsSupervisor]

    @extend_schema(summary="Conferimenti nazionali per sportello (solo conteggi)",
                   responses=NationalCounterSerializer(many=True))
    def get(self, request):
        rows = national_selectors.counter_rows(actor=request.user)
        return Response(NationalCounterSerializer(rows, many=True).data)


urlpatterns = [
    path("conferimenti/", ConferralListView.as_view(), name="conferral-list"),
    path("conferimenti/<int:message_id>/", ConferralDetailView.as_view(),
         name="conferral-detail"),
    path("conferimenti/<int:message_id>/reinvia/", ConferralResendView.as_view(),
         name="conferral-resend"),
    path("conferimenti/<int:message_id>/rigenera/", ConferralRegenerateView.as_view(),
         name="conferral-regenerate"),
]
national_urlpatterns = [
    path("conferimenti-nazionali/", NationalConferralsView.as_view(),
         name="national-conferral-list"),
]
