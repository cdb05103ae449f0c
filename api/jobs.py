"""API resources of the `jobs` domain package (Sportello Lavoro): employers
and their conventions, staffing needs, vacancies with their transitions as
POST actions, and the counter's authorisation to intermediate. Counter staff
on the counter's domain; the authorisation is recorded by the administrator."""

from __future__ import annotations

from dataclasses import replace

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.openapi import ERROR
from api.openapi import not_found as _not_found
from api.serializers import renamed
from core.errors import NotFound, ServiceError, ValidationFailed
from core.fields import ApiDateField, ApiDateTimeField, api_id_field, api_integer_field
from jobs import permissions
from jobs.models import (
    ADDRESS_MAX_CHARS,
    ALBO_NUMBER_MAX_CHARS,
    CAP_LENGTH,
    CODE_MAX_CHARS,
    COMUNE_CODE_LENGTH,
    CONVENTION_REFERENCE_MAX_CHARS,
    CONVENTION_SUBJECT_MAX_CHARS,
    DESCRIPTION_MAX_CHARS,
    DOCUMENT_REFERENCE_MAX_CHARS,
    EMAIL_MAX_CHARS,
    EMPLOYER_NAME_MAX_CHARS,
    IT_SKILLS_MAX_CHARS,
    NEED_TEXT_MAX_CHARS,
    NOTE_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    ROLE_MAX_CHARS,
    TITLE_MAX_CHARS,
    WEBSITE_MAX_CHARS,
    AuthorisationKind,
    CloseReason,
    Convention,
    Employer,
    EmployerConsent,
    EmployerConsentPurpose,
    EmployerSite,
    LicenceKind,
    NeedStatus,
    StaffingNeed,
    Vacancy,
    VacancyStatus,
    Visibility,
)
from jobs.selectors import authorisation as authorisation_selectors
from jobs.selectors import employers as employer_selectors
from jobs.selectors import vacancies as vacancy_selectors
from jobs.services import authorisation as authorisation_services
from jobs.services import employers as employer_services
from jobs.services import needs as need_services
from jobs.services import vacancies as vacancy_services

EMPLOYER_FIELDS = {"name": "ragione_sociale", "codice_fiscale": "codice_fiscale",
                   "partita_iva": "partita_iva", "ateco_code": "ateco", "size_code": "ampiezza",
                   "address": "indirizzo", "comune_code": "comune", "cap": "cap",
                   "phone": "telefono", "email": "email", "pec": "pec", "website": "sito_web",
                   "notes": "note"}
CONVENTION_FIELDS = {"subject": "oggetto", "starts_on": "dal", "ends_on": "al", "kind": "tipo",
                     "reference": "numero", "signed_on": "firmata_il", "notes": "note"}
VACANCY_FIELDS = {"employer": "azienda", "profession_code": "professione", "title": "titolo",
                  "comune_code": "comune", "description": "descrizione",
                  "education_code": "titolo_studio", "experience_months": "esperienza_mesi",
                  "it_skills": "competenze_informatiche", "contract_type_code": "contratto",
                  "ccnl_code": "ccnl", "hours_per_week": "ore_settimanali",
                  "working_mode_code": "modalita_lavoro", "positions": "posti",
                  "publish_from": "pubblicata_dal", "publish_until": "pubblicata_fino_al",
                  "visibility": "visibilita", "languages": "lingue", "licences": "patenti",
                  "status": "stato", "close_reason": "motivo", "site": "sede"}
NEED_FIELDS = {"company_name": "ragione_sociale", "tax_code": "codice_fiscale_o_partita_iva",
               "contact_name": "referente", "email": "email", "phone": "telefono",
               "comune_code": "comune", "profession_text": "figura_ricercata",
               "description": "descrizione", "positions": "posti", "note": "nota",
               "status": "stato"}
AUTHORISATION_FIELDS = {"kind": "regime", "albo_number": "numero_albo",
                        "issued_on": "rilasciata_il", "valid_from": "valida_dal",
                        "valid_until": "valida_fino_al",
                        "document_reference": "provvedimento", "notes": "note"}
TAX_CODE_INPUT_MAX = 20
SEARCH_MAX_CHARS = 100


