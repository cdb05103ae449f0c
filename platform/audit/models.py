"""The append-only record of sensitive actions.

Each schema keeps its own: a tenant's events (with its users) in the tenant
schema, national ones in the public schema. A database trigger refuses
UPDATE and DELETE, so not even a bug or the admin can rewrite history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    action = models.CharField(_("azione"), max_length=60, db_index=True)
    actor_id = models.BigIntegerField(_("id utente"), null=True, blank=True)
    actor_label = models.CharField(_("chi"), max_length=254, blank=True)
    target_type = models.CharField(_("tipo di oggetto"), max_length=60, blank=True)
    target_id = models.CharField(_("id oggetto"), max_length=64, blank=True)
    target_label = models.CharField(_("oggetto"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("da dove (IP)"), null=True, blank=True)
    user_agent = models.CharField(_("client"), max_length=300, blank=True)
    details = models.JSONField(_("dettagli"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evento di audit")
        verbose_name_plural = _("eventi di audit")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.actor_label}"

    @property
    def action_label(self) -> str:
        from audit.actions import label_of

        return label_of(self.action)
