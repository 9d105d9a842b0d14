#!/bin/sh
# Benchmark of interview-proxy (run by test/bench/run.sh, `make bench`).
# wrk on loopback, BENCH_PROXY_CONNS (16) connections, BENCH_SECONDS (10) each:
#   Q1 { allCompanies { name } }              (a candidate's token)
#   Q2 the nested currentInterview query      (same token)
#   Q3 submitTask                             (32 candidates in turn; queued
#                                              submissions are marked judged
#                                              every 100 ms so none hits the limit)
# beside (a) pgbench running the SQL that Q1 and Q2 compile to (taken from
# pg_stat_statements) with their authenticate, pipelined as the proxy does,
# and (b) PostGraphile 4 (npm) serving the same database, Q1.
# Prints requests/s and p99 of each, and the ratios; writes them to
# test/out/bench-proxy.txt.
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
db="${IV_BENCH_DB:-iv_bench_proxy}"
role="iv_bench_proxy_login"
pass="bench-$$"
conns="${BENCH_PROXY_CONNS:-16}"
seconds="${BENCH_SECONDS:-10}"
pool="${BENCH_PROXY_POOL:-16}"
wthreads=2
[ "$conns" -lt 2 ] && wthreads=1
out="$top/test/out"
work="$out/bench-proxy"
mkdir -p "$work" || exit 1
proxy_pid=""
pg_pid=""
drain_pid=""

cleanup() {
    for p in $proxy_pid $pg_pid $drain_pid; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    dropdb --if-exists --force "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
}
trap cleanup EXIT INT TERM

for tool in wrk pgbench node; do
    command -v $tool >/dev/null 2>&1 || { echo "bench proxy: $tool is missing" >&2; exit 1; }
done
[ -x "$top/proxy/interview-proxy" ] || { echo "bench proxy: build proxy/ first" >&2; exit 1; }

dropdb --if-exists --force "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
createdb "$db" || exit 1
psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" >"$work/candidates.txt" <<SQL || exit 1
\o /dev/null
CREATE EXTENSION interview CASCADE;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE ROLE $role LOGIN PASSWORD '$pass';
GRANT interview_proxy TO $role;
ALTER ROLE $role SET role = 'interview_proxy';
SELECT interview.create_staff('bench_staff', 'password-s');
BEGIN;
SELECT interview.login('bench_staff', 'password-s');
SELECT interview.create_company('bench_co_' || i, 3) FROM generate_series(2, 10) i;
SELECT interview.create_company('bench_co', 3) AS co \gset
SELECT interview.assign_problem(:co, interview.create_problem('bench_p' || i, 'problem ' || i, 'template', '1 day'))
    FROM generate_series(1, 12) i;
COMMIT;
CREATE TABLE public.bench_token (n int PRIMARY KEY, account_id bigint, token text);
SELECT interview.register('bench_' || i, 'password-' || i) FROM generate_series(1, 32) i;
INSERT INTO public.bench_token
    SELECT i, a.id, interview.login(a.username, 'password-' || i)
    FROM generate_series(1, 32) i JOIN interview.account a ON a.username = 'bench_' || i;
SELECT format('SELECT interview.authenticate(%L); SELECT interview.start_interview(%s)', token, :co)
    FROM public.bench_token ORDER BY n \gexec
VACUUM ANALYZE;
\o
SELECT b.token || ' ' || (SELECT min(t.id) FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id
                          WHERE i.account_id = b.account_id)
    FROM public.bench_token b ORDER BY n;
SQL
token=$(head -n 1 "$work/candidates.txt" | cut -d' ' -f1)
[ -n "$token" ] || { echo "bench proxy: setup failed" >&2; exit 1; }

# --- the proxy --------------------------------------------------------------
conninfo="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$db user=$role password=$pass"
"$top/proxy/interview-proxy" --listen 127.0.0.1:0 --db "$conninfo" --pool "$pool" \
    >"$work/proxy.log" 2>&1 &
proxy_pid=$!
port=""
for i in $(seq 1 50); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/graphql.*/\1/p' "$work/proxy.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/proxy.log" >&2; exit 1; }

Q1='{ allCompanies { name } }'
Q2='{ currentInterview { user { username } startTime finishedTime expiredTime taskSet { submissionSet { code } problem { title text } } } }'
Q3='mutation S($t: ID!) { submitTask(taskId: $t, language: \"python3\", code: \"print(input())\") { submission { id status } } }'

