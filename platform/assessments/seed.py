"""Seed data for a new tenant: the "Insieme per il lavoro" screening.

Bologna's "Insieme per il lavoro" scores people in its fragility-profile
channel with indicators taken from the Emilia-Romagna fragility index
(L.R. 14/2015); 11 points or more lead to a second interview. The official
item table could not be verified: the items below follow the index's areas
and are editable data, marked as unverified, never constants in code.
Idempotent: an existing instrument with this code (any version, possibly
edited by the administrator) is left alone.
"""

from django.db import connection

from assessments.data import InstrumentData, ItemData, OptionData
from assessments.models import UNVERIFIED_NOTE, Instrument, TriggerAction
from assessments.services import build_instrument

CODE = "insieme-per-il-lavoro"

ITEMS = [
    ("Condizione lavorativa", "Situazione attuale rispetto al lavoro.", [
        ("Occupato stabilmente", 0),
        ("Occupato con lavoro precario, saltuario o part-time non scelto", 1),
        ("Disoccupato da meno di 12 mesi", 2),
        ("Disoccupato da 12 mesi o più, o mai occupato", 3)]),
    ("Situazione economica e reddito", "Reddito del nucleo rispetto ai bisogni (ISEE se noto).", [
        ("Reddito adeguato ai bisogni del nucleo", 0),
        ("Reddito insufficiente ma stabile", 1),
        ("Reddito discontinuo o solo da sostegni pubblici", 2),
        ("Nessun reddito, o debiti che non riesce a sostenere", 3)]),
    ("Situazione abitativa", "", [
        ("Abitazione adeguata e stabile", 0),
        ("Abitazione adeguata ma con costi difficili da sostenere", 1),
        ("Abitazione precaria o sovraffollata, oppure sfratto in corso", 2),
        ("Senza dimora o in una struttura di accoglienza", 3)]),
    ("Salute", "Solo quanto incide sulla possibilità di lavorare.", [
        ("Nessun problema di salute che limiti il lavoro", 0),
        ("Problemi lievi, gestibili", 1),
        ("Problemi che limitano alcune attività o invalidità riconosciuta", 2),
        ("Problemi gravi o dipendenze, in carico ai servizi sanitari", 3)]),
    ("Carichi familiari e di cura", "", [
        ("Nessun carico di cura", 0),
        ("Carichi di cura gestibili con aiuti", 1),
        ("Figli piccoli o familiari non autosufficienti, con pochi aiuti", 2),
        ("Genitore solo o unico caregiver, senza aiuti", 3)]),
    ("Rete sociale e relazionale", "", [
        ("Rete familiare e amicale che sostiene", 0),
        ("Rete limitata", 1),
        ("Rete molto debole", 2),
        ("Isolamento sociale", 3)]),
    ("Competenze e istruzione", "Titolo di studio, competenze spendibili, lingua italiana.", [
        ("Titolo e competenze spendibili sul mercato del lavoro", 0),
        ("Competenze da aggiornare", 1),
        ("Bassa scolarità o titoli esteri non riconosciuti", 2),
        ("Difficoltà con la lingua italiana o analfabetismo funzionale", 3)]),
    ("Autonomia e mobilità", "", [
        ("Autonomo negli spostamenti, con patente e mezzo proprio", 0),
        ("Si sposta con i mezzi pubblici senza difficoltà", 1),
        ("Difficoltà negli spostamenti", 2),
        ("Non autonomo negli spostamenti", 3)]),
]

SCREENING = InstrumentData(
    name="Screening «Insieme per il lavoro» (profilo di fragilità)",
    description=(
        "Primo colloquio del canale di accompagnamento dopo la valutazione del profilo di "
        "fragilità (Bologna, «Insieme per il lavoro»), con indicatori tratti dalle aree "
        "dell'indice di fragilità dell'Emilia-Romagna (L.R. 14/2015). Con 11 punti o più "
        "si fissa un secondo colloquio."),
    threshold=11,
    trigger_action=TriggerAction.SECOND_INTERVIEW,
    trigger_offset_days=1,
    is_unverified=True,
    unverified_note=UNVERIFIED_NOTE,
    items=[ItemData(text=text, help=help_, options=[OptionData(label, weight)
                                                    for label, weight in options])
           for text, help_, options in ITEMS],
)


def seed_tenant(*, tenant) -> None:
    if Instrument.objects.filter(code=CODE).exists():
        return
    build_instrument(code=CODE, version=1, data=SCREENING, created_by=None)
    # Check the new rows' foreign keys now rather than at commit: provisioning
    # runs in one transaction, and a schema with pending (deferred) trigger
    # events cannot be dropped in it, e.g. when provisioning fails later on.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
