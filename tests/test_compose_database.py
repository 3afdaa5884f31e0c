"""The compose file's init script run for real against PostgreSQL: the role it makes is no
superuser, yet can do what the migrations need in its own database."""

import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from psycopg2 import errors

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "postgres-init" / "10-app-role.sh"

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_init_scripts_role_owns_its_database_without_being_superuser():
    suffix = uuid.uuid4().hex[:8]
    role, database, password = f"app_{suffix}", f"app_{suffix}", uuid.uuid4().hex
    statements = [
        f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
        f"PASSWORD '{password}'",
        f"CREATE DATABASE {database} OWNER {role}",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
    ]
    # The script says exactly these statements (for its role and database names).
    script = SCRIPT.read_text()
    for statement in statements:
        generic = statement.replace(role, "jobcenter_crm").replace(password, "")
        generic = generic.replace("PASSWORD ''", "PASSWORD :'app_password'")
        assert " ".join(generic.split()) in " ".join(script.split()), generic
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    db = settings.DATABASES["default"]
    try:
        app = psycopg2.connect(
            host=db["HOST"] or "localhost",
            port=db["PORT"] or 5432,
            dbname=database,
            user=role,
            password=password,
        )
        app.autocommit = True
        try:
            cursor = app.cursor()
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            assert cursor.fetchone() == (False,)
            # What the migrations ask of the database: the trusted extensions and tables.
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("CREATE TABLE probe (id bigint PRIMARY KEY)")
            with pytest.raises(errors.InsufficientPrivilege):
                cursor.execute("CREATE ROLE intruder SUPERUSER")
        finally:
            app.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            cursor.execute(f"DROP ROLE IF EXISTS {role}")
