"""Employers (aziende), their seats, contacts, consents and the agreements
(convenzioni) they sign with the desk."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ADDRESS_MAX_CHARS", "CAP_LENGTH", "CODE_MAX_CHARS", "COMUNE_CODE_LENGTH",
    "CONVENTION_REFERENCE_MAX_CHARS", "CONVENTION_SUBJECT_MAX_CHARS", "CODICE_FISCALE_LENGTH",
    "EMAIL_MAX_CHARS", "EMPLOYER_NAME_MAX_CHARS", "PARTITA_IVA_LENGTH", "PERSON_NAME_MAX_CHARS",
    "PHONE_MAX_CHARS", "ROLE_MAX_CHARS", "WEBSITE_MAX_CHARS", "Convention", "Employer",
    "EmployerConsent", "EmployerConsentPurpose", "EmployerContact", "EmployerSite",
]

# --- Limits, declared once: services check them, forms and serializers import them.
EMPLOYER_NAME_MAX_CHARS = 200
CODICE_FISCALE_LENGTH = 16  # a person's (sole trader's) codice fiscale
PARTITA_IVA_LENGTH = 11  # a company's partita IVA (and its numeric codice fiscale)
CODE_MAX_CHARS = 20  # any code of the code tables (codes.tables)
COMUNE_CODE_LENGTH = 4  # codice Belfiore
ADDRESS_MAX_CHARS = 200
CAP_LENGTH = 5
PHONE_MAX_CHARS = 30
EMAIL_MAX_CHARS = 254
WEBSITE_MAX_CHARS = 200
PERSON_NAME_MAX_CHARS = 100
ROLE_MAX_CHARS = 100
CONVENTION_REFERENCE_MAX_CHARS = 60
CONVENTION_SUBJECT_MAX_CHARS = 300


class Employer(models.Model):
    """A company or other employer the desk works with. Identified by its
    codice fiscale (16 characters for a sole trader, 11 digits for a company)
    and/or its partita IVA (11 digits)."""

    name = models.CharField(_("ragione sociale"), max_length=EMPLOYER_NAME_MAX_CHARS)
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=CODICE_FISCALE_LENGTH,
                                      null=True, blank=True, unique=True)
    partita_iva = models.CharField(_("partita IVA"), max_length=PARTITA_IVA_LENGTH, null=True,
                                   blank=True, unique=True)
    ateco_code = models.CharField(_("settore ATECO"), max_length=CODE_MAX_CHARS, blank=True)
    size_code = models.CharField(_("ampiezza (addetti)"), max_length=CODE_MAX_CHARS, blank=True)
    address = models.CharField(_("indirizzo della sede legale"), max_length=ADDRESS_MAX_CHARS,
                               blank=True)
    comune_code = models.CharField(_("comune della sede legale"), max_length=COMUNE_CODE_LENGTH,
                                   blank=True)
    cap = models.CharField(_("CAP"), max_length=CAP_LENGTH, blank=True)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_CHARS, blank=True)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_CHARS, blank=True)
    pec = models.EmailField(_("PEC"), max_length=EMAIL_MAX_CHARS, blank=True)
    website = models.CharField(_("sito web"), max_length=WEBSITE_MAX_CHARS, blank=True)
    notes = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("attiva"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("azienda")
        verbose_name_plural = _("aziende")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["ateco_code"]),
                   models.Index(fields=["comune_code"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(codice_fiscale__isnull=False) | Q(partita_iva__isnull=False),
                name="employer_has_tax_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tax_code(self) -> str:
        return self.partita_iva or self.codice_fiscale or ""


class EmployerSite(models.Model):
    """A seat (sede) of the employer: the legal seat, an operating seat."""

    class Kind(models.TextChoices):
        LEGAL = "legale", _("Sede legale")
        OPERATING = "operativa", _("Sede operativa")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="sites")
    kind = models.CharField(_("tipo di sede"), max_length=10, choices=Kind.choices,
                            default=Kind.OPERATING)
    name = models.CharField(_("denominazione"), max_length=EMPLOYER_NAME_MAX_CHARS, blank=True)
    address = models.CharField(_("indirizzo"), max_length=ADDRESS_MAX_CHARS)
    comune_code = models.CharField(_("comune"), max_length=COMUNE_CODE_LENGTH)
    cap = models.CharField(_("CAP"), max_length=CAP_LENGTH, blank=True)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_CHARS, blank=True)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sede")
        verbose_name_plural = _("sedi")
        ordering = ["employer", "kind", "id"]

    def __str__(self) -> str:
        return self.name or self.address


class EmployerContact(models.Model):
    """A person to talk to at the employer (referente)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    site = models.ForeignKey(EmployerSite, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="contacts", verbose_name=_("sede"))
    first_name = models.CharField(_("nome"), max_length=PERSON_NAME_MAX_CHARS)
    last_name = models.CharField(_("cognome"), max_length=PERSON_NAME_MAX_CHARS)
    role = models.CharField(_("ruolo"), max_length=ROLE_MAX_CHARS, blank=True)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_CHARS, blank=True)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_CHARS, blank=True)
    is_primary = models.BooleanField(_("referente principale"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referente")
        verbose_name_plural = _("referenti")
        ordering = ["employer", "-is_primary", "last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmployerConsentPurpose(models.TextChoices):
    CONTACT = "contatto", _("Essere contattata dallo sportello")
    DATA_PROCESSING = "trattamento", _("Trattamento dei dati dell'azienda e dei referenti")
    PUBLICATION = "pubblicazione", _("Pubblicazione del nome dell'azienda negli annunci")


class EmployerConsent(models.Model):
    """One given or withdrawn consent of the employer, as people's consents:
    the history is the table, never updated."""

    class Method(models.TextChoices):
        PAPER = "cartaceo", _("Modulo cartaceo firmato")
        DIGITAL = "digitale", _("Firma digitale o modulo online")
        ORAL = "verbale", _("Dichiarazione verbale registrata dall'operatore")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("finalità"), max_length=20,
                               choices=EmployerConsentPurpose.choices)
    given = models.BooleanField(_("consenso dato"))
    given_on = models.DateField(_("data del consenso"))
    method = models.CharField(_("modalità"), max_length=20, choices=Method.choices)
    recorded_at = models.DateTimeField(_("registrato il"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("consenso dell'azienda")
        verbose_name_plural = _("consensi delle aziende")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["employer", "purpose", "-recorded_at"])]

    def __str__(self) -> str:
        state = _("dato") if self.given else _("revocato")
        return f"{self.get_purpose_display()}: {state}"


class Convention(models.Model):
    """An agreement (convenzione) between the employer and the desk, in force
    from ``starts_on`` to ``ends_on`` (both included; no end: open-ended)."""

    class Kind(models.TextChoices):
        INTERMEDIATION = "intermediazione", _("Intermediazione e preselezione")
        INTERNSHIP = "tirocini", _("Tirocini")
        INCLUSION = "inserimento", _("Inserimento lavorativo (L. 68/1999 e fasce deboli)")
        OTHER = "altro", _("Altro")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="conventions")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices,
                            default=Kind.INTERMEDIATION)
    reference = models.CharField(_("numero o protocollo"),
                                 max_length=CONVENTION_REFERENCE_MAX_CHARS, blank=True)
    subject = models.CharField(_("oggetto"), max_length=CONVENTION_SUBJECT_MAX_CHARS)
    signed_on = models.DateField(_("firmata il"), null=True, blank=True)
    starts_on = models.DateField(_("in vigore dal"))
    ends_on = models.DateField(_("in vigore fino al"), null=True, blank=True)
    notes = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convenzione")
        verbose_name_plural = _("convenzioni")
        ordering = ["employer", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="convention_ends_on_or_after_start"),
        ]

    def __str__(self) -> str:
        return self.subject

    def in_force_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
