"""API resources of the job desk's candidates and matching: a person's CV
(the candidate and each of its parts), its printable PDF (audited), the
candidates ranked for a vacancy and the vacancies ranked for a candidate
(score and reasons), and the applications followed to the outcome: the
transitions of the state machine (jobs.services.matching.TRANSITIONS) as POST
actions, interviews and the hire. Counter staff on the counter's domain;
another counter's ids are 404."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.openapi import ERROR
from api.openapi import not_found as _not_found
from api.serializers import renamed
from core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from core.fields import ApiDateField, ApiDateTimeField, api_id_field, api_integer_field
from exchange.models import PRESENTATION_MAX_LENGTH
from jobs import cv_pdf, permissions, publishing
from jobs.models import (
    APPLICATION_NOTE_MAX_CHARS,
    CANDIDATE_NOTES_MAX_CHARS,
    CERTIFICATE_MAX_CHARS,
    CODE_MAX_CHARS,
    COMUNE_CODE_LENGTH,
    COURSE_TITLE_MAX_CHARS,
    DIGITAL_NOTES_MAX_CHARS,
    EDUCATION_TEXT_MAX_CHARS,
    EMPLOYER_TEXT_MAX_CHARS,
    GRADE_MAX_CHARS,
    INTERVIEW_PLACE_MAX_CHARS,
    PROFESSION_TEXT_MAX_CHARS,
    TASKS_MAX_CHARS,
    Application,
    ApplicationStatus,
    Attestation,
    Candidate,
    CandidateEducation,
    CandidateTraining,
    DigitalArea,
    DigitalLevel,
    InterviewOutcome,
    LicenceKind,
    NotHiredReason,
)
from jobs.selectors import candidates as cv_selectors
from jobs.selectors import matching as match_selectors
from jobs.selectors import vacancies as vacancy_selectors
from jobs.services import candidates as cv_services
from jobs.services import matching as match_services

A = ApplicationStatus
SEARCH_MAX_CHARS = 100
MAX_PAGE = 500
RANKING_PAGE_SIZE = 20
LIST_MAX_ITEMS = 20  # codes in one list field (working modes, provinces...)


class IsJobsStaff(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and permissions.can_use_jobs(
            request.user)


def _text(max_length, **kwargs):
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(max_length=max_length, **kwargs)


def _codes(max_length=CODE_MAX_CHARS, **kwargs):
    return serializers.ListField(child=serializers.CharField(max_length=max_length),
                                 max_length=LIST_MAX_ITEMS, required=False, default=list,
                                 **kwargs)


def _api_names(serializer_class) -> dict[str, str]:
    """Service field name -> API field name, from the serializer's sources."""
    return {field.source: name for name, field in serializer_class().fields.items()
            if field.source and field.source != "*"}


def _raise(exc: ServiceError, serializer_class):
    raise renamed(exc, _api_names(serializer_class)) from exc


# --- The candidate's profile --------------------------------------------------
class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    persona = api_id_field(source="person_id", help_text="La persona di cui è il curriculum.")
    nome = serializers.CharField(source="person.full_name", read_only=True)
    in_cerca = serializers.BooleanField(source="is_searching", required=False, default=True)
    disponibile_dal = ApiDateField(source="available_from", required=False, allow_null=True,
                                   default=None, help_text="null: disponibile subito.")
    comune = _text(COMUNE_CODE_LENGTH, source="comune_code",
                   help_text="Codice Belfiore del comune di domicilio.")
    modalita_lavoro = _codes(source="working_modes", help_text="Tabella «modalita_lavoro».")
    contratti = _codes(source="contract_types", help_text="Tabella «tipi_contratto».")
    trasferte = serializers.BooleanField(source="willing_to_travel", required=False,
                                         default=False)
    distanza_massima_km = api_integer_field(Candidate, "max_distance_km",
                                            source="max_distance_km", required=False,
                                            allow_null=True, default=None)
    province = _codes(max_length=2, source="provinces", help_text="Sigle delle province.")
    automunito = serializers.BooleanField(source="own_vehicle", required=False, default=False)
    lingue_madri = _codes(source="mother_tongues", help_text="Tabella «lingue».")
    altre_competenze_informatiche = _text(DIGITAL_NOTES_MAX_CHARS, source="digital_notes")
    note = _text(CANDIDATE_NOTES_MAX_CHARS, source="notes")
    aggiornato_il = ApiDateTimeField(source="updated_at", read_only=True)


class CandidateQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=SEARCH_MAX_CHARS,
                              help_text="Nome, cognome o codice fiscale.")
    in_cerca = serializers.BooleanField(required=False, allow_null=True, default=None)
    persona = api_id_field(required=False)


def _candidate_data(values: dict, base: cv_services.CandidateData | None = None):
    base = base or cv_services.CandidateData()
    changes = {f.name: values[f.name] for f in dataclass_fields(cv_services.CandidateData)
               if f.name in values}
    for name in ("comune_code", "digital_notes", "notes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    return type(base)(**{**{f.name: getattr(base, f.name)
                            for f in dataclass_fields(base)}, **changes})


def _person_field(request, person_id: int):
    try:
        return cv_selectors.get_person_for(actor=request.user, person_id=person_id)
    except NotFound as exc:
        raise ValidationFailed("Persona non trovata.", field="persona") from exc


class CandidateListView(generics.GenericAPIView):
    """I curricula dello sportello."""

    permission_classes = [IsJobsStaff]
    serializer_class = CandidateSerializer
    filter_backends: list = []
    queryset = Candidate.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Candidati (curricula)", parameters=[CandidateQuerySerializer],
                   responses=CandidateSerializer(many=True))
    def get(self, request):
        query = CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = cv_selectors.candidates_for(actor=request.user, searching=params.get("in_cerca"),
                                            person_id=params.get("persona"),
                                            text=params.get("q", ""))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)

    @extend_schema(summary="Apre il curriculum di una persona", request=CandidateSerializer,
                   responses={201: CandidateSerializer, 400: OpenApiResponse(ERROR),
                              409: OpenApiResponse(ERROR, description="La persona ha già un "
                                                   "curriculum (`curriculum_esistente`).")})
    def post(self, request):
        serializer = CandidateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = _person_field(request, serializer.validated_data["person_id"])
        if cv_selectors.candidate_of(actor=request.user, person=person) is not None:
            raise Conflict("Questa persona ha già un curriculum.", code="curriculum_esistente",
                           field="persona")
        try:
            candidate = cv_services.save_candidate(
                person=person, data=_candidate_data(serializer.validated_data),
                acting_user=request.user)
        except ServiceError as exc:
            _raise(exc, CandidateSerializer)
        return Response(CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)


# --- The parts of the CV --------------------------------------------------------
class DesiredProfessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    professione = serializers.CharField(source="profession_code", max_length=CODE_MAX_CHARS,
                                        help_text="Codice CP2011 del sesto livello.")
    descrizione = _text(PROFESSION_TEXT_MAX_CHARS, source="description")
    esperienza_nel_settore = serializers.BooleanField(source="experienced", required=False,
                                                      default=False)


class ExperienceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    professione = serializers.CharField(source="profession_code", max_length=CODE_MAX_CHARS,
                                        help_text="Codice CP2011 del sesto livello.")
    datore_di_lavoro = _text(EMPLOYER_TEXT_MAX_CHARS, source="employer_name")
    luogo = _text(EMPLOYER_TEXT_MAX_CHARS, source="employer_place")
    contratto = _text(CODE_MAX_CHARS, source="contract_type_code",
                      help_text="Tabella «tipi_contratto».")
    dal = ApiDateField(source="started_on", required=False, allow_null=True, default=None)
    al = ApiDateField(source="ended_on", required=False, allow_null=True, default=None,
                      help_text="Non prima di «dal»; null: in corso.")
    mansioni = _text(TASKS_MAX_CHARS, source="tasks")


class EducationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    titolo_studio = serializers.CharField(source="education_code", max_length=CODE_MAX_CHARS,
                                          help_text="Tabella «titoli_studio».")
    anno = api_integer_field(CandidateEducation, "year", source="year", required=False,
                             allow_null=True, default=None)
    istituto = _text(EDUCATION_TEXT_MAX_CHARS, source="institute")
    indirizzo = _text(EDUCATION_TEXT_MAX_CHARS, source="description")
    votazione = _text(GRADE_MAX_CHARS, source="grade")


class TrainingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    titolo = serializers.CharField(source="title", max_length=COURSE_TITLE_MAX_CHARS)
    ente = _text(COURSE_TITLE_MAX_CHARS, source="provider")
    anno = api_integer_field(CandidateTraining, "year", source="year", required=False,
                             allow_null=True, default=None)
    ore = api_integer_field(CandidateTraining, "hours", source="hours", required=False,
                            allow_null=True, default=None)
    attestazione = serializers.ChoiceField(source="attestation", required=False, default="",
                                           choices=[("", "—"), *Attestation.choices])


