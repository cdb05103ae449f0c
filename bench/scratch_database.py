"""The throw-away database each benchmark creates and drops on the server
the settings point at (embedded or DATABASE_URL)."""


def admin_connection(settings_dict: dict):
    import psycopg

    options = {key: value for key, value in {
        "host": settings_dict["HOST"], "port": settings_dict["PORT"],
        "user": settings_dict["USER"], "password": settings_dict["PASSWORD"],
    }.items() if value}
    return psycopg.connect(dbname="postgres", autocommit=True, **options)


def create_database(settings_dict: dict, name: str) -> None:
    with admin_connection(settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(settings_dict: dict, name: str) -> None:
    from django.db import connections

    connections.close_all()
    with admin_connection(settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
