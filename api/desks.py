"""API resources of the `desks` domain package: the counter's services and
hours, its calendar of appointments and the e-mails written to people.
Counter staff only, on the counter's domain; the service list and hours are
changed by the counter's administrator."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.openapi import ERROR
from api.openapi import not_found as _not_found
from api.permissions import IsTenantStaff
from api.serializers import renamed as _renamed
from core.errors import NotFound, ServiceError, ValidationFailed
from core.fields import (
    ApiDateField,
    ApiDateTimeField,
    api_id_field,
    api_integer_field,
    shift_days,
)
from desks import permissions, selectors, services
from desks.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    Appointment,
    OpeningHours,
    OutgoingMessage,
    Service,
)
from people import selectors as people_selectors
from people import services as people_services

SERVICE_FIELDS = {"name": "nome", "description": "descrizione", "order": "ordine"}
APPOINTMENT_FIELDS = {"starts_at": "inizio", "kind": "tipo", "minutes": "durata_minuti",
                      "service": "servizio", "status": "stato", "operator": "operatore",
                      "person": "persona"}
MESSAGE_FIELDS = {"template": "modello"}


class CanManageCounter(BasePermission):
    """Reads: all counter staff. Writes: the counter's administrator."""

    def has_permission(self, request, view):
        if getattr(request, "tenant", None) is None:
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return permissions.can_use_agenda(request.user)
        return permissions.can_manage_counter(request.user)


# --- Serializers ------------------------------------------------------------
class ServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    codice = serializers.CharField(source="code", read_only=True,
                                   help_text="Stabile: assegnato alla creazione.")
    nome = serializers.CharField(source="name", max_length=NAME_MAX_CHARS)
    area = serializers.ChoiceField(choices=Service.Area.choices)
    descrizione = serializers.CharField(source="description", required=False, allow_blank=True,
                                        default="")
    ordine = api_integer_field(Service, "order", source="order", required=False, min_value=0,
                               default=0)
    attivo = serializers.BooleanField(source="is_active", required=False,
                                      help_text="false: disattivato (resta nello storico).")


class OpeningHoursSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    giorno = serializers.ChoiceField(source="weekday", choices=OpeningHours.Weekday.choices,
                                     help_text="0 lunedì ... 5 sabato.")
    apertura = serializers.TimeField(source="opens_at")
    chiusura = serializers.TimeField(source="closes_at")
    durata_minuti = api_integer_field(OpeningHours, "slot_minutes", source="slot_minutes")


class RequesterSerializer(serializers.Serializer):
    nome = serializers.CharField(source="requester_name")
    email = serializers.CharField(source="requester_email")
    telefono = serializers.CharField(source="requester_phone")
    motivo = serializers.CharField(source="reason")


class AppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    persona = serializers.IntegerField(source="person_id", allow_null=True)
    operatore = serializers.IntegerField(source="operator_id", allow_null=True)
    operatore_email = serializers.EmailField(source="operator.email", default=None,
                                             allow_null=True, read_only=True)
    inizio = ApiDateTimeField(source="starts_at")
    fine = ApiDateTimeField(source="ends_at")
    tipo = serializers.ChoiceField(source="kind", choices=Appointment.Kind.choices)
    stato = serializers.ChoiceField(source="status", choices=Appointment.Status.choices)
    servizio = serializers.IntegerField(source="service_id", allow_null=True)
    note = serializers.CharField(source="notes")
    prenotato_online = serializers.BooleanField(source="booked_online")
    richiedente = serializers.SerializerMethodField(
        help_text="Chi ha prenotato dalla pagina pubblica (null per gli altri).")

    @extend_schema_field(RequesterSerializer(allow_null=True))
    def get_richiedente(self, appointment):
        return RequesterSerializer(appointment).data if appointment.booked_online else None


class AppointmentCreateSerializer(serializers.Serializer):
    persona = api_id_field(required=False, allow_null=True)
    operatore = api_id_field(required=False, allow_null=True,
                             help_text="Un operatore non può avere due "
                                                   "appuntamenti sovrapposti (409).")
    inizio = ApiDateTimeField()
    durata_minuti = serializers.IntegerField(required=False, default=30, min_value=MIN_MINUTES,
                                             max_value=MAX_MINUTES)
    tipo = serializers.ChoiceField(choices=Appointment.Kind.choices)
    servizio = api_id_field(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AppointmentQuerySerializer(serializers.Serializer):
    operatore = api_id_field(required=False)
    persona = api_id_field(required=False)
    data = ApiDateField(required=False, help_text="Un giorno (ora locale).")
    dal = ApiDateField(required=False)
    al = ApiDateField(required=False)
    stato = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)


