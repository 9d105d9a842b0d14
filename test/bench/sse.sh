#!/bin/sh
# Benchmark of live verdicts (run by test/bench/run.sh, `make bench`):
# latency from the COMMIT of a verdict (interview.report_verdict, as the
# judge does it) to the `next` event at a graphql-sse client, p50 and p99,
# with 1 and with 1,000 open subscriptions, beside the latency a client
# polling `submission(id) { status }` every second sees in the same run;
# and the proxy's resident memory per open subscription (RSS delta / n).
# SSE_BENCH_N (100) verdicts per phase, SSE_BENCH_OPEN (1000) open
# subscriptions in the second phase.  Writes test/out/bench-sse.txt.
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
. "$top/test/lib.sh"
bench_setup sse

createdb "$db" || exit 1
company=$(psql -q -X -At -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
\o /dev/null
CREATE EXTENSION interview CASCADE;
SELECT interview.create_staff('bench_staff', 'staff-password-1');
BEGIN;
SELECT interview.login('bench_staff', 'staff-password-1');
SELECT interview.create_problem('Sum of two', 'Print a + b.', NULL, '30 minutes', 2000, 262144) AS p \gset
SELECT interview.add_test_case(:p, E'1 2\n', E'3\n', true);
SELECT interview.create_company('Acme bench', 1) AS c \gset
SELECT interview.assign_problem(:c, :p);
COMMIT;
\o
SELECT :c;
SQL
) || exit 1
create_login "$role" "$pass" interview_proxy || exit 1

"$top/proxy/interview-proxy" --listen 127.0.0.1:0 --pool 8 \
    --db "$(conninfo "$db" "$role" "$pass")" \
    --max-subscriptions 5000 --max-subscriptions-per-user 2000 --max-conns-per-ip 0 >"$log" 2>&1 &
pid=$!
port=$(proxy_port "$log" "$pid" 50)
[ -n "$port" ] || { echo "interview-proxy did not start:"; cat "$log"; exit 1; }

SSE_URL="http://127.0.0.1:$port" SSE_DB="$db" SSE_COMPANY="$company" SSE_PROXY_PID="$pid" \
    node "$here/sse_bench.mjs" | tee "$out/bench-sse.txt"
