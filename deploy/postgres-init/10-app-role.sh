#!/bin/sh
# Run once by the postgres image on an empty data directory: the application's own role,
# which owns its database but is not a superuser (it may create the trusted extensions
# pg_trgm and unaccent that the migrations need, nothing beyond its database).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE jobcenter_crm LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    PASSWORD :'app_password';
CREATE DATABASE jobcenter_crm OWNER jobcenter_crm;
REVOKE ALL ON DATABASE jobcenter_crm FROM PUBLIC;
SQL
