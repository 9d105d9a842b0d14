#!/bin/sh
# Benchmark of the extension's SQL API (run by test/bench/run.sh, `make bench`).
# (a) ext_api.pgbench: a whole candidate cycle through the API
#     (authenticate, start_interview, 3 x submit_task, finish_interview);
# (b) ext_plain.pgbench: the same rows written by plain SQL in one transaction.
# Reports cycles/s of both and the ratio a/b (target: >= 0.6 at 8 clients).
# Settings: BENCH_CLIENTS (8), BENCH_THREADS (2), BENCH_SECONDS (10) per run,
# BENCH_ROUNDS (3) of (a) then (b), BENCH_MODE (prepared: pgbench -M; both
# scripts then skip parsing and planning of their own statements).
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
db="${IV_BENCH_DB:-iv_bench_ext}"
clients="${BENCH_CLIENTS:-8}"
threads="${BENCH_THREADS:-2}"
seconds="${BENCH_SECONDS:-10}"
rounds="${BENCH_ROUNDS:-3}"
mode="${BENCH_MODE:-prepared}"
out="$top/test/out"
mkdir -p "$out" || exit 1

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || exit 1
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
# A company drawing 3 of 12 problems; one account and session token per client.
company=$(psql -X -q -At -v ON_ERROR_STOP=1 -v clients="$clients" -d "$db" <<'SQL'
\o /dev/null
CREATE EXTENSION interview CASCADE;
CREATE TABLE public.bench_token (client_id int PRIMARY KEY, account_id bigint NOT NULL, token text NOT NULL);
SELECT interview.create_staff('bench_staff', 'password-s');
BEGIN;
SELECT interview.login('bench_staff', 'password-s');
SELECT interview.create_company('bench_co', 3) AS co \gset
SELECT interview.assign_problem(:co, interview.create_problem('bench_p' || i, 'problem ' || i, 'template', '20 minutes'))
    FROM generate_series(1, 12) i;
COMMIT;
SELECT interview.register('bench_' || i, 'password-' || i) FROM generate_series(0, :clients - 1) i;
INSERT INTO public.bench_token
    SELECT i, a.id, interview.login(a.username, 'password-' || i)
    FROM generate_series(0, :clients - 1) i JOIN interview.account a ON a.username = 'bench_' || i;
VACUUM ANALYZE;
\o
SELECT :co;
SQL
) || exit 1

# Runs one pgbench script once; prints "transactions seconds".
bench() {
    log="$out/bench-ext-$1.log"
    pgbench -n -M "$mode" -c "$clients" -j "$threads" -T "$seconds" -D company="$company" \
        -f "$here/$1" "$db" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
    if ! grep -q '^number of failed transactions: 0 ' "$log"; then
        grep failed "$log" >&2
        return 1
    fi
    tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log")
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$log")
    echo "$tx $tps" | awk '{ printf "%d %.6f\n", $1, $1 / $2 }'
}

# Warm-up (not counted): fills the tables, then fresh statistics, as in a
# database that has been running for a while.
saved="$seconds"; seconds=3
bench ext_api.pgbench >/dev/null || exit 1
bench ext_plain.pgbench >/dev/null || exit 1
seconds="$saved"
psql -X -q -d "$db" -c 'VACUUM ANALYZE' || exit 1

# Rounds alternate (a) and (b) so that both see the same load on a shared machine.
atx=0; asec=0; ptx=0; psec=0
round=1
while [ "$round" -le "$rounds" ]; do
    set -- $(bench ext_api.pgbench) || exit 1
    [ $# -eq 2 ] || exit 1
    atx=$((atx + $1)); asec=$(echo "$asec $2" | awk '{ print $1 + $2 }')
    set -- $(bench ext_plain.pgbench) || exit 1
    [ $# -eq 2 ] || exit 1
    ptx=$((ptx + $1)); psec=$(echo "$psec $2" | awk '{ print $1 + $2 }')
    echo "ext bench: round $round: api $(tail -n 1 "$out/bench-ext-ext_api.pgbench.log" | sed 's/ (.*//'), plain $(tail -n 1 "$out/bench-ext-ext_plain.pgbench.log" | sed 's/ (.*//')"
    round=$((round + 1))
done
api=$(echo "$atx $asec" | awk '{ printf "%.1f", $1 / $2 }')
plain=$(echo "$ptx $psec" | awk '{ printf "%.1f", $1 / $2 }')
checks=$(psql -X -At -d "$db" -c "SELECT count(*) FILTER (WHERE finished_time IS NULL) || ' unfinished, ' || count(*) || ' interviews' FROM interview.interview")
ratio=$(echo "$api $plain" | awk '{ printf "%.2f", $1 / $2 }')
echo "ext bench: $clients clients, $threads threads, $rounds rounds of $seconds s each, -M $mode"
echo "ext bench: (a) API cycle        $api cycles/s"
echo "ext bench: (b) plain SQL cycle  $plain cycles/s"
echo "ext bench: ratio a/b            $ratio (target >= 0.6)"
echo "ext bench: after the run: $checks"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.6) }' || echo "ext bench: WARNING: ratio below target"