# wrk script: POSTs one query; with BENCH_CANDIDATES, each request uses the
# next candidate's token and task; counts responses that carry errors.
cat >"$work/post.lua" <<'LUA'
local query = os.getenv("BENCH_QUERY")
local token = os.getenv("BENCH_TOKEN")
local cands = {}
local file = os.getenv("BENCH_CANDIDATES")
if file and file ~= "" then
  for line in io.lines(file) do
    local t, k = line:match("^(%S+) (%S+)$")
    if t then cands[#cands + 1] = { t, k } end
  end
end
local n = 0
local errors = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = math.random(1, 1000) end
function request()
  local t, body = token, '{"query":"' .. query .. '"}'
  if #cands > 0 then
    n = n + 1
    local c = cands[(n % #cands) + 1]
    t = c[1]
    body = '{"query":"' .. query .. '","variables":{"t":"' .. c[2] .. '"}}'
  end
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. t }, body)
end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, th in ipairs(threads) do e = e + (th:get("errors") or 0) end
  io.write(string.format("BENCH rps=%.1f p99_ms=%.3f p50_ms=%.3f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    latency:percentile(50) / 1000, summary.requests, e))
end
LUA

# Runs wrk against a URL with the post.lua script; prints "rps p99_ms errors".
run_wrk() {
    name=$1; url=$2
    wrk -t "$wthreads" -c "$conns" -d "${seconds}s" -s "$work/post.lua" "$url" >"$work/wrk-$name.txt" 2>&1
    line=$(grep '^BENCH ' "$work/wrk-$name.txt")
    [ -n "$line" ] || { cat "$work/wrk-$name.txt" >&2; echo "0 0 0"; return; }
    echo "$line" | sed 's/.*rps=\([0-9.]*\) p99_ms=\([0-9.]*\).* errors=\([0-9]*\).*/\1 \2 \3/'
}

# warm-up: every connection prepares its statements; check the answers
for q in "$Q1" "$Q2"; do
    curl -s -X POST "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $token" -d "{\"query\":\"$q\"}" >"$work/answer.json"
    if grep -q '"errors"' "$work/answer.json"; then
        echo "bench proxy: the query failed: $(cat "$work/answer.json")" >&2
        exit 1
    fi
done
export BENCH_TOKEN="$token" BENCH_CANDIDATES=""
BENCH_QUERY="$Q1" BENCH_SECONDS=1 wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/post.lua" \
    "http://127.0.0.1:$port/graphql" >/dev/null 2>&1
BENCH_QUERY="$Q2" wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/post.lua" \
    "http://127.0.0.1:$port/graphql" >/dev/null 2>&1

set -- $(BENCH_QUERY="$Q1" run_wrk q1 "http://127.0.0.1:$port/graphql"); q1_rps=$1; q1_p99=$2; q1_err=$3
set -- $(BENCH_QUERY="$Q2" run_wrk q2 "http://127.0.0.1:$port/graphql"); q2_rps=$1; q2_p99=$2; q2_err=$3

# Q3: keep the queue short by "judging" everything queued every 100 ms
( i=0; while [ $i -lt $((seconds * 10 + 50)) ]; do
      psql -X -q -d "$db" -c "UPDATE interview.submission SET status = 'judged', verdict = 'AC', judged_at = now() WHERE status = 'queued'" >/dev/null 2>&1
      sleep 0.1; i=$((i + 1))
  done ) &
drain_pid=$!
set -- $(BENCH_QUERY="$Q3" BENCH_CANDIDATES="$work/candidates.txt" run_wrk q3 "http://127.0.0.1:$port/graphql"); q3_rps=$1; q3_p99=$2; q3_err=$3
kill $drain_pid 2>/dev/null; wait $drain_pid 2>/dev/null; drain_pid=""
kill $proxy_pid; wait $proxy_pid 2>/dev/null; proxy_pid=""

# --- (a) pgbench: the compiled SQL with its authenticate, pipelined -------------
sqlof() {
    psql -X -At -d "$db" -c "SELECT query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = current_database() AND query LIKE 'SELECT json_build_object(''$1''%' ORDER BY calls DESC LIMIT 1"
}
# the compiler numbers list arguments limit, offset, limit, offset, ...: odd $n are limits
pgb_script() {
    printf '\\startpipeline\nSELECT interview.authenticate(:token);\n%s;\n\\endpipeline\n' \
        "$(sqlof "$1" | sed 's/\$\([0-9]*\)/:p\1/g')" >"$work/$1.pgbench"
}
pgb_script allCompanies
pgb_script currentInterview
run_pgbench() {
    PGUSER=$role PGPASSWORD=$pass pgbench -n -M prepared -c "$conns" -j 2 -T "$seconds" -r \
        -D token="$token" -D p1=100 -D p2=0 -D p3=100 -D p4=0 -D p5=100 -D p6=0 \
        -f "$work/$1.pgbench" "$db" >"$work/pgbench-$1.txt" 2>&1
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$work/pgbench-$1.txt")
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$work/pgbench-$1.txt")
    echo "${tps:-0} ${lat:-0}"
}
set -- $(run_pgbench allCompanies); a1_tps=$1; a1_lat=$2
set -- $(run_pgbench currentInterview); a2_tps=$1; a2_lat=$2

# --- (b) PostGraphile 4 on the same database ----------------------------------
pg_rps=0; pg_p99=0; pg_err=0
pgl="$top/node_modules/.bin/postgraphile"
if [ -x "$pgl" ]; then
    "$pgl" -c "postgres://${PGUSER:-postgres}:${PGPASSWORD:-}@${PGHOST:-localhost}:${PGPORT:-5432}/$db" \
        --schema interview --host 127.0.0.1 --port 0 --disable-query-log >"$work/postgraphile.log" 2>&1 &
    pg_pid=$!
    gport=""
    for i in $(seq 1 100); do
        gport=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)\/graphql.*/\1/p' "$work/postgraphile.log" | head -n 1)
        [ -n "$gport" ] && break
        sleep 0.2
    done
    if [ -n "$gport" ]; then
        PQ1='{ allCompanies { nodes { name } } }'
        BENCH_QUERY="$PQ1" wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/post.lua" "http://127.0.0.1:$gport/graphql" >/dev/null 2>&1
        set -- $(BENCH_QUERY="$PQ1" run_wrk postgraphile "http://127.0.0.1:$gport/graphql"); pg_rps=$1; pg_p99=$2; pg_err=$3
    else
        echo "bench proxy: PostGraphile did not start:" >&2
        tail -n 5 "$work/postgraphile.log" >&2
    fi
    kill $pg_pid 2>/dev/null; wait $pg_pid 2>/dev/null; pg_pid=""
fi

{
    echo "interview-proxy benchmark: $conns connections, ${seconds}s per run, pool $pool, $(nproc) cores"
    printf '%-42s %10s %10s %8s\n' "run" "req/s" "p99 ms" "errors"
    printf '%-42s %10.0f %10.2f %8s\n' "Q1 proxy { allCompanies { name } }" "$q1_rps" "$q1_p99" "$q1_err"
    printf '%-42s %10.0f %10.2f %8s\n' "Q2 proxy nested currentInterview" "$q2_rps" "$q2_p99" "$q2_err"
    printf '%-42s %10.0f %10.2f %8s\n' "Q3 proxy submitTask" "$q3_rps" "$q3_p99" "$q3_err"
    printf '%-42s %10.0f %10s %8s\n' "(a) pgbench Q1 SQL + authenticate" "$a1_tps" "avg $a1_lat" "-"
    printf '%-42s %10.0f %10s %8s\n' "(a) pgbench Q2 SQL + authenticate" "$a2_tps" "avg $a2_lat" "-"
    printf '%-42s %10.0f %10.2f %8s\n' "(b) PostGraphile 4 Q1" "$pg_rps" "$pg_p99" "$pg_err"
    awk -v q1="$q1_rps" -v q2="$q2_rps" -v a1="$a1_tps" -v a2="$a2_tps" -v g="$pg_rps" 'BEGIN {
        printf "Q1 proxy / pgbench: %.2f (target >= 0.70)\n", (a1 > 0) ? q1 / a1 : 0
        printf "Q2 proxy / pgbench: %.2f\n", (a2 > 0) ? q2 / a2 : 0
        printf "Q1 proxy / PostGraphile: %.2f (target >= 3)\n", (g > 0) ? q1 / g : 0 }'
} | tee "$out/bench-proxy.txt"
