"""The Cliclavoro payloads, built with lxml from the domain's objects.

- ``build_candidatura``: a person's CV (jobs.models.Candidate), Rev.038.
- ``build_vacancy``: a vacancy (jobs.models.Vacancy), "Ricerca personale" Rev.064.
- ``build_messaggio``: the counter tells the employer about a candidate
  proposed to its vacancy (jobs.models.Application), Messaggio Rev.038, by
  the two communication codes, never the person's identity.

Each element follows its XSD's ``xs:sequence`` order. Before the XSD, our own
checks (the XSD makes none of them): the codice fiscale's check letter,
ASCII digits, codes that exist and are in force in the code tables, at the
sixth CP2011 level; each failure is a ``PayloadProblem`` at the domain field
to fix. Then the XSD (lxml; xmlschema only to explain an invalid document),
then the destination's data contract. ``BuiltPayload.problems == ()`` means
all three pass; a payload with problems is never sent.

Builders read, never write. They read the intermediary (the counter: its
tenant's name, codice fiscale, the authorisation to intermediate in force,
the counter's contacts) from the current schema unless given one
(``intermediary=``, for batches), and the consents from the person's
prefetched ``consents`` when present (else one query)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone
from lxml import etree
from stdnum import luhn
from stdnum.it import codicefiscale as stdnum_cf

from codes import tables
from integrations.cliclavoro import vocab
from integrations.cliclavoro.codes import Kind, Module, parse_code
from integrations.cliclavoro.validation import (
    KIND_CANDIDATURA,
    KIND_MESSAGGIO,
    KIND_VACANCY,
    NAMESPACES,
    PayloadProblem,
    problem,
    xsd_problems,
)
from integrations.contracts.base import contract_problems_of
from integrations.contracts.cliclavoro import CANDIDATURA, MESSAGGIO, VACANCY

__all__ = [
    "PAYLOAD_KINDS", "ROME", "BuiltPayload", "Intermediary", "build_candidatura",
    "build_messaggio", "build_vacancy", "current_intermediary",
]

PAYLOAD_KINDS = (KIND_VACANCY, KIND_CANDIDATURA, KIND_MESSAGGIO)
ROME = ZoneInfo("Europe/Rome")
TRANSMISSION_CONSENT = "trasmissione"  # people.models.ConsentPurpose.NATIONAL_SYSTEMS
EMPLOYER_PUBLICATION_CONSENT = "pubblicazione"  # jobs EmployerConsentPurpose.PUBLICATION
# Candidatura DatiSistema/ambitodiffusione: the CV is conferred to the
# national exchange (the citizen's consent is to the national systems).
CANDIDATURA_AMBITO = vocab.AMBITO_NAZIONALE
# Messaggio: Mittente/tiposoggetto (1|2|3) and DatiSistema/tipocomunicazione
# (03|04). [da verificare] with the ministry's manual: we read 3 as
# "intermediario" and 03 as a new message (04 a reply).
MESSAGGIO_SENDER_KIND = "3"
MESSAGGIO_NEW, MESSAGGIO_REPLY = "03", "04"
# Vacancy AltreInformazioni/N.O. (Si-No, required by Rev.064). [da verificare]
VACANCY_NO = "NO"


@dataclass(frozen=True)
class BuiltPayload:
    kind: str
    code: str
    previous_code: str | None
    xml: bytes
    problems: tuple[PayloadProblem, ...]

    @property
    def is_valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Intermediary:
    """The counter as the national node knows it."""

    name: str
    codice_fiscale: str
    region: str  # tenants.models.Region value
    albo_number: str  # of the authorisation in force; "" when none
    address: str = ""
    phone: str = ""
    email: str = ""


def current_intermediary(on: date | None = None) -> Intermediary:
    """The counter of the current schema: its tenant and authorisation in force."""
    from desks.selectors import counter_contact
    from jobs.selectors.authorisation import authorisation_in_force

    tenant = connection.tenant
    authorisation = authorisation_in_force(on)
    contact = counter_contact()
    return Intermediary(
        name=getattr(tenant, "name", "") or "",
        codice_fiscale=getattr(tenant, "codice_fiscale", "") or "",
        region=getattr(tenant, "region", "") or "",
        albo_number=authorisation.albo_number if authorisation is not None else "",
        address=contact.address or "", phone=contact.phone or "", email=contact.email or "")


# --- Text as the schemas take it --------------------------------------------------------

# What XML 1.0 cannot carry (NUL and the other C0 controls but tab, LF, CR;
# lone surrogates; U+FFFE/FFFF): dropped, never sent.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_PHONE_NOISE = re.compile(r"[\s./()\-]")
_PHONE = re.compile(r"\+?[0-9]+", re.ASCII)
_CEFR = re.compile(r"[A-C][12]", re.ASCII)
_TWO_LETTERS = re.compile(r"[A-Z]{2}", re.ASCII)
_ATECO = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}", re.ASCII)
_CAP = re.compile(r"[0-9]{5}", re.ASCII)


def _clean(value: object, *, lines: bool = False) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # the common case: nothing to drop, fold or normalise
    text = _NOT_XML.sub("", unicodedata.normalize("NFC", text))
    if lines:
        return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
    return _SPACES.sub(" ", text).strip()


def _cut(text: str, limit: int) -> str:
    """Free text cut to the schema's length (names are never cut: see _name)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _yes(value: bool) -> str:
    return "SI" if value else "NO"


