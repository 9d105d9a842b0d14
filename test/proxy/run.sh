#!/bin/sh
# Proxy suite: the real interview-proxy against a real database with the
# installed extension, driven over HTTP by node (node:test, TAP output):
# the original project's scenarios, auth, hostile input, statement counts
# (pg_stat_statements), graphql-js introspection, graphql-http audits,
# GraphiQL, metrics, and database outage and recovery.
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
DB="proxy_test_$$"
ROLE="proxy_login_$$"
PASS="pw_$$_$(date +%s)"
OUT="$TOP/test/out"
mkdir -p "$OUT"
LOG="$OUT/proxy-$$.log"
PID=""

cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
    psql -q -X -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1
}
trap cleanup EXIT INT TERM

if [ ! -x proxy/interview-proxy ] || [ ! -d node_modules/graphql-http ]; then
    echo "1..1"
    echo "not ok 1 - proxy/interview-proxy built and node_modules installed (make, npm ci)"
    exit 1
fi

psql -q -X -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL || exit 1
CREATE DATABASE $DB;
CREATE ROLE $ROLE LOGIN PASSWORD '$PASS';
SQL
psql -q -X -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<SQL || exit 1
CREATE EXTENSION interview CASCADE;
GRANT interview_proxy TO $ROLE;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SELECT interview.create_staff('staff_alice', 'staff-password-1');
SQL

CONNINFO="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$DB user=$ROLE password=$PASS"
proxy/interview-proxy --listen 127.0.0.1:0 --db "$CONNINFO" --pool 4 \
    --cors-origin "http://allowed.example" --statement-timeout 3000 --static "$TOP/proxy/static" \
    >"$LOG" 2>&1 &
PID=$!
PORT=""
for i in $(seq 1 50); do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/graphql.*/\1/p' "$LOG")
    [ -n "$PORT" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$PORT" ]; then
    echo "1..1"
    echo "not ok 1 - interview-proxy starts"
    sed 's/^/# /' "$LOG"
    exit 1
fi

export PROXY_URL="http://127.0.0.1:$PORT" PROXY_DB="$DB" PROXY_ROLE="$ROLE"
node --test --test-reporter=tap --test-concurrency=1 test/proxy/e2e.test.mjs
rc=$?
if [ $rc -ne 0 ]; then
    echo "# proxy log:"
    tail -n 40 "$LOG" | sed 's/^/# /'
fi
exit $rc
