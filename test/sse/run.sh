#!/bin/sh
# Subscriptions suite: GraphQL over Server-Sent Events with the real
# interview-proxy, the real interview-judge and a real database, driven by
# the npm graphql-sse client (node:test, TAP output): a verdict arrives live,
# other users see nothing, a PostgreSQL restart loses nothing, 500
# concurrent streams all get their event, limits, keep-alives, and closed
# clients free their subscriptions.
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv)
# and root (the judge's sandbox).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
. "$TOP/test/lib.sh"
TAG="$$"
DB="sse_test_$TAG"
PROLE="sse_proxy_$TAG"
JROLE="sse_judge_$TAG"
PPASS=$(random_pw pp_)
JPASS=$(random_pw jp_)
OUT="$TOP/test/out"
mkdir -p "$OUT"
LOG="$OUT/sse-proxy-$TAG.log"
PID=""

cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    drop_db_roles "$DB" "$PROLE" "$JROLE"
}
trap cleanup EXIT INT TERM

if ! need_bins proxy/interview-proxy judge/interview-judge || [ ! -d node_modules/graphql-sse ]; then
    echo "1..1"
    echo "not ok 1 - proxy and judge built, node_modules installed (make, npm ci)"
    exit 1
fi

psql -q -X -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL || exit 1
CREATE DATABASE $DB;
CREATE ROLE $PROLE LOGIN PASSWORD '$PPASS';
CREATE ROLE $JROLE LOGIN PASSWORD '$JPASS';
SQL
COMPANY=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
\o /dev/null
CREATE EXTENSION interview CASCADE;
SELECT interview.create_staff('sse_staff', 'staff-password-1');
BEGIN;
SELECT interview.login('sse_staff', 'staff-password-1');
SELECT interview.create_problem('Sum of two', 'Print a + b.', NULL, '30 minutes', 2000, 262144) AS p \gset
SELECT interview.add_test_case(:p, E'1 2\n', E'3\n', true);
SELECT interview.add_test_case(:p, E'10 -4\n', E'6\n', false);
SELECT interview.create_company('Acme SSE', 1) AS c \gset
SELECT interview.assign_problem(:c, :p);
COMMIT;
\o
SELECT :c;
SQL
) || exit 1
psql -q -X -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<SQL || exit 1
GRANT interview_proxy TO $PROLE;
GRANT interview_judge TO $JROLE;
SQL

HOSTPORT=$(conninfo "$DB")
proxy/interview-proxy --listen 127.0.0.1:0 --db "$HOSTPORT user=$PROLE password=$PPASS" \
    --pool 4 --sse-keepalive 500 --max-subscriptions-per-user 500 --max-subscriptions 1500 \
    --sse-max-queued 65536 --max-conns-per-ip 1000 \
    >"$LOG" 2>&1 &
PID=$!
PORT=$(proxy_port "$LOG" "$PID" 50)
if [ -z "$PORT" ]; then
    echo "1..1"
    echo "not ok 1 - interview-proxy starts"
    sed 's/^/# /' "$LOG"
    exit 1
fi

export SSE_URL="http://127.0.0.1:$PORT" SSE_DB="$DB" SSE_COMPANY="$COMPANY" SSE_PROXY_PID="$PID"
export SSE_JUDGE="$TOP/judge/interview-judge" SSE_JUDGE_DB="$HOSTPORT user=$JROLE password=$JPASS"
export SSE_JUDGE_LOG="$OUT/sse-judge-$TAG.log"
node --test --test-reporter=tap --test-concurrency=1 test/sse/sse.test.mjs
rc=$?
if [ $rc -ne 0 ]; then
    echo "# proxy log:"
    tail -n 40 "$LOG" | sed 's/^/# /'
fi
exit $rc