@functools.lru_cache(maxsize=256)
def _stamp(moment: datetime) -> str:
    """xs:dateTime in Europe/Rome, with its offset (a batch shares its moment)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, ROME)
    return moment.astimezone(ROME).isoformat(timespec="seconds")


def _latest_consent(owner, purpose: str, fallback: Callable[[], bool]) -> bool:
    """The latest record for ``purpose`` is a consent given: from the owner's
    prefetched ``consents`` when there (no query), else ``fallback()``."""
    prefetched = getattr(owner, "_prefetched_objects_cache", {}).get("consents")
    if prefetched is None:
        return fallback()
    records = [record for record in prefetched if record.purpose == purpose]
    if not records:
        return False
    return max(records, key=lambda record: (record.recorded_at, record.pk)).given


def _person_consents(person) -> bool:
    from people.selectors import has_consent

    return _latest_consent(person, TRANSMISSION_CONSENT,
                           lambda: has_consent(person=person, purpose=TRANSMISSION_CONSENT))


def _employer_publishes(employer) -> bool:
    from jobs.selectors.employers import has_consent

    return _latest_consent(employer, EMPLOYER_PUBLICATION_CONSENT, lambda: has_consent(
        employer=employer, purpose=EMPLOYER_PUBLICATION_CONSENT))


# --- The builder ----------------------------------------------------------------------

_sub = etree.SubElement
_TAGS: dict[str, dict[str, str]] = {}  # kind -> element name -> "{namespace}name"
_NSMAPS = {kind: {None: namespace} for kind, namespace in NAMESPACES.items()}


@functools.lru_cache(maxsize=16)
def _pairs(contract) -> frozenset[tuple[str, str]]:
    """A contract's allowed paths as (parent path, element name) pairs."""
    return frozenset(tuple(path.rsplit("/", 1)) for path in contract.allowed_paths
                     if path.count("/") > 1)


@functools.lru_cache(maxsize=256)
def _day(moment: datetime) -> date:
    """The day in Rome (codes are checked as in force on it)."""
    return moment.astimezone(ROME).date() if timezone.is_aware(moment) else moment.date()


class _Document:
    """One payload being built: the tree, the day, our own problems."""

    def __init__(self, kind: str, root: str, now: datetime | None):
        self.kind = kind
        self.ns = "{" + NAMESPACES[kind] + "}"
        self.tags = _TAGS.setdefault(kind, {})
        self.root = etree.Element(self.ns + root, nsmap=_NSMAPS[kind])
        self.now = now or timezone.now()
        self.today = _day(self.now)
        self.paths: dict = {self.root: "/" + root}  # element -> its path (the contract)
        self.problems: list[PayloadProblem] = []
        self.field_paths: set[str] = set()  # paths of field problems (XSD duplicates drop)
        self.other: list[PayloadProblem] = []  # not about one element (consent)
        self.leaves: list[tuple[str, str]] = []  # (parent path, name) of every element added

    def add(self, parent, name: str, text: str | None = None):
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = self.ns + name
        element = _sub(parent, tag)
        at = self.paths[parent]
        if text is not None:
            element.text = text
        else:  # a group: its children's paths start from it
            self.paths[element] = f"{at}/{name}"
        self.leaves.append((at, name))
        return element

    def wrong(self, path: str, message: str, hint: str = "") -> None:
        item = problem(path, message, hint)
        if item not in self.problems:
            self.problems.append(item)
        self.field_paths.add(path)

    def code(self, table: str, code: str, path: str, *, level: int | None = None,
             what: str = "") -> bool:
        message = vocab.code_error(table, code, on=self.today, level=level)
        if message is not None:
            self.wrong(path, f"{what}{message}" if what else message)
            return False
        return True

    def name(self, parent, path: str, name: str, value: object, limit: int,
             what: str) -> None:
        """A name the schema bounds (cognome, denominazione): never cut, refused
        when too long, so the national record is never of another name."""
        text = _clean(value)
        if not text:
            self.wrong(path, f"Manca {what}.")
        elif len(text) > limit:
            self.wrong(path, f"{what[0].upper()}{what[1:]} è di {len(text)} caratteri: "
                             f"Cliclavoro ne accetta al massimo {limit}.",
                       "Indicarlo nella forma abbreviata ammessa (per esempio «S.r.l.», "
                       "iniziali dei nomi ulteriori), poi ritrasmettere.")
        self.add(parent, name, text)

    def phone(self, parent, path: str, name: str, value: object) -> None:
        text = _PHONE_NOISE.sub("", _clean(value))
        if not text:
            return
        if len(text) > 15 or not _PHONE.fullmatch(text):
            self.wrong(path, f"Il telefono «{_cut(_clean(value), 30)}» non è un numero di al "
                             f"massimo 15 cifre.")
        self.add(parent, name, text)

    def communication(self, code: str, previous: str | None, module: Module,
                      closing: bool, path: str, previous_path: str) -> None:
        try:
            parsed = parse_code(code)
        except ValueError as exc:
            self.wrong(path, str(exc))
        else:
            if parsed.module != module:
                self.wrong(path, f"Il codice comunicazione {code} è di un altro modulo "
                                 f"({int(parsed.module)}, non {int(module)}).")
            wanted = Kind.CLOSE if closing else Kind.SEND
            if parsed.kind != wanted:
                self.wrong(path, f"Il codice comunicazione {code} è di tipo {int(parsed.kind)}: "
                                 f"per {'una chiusura' if closing else 'un invio'} serve il "
                                 f"tipo {int(wanted)}.")
        if previous is None:
            if closing:
                self.wrong(previous_path, "Una chiusura deve citare il codice comunicazione "
                                          "dell'ultimo invio.")
            return
        try:
            parsed_previous = parse_code(previous)
        except ValueError as exc:
            self.wrong(previous_path, str(exc))
            return
        if parsed_previous.module != module:
            self.wrong(previous_path, f"Il codice precedente {previous} è di un altro modulo.")
        if previous == code:
            self.wrong(previous_path, "Il codice precedente coincide con quello nuovo.")

    def intermediary(self, data: Intermediary, *, albo_path: str, cf_path: str) -> None:
        if not data.albo_number:
            self.wrong(albo_path, "Manca l'autorizzazione all'intermediazione in vigore "
                                  "(art. 6 D.Lgs. 276/2003): senza, lo sportello non può "
                                  "conferire dati a Cliclavoro.",
                       "L'amministratore registri l'autorizzazione e il numero di iscrizione "
                       "all'Albo informatico, poi ritrasmettere.")
        elif len(data.albo_number) > 11:
            self.wrong(albo_path, f"Il numero di iscrizione all'Albo «{data.albo_number}» "
                                  f"supera gli 11 caratteri ammessi da Cliclavoro.",
                       "L'amministratore lo indichi come assegnato dal ministero (al massimo "
                       "11 caratteri), poi ritrasmettere.")
        code = data.codice_fiscale
        if code and not _valid_numeric_code(code):
            self.wrong(cf_path, f"Il codice fiscale dell'ente «{code[:16]}» non è valido "
                                f"(11 cifre con la cifra di controllo).")

    def result(self, code: str, previous: str | None, contract) -> BuiltPayload:
        root = self.root
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        own = tuple(self.other) + tuple(self.problems)
        xsd = tuple(item for item in xsd_problems(self.kind, root)
                    if not self._covered(item.path))
        agreed = self._agreed(contract)
        return BuiltPayload(kind=self.kind, code=code, previous_code=previous, xml=xml,
                            problems=own + xsd + agreed)

    def _agreed(self, contract) -> tuple[PayloadProblem, ...]:
        """The data contract over what was built: every element added is known
        here by its path (``contract_problems`` walks the bytes for the same
        answer; this is the builders' fast path)."""
        outside = set(self.leaves) - _pairs(contract)
        fixed = contract.fixed_values
        if not outside and all(self._only(path, value) for path, value in fixed):
            return ()
        return contract_problems_of(contract, self.root)

    def _only(self, path: str, value: str) -> bool:
        """``path`` is there once, holding ``value``."""
        parent, name = path.rsplit("/", 1)
        holders = [element for element, at in self.paths.items() if at == parent]
        texts = [child.text for holder in holders for child in holder
                 if child.tag == self.ns + name]
        return texts == [value]

    def _covered(self, path: str) -> bool:
        """An XSD complaint at (or around) a field we already explained."""
        for known in self.field_paths:
            if path == known or path.startswith(known + "/") or known.startswith(path + "/"):
                return True
        return False


