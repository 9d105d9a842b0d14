#!/bin/sh
# Benchmark of interview-proxy (run by test/bench/run.sh, `make bench`).
# wrk on loopback, BENCH_PROXY_CONNS (16) connections, BENCH_SECONDS (10) each,
# the proxy with BENCH_PROXY_POOL (4) database connections:
#   Q1 { allCompanies { name } }              (a candidate's token)
#   Q2 the nested currentInterview query      (same token)
#   Q3 submitTask                             (32 candidates in turn; queued
#                                              submissions are marked judged
#                                              every 50 ms so none hits the limit)
# beside (a) pgbench running the SQL that Q1 and Q2 compile to (taken from
# pg_stat_statements) with their authenticate, pipelined as the proxy does,
# and (b) PostGraphile 4 (npm, test/bench/postgraphile/) serving the same
# database, Q1, connected as the superuser (no RLS, no authenticate).
# Q1 and (a) Q1 alternate in BENCH_ROUNDS (3) rounds of BENCH_ROUND_SECONDS
# (5) each, so that a change in the shared machine's other load between the
# two runs of a round moves both; the Q1 / (a) ratio is the median of the
# rounds' ratios, and every round's ratio is printed.
# Prints requests/s and p99 of each, the ratios, and for Q1 and (a) Q1 where
# the CPU went (microseconds per request of the load generator, the proxy and
# the PostgreSQL server); writes them to test/out/bench-proxy.txt.
# BENCH_TRANSPORT=unix connects the proxy, pgbench and PostGraphile over the
# server's Unix socket instead of TCP (default tcp): the benchmark then adds
# two lines for its own role and database to the cluster's pg_hba.conf (it
# must be able to write that file, as with pg_virtualenv) and removes them
# when it ends.
# The proxy and PostGraphile each run in a session of their own (setsid), as
# services do: with Linux's autogroup scheduling, a server in wrk's session
# shares one CPU share with wrk against PostgreSQL's, and the proxy's event
# loops then lost the CPU to PostgreSQL for up to 250 ms at a time (p99 25 -
# 114 ms).  BENCH_SAME_SESSION=1 runs them in the benchmark's session.
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
. "$top/test/lib.sh"
db="${IV_BENCH_DB:-iv_bench_proxy}"
role="iv_bench_proxy_login"
pass="bench-$$"
conns="${BENCH_PROXY_CONNS:-16}"
seconds="${BENCH_SECONDS:-10}"
rounds="${BENCH_ROUNDS:-3}"
round_seconds="${BENCH_ROUND_SECONDS:-5}"
dur=$seconds                    # the length of the next wrk or pgbench run
# two database connections per core: the loops queue the other requests
# without a thread each, and fewer, busier backends cost PostgreSQL less
pool="${BENCH_PROXY_POOL:-4}"
wthreads=2
[ "$conns" -lt 2 ] && wthreads=1
out="$top/test/out"
work="$out/bench-proxy"
mkdir -p "$work" || exit 1
proxy_pid=""
pg_pid=""
drain_pid=""
transport="${BENCH_TRANSPORT:-tcp}"
session=setsid
[ -n "${BENCH_SAME_SESSION:-}" ] && session=""
hba=""

cleanup() {
    for p in $proxy_pid $pg_pid $drain_pid; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ -n "$hba" ]; then
        sed -i "/# interview-bench-$$\$/d" "$hba"
        psql -X -q -At -c "SELECT pg_reload_conf()" >/dev/null 2>&1
    fi
    drop_db_roles "$db" "$role"
}
trap cleanup EXIT INT TERM

for tool in wrk pgbench node; do
    command -v $tool >/dev/null 2>&1 || { echo "bench proxy: $tool is missing" >&2; exit 1; }
done
[ -x "$top/proxy/interview-proxy" ] || { echo "bench proxy: build proxy/ first" >&2; exit 1; }

case $transport in
    tcp|unix) ;;
    *) echo "bench proxy: BENCH_TRANSPORT must be tcp or unix" >&2; exit 2 ;;
esac
drop_db_roles "$db" "$role"
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
SELECT interview.register('bench_' || i, 'password-' || i) FROM generate_series(0, 32) i;
SELECT format('INSERT INTO public.bench_token VALUES (%s, %s, interview.login(%L, %L))',
              i, a.id, a.username, 'password-' || i)
    FROM generate_series(0, 32) i JOIN interview.account a ON a.username = 'bench_' || i \gexec
SELECT format('SELECT interview.authenticate(%L); SELECT interview.start_interview(%s)', token, :co)
    FROM public.bench_token ORDER BY n \gexec