def _level(source):
    return _text(CODE_MAX_CHARS, source=source, help_text="QCER: A1 ... C2.")


class LanguageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    lingua = serializers.CharField(source="language_code", max_length=CODE_MAX_CHARS,
                                   help_text="Tabella «lingue».")
    ascolto = _level("listening")
    lettura = _level("reading")
    interazione_orale = _level("spoken_interaction")
    produzione_orale = _level("spoken_production")
    produzione_scritta = _level("writing")
    certificazione = _text(CERTIFICATE_MAX_CHARS, source="certificate")


class DigitalSkillSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    area = serializers.ChoiceField(choices=DigitalArea.choices)
    livello = serializers.ChoiceField(source="level", choices=DigitalLevel.choices)


class LicenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.ChoiceField(source="kind", choices=LicenceKind.choices)
    codice = serializers.CharField(source="code", max_length=CODE_MAX_CHARS,
                                   help_text="Tabella «patenti», «patentini» o «albi».")


# API path segment -> (selectors' kind, serializer, the service's typed input, label)
PARTS = {
    "professioni": ("professione", DesiredProfessionSerializer,
                    cv_services.DesiredProfessionData, "Professione desiderata"),
    "esperienze": ("esperienza", ExperienceSerializer, cv_services.ExperienceData,
                   "Esperienza lavorativa"),
    "istruzione": ("istruzione", EducationSerializer, cv_services.EducationData,
                   "Titolo di studio"),
    "formazione": ("formazione", TrainingSerializer, cv_services.TrainingData,
                   "Corso di formazione"),
    "lingue": ("lingua", LanguageSerializer, cv_services.LanguageData, "Lingua"),
    "competenze-digitali": ("digitale", DigitalSkillSerializer, cv_services.DigitalSkillData,
                            "Competenza digitale"),
    "patenti": ("patente", LicenceSerializer, cv_services.LicenceData,
                "Patente o abilitazione"),
}


class CandidateDetailSerializer(CandidateSerializer):
    persona = serializers.IntegerField(source="person_id", read_only=True)
    professioni = DesiredProfessionSerializer(source="desired_professions", many=True,
                                              read_only=True)
    esperienze = ExperienceSerializer(source="experiences", many=True, read_only=True)
    istruzione = EducationSerializer(source="education", many=True, read_only=True)
    formazione = TrainingSerializer(source="training", many=True, read_only=True)
    lingue = LanguageSerializer(source="languages", many=True, read_only=True)
    competenze_digitali = DigitalSkillSerializer(source="digital_skills", many=True,
                                                 read_only=True)
    patenti = LicenceSerializer(source="licences", many=True, read_only=True)


def _candidate(request, candidate_id: int) -> Candidate:
    return cv_selectors.get_candidate_for(actor=request.user, candidate_id=candidate_id)


class CandidateDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Un curriculum, con tutte le sue voci (lettura registrata)",
                   responses={200: CandidateDetailSerializer, 404: _not_found("Curriculum")})
    def get(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        cv_services.record_cv_read(candidate=candidate, acting_user=request.user)
        return Response(CandidateDetailSerializer(candidate).data)

    @extend_schema(summary="Modifica profilo e disponibilità", request=CandidateSerializer,
                   responses={200: CandidateDetailSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Curriculum"), 409: OpenApiResponse(ERROR)})
    def patch(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        serializer = CandidateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if k != "person_id"}
        try:
            cv_services.save_candidate(
                person=candidate.person, acting_user=request.user,
                data=_candidate_data(values, cv_services.CandidateData.from_candidate(candidate)))
        except ServiceError as exc:
            _raise(exc, CandidateSerializer)
        return Response(CandidateDetailSerializer(_candidate(request, candidate_id)).data)


class PdfNegotiation(BaseContentNegotiation):
    """The PDF is the answer whatever the client accepts; errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CandidatePdfView(APIView):
    permission_classes = [IsJobsStaff]
    content_negotiation_class = PdfNegotiation

    @extend_schema(summary="Il curriculum in PDF, formato Europass (stampa registrata)",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              404: _not_found("Curriculum")})
    def get(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        cv_services.record_cv_read(candidate=candidate, acting_user=request.user, printed=True)
        pdf = cv_pdf.render(cv_selectors.cv_document(candidate, counter=request.tenant.name))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="curriculum-{candidate.pk}.pdf"'
        return response


def _part_views(segment: str):
    kind, serializer_class, data_class, label = PARTS[segment]
    names = {f.name for f in dataclass_fields(data_class)}
    texts = {f.name for f in dataclass_fields(data_class) if f.type in ("str", str)}

    def data_of(values: dict, base=None):
        values = {k: ("" if v is None and k in texts else v)
                  for k, v in values.items() if k in names}
        if base is None:
            return data_class(**values)
        current = {f.name: getattr(base, f.name) for f in dataclass_fields(data_class)}
        return data_class(**{**current, **values})

    class PartListView(APIView):
        permission_classes = [IsJobsStaff]

        @extend_schema(summary=f"{label}: le voci del curriculum",
                       operation_id=f"lavoro_candidati_{segment.replace('-', '_')}_list",
                       responses={200: serializer_class(many=True),
                                  404: _not_found("Curriculum")})
        def get(self, request, candidate_id: int):
            candidate = _candidate(request, candidate_id)
            cv_services.record_cv_read(candidate=candidate, acting_user=request.user)
            return Response(serializer_class(cv_selectors.parts_of(
                actor=request.user, candidate=candidate, kind=kind), many=True).data)

        @extend_schema(summary=f"{label}: aggiunge una voce",
                       operation_id=f"lavoro_candidati_{segment.replace('-', '_')}_create",
                       request=serializer_class,
                       responses={201: serializer_class, 400: OpenApiResponse(ERROR),
                                  404: _not_found("Curriculum"),
                                  409: OpenApiResponse(ERROR, description="Voce già presente "
                                                       "(`voce_gia_presente`).")})
        def post(self, request, candidate_id: int):
            candidate = _candidate(request, candidate_id)
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                part = cv_services.add_cv_part(candidate=candidate, acting_user=request.user,
                                               data=data_of(serializer.validated_data))
            except ServiceError as exc:
                _raise(exc, serializer_class)
            return Response(serializer_class(part).data, status=status.HTTP_201_CREATED)

    class PartDetailView(APIView):
        permission_classes = [IsJobsStaff]

        def _part(self, request, candidate_id, part_id):
            candidate = _candidate(request, candidate_id)
            return cv_selectors.get_part_of(actor=request.user, candidate=candidate, kind=kind,
                                            part_id=part_id)

        @extend_schema(summary=f"{label}: una voce",
                       operation_id=f"lavoro_candidati_{segment.replace('-', '_')}_retrieve",
                       responses={200: serializer_class, 404: _not_found("Voce")})
        def get(self, request, candidate_id: int, part_id: int):
            part = self._part(request, candidate_id, part_id)
            cv_services.record_cv_read(candidate=part.candidate, acting_user=request.user)
            return Response(serializer_class(part).data)

        @extend_schema(summary=f"{label}: modifica la voce",
                       operation_id=f"lavoro_candidati_{segment.replace('-', '_')}_update",
                       request=serializer_class,
                       responses={200: serializer_class, 400: OpenApiResponse(ERROR),
                                  404: _not_found("Voce"), 409: OpenApiResponse(ERROR)})
        def patch(self, request, candidate_id: int, part_id: int):
            part = self._part(request, candidate_id, part_id)
            serializer = serializer_class(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            try:
                part = cv_services.update_cv_part(
                    part=part, acting_user=request.user,
                    data=data_of(serializer.validated_data, cv_services.part_data(part)))
            except ServiceError as exc:
                _raise(exc, serializer_class)
            return Response(serializer_class(part).data)

        @extend_schema(summary=f"{label}: elimina la voce",
                       operation_id=f"lavoro_candidati_{segment.replace('-', '_')}_destroy",
                       responses={204: None, 404: _not_found("Voce")})
        def delete(self, request, candidate_id: int, part_id: int):
            part = self._part(request, candidate_id, part_id)
            cv_services.remove_cv_part(part=part, acting_user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)

    name = "".join(word.capitalize() for word in segment.split("-"))
    PartListView.__name__ = f"{name}ListView"
    PartDetailView.__name__ = f"{name}DetailView"
    return PartListView, PartDetailView


# --- Matching ------------------------------------------------------------------------
class ReasonSerializer(serializers.Serializer):
    componente = serializers.ChoiceField(source="component", choices=[
        ("profession", "Professione"), ("distance", "Distanza"), ("education", "Istruzione"),
        ("languages", "Lingue"), ("licences", "Patenti e abilitazioni"),
        ("availability", "Disponibilità")])
    punti = serializers.IntegerField(source="points")
    testo = serializers.CharField(source="text")


class MatchSerializer(serializers.Serializer):
    candidato = serializers.IntegerField(source="candidate_id")
    persona = serializers.IntegerField(source="person_id")
    nome = serializers.CharField(source="name")
    offerta = serializers.IntegerField(source="vacancy_id")
    titolo_offerta = serializers.CharField(source="vacancy_title")
    punteggio = serializers.IntegerField(source="score", help_text="Somma dei punti, 0-100.")
    motivi = ReasonSerializer(source="reasons", many=True)
    candidatura = serializers.IntegerField(source="application_id", allow_null=True)
    stato_candidatura = serializers.CharField(source="application_status",
                                              help_text="Vuoto se non ancora proposto.")


class RankingSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="total")
    results = MatchSerializer(source="matches", many=True)


class RankingQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=MAX_PAGE,
                                    help_text=f"Pagina di {RANKING_PAGE_SIZE} risultati.")


def _page_of(request) -> int:
    query = RankingQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return (query.validated_data["page"] - 1) * RANKING_PAGE_SIZE


class VacancyMatchesView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Candidati consigliati per un'offerta, con punteggio e motivi",
                   parameters=[RankingQuerySerializer],
                   responses={200: RankingSerializer, 404: _not_found("Offerta")})
    def get(self, request, vacancy_id: int):
        vacancy = vacancy_selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
        offset = _page_of(request)
        return Response(RankingSerializer(match_selectors.candidates_for_vacancy(
            actor=request.user, vacancy=vacancy, limit=RANKING_PAGE_SIZE, offset=offset)).data)


class CandidateMatchesView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Offerte pubblicate adatte a un candidato, con punteggio e motivi",
                   parameters=[RankingQuerySerializer],
                   responses={200: RankingSerializer, 404: _not_found("Curriculum")})
    def get(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        offset = _page_of(request)
        return Response(RankingSerializer(match_selectors.vacancies_for_candidate(
            actor=request.user, candidate=candidate, limit=RANKING_PAGE_SIZE,
            offset=offset)).data)


# --- Applications ----------------------------------------------------------------------
class ApplicationEventSerializer(serializers.Serializer):
    da = serializers.CharField(source="from_status")
    a = serializers.CharField(source="to_status")
    quando = ApiDateTimeField(source="occurred_at")
    eseguito_da = serializers.CharField(source="actor_label")
    dati = serializers.JSONField(source="data")
    nota = serializers.CharField(source="note")


class InterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    data_ora = ApiDateTimeField(source="scheduled_at")
    luogo = serializers.CharField(source="place", max_length=INTERVIEW_PLACE_MAX_CHARS)
    esito = serializers.ChoiceField(source="outcome", choices=InterviewOutcome.choices,
                                    read_only=True)
    note = _text(APPLICATION_NOTE_MAX_CHARS, source="notes")


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    offerta = api_id_field(source="vacancy_id")
    titolo_offerta = serializers.CharField(source="vacancy.title", read_only=True)
    candidato = api_id_field(source="candidate_id")
    nome = serializers.CharField(source="candidate.person.full_name", read_only=True)
    stato = serializers.ChoiceField(source="status", choices=ApplicationStatus.choices,
                                    read_only=True)
    punteggio = serializers.IntegerField(source="score", read_only=True,
                                         help_text="Il punteggio quando fu proposto.")
    motivi = serializers.ListField(source="reasons", child=serializers.CharField(),
                                   read_only=True)
    rosa = serializers.BooleanField(write_only=True, required=False, default=False,
                                    help_text="Proposto direttamente nella rosa dei candidati.")
    nota = _text(APPLICATION_NOTE_MAX_CHARS, write_only=True)
    motivo_mancata_assunzione = serializers.CharField(source="not_hired_reason",
                                                      read_only=True)
    nota_esito = serializers.CharField(source="outcome_note", read_only=True)
    contratto = serializers.CharField(source="contract_type_code", read_only=True)
    data_inizio = ApiDateField(source="starts_on", read_only=True, allow_null=True)
    passaggi_ammessi = serializers.SerializerMethodField()
    creata_il = ApiDateTimeField(source="created_at", read_only=True)

    def get_passaggi_ammessi(self, application) -> list[str]:
        return list(match_services.allowed_next(application.status))


class ApplicationDetailSerializer(ApplicationSerializer):
    eventi = ApplicationEventSerializer(source="events", many=True, read_only=True)
    colloqui = InterviewSerializer(source="interviews", many=True, read_only=True)


class ApplicationQuerySerializer(serializers.Serializer):
    offerta = api_id_field(required=False)
    candidato = api_id_field(required=False)
    stato = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)


APPLICATION_NAMES = {"vacancy": "offerta", "candidate": "candidato", "to_status": "stato",
                     "not_hired_reason": "motivo", "contract_type_code": "contratto",
                     "starts_on": "data_inizio", "scheduled_at": "data_ora", "place": "luogo",
                     "notes": "note", "outcome": "esito"}


def _detail(request, application_id: int) -> Application:
    return match_selectors.application_detail_for(actor=request.user,
                                                  application_id=application_id)


class ApplicationListView(generics.GenericAPIView):
    """Le candidature: i candidati proposti alle offerte, fino all'esito."""

    permission_classes = [IsJobsStaff]
    serializer_class = ApplicationSerializer
    filter_backends: list = []
    queryset = Application.objects.none()  # reads go through jobs.selectors

    @extend_schema(summary="Candidature", parameters=[ApplicationQuerySerializer],
                   responses=ApplicationSerializer(many=True))
    def get(self, request):
        query = ApplicationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = match_selectors.applications_for(
            actor=request.user, vacancy_id=params.get("offerta"),
            candidate_id=params.get("candidato"), status=params.get("stato", ""))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(ApplicationSerializer(page, many=True).data)

    @extend_schema(summary="Propone un candidato per un'offerta",
                   description="Il punteggio e i motivi del confronto sono conservati come "
                               "l'operatore li ha visti. Offerta chiusa o candidato già "
                               "proposto: 409.",
                   request=ApplicationSerializer,
                   responses={201: ApplicationDetailSerializer, 400: OpenApiResponse(ERROR),
                              409: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            vacancy = vacancy_selectors.get_vacancy_for(actor=request.user,
                                                        vacancy_id=data["vacancy_id"])
        except NotFound as exc:
            raise ValidationFailed("Offerta non trovata.", field="offerta") from exc
        try:
            candidate = cv_selectors.get_candidate_for(actor=request.user,
                                                       candidate_id=data["candidate_id"])
        except NotFound as exc:
            raise ValidationFailed("Candidato non trovato.", field="candidato") from exc
        match = match_selectors.match_of(actor=request.user, vacancy=vacancy,
                                         candidate=candidate)
        try:
            application = match_services.propose_candidate(
                vacancy=vacancy, candidate=candidate, acting_user=request.user,
                score=match.score if match else 0,
                reasons=match.reason_texts if match else [], shortlist=data["rosa"],
                note=data["nota"])
        except ServiceError as exc:
            raise renamed(exc, APPLICATION_NAMES) from exc
        return Response(ApplicationDetailSerializer(_detail(request, application.pk)).data,
                        status=status.HTTP_201_CREATED)


class ApplicationDetailView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Una candidatura, con passaggi e colloqui",
                   responses={200: ApplicationDetailSerializer, 404: _not_found("Candidatura")})
    def get(self, request, application_id: int):
        return Response(ApplicationDetailSerializer(_detail(request, application_id)).data)


class StepSerializer(serializers.Serializer):
    nota = _text(APPLICATION_NOTE_MAX_CHARS)


class HireSerializer(StepSerializer):
    contratto = serializers.CharField(max_length=CODE_MAX_CHARS,
                                      help_text="Tabella «tipi_contratto».")
    data_inizio = ApiDateField()


class NotHiredSerializer(StepSerializer):
    motivo = serializers.ChoiceField(choices=NotHiredReason.choices)


def _step_view(to_status: str, summary: str, serializer_class=StepSerializer,
               description: str = ""):
    class StepView(APIView):
        permission_classes = [IsJobsStaff]

        @extend_schema(summary=summary, request=serializer_class,
                       description=(description + " " if description else "")
                       + "Un passaggio che la tabella degli stati non ammette: 409 "
                         "`transizione_non_ammessa`.",
                       responses={200: ApplicationDetailSerializer, 400: OpenApiResponse(ERROR),
                                  404: _not_found("Candidatura"), 409: OpenApiResponse(ERROR)})
        def post(self, request, application_id: int):
            application = _detail(request, application_id)
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            try:
                match_services.advance_application(
                    application=application, to_status=to_status, acting_user=request.user,
                    note=data["nota"], not_hired_reason=data.get("motivo", ""),
                    contract_type_code=data.get("contratto", ""),
                    starts_on=data.get("data_inizio"))
            except ServiceError as exc:
                raise renamed(exc, APPLICATION_NAMES) from exc
            return Response(ApplicationDetailSerializer(_detail(request, application_id)).data)

    StepView.__name__ = f"Application{to_status.title().replace('_', '')}View"
    return StepView


class InterviewListView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Colloqui della candidatura",
                   responses={200: InterviewSerializer(many=True),
                              404: _not_found("Candidatura")})
    def get(self, request, application_id: int):
        application = _detail(request, application_id)
        return Response(InterviewSerializer(application.interviews.all(), many=True).data)

    @extend_schema(summary="Fissa un colloquio con l'azienda",
                   description="Dopo l'invio all'azienda (altrimenti 409); la prima volta la "
                               "candidatura passa a «Colloquio fissato».",
                   request=InterviewSerializer,
                   responses={201: InterviewSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Candidatura"), 409: OpenApiResponse(ERROR)})
    def post(self, request, application_id: int):
        application = _detail(request, application_id)
        serializer = InterviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            interview = match_services.schedule_interview(
                application=application, scheduled_at=data["scheduled_at"], place=data["place"],
                notes=data["notes"], acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, APPLICATION_NAMES) from exc
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class OutcomeSerializer(serializers.Serializer):
    esito = serializers.ChoiceField(choices=[c for c in InterviewOutcome.choices
                                             if c[0] != InterviewOutcome.PENDING])
    note = _text(APPLICATION_NOTE_MAX_CHARS)


class InterviewOutcomeView(APIView):
    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Registra l'esito di un colloquio", request=OutcomeSerializer,
                   responses={200: InterviewSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Colloquio")})
    def post(self, request, application_id: int, interview_id: int):
        application = _detail(request, application_id)
        interview = match_selectors.get_interview_for(actor=request.user,
                                                      application=application,
                                                      interview_id=interview_id)
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            interview = match_services.record_interview_outcome(
                interview=interview, outcome=serializer.validated_data["esito"],
                notes=serializer.validated_data["note"], acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, APPLICATION_NAMES) from exc
        return Response(InterviewSerializer(interview).data)



# --- The anonymous profile in the rete delle reti ------------------------------------
class ProfileLanguageSerializer(serializers.Serializer):
    lingua = serializers.CharField(source="language")
    livello = serializers.CharField(source="level")
    nome = serializers.CharField(source="label")


class ProfilePreviewSerializer(serializers.Serializer):
    fascia_eta = serializers.CharField(source="age_band", help_text="Cinque anni: «30-34».")
    provincia = serializers.CharField(source="province")
    livello_istruzione = serializers.CharField(source="education_level")
    titolo_studio = serializers.CharField(source="education_label")
    professioni = serializers.ListField(source="profession_codes",
                                        child=serializers.CharField())
    professioni_nomi = serializers.ListField(source="profession_labels",
                                             child=serializers.CharField())
    lingue = ProfileLanguageSerializer(source="languages", many=True)
    patenti = serializers.ListField(source="licences", child=serializers.CharField())
    competenze_digitali = serializers.ListField(source="digital_skills",
                                                child=serializers.CharField())
    disponibilita = serializers.CharField(source="availability")


class ProfileStateSerializer(serializers.Serializer):
    pubblicato = serializers.BooleanField(source="published")
    voce = serializers.IntegerField(source="entry.pk", allow_null=True, default=None,
                                    help_text="La voce nella rete delle reti, se pubblicato.")
    pubblicato_il = serializers.DateTimeField(source="entry.published_at", allow_null=True,
                                              default=None)
    presentazione = serializers.CharField(source="entry.presentation", default="")
    anteprima = ProfilePreviewSerializer(source="preview", allow_null=True,
                                         help_text="Esattamente ciò che gli altri vedono.")
    ostacoli = serializers.ListField(source="obstacles", child=serializers.CharField(),
                                     help_text="Ciò che impedisce la pubblicazione; vuoto: "
                                               "si può pubblicare.")


class ProfilePublishSerializer(serializers.Serializer):
    presentazione = _text(PRESENTATION_MAX_LENGTH, source="presentation",
                          help_text="Facoltativa; rifiutata se contiene codici fiscali, "
                                    "e-mail o numeri di telefono.")


class CandidateProfileView(APIView):
    """The candidate's anonymous profile in the rete delle reti: its state and
    preview, publication (with the person's consent to the job exchange and the
    counter's authorisation in force) and withdrawal, both audited."""

    permission_classes = [IsJobsStaff]

    @extend_schema(summary="Profilo anonimo: stato e anteprima",
                   responses={200: ProfileStateSerializer, 404: _not_found("Curriculum")})
    def get(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        return Response(ProfileStateSerializer(publishing.profile_state(candidate)).data)

    @extend_schema(summary="Pubblica (o aggiorna) il profilo anonimo nella rete delle reti",
                   request=ProfilePublishSerializer,
                   responses={200: ProfileStateSerializer, 400: OpenApiResponse(ERROR),
                              403: OpenApiResponse(ERROR, description="Manca il consenso "
                                                   "della persona alla borsa del lavoro."),
                              404: _not_found("Curriculum"),
                              409: OpenApiResponse(ERROR, description="Autorizzazione "
                                                   "all'intermediazione mancante o scaduta.")})
    def post(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        serializer = ProfilePublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            publishing.publish_candidate_profile(
                candidate=candidate, acting_user=request.user,
                presentation=serializer.validated_data["presentation"])
        except ServiceError as exc:
            _raise(exc, ProfilePublishSerializer)
        return Response(ProfileStateSerializer(publishing.profile_state(candidate)).data)

    @extend_schema(summary="Ritira il profilo anonimo dalla rete delle reti",
                   responses={204: None, 404: _not_found("Curriculum")})
    def delete(self, request, candidate_id: int):
        candidate = _candidate(request, candidate_id)
        publishing.withdraw_candidate_profile(candidate=candidate, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


STEPS = [
    ("rosa", A.SHORTLISTED, "Inserisce il candidato nella rosa", StepSerializer, ""),
    ("invia", A.SENT, "Invia la candidatura all'azienda", StepSerializer, ""),
    ("assunzione", A.HIRED, "Registra l'assunzione", HireSerializer,
     "Servono tipo di contratto e data di inizio; il percorso lavoro della persona passa a "
     "«Collocato» e, coperti tutti i posti, l'offerta si chiude come «coperta»."),
    ("non-assunto", A.NOT_HIRED, "Registra la mancata assunzione, con il motivo",
     NotHiredSerializer, ""),
    ("ritira", A.WITHDRAWN, "Ritira la candidatura", StepSerializer, ""),
]

_parts_urls = []
for _segment in PARTS:
    _list, _detail_view = _part_views(_segment)
    _slug = _segment.replace("-", "_")
    _parts_urls += [
        path(f"lavoro/candidati/<int:candidate_id>/{_segment}/", _list.as_view(),
             name=f"jobs-candidate-{_segment}"),
        path(f"lavoro/candidati/<int:candidate_id>/{_segment}/<int:part_id>/",
             _detail_view.as_view(), name=f"jobs-candidate-{_segment}-detail"),
    ]

urlpatterns = [
    path("lavoro/candidati/", CandidateListView.as_view(), name="jobs-candidate-list"),
    path("lavoro/candidati/<int:candidate_id>/", CandidateDetailView.as_view(),
         name="jobs-candidate-detail"),
    path("lavoro/candidati/<int:candidate_id>/curriculum.pdf", CandidatePdfView.as_view(),
         name="jobs-candidate-pdf"),
    path("lavoro/candidati/<int:candidate_id>/offerte-adatte/", CandidateMatchesView.as_view(),
         name="jobs-candidate-matches"),
    path("lavoro/candidati/<int:candidate_id>/profilo-anonimo/", CandidateProfileView.as_view(),
         name="jobs-candidate-profile"),
    *_parts_urls,
    path("lavoro/offerte/<int:vacancy_id>/candidati-consigliati/", VacancyMatchesView.as_view(),
         name="jobs-vacancy-matches"),
    path("lavoro/candidature/", ApplicationListView.as_view(), name="jobs-application-list"),
    path("lavoro/candidature/<int:application_id>/", ApplicationDetailView.as_view(),
         name="jobs-application-detail"),
    *[path(f"lavoro/candidature/<int:application_id>/{segment}/",
           _step_view(to_status, summary, serializer_class, description).as_view(),
           name=f"jobs-application-{segment}")
      for segment, to_status, summary, serializer_class, description in STEPS],
    path("lavoro/candidature/<int:application_id>/colloqui/", InterviewListView.as_view(),
         name="jobs-interview-list"),
    path("lavoro/candidature/<int:application_id>/colloqui/<int:interview_id>/esito/",
         InterviewOutcomeView.as_view(), name="jobs-interview-outcome"),
]
