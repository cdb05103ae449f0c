"""Seed data for a new tenant: the counter's service list (the minimum set of
the SILLA job desks and of the microcredit desks), opening hours and message
models. Editable data, never constants: the administrator changes them.
Idempotent: running it again adds only what is missing and changes nothing."""

from datetime import time

from desks.models import MessageTemplate, OpeningHours, Service

JOB = Service.Area.JOB
MICRO = Service.Area.MICROCREDIT

SERVICES = [
    # SILLA "Sportello Lavoro": the minimum services.
    ("lavoro-fabbisogni-vacancy", JOB,
     "Raccolta dei fabbisogni delle imprese e bacheca delle offerte di lavoro",
     "Raccolta delle richieste di personale delle imprese e pubblicazione delle offerte "
     "nella bacheca pubblica."),
    ("lavoro-incentivi-assunzioni", JOB, "Informazioni su incentivi e agevolazioni alle assunzioni",
     ""),
    ("lavoro-autoimpiego-occasionale", JOB,
     "Informazioni su autoimpiego e lavoro occasionale",
     "Avvio di un'attività autonoma, prestazioni occasionali (PrestO, Libretto Famiglia)."),
    ("lavoro-borse-tirocini", JOB, "Borse di studio e tirocini", ""),
    ("lavoro-settori-professioni", JOB, "Settori e professioni in crescita", ""),
    ("lavoro-servizi-territorio", JOB,
     "Altri servizi del territorio (Informagiovani, sportelli impresa)", ""),
    ("lavoro-invio-servizi-impiego", JOB,
     "Invio ai servizi per l'impiego per il piano d'azione individuale",
     "Orientamento verso il Centro per l'impiego: DID, patto di servizio personalizzato."),
    ("lavoro-cv-europass", JOB, "Aiuto nella redazione del CV Europass e delle candidature", ""),
    ("lavoro-siti-incontro", JOB,
     "Aiuto nell'uso dei siti di incontro tra domanda e offerta di lavoro", ""),
    ("lavoro-formazione", JOB, "Bacheca delle opportunità di formazione", ""),
    ("lavoro-opportunita-microcredito", JOB, "Opportunità di microcredito", ""),
    # Microcredit and self-employment desks.
    ("micro-informazione", MICRO, "Informazione sul microcredito",
     "Cos'è il microcredito, chi può accedervi, limiti e garanzie (Fondo di Garanzia PMI)."),
    ("micro-orientamento-idea", MICRO, "Orientamento sull'idea d'impresa", ""),
    ("micro-business-plan", MICRO, "Supporto alla redazione del business plan", ""),
    ("micro-invio-finanziatore", MICRO, "Invio a un finanziatore convenzionato", ""),
    ("micro-tutoraggio-strategia", MICRO,
     "Tutoraggio: strategia di sviluppo dell'attività", "Servizio ausiliario obbligatorio."),
    ("micro-tutoraggio-formazione", MICRO,
     "Tutoraggio: formazione sulla gestione d'impresa", "Servizio ausiliario obbligatorio."),
    ("micro-tutoraggio-marketing", MICRO, "Tutoraggio: marketing",
     "Servizio ausiliario obbligatorio."),
    ("micro-tutoraggio-amministrativo", MICRO,
     "Tutoraggio: problemi legali, fiscali e amministrativi",
     "Servizio ausiliario obbligatorio."),
]

TEMPLATES = [
    ("promemoria-appuntamento", "Promemoria appuntamento",
     "Promemoria del suo appuntamento - {{ sportello }}",
     "Gentile {{ nome }} {{ cognome }},\n\n"
     "le ricordiamo l'appuntamento presso lo sportello {{ dell_ente }}, "
     "{{ data_appuntamento }} alle ore {{ ora_appuntamento }}.\n\n"
     "Se non può venire, ci avvisi per liberare l'orario.\n\n"
     "Cordiali saluti,\n{{ operatore }}\n{{ sportello }}"),
    ("richiesta-documenti", "Richiesta di documenti",
     "Documenti da portare allo sportello - {{ sportello }}",
     "Gentile {{ nome }} {{ cognome }},\n\n"
     "per proseguire il suo percorso le chiediamo di portare allo sportello "
     "(o di inviarci) i seguenti documenti:\n\n{{ documenti }}\n\n"
     "Cordiali saluti,\n{{ operatore }}\n{{ sportello }}"),
    ("generico", "Messaggio generico", "Comunicazione dallo sportello {{ dell_ente }}",
     "Gentile {{ nome }} {{ cognome }},\n\n{{ testo }}\n\n"
     "Cordiali saluti,\n{{ operatore }}\n{{ sportello }}"),
]

WEEKDAYS = range(5)  # Monday to Friday
OPENS, CLOSES, SLOT_MINUTES = time(9, 0), time(13, 0), 30


# Services for people already followed by the counter: never offered to the public.
INTERNAL_PREFIXES = ("micro-tutoraggio-",)


def seed_tenant(*, tenant) -> None:
    for order, (code, area, name, description) in enumerate(SERVICES, start=1):
        Service.objects.get_or_create(code=code, defaults={
            "area": area, "name": name, "description": description, "order": order * 10,
            "is_public": not code.startswith(INTERNAL_PREFIXES)})
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens_at=OPENS, closes_at=CLOSES,
                         slot_minutes=SLOT_MINUTES) for day in WEEKDAYS)
    for code, name, subject, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(code=code, defaults={
            "name": name, "subject": subject, "body": body})
