"""API resources of the `casework` domain package: consultations, pathways and
their transitions, the coordinator's dashboard figures. Counter staff on the
counter's domain (the lenders they refer people to are in api/catalog.py).

Field names are Italian, as the rest of the API; the services' errors name
their arguments and are renamed on the way out.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions
from api.permissions import IsTenantStaff
from casework import pathways as machine
from casework import selectors, services
from casework.errors import CaseworkError
from casework.forms import PeriodForm
from casework.models import MAX_TOPIC_LENGTH, Consultation, ConsultationMode, PathwayKind
from catalog import selectors as catalog
from catalog.models import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, BeneficiaryType
from core import fields as boundary
from core.errors import ServiceError
from core.fields import (
    ApiDateField,
    ApiDateTimeField,
    ApiDecimalField,
    api_id_field,
    api_integer_field,
)
from people import selectors as people_selectors
from people import services as people_services

CONSULTATION_FIELDS = {
    "occurred_at": "data_ora", "duration_minutes": "durata_minuti", "mode": "modalita",
    "topics": "argomenti", "services": "servizi", "notes": "note",
    "next_steps": "prossimi_passi", "operator": "operatore", "documents": "documenti",
}
# Transition data: API name → service argument (and back, for the events' data).
STAGE_DATA = {datum.api_name: key for key, datum in machine.DATA.items()}
STAGE_DATA_OUT = {value: key for key, value in STAGE_DATA.items()}
PATHWAY_FIELDS = {"kind": "tipo", "beneficiary_type": "tipo_beneficiario", "note": "nota",
                  "occurred_at": "quando", "to_stage": "fase", **STAGE_DATA_OUT}


def _renamed(exc: ServiceError, names: dict[str, str]) -> ServiceError:
    fields = {names.get(name, name): messages for name, messages in exc.fields.items()}
    renamed = ServiceError(exc.message, code=exc.code, fields=fields)
    renamed.status = exc.status
    return renamed


class CanViewDashboard(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and \
            permissions.can_view_dashboard(request.user)


# --- Consultations ------------------------------------------------------------

class ServiceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField(source="code")
    nome = serializers.CharField(source="name")


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nome_file = serializers.CharField(source="original_name")
    tipo = serializers.CharField(source="doc_type")
    dimensione = serializers.IntegerField(source="size")
    descrizione = serializers.CharField(source="description")
    caricato_il = ApiDateTimeField(source="uploaded_at")


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    persona = serializers.IntegerField(source="person_id", read_only=True)
    operatore = serializers.SerializerMethodField()
    data_ora = ApiDateTimeField(source="occurred_at")
    durata_minuti = serializers.IntegerField(source="duration_minutes")
    modalita = serializers.ChoiceField(source="mode", choices=ConsultationMode.choices)
    argomenti = serializers.ListField(source="topics", child=serializers.CharField())
    servizi = ServiceRefSerializer(source="services.all", many=True)
    note = serializers.CharField(source="notes")
    prossimi_passi = serializers.CharField(source="next_steps")
    documenti = DocumentSerializer(source="documents.all", many=True)
    registrata_il = ApiDateTimeField(source="created_at", read_only=True)

    def get_operatore(self, consultation) -> dict | None:
        user = consultation.operator
        return {"id": user.pk, "nome": str(user)} if user is not None else None


class ConsultationCreateSerializer(serializers.Serializer):
    data_ora = ApiDateTimeField()
    durata_minuti = api_integer_field(Consultation, "duration_minutes")
    modalita = serializers.CharField(help_text="presenza, telefono o video")
    argomenti = serializers.ListField(child=serializers.CharField(max_length=MAX_TOPIC_LENGTH),
                                      required=False, default=list)
    servizi = serializers.ListField(child=api_id_field(), required=False,
                                    default=list, help_text="Id dei servizi dello sportello")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    prossimi_passi = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_servizi(self, ids: list[int]) -> list:
        """The services named by id, as the service takes them: active ones only."""
        found = selectors.active_services(ids=ids)
        if len(found) != len(set(ids)):
            raise CaseworkError("Scegliere i servizi tra quelli attivi dello sportello.",
                                field="servizi")
        return found


class PersonConsultationsView(ListAPIView):
    """Consulenze di una persona; POST ne registra una (serve il consenso
    all'erogazione dei servizi)."""

    permission_classes = [IsTenantStaff]
    serializer_class = ConsultationSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document
            return Consultation.objects.none()
        person = people_selectors.get_person_for(
            actor=self.request.user, person_id=self.kwargs["person_id"])
        people_services.record_person_read(person=person, acting_user=self.request.user)
        return selectors.consultations_for_person(person=person)

    @extend_schema(request=ConsultationCreateSerializer, responses={201: ConsultationSerializer})
    def post(self, request, person_id: int):
        person = people_selectors.get_person_for(actor=request.user, person_id=person_id)
        serializer = ConsultationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            consultation = services.record_consultation(
                person=person, acting_user=request.user, occurred_at=data["data_ora"],
                duration_minutes=data["durata_minuti"], mode=data["modalita"],
                topics=data["argomenti"], services=data["servizi"], notes=data["note"],
                next_steps=data["prossimi_passi"])
        except ServiceError as exc:
            raise _renamed(exc, CONSULTATION_FIELDS) from exc
        consultation = selectors.get_consultation_for(actor=request.user,
                                                      consultation_id=consultation.pk)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


class ConsultationDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(responses=ConsultationSerializer)
    def get(self, request, consultation_id: int):
        return Response(ConsultationSerializer(selectors.get_consultation_for(
            actor=request.user, consultation_id=consultation_id)).data)


# --- Pathways -------------------------------------------------------------------

def _event_data(data: dict) -> dict:
    return {STAGE_DATA_OUT.get(key, key): value for key, value in (data or {}).items()}


def _stage_value(kind: str, value):
    """One datum of ``dati`` as the service takes it (casework.pathways.DATA
    says its kind); ValueError with the Italian message if it cannot be read."""
    if kind in ("amount", "date", "lender") and value in (None, ""):
        return None  # the service says whether the stage asks for it
    if kind == "amount":
        return boundary.parse_amount(value)
    if kind == "date":
        return boundary.read_date(value)
    if kind == "lender":
        lender_id = str(value)
        lender = catalog.active_lender(lender_id) if lender_id.isdigit() and \
            int(lender_id) <= boundary.BIGINT_RANGE[1] else None
        if lender is None:
            raise ValueError("Scegliere un finanziatore attivo dell'elenco nazionale.")
        return lender
    if kind == "multichoice":
        if value in (None, ""):
            return []
        return [str(item) for item in (value if isinstance(value, list) else [value])]
    if kind == "text":
        return str(value) if value else ""
    return value


def _stage_values(stage_data: dict) -> tuple[dict, dict[str, list[str]]]:
    """The transition's data read into typed values, and what could not be read."""
    values: dict = {}
    unreadable: dict[str, list[str]] = {}
    for name, value in stage_data.items():
        datum = machine.DATA.get(name)
        try:
            values[name] = _stage_value(datum.kind, value) if datum else value
        except ValueError as exc:
            unreadable[name] = [str(exc)]
    return values, unreadable


def _in_stage_order(to_stage: str, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    order = ["occurred_at", *(f.name for f in machine.fields_for(to_stage))]
    return dict(sorted(errors.items(),
                       key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


class PathwayEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    da_fase = serializers.CharField(source="from_stage")
    a_fase = serializers.CharField(source="to_stage")
    quando = ApiDateTimeField(source="occurred_at")
    operatore = serializers.SerializerMethodField()
    dati = serializers.SerializerMethodField()

    def get_operatore(self, event) -> str:
        return str(event.actor or event.actor_label)

    def get_dati(self, event) -> dict:
        return _event_data(event.data)


class PathwaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    persona = serializers.IntegerField(source="person_id")
    tipo = serializers.CharField(source="kind")
    fase = serializers.CharField(source="stage")
    fase_etichetta = serializers.CharField(source="get_stage_display")
    aperto_il = ApiDateTimeField(source="opened_at")
    chiuso_il = ApiDateTimeField(source="closed_at", allow_null=True)
    tipo_beneficiario = serializers.CharField(source="beneficiary_type")
    finanziatore = serializers.SerializerMethodField()
    importo_richiesto = ApiDecimalField(source="requested_amount", max_digits=AMOUNT_MAX_DIGITS,
                                        decimal_places=AMOUNT_DECIMAL_PLACES, allow_null=True)
    importo_erogato = ApiDecimalField(source="disbursed_amount", max_digits=AMOUNT_MAX_DIGITS,
                                      decimal_places=AMOUNT_DECIMAL_PLACES, allow_null=True)
    data_erogazione = ApiDateField(source="disbursed_on", allow_null=True)
    inviato_a = serializers.CharField(source="referred_to")
    tipo_contratto = serializers.CharField(source="contract_type")
    data_assunzione = ApiDateField(source="placed_on", allow_null=True)
    prossime_fasi = serializers.SerializerMethodField()
    eventi = PathwayEventSerializer(source="events.all", many=True)

    def get_finanziatore(self, pathway) -> dict | None:
        lender = pathway.lender
        return {"id": lender.pk, "denominazione": lender.name} if lender else None

    def get_prossime_fasi(self, pathway) -> list[str]:
        return list(machine.allowed_next(pathway.kind, pathway.stage))


class PathwayCreateSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=PathwayKind.choices)
    tipo_beneficiario = serializers.ChoiceField(choices=BeneficiaryType.choices,
                                                required=False, default=BeneficiaryType.ORDINARY)
    nota = serializers.CharField(required=False, allow_blank=True, default="")
    quando = ApiDateTimeField(required=False, allow_null=True, default=None)


class TransitionSerializer(serializers.Serializer):
    fase = serializers.CharField(help_text="La fase di arrivo (vedi prossime_fasi)")
    quando = ApiDateTimeField(required=False, allow_null=True, default=None,
                                       help_text="Se omesso: adesso")
    dati = serializers.DictField(
        required=False, default=dict,
        help_text=machine.api_help())


class PersonPathwaysView(APIView):
    """Percorsi di una persona, con la storia dei passaggi; POST ne apre uno."""

    permission_classes = [IsTenantStaff]

    @extend_schema(responses=PathwaySerializer(many=True))
    def get(self, request, person_id: int):
        person = people_selectors.get_person_for(actor=request.user, person_id=person_id)
        people_services.record_person_read(person=person, acting_user=request.user)
        return Response(PathwaySerializer(selectors.pathways_for_person(person=person),
                                          many=True).data)

    @extend_schema(request=PathwayCreateSerializer, responses={201: PathwaySerializer})
    def post(self, request, person_id: int):
        person = people_selectors.get_person_for(actor=request.user, person_id=person_id)
        serializer = PathwayCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            pathway = services.open_pathway(
                person=person, kind=data["tipo"], beneficiary_type=data["tipo_beneficiario"],
                note=data["nota"], occurred_at=data["quando"], acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, PATHWAY_FIELDS) from exc
        pathway = selectors.get_pathway_for(actor=request.user, pathway_id=pathway.pk)
        return Response(PathwaySerializer(pathway).data, status=status.HTTP_201_CREATED)


class PathwayDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(responses=PathwaySerializer)
    def get(self, request, pathway_id: int):
        return Response(PathwaySerializer(selectors.get_pathway_for(
            actor=request.user, pathway_id=pathway_id)).data)


class PathwayTransitionView(APIView):
    """Fa passare il percorso a un'altra fase, se la tabella dei passaggi lo
    consente (altrimenti 409 ``transizione_non_ammessa``), con i dati richiesti."""

    permission_classes = [IsTenantStaff]

    @extend_schema(request=TransitionSerializer, responses={200: PathwaySerializer})
    def post(self, request, pathway_id: int):
        pathway = selectors.get_pathway_for(actor=request.user, pathway_id=pathway_id)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        stage_data = {STAGE_DATA.get(key, key): value for key, value in data["dati"].items()}
        for derived in ("lender_name", "limit"):
            stage_data.pop(derived, None)
        reserved = set(stage_data) & {"pathway", "to_stage", "acting_user", "occurred_at",
                                      "request"}
        if reserved:
            name = sorted(reserved)[0]
            raise ServiceError(f"Dato non previsto: {name}.", code="dati_non_validi",
                               field="dati")
        values, unreadable = _stage_values(stage_data)
        try:
            if unreadable:  # reported with every other refusal, as the form does
                services.check_step(pathway=pathway, to_stage=data["fase"],
                                    acting_user=request.user)
                found = services.pathway_step_errors(pathway=pathway, to_stage=data["fase"],
                                                     occurred_at=data["quando"], **values)
                raise CaseworkError.from_errors(_in_stage_order(data["fase"],
                                                                {**found, **unreadable}))
            services.advance_pathway(pathway=pathway, to_stage=data["fase"],
                                     acting_user=request.user, occurred_at=data["quando"],
                                     **values)
        except ServiceError as exc:
            raise _renamed(exc, PATHWAY_FIELDS) from exc
        pathway = selectors.get_pathway_for(actor=request.user, pathway_id=pathway.pk)
        return Response(PathwaySerializer(pathway).data)


# --- Dashboard --------------------------------------------------------------------

class DashboardView(APIView):
    """I dati del cruscotto del coordinatore per il periodo (date incluse; se
    omesse: gli ultimi dodici mesi)."""

    permission_classes = [CanViewDashboard]

    @extend_schema(
        parameters=[OpenApiParameter("dal", str, description="AAAA-MM-GG"),
                    OpenApiParameter("al", str, description="AAAA-MM-GG")],
        responses=inline_serializer("Cruscotto", fields={
            "periodo": serializers.DictField(),
            "consulenze_per_mese": serializers.ListField(child=serializers.DictField()),
            "consulenze_per_operatore": serializers.ListField(child=serializers.DictField()),
            "persone_per_canale": serializers.ListField(child=serializers.DictField()),
            "microcredito": serializers.DictField(),
        }))
    def get(self, request):
        form = PeriodForm(request.query_params or None)
        if request.query_params and not form.is_valid():
            raise ServiceError("Periodo non valido.", code="dati_non_validi",
                               fields={key: [str(m) for m in value]
                                       for key, value in form.errors.items()})
        date_from, date_to = form.period()
        figures = selectors.dashboard(actor=request.user, date_from=date_from, date_to=date_to)

        def step(s):
            return {"fase": s.stage, "etichetta": s.label, "percorsi": s.reached,
                    "conversione": s.conversion, "giorni_mediana": s.median_days}

        return Response({
            "periodo": {"dal": date_from.isoformat(), "al": date_to.isoformat()},
            "consulenze_per_mese": [{"mese": row["month"].strftime("%Y-%m"),
                                     "consulenze": row["count"], "minuti": row["minutes"]}
                                    for row in figures.months],
            "consulenze_per_operatore": [{"operatore": row["operator"],
                                          "consulenze": row["count"], "minuti": row["minutes"]}
                                         for row in figures.operators],
            "persone_per_canale": [{"canale": row["channel"], "etichetta": row["label"],
                                    "persone": row["people"], "accoglienze": row["contacts"]}
                                   for row in figures.channels],
            "microcredito": {"percorsi_aperti_nel_periodo": figures.cohort,
                             "fasi": [step(s) for s in figures.funnel],
                             "esiti": [step(s) for s in figures.outcomes]},
            "generato_il": timezone.now().isoformat(),
        })


urlpatterns = [
    path("persone/<int:person_id>/consulenze/", PersonConsultationsView.as_view(),
         name="person-consultations"),
    path("consulenze/<int:consultation_id>/", ConsultationDetailView.as_view(),
         name="consultation-detail"),
    path("persone/<int:person_id>/percorsi/", PersonPathwaysView.as_view(),
         name="person-pathways"),
    path("percorsi/<int:pathway_id>/", PathwayDetailView.as_view(), name="pathway-detail"),
    path("percorsi/<int:pathway_id>/transizioni/", PathwayTransitionView.as_view(),
         name="pathway-transition"),
    path("cruscotto/", DashboardView.as_view(), name="dashboard"),
]
