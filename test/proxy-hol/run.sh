#!/bin/sh
# Proxy head-of-line suite: the real interview-proxy and a real database.
# A transaction holds an ACCESS EXCLUSIVE lock on interview.company, so a
# request for allCompanies waits in the database; requests on the proxy's
# other keep-alive connections must not wait behind it (hol.mjs, TAP).
# The proxy runs with --pool 2 and its default thread count (the lock is
# held 8 s; the statement timeout is raised above that).
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
. "$TOP/test/lib.sh"
TAG="$$"
DB="hol_test_$TAG"
PROLE="hol_proxy_$TAG"
PPASS=$(random_pw hp_)
OUT="$TOP/test/out"
mkdir -p "$OUT"
LOG="$OUT/proxy-hol-$TAG.log"
PID=""
LOCK_PID=""

cleanup() {
    for p in $PID $LOCK_PID; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    drop_db_roles "$DB" "$PROLE"
}
trap cleanup EXIT INT TERM

fail() {
    echo "1..1"
    echo "not ok 1 - $1"
    exit 1
}

BIN="${PROXY_BIN:-$TOP/proxy/interview-proxy}"
[ -x "$BIN" ] || fail "proxy/interview-proxy built (make)"
command -v node >/dev/null 2>&1 || fail "node installed"

psql -q -X -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL || fail "database created"
CREATE DATABASE $DB;
CREATE ROLE $PROLE LOGIN PASSWORD '$PPASS';
SQL
TOKEN=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
\o /dev/null
CREATE EXTENSION interview CASCADE;
GRANT interview_proxy TO $PROLE;
SELECT interview.create_staff('hol_staff', 'staff-password-1');
BEGIN;
SELECT interview.login('hol_staff', 'staff-password-1');
SELECT interview.create_company('HOL Co', 1);
COMMIT;
SELECT interview.register('hol_user', 'user-password-1');
\o
SELECT interview.login('hol_user', 'user-password-1');
SQL
) || fail "extension and users set up"

"$BIN" --listen 127.0.0.1:0 --pool 2 --statement-timeout 30000 \
    --db "$(conninfo "$DB" "$PROLE" "$PPASS")" \
    >"$LOG" 2>&1 &
PID=$!
PORT=$(proxy_port "$LOG" "$PID" 50)
[ -n "$PORT" ] || { sed 's/^/# /' "$LOG"; fail "interview-proxy starts"; }

# hold the lock for 8 s (hol.mjs needs well under 2 s)
psql -q -X -d "$DB" -c "BEGIN; LOCK TABLE interview.company IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;" \
    >/dev/null 2>&1 &
LOCK_PID=$!
held=""
for i in $(seq 1 50); do
    held=$(psql -X -At -d "$DB" -c "SELECT 1 FROM pg_locks WHERE relation = 'interview.company'::regclass AND mode = 'AccessExclusiveLock' AND granted")
    [ -n "$held" ] && break
    sleep 0.1
done
[ -n "$held" ] || fail "a transaction holds the lock on interview.company"

timeout 60 node test/proxy-hol/hol.mjs "$PORT" "$TOKEN"
