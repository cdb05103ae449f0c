"""Validation of the Cliclavoro payloads against the ministry XSDs, and the
problems shown to the operator in Italian.

One compiled ``etree.XMLSchema`` per payload and revision, loaded once on
first use (the variants share one namespace, so never one schema for all).
lxml answers valid/invalid on the fast path; only an invalid document is
read again by ``xmlschema.iter_errors()``, which gives each error's element
and reason, translated here into "Il campo «…» …" with a hint, at the domain
field the operator edits (``FIELDS``, the one table of labels)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = [
    "FIELDS", "KIND_CANDIDATURA", "KIND_MESSAGGIO", "KIND_VACANCY", "NAMESPACES", "ROOTS",
    "SCHEMA_FILES", "PayloadProblem", "element_path", "field_label", "lxml_schema", "parse",
    "problem", "validate", "xsd_problems",
]

KIND_VACANCY, KIND_CANDIDATURA, KIND_MESSAGGIO = "vacancy", "candidatura", "messaggio"

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "cliclavoro"
# kind -> the XSD the builders follow (revision in the name).
SCHEMA_FILES: dict[str, str] = {
    KIND_CANDIDATURA: "Rev.038 - CL - Allegato 4 - Candidatura.xsd",
    KIND_VACANCY: "Rev.064 - CL - Allegato 4 - Ricerca personale.xsd",
    KIND_MESSAGGIO: "Rev.038 - CL - Allegato 4 - Messaggio.xsd",
}
NAMESPACES: dict[str, str] = {
    KIND_CANDIDATURA: "http://servizi.lavoro.gov.it/candidatura",
    KIND_VACANCY: "http://servizi.lavoro.gov.it/vacancy",
    KIND_MESSAGGIO: "http://servizi.lavoro.gov.it/messaggio",
}
ROOTS: dict[str, str] = {KIND_CANDIDATURA: "Candidatura", KIND_VACANCY: "Vacancy",
                         KIND_MESSAGGIO: "Messaggio"}
MAX_PROBLEMS = 50  # per document: past that, the operator has other troubles


@dataclass(frozen=True)
class PayloadProblem:
    path: str  # "/Candidatura/Lavoratore/DatiAnagrafici/codicefiscale"
    field: str  # the domain field, in Italian: "Codice fiscale della persona"
    message: str  # what is wrong, in Italian
    hint: str  # how to fix it, in Italian


# --- The one table of labels: element path -> (domain field, where to fix it) ----------

_C = "/Candidatura"
_CV = f"{_C}/DatiCurriculari"
_CS = f"{_C}/DatiSistema"
_V = "/Vacancy"
_VD = f"{_V}/DatoreLavoro"
_VP = f"{_V}/Richiesta/ProfiloRichiesto"
_VI = f"{_V}/Richiesta/IstruzioneFormazione"
_VC = f"{_V}/Richiesta/CondizioniOfferte"
_VS = f"{_V}/DatiSistema"
_M = "/Messaggio"

_PERSON = "nella scheda della persona"
_CVH = "nel curriculum della persona"
_EMPLOYER = "nella scheda dell'azienda"
_VACANCY = "nella scheda dell'offerta"
_TENANT = ("nei dati dell'ente (amministratore: Impostazioni dell'ente) o nell'autorizzazione "
           "all'intermediazione")
_SYSTEM = "è compilato dalla piattaforma: segnalarlo all'assistenza"

FIELDS: dict[str, tuple[str, str]] = {
    _C: ("Documento Candidatura", _SYSTEM),
    _V: ("Documento Vacancy", _SYSTEM),
    _M: ("Documento Messaggio", _SYSTEM),
    # Candidatura: the worker
    f"{_C}/Lavoratore/DatiAnagrafici/codicefiscale": ("Codice fiscale della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/cognome": ("Cognome della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/nome": ("Nome della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/sesso": ("Sesso della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/datanascita": ("Data di nascita della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/idcomune": ("Luogo di nascita della persona", _PERSON),
    f"{_C}/Lavoratore/DatiAnagrafici/idcittadinanza": ("Cittadinanza della persona", _PERSON),
    f"{_C}/Lavoratore/Domicilio/idcomune": ("Comune di domicilio del curriculum", _CVH),
    f"{_C}/Lavoratore/Domicilio/cap": ("CAP di domicilio della persona", _PERSON),
    f"{_C}/Lavoratore/Recapiti/email": ("E-mail della persona", _PERSON),
    # Candidatura: the CV
    f"{_CV}/EsperienzeLavorative/tipoesperienza": ("Tipo di contratto di un'esperienza", _CVH),
    f"{_CV}/EsperienzeLavorative/qualificasvolta": ("Professione svolta (CP2011)", _CVH),
    f"{_CV}/EsperienzeLavorative/descrqualificasvolta": ("Professione svolta (CP2011)", _CVH),
    f"{_CV}/EsperienzeLavorative/principalimansioni": ("Principali mansioni", _CVH),
    f"{_CV}/EsperienzeLavorative/nomedatore": ("Datore di lavoro di un'esperienza", _CVH),
    f"{_CV}/EsperienzeLavorative/datainizio": ("Inizio di un'esperienza", _CVH),
    f"{_CV}/EsperienzeLavorative/datafine": ("Fine di un'esperienza", _CVH),
    f"{_CV}/EsperienzeLavorative/indirizzodatore": ("Luogo di un'esperienza", _CVH),
    f"{_CV}/Istruzione/titolostudio": ("Titolo di studio", _CVH),
    f"{_CV}/Istruzione/descrizioneistruzione": ("Indirizzo o corso di laurea", _CVH),
    f"{_CV}/Istruzione/votazione": ("Votazione del titolo di studio", _CVH),
    f"{_CV}/Formazione/titolocorso": ("Titolo del corso di formazione", _CVH),
    f"{_CV}/Formazione/durata": ("Durata del corso (ore)", _CVH),
    f"{_CV}/Formazione/idtipologiadurata": ("Durata del corso (ore)", _CVH),
    f"{_CV}/Formazione/idattestazione": ("Attestazione del corso", _CVH),
    f"{_CV}/Lingue/idlingua": ("Lingua conosciuta", _CVH),
    f"{_CV}/Lingue/idlivelloletto": ("Livello di lettura di una lingua", _CVH),
    f"{_CV}/Lingue/idlivelloscritto": ("Livello di produzione scritta di una lingua", _CVH),
    f"{_CV}/Lingue/idlivelloparlato": ("Livello di interazione orale di una lingua", _CVH),
    f"{_CV}/ConoscenzeInformatiche/tipoconoscenza": ("Competenze digitali", _CVH),
    f"{_CV}/ConoscenzeInformatiche/specifiche": ("Altre competenze informatiche", _CVH),
    f"{_CV}/AbilitazioniPatenti/idalbo": ("Iscrizione a un albo", _CVH),
    f"{_CV}/AbilitazioniPatenti/idpatenteguida": ("Patente di guida", _CVH),
    f"{_CV}/AbilitazioniPatenti/idpatentino": ("Patentino o abilitazione", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita": ("Professioni desiderate", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/idprofessione": (
        "Professione desiderata (CP2011)", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/descrprofessione": (
        "Professione desiderata (CP2011)", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/descrizioneprofessione": (
        "Descrizione della professione desiderata", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/esperienzasettore": (
        "Esperienza nel settore", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/trasferte": ("Disponibile a trasferte", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/idmodalitalavorativa": (
        "Modalità di lavoro desiderate", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/idtipologiacontratto": (
        "Tipi di contratto desiderati", _CVH),
    f"{_CV}/ProfessioneDesiderataDisponibilita/mezzitrasporto": ("Automunito", _CVH),
    # Candidatura: the counter and the system
    f"{_CS}/ambitodiffusione": ("Ambito di diffusione", _SYSTEM),
    f"{_CS}/datainserimento": ("Data di inserimento", _SYSTEM),
    f"{_CS}/idintermediario": ("Numero di iscrizione all'Albo informatico", _TENANT),
    f"{_CS}/codicefiscaleintermediario": ("Codice fiscale dell'ente", _TENANT),
    f"{_CS}/denominazioneintermediario": ("Denominazione dell'ente", _TENANT),
    f"{_CS}/indirizzo": ("Indirizzo dello sportello", "nei contatti dello sportello"),
    f"{_CS}/telefono": ("Telefono dello sportello", "nei contatti dello sportello"),
    f"{_CS}/email": ("E-mail dello sportello", "nei contatti dello sportello"),
    f"{_CS}/visibilita": ("Visibilità del curriculum", _SYSTEM),
    f"{_CS}/tipocandidatura": ("Tipo di comunicazione", _SYSTEM),
    f"{_CS}/motivochiusura": ("Motivo della chiusura", _SYSTEM),
    f"{_CS}/codicecandidatura": ("Codice comunicazione", _SYSTEM),
    f"{_CS}/codicecandidaturaprecedente": ("Codice comunicazione precedente", _SYSTEM),
    # Vacancy: the employer
    f"{_VD}/DatiAnagrafici/codicefiscale": ("Codice fiscale o partita IVA dell'azienda",
                                            _EMPLOYER),
    f"{_VD}/DatiAnagrafici/denominazione": ("Ragione sociale dell'azienda", _EMPLOYER),
    f"{_VD}/DatiAnagrafici/settore": ("Settore ATECO dell'azienda", _EMPLOYER),
    f"{_VD}/DatiAnagrafici/ampiezza": ("Ampiezza dell'azienda (addetti)", _EMPLOYER),
    f"{_VD}/DatiAnagrafici/web": ("Sito web dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/indirizzo": ("Indirizzo della sede dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/idcomune": ("Comune della sede dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/cap": ("CAP della sede dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/telefono": ("Telefono dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/fax": ("Fax dell'azienda", _EMPLOYER),
    f"{_VD}/DatiContatto/email": ("E-mail dell'azienda", _EMPLOYER),
    # Vacancy: the offer
    f"{_VP}/numerolavoratori": ("Posti", _VACANCY),
    f"{_VP}/idprofessione": ("Professione (CP2011)", _VACANCY),
    f"{_VP}/descrprofessione": ("Professione (CP2011)", _VACANCY),
    f"{_VP}/descrizionericerca": ("Titolo e descrizione dell'offerta", _VACANCY),
    f"{_VP}/esperienzarichiesta": ("Esperienza richiesta (mesi)", _VACANCY),
    f"{_VP}/descrizioneesperienza": ("Esperienza richiesta (mesi)", _VACANCY),
    f"{_VI}/titolostudio/idtitolostudio": ("Titolo di studio richiesto", _VACANCY),
    f"{_VI}/titolostudio/descrizionestudio": ("Titolo di studio richiesto", _VACANCY),
    f"{_VI}/idalbo": ("Iscrizione a un albo richiesta", _VACANCY),
    f"{_VI}/Lingua/idlingua": ("Lingua richiesta", _VACANCY),
    f"{_VI}/Lingua/idlivelloletto": ("Livello (QCER) della lingua richiesta", _VACANCY),
    f"{_VI}/Lingua/idlivelloscritto": ("Livello (QCER) della lingua richiesta", _VACANCY),
    f"{_VI}/Lingua/idlivelloparlato": ("Livello (QCER) della lingua richiesta", _VACANCY),
    f"{_VI}/conoscenzeinformatiche": ("Competenze informatiche", _VACANCY),
    f"{_VI}/idpatenteguida": ("Patente di guida richiesta", _VACANCY),
    f"{_VI}/idpatentino": ("Patentino o abilitazione richiesti", _VACANCY),
    f"{_VC}/idcomune": ("Comune del posto di lavoro", _VACANCY),
    f"{_VC}/idtipologiacontratto": ("Tipo di contratto", _VACANCY),
    f"{_VC}/idccnl": ("CCNL", _VACANCY),
    f"{_VC}/idmodalitalavoro": ("Modalità di lavoro", _VACANCY),
    f"{_VC}/ulterioricondizioni": ("Ore settimanali", _VACANCY),
    f"{_V}/Richiesta/DurataRichiesta/datapubblicazione": ("Data di pubblicazione", _VACANCY),
    f"{_V}/Richiesta/DurataRichiesta/datascadenza": ("Pubblicata fino al", _VACANCY),
    f"{_V}/AltreInformazioni/N.O.": ("Altre informazioni (N.O.)", _SYSTEM),
    f"{_VS}/intermediario": ("Numero di iscrizione all'Albo informatico", _TENANT),
    f"{_VS}/codicefiscaleintermediario": ("Codice fiscale dell'ente", _TENANT),
    f"{_VS}/denominazioneintermediario": ("Denominazione dell'ente", _TENANT),
    f"{_VS}/indirizzo": ("Indirizzo dello sportello", "nei contatti dello sportello"),
    f"{_VS}/telefono": ("Telefono dello sportello", "nei contatti dello sportello"),
    f"{_VS}/email": ("E-mail dello sportello", "nei contatti dello sportello"),
    f"{_VS}/visibilita": ("Consenso dell'azienda alla pubblicazione del nome", _EMPLOYER),
    f"{_VS}/tipoofferta": ("Tipo di comunicazione", _SYSTEM),
    f"{_VS}/motivochiusura": ("Motivo della chiusura", _VACANCY),
    f"{_VS}/codiceofferta": ("Codice comunicazione", _SYSTEM),
    f"{_VS}/codiceoffertaprecedente": ("Codice comunicazione precedente", _SYSTEM),
    f"{_VS}/codiceoffertaintermediario": ("Codice dell'offerta presso lo sportello", _SYSTEM),
    # Messaggio: the counter writes to the employer
    f"{_M}/Mittente/tiposoggetto": ("Tipo di mittente", _SYSTEM),
    f"{_M}/Mittente/Interlocutore/codicefiscale": ("Codice fiscale dell'ente", _TENANT),
    f"{_M}/Mittente/Interlocutore/codiceintermediario": (
        "Numero di iscrizione all'Albo informatico", _TENANT),
    f"{_M}/Mittente/Interlocutore/denominazione": ("Denominazione dell'ente", _TENANT),
    f"{_M}/Mittente/Interlocutore/indirizzo": ("Indirizzo dello sportello",
                                               "nei contatti dello sportello"),
    f"{_M}/Mittente/Interlocutore/comune": ("Comune dello sportello", _TENANT),
    f"{_M}/Mittente/Interlocutore/telefono": ("Telefono dello sportello",
                                              "nei contatti dello sportello"),
    f"{_M}/Mittente/Interlocutore/email": ("E-mail dello sportello",
                                           "nei contatti dello sportello"),
    f"{_M}/Mittente/Interlocutore/codiceoffertacandidatura": (
        "Codice comunicazione del curriculum", "trasmettere prima il curriculum a Cliclavoro"),
    f"{_M}/Destinatario/Interlocutore/codicefiscale": (
        "Codice fiscale o partita IVA dell'azienda", _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/denominazione": ("Ragione sociale dell'azienda",
                                                       _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/indirizzo": ("Indirizzo della sede dell'azienda",
                                                   _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/comune": ("Comune della sede dell'azienda", _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/telefono": ("Telefono dell'azienda", _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/email": ("E-mail dell'azienda", _EMPLOYER),
    f"{_M}/Destinatario/Interlocutore/codiceoffertacandidatura": (
        "Codice comunicazione dell'offerta", "trasmettere prima l'offerta a Cliclavoro"),
    f"{_M}/Corpo/testomessaggio": ("Testo del messaggio", _SYSTEM),
    f"{_M}/Corpo/contattopositivo": ("Esito del contatto", _SYSTEM),
    f"{_M}/DatiSistema/tipocomunicazione": ("Tipo di comunicazione", _SYSTEM),
    f"{_M}/DatiSistema/data": ("Data del messaggio", _SYSTEM),
    f"{_M}/DatiSistema/codicemessaggio": ("Codice comunicazione", _SYSTEM),
    f"{_M}/DatiSistema/codicemessaggioprecedente": ("Codice comunicazione precedente",
                                                    _SYSTEM),
}
# Several elements share a name (idcomune, cap, email...) across the three
# payloads: the table is keyed by the whole path, never by the name alone.


def field_label(path: str) -> tuple[str, str]:
    """(the domain field in Italian, where to fix it) for an element path; an
    unknown path still gets an Italian label naming the element."""
    known = FIELDS.get(path)
    if known is not None:
        return known
    name = path.rsplit("/", 1)[-1] or path
    return (f"Campo «{name}» del tracciato Cliclavoro",
            "nei dati da cui è costruito (persona, curriculum, azienda o offerta)")


def problem(path: str, message: str, hint: str = "") -> PayloadProblem:
    """A problem at ``path``, labelled from ``FIELDS``; ``hint`` defaults to
    "Correggere il dato <where>."."""
    label, where = field_label(path)
    if not hint:
        hint = (f"Il dato {where}." if where.startswith("è ") else
                f"Correggere il dato {where}, poi ritrasmettere.")
    return PayloadProblem(path=path, field=label, message=message, hint=hint)


# --- Schemas, compiled once ------------------------------------------------------------

_lock = threading.Lock()
_lxml: dict[str, etree.XMLSchema] = {}
_xmlschema: dict[str, object] = {}


def _check_kind(kind: str) -> None:
    if kind not in SCHEMA_FILES:
        raise ValueError(f"Tipo di tracciato «{kind}» sconosciuto: "
                         f"{', '.join(SCHEMA_FILES)}.")


def lxml_schema(kind: str) -> etree.XMLSchema:
    """The compiled lxml schema of ``kind`` (loaded once, on first use)."""
    schema = _lxml.get(kind)
    if schema is None:
        _check_kind(kind)
        with _lock:
            schema = _lxml.get(kind)
            if schema is None:
                parser = etree.XMLParser(resolve_entities=False, no_network=True)
                document = etree.parse(str(SCHEMA_DIR / SCHEMA_FILES[kind]), parser)
                schema = _lxml[kind] = etree.XMLSchema(document)
    return schema


def _explainer(kind: str):
    schema = _xmlschema.get(kind)
    if schema is None:
        import xmlschema

        with _lock:
            schema = _xmlschema.get(kind)
            if schema is None:
                schema = _xmlschema[kind] = xmlschema.XMLSchema(
                    str(SCHEMA_DIR / SCHEMA_FILES[kind]))
    return schema


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_blank_text=False)


def parse(xml: bytes) -> etree._Element:
    """A payload parsed safely (as bytes: a ``str`` with a declaration is
    refused by lxml)."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return etree.fromstring(xml, _PARSER)


