"""The counter itself: the services it offers, its opening hours, its
calendar of appointments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Person


class Service(models.Model):
    """A service of the counter's own list (Carta dei servizi)."""

    code = models.SlugField(_("codice"), max_length=60, unique=True)
    name = models.CharField(_("servizio"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    area = models.CharField(_("area"), max_length=20, choices=[
        ("lavoro", _("Lavoro")), ("microcredito", _("Microcredito e autoimpiego")),
        ("orientamento", _("Orientamento")), ("altro", _("Altro"))], default="altro")
    is_active = models.BooleanField(_("attivo"), default=True)
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
                                related_name="+")
    notes = models.TextField(_("note"), blank=True)
    # Public bookings come without an account: who asked, until the person is
    # registered at the desk.
    booked_online = models.BooleanField(_("prenotato online"), default=False)
    requester_name = models.CharField(_("nome di chi prenota"), max_length=200, blank=True)
    requester_email = models.EmailField(_("e-mail di chi prenota"), blank=True)
    requester_phone = models.CharField(_("telefono di chi prenota"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appuntamento")
        verbose_name_plural = _("appuntamenti")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["operator", "starts_at"]),
                   models.Index(fields=["person", "starts_at"])]
