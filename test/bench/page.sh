#!/bin/sh
# Benchmark of the candidate page (run by test/bench/run.sh, `make bench`):
# the bundle's size gzipped (all of proxy/static/assets, and what the first
# load of / fetches), which must stay under 500 KiB, and the first load of
# the page in chromium against the real proxy on the demo bank: the login
# form for a visitor, the interview with its editor for a candidate, each a
# median over cold loads, beside the load of /health in the same browser as
# the baseline. PAGE_BENCH_N (7) loads per kind. Writes test/out/bench-page.txt.
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
. "$top/test/lib.sh"
bench_setup page

[ -f "$top/proxy/static/assets/candidate.js" ] || { echo "proxy/static/assets is not built (make)"; exit 1; }
createdb "$db" || exit 1
add_extension "$db" -f "$top/sql/demo/bank.sql" || exit 1
create_login "$role" "$pass" interview_proxy || exit 1
"$top/proxy/interview-proxy" --listen 127.0.0.1:0 --static "$top/proxy/static" --insecure-cookie \
    --db "$(conninfo "$db" "$role" "$pass")" >"$log" 2>&1 &
pid=$!
port=$(proxy_port "$log" "$pid" 50)
[ -n "$port" ] || { echo "interview-proxy did not start:"; cat "$log"; exit 1; }

PAGE_URL="http://127.0.0.1:$port" PAGE_ASSETS="$top/proxy/static" \
    node "$here/page_bench.mjs" | tee "$out/bench-page.txt"
