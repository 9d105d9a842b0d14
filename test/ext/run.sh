#!/bin/sh
# Suite "ext": concurrency tests of the extension (test/ext/conc.c, TAP).
# Builds the libpq test program, creates database iv_ext with the extension,
# four candidates, a company with problems and one session token per
# account (table ext_token), then runs the program under prove.
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
db="${IV_EXT_DB:-iv_ext}"
out="$top/test/out"
mkdir -p "$out" || exit 1

PG_CONFIG="${PG_CONFIG:-pg_config}"
cc -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -O1 \
    -fsanitize=address,undefined -fno-omit-frame-pointer \
    -I"$("$PG_CONFIG" --includedir)" -o "$out/ext-conc" "$here/conc.c" -lpq || exit 1

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || exit 1
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL' || exit 1
CREATE EXTENSION interview CASCADE;
CREATE TABLE ext_token (name text PRIMARY KEY, token text NOT NULL);
SELECT interview.register('ext_c' || i, 'password-' || i) FROM generate_series(1, 4) i;
SELECT interview.create_staff('ext_s', 'password-s');
BEGIN;
SELECT interview.login('ext_s', 'password-s');
SELECT interview.create_company('ext_co', 2) AS co \gset
SELECT interview.assign_problem(:co, interview.create_problem('ext_p' || i, 'problem ' || i))
    FROM generate_series(1, 4) i;
COMMIT;
INSERT INTO ext_token SELECT 'ext_c' || i, interview.login('ext_c' || i, 'password-' || i)
    FROM generate_series(1, 4) i;
SQL

PGDATABASE="$db" ASAN_OPTIONS=detect_leaks=1 prove -v -e '' "$out/ext-conc"
