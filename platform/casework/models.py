"""The desk's casework (tenant schema): consultations given to a person, the
documents attached to them, and the pathways (microcredit, job) followed as
explicit state machines: the stage lives on the pathway, every transition is
a PathwayEvent, so the history can be replayed (casework.pathways)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, BeneficiaryType, Lender
from desks.models import Service
from people.models import Person

MAX_DURATION_MINUTES = 600
MAX_TOPIC_LENGTH = 80
MAX_TOPICS = 20
DOCUMENT_DESCRIPTION_MAX_LENGTH = 200


class ConsultationMode(models.TextChoices):
    IN_PERSON = "presenza", _("In presenza")
    PHONE = "telefono", _("Telefono")
    VIDEO = "video", _("Videochiamata")


class Consultation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consultations",
                               verbose_name=_("persona"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="consultations", verbose_name=_("operatore"))
    occurred_at = models.DateTimeField(_("data e ora"))
    duration_minutes = models.PositiveSmallIntegerField(_("durata (minuti)"))
    mode = models.CharField(_("modalità"), max_length=10, choices=ConsultationMode.choices)
    topics = ArrayField(models.CharField(max_length=MAX_TOPIC_LENGTH), default=list, blank=True,
                        verbose_name=_("argomenti"))
    services = models.ManyToManyField(Service, blank=True, related_name="consultations",
                                      verbose_name=_("servizi erogati"))
    notes = models.TextField(_("note"), blank=True)
    next_steps = models.TextField(_("prossimi passi"), blank=True)
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("consulenza")
        verbose_name_plural = _("consulenze")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_at"]),
                   models.Index(fields=["occurred_at"]),
                   models.Index(fields=["operator", "occurred_at"])]

    def __str__(self) -> str:
        return f"Consulenza del {self.occurred_at:%d/%m/%Y}"


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", _("Immagine JPEG")
    PNG = "png", _("Immagine PNG")
    ODT = "odt", _("Documento OpenDocument (ODT)")
    DOCX = "docx", _("Documento Word (DOCX)")


class ConsultationDocument(models.Model):
    """A file attached to a consultation. Stored under MEDIA_ROOT/<schema>/ and
    never served by the web server: only through an access-checked view."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="documents")
    file = models.FileField(_("file"), max_length=300)
    original_name = models.CharField(_("nome del file"), max_length=200)
    doc_type = models.CharField(_("tipo"), max_length=5, choices=DocumentType.choices)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    description = models.CharField(_("descrizione"), max_length=DOCUMENT_DESCRIPTION_MAX_LENGTH,
                                   blank=True)
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("documento della consulenza")
        verbose_name_plural = _("documenti delle consulenze")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class PathwayKind(models.TextChoices):
    MICROCREDIT = "microcredito", _("Microcredito e autoimpiego")
    JOB = "lavoro", _("Lavoro")


class Stage(models.TextChoices):
    """Every stage of both kinds; casework.pathways says which belong to which
    kind and which transitions are allowed."""

    # Microcredit
    FIRST_CONTACT = "primo_contatto", _("Primo contatto")
    INFORMATION = "informazione", _("Informazione")
    ORIENTATION = "orientamento", _("Orientamento")
    BUSINESS_IDEA = "idea_impresa", _("Idea d'impresa")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    SENT_TO_LENDER = "invio_finanziatore", _("Invio al finanziatore")
    LENDER_ASSESSMENT = "istruttoria", _("Istruttoria del finanziatore")
    APPROVED = "approvato", _("Approvato")
    REFUSED = "rifiutato", _("Rifiutato")
    WITHDRAWN = "ritirato", _("Ritirato")
    DISBURSED = "erogato", _("Erogato")
    TUTORING = "tutoraggio", _("Tutoraggio")
    REPAYING = "in_ammortamento", _("In ammortamento")
    # Job
    CV = "cv", _("Curriculum vitae")
    ACTIVE_SEARCH = "ricerca_attiva", _("Ricerca attiva")
    REFERRAL = "invio", _("Invio a datore di lavoro o servizio")
    PLACED = "collocato", _("Collocato")
    # Both
    CLOSED = "chiuso", _("Chiuso")


class Pathway(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pathways",
                               verbose_name=_("persona"))
    kind = models.CharField(_("tipo di percorso"), max_length=15, choices=PathwayKind.choices)
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    opened_at = models.DateTimeField(_("aperto il"))
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # Microcredit
    beneficiary_type = models.CharField(_("tipo di beneficiario"), max_length=20,
                                        choices=BeneficiaryType.choices,
                                        default=BeneficiaryType.ORDINARY)
    lender = models.ForeignKey(Lender, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("finanziatore"))
    requested_amount = models.DecimalField(_("importo richiesto (€)"), max_digits=AMOUNT_MAX_DIGITS,
                                           decimal_places=AMOUNT_DECIMAL_PLACES, null=True,
                                           blank=True)
    disbursed_amount = models.DecimalField(_("importo erogato (€)"), max_digits=AMOUNT_MAX_DIGITS,
                                           decimal_places=AMOUNT_DECIMAL_PLACES, null=True,
                                           blank=True)
    disbursed_on = models.DateField(_("data di erogazione"), null=True, blank=True)
    # Job
    referred_to = models.CharField(_("inviato a"), max_length=200, blank=True)
    contract_type = models.CharField(_("tipo di contratto"), max_length=30, blank=True)
    placed_on = models.DateField(_("data di assunzione"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("percorso")
        verbose_name_plural = _("percorsi")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], condition=Q(closed_at__isnull=True),
                                    name="one_open_pathway_per_kind"),
        ]
        indexes = [models.Index(fields=["kind", "opened_at"])]

    def __str__(self) -> str:
        return f"Percorso {self.get_kind_display().lower()} di {self.person}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PathwayEvent(models.Model):
    """One transition of a pathway (the first one opens it: no ``from_stage``).
    Written once, never changed: replaying them gives the pathway's stage."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(_("dalla fase"), max_length=20, choices=Stage.choices,
                                  blank=True)
    to_stage = models.CharField(_("alla fase"), max_length=20, choices=Stage.choices)
    occurred_at = models.DateTimeField(_("quando"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("operatore"))
    actor_label = models.CharField(max_length=254, blank=True)
    data = models.JSONField(_("dati"), default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("passaggio di fase")
        verbose_name_plural = _("passaggi di fase")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["pathway", "occurred_at"]),
                   models.Index(fields=["to_stage", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"
