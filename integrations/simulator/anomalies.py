"""The simulated node's anomaly codes (the Codice_Anomalia of a KO) with their
Italian descriptions, in the ministry's style: a code, then the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Anomaly:
    code: str  # Codice_Anomalia
    reason: str  # stable name, also the key of the "rejected" counts
    description: str  # the start of Descr_Esito


SCHEMA = Anomaly("E001", "schema_non_valido", "Schema non valido")
FIRMA = Anomaly("E002", "firma_non_valida", "Firma non valida")
TIMESTAMP = Anomaly("E003", "timestamp_scaduto", "Timestamp scaduto o non valido")
DUPLICATO = Anomaly("E004", "messaggio_duplicato",
                    "Messaggio duplicato: identificativo già ricevuto")
PRECEDENTE = Anomaly("E005", "codice_precedente_sconosciuto",
                     "Codice comunicazione precedente sconosciuto")
CODICE = Anomaly("E006", "codice_non_valido", "Codice comunicazione non valido")
CONFLITTO = Anomaly("E007", "codice_gia_usato",
                    "Codice comunicazione già acquisito con un contenuto diverso")
NON_FIRMATA = Anomaly("E008", "parte_non_firmata", "Parte del messaggio non firmata")
TOKEN = Anomaly("E009", "token_assente", "Token di sicurezza assente")
BUSTA = Anomaly("E010", "busta_non_valida", "Intestazione e-Gov non valida")
CERTIFICATO = Anomaly("E011", "certificato_non_attendibile",
                      "Certificato del mittente non attendibile o scaduto")
INDIRIZZAMENTO = Anomaly("E012", "indirizzamento_non_valido",
                         "Intestazione WS-Addressing non coerente con l'operazione")
MESSAGGIO = Anomaly("E013", "messaggio_non_valido", "Messaggio SOAP non valido")

ALL = (SCHEMA, FIRMA, TIMESTAMP, DUPLICATO, PRECEDENTE, CODICE, CONFLITTO, NON_FIRMATA, TOKEN,
       BUSTA, CERTIFICATO, INDIRIZZAMENTO, MESSAGGIO)
BY_CODE = {anomaly.code: anomaly for anomaly in ALL}

# The verifier's codes (integrations.transports.modi.SecurityError) to anomalies.
FOR_SECURITY_ERROR = {
    "firma_non_valida": FIRMA,
    "parte_non_firmata": NON_FIRMATA,
    "timestamp_scaduto": TIMESTAMP,
    "token_assente": TOKEN,
    "certificato_non_attendibile": CERTIFICATO,
    "certificato_non_valido": CERTIFICATO,
    "messaggio_non_valido": MESSAGGIO,
}
