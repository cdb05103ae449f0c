"""The supervisor's view of the conferrals (public schema): per counter and
destination, how many messages are in each state and since when the oldest
undelivered one waits. Counts only: no subject, code or personal datum.

Kept in step by integrations.outbox.services.move, in the transaction of
every change of state (an UPDATE with F() deltas, which also locks the row,
then the oldest undelivered one's date re-read)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConferralSummary(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE,
                               related_name="conferral_summaries")
    destination = models.CharField(_("destinazione"), max_length=40)
    pending = models.IntegerField(_("da inviare"), default=0)
    sending = models.IntegerField(_("in invio"), default=0)
    retrying = models.IntegerField(_("in errore, nuovo tentativo"), default=0)
    sent = models.IntegerField(_("inviati"), default=0)
    dead = models.IntegerField(_("rifiutati"), default=0)
    invalid = models.IntegerField(_("non validi"), default=0)
    cancelled = models.IntegerField(_("annullati"), default=0)
    oldest_pending_at = models.DateTimeField(_("in attesa dal"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("riepilogo dei conferimenti")
        constraints = [models.UniqueConstraint(fields=["tenant", "destination"],
                                               name="conferral_summary_unique")]
        ordering = ["tenant__name", "destination"]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.destination}"