# --- Explaining an invalid document ----------------------------------------------------

def element_path(element) -> str:
    """"/Root/Child/leaf" by local names, no positions."""
    names = []
    while element is not None:
        tag = element.tag
        if isinstance(tag, str):
            names.append(tag.rsplit("}", 1)[-1])
        element = element.getparent()
    return "/" + "/".join(reversed(names))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _translated(error) -> PayloadProblem:
    """One xmlschema error as the operator reads it."""
    element = error.elem
    path = element_path(element) if element is not None else (error.path or "/")
    validator = type(error.validator).__name__
    if type(error).__name__ == "XMLSchemaChildrenValidationError":
        # Only a required element expected means "missing"; optional ones
        # expected around an intruder mean the intruder is the fault.
        expected = [_local(item.name) for item in (error.expected or ())
                    if getattr(item, "name", None) and getattr(item, "min_occurs", 1) > 0]
        child = error.invalid_child
        present = {_local(node.tag) for node in element if isinstance(node.tag, str)} \
            if element is not None else set()
        # The expected element further on: it is not missing, the intruder is wrong.
        expected = [name for name in expected if name not in present or child is None]
        if expected and (child is None or _local(child.tag) not in expected):
            missing = f"{path}/{expected[0]}"
            label, _ = field_label(missing)
            return problem(missing, f"Il campo «{label}» è obbligatorio e manca.",
                           "")
        if child is not None:
            where = f"{path}/{_local(child.tag)}"
            label, _ = field_label(where)
            return problem(where, f"Il campo «{label}» non è previsto in questa posizione o è "
                                  f"ripetuto più volte di quanto il tracciato ammetta.")
        label, _ = field_label(path)
        return problem(path, f"Nel gruppo «{label}» manca un dato obbligatorio.")
    label, _ = field_label(path)
    value = error.obj if not hasattr(error.obj, "tag") else (error.obj.text or "")
    facet = error.validator
    if validator == "XsdMaxLengthFacet":
        message = (f"Il campo «{label}» supera la lunghezza massima di {facet.value} "
                   f"caratteri ammessa da Cliclavoro.")
        hint = "Accorciare il testo"
    elif validator == "XsdMinLengthFacet":
        message = (f"Il campo «{label}» è vuoto o troppo corto (servono almeno {facet.value} "
                   f"caratteri).") if facet.value > 1 else f"Il campo «{label}» è vuoto."
        hint = "Compilare il dato"
    elif validator == "XsdLengthFacet":
        message = f"Il campo «{label}» deve essere lungo esattamente {facet.value} caratteri."
        hint = "Correggere il dato"
    elif validator == "XsdEnumerationFacets":
        allowed = ", ".join(str(item) for item in facet.enumeration)
        message = (f"Il campo «{label}» ha un valore non ammesso («{_shown(value)}»): valori "
                   f"ammessi {allowed}.")
        hint = "Scegliere un valore ammesso"
    elif validator == "XsdPatternFacets":
        message = (f"Il campo «{label}» non ha il formato richiesto da Cliclavoro "
                   f"(valore «{_shown(value)}»).")
        hint = "Correggere il dato o scegliere il codice dalla tabella"
    elif validator == "XsdAtomicBuiltin":
        message = f"Il campo «{label}» non è una data o un valore valido («{_shown(value)}»)."
        hint = "Correggere la data"
    else:
        message = f"Il campo «{label}» non è valido secondo il tracciato del ministero."
        hint = "Correggere il dato"
    _, where = field_label(path)
    hint = f"Il dato {where}." if where.startswith("è ") else f"{hint} {where}."
    return PayloadProblem(path=path, field=label, message=message, hint=hint)


