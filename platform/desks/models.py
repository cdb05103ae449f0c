"""The counter itself: the services it offers, its opening hours, its
calendar of appointments and the e-mails it writes to people."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Person

# --- Limits, declared once: the services check them, forms and serializers
# import them.
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60  # the length of an appointment
SLOT_MIN_MINUTES, SLOT_MAX_MINUTES = 10, 240  # the length of a public slot
RESCHEDULE_MAX_DAYS = 730  # how far ahead an appointment can be moved
MAX_CLOSURE_DAYS = 366  # the longest closure of the counter
NAME_MAX_CHARS = 200  # a service's name, a requester's name
PHONE_MAX_CHARS = 30
EMAIL_MAX_CHARS = 254
REASON_MAX_CHARS = 1000  # why a citizen books
NOTE_MAX_CHARS = 500  # the note of a status change or of a move
CONTACT_TEXT_MAX_CHARS = 300  # the counter's address and its note on the hours
CLOSURE_REASON_MAX_CHARS = 200
TEMPLATE_NAME_MAX_CHARS = 120
SUBJECT_MAX_CHARS = 200


class Service(models.Model):
    """A service of the counter's own list (Carta dei servizi)."""

    class Area(models.TextChoices):
        JOB = "lavoro", _("Lavoro")
        MICROCREDIT = "microcredito", _("Microcredito e autoimpiego")
        GUIDANCE = "orientamento", _("Orientamento")
        OTHER = "altro", _("Altro")

    code = models.SlugField(_("codice"), max_length=60, unique=True)
    name = models.CharField(_("servizio"), max_length=NAME_MAX_CHARS)
    description = models.TextField(_("descrizione"), blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    is_active = models.BooleanField(_("attivo"), default=True)
    # Internal services (tutoring after a loan, anything for staff only) are
    # kept off the public page and the public booking.
    is_public = models.BooleanField(_("visibile ai cittadini"), default=True)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("servizio")
        verbose_name_plural = _("servizi")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Lunedì")
        TUESDAY = 1, _("Martedì")
        WEDNESDAY = 2, _("Mercoledì")
        THURSDAY = 3, _("Giovedì")
        FRIDAY = 4, _("Venerdì")
        SATURDAY = 5, _("Sabato")

    weekday = models.PositiveSmallIntegerField(_("giorno"), choices=Weekday.choices)
    opens_at = models.TimeField(_("apertura"))
    closes_at = models.TimeField(_("chiusura"))
    slot_minutes = models.PositiveSmallIntegerField(_("durata degli appuntamenti (minuti)"),
                                                    default=30)

    class Meta:
        verbose_name = _("orario di apertura")
        verbose_name_plural = _("orari di apertura")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="opening_hours_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return (f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}")


class CounterContact(models.Model):
    """How citizens reach the counter: one row per tenant, edited by the
    counter's administrator and shown on the public page and confirmations."""

    address = models.CharField(_("indirizzo"), max_length=CONTACT_TEXT_MAX_CHARS, blank=True)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_CHARS, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours_note = models.CharField(_("nota sugli orari"), max_length=CONTACT_TEXT_MAX_CHARS,
                                  blank=True,
                                  help_text=_("Per esempio: «Si riceve su appuntamento»."))
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        verbose_name = _("contatti dello sportello")
        verbose_name_plural = _("contatti dello sportello")

    def __str__(self) -> str:
        return self.address or str(_("Contatti dello sportello"))


class Closure(models.Model):
    """Days the counter is closed (from ``starts_on`` to ``ends_on``, both
    included), besides the national holidays: no public slots, no scheduling."""

    starts_on = models.DateField(_("dal"))
    ends_on = models.DateField(_("al"))
    reason = models.CharField(_("motivo"), max_length=CLOSURE_REASON_MAX_CHARS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chiusura dello sportello")
        verbose_name_plural = _("chiusure dello sportello")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="closure_ends_on_or_after_start"),
        ]

    def __str__(self) -> str:
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%d/%m/%Y}: {self.reason}"
        return f"{self.starts_on:%d/%m/%Y}-{self.ends_on:%d/%m/%Y}: {self.reason}"


