#!/bin/sh
# Suite "abuse": attacks on the proxy by one client, each refused while the
# service stays up for the others (abuse.mjs): the static cost of nested
# lists, 50 aliased logins, a burst of logins from one address, 2,000
# trickling sockets; then /metrics behind a token, and that no session was
# made by the refused logins. The real interview-proxy and a real database;
# loopback only (127.0.0.1 for the attacker, 127.0.0.2 and .3 for others).
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
. "$TOP/test/lib.sh"
TAG="$$"
DB="abuse_test_$TAG"
PROLE="abuse_proxy_$TAG"
PPASS=$(random_pw ap_)
OUT="$TOP/test/out"
mkdir -p "$OUT"
PID=""
cleanup() {
    stop_pid "$PID"
    drop_db_roles "$DB" "$PROLE"
}
trap cleanup EXIT INT TERM

fail() {
    echo "1..1"
    echo "not ok 1 - $1"
    exit 1
}
BIN="$TOP/proxy/interview-proxy"
[ -x "$BIN" ] || fail "proxy/interview-proxy built (make)"
command -v node >/dev/null 2>&1 || fail "node installed"

psql -q -X -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL || fail "database created"
CREATE DATABASE $DB;
CREATE ROLE $PROLE LOGIN PASSWORD '$PPASS';
SQL
TOKEN=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
\o /dev/null
SET client_min_messages = warning;
CREATE EXTENSION interview CASCADE;
GRANT interview_proxy TO $PROLE;
SELECT interview.register('abuse_cand', 'candidate-pw-1');
SELECT interview.register('abuse_db', 'db-bucket-pw-1');
\o
SELECT interview.login('abuse_cand', 'candidate-pw-1');
SQL
) || fail "extension and account set up"

# start_proxy LOG ARGS...: a proxy on a free port; sets PID and PORT.
start_proxy() {
    log=$1; shift
    "$BIN" --listen 127.0.0.1:0 --db "$(conninfo "$DB" "$PROLE" "$PPASS")" "$@" >"$log" 2>&1 &
    PID=$!
    PORT=$(proxy_port "$log" "$PID" 100)
    [ -n "$PORT" ] || { sed 's/^/# /' "$log"; fail "interview-proxy $* starts"; }
}

DEADLINE=3
PERIP=50
BURST=5
start_proxy "$OUT/abuse-$TAG.log" --pool 4 --request-deadline $DEADLINE \
    --max-conns-per-ip $PERIP --login-burst $BURST --login-interval 600000
rc=0
# 2,000 sockets and their share of the test's descriptors
(ulimit -n 8192 2>/dev/null; timeout 120 node test/abuse/abuse.mjs "$PORT" "$TOKEN" $DEADLINE $PERIP $BURST) >"$OUT/abuse-$TAG.tap" || rc=1
n=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$OUT/abuse-$TAG.tap")
grep -v '^1\.\.' "$OUT/abuse-$TAG.tap"
stop_pid "$PID"
PID=""
n=${n:-0}
failed=0
[ $rc -eq 0 ] || failed=1

# Sessions: the refused logins made none (one login from 127.0.0.2 did).
sessions=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM interview.auth_session s JOIN interview.account a ON a.id = s.account_id WHERE a.username = 'abuse_cand'")
ok $([ "$sessions" = 2 ]; echo $?) "the refused logins created no session (2: the setup's and the one allowed, have $sessions)" || rc=1

# One account's flood of slow requests may hold --pool-per-account connections;
# another account's request is answered meanwhile.
OTHER=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
\o /dev/null
SELECT interview.register('abuse_other', 'other-pw-1');
\o
SELECT interview.login('abuse_other', 'other-pw-1');
SQL
)
start_proxy "$OUT/abuse-pool-$TAG.log" --pool 2 --pool-per-account 1 --pool-wait 30000 \
    --statement-timeout 30000
psql -q -X -d "$DB" -c "BEGIN; LOCK TABLE interview.company IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;" \
    >/dev/null 2>&1 &
LOCKPID=$!
i=0
until [ -n "$(psql -X -At -d "$DB" -c "SELECT 1 FROM pg_locks WHERE relation = 'interview.company'::regclass AND mode = 'AccessExclusiveLock' AND granted")" ] || [ $i -ge 50 ]; do
    sleep 0.1; i=$((i + 1))
done
FLOOD=""
for k in 1 2 3; do
    curl -s -m 60 -o "$OUT/abuse-flood-$TAG-$k.json" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $TOKEN" -d '{"query":"{ allCompanies { name } }"}' \
        "http://127.0.0.1:$PORT/graphql" &
    FLOOD="$FLOOD $!"
done
i=0
until [ "$(psql -X -At -d "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND wait_event_type = 'Lock'")" -ge 1 ] || [ $i -ge 50 ]; do
    sleep 0.1; i=$((i + 1))
done
sleep 0.5
other=$(curl -s -m 20 -H 'Content-Type: application/json' -H "Authorization: Bearer $OTHER" \
    -d '{"query":"{ currentUser { username } }"}' "http://127.0.0.1:$PORT/graphql")
running=0
for p in $FLOOD; do kill -0 "$p" 2>/dev/null && running=$((running + 1)); done
waiting=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND wait_event_type = 'Lock'")
ok $(echo "$other" | grep -Eq '"username" *: *"abuse_other"' && [ $running -eq 3 ]; echo $?) \
    "another account is answered while one account's 3 requests wait on a lock ($running still waiting): $other" || rc=1
ok $([ "$waiting" = 1 ]; echo $?) "the flooding account holds 1 of the 2 pool connections (--pool-per-account 1; $waiting in the database)" || rc=1
wait $LOCKPID
got=0
for p in $FLOOD; do wait "$p"; done
for k in 1 2 3; do grep -q '"allCompanies"' "$OUT/abuse-flood-$TAG-$k.json" && got=$((got + 1)); done
ok $([ $got = 3 ]; echo $?) "its 3 requests are answered in turn once the lock is gone ($got of 3)" || rc=1
stop_pid "$PID"
PID=""

# /metrics behind a token
start_proxy "$OUT/abuse-metrics-$TAG.log" --metrics-token "metrics-$TAG"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")
ok $([ "$code" = 403 ]; echo $?) "with --metrics-token, /metrics without it is refused (403, have $code)" || rc=1
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer wrong-$TAG" "http://127.0.0.1:$PORT/metrics")
ok $([ "$code" = 403 ]; echo $?) "and with a wrong token (403, have $code)" || rc=1
code=$(curl -s -o "$OUT/abuse-metrics-$TAG.txt" -w '%{http_code}' -H "Authorization: Bearer metrics-$TAG" "http://127.0.0.1:$PORT/metrics")
ok $([ "$code" = 200 ] && grep -q interview_proxy_requests_total "$OUT/abuse-metrics-$TAG.txt"; echo $?) \
    "with the token it answers (have $code)" || rc=1
stop_pid "$PID"
PID=""

# The development option: a cookie without Secure.
start_proxy "$OUT/abuse-cookie-$TAG.log" --insecure-cookie
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"query":"mutation { login(username: \"abuse_cand\", password: \"candidate-pw-1\") { token } }"}' \
    "http://127.0.0.1:$PORT/graphql" | tr -d '\r' | grep -i '^set-cookie:')
ok $(echo "$cookie" | grep -q 'HttpOnly' && ! echo "$cookie" | grep -qi 'secure'; echo $?) \
    "--insecure-cookie (plain HTTP in development) leaves Secure out: $cookie" || rc=1
stop_pid "$PID"
PID=""
echo "1..$n"
exit $rc