def xsd_problems(kind: str, root: etree._Element) -> tuple[PayloadProblem, ...]:
    """The XSD's complaints about ``root``: () when lxml finds it valid."""
    try:
        if lxml_schema(kind).validate(root):
            return ()
    except etree.XMLSchemaValidateError as exc:
        return (problem(f"/{ROOTS[kind]}", f"Il documento non può essere verificato sul "
                                           f"tracciato del ministero ({_shown(exc)})."),)
    found: list[PayloadProblem] = []
    for error in _explainer(kind).iter_errors(root):
        item = _translated(error)
        if item not in found:
            found.append(item)
        if len(found) >= MAX_PROBLEMS:
            break
    if not found:  # lxml and xmlschema disagree: still never "valid"
        entry = lxml_schema(kind).error_log.last_error
        reason = _shown(entry.message if entry else "")
        found.append(problem(f"/{ROOTS[kind]}", f"Il documento non rispetta il tracciato del "
                                                f"ministero ({reason})."))
    return tuple(found)


def validate(kind: str, xml: bytes) -> tuple[PayloadProblem, ...]:
    """The problems of payload ``xml`` of ``kind`` against its XSD (``()``:
    valid). A document that is not XML, or of another kind, is one problem."""
    _check_kind(kind)
    try:
        root = parse(xml)
    except etree.XMLSyntaxError as exc:
        return (problem(f"/{ROOTS[kind]}", f"Il documento non è XML ben formato: "
                                           f"{_shown(exc.msg)}."),)
    if root.getroottree().docinfo.internalDTD is not None:
        return (problem(f"/{ROOTS[kind]}", "Il documento contiene una DTD (dichiarazioni di "
                                           "entità): i tracciati Cliclavoro non la ammettono."),)
    expected = f"{{{NAMESPACES[kind]}}}{ROOTS[kind]}"
    if root.tag != expected:
        return (problem(f"/{ROOTS[kind]}", f"Il documento non è un tracciato {ROOTS[kind]} "
                                           f"(trovato «{_shown(_local(str(root.tag)))}»)."),)
    return xsd_problems(kind, root)
