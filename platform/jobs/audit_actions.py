"""The job desk's audited actions: stable codes and their Italian labels."""

from django.utils.translation import gettext_lazy as _

EMPLOYER_CREATED = "jobs.employer_created"
EMPLOYER_UPDATED = "jobs.employer_updated"
EMPLOYER_CONSENT_RECORDED = "jobs.employer_consent_recorded"
EMPLOYER_SITE_ADDED = "jobs.employer_site_added"
EMPLOYER_CONTACT_ADDED = "jobs.employer_contact_added"
EMPLOYERS_EXPORTED = "jobs.employers_exported"
CONVENTION_SAVED = "jobs.convention_saved"
NEED_SUBMITTED = "jobs.need_submitted"
NEED_READ = "jobs.need_read"
NEED_REVIEWED = "jobs.need_reviewed"
NEED_REFUSED = "jobs.need_refused"
NEED_CONVERTED = "jobs.need_converted"
VACANCY_CREATED = "jobs.vacancy_created"
VACANCY_UPDATED = "jobs.vacancy_updated"
VACANCY_PUBLISHED = "jobs.vacancy_published"
VACANCY_CLOSED = "jobs.vacancy_closed"
VACANCIES_EXPORTED = "jobs.vacancies_exported"
AUTHORISATION_RECORDED = "jobs.authorisation_recorded"

LABELS = {
    EMPLOYER_CREATED: _("Azienda registrata"),
    EMPLOYER_UPDATED: _("Dati dell'azienda modificati"),
    EMPLOYER_CONSENT_RECORDED: _("Consenso dell'azienda registrato"),
    EMPLOYER_SITE_ADDED: _("Sede dell'azienda aggiunta"),
    EMPLOYER_CONTACT_ADDED: _("Referente dell'azienda aggiunto"),
    EMPLOYERS_EXPORTED: _("Elenco delle aziende esportato"),
    CONVENTION_SAVED: _("Convenzione con l'azienda registrata"),
    NEED_SUBMITTED: _("Richiesta di personale ricevuta dal sito"),
    NEED_READ: _("Richiesta di personale consultata (dati del referente)"),
    NEED_REVIEWED: _("Richiesta di personale esaminata"),
    NEED_REFUSED: _("Richiesta di personale respinta"),
    NEED_CONVERTED: _("Richiesta di personale trasformata in offerta"),
    VACANCY_CREATED: _("Offerta di lavoro creata"),
    VACANCY_UPDATED: _("Offerta di lavoro modificata"),
    VACANCY_PUBLISHED: _("Offerta di lavoro pubblicata"),
    VACANCY_CLOSED: _("Offerta di lavoro chiusa"),
    VACANCIES_EXPORTED: _("Elenco delle offerte esportato"),
    AUTHORISATION_RECORDED: _("Autorizzazione all'intermediazione registrata"),
}


# The CV and matching actions (their constants live next to their services:
# jobs.services.candidates and jobs.services.matching).
LABELS.update({
    "jobs.candidate_saved": _("Curriculum: profilo e disponibilità salvati"),
    "jobs.cv_part_added": _("Curriculum: voce aggiunta"),
    "jobs.cv_part_removed": _("Curriculum: voce eliminata"),
    "jobs.cv_part_changed": _("Curriculum: voce modificata"),
    "jobs.cv_read": _("Curriculum letto"),
    "jobs.cv_printed": _("Curriculum stampato in PDF"),
    "jobs.application_proposed": _("Candidato proposto per un'offerta"),
    "jobs.application_advanced": _("Candidatura: passaggio di stato"),
    "jobs.interview_scheduled": _("Colloquio fissato"),
    "jobs.interview_outcome": _("Esito del colloquio registrato"),
})

# Boards and "Mi interessa" (jobs.services.boards).
BOARD_ITEM_SAVED = "board_item.saved"
BOARD_ITEM_PUBLISHED = "board_item.published"
BOARD_ITEM_WITHDRAWN = "board_item.withdrawn"
INTEREST_RECEIVED = "interest.received"
INTEREST_HANDLED = "interest.handled"
INTEREST_NOTICE_SENT = "interest.notice_sent"
LABELS.update({
    BOARD_ITEM_SAVED: _("Annuncio in bacheca salvato"),
    BOARD_ITEM_PUBLISHED: _("Annuncio in bacheca pubblicato"),
    BOARD_ITEM_WITHDRAWN: _("Annuncio in bacheca ritirato"),
    INTEREST_RECEIVED: _("«Mi interessa» ricevuto su un'offerta"),
    INTEREST_HANDLED: _("«Mi interessa» gestito"),
    INTEREST_NOTICE_SENT: _("«Mi interessa» segnalato per e-mail allo sportello"),
})

# The anonymous profile in the rete delle reti (jobs.publishing).
PROFILE_PUBLISHED = "jobs.profile_published"
PROFILE_WITHDRAWN = "jobs.profile_withdrawn"
LABELS.update({
    PROFILE_PUBLISHED: _("Profilo anonimo pubblicato nella rete delle reti"),
    PROFILE_WITHDRAWN: _("Profilo anonimo ritirato dalla rete delle reti"),
})
