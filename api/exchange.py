"""API resources of the `exchange` package (the rete delle reti): anyone reads
the entries, on the national domain and on every counter's; a counter's
staff withdraw their own entries and exchange contact requests."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.openapi import ERROR
from api.openapi import not_found as _not_found
from api.permissions import IsTenantStaff
from exchange import selectors, services
from exchange.forms import SEARCH_MAX_LENGTH
from exchange.models import MESSAGE_MAX_LENGTH, ContactRequest, EntryKind, ExchangeEntry


class LanguageSerializer(serializers.Serializer):
    lingua = serializers.CharField()
    livello = serializers.CharField()
    nome = serializers.CharField(required=False)


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.ChoiceField(source="kind", choices=EntryKind.choices)
    titolo = serializers.CharField(source="title")
    sportello = serializers.CharField(source="tenant.name")
    professioni = serializers.ListField(source="profession_codes", child=serializers.CharField())
    professioni_descrizione = serializers.ListField(source="profession_labels",
                                                    child=serializers.CharField())
    provincia = serializers.CharField(source="province")
    titolo_studio = serializers.CharField(source="education_level")
    titolo_studio_descrizione = serializers.CharField(source="education_label")
    tipo_contratto = serializers.CharField(source="contract_type")
    tipo_contratto_descrizione = serializers.CharField(source="contract_label")
    modalita_lavoro = serializers.CharField(source="working_mode")
    datore_di_lavoro = serializers.CharField(source="employer_name")
    comune = serializers.CharField(source="comune_code")
    comune_nome = serializers.CharField(source="comune_name")
    posti = serializers.IntegerField(source="positions", allow_null=True)
    descrizione = serializers.CharField(source="summary")
    pubblicata_fino_al = serializers.DateField(source="publish_until", allow_null=True)
    fascia_eta = serializers.CharField(source="age_band")
    lingue = LanguageSerializer(source="languages", many=True)
    patenti = serializers.ListField(source="licences", child=serializers.CharField())
    competenze_digitali = serializers.ListField(source="digital_skills",
                                                child=serializers.CharField())
    disponibilita = serializers.CharField(source="availability")
    presentazione = serializers.CharField(source="presentation")
    pubblicata_il = serializers.DateTimeField(source="published_at")


class SearchQuerySerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=EntryKind.choices, required=False)
    q = serializers.CharField(required=False, max_length=SEARCH_MAX_LENGTH,
                              help_text="Professione: parole («cuoco») o codice CP2011 "
                                        "(«5.2.2.1»).")
    provincia = serializers.RegexField(r"^[A-Za-z]{2}$", required=False)
    titolo_studio = serializers.CharField(required=False, max_length=20)
    tipo_contratto = serializers.CharField(required=False, max_length=20)


class CappedPagination(PageNumberPagination):
    """``count`` stops at 1,000 (``exchange.selectors.COUNT_CAP``): restringere i filtri."""

    django_paginator_class = selectors.CappedPaginator
    page_size = selectors.PAGE_SIZE


class EntryListView(generics.GenericAPIView):
    """La rete delle reti: offerte e profili anonimi, a chiunque, senza accesso.
    Il conteggio (``count``) si ferma a 1.000: per saperne di più, restringere i filtri."""

    permission_classes = [AllowAny]
    pagination_class = CappedPagination
    serializer_class = EntrySerializer
    filter_backends: list = []
    queryset = ExchangeEntry.objects.none()  # reads go through exchange.selectors

    @extend_schema(summary="Cerca nella rete delle reti", parameters=[SearchQuerySerializer],
                   responses=EntrySerializer(many=True), auth=[{}])
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = selectors.search_entries(
            kind=params.get("tipo"), text=params.get("q"), province=params.get("provincia"),
            education_level=params.get("titolo_studio"),
            contract_type=params.get("tipo_contratto"))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(EntrySerializer(page, many=True).data)


class EntryDetailView(APIView):
    permission_classes = [AllowAny]

    def get_permissions(self):
        return [IsTenantStaff()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(summary="Un annuncio della rete delle reti", auth=[{}],
                   responses={200: EntrySerializer, 404: _not_found("Annuncio")})
    def get(self, request, entry_id: int):
        return Response(EntrySerializer(selectors.get_entry(entry_id=entry_id)).data)

    @extend_schema(summary="Ritira un annuncio dello sportello",
                   responses={204: None, 404: _not_found("Annuncio")})
    def delete(self, request, entry_id: int):
        entry = selectors.get_own_entry_for(actor=request.user, entry_id=entry_id)
        services.withdraw_entry(entry=entry, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContactRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    annuncio = serializers.IntegerField(source="entry_id", allow_null=True,
                                        help_text="Null se l'annuncio è stato tolto.")
    annuncio_titolo = serializers.CharField(source="entry_title")
    da_sportello = serializers.CharField(source="from_tenant.name")
    da_utente = serializers.CharField(source="from_user_name")
    a_sportello = serializers.CharField(source="to_tenant.name")
    messaggio = serializers.CharField(source="message")
    stato = serializers.ChoiceField(source="status", choices=ContactRequest.Status.choices)
    risposta = serializers.CharField(source="answer")
    inviata_il = serializers.DateTimeField(source="created_at")
    risposta_il = serializers.DateTimeField(source="answered_at", allow_null=True)


class ContactCreateSerializer(serializers.Serializer):
    messaggio = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)


class ContactAnswerSerializer(serializers.Serializer):
    esito = serializers.ChoiceField(choices=[("risposta", "Risposta"), ("rifiuto", "Rifiuto")])
    testo = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, required=False,
                                  allow_blank=True, default="")


class ContactQuerySerializer(serializers.Serializer):
    direzione = serializers.ChoiceField(choices=[("ricevute", "Ricevute"),
                                                 ("inviate", "Inviate")], required=False)


class EntryContactView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Chiedi il contatto allo sportello che ha pubblicato",
                   request=ContactCreateSerializer,
                   responses={201: ContactRequestSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Annuncio")})
    def post(self, request, entry_id: int):
        entry = selectors.get_entry(entry_id=entry_id)
        body = ContactCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.request_contact(entry=entry, message=body.validated_data["messaggio"],
                                        acting_user=request.user)
        return Response(ContactRequestSerializer(item).data, status=status.HTTP_201_CREATED)


class ContactListView(generics.GenericAPIView):
    """Le richieste di contatto che lo sportello ha ricevuto (o inviato)."""

    permission_classes = [IsTenantStaff]
    serializer_class = ContactRequestSerializer
    filter_backends: list = []
    queryset = ContactRequest.objects.none()

    @extend_schema(summary="Richieste di contatto", parameters=[ContactQuerySerializer],
                   responses=ContactRequestSerializer(many=True))
    def get(self, request):
        query = ContactQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = (selectors.sent_requests(actor=request.user)
                 if query.validated_data.get("direzione") == "inviate"
                 else selectors.received_requests(actor=request.user))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(ContactRequestSerializer(page, many=True).data)


class ContactDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Una richiesta di contatto",
                   responses={200: ContactRequestSerializer, 404: _not_found("Richiesta")})
    def get(self, request, request_id: int):
        return Response(ContactRequestSerializer(
            selectors.get_request_for(actor=request.user, request_id=request_id)).data)


class ContactAnswerView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Rispondi (o rifiuta) una richiesta ricevuta",
                   request=ContactAnswerSerializer,
                   responses={200: ContactRequestSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Richiesta"),
                              409: OpenApiResponse(ERROR, description="Già risposta.")})
    def post(self, request, request_id: int):
        item = selectors.get_request_for(actor=request.user, request_id=request_id,
                                         received=True)
        body = ContactAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action = (services.answer_contact if body.validated_data["esito"] == "risposta"
                  else services.decline_contact)
        item = action(contact_request=item, answer=body.validated_data["testo"],
                      acting_user=request.user)
        return Response(ContactRequestSerializer(item).data)


national_urlpatterns = [
    path("rete-delle-reti/", EntryListView.as_view(), name="exchange-list"),
    path("rete-delle-reti/<int:entry_id>/", EntryDetailView.as_view(), name="exchange-detail"),
]
urlpatterns = [
    *national_urlpatterns,
    path("rete-delle-reti/<int:entry_id>/richieste-contatto/", EntryContactView.as_view(),
         name="exchange-contact"),
    path("richieste-contatto/", ContactListView.as_view(), name="contact-request-list"),
    path("richieste-contatto/<int:request_id>/", ContactDetailView.as_view(),
         name="contact-request-detail"),
    path("richieste-contatto/<int:request_id>/risposta/", ContactAnswerView.as_view(),
         name="contact-request-answer"),
]

