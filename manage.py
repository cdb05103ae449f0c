#!/usr/bin/env python
"""Django's command-line utility. With no DATABASE_URL it starts the embedded
PostgreSQL when needed and stops it again if it started it."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.runtime import embedded_database

    with embedded_database():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
