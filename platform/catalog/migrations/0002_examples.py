"""Example lenders and the microcredit limits, so a new installation has
something to refer to. Lenders are fictitious and marked as examples; limits
are marked "da verificare": the supervisor checks and edits both."""

from datetime import date
from decimal import Decimal

from django.db import migrations

LENDERS = [
    dict(name="Banca di Credito Cooperativo Esempio", kind="banca", abi_code="99901",
         codice_fiscale="09990000011", regions=["EMR", "TOS"],
         website="https://www.example.it/bcc", agreement_date=date(2024, 3, 1)),
    dict(name="Microcredito Solidale Esempio S.p.A.", kind="operatore_microcredito",
         codice_fiscale="09990000029", regions=[], website="https://www.example.it/microcredito",
         agreement_date=date(2023, 9, 15)),
    dict(name="Cassa Rurale del Sud Esempio", kind="banca", abi_code="99902",
         codice_fiscale="09990000037", regions=["CAM", "PUG", "SIC", "CAL"],
         website="https://www.example.it/cassa-sud"),
    dict(name="Fondo Regionale Microcredito Esempio", kind="altro",
         codice_fiscale="09990000045", regions=["LAZ"], website="https://www.example.it/fondo"),
]

_DM = "DM 17 ottobre 2014, n. 176 (art. 111 TUB)"
LIMITS = [
    dict(beneficiary_type="ordinario", valid_from=date(2014, 12, 1), max_amount=Decimal("25000"),
         max_years=7, source=_DM + " — data di decorrenza da verificare"),
    dict(beneficiary_type="sociale", valid_from=date(2014, 12, 1), max_amount=Decimal("10000"),
         max_years=5, source=_DM + " — data di decorrenza da verificare"),
    dict(beneficiary_type="ordinario", valid_from=date(2023, 1, 1), max_amount=Decimal("75000"),
         max_years=10, source="Modifiche del 2023 al " + _DM + " — data di decorrenza da "
         "verificare"),
    dict(beneficiary_type="srl", valid_from=date(2023, 1, 1), max_amount=Decimal("100000"),
         max_years=10, source="Modifiche del 2023 al " + _DM + " (SRL ordinarie) — data di "
         "decorrenza da verificare"),
]


def seed(apps, schema_editor):
    Lender = apps.get_model("catalog", "Lender")
    Limit = apps.get_model("catalog", "MicrocreditLimit")
    for values in LENDERS:
        Lender.objects.get_or_create(name=values["name"], defaults={**values, "is_example": True})
    for values in LIMITS:
        Limit.objects.get_or_create(
            beneficiary_type=values["beneficiary_type"], valid_from=values["valid_from"],
            defaults={**values, "to_verify": True})


def unseed(apps, schema_editor):
    apps.get_model("catalog", "Lender").objects.filter(is_example=True).delete()
    apps.get_model("catalog", "MicrocreditLimit").objects.filter(to_verify=True).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
