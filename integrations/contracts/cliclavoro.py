"""The data contracts toward Cliclavoro (the ministry's national job portal).

- Candidatura: only with the citizen's recorded consent ``trasmissione``; the
  schema's required identity fields (it cannot be sent without them), the CV
  the citizen agreed to confer, the counter's data; ``visibilita`` = NO (the
  CV is published anonymously, contact through the counter). Never sent:
  the person's address, telephone, mobile, fax, CAP, and ``percettore``
  (whether they receive income support: not needed, and close to special
  categories).
- Vacancy: the employer's and the offer's data, the counter's; no element
  that could carry a citizen's identity.
- Messaggio: the counter's and the employer's data and the two
  communication codes (the offer's and the CV's), never the person.

Legal bases marked "[da verificare]" are those we could not confirm from a
primary source here: a lawyer of the administration should confirm them."""

from __future__ import annotations

from integrations.contracts.base import DataContract

CLICLAVORO = "cliclavoro"


def _under(prefix: str, *names: str) -> set[str]:
    return {f"{prefix}/{name}" for name in names}


_C = "/Candidatura"
_CV = f"{_C}/DatiCurriculari"
CANDIDATURA_PATHS = frozenset(
    {_C, f"{_C}/Lavoratore", f"{_C}/Lavoratore/DatiAnagrafici", f"{_C}/Lavoratore/Domicilio",
     f"{_C}/Lavoratore/Recapiti", _CV, f"{_C}/DatiSistema"}
    # Required by the schema: who the worker is, where they live (comune), an e-mail.
    | _under(f"{_C}/Lavoratore/DatiAnagrafici", "codicefiscale", "cognome", "nome", "sesso",
             "datanascita", "idcomune", "idcittadinanza")
    | {f"{_C}/Lavoratore/Domicilio/idcomune", f"{_C}/Lavoratore/Recapiti/email"}
    # The CV the citizen agreed to confer.
    | _under(_CV, "EsperienzeLavorative", "Istruzione", "Formazione", "Lingue",
             "ConoscenzeInformatiche", "AbilitazioniPatenti",
             "ProfessioneDesiderataDisponibilita")
    | _under(f"{_CV}/EsperienzeLavorative", "tipoesperienza", "qualificasvolta",
             "descrqualificasvolta", "principalimansioni", "nomedatore", "datainizio",
             "datafine", "indirizzodatore")
    | _under(f"{_CV}/Istruzione", "titolostudio", "descrizioneistruzione", "votazione")
    | _under(f"{_CV}/Formazione", "titolocorso", "durata", "idtipologiadurata",
             "idattestazione")
    | _under(f"{_CV}/Lingue", "idlingua", "idlivelloletto", "idlivelloscritto",
             "idlivelloparlato")
    | _under(f"{_CV}/ConoscenzeInformatiche", "tipoconoscenza", "specifiche")
    | _under(f"{_CV}/AbilitazioniPatenti", "idalbo", "idpatenteguida", "idpatentino")
    | _under(f"{_CV}/ProfessioneDesiderataDisponibilita", "idprofessione", "descrprofessione",
             "descrizioneprofessione", "esperienzasettore", "trasferte",
             "idmodalitalavorativa", "idtipologiacontratto", "mezzitrasporto")
    # The counter and the communication.
    | _under(f"{_C}/DatiSistema", "ambitodiffusione", "datainserimento", "idintermediario",
             "codicefiscaleintermediario", "denominazioneintermediario", "indirizzo",
             "telefono", "email", "visibilita", "tipocandidatura", "motivochiusura",
             "codicecandidatura", "codicecandidaturaprecedente")
)

CANDIDATURA = DataContract(
    destination=CLICLAVORO, kind="candidatura",
    legal_basis=(
        "Consenso dell'interessato (art. 6, par. 1, lett. a, Reg. UE 2016/679), registrato "
        "come «trasmissione ai sistemi nazionali»; conferimento dei curricula alla borsa "
        "continua nazionale del lavoro da parte degli intermediari autorizzati (artt. 15 e 17 "
        "D.Lgs. 276/2003; art. 6 D.Lgs. 276/2003 per l'autorizzazione dell'ente) "
        "[da verificare: riferimenti vigenti dopo il D.Lgs. 150/2015]. Dati limitati ai campi "
        "obbligatori del tracciato e al curriculum conferito (art. 5, par. 1, lett. c, "
        "minimizzazione); curriculum pubblicato senza dati di contatto (visibilità NO)."),
    allowed_paths=CANDIDATURA_PATHS, requires_consent="trasmissione",
    fixed_values=((f"{_C}/DatiSistema/visibilita", "NO"),),
    description="Curriculum del cittadino, con il suo consenso, anonimo sul portale.")