@functools.lru_cache(maxsize=8192)
def _valid_person_code(code: str) -> bool:
    """The check letter and date of a 16-character codice fiscale (stdnum;
    omocodia accepted). Pure, so cached: a resend checks nothing twice."""
    return stdnum_cf.is_valid(code)


@functools.lru_cache(maxsize=8192)
def _valid_numeric_code(code: str) -> bool:
    """An 11-digit partita IVA or numeric codice fiscale, its check digit."""
    return code.isascii() and len(code) == 11 and code.isdigit() and luhn.is_valid(code)


def _person_code(doc: _Document, path: str, value: str) -> str:
    code = _clean(value).upper()
    if not code:
        doc.wrong(path, "Manca il codice fiscale della persona: Cliclavoro lo richiede.")
    elif not code.isascii() or len(code) != 16:
        doc.wrong(path, f"Il codice fiscale «{_cut(code, 20)}» non è di 16 caratteri.")
    elif not _valid_person_code(code):
        doc.wrong(path, f"Il codice fiscale {code} non è valido: la lettera di controllo o la "
                        f"data non tornano.",
                  "Verificarlo sulla tessera sanitaria e correggerlo nella scheda della "
                  "persona, poi ritrasmettere.")
    return code


def _employer_code(doc: _Document, path: str, employer) -> str:
    code = _clean(employer.partita_iva or employer.codice_fiscale or "").upper()
    if not code:
        doc.wrong(path, "Manca il codice fiscale o la partita IVA dell'azienda.")
    elif not code.isascii():
        doc.wrong(path, f"Il codice «{_cut(code, 20)}» contiene caratteri non ammessi.")
    elif len(code) == 11:
        if not _valid_numeric_code(code):
            doc.wrong(path, f"La partita IVA {code} non è valida (cifra di controllo).")
    elif len(code) != 16 or not _valid_person_code(code):
        doc.wrong(path, f"Il codice fiscale dell'azienda {code} non è valido.")
    return code


def _email(doc: _Document, path: str, value: str, what: str) -> str:
    text = _clean(value)
    if not text:
        doc.wrong(path, f"Manca {what}: Cliclavoro la richiede.")
    elif not text.isascii():
        doc.wrong(path, f"L'indirizzo e-mail «{_cut(text, 40)}» contiene caratteri non ammessi "
                        f"da Cliclavoro (solo ASCII).")
    return text


def _counter(doc: _Document, parent, base: str, data: Intermediary, *,
             albo_name: str) -> None:
    """The intermediary's block of DatiSistema (Candidatura and Vacancy)."""
    doc.intermediary(data, albo_path=f"{base}/{albo_name}",
                     cf_path=f"{base}/codicefiscaleintermediario")
    if data.albo_number:
        doc.add(parent, albo_name, data.albo_number)
    if data.codice_fiscale:
        doc.add(parent, "codicefiscaleintermediario", data.codice_fiscale)
    if data.name:
        doc.add(parent, "denominazioneintermediario", _cut(_clean(data.name), 200))
    if data.address:
        doc.add(parent, "indirizzo", _cut(_clean(data.address), 100))
    doc.phone(parent, f"{base}/telefono", "telefono", data.phone)
    if data.email and _clean(data.email).isascii():
        doc.add(parent, "email", _clean(data.email))


