"""The rete delle reti (public schema): the vacancies and the anonymous
candidate profiles the counters publish for every other counter and for
anyone to read, and the requests for contact between counters.

An entry is a copy made by the publishing counter (``jobs.publishing``) from
its own rows; it holds no name, contact, codice fiscale, exact birth date or
identifying free text of a person. It lives as long as its source may be
published: a withdrawal, the vacancy's closure or the person's withdrawn
consent deletes it in the same transaction."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Tenant

# Limits declared once; forms, serializers and services import them.
TITLE_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 200
CODE_MAX_LENGTH = 20
NAME_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 2000
PRESENTATION_MAX_LENGTH = 600
SKILL_MAX_LENGTH = 80
AVAILABILITY_MAX_LENGTH = 120
MAX_PROFESSIONS = 10
MAX_SKILLS = 20
MESSAGE_MAX_LENGTH = 2000
AGE_BAND_WIDTH = 5


class EntryKind(models.TextChoices):
    VACANCY = "offerta", _("Offerta di lavoro")
    PROFILE = "profilo", _("Profilo di candidato (anonimo)")


class ExchangeEntry(models.Model):
    kind = models.CharField(_("tipo"), max_length=10, choices=EntryKind.choices)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="exchange_entries",
                               verbose_name=_("sportello che pubblica"))
    source_id = models.PositiveBigIntegerField(_("identificativo presso lo sportello"))
    # What both kinds carry.
    title = models.CharField(_("titolo"), max_length=TITLE_MAX_LENGTH)
    profession_codes = ArrayField(models.CharField(max_length=CODE_MAX_LENGTH), default=list,
                                  blank=True, verbose_name=_("professioni (CP2011)"))
    profession_labels = ArrayField(models.CharField(max_length=LABEL_MAX_LENGTH), default=list,
                                   blank=True, verbose_name=_("professioni"))
    province = models.CharField(_("provincia"), max_length=2, blank=True)
    education_level = models.CharField(_("titolo di studio (livello)"),
                                       max_length=CODE_MAX_LENGTH, blank=True)
    education_label = models.CharField(_("titolo di studio"), max_length=LABEL_MAX_LENGTH,
                                       blank=True)
    contract_type = models.CharField(_("tipo di contratto"), max_length=CODE_MAX_LENGTH,
                                     blank=True)
    contract_label = models.CharField(_("contratto"), max_length=LABEL_MAX_LENGTH, blank=True)
    working_mode = models.CharField(_("modalità di lavoro"), max_length=CODE_MAX_LENGTH,
                                    blank=True)
    working_mode_label = models.CharField(_("modalità"), max_length=LABEL_MAX_LENGTH, blank=True)
    # A vacancy: the employer's data (never a citizen's), where it is.
    employer_name = models.CharField(_("datore di lavoro"), max_length=NAME_MAX_LENGTH,
                                     blank=True)
    comune_code = models.CharField(_("comune (codice)"), max_length=4, blank=True)
    comune_name = models.CharField(_("comune"), max_length=LABEL_MAX_LENGTH, blank=True)
    positions = models.PositiveSmallIntegerField(_("posti"), null=True, blank=True)
    summary = models.TextField(_("descrizione"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    publish_until = models.DateField(_("pubblicata fino al"), null=True, blank=True)
    # A profile: five-year age band, skills, availability; no identity.
    age_band = models.CharField(_("fascia d'età"), max_length=5, blank=True)
    languages = models.JSONField(_("lingue"), default=list, blank=True,
                                 help_text=_("[{\"lingua\": codice, \"livello\": codice}]"))
    licences = ArrayField(models.CharField(max_length=CODE_MAX_LENGTH), default=list,
                          blank=True, verbose_name=_("patenti e patentini"))
    digital_skills = ArrayField(models.CharField(max_length=SKILL_MAX_LENGTH), default=list,
                                blank=True, verbose_name=_("competenze digitali"))
    availability = models.CharField(_("disponibilità"), max_length=AVAILABILITY_MAX_LENGTH,
                                    blank=True)
    presentation = models.TextField(_("presentazione"), max_length=PRESENTATION_MAX_LENGTH,
                                    blank=True)
    # Search: normalised words (exchange.search) and profession-code prefixes,
    # as a vector PostgreSQL computes, with its GIN index.
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(), db_persist=True,
    )
    published_at = models.DateTimeField(_("pubblicata il"))
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("annuncio della rete delle reti")
        verbose_name_plural = _("annunci della rete delle reti")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind", "source_id"],
                                    name="exchange_entry_one_per_source"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="exchange_search_vector"),
            models.Index(fields=["-published_at", "-id"], name="exchange_recent"),
            models.Index(fields=["kind", "-published_at", "-id"], name="exchange_kind_recent"),
            models.Index(fields=["province", "kind"], name="exchange_province"),
            models.Index(fields=["education_level"], name="exchange_education"),
            models.Index(fields=["contract_type"], name="exchange_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_vacancy(self) -> bool:
        return self.kind == EntryKind.VACANCY


class ContactRequest(models.Model):
    """A counter's staff asks the publishing counter for contact about an
    entry, inside the platform. The person's identity never travels here:
    the publishing counter answers and shares it off-platform if it will."""

    class Status(models.TextChoices):
        SENT = "inviata", _("Inviata")
        ANSWERED = "risposta", _("Risposta")
        DECLINED = "rifiutata", _("Rifiutata")

    TRANSITIONS = {Status.SENT: {Status.ANSWERED, Status.DECLINED}}

    entry = models.ForeignKey(ExchangeEntry, null=True, on_delete=models.SET_NULL,
                              related_name="contact_requests", verbose_name=_("annuncio"))
    # Kept when the entry is removed, so both counters still read the exchange.
    entry_kind = models.CharField(_("tipo di annuncio"), max_length=10,
                                  choices=EntryKind.choices)
    entry_title = models.CharField(_("annuncio"), max_length=TITLE_MAX_LENGTH)
    to_tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE,
                                  related_name="contact_requests_received",
                                  verbose_name=_("sportello che ha pubblicato"))
    from_tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE,
                                    related_name="contact_requests_sent",
                                    verbose_name=_("sportello che chiede"))
    # Users live in each counter's schema: named, not referenced.
    from_user_id = models.PositiveBigIntegerField()
    from_user_name = models.CharField(_("richiedente"), max_length=NAME_MAX_LENGTH)
    message = models.TextField(_("messaggio"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(_("stato"), max_length=10, choices=Status.choices,
                              default=Status.SENT)
    answer = models.TextField(_("risposta"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    answered_by_name = models.CharField(_("risposto da"), max_length=NAME_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("inviata il"), auto_now_add=True)
    answered_at = models.DateTimeField(_("risposta il"), null=True, blank=True)

    class Meta:
        verbose_name = _("richiesta di contatto")
        verbose_name_plural = _("richieste di contatto")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_tenant", "status"], name="contact_request_received"),
            models.Index(fields=["from_tenant", "-created_at"], name="contact_request_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.from_tenant} → {self.to_tenant}: {self.entry_title}"


class ContactRequestEvent(models.Model):
    """One row per transition of a contact request."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ContactRequest.Status.choices,
                                   blank=True)
    to_status = models.CharField(max_length=10, choices=ContactRequest.Status.choices)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    user_name = models.CharField(max_length=NAME_MAX_LENGTH)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
