#!/bin/sh
# Suite "abuse": attacks on the proxy by one client, each refused while the
# service stays up for the others (abuse.mjs): the static cost of nested
# lists, 50 aliased logins, a burst of logins from one address, 2,000
# trickling sockets; then that no session was made by the refused logins,
# one account's flood held to its share of the pool, the document cache
# evicting, /metrics behind a token and the development cookie. The real
# interview-proxy and a real database; loopback only (127.0.0.1 for the
# attacker, 127.0.0.2 and .3 for others).
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
need_bins proxy/interview-proxy || fail "proxy/interview-proxy built (make)"
command -v node >/dev/null 2>&1 || fail "node installed"

{ createdb "$DB" && add_extension "$DB" && create_login "$PROLE" "$PPASS" interview_proxy; } ||
    fail "database, extension and proxy role created"
TOKEN=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
\o /dev/null
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
lock_company 8
FLOOD=""
for k in 1 2 3; do
    curl -s -m 60 -o "$OUT/abuse-flood-$TAG-$k.json" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $TOKEN" -d '{"query":"{ allCompanies { name } }"}' \
        "http://127.0.0.1:$PORT/graphql" &
    FLOOD="$FLOOD $!"
done
wait_lock_waiters 1
sleep 0.5
other=$(curl -s -m 20 -H 'Content-Type: application/json' -H "Authorization: Bearer $OTHER" \
    -d '{"query":"{ currentUser { username } }"}' "http://127.0.0.1:$PORT/graphql")
running=0
for p in $FLOOD; do kill -0 "$p" 2>/dev/null && running=$((running + 1)); done
waiting=$(lock_waiters)
ok $(echo "$other" | grep -Eq '"username" *: *"abuse_other"' && [ $running -eq 3 ]; echo $?) \
    "another account is answered while one account's 3 requests wait on a lock ($running still waiting): $other" || rc=1
ok $([ "$waiting" = 1 ]; echo $?) "the flooding account holds 1 of the 2 pool connections (--pool-per-account 1; $waiting in the database)" || rc=1
wait "$LOCK_PID"
got=0
for p in $FLOOD; do wait "$p"; done
for k in 1 2 3; do grep -q '"allCompanies"' "$OUT/abuse-flood-$TAG-$k.json" && got=$((got + 1)); done
ok $([ $got = 3 ]; echo $?) "its 3 requests are answered in turn once the lock is gone ($got of 3)" || rc=1
stop_pid "$PID"
PID=""

# An expensive query never shares a batch: on one connection held by a query
# waiting on a lock, three cheap queries and one costing 2,000 (above
# EXEC_EXPENSIVE_COST) queue up; the cheap ones then share one transaction
# and the costly one runs alone.
start_proxy "$OUT/abuse-batch-$TAG.log" --pool 1 --threads 1 --batch 8 --pool-per-account 0 \
    --pool-wait 30000 --statement-timeout 30000
lock_company 5
# gql_bg NAME QUERY: a POST with the candidate's token in the background (output in NAME.json)
gql_bg() {
    curl -s -m 60 -o "$OUT/abuse-batch-$TAG-$1.json" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $TOKEN" -d "{\"query\":\"$2\"}" "http://127.0.0.1:$PORT/graphql" &
    BATCH="$BATCH $!"
}
BATCH=""
gql_bg hold "{ allCompanies { name } }"
wait_lock_waiters 1
gql_bg cheap1 "{ currentUser { username } }"
sleep 0.2
gql_bg costly "{ myInterviews(limit: 1000) { id } again: myInterviews(limit: 1000) { id } }"
sleep 0.2
gql_bg cheap2 "{ currentUser { username } }"
gql_bg cheap3 "{ currentUser { username } }"
wait "$LOCK_PID"
for p in $BATCH; do wait "$p"; done
got=0
for k in hold cheap1 costly cheap2 cheap3; do
    grep -q '"data"' "$OUT/abuse-batch-$TAG-$k.json" && ! grep -q '"errors"' "$OUT/abuse-batch-$TAG-$k.json" &&
        got=$((got + 1))
done
curl -s -o "$OUT/abuse-batch-$TAG.txt" "http://127.0.0.1:$PORT/metrics"
batches=$(sed -n 's/^interview_proxy_batches_total \([0-9]*\)$/\1/p' "$OUT/abuse-batch-$TAG.txt")
batched=$(sed -n 's/^interview_proxy_batched_requests_total \([0-9]*\)$/\1/p' "$OUT/abuse-batch-$TAG.txt")
ok $([ $got = 5 ]; echo $?) "the five queued queries are answered ($got of 5)" || rc=1
ok $([ "$batches" = 1 ] && [ "$batched" = 3 ]; echo $?) \
    "the three cheap ones share one transaction, the costly one runs alone ($batches batch of $batched requests)" || rc=1
stop_pid "$PID"
PID=""

# The document cache evicts the least recently used documents: with room for
# two, six distinct documents three times over on two connections are each
# answered with their own statement (a slot's new entry is prepared under a
# new name; the alias is part of the SQL, so another document's statement
# would answer under another name), and the cache stays at two.
start_proxy "$OUT/abuse-cache-$TAG.log" --pool 2 --doc-cache 2
right=0
for round in 1 2 3; do
    for i in 1 2 3 4 5 6; do
        curl -s -m 10 -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
            -d "{\"query\":\"{ doc$i: languages { id } }\"}" "http://127.0.0.1:$PORT/graphql" \
            >"$OUT/abuse-cache-$TAG.json"
        grep -q "\"doc$i\" *: *\[" "$OUT/abuse-cache-$TAG.json" && right=$((right + 1))
    done
done
curl -s -o "$OUT/abuse-cache-$TAG.txt" "http://127.0.0.1:$PORT/metrics"
entries=$(sed -n 's/^interview_proxy_cache_entries \([0-9]*\)$/\1/p' "$OUT/abuse-cache-$TAG.txt")
evictions=$(sed -n 's/^interview_proxy_cache_evictions_total \([0-9]*\)$/\1/p' "$OUT/abuse-cache-$TAG.txt")
ok $([ $right = 18 ]; echo $?) "--doc-cache 2: 6 documents sent 3 times each get their own answer ($right of 18)" ||
    { rc=1; sed 's/^/# last answer: /' "$OUT/abuse-cache-$TAG.json"; echo; }
ok $([ "$entries" = 2 ] && [ "${evictions:-0}" -ge 16 ]; echo $?) \
    "the cache stays at 2 entries by evicting the least recently used ($entries entries, $evictions evictions)" || rc=1
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
