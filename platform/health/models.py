"""Worker checks: an administrator asks the background worker to answer,
and the answer records which schema the worker ran in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerCheck(models.Model):
    requested_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(_("completata il"), null=True, blank=True)
    worker_schema = models.CharField(_("schema visto dal worker"), max_length=63, blank=True)
    worker_host = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verifica del worker")
        verbose_name_plural = _("verifiche del worker")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Verifica del worker del {self.requested_at:%d/%m/%Y %H:%M:%S}"

    @property
    def seconds(self) -> float | None:
        if self.completed_at is None:
            return None
        return (self.completed_at - self.requested_at).total_seconds()