class StatusChangeSerializer(serializers.Serializer):
    stato = serializers.ChoiceField(choices=[
        (s, Appointment.Status(s).label) for s in services.STATUS_ACTIONS],
        help_text="Da «prenotato»: svolto, assente (solo se già iniziato) o annullato.")
    nota = serializers.CharField(required=False, allow_blank=True, default="",
                                 max_length=NOTE_MAX_CHARS)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    persona = serializers.IntegerField(source="person_id")
    modello = serializers.IntegerField(source="template_id", allow_null=True)
    oggetto = serializers.CharField(source="subject")
    testo = serializers.CharField(source="body")
    destinatario = serializers.EmailField(source="to_address")
    stato = serializers.ChoiceField(source="status", choices=OutgoingMessage.Status.choices)
    accodato_il = ApiDateTimeField(source="queued_at")
    inviato_il = ApiDateTimeField(source="sent_at", allow_null=True)
    inviato_da = serializers.EmailField(source="sent_by.email", default=None)


class MessageCreateSerializer(serializers.Serializer):
    modello = api_id_field()
    documenti = serializers.CharField(required=False, allow_blank=True, default="")
    testo = serializers.CharField(required=False, allow_blank=True, default="")


class TemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField(source="code")
    nome = serializers.CharField(source="name")
    oggetto = serializers.CharField(source="subject")
    testo = serializers.CharField(source="body")
    attivo = serializers.BooleanField(source="is_active")


# --- Services and hours ----------------------------------------------------
class ServiceListView(APIView):
    """Il catalogo dei servizi dello sportello (Carta dei servizi)."""

    permission_classes = [CanManageCounter]

    @extend_schema(summary="Servizi dello sportello", responses=ServiceSerializer(many=True))
    def get(self, request):
        items = selectors.services(active_only=request.query_params.get("attivi") == "true")
        return Response(ServiceSerializer(items, many=True).data)

    @extend_schema(summary="Aggiunge un servizio (amministratore dell'ente)",
                   request=ServiceSerializer,
                   responses={201: ServiceSerializer, 400: OpenApiResponse(ERROR),
                              403: OpenApiResponse(ERROR)})
    def post(self, request):
        serializer = ServiceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            service = services.create_service(
                name=data["name"], area=data["area"], description=data.get("description", ""),
                order=data.get("order", 0), acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, SERVICE_FIELDS) from exc
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailView(APIView):
    permission_classes = [CanManageCounter]

    @extend_schema(summary="Un servizio", responses={200: ServiceSerializer,
                                                     404: _not_found("Servizio")})
    def get(self, request, service_id: int):
        service = selectors.get_service_for(actor=request.user, service_id=service_id)
        return Response(ServiceSerializer(service).data)

    @extend_schema(summary="Modifica o disattiva un servizio (amministratore dell'ente)",
                   request=ServiceSerializer,
                   responses={200: ServiceSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Servizio")})
    def patch(self, request, service_id: int):
        service = selectors.get_service_for(actor=request.user, service_id=service_id)
        serializer = ServiceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            service = services.update_service(
                service=service, name=data.get("name", service.name),
                area=data.get("area", service.area),
                description=data.get("description", service.description),
                order=data.get("order", service.order), is_active=data.get("is_active"),
                acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, SERVICE_FIELDS) from exc
        return Response(ServiceSerializer(service).data)


class OpeningHoursView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Orari di apertura (da cui nascono gli orari prenotabili)",
                   responses=OpeningHoursSerializer(many=True))
    def get(self, request):
        return Response(OpeningHoursSerializer(selectors.opening_hours(), many=True).data)


# --- Appointments ------------------------------------------------------------
def _operator(user_id):
    if user_id is None:
        return None
    operator = selectors.staff_member(user_id=user_id)
    if operator is None:
        raise ValidationFailed("Operatore non trovato.", field="operatore")
    return operator


def _service(request, service_id):
    if service_id is None:
        return None
    try:
        return selectors.get_service_for(actor=request.user, service_id=service_id)
    except NotFound as exc:
        raise ValidationFailed("Servizio non trovato.", field="servizio") from exc


def _person(request, person_id):
    if person_id is None:
        return None
    try:
        return people_selectors.get_person_for(actor=request.user, person_id=person_id)
    except NotFound as exc:
        raise ValidationFailed("Persona non trovata.", field="persona") from exc


class AppointmentListView(generics.GenericAPIView):
    """L'agenda dello sportello: appuntamenti per operatore, giorno o persona."""

    permission_classes = [IsTenantStaff]
    serializer_class = AppointmentSerializer
    filter_backends: list = []
    queryset = Appointment.objects.none()  # reads go through desks.selectors

    @extend_schema(summary="Appuntamenti", parameters=[AppointmentQuerySerializer],
                   responses=AppointmentSerializer(many=True))
    def get(self, request):
        query = AppointmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        first = params.get("data") or params.get("dal")
        last = params.get("data") or params.get("al")
        if first is None and last is not None:
            first = shift_days(last, -366)
        items = selectors.appointments(
            actor=request.user, first_day=first, last_day=last,
            operator_id=params.get("operatore"), person_id=params.get("persona"),
            status=params.get("stato"))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(AppointmentSerializer(page, many=True).data)

    @extend_schema(summary="Fissa un appuntamento", request=AppointmentCreateSerializer,
                   responses={201: AppointmentSerializer, 400: OpenApiResponse(ERROR),
                              409: OpenApiResponse(ERROR, description="Operatore già "
                                                   "impegnato in quell'orario.")})
    def post(self, request):
        serializer = AppointmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            appointment = services.schedule_appointment(
                person=_person(request, data.get("persona")), starts_at=data["inizio"],
                kind=data["tipo"], acting_user=request.user,
                operator=_operator(data.get("operatore")), minutes=data["durata_minuti"],
                notes=data["note"], service=_service(request, data.get("servizio")))
        except ServiceError as exc:
            raise _renamed(exc, APPOINTMENT_FIELDS) from exc
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Un appuntamento", responses={200: AppointmentSerializer,
                                                         404: _not_found("Appuntamento")})
    def get(self, request, appointment_id: int):
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment_id)
        return Response(AppointmentSerializer(appointment).data)