class IsJobsStaff(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and permissions.can_use_jobs(
            request.user)


class CanManageAuthorisation(BasePermission):
    """Reads: all counter staff. Writes: the counter's administrator."""

    def has_permission(self, request, view):
        if getattr(request, "tenant", None) is None:
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return permissions.can_use_jobs(request.user)
        return permissions.can_manage_authorisation(request.user)


def _text(max_length, **kwargs):
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(max_length=max_length, **kwargs)


# --- Employers --------------------------------------------------------------
class EmployerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    ragione_sociale = serializers.CharField(source="name", max_length=EMPLOYER_NAME_MAX_CHARS)
    partita_iva = _text(TAX_CODE_INPUT_MAX, allow_null=True,
                        help_text="11 cifre (cifra di controllo verificata).")
    codice_fiscale = _text(TAX_CODE_INPUT_MAX, allow_null=True,
                           help_text="11 cifre (società) o 16 caratteri (ditta individuale).")
    ateco = _text(CODE_MAX_CHARS, source="ateco_code", help_text="Codice ATECO 2025.")
    ampiezza = _text(CODE_MAX_CHARS, source="size_code")
    indirizzo = _text(ADDRESS_MAX_CHARS, source="address")
    comune = _text(COMUNE_CODE_LENGTH, source="comune_code", help_text="Codice Belfiore.")
    cap = _text(CAP_LENGTH)
    telefono = _text(PHONE_MAX_CHARS, source="phone")
    email = _text(EMAIL_MAX_CHARS)
    pec = _text(EMAIL_MAX_CHARS)
    sito_web = _text(WEBSITE_MAX_CHARS, source="website")
    note = _text(2000, source="notes")
    attiva = serializers.BooleanField(source="is_active", read_only=True)
    creata_il = ApiDateTimeField(source="created_at", read_only=True)


class EmployerQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=SEARCH_MAX_CHARS,
                              help_text="Ragione sociale, partita IVA o codice fiscale.")
    ateco = serializers.CharField(required=False, max_length=CODE_MAX_CHARS)
    comune = serializers.CharField(required=False, max_length=COMUNE_CODE_LENGTH)
    attiva = serializers.BooleanField(required=False, allow_null=True, default=None)


def _employer_data(values: dict, base: employer_services.EmployerData | None = None):
    base = base or employer_services.EmployerData(name="")
    mapping = {"name": "name", "partita_iva": "partita_iva", "codice_fiscale": "codice_fiscale",
               "ateco_code": "ateco_code", "size_code": "size_code", "address": "address",
               "comune_code": "comune_code", "cap": "cap", "phone": "phone", "email": "email",
               "pec": "pec", "website": "website", "notes": "notes"}
    return replace(base, **{k: values[k] or "" for k in mapping if k in values})