-- candidate 0 (Q1, Q2) has two judged submissions per task
SELECT format('SELECT interview.authenticate(%L); SELECT interview.submit_task(t.id, ''python3'', ''print(%s)'') FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id WHERE i.account_id = %s', token, k, account_id)
    FROM public.bench_token, generate_series(1, 2) k WHERE n = 0 \gexec
UPDATE interview.submission SET status = 'judged', verdict = 'AC', judged_at = now();
VACUUM ANALYZE;
\o
SELECT b.token || ' ' || (SELECT min(t.id) FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id
                          WHERE i.account_id = b.account_id)
    FROM public.bench_token b ORDER BY n;
SQL
token=$(head -n 1 "$work/candidates.txt" | cut -d' ' -f1)
tail -n +2 "$work/candidates.txt" >"$work/q3-candidates.txt"
[ -n "$token" ] || { echo "bench proxy: setup failed" >&2; exit 1; }

# --- transport and the server's CPU -------------------------------------------
datadir=$(psql -X -At -c "SHOW data_directory") || exit 1
postmaster=$(head -n 1 "$datadir/postmaster.pid" 2>/dev/null)
[ -n "$postmaster" ] || { echo "bench proxy: cannot read $datadir/postmaster.pid" >&2; exit 1; }
pghost=${PGHOST:-localhost}
if [ "$transport" = unix ]; then
    sockdir=$(psql -X -At -c "SHOW unix_socket_directories" | cut -d, -f1 | sed 's/^ *//')
    hba=$(psql -X -At -c "SHOW hba_file")
    [ -n "$sockdir" ] && [ -w "$hba" ] || { echo "bench proxy: BENCH_TRANSPORT=unix needs a socket directory and a writable $hba" >&2; hba=""; exit 1; }
    { printf '%s\n' "local $db $role scram-sha-256 # interview-bench-$$" \
          "local $db ${PGUSER:-postgres} scram-sha-256 # interview-bench-$$"
      cat "$hba"; } >"$work/hba.new" && cat "$work/hba.new" >"$hba" || exit 1
    psql -X -q -At -c "SELECT pg_reload_conf()" >/dev/null || exit 1
    sleep 0.5
    pghost=$sockdir
fi

# cpu_ticks PID...: user + system clock ticks of these processes and of their
# children that have ended (a server's backends, reaped by the postmaster)
cpu_ticks() {
    for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
        awk '{ sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 } END { printf "%d\n", t }'
}
# server_ticks: the PostgreSQL server (postmaster, live children, ended children)
server_ticks() { cpu_ticks "$postmaster" $(ps -o pid= --ppid "$postmaster"); }
hz=$(getconf CLK_TCK)

# --- the proxy --------------------------------------------------------------
conninfo="host=$pghost port=${PGPORT:-5432} dbname=$db user=$role password=$pass"
# one account per wrk run: the per-account cap on pool connections is off
$session "${BENCH_PROXY_BIN:-$top/proxy/interview-proxy}" --listen 127.0.0.1:0 --db "$conninfo" --pool "$pool" \
    --pool-per-account 0 ${BENCH_PROXY_ARGS:-} \
    >"$work/proxy.log" 2>&1 &
proxy_pid=$!
port=$(proxy_port "$work/proxy.log" "$proxy_pid" 50)
[ -n "$port" ] || { cat "$work/proxy.log" >&2; exit 1; }

Q1='{ allCompanies { name } }'
Q2='{ currentInterview { user { username } startTime finishedTime expiredTime taskSet { submissionSet { code } problem { title text } } } }'
Q3='mutation S($t: ID!) { submitTask(taskId: $t, language: \"python3\", code: \"print(input())\") { submission { id status } } }'

