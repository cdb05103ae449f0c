"""The audited actions of ``config`` (demo data) and their Italian labels, declared here
once; ``audit.actions`` gathers every installed package's ``LABELS`` through the app
registry."""

from django.utils.translation import gettext_lazy as _

DEMO_PEOPLE_SEEDED = "demo.people_seeded"

LABELS = {
    DEMO_PEOPLE_SEEDED: _("Persone dimostrative caricate"),
}