class AppointmentStatusView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Cambia lo stato di un appuntamento",
                   description="Transizioni ammesse: prenotato → svolto | assente | annullato. "
                               "Le altre sono rifiutate con 409 `transizione_non_ammessa`.",
                   request=StatusChangeSerializer,
                   responses={200: AppointmentSerializer, 404: _not_found("Appuntamento"),
                              409: OpenApiResponse(ERROR)})
    def post(self, request, appointment_id: int):
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment_id)
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.change_appointment_status(
                appointment=appointment, status=serializer.validated_data["stato"],
                note=serializer.validated_data["nota"], acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, APPOINTMENT_FIELDS) from exc
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment_id)
        return Response(AppointmentSerializer(appointment).data)


class RescheduleSerializer(serializers.Serializer):
    inizio = serializers.DateTimeField(help_text="Il nuovo orario: dentro l'orario di apertura, "
                                                 "senza sovrapporsi ad altri appuntamenti "
                                                 "dell'operatore.")
    durata_minuti = serializers.IntegerField(required=False, min_value=MIN_MINUTES,
                                             max_value=MAX_MINUTES,
                                             help_text="Se omessa, resta la durata attuale.")
    nota = serializers.CharField(required=False, allow_blank=True, default="",
                                 max_length=NOTE_MAX_CHARS)


class RescheduledSerializer(AppointmentSerializer):
    avvisata_per_email = serializers.BooleanField(
        help_text="Se alla persona partirà un'e-mail con il nuovo orario.")
    avviso = serializers.CharField(help_text="Come la persona saprà del nuovo orario.")


