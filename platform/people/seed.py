"""Seed data for a new tenant: the first privacy notice (editable)."""

from datetime import date

from people.models import PrivacyNotice

NOTICE_TEXT = (
    "Informativa ai sensi dell'art. 13 del Regolamento (UE) 2016/679. Il titolare del "
    "trattamento è l'ente che gestisce lo sportello. I dati sono trattati per erogare i servizi "
    "richiesti e, solo con il suo consenso, per trasmetterli ai sistemi nazionali del lavoro, "
    "pubblicarli nella borsa del lavoro e inviarle la newsletter. Può revocare il consenso in "
    "ogni momento. Testo da completare a cura dell'amministratore dell'ente."
)


def seed_tenant(*, tenant) -> None:
    PrivacyNotice.objects.get_or_create(
        version="1.0", defaults={"title": "Informativa privacy dello sportello",
                                 "text": NOTICE_TEXT, "valid_from": date(2026, 1, 1)})
