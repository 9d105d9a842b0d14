#!/bin/sh
# Proxy head-of-line suite: the real interview-proxy and a real database.
# A transaction holds an ACCESS EXCLUSIVE lock on interview.company, so a
# request for allCompanies waits in the database; requests on the proxy's
# other keep-alive connections must not wait behind it (hol.mjs, TAP).
# The proxy runs with --pool 2 and two event loop threads (the lock is
# held 8 s; the statement timeout is raised above that).
# Then a second proxy (the sanitizer build when it builds) runs with one
# event loop thread, --pool 2 and --pool-wait 500 against a 4 s lock
# (loop.mjs), and must stop cleanly on SIGTERM while a request waits in the
# database.
# Then a fresh proxy with two loop threads and one pool connection shows
# how a released connection passes between the loops (handoff.mjs).
# Then proxies with one loop thread and one pool connection show how
# queued queries share a transaction, and that they may not (batch.mjs).
# Last, the sanitizer build with two loops and one pool connection takes 480
# mixed requests at once, batches forming and splitting (stress.mjs).
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
SELECT interview.register('hol_user2', 'user-password-2');
\o
SELECT interview.login('hol_user', 'user-password-1');
SQL
) || fail "extension and users set up"
TOKEN2=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" -c "SELECT interview.login('hol_user2', 'user-password-2')") ||
    fail "second user logged in"
export TOKEN2


# ends the transaction that holds the lock, if it still runs, and reaps its psql
unlock_company() {
    psql -X -q -At -d "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = 'interview.company'::regclass AND mode = 'AccessExclusiveLock' AND granted" >/dev/null 2>&1
    wait "$LOCK_PID" 2>/dev/null
    LOCK_PID=""
}

# start_proxy LOG TEST DESCRIPTION BINARY ARGS...: starts a proxy on the test
# database, sets PID and PORT; on failure prints "not ok TEST" and exits.
# One account sends every request here: the per-account cap on pool
# connections (its own test is in test/abuse) is off.
start_proxy() {
    log=$1; n=$2; what=$3; shift 3
    "$@" --listen 127.0.0.1:0 --statement-timeout 30000 --pool-per-account 0 \
        --db "$(conninfo "$DB" "$PROLE" "$PPASS")" >"$log" 2>&1 &
    PID=$!
    PORT=$(proxy_port "$log" "$PID" 100)
    if [ -z "$PORT" ]; then
        sed 's/^/# /' "$log"
        echo "not ok $n - $what starts"
        exit 1
    fi
}

# while_locked SECONDS SCRIPT FIRST [ARG]: runs a node script numbered from
# FIRST against PORT while the table is locked for SECONDS, then waits for the lock
while_locked() {
    if lock_company "$1"; then
        timeout 60 node "test/proxy-hol/$2" "$PORT" "$TOKEN" "$3" ${4:-} || rc=1
    else
        echo "not ok $3 - a transaction holds the lock on interview.company"
        rc=1
    fi
    wait "$LOCK_PID" 2>/dev/null
    LOCK_PID=""
}

echo "1..25"
start_proxy "$LOG" 1 "interview-proxy with two loop threads" "$BIN" --pool 2 --threads 2
# hold the lock for 8 s (hol.mjs needs well under 2 s)
lock_company 8 || { echo "not ok 1 - a transaction holds the lock on interview.company"; exit 1; }
rc=0
timeout 60 node test/proxy-hol/hol.mjs "$PORT" "$TOKEN" || rc=1
stop_pid "$PID"
PID=""
wait "$LOCK_PID" 2>/dev/null
LOCK_PID=""

# --- one event loop thread, two connections, a short pool wait ----------------
BIN2="$BIN"
if [ -z "${PROXY_BIN:-}" ] && make -s -C proxy interview-proxy-asan >"$OUT/proxy-hol-asan-build-$TAG.log" 2>&1; then
    BIN2="$TOP/proxy/interview-proxy-asan"
fi
LOG2="$OUT/proxy-hol-loop-$TAG.log"
start_proxy "$LOG2" 6 "$(basename "$BIN2") with one loop thread" \
    env ASAN_OPTIONS=detect_leaks=1 "$BIN2" --pool 2 --threads 1 --pool-wait 500
echo "# $(basename "$BIN2") on port $PORT, one loop thread"
while_locked 4 loop.mjs 6

