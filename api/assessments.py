"""API resources of the `assessments` domain package.

    GET  /api/v1/strumenti/                      instruments (?attivi=1: only those in use)
    GET  /api/v1/strumenti/<id>/                 one version with its items and options
    GET  /api/v1/valutazioni/?persona=<id>       scores and outcomes, never the answers
    POST /api/v1/valutazioni/                    score a person (operators, coordinators)
    GET  /api/v1/valutazioni/<id>/               one assessment; the answers only for the
                                                 roles that read them, every read audited
    GET  /api/v1/valutazioni/<id>/risposte/      the answers alone (403 for other roles)
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsTenantStaff
from api.serializers import renamed
from assessments import permissions, selectors, services
from assessments.models import NOTES_MAX_CHARS, Assessment, Instrument, Item, Option
from core.errors import NotFound, PermissionDenied, ServiceError
from core.fields import ApiDateTimeField, api_id_field
from people import selectors as people_selectors

# --- Serializers ----------------------------------------------------------------


class OptionSerializer(serializers.ModelSerializer):
    testo = serializers.CharField(source="label")
    ordine = serializers.IntegerField(source="order")
    peso = serializers.IntegerField(source="weight")

    class Meta:
        model = Option
        fields = ["id", "ordine", "testo", "peso"]


class ItemSerializer(serializers.ModelSerializer):
    ordine = serializers.IntegerField(source="order")
    testo = serializers.CharField(source="text")
    indicazioni = serializers.CharField(source="help")
    risposte = OptionSerializer(source="options", many=True)

    class Meta:
        model = Item
        fields = ["id", "ordine", "testo", "indicazioni", "risposte"]


class InstrumentSerializer(serializers.ModelSerializer):
    codice = serializers.CharField(source="code")
    versione = serializers.IntegerField(source="version")
    nome = serializers.CharField(source="name")
    descrizione = serializers.CharField(source="description")
    soglia = serializers.IntegerField(source="threshold")
    azione = serializers.CharField(source="trigger_action")
    giorni_di_attesa = serializers.IntegerField(source="trigger_offset_days")
    in_uso = serializers.BooleanField(source="is_active")
    non_verificato = serializers.BooleanField(source="is_unverified")
    nota_non_verificato = serializers.CharField(source="unverified_note")
    domande = ItemSerializer(source="items", many=True)

    class Meta:
        model = Instrument
        fields = ["id", "codice", "versione", "nome", "descrizione", "soglia", "azione",
                  "giorni_di_attesa", "in_uso", "non_verificato", "nota_non_verificato",
                  "domande"]


class InstrumentRefSerializer(serializers.ModelSerializer):
    codice = serializers.CharField(source="code")
    versione = serializers.IntegerField(source="version")
    nome = serializers.CharField(source="name")
    soglia = serializers.IntegerField(source="threshold")

    class Meta:
        model = Instrument
        fields = ["id", "codice", "versione", "nome", "soglia"]


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    inizio = ApiDateTimeField(source="starts_at")
    fine = ApiDateTimeField(source="ends_at")
    operatore = serializers.IntegerField(source="operator_id", allow_null=True)


class AssessmentSerializer(serializers.ModelSerializer):
    """Score and outcome: what every counter role may see."""

    persona = serializers.IntegerField(source="person_id")
    strumento = InstrumentRefSerializer(source="instrument")
    operatore = serializers.IntegerField(source="operator_id", allow_null=True)
    svolta_il = ApiDateTimeField(source="performed_at")
    punteggio = serializers.IntegerField(source="total_score")
    soglia_raggiunta = serializers.BooleanField(source="triggered")
    secondo_colloquio = FollowUpSerializer(source="follow_up", allow_null=True)

    class Meta:
        model = Assessment
        fields = ["id", "persona", "strumento", "operatore", "svolta_il", "punteggio",
                  "soglia_raggiunta", "secondo_colloquio"]


class AnswerSerializer(serializers.Serializer):
    domanda_id = serializers.IntegerField(source="item_id")
    domanda = serializers.CharField(source="question")
    risposta_id = serializers.IntegerField(source="option_id", allow_null=True)
    risposta = serializers.CharField(source="answer")
    peso = serializers.IntegerField(source="weight", allow_null=True)


class AnswersSerializer(serializers.Serializer):
    risposte = AnswerSerializer(source="answer_rows", many=True)
    note = serializers.CharField(source="notes", allow_null=True)


class AssessmentDetailSerializer(AssessmentSerializer):
    risposte_visibili = serializers.SerializerMethodField()
    risposte = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "risposte_visibili", "risposte", "note"]

    def _shown(self, assessment) -> bool:
        return hasattr(assessment, "answer_rows")

    def get_risposte_visibili(self, assessment) -> bool:
        return self._shown(assessment)

    @extend_schema_field(AnswerSerializer(many=True, allow_null=True))
    def get_risposte(self, assessment) -> list[dict] | None:
        if not self._shown(assessment):
            return None
        return AnswerSerializer(assessment.answer_rows, many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, assessment) -> str | None:
        return assessment.notes if self._shown(assessment) else None


class AssessmentCreateSerializer(serializers.Serializer):
    persona = api_id_field()
    strumento = api_id_field()
    risposte = serializers.DictField(
        child=api_id_field(),
        help_text="Per ogni domanda (id) l'id della risposta scelta: {\"12\": 45, ...}")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 max_length=NOTES_MAX_CHARS)


# --- Views ------------------------------------------------------------------------

API_FIELDS = {"instrument": "strumento", "answers": "risposte", "notes": "note",
              "person": "persona"}


def _api_error(exc: ServiceError) -> ServiceError:
    """The same error, its fields named as the API names them (``item_12`` →
    ``risposte.12``)."""
    names = {name: f"risposte.{name.removeprefix('item_')}" for name in exc.fields
             if name.startswith("item_")}
    return renamed(exc, {**API_FIELDS, **names})


@extend_schema(parameters=[OpenApiParameter("attivi", bool,
                                            description="Solo le versioni in uso")])
class InstrumentListView(generics.ListAPIView):
    """Strumenti di valutazione, con domande, risposte e pesi di ogni versione."""

    serializer_class = InstrumentSerializer
    permission_classes = [IsTenantStaff]
    filter_backends: list = []

    def get_queryset(self):
        active = self.request.query_params.get("attivi") in ("1", "true", "si")
        return selectors.instruments_for(actor=self.request.user, active_only=active)


class InstrumentDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(responses=InstrumentSerializer)
    def get(self, request, instrument_id: int):
        instrument = selectors.get_instrument_for(actor=request.user,
                                                  instrument_id=instrument_id)
        return Response(InstrumentSerializer(instrument).data)


@extend_schema(parameters=[OpenApiParameter("persona", int,
                                            description="Solo le valutazioni della persona")])
class AssessmentListView(generics.ListCreateAPIView):
    """Valutazioni: punteggio ed esito (le risposte, dati particolari, solo nel
    dettaglio e solo per operatori e coordinatori). La creazione calcola il
    punteggio e, oltre la soglia, fissa il secondo colloquio."""

    serializer_class = AssessmentSerializer
    permission_classes = [IsTenantStaff]
    filter_backends: list = []

    def get_queryset(self):
        person = None
        person_id = self.request.query_params.get("persona")
        if person_id:
            if not person_id.isdigit():
                raise NotFound("Persona non trovata.", field="persona")
            person = people_selectors.get_person_for(actor=self.request.user,
                                                     person_id=int(person_id))
        return selectors.assessments_for(actor=self.request.user, person=person)

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def post(self, request):
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not permissions.can_record_assessments(request.user):
            raise PermissionDenied(
                "Il suo ruolo non consente di registrare valutazioni.")
        try:
            person = people_selectors.get_person_for(actor=request.user,
                                                     person_id=data["persona"])
        except NotFound as exc:
            raise NotFound(exc.message, field="persona") from exc
        try:
            instrument = selectors.get_instrument_for(actor=request.user,
                                                      instrument_id=data["strumento"])
        except NotFound as exc:
            raise NotFound(exc.message, field="strumento") from exc
        try:
            assessment = services.score_assessment(
                person=person, instrument=instrument, answers=data["risposte"],
                acting_user=request.user, notes=data["note"])
        except ServiceError as exc:
            raise _api_error(exc) from exc
        assessment = selectors.get_assessment_for(actor=request.user,
                                                  assessment_id=assessment.pk)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class AssessmentDetailView(APIView):
    """Una valutazione. Per operatori e coordinatori include le risposte (lettura
    registrata nel registro delle attività); per gli altri ruoli ``risposte`` è
    null e ``risposte_visibili`` è false."""

    permission_classes = [IsTenantStaff]

    @extend_schema(responses=AssessmentDetailSerializer)
    def get(self, request, assessment_id: int):
        assessment = selectors.get_assessment_for(
            actor=request.user, assessment_id=assessment_id,
            with_answers=permissions.can_read_special_categories(request.user))
        if permissions.can_read_special_categories(request.user):
            services.record_answers_read(assessment=assessment, acting_user=request.user)
        return Response(AssessmentDetailSerializer(assessment).data)


class AssessmentAnswersView(APIView):
    """Le sole risposte di una valutazione: 403 per i ruoli che non le leggono."""

    permission_classes = [IsTenantStaff]

    @extend_schema(responses=AnswersSerializer)
    def get(self, request, assessment_id: int):
        assessment = selectors.get_assessment_for(
            actor=request.user, assessment_id=assessment_id, with_answers=True)
        services.record_answers_read(assessment=assessment, acting_user=request.user)
        return Response(AnswersSerializer(assessment).data)


urlpatterns = [
    path("strumenti/", InstrumentListView.as_view(), name="instrument-list"),
    path("strumenti/<int:instrument_id>/", InstrumentDetailView.as_view(),
         name="instrument-detail"),
    path("valutazioni/", AssessmentListView.as_view(), name="assessment-list"),
    path("valutazioni/<int:assessment_id>/", AssessmentDetailView.as_view(),
         name="assessment-detail"),
    path("valutazioni/<int:assessment_id>/risposte/", AssessmentAnswersView.as_view(),
         name="assessment-answers"),
]
