"""The outbox of a tenant: each record conferred to a national system is one
OutboxMessage, written in the same transaction as the business change that
asks for it; its changes of state are OutboxEvents, its exchanges with the
national node OutboxAttempts (the exchange log kept for audit).

A message names its subject by (kind, subject_id), with no foreign key to
the domain models: the outbox imports no domain package."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from integrations.outbox.states import State

CODE_LENGTH = 25
DESTINATION_MAX_CHARS = 40
KIND_MAX_CHARS = 20
LABEL_MAX_CHARS = 200
NOTE_MAX_CHARS = 1000
ERROR_CODE_MAX_CHARS = 60
MESSAGE_ID_MAX_CHARS = 100
# The communication codes' per-tenant serial (created by migration 0001 in
# every tenant schema).
SERIAL_SEQUENCE = "outbox_communication_serial"


class OutboxMessage(models.Model):
    destination = models.CharField(_("destinazione"), max_length=DESTINATION_MAX_CHARS)
    kind = models.CharField(_("tipo"), max_length=KIND_MAX_CHARS)
    subject_id = models.BigIntegerField(_("record di origine"))
    subject_label = models.CharField(_("descrizione"), max_length=LABEL_MAX_CHARS, blank=True)
    closing = models.BooleanField(_("chiusura"), default=False)
    code = models.CharField(_("codice comunicazione"), max_length=CODE_LENGTH, unique=True)
    previous_code = models.CharField(_("codice comunicazione precedente"),
                                     max_length=CODE_LENGTH, blank=True)
    serial = models.BigIntegerField(_("progressivo"))
    state = models.CharField(_("stato"), max_length=12, choices=State.choices,
                             default=State.PENDING)
    xml = models.BinaryField(_("XML da inviare"), default=bytes)
    problems = models.JSONField(_("problemi"), default=list, blank=True)
    attempts = models.PositiveIntegerField(_("tentativi"), default=0)
    # Some attempt may have reached the node without its answer reaching us
    # (a timeout, a lost reply, a worker stopped mid-send): such a message is
    # never silently cancelled or chained around, only completed.
    maybe_received = models.BooleanField(default=False)
    next_attempt_at = models.DateTimeField(_("prossimo tentativo"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    current_attempt = models.ForeignKey("OutboxAttempt", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    reply_description = models.TextField(_("esito"), blank=True)
    anomaly_code = models.CharField(_("codice anomalia"), max_length=ERROR_CODE_MAX_CHARS,
                                    blank=True)
    last_error = models.TextField(_("ultimo errore"), blank=True)
    sent_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("conferimento")
        verbose_name_plural = _("conferimenti")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["destination", "kind", "subject_id", "id"],
                         name="outbox_subject_idx"),
            models.Index(fields=["destination", "state", "created_at"],
                         name="outbox_state_idx"),
            # A sent message's successors (chained updates and closures) are
            # looked up by previous_code on every delivery batch.
            models.Index(fields=["previous_code"], name="outbox_previous_code_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def state_label(self) -> str:
        from integrations.outbox.states import label

        return label(self.state, next_attempt_at=self.next_attempt_at)


class OutboxEvent(models.Model):
    """One per transition: who (a user, or the system), when, why."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"

    @property
    def from_label(self) -> str:
        return str(State(self.from_state).label) if self.from_state else "Creato"

    @property
    def to_label(self) -> str:
        return str(State(self.to_state).label)


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_corso", _("In corso")
    OK = "ok", _("Accettato")
    ALREADY = "gia_ricevuto", _("Già acquisito dal nodo")
    KO = "ko", _("Rifiutato")
    TRANSIENT = "errore_temporaneo", _("Errore temporaneo")
    INTERRUPTED = "interrotto", _("Interrotto")


class OutboxAttempt(models.Model):
    """One exchange with the national node: the exchange log."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE,
                                related_name="attempt_log")
    number = models.PositiveIntegerField()
    wsa_message_id = models.CharField(max_length=MESSAGE_ID_MAX_CHARS)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices,
                               default=Outcome.IN_PROGRESS)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)
    request_xml = models.BinaryField(default=bytes)
    response_xml = models.BinaryField(default=bytes)
    error_code = models.CharField(max_length=ERROR_CODE_MAX_CHARS, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["started_at"], name="outbox_attempt_started_idx")]

    def __str__(self) -> str:
        return f"{self.number}: {self.outcome}"
