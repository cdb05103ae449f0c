"""API resources of the job desk's boards (Sportello Lavoro): the items of the
counter's public boards (training, internships and scholarships, news), with
publish and withdraw as POST actions and their events, and the citizens'
«Mi interessa» on a published vacancy, to call back. Counter staff only, on
the counter's domain."""

from __future__ import annotations

from dataclasses import replace

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.jobs import IsJobsStaff
from api.openapi import ERROR
from api.openapi import not_found as _not_found
from api.serializers import renamed
from core.errors import ServiceError
from core.fields import ApiDateField, ApiDateTimeField, api_id_field
from jobs.models import (
    BOARD_BODY_MAX_CHARS,
    BOARD_LINK_MAX_CHARS,
    BOARD_PLACE_MAX_CHARS,
    BOARD_SUMMARY_MAX_CHARS,
    BOARD_TITLE_MAX_CHARS,
    BoardItem,
    BoardKind,
    BoardState,
    Interest,
)
from jobs.selectors import boards as board_selectors
from jobs.services import boards as board_services

BOARD_ITEM_FIELDS = {"kind": "bacheca", "title": "titolo", "summary": "sintesi", "body": "testo",
                     "link": "collegamento", "place": "luogo", "starts_on": "inizia_il",
                     "ends_on": "termina_il", "published_from": "in_bacheca_dal",
                     "published_until": "in_bacheca_fino_al", "state": "stato"}
INTEREST_FIELDS = {"name": "nome", "email": "email", "phone": "telefono",
                   "message": "messaggio"}


def _text(max_length, **kwargs):
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(max_length=max_length, **kwargs)


def _date(source, **kwargs):
    return ApiDateField(source=source, required=False, allow_null=True, default=None, **kwargs)


# --- Board items ----------------------------------------------------------------------
class BoardItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    bacheca = serializers.ChoiceField(source="kind", choices=BoardKind.choices)
    titolo = serializers.CharField(source="title", max_length=BOARD_TITLE_MAX_CHARS)
    sintesi = _text(BOARD_SUMMARY_MAX_CHARS, source="summary")
    testo = _text(BOARD_BODY_MAX_CHARS, source="body")
    collegamento = _text(BOARD_LINK_MAX_CHARS, source="link",
                         help_text="Indirizzo web (http:// o https://).")
    luogo = _text(BOARD_PLACE_MAX_CHARS, source="place")
    inizia_il = _date("starts_on")
    termina_il = _date("ends_on", help_text="Non prima di «inizia_il».")
    in_bacheca_dal = _date("published_from", help_text="null: dalla pubblicazione.")
    in_bacheca_fino_al = _date("published_until", help_text="null: senza scadenza.")
    stato = serializers.ChoiceField(source="state", choices=BoardState.choices, read_only=True)
    pubblicata_il = ApiDateTimeField(source="published_at", read_only=True, allow_null=True)
    creata_il = ApiDateTimeField(source="created_at", read_only=True)
    modificata_il = ApiDateTimeField(source="updated_at", read_only=True)


class BoardItemEventSerializer(serializers.Serializer):
    da = serializers.CharField(source="from_state")
    a = serializers.CharField(source="to_state")
    quando = ApiDateTimeField(source="occurred_at")
    eseguito_da = serializers.CharField(source="actor.get_full_name", allow_null=True,
                                        help_text="null: utente non più presente.")


class BoardItemDetailSerializer(BoardItemSerializer):
    eventi = BoardItemEventSerializer(source="events", many=True, read_only=True)


class BoardItemQuerySerializer(serializers.Serializer):
    bacheca = serializers.ChoiceField(choices=BoardKind.choices, required=False)
    stato = serializers.ChoiceField(choices=BoardState.choices, required=False)


def _board_item_data(values: dict, base: board_services.BoardItemData | None = None):
    base = base or board_services.BoardItemData(kind="", title="")
    names = ("kind", "title", "summary", "body", "link", "place", "starts_on", "ends_on",
             "published_from", "published_until")
    return replace(base, **{name: values[name] for name in names if name in values})