# --- Candidatura ---------------------------------------------------------------------

_C = "/Candidatura"
_CV = f"{_C}/DatiCurriculari"
_LICENCE_TABLES = {"albo": tables.ALBI, "patente": tables.DRIVING_LICENCES,
                   "patentino": tables.LICENCES}
_DIGITAL_AREAS = {"informazione": "Elaborazione delle informazioni",
                  "comunicazione": "Comunicazione", "contenuti": "Creazione di contenuti",
                  "sicurezza": "Sicurezza", "problemi": "Risoluzione di problemi"}
_DIGITAL_LEVELS = {"base": "base", "autonomo": "autonomo", "avanzato": "avanzato"}


def _related(owner, name: str):
    """``owner.<name>.all()``, from the prefetch cache when there (no queryset)."""
    cached = getattr(owner, "_prefetched_objects_cache", {}).get(name)
    return cached if cached is not None else getattr(owner, name).all()


def _label(table: str, code: str) -> str:
    found = vocab.entry(table, code)
    return found.label if found is not None else ""  # cleaned when the table was read


def build_candidatura(candidate, *, code: str, previous_code: str | None, closing: bool,
                      now: datetime | None = None,
                      intermediary: Intermediary | None = None) -> BuiltPayload:
    """The CV of ``candidate`` (jobs.models.Candidate with ``.person``): the
    schema's required identity, the CV, the counter; ``visibilita`` NO. A send
    needs the person's consent ``trasmissione`` (a closure, after its
    withdrawal, does not)."""
    doc = _Document(KIND_CANDIDATURA, "Candidatura", now)
    person = candidate.person
    if not closing and not _person_consents(person):
        doc.other.append(PayloadProblem(
            path=_C, field="Consenso alla trasmissione ai sistemi nazionali (Cliclavoro)",
            message="La persona non ha dato (o ha revocato) il consenso alla trasmissione del "
                    "curriculum a Cliclavoro: il curriculum non può essere inviato.",
            hint="Raccogliere il consenso «Trasmissione ai sistemi nazionali» nella scheda "
                 "della persona, poi ritrasmettere."))
    data = intermediary or current_intermediary(doc.today)
    root = doc.root

    worker = doc.add(root, "Lavoratore")
    personal = doc.add(worker, "DatiAnagrafici")
    base = f"{_C}/Lavoratore/DatiAnagrafici"
    doc.add(personal, "codicefiscale", _person_code(doc, f"{base}/codicefiscale",
                                                    person.codice_fiscale))
    doc.name(personal, f"{base}/cognome", "cognome", person.last_name, 50,
             "il cognome della persona")
    doc.name(personal, f"{base}/nome", "nome", person.first_name, 50, "il nome della persona")
    doc.add(personal, "sesso", person.sex or "")
    if person.sex not in ("M", "F"):
        doc.wrong(f"{base}/sesso", "Manca il sesso della persona (M o F).")
    birth = person.birth_date
    doc.add(personal, "datanascita", birth.isoformat() if birth else "")
    if birth is None:
        doc.wrong(f"{base}/datanascita", "Manca la data di nascita della persona.")
    place = _clean(person.birth_place_code).upper()
    if message := vocab.belfiore_error(place, on=birth, what="Il luogo di nascita"):
        doc.wrong(f"{base}/idcomune", message)
    doc.add(personal, "idcomune", place)
    citizenship = _clean(person.citizenship_code)
    if message := vocab.citizenship_error(citizenship):
        doc.wrong(f"{base}/idcittadinanza", message)
    doc.add(personal, "idcittadinanza", citizenship)

    home = doc.add(worker, "Domicilio")
    comune = _clean(candidate.comune_code).upper()
    if not comune:
        doc.wrong(f"{_C}/Lavoratore/Domicilio/idcomune",
                  "Manca il comune di domicilio nel curriculum: Cliclavoro lo richiede.")
    else:
        doc.code(tables.COMUNI, comune, f"{_C}/Lavoratore/Domicilio/idcomune",
                 what="Comune di domicilio: ")
    doc.add(home, "idcomune", comune)
    contacts = doc.add(worker, "Recapiti")
    doc.add(contacts, "email", _email(doc, f"{_C}/Lavoratore/Recapiti/email", person.email,
                                      "l'e-mail della persona"))

    cv = doc.add(root, "DatiCurriculari")
    _experiences(doc, cv, candidate)
    _education(doc, cv, candidate)
    _training(doc, cv, candidate)
    _languages(doc, cv, candidate)
    _digital(doc, cv, candidate)
    _licences(doc, cv, candidate)
    _desired(doc, cv, candidate)

    system = doc.add(root, "DatiSistema")
    doc.add(system, "ambitodiffusione", CANDIDATURA_AMBITO)
    doc.add(system, "datainserimento", _stamp(doc.now))
    _counter(doc, system, f"{_C}/DatiSistema", data, albo_name="idintermediario")
    doc.add(system, "visibilita", "NO")
    doc.add(system, "tipocandidatura", "02" if closing else "01")
    doc.add(system, "codicecandidatura", code)
    if previous_code is not None:
        doc.add(system, "codicecandidaturaprecedente", previous_code)
    doc.communication(code, previous_code, Module.CANDIDATURA, closing,
                      f"{_C}/DatiSistema/codicecandidatura",
                      f"{_C}/DatiSistema/codicecandidaturaprecedente")
    return doc.result(code, previous_code, CANDIDATURA)