class AppointmentRescheduleView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Sposta un appuntamento a un altro orario",
                   description="Solo un appuntamento «prenotato». Il nuovo orario deve stare "
                               "nell'orario di apertura (400 `fuori_orario`) e non sovrapporsi "
                               "ad altri appuntamenti dello stesso operatore (409 "
                               "`orario_occupato`). Nella storia resta un evento «riprogrammato» "
                               "con il vecchio e il nuovo orario; la persona riceve un'e-mail.",
                   request=RescheduleSerializer,
                   responses={200: RescheduledSerializer, 400: OpenApiResponse(ERROR),
                              404: _not_found("Appuntamento"), 409: OpenApiResponse(ERROR)})
    def post(self, request, appointment_id: int):
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment_id)
        serializer = RescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            done = services.reschedule_appointment(
                appointment=appointment, starts_at=data["inizio"],
                minutes=data.get("durata_minuti"), note=data["nota"], acting_user=request.user)
        except ServiceError as exc:
            raise _renamed(exc, APPOINTMENT_FIELDS) from exc
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment_id)
        appointment.avvisata_per_email, appointment.avviso = done.notified, done.notice
        return Response(RescheduledSerializer(appointment).data)


# --- Messages ------------------------------------------------------------------
class TemplateListView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Modelli di messaggio attivi", responses=TemplateSerializer(many=True))
    def get(self, request):
        items = selectors.message_templates(active_only=True)
        return Response(TemplateSerializer(items, many=True).data)


class PersonMessagesView(APIView):
    """Le e-mail scritte a una persona, come sono state inviate."""

    permission_classes = [IsTenantStaff]

    def _person(self, request, person_id, *, audit_read):
        person = people_selectors.get_person_for(actor=request.user, person_id=person_id)
        if audit_read:
            people_services.record_person_read(person=person, acting_user=request.user)
        return person

    @extend_schema(summary="Messaggi inviati a una persona",
                   responses={200: MessageSerializer(many=True), 404: _not_found("Persona")})
    def get(self, request, person_id: int):
        person = self._person(request, person_id, audit_read=True)
        items = selectors.messages_for_person(actor=request.user, person=person)
        return Response(MessageSerializer(items, many=True).data)

    @extend_schema(summary="Scrive a una persona da un modello",
                   description="Richiede l'indirizzo e-mail della persona (400 "
                               "`email_mancante`) e il consenso all'erogazione dei servizi "
                               "(403 `consenso_mancante`). L'e-mail parte dopo il salvataggio, "
                               "una sola volta.",
                   request=MessageCreateSerializer,
                   responses={201: MessageSerializer, 400: OpenApiResponse(ERROR),
                              403: OpenApiResponse(ERROR), 404: _not_found("Persona")})
    def post(self, request, person_id: int):
        person = self._person(request, person_id, audit_read=False)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            template = selectors.get_template_for(actor=request.user,
                                                  template_id=data["modello"])
        except NotFound as exc:
            raise ValidationFailed("Modello non trovato.", field="modello") from exc
        try:
            message = services.send_message(
                person=person, template=template, acting_user=request.user,
                extra={"documenti": data["documenti"], "testo": data["testo"]})
        except ServiceError as exc:
            raise _renamed(exc, MESSAGE_FIELDS) from exc
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class PersonMessageDetailView(APIView):
    permission_classes = [IsTenantStaff]

    @extend_schema(summary="Un messaggio inviato a una persona",
                   responses={200: MessageSerializer, 404: _not_found("Messaggio")})
    def get(self, request, person_id: int, message_id: int):
        person = people_selectors.get_person_for(actor=request.user, person_id=person_id)
        people_services.record_person_read(person=person, acting_user=request.user)
        message = selectors.get_message_for(actor=request.user, message_id=message_id,
                                            person=person)
        return Response(MessageSerializer(message).data)


urlpatterns = [
    path("servizi/", ServiceListView.as_view(), name="service-list"),
    path("servizi/<int:service_id>/", ServiceDetailView.as_view(), name="service-detail"),
    path("orari/", OpeningHoursView.as_view(), name="opening-hours"),
    path("appuntamenti/", AppointmentListView.as_view(), name="appointment-list"),
    path("appuntamenti/<int:appointment_id>/", AppointmentDetailView.as_view(),
         name="appointment-detail"),
    path("appuntamenti/<int:appointment_id>/stato/", AppointmentStatusView.as_view(),
         name="appointment-status"),
    path("appuntamenti/<int:appointment_id>/riprogramma/", AppointmentRescheduleView.as_view(),
         name="appointment-reschedule"),
    path("modelli-messaggio/", TemplateListView.as_view(), name="message-template-list"),
    path("persone/<int:person_id>/messaggi/", PersonMessagesView.as_view(),
         name="person-messages"),
    path("persone/<int:person_id>/messaggi/<int:message_id>/", PersonMessageDetailView.as_view(),
         name="person-message-detail"),
]
