"""The job desk's code tables (``CodeEntry.table``), with their Italian names
and where each is loaded from (``data/SOURCES.md``)."""

from __future__ import annotations

PROFESSIONS = "cp2011"
ATECO_2007 = "ateco2007"
ATECO_2022 = "ateco2022"
ATECO_2025 = "ateco2025"
EDUCATION = "titoli_studio"
CONTRACTS = "tipi_contratto"
CCNL = "ccnl"
LANGUAGES = "lingue"
LANGUAGE_LEVELS = "livelli_lingua"
DRIVING_LICENCES = "patenti"
LICENCES = "patentini"
ALBI = "albi"
WORKING_MODES = "modalita_lavoro"
COMPANY_SIZES = "ampiezza_azienda"
COMUNI = "comuni"
PROVINCES = "province"
REGIONS = "regioni"

# table -> (Italian name, CSV file in data/)
TABLES: dict[str, tuple[str, str]] = {
    PROFESSIONS: ("Professioni CP2011", "mansioni_cp2011.csv"),
    ATECO_2007: ("ATECO 2007", "ateco2007.csv"),
    ATECO_2022: ("ATECO 2007 aggiornamento 2022", "ateco2007_agg2022.csv"),
    ATECO_2025: ("ATECO 2025", "ateco2025.csv"),
    EDUCATION: ("Titoli di studio", "titoli_studio.csv"),
    CONTRACTS: ("Tipi di contratto", "tipi_contratto.csv"),
    CCNL: ("Contratti collettivi (CCNL)", "ccnl.csv"),
    LANGUAGES: ("Lingue", "lingue.csv"),
    LANGUAGE_LEVELS: ("Livelli di conoscenza delle lingue (QCER)", "livelli_lingua.csv"),
    DRIVING_LICENCES: ("Patenti di guida", "patenti.csv"),
    LICENCES: ("Patentini e abilitazioni", "patentini.csv"),
    ALBI: ("Albi professionali", "albi.csv"),
    WORKING_MODES: ("Modalità di lavoro", "modalita_lavoro.csv"),
    COMPANY_SIZES: ("Ampiezza dell'azienda", "ampiezza_azienda.csv"),
    COMUNI: ("Comuni", "comuni_istat.csv"),
    PROVINCES: ("Province", "province.csv"),
    REGIONS: ("Regioni", "regioni.csv"),
}

ALL = tuple(TABLES)
CHOICES = [(table, name) for table, (name, _file) in TABLES.items()]


def table_name(table: str) -> str:
    return TABLES[table][0] if table in TABLES else table


def is_table(table: object) -> bool:
    return isinstance(table, str) and table in TABLES