def _experiences(doc: _Document, cv, candidate) -> None:
    base = f"{_CV}/EsperienzeLavorative"
    for item in _related(candidate, "experiences"):
        node = doc.add(cv, "EsperienzeLavorative")
        employer = _clean(item.employer_name)
        where = f"Esperienza presso «{_cut(employer, 40)}»: " if employer else "Esperienza: "
        contract = _clean(item.contract_type_code).upper()
        if contract and doc.code(tables.CONTRACTS, contract, f"{base}/tipoesperienza",
                                 what=where):
            doc.add(node, "tipoesperienza", contract)
        profession = _clean(item.profession_code)
        if doc.code(tables.PROFESSIONS, profession, f"{base}/qualificasvolta", level=6,
                    what=where):
            doc.add(node, "qualificasvolta", profession)
            doc.add(node, "descrqualificasvolta",
                    _cut(_label(tables.PROFESSIONS, profession), 250))
        else:
            doc.add(node, "qualificasvolta", profession)
        if item.tasks:
            doc.add(node, "principalimansioni", _cut(_clean(item.tasks), 250))
        if item.employer_name:
            doc.add(node, "nomedatore", _cut(_clean(item.employer_name), 100))
        if item.started_on:
            doc.add(node, "datainizio", item.started_on.isoformat())
        if item.ended_on:
            doc.add(node, "datafine", item.ended_on.isoformat())
        if item.employer_place:
            doc.add(node, "indirizzodatore", _cut(_clean(item.employer_place), 100))


def _education(doc: _Document, cv, candidate) -> None:
    path = f"{_CV}/Istruzione/titolostudio"
    for item in _related(candidate, "education"):
        code = _clean(item.education_code)
        if not doc.code(tables.EDUCATION, code, path, what="Titolo di studio: "):
            doc.add(doc.add(cv, "Istruzione"), "titolostudio", code)
            continue
        mapped = vocab.education_code(code)
        if not mapped:  # NESSUN TITOLO: nothing to confer
            continue
        node = doc.add(cv, "Istruzione")
        doc.add(node, "titolostudio", mapped)
        text = _clean(item.description) or _clean(item.institute)
        if text:
            doc.add(node, "descrizioneistruzione", _cut(text, 100))
        if item.grade:
            doc.add(node, "votazione", _cut(_clean(item.grade), 30))


def _training(doc: _Document, cv, candidate) -> None:
    for item in _related(candidate, "training"):
        node = doc.add(cv, "Formazione")
        doc.add(node, "titolocorso", _cut(_clean(item.title), 100))
        if item.hours:
            if item.hours > 9999:
                doc.wrong(f"{_CV}/Formazione/durata", f"Corso «{_cut(_clean(item.title), 40)}»: "
                                                      f"{item.hours} ore superano le 4 cifre.")
            doc.add(node, "durata", str(item.hours))
            doc.add(node, "idtipologiadurata", "O")
        if item.attestation:
            doc.add(node, "idattestazione", item.attestation)


def _level(doc: _Document, path: str, code: str, language: str) -> str | None:
    code = _clean(code).upper()
    if not code:
        return None
    if not _CEFR.fullmatch(code):
        doc.wrong(path, f"Lingua {language}: il livello «{_cut(code, 10)}» non è un livello "
                        f"QCER (da A1 a C2), il solo che Cliclavoro accetti.",
                  "Indicare il livello QCER nel curriculum della persona, poi ritrasmettere.")
        return code
    doc.code(tables.LANGUAGE_LEVELS, code, path, what=f"Lingua {language}: ")
    return code


def _languages(doc: _Document, cv, candidate) -> None:
    base = f"{_CV}/Lingue"
    for item in _related(candidate, "languages"):
        node = doc.add(cv, "Lingue")
        code = _clean(item.language_code)
        doc.code(tables.LANGUAGES, code, f"{base}/idlingua", what="Lingua: ")
        name = _label(tables.LANGUAGES, code) or code
        doc.add(node, "idlingua", code)
        for element, value in (("idlivelloletto", item.reading),
                               ("idlivelloscritto", item.writing),
                               ("idlivelloparlato", item.spoken_interaction
                                or item.spoken_production)):
            level = _level(doc, f"{base}/{element}", value, name)
            if level is not None:
                doc.add(node, element, level)


def _digital(doc: _Document, cv, candidate) -> None:
    skills = [f"{_DIGITAL_AREAS.get(item.area, item.area)}: "
              f"{_DIGITAL_LEVELS.get(item.level, item.level)}"
              for item in _related(candidate, "digital_skills")]
    notes = _clean(candidate.digital_notes)
    if not skills and not notes:
        return
    node = doc.add(cv, "ConoscenzeInformatiche")
    if skills:
        doc.add(node, "tipoconoscenza", _cut("; ".join(skills), 1000))
    if notes:
        doc.add(node, "specifiche", _cut(notes, 1000))


def _licences(doc: _Document, cv, candidate) -> None:
    held = {"albo": [], "patente": [], "patentino": []}
    for item in _related(candidate, "licences"):
        held.setdefault(item.kind, []).append(_clean(item.code))
    if not any(held.values()):
        return
    node = doc.add(cv, "AbilitazioniPatenti")
    for kind, element in (("albo", "idalbo"), ("patente", "idpatenteguida"),
                          ("patentino", "idpatentino")):
        for code in held.get(kind, []):
            doc.code(_LICENCE_TABLES[kind], code, f"{_CV}/AbilitazioniPatenti/{element}")
            doc.add(node, element, code)


