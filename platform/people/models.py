"""The citizens who come to the desk, their consents and their contacts.

Tenant schema only: personal data never leave the administration's schema.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Maschio")
    FEMALE = "F", _("Femmina")


class EducationLevel(models.TextChoices):
    NONE = "nessuno", _("Nessun titolo")
    PRIMARY = "elementare", _("Licenza elementare")
    LOWER_SECONDARY = "media", _("Licenza media")
    VOCATIONAL = "qualifica", _("Qualifica professionale")
    UPPER_SECONDARY = "diploma", _("Diploma di scuola superiore")
    BACHELOR = "laurea_triennale", _("Laurea triennale")
    MASTER = "laurea_magistrale", _("Laurea magistrale o a ciclo unico")
    DOCTORATE = "dottorato", _("Dottorato o master di II livello")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "occupato", _("Occupato")
    UNEMPLOYED_DID = "disoccupato_did", _("Disoccupato con DID")
    UNEMPLOYED = "disoccupato", _("Disoccupato senza DID")
    INACTIVE = "inattivo", _("Inattivo")
    STUDENT = "studente", _("Studente")
    NEET = "neet", _("NEET (15-29 anni, né studio né lavoro)")


class Vulnerability(models.TextChoices):
    DISABILITY = "disabilita", _("Disabilità (L. 68/1999)")
    SINGLE_PARENT = "genitore_solo", _("Genitore solo con figli a carico")
    LONG_TERM_UNEMPLOYED = "disoccupato_lunga_durata", _("Disoccupato di lunga durata")
    MIGRANT = "migrante", _("Persona migrante o rifugiata")
    SOCIAL_SERVICES = "servizi_sociali", _("In carico ai servizi sociali")
    HOUSING = "disagio_abitativo", _("Disagio abitativo")
    OVER_50 = "over_50", _("Over 50 in cerca di lavoro")
    DEBT = "sovraindebitamento", _("Sovraindebitamento")


# The limits of what is typed, declared once: the forms and the API's
# serializers import them.
CODICE_FISCALE_LENGTH = 16
NAME_MAX_LENGTH = 100
PLACE_CODE_LENGTH = 4
PLACE_NAME_MAX_LENGTH = 120
CITIZENSHIP_CODE_LENGTH = 3
ADDRESS_MAX_LENGTH = 200
CAP_LENGTH = 5
PHONE_MAX_LENGTH = 30
EMAIL_MAX_LENGTH = 254
NOTICE_VERSION_MAX_LENGTH = 20
NOTICE_TITLE_MAX_LENGTH = 200
REFERRED_BY_MAX_LENGTH = 200


class Person(models.Model):
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=CODICE_FISCALE_LENGTH,
                                      null=True, blank=True, unique=True)
    first_name = models.CharField(_("nome"), max_length=NAME_MAX_LENGTH)
    last_name = models.CharField(_("cognome"), max_length=NAME_MAX_LENGTH)
    sex = models.CharField(_("sesso"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("data di nascita"))
    birth_place_code = models.CharField(_("codice Belfiore del luogo di nascita"),
                                        max_length=PLACE_CODE_LENGTH)
    birth_place_name = models.CharField(_("luogo di nascita"), max_length=PLACE_NAME_MAX_LENGTH)
    citizenship_code = models.CharField(_("cittadinanza (codice)"),
                                        max_length=CITIZENSHIP_CODE_LENGTH, default="000")
    residence_address = models.CharField(_("indirizzo di residenza"),
                                         max_length=ADDRESS_MAX_LENGTH, blank=True)
    residence_comune = models.CharField(_("comune di residenza"), max_length=PLACE_NAME_MAX_LENGTH,
                                        blank=True)
    residence_cap = models.CharField(_("CAP di residenza"), max_length=CAP_LENGTH, blank=True)
    domicile_address = models.CharField(_("indirizzo di domicilio (se diverso)"),
                                        max_length=ADDRESS_MAX_LENGTH, blank=True)
    domicile_comune = models.CharField(_("comune di domicilio"), max_length=PLACE_NAME_MAX_LENGTH,
                                       blank=True)
    domicile_cap = models.CharField(_("CAP di domicilio"), max_length=CAP_LENGTH, blank=True)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_LENGTH, blank=True)
    phone_digits = models.CharField(max_length=30, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_LENGTH, blank=True)
    education_level = models.CharField(_("titolo di studio"), max_length=20,
                                       choices=EducationLevel.choices, blank=True)
    employment_status = models.CharField(_("condizione occupazionale"), max_length=20,
                                         choices=EmploymentStatus.choices, blank=True)
    vulnerabilities = ArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices), default=list, blank=True,
        verbose_name=_("condizioni di vulnerabilità"),
    )
    # Names, codice fiscale, phone digits and e-mail, lower-case and without
    # accents (people.search.normalize), written by the services; the vector
    # is computed by PostgreSQL and answers prefix queries through its GIN
    # index ("ross:* & mar:*"): built in, no extension needed.
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(), db_persist=True,
    )
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        ordering = ["last_name", "first_name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="person_search_vector"),
            models.Index(fields=["last_name", "first_name"]),
            models.Index(models.functions.Lower("email"), name="person_email_lower"),
            # The people list's filters.
            models.Index(fields=["created_at"], name="person_created_at"),
            models.Index(fields=["employment_status"], name="person_employment_status"),
            GinIndex(fields=["vulnerabilities"], name="person_vulnerabilities"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ConsentPurpose(models.TextChoices):
    SERVICE = "erogazione", _("Erogazione dei servizi dello sportello")
    NATIONAL_SYSTEMS = "trasmissione", _("Trasmissione ai sistemi nazionali (Cliclavoro)")
    JOB_EXCHANGE = "borsa_lavoro", _("Pubblicazione nella borsa del lavoro")
    NEWSLETTER = "newsletter", _("Newsletter")


class PrivacyNotice(models.Model):
    """An informativa privacy (art. 13 GDPR), versioned: consents cite the
    version the person read."""

    version = models.CharField(_("versione"), max_length=NOTICE_VERSION_MAX_LENGTH, unique=True)
    title = models.CharField(_("titolo"), max_length=NOTICE_TITLE_MAX_LENGTH)
    text = models.TextField(_("testo"))
    valid_from = models.DateField(_("in vigore dal"))
    is_current = models.BooleanField(_("in vigore"), default=True)

    class Meta:
        verbose_name = _("informativa privacy")
        verbose_name_plural = _("informative privacy")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.title} (v. {self.version})"


class ConsentRecord(models.Model):
    """One given or withdrawn consent: the history is the table, never updated."""

    class Method(models.TextChoices):
        PAPER = "cartaceo", _("Modulo cartaceo firmato")
        DIGITAL = "digitale", _("Firma digitale o modulo online")
        ORAL = "verbale", _("Dichiarazione verbale registrata dall'operatore")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("finalità"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("consenso dato"))
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("informativa"))
    method = models.CharField(_("modalità"), max_length=20, choices=Method.choices)
    recorded_at = models.DateTimeField(_("registrato il"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("consenso")
        verbose_name_plural = _("consensi")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "-recorded_at"])]

    def __str__(self) -> str:
        state = _("dato") if self.given else _("revocato")
        return f"{self.get_purpose_display()}: {state}"


class Contact(models.Model):
    """An accoglienza: one contact of the person with the desk."""

    class Channel(models.TextChoices):
        WALK_IN = "spontaneo", _("Accesso spontaneo allo sportello")
        PHONE = "telefono", _("Telefono")
        EMAIL = "email", _("E-mail")
        ONLINE_BOOKING = "prenotazione", _("Prenotazione online")
        SOCIAL_SERVICES = "servizi_sociali", _("Invio dai servizi sociali")
        THIRD_SECTOR = "terzo_settore", _("Invio da ente del terzo settore")
        COMMUNITY = "lavoro_comunita", _("Lavoro di comunità")
        YOUTH = "giovani", _("Progetto con scuole o giovani")
        SUAP = "suap", _("SUAP / sportello progetti d'impresa")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField(_("data e ora"))
    channel = models.CharField(_("canale di accesso"), max_length=20, choices=Channel.choices)
    referred_by = models.CharField(_("ente inviante"), max_length=REFERRED_BY_MAX_LENGTH,
                                   blank=True)
    reason = models.TextField(_("motivo dell'accesso"))
    information_given = models.TextField(_("prime informazioni fornite"), blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("operatore"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accoglienza")
        verbose_name_plural = _("accoglienze")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["person", "-occurred_at"]),
                   models.Index(fields=["channel", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.occurred_at:%d/%m/%Y})"
