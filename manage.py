#!/usr/bin/env python
import os
import sys

# Commands that only read the code (no database, no signing) may run without the
# environment a server needs; everything else still fails clearly without SECRET_KEY.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter_crm.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        for name, placeholder in (
            ("SECRET_KEY", "offline-command-only"),
            ("DATABASE_URL", "postgres://localhost/offline"),
        ):
            os.environ[name] = os.environ.get(name) or placeholder
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
