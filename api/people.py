"""API resources of the `people` domain package: people, their consents and
their contacts (accoglienze). Counter staff only, on the counter's domain.

Field names are Italian, as the rest of the API; the services' errors name
model fields and are renamed on the way out.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import path, reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from api.errors import error_body
from api.openapi import ERROR
from api.permissions import IsTenantStaff
from api.serializers import renamed as _renamed
from core.errors import ServiceError
from core.fields import ApiDateField, ApiDateTimeField
from people import codice_fiscale as cf
from people import selectors, services
from people.errors import DuplicatePerson
from people.models import (
    ADDRESS_MAX_LENGTH,
    CAP_LENGTH,
    CITIZENSHIP_CODE_LENGTH,
    CODICE_FISCALE_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    PLACE_CODE_LENGTH,
    PLACE_NAME_MAX_LENGTH,
    REFERRED_BY_MAX_LENGTH,
    ConsentPurpose,
    ConsentRecord,
    Contact,
    EducationLevel,
    EmploymentStatus,
    Person,
    Sex,
    Vulnerability,
)
from people.selectors import PersonFilters
from people.services import PersonData

# Model field → API field, for the services' errors.
PERSON_FIELDS = {
    "first_name": "nome", "last_name": "cognome", "sex": "sesso", "birth_date": "data_nascita",
    "birth_place_code": "luogo_nascita_codice", "citizenship_code": "cittadinanza",
    "residence_address": "indirizzo_residenza", "residence_comune": "comune_residenza",
    "residence_cap": "cap_residenza", "domicile_address": "indirizzo_domicilio",
    "domicile_comune": "comune_domicilio", "domicile_cap": "cap_domicilio",
    "phone": "telefono", "education_level": "titolo_studio",
    "employment_status": "condizione_occupazionale", "vulnerabilities": "vulnerabilita",
}
CONSENT_FIELDS = {"purpose": "finalita", "given": "dato", "method": "modalita"}
CONTACT_FIELDS = {"channel": "canale", "reason": "motivo", "referred_by": "inviata_da",
                  "information_given": "informazioni_fornite", "occurred_at": "data_ora"}


def _text(source: str | None, max_length: int, **kwargs):
    if source:
        kwargs["source"] = source
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True,
                                 **kwargs)


class CodiceFiscaleField(serializers.CharField):
    """A codice fiscale as typed ("rss mra 80a01 h501u"): blanks removed and upper
    case before the 16-character limit and every other check."""

    def to_internal_value(self, data):
        return cf.normalize(super().to_internal_value(data))


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    codice_fiscale = CodiceFiscaleField(max_length=CODICE_FISCALE_LENGTH, required=False,
                                        allow_blank=True, allow_null=True)
    nome = serializers.CharField(source="first_name", max_length=NAME_MAX_LENGTH)
    cognome = serializers.CharField(source="last_name", max_length=NAME_MAX_LENGTH)
    sesso = serializers.ChoiceField(source="sex", choices=Sex.choices, required=False,
                                    allow_blank=True,
                                    help_text="Ricavato dal codice fiscale se omesso.")
    data_nascita = ApiDateField(source="birth_date", required=False, allow_null=True,
                                         help_text="Ricavata dal codice fiscale se omessa.")
    luogo_nascita_codice = _text("birth_place_code", PLACE_CODE_LENGTH,
                                 help_text="Codice Belfiore del comune o dello Stato estero; "
                                           "ricavato dal codice fiscale se omesso.")
    luogo_nascita = serializers.CharField(source="birth_place_name", read_only=True)
    cittadinanza = serializers.CharField(source="citizenship_code",
                                         max_length=CITIZENSHIP_CODE_LENGTH,
                                         required=False,
                                         help_text="Codice ministeriale a 3 cifre (000: "
                                                   "italiana).")
    indirizzo_residenza = _text("residence_address", ADDRESS_MAX_LENGTH)
    comune_residenza = _text("residence_comune", PLACE_NAME_MAX_LENGTH)
    cap_residenza = _text("residence_cap", CAP_LENGTH)
    indirizzo_domicilio = _text("domicile_address", ADDRESS_MAX_LENGTH)
    comune_domicilio = _text("domicile_comune", PLACE_NAME_MAX_LENGTH)
    cap_domicilio = _text("domicile_cap", CAP_LENGTH)
    telefono = _text("phone", PHONE_MAX_LENGTH)
    email = _text(None, EMAIL_MAX_LENGTH)
    titolo_studio = serializers.ChoiceField(source="education_level",
                                            choices=EducationLevel.choices, required=False,
                                            allow_blank=True)
    condizione_occupazionale = serializers.ChoiceField(
        source="employment_status", choices=EmploymentStatus.choices, required=False,
        allow_blank=True)
    vulnerabilita = serializers.ListField(
        source="vulnerabilities", child=serializers.ChoiceField(choices=Vulnerability.choices),
        required=False)
    creata_il = ApiDateTimeField(source="created_at", read_only=True)
    aggiornata_il = ApiDateTimeField(source="updated_at", read_only=True)


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    codice_fiscale = serializers.CharField(read_only=True)
    nome = serializers.CharField(source="first_name", read_only=True)
    cognome = serializers.CharField(source="last_name", read_only=True)
    data_nascita = ApiDateField(source="birth_date", read_only=True)
    luogo_nascita = serializers.CharField(source="birth_place_name", read_only=True)
    telefono = serializers.CharField(source="phone", read_only=True)
    email = serializers.CharField(read_only=True)
    condizione_occupazionale = serializers.CharField(source="employment_status",
                                                     read_only=True)


class PersonQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True,
                              max_length=selectors.SEARCH_TEXT_MAX_LENGTH,
                              help_text="Nome e cognome (anche le iniziali), codice fiscale, "
                                        "telefono (con o senza +39) o e-mail.")
    condizione_occupazionale = serializers.ChoiceField(choices=EmploymentStatus.choices,
                                                       required=False, allow_blank=True)
    vulnerabilita = serializers.ChoiceField(choices=Vulnerability.choices, required=False,
                                            allow_blank=True)
    registrata_dal = ApiDateField(required=False)
    registrata_al = ApiDateField(required=False)
    ordine = serializers.ChoiceField(
        choices=selectors.SORT_CHOICES, required=False, allow_blank=True,
        help_text="Ordinamento: cognome, nome o registrazione; con «-» davanti, decrescente. "
                  "Senza: per cognome e nome.")


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    finalita = serializers.ChoiceField(source="purpose", choices=ConsentPurpose.choices)
    dato = serializers.BooleanField(source="given",
                                    help_text="true: consenso dato; false: revocato o negato.")
    modalita = serializers.ChoiceField(source="method", choices=ConsentRecord.Method.choices)
    informativa = serializers.CharField(source="notice.version", read_only=True,
                                        help_text="Versione dell'informativa in vigore quando "
                                                  "il consenso è stato registrato.")
    registrato_il = ApiDateTimeField(source="recorded_at", read_only=True)
    registrato_da = serializers.EmailField(source="recorded_by.email", read_only=True,
                                           default=None)


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    data_ora = ApiDateTimeField(source="occurred_at", required=False,
                                         help_text="Se omessa: adesso.")
    canale = serializers.ChoiceField(source="channel", choices=Contact.Channel.choices)
    inviata_da = _text("referred_by", REFERRED_BY_MAX_LENGTH)
    motivo = serializers.CharField(source="reason")
    informazioni_fornite = serializers.CharField(source="information_given", required=False,
                                                 allow_blank=True)
    operatore = serializers.EmailField(source="operator.email", read_only=True, default=None)


DUPLICATE = inline_serializer("ErrorePersonaGiaRegistrata", fields={
    "errore": inline_serializer("ErrorePersonaGiaRegistrataCorpo", fields={
        "codice": serializers.CharField(), "messaggio": serializers.CharField(),
        "campi": serializers.DictField(child=serializers.ListField(
            child=serializers.CharField())),
        "persona_esistente": inline_serializer("PersonaEsistente", fields={
            "id": serializers.IntegerField(), "url": serializers.CharField()}),
    }),
})
NOT_FOUND = OpenApiResponse(ERROR, description="Persona inesistente o di un altro ente.")


def _duplicate_response(exc: DuplicatePerson, request) -> Response:
    body = error_body(exc.code, exc.message, exc.fields)
    body["errore"]["persona_esistente"] = {
        "id": exc.person.pk,
        "url": reverse("v1:person-detail", kwargs={"pk": exc.person.pk}),
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


def _person_data(validated: dict, *, base: PersonData | None = None) -> PersonData:
    values = dict(validated)
    if "codice_fiscale" in values:
        values["codice_fiscale"] = values["codice_fiscale"] or ""
    return replace(base or PersonData(first_name="", last_name=""), **values)


@extend_schema_view(
    list=extend_schema(
        summary="Cerca e filtra le persone dello sportello",
        parameters=[PersonQuerySerializer],
        responses=PersonSummarySerializer(many=True)),
    retrieve=extend_schema(
        summary="Scheda di una persona (la lettura è registrata nel registro attività)",
        responses={200: PersonSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Registra una persona",
        description="Con il codice fiscale, i dati di nascita mancanti ne vengono ricavati e "
                    "quelli indicati vengono confrontati. Lo stesso codice fiscale non crea mai "
                    "una seconda persona: risposta 409 `persona_gia_registrata` con l'id della "
                    "persona esistente.",
        request=PersonSerializer,
        responses={201: PersonSerializer, 400: OpenApiResponse(ERROR),
                   409: OpenApiResponse(DUPLICATE, examples=[OpenApiExample(
                       "Già registrata", value={"errore": {
                           "codice": "persona_gia_registrata",
                           "messaggio": "Persona già registrata con questo codice fiscale: "
                                        "Rossi Mario.",
                           "campi": {"codice_fiscale": [
                               "Persona già registrata con questo codice fiscale: Rossi Mario."]},
                           "persona_esistente": {"id": 42, "url": "/api/v1/persone/42/"}}})])}),
    partial_update=extend_schema(
        summary="Modifica i dati di una persona",
        request=PersonSerializer,
        responses={200: PersonSerializer, 400: OpenApiResponse(ERROR), 404: NOT_FOUND,
                   409: OpenApiResponse(DUPLICATE)}),
)
class PersonViewSet(viewsets.GenericViewSet):
    """Le persone che si rivolgono allo sportello."""

    permission_classes = [IsTenantStaff]
    serializer_class = PersonSerializer
    lookup_value_regex = r"\d+"
    filter_backends: list = []
    queryset = Person.objects.none()  # reads go through people.selectors

    def _person(self, pk) -> Person:
        return selectors.get_person_for(actor=self.request.user, person_id=int(pk))

    def list(self, request):
        query = PersonQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        filters = PersonFilters(
            text=params.get("q", "").strip(),
            employment_status=params.get("condizione_occupazionale", ""),
            vulnerability=params.get("vulnerabilita", ""),
            created_from=params.get("registrata_dal"), created_to=params.get("registrata_al"),
            sort=params.get("ordine", ""))
        people = selectors.person_list(actor=request.user, filters=filters).only(
            *selectors.LIST_FIELDS)
        page = self.paginate_queryset(people)
        return self.get_paginated_response(PersonSummarySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        person = self._person(pk)
        services.record_person_read(person=person, acting_user=request.user)
        return Response(PersonSerializer(person).data)

    def create(self, request):
        serializer = PersonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            person = services.register_person(data=_person_data(serializer.validated_data),
                                              acting_user=request.user)
        except DuplicatePerson as exc:
            return _duplicate_response(exc, request)
        except ServiceError as exc:
            raise _renamed(exc, PERSON_FIELDS) from exc
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        person = self._person(pk)
        serializer = PersonSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = _person_data(serializer.validated_data, base=PersonData.from_person(person))
        try:
            person = services.update_person(person=person, data=data, acting_user=request.user)
        except DuplicatePerson as exc:
            return _duplicate_response(exc, request)
        except ServiceError as exc:
            raise _renamed(exc, PERSON_FIELDS) from exc
        return Response(PersonSerializer(person).data)


class PersonConsentsView(APIView):
    """I consensi di una persona: la storia completa, il più recente per primo.
    Ogni registrazione (dato o revocato) è una nuova riga, mai una modifica."""

    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Storia dei consensi di una persona",
                   responses={200: ConsentSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, person_id: int):
        person = selectors.get_person_for(actor=request.user, person_id=person_id)
        services.record_person_read(person=person, acting_user=request.user)
        return Response(ConsentSerializer(selectors.consents_of(person=person), many=True).data)

    @extend_schema(summary="Registra un consenso dato o revocato",
                   description="Cita l'informativa in vigore.",
                   request=ConsentSerializer,
                   responses={201: ConsentSerializer, 400: OpenApiResponse(ERROR),
                              404: NOT_FOUND})
    def post(self, request, person_id: int):
        person = selectors.get_person_for(actor=request.user, person_id=person_id)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            record = services.record_consent(person=person, purpose=data["purpose"],
                                             given=data["given"], method=data["method"],
                                             acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, CONSENT_FIELDS) from exc
        return Response(ConsentSerializer(record).data, status=status.HTTP_201_CREATED)


class PersonContactsView(APIView):
    """Le accoglienze di una persona: canale, ente inviante, motivo, prime informazioni."""

    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Accoglienze di una persona",
                   responses={200: ContactSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, person_id: int):
        person = selectors.get_person_for(actor=request.user, person_id=person_id)
        services.record_person_read(person=person, acting_user=request.user)
        return Response(ContactSerializer(selectors.contacts_of(person=person), many=True).data)

    @extend_schema(summary="Registra un'accoglienza", request=ContactSerializer,
                   responses={201: ContactSerializer, 400: OpenApiResponse(ERROR),
                              404: NOT_FOUND})
    def post(self, request, person_id: int):
        person = selectors.get_person_for(actor=request.user, person_id=person_id)
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            contact = services.record_contact(
                person=person, channel=data["channel"], reason=data["reason"],
                occurred_at=data.get("occurred_at"), referred_by=data.get("referred_by", ""),
                information_given=data.get("information_given", ""), acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, CONTACT_FIELDS) from exc
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("persone", PersonViewSet, basename="person")

urlpatterns = [
    *router.urls,
    path("persone/<int:person_id>/consensi/", PersonConsentsView.as_view(),
         name="person-consents"),
    path("persone/<int:person_id>/accoglienze/", PersonContactsView.as_view(),
         name="person-contacts"),
]