_V = "/Vacancy"
_VI = f"{_V}/Richiesta/IstruzioneFormazione"
VACANCY_PATHS = frozenset(
    {_V, f"{_V}/DatoreLavoro", f"{_V}/DatoreLavoro/DatiAnagrafici",
     f"{_V}/DatoreLavoro/DatiContatto", f"{_V}/Richiesta", f"{_V}/Richiesta/ProfiloRichiesto",
     _VI, f"{_V}/Richiesta/CondizioniOfferte", f"{_V}/Richiesta/DurataRichiesta",
     f"{_V}/AltreInformazioni", f"{_V}/AltreInformazioni/N.O.", f"{_V}/DatiSistema"}
    | _under(f"{_V}/DatoreLavoro/DatiAnagrafici", "codicefiscale", "denominazione", "settore",
             "ampiezza", "web")
    | _under(f"{_V}/DatoreLavoro/DatiContatto", "indirizzo", "idcomune", "cap", "telefono",
             "fax", "email")
    | _under(f"{_V}/Richiesta/ProfiloRichiesto", "numerolavoratori", "idprofessione",
             "descrprofessione", "descrizionericerca", "esperienzarichiesta",
             "descrizioneesperienza")
    | _under(_VI, "titolostudio", "titolostudio/idtitolostudio",
             "titolostudio/descrizionestudio", "idalbo", "Lingua", "Lingua/idlingua",
             "Lingua/idlivelloletto", "Lingua/idlivelloscritto", "Lingua/idlivelloparlato",
             "conoscenzeinformatiche", "idpatenteguida", "idpatentino")
    | _under(f"{_V}/Richiesta/CondizioniOfferte", "idcomune", "idtipologiacontratto",
             "idccnl", "idmodalitalavoro", "ulterioricondizioni")
    | _under(f"{_V}/Richiesta/DurataRichiesta", "datapubblicazione", "datascadenza")
    | _under(f"{_V}/DatiSistema", "intermediario", "codicefiscaleintermediario",
             "denominazioneintermediario", "indirizzo", "telefono", "email", "visibilita",
             "tipoofferta", "motivochiusura", "codiceofferta", "codiceoffertaprecedente",
             "codiceoffertaintermediario")
)

VACANCY = DataContract(
    destination=CLICLAVORO, kind="vacancy",
    legal_basis=(
        "Conferimento delle offerte di lavoro alla borsa continua nazionale del lavoro da "
        "parte degli intermediari autorizzati (artt. 15 e 17 D.Lgs. 276/2003; art. 9-bis "
        "D.L. 510/1996 conv. L. 608/1996) [da verificare: riferimenti vigenti dopo il D.Lgs. "
        "150/2015]; esecuzione dell'incarico di intermediazione dell'azienda (art. 6, par. 1, "
        "lett. b, Reg. UE 2016/679, per i dati dei referenti). Solo dati dell'azienda e "
        "dell'offerta: nessun dato di cittadini."),
    allowed_paths=VACANCY_PATHS, requires_consent=None,
    description="Offerta di lavoro dell'azienda, intermediata dallo sportello.")


_M = "/Messaggio"
MESSAGGIO_PATHS = frozenset(
    {_M, f"{_M}/Mittente", f"{_M}/Mittente/tiposoggetto", f"{_M}/Mittente/Interlocutore",
     f"{_M}/Destinatario", f"{_M}/Destinatario/Interlocutore", f"{_M}/Corpo",
     f"{_M}/Corpo/testomessaggio", f"{_M}/Corpo/contattopositivo", f"{_M}/DatiSistema"}
    | _under(f"{_M}/Mittente/Interlocutore", "codicefiscale", "codiceintermediario",
             "denominazione", "indirizzo", "comune", "telefono", "email",
             "codiceoffertacandidatura")
    | _under(f"{_M}/Destinatario/Interlocutore", "codicefiscale", "denominazione",
             "indirizzo", "comune", "telefono", "email", "codiceoffertacandidatura")
    | _under(f"{_M}/DatiSistema", "tipocomunicazione", "data", "codicemessaggio",
             "codicemessaggioprecedente")
)

MESSAGGIO = DataContract(
    destination=CLICLAVORO, kind="messaggio",
    legal_basis=(
        "Attività di intermediazione dell'ente autorizzato (art. 6 D.Lgs. 276/2003): lo "
        "sportello segnala all'azienda un curriculum già conferito per una sua offerta, "
        "citando i due codici comunicazione (art. 6, par. 1, lett. b ed e, Reg. UE 2016/679) "
        "[da verificare]. Nessun dato identificativo della persona: l'azienda la contatta "
        "tramite lo sportello."),
    allowed_paths=MESSAGGIO_PATHS, requires_consent=None,
    description="Segnalazione di un candidato all'azienda, per codici.")
