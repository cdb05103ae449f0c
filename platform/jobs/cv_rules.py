"""What the CV and matching code share below services and selectors: the
CP2011 level of professions and which code table holds each kind of
licence (who may work with candidates: jobs.permissions)."""

from __future__ import annotations

from codes import tables
from jobs.models import LicenceKind

PROFESSION_LEVEL = 6  # the ministry's sixth CP2011 level, as Cliclavoro wants it
LICENCE_TABLES = {LicenceKind.DRIVING: tables.DRIVING_LICENCES,
                  LicenceKind.LICENCE: tables.LICENCES, LicenceKind.ALBO: tables.ALBI}

