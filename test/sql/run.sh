#!/bin/sh
# Suite "sql": the extension's pgTAP tests.
# Creates one database with the extension, runs every test/sql/*.sql with
# pg_prove (each file is BEGIN; plan; ...; ROLLBACK) and then every
# test/sql/*.t shell test with prove (for what one transaction cannot show).
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
export IV_SQL_DB="${IV_SQL_DB:-iv_sql}"

dropdb --if-exists "$IV_SQL_DB" >/dev/null 2>&1
createdb "$IV_SQL_DB" || exit 1
trap 'dropdb --if-exists "$IV_SQL_DB" >/dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$IV_SQL_DB" \
    -c 'CREATE EXTENSION interview CASCADE' \
    -c 'CREATE EXTENSION pgtap' \
    -f "$here/fixtures.psql" >/dev/null || exit 1

status=0
pg_prove -d "$IV_SQL_DB" "$here"/*.sql || status=1
set -- "$here"/*.t
if [ -e "$1" ]; then
    prove -e sh "$@" || status=1
fi
exit $status