class EmployerListView(generics.GenericAPIView):
    """Le aziende con cui lavora lo sportello."""

    permission_classes = [IsJobsStaff]
    serializer_class = EmployerSerializer
    filter_backends: list = []
    queryset = Employer.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Aziende", parameters=[EmployerQuerySerializer],
                   responses=EmployerSerializer(many=True))
    def get(self, request):
        query = EmployerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = employer_selectors.employers_for(
            actor=request.user, filters=employer_selectors.EmployerFilters(
                text=params.get("q", ""), ateco=params.get("ateco", ""),
                comune=params.get("comune", ""), active=params.get("attiva")))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(EmployerSerializer(page, many=True).data)

    @extend_schema(summary="Registra un'azienda", request=EmployerSerializer,
                   responses={201: EmployerSerializer, 400: OpenApiResponse(ERROR),
                              409: OpenApiResponse(ERROR, description="Già registrata.")})
    def post(self, request):
        serializer = EmployerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            employer = employer_services.create_employer(
                data=_employer_data(serializer.validated_data), acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, EMPLOYER_FIELDS) from exc
        return Response(EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


class EmployerDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Un'azienda", responses={200: EmployerSerializer,
                                                    404: _not_found("Azienda")})
    def get(self, request, employer_id: int):
        employer = employer_selectors.get_employer_for(actor=request.user,
                                                       employer_id=employer_id)
        return Response(EmployerSerializer(employer).data)

    @extend_schema(summary="Modifica un'azienda", request=EmployerSerializer,
                   responses={200: EmployerSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Azienda"), 409: OpenApiResponse(ERROR)})
    def patch(self, request, employer_id: int):
        employer = employer_selectors.get_employer_for(actor=request.user,
                                                       employer_id=employer_id)
        serializer = EmployerSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        base = employer_services.EmployerData.from_employer(employer)
        try:
            employer = employer_services.update_employer(
                employer=employer, data=_employer_data(serializer.validated_data, base),
                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, EMPLOYER_FIELDS) from exc
        return Response(EmployerSerializer(employer).data)


class ConventionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    azienda = serializers.IntegerField(source="employer_id", read_only=True)
    tipo = serializers.ChoiceField(source="kind", choices=Convention.Kind.choices,
                                   required=False, default=Convention.Kind.INTERMEDIATION)
    oggetto = serializers.CharField(source="subject", max_length=CONVENTION_SUBJECT_MAX_CHARS)
    numero = _text(CONVENTION_REFERENCE_MAX_CHARS, source="reference")
    firmata_il = ApiDateField(source="signed_on", required=False, allow_null=True, default=None)
    dal = ApiDateField(source="starts_on")
    al = ApiDateField(source="ends_on", required=False, allow_null=True, default=None,
                      help_text="Non prima di «dal»; null: senza scadenza.")
    note = _text(2000, source="notes")


class _EmployerPartView(APIView):
    """A resource of one employer of the counter (404 for another counter's)."""

    permission_classes = [IsJobsStaff]

    def _employer(self, request, employer_id):
        return employer_selectors.get_employer_for(actor=request.user, employer_id=employer_id)


class ConventionListView(_EmployerPartView):
    @extend_schema(summary="Convenzioni dell'azienda",
                   responses={200: ConventionSerializer(many=True), 404: _not_found("Azienda")})
    def get(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        return Response(ConventionSerializer(employer_selectors.conventions_of(
            actor=request.user, employer=employer), many=True).data)

    @extend_schema(summary="Registra una convenzione", request=ConventionSerializer,
                   responses={201: ConventionSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Azienda")})
    def post(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        serializer = ConventionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            convention = employer_services.save_convention(
                employer=employer, acting_user=request.user,
                data=employer_services.ConventionData(
                    subject=data["subject"], starts_on=data["starts_on"],
                    ends_on=data.get("ends_on"), kind=data["kind"], reference=data["reference"],
                    signed_on=data.get("signed_on"), notes=data["notes"]))
        except ServiceError as exc:
            raise renamed(exc, CONVENTION_FIELDS) from exc
        return Response(ConventionSerializer(convention).data, status=status.HTTP_201_CREATED)


# --- Vacancies --------------------------------------------------------------
class LanguageSerializer(serializers.Serializer):
    lingua = serializers.CharField(max_length=CODE_MAX_CHARS, help_text="Tabella «lingue».")
    livello = serializers.CharField(max_length=CODE_MAX_CHARS, help_text="QCER: A1 ... C2.")


class LicenceSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=LicenceKind.choices)
    codice = serializers.CharField(max_length=CODE_MAX_CHARS)


class VacancySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    azienda = api_id_field(source="employer_id")
    richiesta = serializers.IntegerField(source="need_id", read_only=True, allow_null=True)
    professione = serializers.CharField(source="profession_code", max_length=CODE_MAX_CHARS,
                                        help_text="Codice CP2011 del sesto livello.")
    titolo = serializers.CharField(source="title", max_length=TITLE_MAX_CHARS)
    descrizione = _text(DESCRIPTION_MAX_CHARS, source="description")
    comune = serializers.CharField(source="comune_code", max_length=COMUNE_CODE_LENGTH,
                                   help_text="Codice Belfiore del posto di lavoro.")
    titolo_studio = _text(CODE_MAX_CHARS, source="education_code")
    esperienza_mesi = api_integer_field(Vacancy, "experience_months", source="experience_months",
                                        required=False, default=0)
    competenze_informatiche = _text(IT_SKILLS_MAX_CHARS, source="it_skills")
    contratto = _text(CODE_MAX_CHARS, source="contract_type_code")
    ccnl = _text(CODE_MAX_CHARS, source="ccnl_code")
    ore_settimanali = api_integer_field(Vacancy, "hours_per_week", source="hours_per_week",
                                        required=False, allow_null=True, default=None)
    modalita_lavoro = _text(CODE_MAX_CHARS, source="working_mode_code")
    posti = api_integer_field(Vacancy, "positions", source="positions", required=False,
                              default=1)
    pubblicata_dal = ApiDateField(source="publish_from", required=False, allow_null=True,
                                  default=None)
    pubblicata_fino_al = ApiDateField(source="publish_until", required=False, allow_null=True,
                                      default=None)
    visibilita = serializers.ChoiceField(source="visibility", choices=Visibility.choices,
                                         required=False, default=Visibility.COUNTER)
    lingue = LanguageSerializer(many=True, required=False, default=list)
    patenti = LicenceSerializer(many=True, required=False, default=list)
    stato = serializers.ChoiceField(source="status", choices=VacancyStatus.choices,
                                    read_only=True)
    motivo_chiusura = serializers.ChoiceField(source="close_reason", read_only=True,
                                              choices=[("", "—"), *CloseReason.choices])
    creata_il = ApiDateTimeField(source="created_at", read_only=True)

    def to_representation(self, vacancy):
        data = super().to_representation(vacancy)
        data["lingue"] = [{"lingua": x.language_code, "livello": x.level_code}
                          for x in vacancy.languages.all()]
        data["patenti"] = [{"tipo": x.kind, "codice": x.code} for x in vacancy.licences.all()]
        return data


class VacancyEventSerializer(serializers.Serializer):
    da = serializers.CharField(source="from_status")
    a = serializers.CharField(source="to_status")
    motivo_chiusura = serializers.CharField(source="close_reason")
    quando = ApiDateTimeField(source="occurred_at")
    eseguito_da = serializers.CharField(source="actor_label")
    nota = serializers.CharField(source="note")


class VacancyDetailSerializer(VacancySerializer):
    eventi = VacancyEventSerializer(source="events", many=True, read_only=True)


class VacancyQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=SEARCH_MAX_CHARS)
    stato = serializers.ChoiceField(choices=VacancyStatus.choices, required=False)
    professione = serializers.CharField(required=False, max_length=CODE_MAX_CHARS,
                                        help_text="Inizio del codice CP2011.")
    comune = serializers.CharField(required=False, max_length=COMUNE_CODE_LENGTH)
    azienda = api_id_field(required=False)
    visibilita = serializers.ChoiceField(choices=Visibility.choices, required=False)


def _employer_field(request, employer_id):
    try:
        return employer_selectors.get_employer_for(actor=request.user, employer_id=employer_id)
    except NotFound as exc:
        raise ValidationFailed("Azienda non trovata.", field="azienda") from exc


def _vacancy_data(request, values: dict, base: vacancy_services.VacancyData | None = None):
    changes = {}
    for name in ("profession_code", "title", "comune_code", "description", "education_code",
                 "experience_months", "it_skills", "contract_type_code", "ccnl_code",
                 "hours_per_week", "working_mode_code", "positions", "publish_from",
                 "publish_until", "visibility"):
        if name in values:
            changes[name] = values[name]
    if "employer_id" in values:
        changes["employer"] = _employer_field(request, values["employer_id"])
    if "lingue" in values:
        changes["languages"] = tuple((x["lingua"], x["livello"]) for x in values["lingue"])
    if "patenti" in values:
        changes["licences"] = tuple((x["tipo"], x["codice"]) for x in values["patenti"])
    if base is None:
        return vacancy_services.VacancyData(**{"employer": None, "profession_code": "",
                                               "title": "", "comune_code": "", **changes})
    return replace(base, **changes)


class VacancyListView(generics.GenericAPIView):
    """Le offerte di lavoro dello sportello."""

    permission_classes = [IsJobsStaff]
    serializer_class = VacancySerializer
    filter_backends: list = []
    queryset = Vacancy.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Offerte di lavoro", parameters=[VacancyQuerySerializer],
                   responses=VacancySerializer(many=True))
    def get(self, request):
        query = VacancyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = vacancy_selectors.vacancies_for(
            actor=request.user, filters=vacancy_selectors.VacancyFilters(
                text=params.get("q", ""), status=params.get("stato", ""),
                profession=params.get("professione", ""), comune=params.get("comune", ""),
                employer_id=params.get("azienda"), visibility=params.get("visibilita", "")),
        ).prefetch_related("languages", "licences")
        page = self.paginate_queryset(items)
        return self.get_paginated_response(VacancySerializer(page, many=True).data)

    @extend_schema(summary="Crea un'offerta (in bozza)", request=VacancySerializer,
                   responses={201: VacancyDetailSerializer, 400: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = VacancySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy = vacancy_services.create_vacancy(
                data=_vacancy_data(request, serializer.validated_data),
                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, VACANCY_FIELDS) from exc
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy.pk)
        return Response(VacancyDetailSerializer(vacancy).data, status=status.HTTP_201_CREATED)


class VacancyDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Un'offerta, con la storia delle transizioni",
                   responses={200: VacancyDetailSerializer, 404: _not_found("Offerta")})
    def get(self, request, vacancy_id: int):
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        return Response(VacancyDetailSerializer(vacancy).data)

    @extend_schema(summary="Modifica un'offerta in bozza o pubblicata",
                   request=VacancySerializer,
                   responses={200: VacancyDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Offerta"),
                              409: OpenApiResponse(ERROR, description="Offerta chiusa.")})
    def patch(self, request, vacancy_id: int):
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        serializer = VacancySerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy_services.update_vacancy(
                vacancy=vacancy, acting_user=request.user,
                data=_vacancy_data(request, serializer.validated_data,
                                   vacancy_services.VacancyData.from_vacancy(vacancy)))
        except ServiceError as exc:
            raise renamed(exc, VACANCY_FIELDS) from exc
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        return Response(VacancyDetailSerializer(vacancy).data)


class NoteSerializer(serializers.Serializer):
    nota = _text(NOTE_MAX_CHARS)


class CloseSerializer(serializers.Serializer):
    motivo = serializers.ChoiceField(choices=CloseReason.choices,
                                     help_text="Da «pubblicata»: coperta, scaduta o ritirata; "
                                               "da «bozza»: solo ritirata.")
    nota = _text(NOTE_MAX_CHARS)


class VacancyPublishView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Pubblica un'offerta in bozza",
                   description="Richiede una finestra di pubblicazione valida "
                               "(`finestra_pubblicazione_non_valida`); nella rete delle reti "
                               "anche l'autorizzazione in vigore (`autorizzazione_mancante`, "
                               "`autorizzazione_scaduta`). Da altri stati: 409 "
                               "`transizione_non_ammessa`.",
                   request=NoteSerializer,
                   responses={200: VacancyDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Offerta"), 409: OpenApiResponse(ERROR)})
    def post(self, request, vacancy_id: int):
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy_services.publish_vacancy(vacancy=vacancy, acting_user=request.user,
                                             note=serializer.validated_data["nota"])
        except ServiceError as exc:
            raise renamed(exc, VACANCY_FIELDS) from exc
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        return Response(VacancyDetailSerializer(vacancy).data)


class VacancyCloseView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Chiude un'offerta (coperta, scaduta, ritirata)",
                   request=CloseSerializer,
                   responses={200: VacancyDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Offerta"), 409: OpenApiResponse(ERROR)})
    def post(self, request, vacancy_id: int):
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy_services.close_vacancy(vacancy=vacancy, acting_user=request.user,
                                           reason=serializer.validated_data["motivo"],
                                           note=serializer.validated_data["nota"])
        except ServiceError as exc:
            raise renamed(exc, VACANCY_FIELDS) from exc
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        return Response(VacancyDetailSerializer(vacancy).data)


# --- Staffing needs ----------------------------------------------------------
class NeedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    stato = serializers.ChoiceField(source="status", choices=NeedStatus.choices, read_only=True)
    azienda = serializers.IntegerField(source="employer_id", read_only=True, allow_null=True)
    ragione_sociale = serializers.CharField(source="company_name",
                                            max_length=EMPLOYER_NAME_MAX_CHARS)
    codice_fiscale_o_partita_iva = serializers.CharField(source="tax_code",
                                                         max_length=TAX_CODE_INPUT_MAX)
    referente = serializers.CharField(source="contact_name", max_length=PERSON_NAME_MAX_CHARS)
    email = serializers.CharField(max_length=EMAIL_MAX_CHARS)
    telefono = _text(PHONE_MAX_CHARS, source="phone")
    comune = _text(COMUNE_CODE_LENGTH, source="comune_code")
    figura_ricercata = serializers.CharField(source="profession_text",
                                             max_length=EMPLOYER_NAME_MAX_CHARS)
    descrizione = _text(NEED_TEXT_MAX_CHARS, source="description")
    posti = api_integer_field(StaffingNeed, "positions", source="positions", required=False,
                              default=1)
    inviata_dal_sito = serializers.BooleanField(source="submitted_online", read_only=True)
    nota_sportello = serializers.CharField(source="review_note", read_only=True)
    ricevuta_il = ApiDateTimeField(source="created_at", read_only=True)


class NeedQuerySerializer(serializers.Serializer):
    stato = serializers.ChoiceField(choices=NeedStatus.choices, required=False)


class NeedListView(generics.GenericAPIView):
    """Le richieste di personale delle aziende."""

    permission_classes = [IsJobsStaff]
    serializer_class = NeedSerializer
    filter_backends: list = []
    queryset = StaffingNeed.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Richieste delle aziende", parameters=[NeedQuerySerializer],
                   responses=NeedSerializer(many=True))
    def get(self, request):
        query = NeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = vacancy_selectors.needs_for(actor=request.user,
                                            status=query.validated_data.get("stato", ""))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(NeedSerializer(page, many=True).data)

    @extend_schema(summary="Registra una richiesta ricevuta per telefono o e-mail",
                   request=NeedSerializer,
                   responses={201: NeedSerializer, 400: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = NeedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            need = need_services.record_need(
                company_name=data["company_name"], tax_code=data["tax_code"],
                contact_name=data["contact_name"], email=data["email"], phone=data["phone"],
                comune_code=data["comune_code"], profession_text=data["profession_text"],
                description=data["description"], positions=data["positions"],
                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, NEED_FIELDS) from exc
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)


class NeedDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Una richiesta", responses={200: NeedSerializer,
                                                       404: _not_found("Richiesta")})
    def get(self, request, need_id: int):
        need = vacancy_selectors.get_need_for(actor=request.user, need_id=need_id)
        need_services.record_need_read(need=need, acting_user=request.user)
        return Response(NeedSerializer(need).data)


class NeedReviewView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Segna la richiesta come esaminata", request=NoteSerializer,
                   responses={200: NeedSerializer, 404: _not_found("Richiesta"),
                              409: OpenApiResponse(ERROR)})
    def post(self, request, need_id: int):
        need = vacancy_selectors.get_need_for(actor=request.user, need_id=need_id)
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            need = need_services.review_need(need=need, acting_user=request.user,
                                             note=serializer.validated_data["nota"])
        except ServiceError as exc:
            raise renamed(exc, NEED_FIELDS) from exc
        return Response(NeedSerializer(need).data)


class RefuseSerializer(serializers.Serializer):
    nota = serializers.CharField(max_length=NOTE_MAX_CHARS, help_text="Perché è respinta.")


class NeedRefuseView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Respinge la richiesta", request=RefuseSerializer,
                   responses={200: NeedSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Richiesta"), 409: OpenApiResponse(ERROR)})
    def post(self, request, need_id: int):
        need = vacancy_selectors.get_need_for(actor=request.user, need_id=need_id)
        serializer = RefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            need = need_services.refuse_need(need=need, acting_user=request.user,
                                             note=serializer.validated_data["nota"])
        except ServiceError as exc:
            raise renamed(exc, NEED_FIELDS) from exc
        return Response(NeedSerializer(need).data)


class NeedConvertView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Trasforma la richiesta in un'offerta in bozza",
                   description="Il corpo è quello di un'offerta (azienda compresa).",
                   request=VacancySerializer,
                   responses={201: VacancyDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Richiesta"), 409: OpenApiResponse(ERROR)})
    def post(self, request, need_id: int):
        need = vacancy_selectors.get_need_for(actor=request.user, need_id=need_id)
        serializer = VacancySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy = need_services.convert_need(
                need=need, data=_vacancy_data(request, serializer.validated_data),
                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, VACANCY_FIELDS) from exc
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy.pk)
        return Response(VacancyDetailSerializer(vacancy).data, status=status.HTTP_201_CREATED)


# --- Authorisation -------------------------------------------------------------
class AuthorisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    regime = serializers.ChoiceField(source="kind", choices=AuthorisationKind.choices,
                                     required=False, default=AuthorisationKind.MUNICIPALITIES)
    numero_albo = serializers.CharField(source="albo_number", max_length=ALBO_NUMBER_MAX_CHARS)
    rilasciata_il = ApiDateField(source="issued_on")
    valida_dal = ApiDateField(source="valid_from")
    valida_fino_al = ApiDateField(source="valid_until", required=False, allow_null=True,
                                  default=None, help_text="null: a tempo indeterminato.")
    provvedimento = _text(DOCUMENT_REFERENCE_MAX_CHARS, source="document_reference")
    note = _text(2000, source="notes")


class AuthorisationStateSerializer(serializers.Serializer):
    in_vigore = AuthorisationSerializer(allow_null=True)
    avviso = serializers.CharField(help_text="Vuoto se in vigore e non in scadenza.")
    storico = AuthorisationSerializer(many=True)


class AuthorisationView(APIView):
    permission_classes = [CanManageAuthorisation]

    @extend_schema(summary="L'autorizzazione all'intermediazione dello sportello",
                   responses=AuthorisationStateSerializer)
    def get(self, request):
        return Response(AuthorisationStateSerializer({
            "in_vigore": authorisation_selectors.authorisation_in_force(),
            "avviso": authorisation_selectors.authorisation_warning(),
            "storico": authorisation_selectors.authorisations()}).data)

    @extend_schema(summary="Registra l'autorizzazione o il suo rinnovo (amministratore)",
                   request=AuthorisationSerializer,
                   responses={201: AuthorisationSerializer, 400: OpenApiResponse(ERROR),
                              403: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = AuthorisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            authorisation = authorisation_services.record_authorisation(
                data=authorisation_services.AuthorisationData(
                    kind=data["kind"], albo_number=data["albo_number"],
                    issued_on=data["issued_on"], valid_from=data["valid_from"],
                    valid_until=data.get("valid_until"),
                    document_reference=data["document_reference"], notes=data["notes"]),
                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, AUTHORISATION_FIELDS) from exc
        return Response(AuthorisationSerializer(authorisation).data,
                        status=status.HTTP_201_CREATED)


urlpatterns = [
    path("lavoro/aziende/", EmployerListView.as_view(), name="jobs-employer-list"),
    path("lavoro/aziende/<int:employer_id>/", EmployerDetailView.as_view(),
         name="jobs-employer-detail"),
    path("lavoro/aziende/<int:employer_id>/convenzioni/", ConventionListView.as_view(),
         name="jobs-convention-list"),
    path("lavoro/offerte/", VacancyListView.as_view(), name="jobs-vacancy-list"),
    path("lavoro/offerte/<int:vacancy_id>/", VacancyDetailView.as_view(),
         name="jobs-vacancy-detail"),
    path("lavoro/offerte/<int:vacancy_id>/pubblica/", VacancyPublishView.as_view(),
         name="jobs-vacancy-publish"),
    path("lavoro/offerte/<int:vacancy_id>/chiudi/", VacancyCloseView.as_view(),
         name="jobs-vacancy-close"),
    path("lavoro/richieste/", NeedListView.as_view(), name="jobs-need-list"),
    path("lavoro/richieste/<int:need_id>/", NeedDetailView.as_view(), name="jobs-need-detail"),
    path("lavoro/richieste/<int:need_id>/esaminata/", NeedReviewView.as_view(),
         name="jobs-need-review"),
    path("lavoro/richieste/<int:need_id>/respingi/", NeedRefuseView.as_view(),
         name="jobs-need-refuse"),
    path("lavoro/richieste/<int:need_id>/offerta/", NeedConvertView.as_view(),
         name="jobs-need-convert"),
    path("lavoro/autorizzazione/", AuthorisationView.as_view(), name="jobs-authorisation"),
]


# --- Employer seats, contacts and consents (i8-api) ------------------------------------
SITE_FIELDS = {"kind": "tipo", "name": "denominazione", "address": "indirizzo",
               "comune_code": "comune", "cap": "cap", "phone": "telefono", "email": "email"}
CONTACT_FIELDS = {"first_name": "nome", "last_name": "cognome", "role": "ruolo",
                  "phone": "telefono", "email": "email", "is_primary": "principale",
                  "site": "sede"}
CONSENT_FIELDS = {"purpose": "finalita", "given": "dato", "given_on": "data",
                  "method": "modalita"}


class SiteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    azienda = serializers.IntegerField(source="employer_id", read_only=True)
    tipo = serializers.ChoiceField(source="kind", choices=EmployerSite.Kind.choices,
                                   required=False, default=EmployerSite.Kind.OPERATING)
    denominazione = _text(EMPLOYER_NAME_MAX_CHARS, source="name")
    indirizzo = serializers.CharField(source="address", max_length=ADDRESS_MAX_CHARS)
    comune = serializers.CharField(source="comune_code", max_length=COMUNE_CODE_LENGTH,
                                   help_text="Codice Belfiore.")
    cap = _text(CAP_LENGTH)
    telefono = _text(PHONE_MAX_CHARS, source="phone")
    email = _text(EMAIL_MAX_CHARS)


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    azienda = serializers.IntegerField(source="employer_id", read_only=True)
    sede = api_id_field(source="site_id", required=False, allow_null=True, default=None,
                        help_text="Una sede di questa azienda; null: nessuna.")
    nome = serializers.CharField(source="first_name", max_length=PERSON_NAME_MAX_CHARS)
    cognome = serializers.CharField(source="last_name", max_length=PERSON_NAME_MAX_CHARS)
    ruolo = _text(ROLE_MAX_CHARS, source="role")
    telefono = _text(PHONE_MAX_CHARS, source="phone",
                     help_text="Almeno uno fra telefono ed e-mail.")
    email = _text(EMAIL_MAX_CHARS)
    principale = serializers.BooleanField(source="is_primary", required=False, default=False,
                                          help_text="Il nuovo principale sostituisce il "
                                                    "precedente.")


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    azienda = serializers.IntegerField(source="employer_id", read_only=True)
    finalita = serializers.ChoiceField(source="purpose", choices=EmployerConsentPurpose.choices)
    dato = serializers.BooleanField(source="given",
                                    help_text="true: dato; false: revocato o negato.")
    data = ApiDateField(source="given_on")
    modalita = serializers.ChoiceField(source="method", choices=EmployerConsent.Method.choices)
    registrato_il = ApiDateTimeField(source="recorded_at", read_only=True)


class ConsentQuerySerializer(serializers.Serializer):
    finalita = serializers.ChoiceField(choices=EmployerConsentPurpose.choices, required=False)


class SiteListView(_EmployerPartView):
    @extend_schema(summary="Sedi dell'azienda",
                   responses={200: SiteSerializer(many=True), 404: _not_found("Azienda")})
    def get(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        return Response(SiteSerializer(employer_selectors.sites_of(
            actor=request.user, employer=employer), many=True).data)

    @extend_schema(summary="Aggiunge una sede", request=SiteSerializer,
                   responses={201: SiteSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Azienda")})
    def post(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        serializer = SiteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            site = employer_services.add_site(
                employer=employer, acting_user=request.user,
                data=employer_services.SiteData(
                    address=data["address"], comune_code=data["comune_code"], kind=data["kind"],
                    name=data["name"], cap=data["cap"], phone=data["phone"],
                    email=data["email"]))
        except ServiceError as exc:
            raise renamed(exc, SITE_FIELDS) from exc
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)


class ContactListView(_EmployerPartView):
    @extend_schema(summary="Referenti dell'azienda",
                   responses={200: ContactSerializer(many=True), 404: _not_found("Azienda")})
    def get(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        return Response(ContactSerializer(employer_selectors.contacts_of(
            actor=request.user, employer=employer), many=True).data)

    @extend_schema(summary="Aggiunge un referente", request=ContactSerializer,
                   responses={201: ContactSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Azienda")})
    def post(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        site = None
        if data.get("site_id") is not None:
            site = employer_selectors.find_site_of(actor=request.user, employer=employer,
                                                   site_id=data["site_id"])
            if site is None:
                raise ValidationFailed("La sede non è di questa azienda.", field="sede")
        try:
            contact = employer_services.add_contact(
                employer=employer, acting_user=request.user,
                data=employer_services.ContactData(
                    first_name=data["first_name"], last_name=data["last_name"],
                    role=data["role"], phone=data["phone"], email=data["email"],
                    is_primary=data["is_primary"], site=site))
        except ServiceError as exc:
            raise renamed(exc, CONTACT_FIELDS) from exc
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ConsentListView(_EmployerPartView):
    @extend_schema(summary="Consensi dell'azienda (la storia, dal più recente)",
                   parameters=[ConsentQuerySerializer],
                   responses={200: ConsentSerializer(many=True), 404: _not_found("Azienda")})
    def get(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        query = ConsentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(ConsentSerializer(employer_selectors.consents_of(
            actor=request.user, employer=employer,
            purpose=query.validated_data.get("finalita", "")), many=True).data)

    @extend_schema(summary="Registra un consenso dato o revocato",
                   description="Ogni consenso è una nuova riga: la storia non si modifica.",
                   request=ConsentSerializer,
                   responses={201: ConsentSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Azienda")})
    def post(self, request, employer_id: int):
        employer = self._employer(request, employer_id)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            consent = employer_services.record_employer_consent(
                employer=employer, purpose=data["purpose"], given=data["given"],
                given_on=data["given_on"], method=data["method"], acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, CONSENT_FIELDS) from exc
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


urlpatterns += [
    path("lavoro/aziende/<int:employer_id>/sedi/", SiteListView.as_view(),
         name="jobs-employer-site-list"),
    path("lavoro/aziende/<int:employer_id>/referenti/", ContactListView.as_view(),
         name="jobs-employer-contact-list"),
    path("lavoro/aziende/<int:employer_id>/consensi/", ConsentListView.as_view(),
         name="jobs-employer-consent-list"),
]