class Appointment(models.Model):
    class Kind(models.TextChoices):
        FIRST_INTERVIEW = "primo_colloquio", _("Primo colloquio")
        SECOND_INTERVIEW = "secondo_colloquio", _("Secondo colloquio")
        CONSULTATION = "consulenza", _("Consulenza")
        OTHER = "altro", _("Altro")

    class Status(models.TextChoices):
        BOOKED = "prenotato", _("Prenotato")
        DONE = "svolto", _("Svolto")
        CANCELLED = "annullato", _("Annullato")
        NO_SHOW = "assente", _("Persona assente")

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="appointments")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="appointments",
                                 verbose_name=_("operatore"))
    starts_at = models.DateTimeField(_("inizio"))
    ends_at = models.DateTimeField(_("fine"))
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(_("stato"), max_length=20, choices=Status.choices,
                              default=Status.BOOKED)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("servizio"))
    notes = models.TextField(_("note"), blank=True)
    # Public bookings come without an account: who asked, until the person is
    # registered at the desk.
    booked_online = models.BooleanField(_("prenotato online"), default=False)
    requester_name = models.CharField(_("nome di chi prenota"), max_length=NAME_MAX_CHARS,
                                      blank=True)
    requester_email = models.EmailField(_("e-mail di chi prenota"), blank=True)
    requester_phone = models.CharField(_("telefono di chi prenota"), max_length=PHONE_MAX_CHARS,
                                       blank=True)
    reason = models.TextField(_("motivo della richiesta"), blank=True)
    requester_ip = models.GenericIPAddressField(_("indirizzo IP della prenotazione"), null=True,
                                                blank=True)
    privacy_notice_version = models.CharField(_("versione dell'informativa letta"),
                                              max_length=20, blank=True)
    confirmation_sent_at = models.DateTimeField(_("conferma inviata il"), null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(_("conferma dell'annullamento inviata il"),
                                                null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appuntamento")
        verbose_name_plural = _("appuntamenti")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["operator", "starts_at"]),
                   models.Index(fields=["person", "starts_at"]),
                   models.Index(fields=["starts_at", "status"]),
                   models.Index(fields=["booked_online", "created_at"])]
        constraints = [
            # One citizen per public slot, even when two book it at once.
            models.UniqueConstraint(fields=["starts_at"],
                                    condition=Q(booked_online=True, status="prenotato"),
                                    name="appointment_one_online_booking_per_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="appointment_ends_after_start"),
        ]

    def __str__(self) -> str:
        who = self.person or self.requester_name or _("senza persona")
        starts = timezone.localtime(self.starts_at)  # Italian time, as the desk reads it
        return f"{self.get_kind_display()} {starts:%d/%m/%Y %H:%M} - {who}"

    @property
    def who(self) -> str:
        if self.person_id:
            return str(self.person)
        return self.requester_name or str(_("Persona non indicata"))


class AppointmentEvent(models.Model):
    """One transition of an appointment's state: the history is this table."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("da"), max_length=20, choices=Appointment.Status.choices,
                                   blank=True)
    to_status = models.CharField(_("a"), max_length=20, choices=Appointment.Status.choices)
    occurred_at = models.DateTimeField(_("data e ora"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("eseguito da"))
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("evento dell'appuntamento")
        verbose_name_plural = _("eventi degli appuntamenti")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    @property
    def is_reschedule(self) -> bool:
        """A move to another time ("riprogrammato"): booked to booked, which no
        status transition is; the note says the old and the new time."""
        return self.from_status == self.to_status == Appointment.Status.BOOKED


class MessageTemplate(models.Model):
    """An e-mail model with ``{{ nome }}``-style placeholders, edited by the
    counter's administrator."""

    code = models.SlugField(_("codice"), max_length=60, unique=True)
    name = models.CharField(_("nome del modello"), max_length=TEMPLATE_NAME_MAX_CHARS)
    subject = models.CharField(_("oggetto"), max_length=SUBJECT_MAX_CHARS)
    body = models.TextField(_("testo"))
    is_active = models.BooleanField(_("attivo"), default=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        verbose_name = _("modello di messaggio")
        verbose_name_plural = _("modelli di messaggio")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OutgoingMessage(models.Model):
    """An e-mail written to a person, as it was sent."""

    class Status(models.TextChoices):
        QUEUED = "in_coda", _("In coda")
        SENT = "inviato", _("Inviato")
        FAILED = "non_inviato", _("Invio non riuscito")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    template = models.ForeignKey(MessageTemplate, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("modello"))
    subject = models.CharField(_("oggetto"), max_length=SUBJECT_MAX_CHARS)
    body = models.TextField(_("testo"))
    to_address = models.EmailField(_("destinatario"))
    status = models.CharField(_("stato"), max_length=20, choices=Status.choices,
                              default=Status.QUEUED)
    queued_at = models.DateTimeField(_("accodato il"), auto_now_add=True)
    sent_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("inviato da"))
    error = models.TextField(_("errore"), blank=True)

    class Meta:
        verbose_name = _("messaggio inviato")
        verbose_name_plural = _("messaggi inviati")
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["person", "-queued_at"])]

    def __str__(self) -> str:
        return self.subject
