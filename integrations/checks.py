"""System checks (tag ``integrations``): in production every destination the
installation confers to (settings.RETE_OUTBOX["destinations"]) must be
configured in settings.RETE_INTEGRATIONS, from the environment, with what its
transport profile needs.

Registered by config's AppConfig.ready(). They run with every management
command that runs the checks: ``check`` and ``check --deploy``, and
``migrate_tenants`` (the chart's pre-install and
pre-upgrade job), so a release without its destination stops there with an
Italian message naming the variables. ``collectstatic`` runs only the
``staticfiles`` checks, so the image still builds without any of them.
Development and tests (RETE_ENV=development|test) use the simulated node and
are not checked.

- ``integrations.E001``: a destination missing or incomplete;
- ``integrations.E002``: the ModI key or certificate missing or unreadable;
- ``integrations.W001``: a production endpoint that is not https."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "integrations"
HINT = ("Impostare le variabili d'ambiente della destinazione (RETE_CLICLAVORO_*, e per il "
        "profilo modi RETE_MODI_*) dal Secret indicato nel chart (helm/rete-sportelli, "
        "integrations.existingSecret), oppure togliere la destinazione da "
        "RETE_OUTBOX_DESTINATIONS se questa installazione non conferisce.")


@checks.register(TAG)
def destinations_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if getattr(settings, "DEVELOPMENT", False):
        return []
    from integrations import transports
    from integrations.transports import keys

    found: list[checks.CheckMessage] = []
    for name in settings.RETE_OUTBOX.get("destinations", ()):
        try:
            destination = transports.destination(name)
        except ImproperlyConfigured as exc:
            found.append(checks.Error(
                f"Conferimenti a «{name}» attivi ma la destinazione non è configurata: {exc}",
                hint=HINT, id="integrations.E001"))
            continue
        if destination.profile == "modi":
            try:
                keys.load_pair(key_file=destination.key_file, cert_file=destination.cert_file)
                if destination.peer_cert_file:
                    keys.load_certificate(destination.peer_cert_file)
            except keys.KeyMaterialError as exc:
                found.append(checks.Error(
                    f"Conferimenti a «{name}» (profilo modi): {exc.message}",
                    hint=HINT, id="integrations.E002"))
        if not destination.url.startswith("https://"):
            found.append(checks.Warning(
                f"La destinazione «{name}» non usa https ({destination.url[:100]}): in "
                f"produzione il nodo nazionale o il gateway si raggiungono in https.",
                id="integrations.W001"))
    return found