class BoardItemListView(generics.GenericAPIView):
    """Gli annunci delle bacheche dello sportello (corsi, tirocini e borse, notizie)."""

    permission_classes = [IsJobsStaff]
    serializer_class = BoardItemSerializer
    filter_backends: list = []
    queryset = BoardItem.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Annunci in bacheca", parameters=[BoardItemQuerySerializer],
                   responses=BoardItemSerializer(many=True))
    def get(self, request):
        query = BoardItemQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = board_selectors.board_items_for(actor=request.user,
                                                kind=params.get("bacheca", ""),
                                                state=params.get("stato", ""))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(BoardItemSerializer(page, many=True).data)

    @extend_schema(summary="Scrive un annuncio (in bozza)", request=BoardItemSerializer,
                   responses={201: BoardItemDetailSerializer, 400: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = BoardItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = board_services.create_board_item(
                data=_board_item_data(serializer.validated_data), acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, BOARD_ITEM_FIELDS) from exc
        return Response(BoardItemDetailSerializer(item).data, status=status.HTTP_201_CREATED)


class BoardItemDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Un annuncio, con la storia delle transizioni",
                   responses={200: BoardItemDetailSerializer, 404: _not_found("Annuncio")})
    def get(self, request, item_id: int):
        item = board_selectors.get_board_item_for(actor=request.user, item_id=item_id)
        return Response(BoardItemDetailSerializer(item).data)

    @extend_schema(summary="Modifica un annuncio", request=BoardItemSerializer,
                   responses={200: BoardItemDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Annuncio")})
    def patch(self, request, item_id: int):
        item = board_selectors.get_board_item_for(actor=request.user, item_id=item_id)
        serializer = BoardItemSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            item = board_services.update_board_item(
                item=item, acting_user=request.user,
                data=_board_item_data(serializer.validated_data,
                                      board_services.BoardItemData.from_item(item)))
        except ServiceError as exc:
            raise renamed(exc, BOARD_ITEM_FIELDS) from exc
        return Response(BoardItemDetailSerializer(item).data)


class _BoardItemTransitionView(APIView):
    permission_classes = [IsJobsStaff]
    transition = staticmethod(board_services.publish_board_item)

    def post(self, request, item_id: int):
        item = board_selectors.get_board_item_for(actor=request.user, item_id=item_id)
        try:
            item = self.transition(item=item, acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, BOARD_ITEM_FIELDS) from exc
        return Response(BoardItemDetailSerializer(item).data)


_TRANSITION_RESPONSES = {200: BoardItemDetailSerializer, 404: _not_found("Annuncio"),
                         409: OpenApiResponse(ERROR, description="Transizione non ammessa "
                                                                 "(`transizione_non_ammessa`).")}


class BoardItemPublishView(_BoardItemTransitionView):
    transition = staticmethod(board_services.publish_board_item)

    @extend_schema(summary="Pubblica un annuncio in bozza o ritirato", request=None,
                   responses=_TRANSITION_RESPONSES)
    def post(self, request, item_id: int):
        return super().post(request, item_id)


class BoardItemWithdrawView(_BoardItemTransitionView):
    transition = staticmethod(board_services.withdraw_board_item)

    @extend_schema(summary="Ritira un annuncio in bozza o pubblicato", request=None,
                   responses=_TRANSITION_RESPONSES)
    def post(self, request, item_id: int):
        return super().post(request, item_id)


# --- «Mi interessa» -------------------------------------------------------------------
class InterestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    offerta = serializers.IntegerField(source="vacancy_id", read_only=True)
    titolo_offerta = serializers.CharField(source="vacancy.title", read_only=True)
    nome = serializers.CharField(source="name", read_only=True)
    email = serializers.CharField(read_only=True)
    telefono = serializers.CharField(source="phone", read_only=True)
    messaggio = serializers.CharField(source="message", read_only=True)
    versione_informativa = serializers.CharField(source="privacy_notice_version",
                                                 read_only=True)
    ricevuta_il = ApiDateTimeField(source="created_at", read_only=True)
    gestita = serializers.SerializerMethodField()
    gestita_il = ApiDateTimeField(source="handled_at", read_only=True, allow_null=True)

    def get_gestita(self, interest) -> bool:
        return interest.handled_at is not None


class InterestQuerySerializer(serializers.Serializer):
    gestita = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text="Omesso: tutte.")
    offerta = api_id_field(required=False, help_text="Solo quelle di questa offerta.")


class InterestListView(generics.GenericAPIView):
    """I «Mi interessa» dei cittadini sulle offerte pubblicate, da richiamare."""

    permission_classes = [IsJobsStaff]
    serializer_class = InterestSerializer
    filter_backends: list = []
    queryset = Interest.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="«Mi interessa» ricevuti", parameters=[InterestQuerySerializer],
                   responses=InterestSerializer(many=True))
    def get(self, request):
        query = InterestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = board_selectors.interests_for(actor=request.user, handled=params.get("gestita"),
                                              vacancy_id=params.get("offerta"))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(InterestSerializer(page, many=True).data)


class InterestDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Un «Mi interessa»",
                   responses={200: InterestSerializer, 404: _not_found("Richiesta")})
    def get(self, request, interest_id: int):
        interest = board_selectors.get_interest_for(actor=request.user, interest_id=interest_id)
        return Response(InterestSerializer(interest).data)


class InterestHandledView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Segna il «Mi interessa» come gestito",
                   description="Idempotente: una richiesta già gestita resta com'è.",
                   request=None,
                   responses={200: InterestSerializer, 404: _not_found("Richiesta")})
    def post(self, request, interest_id: int):
        interest = board_selectors.get_interest_for(actor=request.user, interest_id=interest_id)
        try:
            interest = board_services.mark_interest_handled(interest=interest,
                                                            acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, INTEREST_FIELDS) from exc
        return Response(InterestSerializer(interest).data)


urlpatterns = [
    path("lavoro/bacheca/", BoardItemListView.as_view(), name="jobs-board-item-list"),
    path("lavoro/bacheca/<int:item_id>/", BoardItemDetailView.as_view(),
         name="jobs-board-item-detail"),
    path("lavoro/bacheca/<int:item_id>/pubblica/", BoardItemPublishView.as_view(),
         name="jobs-board-item-publish"),
    path("lavoro/bacheca/<int:item_id>/ritira/", BoardItemWithdrawView.as_view(),
         name="jobs-board-item-withdraw"),
    path("lavoro/mi-interessa/", InterestListView.as_view(), name="jobs-interest-list"),
    path("lavoro/mi-interessa/<int:interest_id>/", InterestDetailView.as_view(),
         name="jobs-interest-detail"),
    path("lavoro/mi-interessa/<int:interest_id>/gestito/", InterestHandledView.as_view(),
         name="jobs-interest-handled"),
]