def _desired(doc: _Document, cv, candidate) -> None:
    base = f"{_CV}/ProfessioneDesiderataDisponibilita"
    wanted = list(_related(candidate, "desired_professions"))
    if not wanted:
        doc.wrong(base, "Il curriculum non indica nessuna professione desiderata: Cliclavoro "
                        "ne chiede almeno una.",
                  "Aggiungere una professione desiderata (CP2011) nel curriculum della "
                  "persona, poi ritrasmettere.")
        return
    modes = []
    for code in candidate.working_modes or ():
        code = _clean(code).upper()
        # Q1 "qualsiasi modalità" is no preference: the XSD's [A-Z]{2} has no
        # place for it, and leaving it out says the same.
        if code and _TWO_LETTERS.fullmatch(code):
            if doc.code(tables.WORKING_MODES, code, f"{base}/idmodalitalavorativa"):
                modes.append(code)
    contracts = []
    for code in candidate.contract_types or ():
        code = _clean(code).upper()
        if code and doc.code(tables.CONTRACTS, code, f"{base}/idtipologiacontratto"):
            contracts.append(code)
    for item in wanted:
        node = doc.add(cv, "ProfessioneDesiderataDisponibilita")
        code = _clean(item.profession_code)
        known = doc.code(tables.PROFESSIONS, code, f"{base}/idprofessione", level=6,
                         what="Professione desiderata: ")
        doc.add(node, "idprofessione", code)
        doc.add(node, "descrprofessione",
                _cut(_label(tables.PROFESSIONS, code) if known else code, 250))
        if item.description:
            doc.add(node, "descrizioneprofessione", _cut(_clean(item.description), 300))
        doc.add(node, "esperienzasettore", _yes(item.experienced))
        doc.add(node, "trasferte", _yes(candidate.willing_to_travel))
        for mode in modes:
            doc.add(node, "idmodalitalavorativa", mode)
        for contract in contracts:
            doc.add(node, "idtipologiacontratto", contract)
        doc.add(node, "mezzitrasporto", _yes(candidate.own_vehicle))


# --- Vacancy ("Ricerca personale", Rev.064) ---------------------------------------------

_V = "/Vacancy"
_VP = f"{_V}/Richiesta/ProfiloRichiesto"
_VI = f"{_V}/Richiesta/IstruzioneFormazione"
_VC = f"{_V}/Richiesta/CondizioniOfferte"