# SIGTERM while requests wait in the database: the proxy stops at once, cleanly
if lock_company 10; then
    # two requests, one per pool connection (a third would give up after --pool-wait)
    CURLS=""
    for i in 1 2; do
        curl -s -o "$OUT/proxy-hol-stop-$TAG-$i.json" -w '%{http_code}' -m 20 -X POST \
            "http://127.0.0.1:$PORT/graphql" -H 'Content-Type: application/json' \
            -H "Authorization: Bearer $TOKEN" -d '{"query":"{ allCompanies { name } }"}' \
            >"$OUT/proxy-hol-stop-$TAG-$i.code" 2>/dev/null &
        CURLS="$CURLS $!"
    done
    # until both wait for the lock in the database
    wait_lock_waiters 2
    start=$(date +%s)
    kill -TERM "$PID"
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
    if kill -0 "$PID" 2>/dev/null; then
        echo "not ok 13 - SIGTERM stops the proxy while requests wait in the database (still running after 10 s)"
        rc=1
    else
        wait "$PID"
        prc=$?
        for p in $CURLS; do wait "$p"; done
        answered=0
        for i in 1 2; do
            [ "$(cat "$OUT/proxy-hol-stop-$TAG-$i.code")" = 503 ] &&
                grep -q '"the server is stopping"' "$OUT/proxy-hol-stop-$TAG-$i.json" &&
                answered=$((answered + 1))
        done
        if [ $prc -eq 0 ] && [ $answered -eq 2 ] && ! grep -q "Sanitizer\|runtime error:" "$LOG2"; then
            echo "ok 13 - SIGTERM stops the proxy while requests wait in the database ($(( $(date +%s) - start )) s, exit 0, the 2 waiting requests got 503 \"the server is stopping\", no sanitizer report)"
        else
            echo "not ok 13 - SIGTERM stops the proxy while requests wait in the database (exit $prc, $answered of 2 got 503)"
            sed 's/^/# /' "$LOG2" | tail -40
            rc=1
        fi
    fi
    PID=""
else
    echo "not ok 13 - a transaction holds the lock on interview.company"
    rc=1
fi

# --- two loop threads sharing one pool connection -------------------------------
unlock_company
start_proxy "$OUT/proxy-hol-handoff-$TAG.log" 14 "interview-proxy with two loop threads and one pool connection" \
    "$BIN" --pool 1 --threads 2 --pool-wait 10000
while_locked 3 handoff.mjs 14
stop_pid "$PID"
PID=""

# --- batches: one loop thread, one pool connection -------------------------------
start_proxy "$OUT/proxy-hol-batch-$TAG.log" 17 "interview-proxy with one pool connection" \
    "$BIN" --pool 1 --threads 1 --pool-wait 10000
while_locked 2 batch.mjs 17 mixed
while_locked 2 batch.mjs 19 badtoken
stop_pid "$PID"
start_proxy "$OUT/proxy-hol-batch1-$TAG.log" 21 "interview-proxy with --batch 1" \
    "$BIN" --pool 1 --threads 1 --pool-wait 10000 --batch 1
while_locked 2 batch.mjs 21 off
stop_pid "$PID"

# --- batches under load, with the sanitizers when they build ---------------------
LOG3="$OUT/proxy-hol-stress-$TAG.log"
start_proxy "$LOG3" 23 "$(basename "$BIN2") with two loop threads and one pool connection" \
    env ASAN_OPTIONS=detect_leaks=1 "$BIN2" --pool 1 --threads 2 --pool-wait 10000
timeout 120 node test/proxy-hol/stress.mjs "$PORT" "$TOKEN" 23 || rc=1
kill -TERM "$PID"
i=0
while kill -0 "$PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
kill -KILL "$PID" 2>/dev/null
wait "$PID"
prc=$?
PID=""
if [ $prc -eq 0 ] && ! grep -q "Sanitizer\|runtime error:" "$LOG3"; then
    echo "ok 25 - $(basename "$BIN2") stops cleanly after the load (exit 0, no sanitizer report)"
else
    echo "not ok 25 - $(basename "$BIN2") stops cleanly after the load (exit $prc)"
    sed 's/^/# /' "$LOG3" | tail -40
    rc=1
fi
exit $rc
