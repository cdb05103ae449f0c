"""The people list as CSV (semicolons, UTF-8 with BOM) or XLSX, with the
list's filters: every column of the record, choices by their Italian label."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from codes import selectors as codes
from people.models import EducationLevel, EmploymentStatus, Sex, Vulnerability
from ui.exports import spreadsheet_response

COLUMNS = [
    "ID", "Cognome", "Nome", "Codice fiscale", "Sesso", "Data di nascita", "Luogo di nascita",
    "Codice luogo di nascita", "Cittadinanza", "Indirizzo di residenza", "Comune di residenza",
    "CAP di residenza", "Indirizzo di domicilio", "Comune di domicilio", "CAP di domicilio",
    "Telefono", "E-mail", "Titolo di studio", "Condizione occupazionale",
    "Condizioni di vulnerabilità", "Registrata il",
]


def rows(people, *, citizenship_names: dict[str, str]):
    sexes, education = dict(Sex.choices), dict(EducationLevel.choices)
    employment, vulnerability = dict(EmploymentStatus.choices), dict(Vulnerability.choices)
    for p in people.iterator(chunk_size=2000):
        yield [
            p.pk, p.last_name, p.first_name, p.codice_fiscale or "", str(sexes.get(p.sex, "")),
            p.birth_date, p.birth_place_name, p.birth_place_code,
            citizenship_names.get(p.citizenship_code, p.citizenship_code),
            p.residence_address, p.residence_comune, p.residence_cap, p.domicile_address,
            p.domicile_comune, p.domicile_cap, p.phone, p.email,
            str(education.get(p.education_level, "")),
            str(employment.get(p.employment_status, "")),
            "; ".join(str(vulnerability.get(v, v)) for v in p.vulnerabilities),
            timezone.localtime(p.created_at).replace(tzinfo=None, microsecond=0),
        ]


def response(people, file_format: str) -> HttpResponse:
    names = {c.code: c.name.title() for c in codes.citizenships()}
    return spreadsheet_response(
        columns=COLUMNS, rows=rows(people, citizenship_names=names), file_format=file_format,
        filename=f"persone-{timezone.localdate().isoformat()}", sheet_title="Persone")