def build_vacancy(vacancy, *, code: str, previous_code: str | None, closing: bool,
                  now: datetime | None = None,
                  intermediary: Intermediary | None = None) -> BuiltPayload:
    """The vacancy (jobs.models.Vacancy): the employer's and the offer's data
    and the counter's, never a citizen's."""
    doc = _Document(KIND_VACANCY, "Vacancy", now)
    data = intermediary or current_intermediary(doc.today)
    employer = vacancy.employer
    site = vacancy.site
    root = doc.root

    owner = doc.add(root, "DatoreLavoro")
    registry = doc.add(owner, "DatiAnagrafici")
    base = f"{_V}/DatoreLavoro/DatiAnagrafici"
    doc.add(registry, "codicefiscale", _employer_code(doc, f"{base}/codicefiscale", employer))
    doc.name(registry, f"{base}/denominazione", "denominazione", employer.name, 100,
             "la ragione sociale dell'azienda")
    ateco = _clean(employer.ateco_code)
    if not ateco:
        doc.wrong(f"{base}/settore", "Manca il settore ATECO dell'azienda: Cliclavoro lo "
                                     "richiede.")
    elif not _ATECO.fullmatch(ateco):
        doc.wrong(f"{base}/settore", f"Il codice ATECO {ateco} non è una sottocategoria "
                                     f"(nn.nn.nn): Cliclavoro vuole il livello più specifico.")
    else:
        first = None
        for table in vocab.ATECO_TABLES:
            refusal = vocab.code_error(table, ateco, on=doc.today)
            if refusal is None:
                break
            first = first or refusal
        else:
            doc.wrong(f"{base}/settore", first)
    doc.add(registry, "settore", ateco)
    size = vocab.size_code(_clean(employer.size_code))
    if size:
        doc.code(tables.COMPANY_SIZES, _clean(employer.size_code), f"{base}/ampiezza")
        doc.add(registry, "ampiezza", size)
    if employer.website:
        doc.add(registry, "web", _cut(_clean(employer.website), 256))

    contact = doc.add(owner, "DatiContatto")
    base = f"{_V}/DatoreLavoro/DatiContatto"
    where = site if site is not None else employer
    if where.address:
        doc.add(contact, "indirizzo", _cut(_clean(where.address), 100))
    comune = _clean(where.comune_code).upper()
    if not comune:
        doc.wrong(f"{base}/idcomune", "Manca il comune della sede dell'azienda.")
    else:
        doc.code(tables.COMUNI, comune, f"{base}/idcomune", what="Sede dell'azienda: ")
    doc.add(contact, "idcomune", comune)
    cap = _clean(where.cap)
    if cap:
        if not _CAP.fullmatch(cap):
            doc.wrong(f"{base}/cap", f"Il CAP «{_cut(cap, 10)}» non è di 5 cifre.")
        doc.add(contact, "cap", cap)
    doc.phone(contact, f"{base}/telefono", "telefono",
              (site.phone if site is not None and site.phone else employer.phone))
    email = (site.email if site is not None and site.email else "") or employer.email \
        or employer.pec
    doc.add(contact, "email", _email(doc, f"{base}/email", email, "l'e-mail dell'azienda"))

    request = doc.add(root, "Richiesta")
    profile = doc.add(request, "ProfiloRichiesto")
    positions = vacancy.positions or 0
    if not 1 <= positions <= 99:
        doc.wrong(f"{_VP}/numerolavoratori", f"{positions} posti: Cliclavoro ne accetta da 1 a "
                                             f"99 per offerta.",
                  "Dividere la ricerca in più offerte, poi ritrasmettere.")
    doc.add(profile, "numerolavoratori", str(positions))
    profession = _clean(vacancy.profession_code)
    known = doc.code(tables.PROFESSIONS, profession, f"{_VP}/idprofessione", level=6)
    doc.add(profile, "idprofessione", profession)
    doc.add(profile, "descrprofessione",
            _cut(_label(tables.PROFESSIONS, profession) if known else profession, 250))
    text = "\n\n".join(part for part in (_clean(vacancy.title),
                                         _clean(vacancy.description, lines=True)) if part)
    if not text:
        doc.wrong(f"{_VP}/descrizionericerca", "Mancano il titolo e la descrizione "
                                               "dell'offerta.")
    doc.add(profile, "descrizionericerca", _cut(text, 5000))
    months = vacancy.experience_months or 0
    doc.add(profile, "esperienzarichiesta", _yes(months > 0))
    if months > 0:
        doc.add(profile, "descrizioneesperienza",
                f"Almeno {months} {'mese' if months == 1 else 'mesi'} di esperienza.")

    education = doc.add(request, "IstruzioneFormazione")
    if vacancy.education_code:
        wanted = _clean(vacancy.education_code)
        if doc.code(tables.EDUCATION, wanted, f"{_VI}/titolostudio/idtitolostudio"):
            mapped = vocab.education_code(wanted)
            if mapped:
                title = doc.add(education, "titolostudio")
                doc.add(title, "idtitolostudio", mapped)
                doc.add(title, "descrizionestudio", _cut(_label(tables.EDUCATION, wanted),
                                                         100))
    licences = {"albo": [], "patente": [], "patentino": []}
    for item in _related(vacancy, "licences"):
        licences.setdefault(item.kind, []).append(_clean(item.code))
    albi = licences.get("albo", [])
    if len(albi) > 1:
        doc.wrong(f"{_VI}/idalbo", f"L'offerta chiede {len(albi)} albi: Cliclavoro ne accetta "
                                   f"uno solo.",
                  "Lasciare nell'offerta l'albo principale e descrivere gli altri nel testo, "
                  "poi ritrasmettere.")
    for albo in albi[:1]:
        doc.code(tables.ALBI, albo, f"{_VI}/idalbo")
        doc.add(education, "idalbo", albo)
    for item in _related(vacancy, "languages"):
        language = _clean(item.language_code)
        node = doc.add(education, "Lingua")
        doc.code(tables.LANGUAGES, language, f"{_VI}/Lingua/idlingua")
        doc.add(node, "idlingua", language)
        name = _label(tables.LANGUAGES, language) or language
        level = _level(doc, f"{_VI}/Lingua/idlivelloletto", item.level_code, name)
        if level is not None:
            for element in ("idlivelloletto", "idlivelloscritto", "idlivelloparlato"):
                doc.add(node, element, level)
    if vacancy.it_skills:
        doc.add(education, "conoscenzeinformatiche", _cut(_clean(vacancy.it_skills), 1000))
    for licence in licences.get("patente", []):
        doc.code(tables.DRIVING_LICENCES, licence, f"{_VI}/idpatenteguida")
        doc.add(education, "idpatenteguida", licence)
    for licence in licences.get("patentino", []):
        doc.code(tables.LICENCES, licence, f"{_VI}/idpatentino")
        doc.add(education, "idpatentino", licence)

    conditions = doc.add(request, "CondizioniOfferte")
    comune = _clean(vacancy.comune_code).upper()
    doc.code(tables.COMUNI, comune, f"{_VC}/idcomune", what="Posto di lavoro: ")
    doc.add(conditions, "idcomune", comune)
    contract = _clean(vacancy.contract_type_code).upper()
    if not contract:
        doc.wrong(f"{_VC}/idtipologiacontratto", "Manca il tipo di contratto: Cliclavoro lo "
                                                 "richiede.")
    else:
        doc.code(tables.CONTRACTS, contract, f"{_VC}/idtipologiacontratto")
    doc.add(conditions, "idtipologiacontratto", contract)
    ccnl = _clean(vacancy.ccnl_code).upper()
    if ccnl:
        doc.code(tables.CCNL, ccnl, f"{_VC}/idccnl")
        doc.add(conditions, "idccnl", ccnl)
    mode = _clean(vacancy.working_mode_code).upper()
    if mode and _TWO_LETTERS.fullmatch(mode):  # Q1 (any) is no condition
        doc.code(tables.WORKING_MODES, mode, f"{_VC}/idmodalitalavoro")
        doc.add(conditions, "idmodalitalavoro", mode)
    if vacancy.hours_per_week:
        doc.add(conditions, "ulterioricondizioni", f"{vacancy.hours_per_week} ore settimanali.")

    window = doc.add(request, "DurataRichiesta")
    doc.add(window, "datapubblicazione", _stamp(vacancy.published_at or doc.now))
    if vacancy.publish_until:
        doc.add(window, "datascadenza", vacancy.publish_until.isoformat())

    doc.add(doc.add(root, "AltreInformazioni"), "N.O.", VACANCY_NO)

    system = doc.add(root, "DatiSistema")
    _counter(doc, system, f"{_V}/DatiSistema", data, albo_name="intermediario")
    doc.add(system, "visibilita", _yes(_employer_publishes(employer)))
    doc.add(system, "tipoofferta", "02" if closing else "01")
    if closing and (reason := vocab.CLOSE_REASONS.get(vacancy.close_reason or "")):
        doc.add(system, "motivochiusura", reason)
    doc.add(system, "codiceofferta", code)
    if previous_code is not None:
        doc.add(system, "codiceoffertaprecedente", previous_code)
    doc.add(system, "codiceoffertaintermediario", str(vacancy.pk))
    doc.communication(code, previous_code, Module.VACANCY, closing,
                      f"{_V}/DatiSistema/codiceofferta",
                      f"{_V}/DatiSistema/codiceoffertaprecedente")
    return doc.result(code, previous_code, VACANCY)


