"""The audited actions of ``people`` (people, consent and privacy notices) and their
Italian labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

PERSON_CREATED = "person.created"
PERSON_UPDATED = "person.updated"
PERSON_READ = "person.read"
PERSON_CONSENT_RECORDED = "person.consent_recorded"
PERSON_CONTACT_RECORDED = "person.contact_recorded"
PERSON_EXPORT = "person.export"
PRIVACY_NOTICE_PUBLISHED = "privacy_notice.published"
PRIVACY_NOTICE_MADE_CURRENT = "privacy_notice.made_current"

LABELS = {
    PERSON_CREATED: _("Persona registrata"),
    PERSON_UPDATED: _("Dati della persona modificati"),
    PERSON_READ: _("Consultazione della scheda persona"),
    PERSON_CONSENT_RECORDED: _("Consenso registrato"),
    PERSON_CONTACT_RECORDED: _("Accoglienza registrata"),
    PERSON_EXPORT: _("Esportazione dell'elenco delle persone"),
    PRIVACY_NOTICE_PUBLISHED: _("Informativa privacy pubblicata"),
    PRIVACY_NOTICE_MADE_CURRENT: _("Informativa privacy messa in vigore"),
}