# wrk scripts: static.lua POSTs one fixed request (built once, as a plain
# HTTP client would); rotate.lua uses the next candidate's token and task for
# each request and counts responses that carry errors.
cat >"$work/static.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"query":"' .. os.getenv("BENCH_QUERY") .. '"}'
wrk.headers["Content-Type"] = "application/json"
if os.getenv("BENCH_TOKEN") ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end
function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p99_ms=%.3f p50_ms=%.3f requests=%d errors=%d p90_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    latency:percentile(50) / 1000, summary.requests, bad, latency:percentile(90) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
LUA
cat >"$work/rotate.lua" <<'LUA'
local query = os.getenv("BENCH_QUERY")
local cands = {}
for line in io.lines(os.getenv("BENCH_CANDIDATES")) do
  local t, k = line:match("^(%S+) (%S+)$")
  if t then cands[#cands + 1] = { t, k } end
end
local n = 0
errors = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = math.random(1, 1000) end
function request()
  n = n + 1
  local c = cands[(n % #cands) + 1]
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. c[1] },
    '{"query":"' .. query .. '","variables":{"t":"' .. c[2] .. '"}}')
end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    if errors == 0 then io.stderr:write("first error: " .. body .. "\n") end
    errors = errors + 1
  end
end
function done(summary, latency, requests)
  local e = 0
  for _, th in ipairs(threads) do e = e + (th:get("errors") or 0) end
  io.write(string.format("BENCH rps=%.1f p99_ms=%.3f p50_ms=%.3f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    latency:percentile(50) / 1000, summary.requests, e))
end
LUA

# Runs wrk against a URL with a script; prints "rps p99_ms errors".
run_wrk() {
    name=$1; url=$2; script=${3:-static}
    /usr/bin/time -f '%U %S' -o "$work/time-$name.txt" \
        wrk -t "$wthreads" -c "$conns" -d "${dur}s" -s "$work/$script.lua" "$url" >"$work/wrk-$name.txt" 2>&1
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
export BENCH_TOKEN="$token"
BENCH_QUERY="$Q1" BENCH_SECONDS=1 wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/static.lua" \
    "http://127.0.0.1:$port/graphql" >/dev/null 2>&1
BENCH_QUERY="$Q2" wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/static.lua" \
    "http://127.0.0.1:$port/graphql" >/dev/null 2>&1

# --- (a) pgbench: the compiled SQL with its authenticate, pipelined -------------
# the compiler numbers list arguments limit, offset, limit, offset, ...: odd $n are limits
pgb_script() {
    sql=$("$top/proxy/interview-proxy" --compile "$2") || exit 1
    printf '\\startpipeline\nSELECT interview.authenticate(:token);\n%s\n\\endpipeline\n' \
        "$(echo "$sql" | sed 's/\$\([0-9]*\)/:p\1/g')" >"$work/$1.pgbench"
}
pgb_script allCompanies "$(echo "$Q1" | sed 's/\\"/"/g')"
pgb_script currentInterview "$Q2"
run_pgbench() {
    PGHOST=$pghost PGUSER=$role PGPASSWORD=$pass /usr/bin/time -f '%U %S' -o "$work/time-pgb-$1.txt" \
        pgbench -n -M prepared -c "$conns" -j 2 -T "$dur" -r \
        -D token="$token" -D p1=100 -D p2=0 -D p3=100 -D p4=0 -D p5=100 -D p6=0 \
        -l --log-prefix="$work/pgblog-$1" -f "$work/$1.pgbench" "$db" >"$work/pgbench-$1.txt" 2>&1
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$work/pgbench-$1.txt")
    # per-transaction log: the third column is the latency in microseconds
    p99=$(cat "$work"/pgblog-"$1".* | awk '{ print $3 }' | sort -n |
          awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }')
    rm -f "$work"/pgblog-"$1".*
    echo "${tps:-0} ${p99:-0}"
}
# the load generator's CPU in clock ticks (user + system seconds from /usr/bin/time)
gen_ticks() { awk -v hz="$hz" '{ printf "%d\n", ($1 + $2) * hz }' "$work/time-$1.txt"; }

# --- Q1 and (a) Q1, alternating ---------------------------------------------
# counter NAME: the value of the proxy's /metrics counter NAME (0 when absent)
counter() {
    v=$(curl -s "http://127.0.0.1:$port/metrics" | sed -n "s/^$1 \([0-9]*\)\$/\1/p")
    echo "${v:-0}"
}
# Q1's requests that shared a transaction with others (see --batch)
batches0=$(counter interview_proxy_batches_total)
batched0=$(counter interview_proxy_batched_requests_total)
# per round: "q1_rps q1_p99 q1_err a1_tps a1_p99 proxy_ticks q1_server_ticks
# q1_client_ticks a1_server_ticks a1_client_ticks"
dur=$round_seconds
: >"$work/rounds.txt"
r=0
while [ "$r" -lt "$rounds" ]; do
    r=$((r + 1))
    cpu0=$(cpu_ticks "$proxy_pid")
    srv0=$(server_ticks)
    set -- $(BENCH_QUERY="$Q1" run_wrk q1 "http://127.0.0.1:$port/graphql")
    srv1=$(server_ticks)
    cpu1=$(cpu_ticks "$proxy_pid")
    line="$1 $2 $3"
    if [ -n "${BENCH_PROXY_ONLY:-}" ]; then
        line="$line 0 0"
        srv2=$srv1; srv3=$srv1; echo "0 0" >"$work/time-pgb-allCompanies.txt"
    else
        srv2=$(server_ticks)
        line="$line $(run_pgbench allCompanies)"
        srv3=$(server_ticks)
    fi
    echo "$line $((cpu1 - cpu0)) $((srv1 - srv0)) $(gen_ticks q1) $((srv3 - srv2)) $(gen_ticks pgb-allCompanies)" >>"$work/rounds.txt"
done
dur=$seconds
q1_batched=$(($(counter interview_proxy_batched_requests_total) - batched0))
q1_batches=$(($(counter interview_proxy_batches_total) - batches0))
# sums and medians over the rounds
eval "$(awk -v s="$round_seconds" -v hz="$hz" '
    function median(a, n,    i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function us(t, n) { return n > 0 ? t * 1e6 / hz / n : 0 }
    { n++; q += $1; a += $4; err += $3; if ($2 > p99) p99 = $2; if ($5 > ap99) ap99 = $5
      px += $6; qs += $7; qc += $8; as += $9; ac += $10
      ratio[n] = ($4 > 0) ? $1 / $4 : 0; rl = rl sprintf("%s%.2f", (n > 1) ? ", " : "", ratio[n]) }
    END {
        tq = q * s; ta = a * s
        printf "q1_rps=%.1f; q1_p99=%.3f; q1_err=%d; a1_tps=%.1f; a1_p99=%.2f; q1_total=%.0f\n", q / n, p99, err, a / n, ap99, tq
        printf "q1_cpu_us=%.0f; q1_srv_us=%.0f; q1_gen_us=%.0f; a1_srv_us=%.0f; a1_gen_us=%.0f\n", us(px, tq), us(qs, tq), us(qc, tq), us(as, ta), us(ac, ta)
        printf "q1_ratio=%.2f; q1_ratios=\"%s\"\n", median(ratio, n), rl }' "$work/rounds.txt")"
set -- $(BENCH_QUERY="$Q2" run_wrk q2 "http://127.0.0.1:$port/graphql"); q2_rps=$1; q2_p99=$2; q2_err=$3

if [ -n "${BENCH_PROXY_ONLY:-}" ]; then
    echo "Q1 $q1_rps rps p99 $q1_p99 ms (worst of $rounds rounds), proxy CPU ${q1_cpu_us} us/request; Q2 $q2_rps rps p99 $q2_p99 ms"
    psql -X -At -d "$db" -c "SELECT calls, round(mean_exec_time::numeric, 3), round(mean_plan_time::numeric, 3), plans, left(query, 60) FROM pg_stat_statements ORDER BY calls DESC LIMIT 5"
    exit 0
fi
# Q3: keep the queue short by "judging" everything queued every 50 ms
printf "UPDATE interview.submission SET status = 'judged', verdict = 'AC', judged_at = now() WHERE status = 'queued'\n\\watch 0.05\n" |
    timeout $((seconds + 30)) psql -X -q -d "$db" >/dev/null 2>&1 &
drain_pid=$!
sleep 1
set -- $(BENCH_QUERY="$Q3" BENCH_CANDIDATES="$work/q3-candidates.txt" run_wrk q3 "http://127.0.0.1:$port/graphql" rotate); q3_rps=$1; q3_p99=$2; q3_err=$3
kill $drain_pid 2>/dev/null; wait $drain_pid 2>/dev/null; drain_pid=""
# how released pool connections went to waiting requests (the loops' affinity)
handoffs=$(curl -s "http://127.0.0.1:$port/metrics" |
    sed -n 's/^interview_proxy_pool_handoffs_total{to="\([a-z_]*\)"} \([0-9]*\)$/\1 \2/p' | tr '\n' ' ')
kill $proxy_pid; wait $proxy_pid 2>/dev/null; proxy_pid=""

# --- (a) Q2's SQL (Q1's ran beside Q1 above) ---------------------------------
set -- $(run_pgbench currentInterview); a2_tps=$1; a2_p99=$2

# --- (b) PostGraphile 4 on the same database ----------------------------------
pg_rps=0; pg_p99=0; pg_err=0
# PostGraphile 4 needs graphql 15: it has its own package tree beside this script
pgl="$here/postgraphile/node_modules/.bin/postgraphile"
[ -x "$pgl" ] || (cd "$here/postgraphile" && npm ci --no-audit --no-fund --loglevel=error) >&2
if [ -x "$pgl" ]; then
    if [ "$transport" = unix ]; then
        pgurl="postgres://${PGUSER:-postgres}:${PGPASSWORD:-}@localhost:${PGPORT:-5432}/$db?host=$pghost"
    else
        pgurl="postgres://${PGUSER:-postgres}:${PGPASSWORD:-}@$pghost:${PGPORT:-5432}/$db"
    fi
    $session "$pgl" -c "$pgurl" \
        --schema interview --host 127.0.0.1 --port 0 --disable-query-log --include-extension-resources >"$work/postgraphile.log" 2>&1 &
    pg_pid=$!
    gport=""
    for i in $(seq 1 100); do
        gport=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)\/graphql.*/\1/p' "$work/postgraphile.log" | head -n 1)
        [ -n "$gport" ] && break
        sleep 0.2
    done
    if [ -n "$gport" ]; then
        PQ1='{ allCompanies { nodes { name } } }'
        curl -s -X POST "http://127.0.0.1:$gport/graphql" -H 'Content-Type: application/json' \
            -d "{\"query\":\"$PQ1\"}" >"$work/answer.json"
        grep -q '"errors"' "$work/answer.json" && echo "bench proxy: PostGraphile: $(cat "$work/answer.json")" >&2
        BENCH_QUERY="$PQ1" wrk -t "$wthreads" -c "$conns" -d 1s -s "$work/static.lua" "http://127.0.0.1:$gport/graphql" >/dev/null 2>&1
        set -- $(BENCH_TOKEN="" BENCH_QUERY="$PQ1" run_wrk postgraphile "http://127.0.0.1:$gport/graphql"); pg_rps=$1; pg_p99=$2; pg_err=$3
    else
        echo "bench proxy: PostGraphile did not start:" >&2
        tail -n 5 "$work/postgraphile.log" >&2
    fi
    kill $pg_pid 2>/dev/null; wait $pg_pid 2>/dev/null; pg_pid=""
fi

{
    echo "interview-proxy benchmark: $conns connections, ${seconds}s per run (Q1 and (a) Q1: $rounds rounds of ${round_seconds}s), pool $pool, $(nproc) cores, database over $transport"
    printf '%-42s %10s %10s %8s\n' "run" "req/s" "p99 ms" "errors"
    printf '%-42s %10.0f %10.2f %8s\n' "Q1 proxy { allCompanies { name } }" "$q1_rps" "$q1_p99" "$q1_err"
    echo "   (proxy CPU per Q1 request: ${q1_cpu_us} us; Q1 requests in batches: ${q1_batched:-?} of $q1_total, in $q1_batches batches; pool hand-offs over all runs: ${handoffs:-none})"
    printf '%-42s %10.0f %10.2f %8s\n' "Q2 proxy nested currentInterview" "$q2_rps" "$q2_p99" "$q2_err"
    printf '%-42s %10.0f %10.2f %8s\n' "Q3 proxy submitTask" "$q3_rps" "$q3_p99" "$q3_err"
    printf '%-42s %10.0f %10.2f %8s\n' "(a) pgbench Q1 SQL + authenticate" "$a1_tps" "$a1_p99" "-"
    printf '%-42s %10.0f %10.2f %8s\n' "(a) pgbench Q2 SQL + authenticate" "$a2_tps" "$a2_p99" "-"
    printf '%-42s %10.0f %10.2f %8s\n' "(b) PostGraphile 4 Q1" "$pg_rps" "$pg_p99" "$pg_err"
    echo "(req/s: mean of the rounds for Q1 and (a) Q1; p99: the worst round)"
    echo "Q1 proxy / pgbench: $q1_ratio (target >= 0.70; the median of the rounds $q1_ratios)"
    awk -v q1="$q1_rps" -v q2="$q2_rps" -v a2="$a2_tps" -v g="$pg_rps" 'BEGIN {
        printf "Q2 proxy / pgbench: %.2f\n", (a2 > 0) ? q2 / a2 : 0
        printf "Q1 proxy / PostGraphile: %.2f (target >= 3)\n", (g > 0) ? q1 / g : 0 }'
    echo "CPU per request (us)                      client      proxy   PostgreSQL"
    printf '%-42s %6s %10s %12s\n' "Q1 through the proxy (client: wrk)" "$q1_gen_us" "$q1_cpu_us" "$q1_srv_us"
    printf '%-42s %6s %10s %12s\n' "(a) Q1's SQL (client: pgbench)" "$a1_gen_us" "-" "$a1_srv_us"
} | tee "$out/bench-proxy.txt"