# --- Messaggio (Rev.038) ---------------------------------------------------------------

_M = "/Messaggio"


def build_messaggio(application, *, code: str, previous_code: str | None,
                    now: datetime | None = None, vacancy_code: str | None = None,
                    candidatura_code: str | None = None,
                    intermediary: Intermediary | None = None) -> BuiltPayload:
    """The counter tells the employer of ``application``'s vacancy about the
    candidate, by the vacancy's and the CV's communication codes (the outbox's route passes
    both): the counter's and the employer's data,
    never the person's."""
    doc = _Document(KIND_MESSAGGIO, "Messaggio", now)
    data = intermediary or current_intermediary(doc.today)
    vacancy = application.vacancy
    candidate = application.candidate
    employer = vacancy.employer
    if not _person_consents(candidate.person):
        doc.other.append(PayloadProblem(
            path=_M, field="Consenso alla trasmissione ai sistemi nazionali (Cliclavoro)",
            message="La persona non ha dato (o ha revocato) il consenso alla trasmissione: il "
                    "suo curriculum non può essere segnalato tramite Cliclavoro.",
            hint="Raccogliere il consenso «Trasmissione ai sistemi nazionali» nella scheda "
                 "della persona, poi ritrasmettere."))
    root = doc.root

    sender = doc.add(root, "Mittente")
    doc.add(sender, "tiposoggetto", MESSAGGIO_SENDER_KIND)
    me = doc.add(sender, "Interlocutore")
    base = f"{_M}/Mittente/Interlocutore"
    doc.intermediary(data, albo_path=f"{base}/codiceintermediario",
                     cf_path=f"{base}/codicefiscale")
    if data.codice_fiscale:
        doc.add(me, "codicefiscale", data.codice_fiscale)
    if data.albo_number:
        doc.add(me, "codiceintermediario", data.albo_number)
    doc.name(me, f"{base}/denominazione", "denominazione", data.name, 100,
             "la denominazione dell'ente")
    if data.address:
        doc.add(me, "indirizzo", _cut(_clean(data.address), 100))
    doc.phone(me, f"{base}/telefono", "telefono", data.phone)
    if data.email and _clean(data.email).isascii():
        doc.add(me, "email", _clean(data.email))
    _cited(doc, me, f"{base}/codiceoffertacandidatura", candidatura_code, Module.CANDIDATURA,
           "il curriculum")

    recipient = doc.add(doc.add(root, "Destinatario"), "Interlocutore")
    base = f"{_M}/Destinatario/Interlocutore"
    doc.add(recipient, "codicefiscale", _employer_code(doc, f"{base}/codicefiscale", employer))
    doc.name(recipient, f"{base}/denominazione", "denominazione", employer.name, 100,
             "la ragione sociale dell'azienda")
    if employer.address:
        doc.add(recipient, "indirizzo", _cut(_clean(employer.address), 100))
    comune = _clean(employer.comune_code).upper()
    if comune:
        doc.code(tables.COMUNI, comune, f"{base}/comune", what="Sede dell'azienda: ")
        doc.add(recipient, "comune", comune)
    doc.phone(recipient, f"{base}/telefono", "telefono", employer.phone)
    email = _clean(employer.email or employer.pec)
    if email and email.isascii():
        doc.add(recipient, "email", email)
    _cited(doc, recipient, f"{base}/codiceoffertacandidatura", vacancy_code, Module.VACANCY,
           "l'offerta")

    body = doc.add(root, "Corpo")
    counter = _clean(data.name) or "Lo sportello"
    text = (f"{counter} segnala per l'offerta «{_cut(_clean(vacancy.title), 200)}» "
            f"(codice comunicazione {vacancy_code or '—'}) un candidato: curriculum con codice "
            f"comunicazione {candidatura_code or '—'}, pubblicato senza dati di contatto. Per "
            f"conoscerlo e fissare un colloquio rivolgersi allo sportello"
            f"{(' (' + _clean(data.email) + ')') if data.email else ''}.")
    doc.add(body, "testomessaggio", _cut(text, 2000))

    system = doc.add(root, "DatiSistema")
    doc.add(system, "tipocomunicazione", MESSAGGIO_REPLY if previous_code else MESSAGGIO_NEW)
    doc.add(system, "data", _stamp(doc.now))
    doc.add(system, "codicemessaggio", code)
    if previous_code is not None:
        doc.add(system, "codicemessaggioprecedente", previous_code)
    doc.communication(code, previous_code, Module.MESSAGGIO, False,
                      f"{_M}/DatiSistema/codicemessaggio",
                      f"{_M}/DatiSistema/codicemessaggioprecedente")
    return doc.result(code, previous_code, MESSAGGIO)


def _cited(doc: _Document, parent, path: str, code: str | None, module: Module,
           what: str) -> None:
    if not code:
        doc.wrong(path, f"Manca il codice comunicazione con cui {what} è stato trasmesso a "
                        f"Cliclavoro: va trasmesso prima del messaggio.")
        return
    try:
        parsed = parse_code(code)
    except ValueError as exc:
        doc.wrong(path, str(exc))
    else:
        if parsed.module != module:
            doc.wrong(path, f"Il codice {code} non è di {what}.")
    doc.add(parent, "codiceoffertacandidatura", code)
