#!/usr/bin/env python
"""Django's command-line utility. With no DATABASE_URL it starts the embedded
PostgreSQL when needed and stops it again if it started it."""

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]


def main() -> None:
    # A shell that starts us in the background hands us SIGINT ignored:
    # restore it, so Ctrl-C (or kill -INT) always stops what we started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.runtime import embedded_database

    with embedded_database():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
