#!/bin/sh
# Suite "e2e": the whole system end to end. Loads the demo bank into a fresh
# database, starts the real interview-judge and interview-proxy (serving the
# candidate page), then runs the HTTP flow (http.mjs) and the browser flow
# (browser.mjs, chromium through playwright-core) against them, and finally
# tests `make run` itself (make-run.t). Needs the PG* variables of a
# superuser connection (pg_virtualenv sets them), root, node and chromium.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$top/test/out"
db="e2e_$$"
proxy_role="e2e_proxy_$$"
judge_role="e2e_judge_$$"
pw="pw_$$_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$out"

judge_pid=""
proxy_pid=""
# stop PID: SIGTERM, then SIGKILL after 20 s.
stop() {
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.2
        i=$((i + 1))
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
# cleanup: stops the daemons, drops the database and the roles.
cleanup() {
    stop "$proxy_pid"
    stop "$judge_pid"
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $proxy_role" -c "DROP ROLE IF EXISTS $judge_role" >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# setup_fail MESSAGE: a TAP failure for what the flows need.
setup_fail() {
    echo "not ok 1 - $1"
    echo "1..1"
    exit 1
}

for bin in judge/interview-judge proxy/interview-proxy; do
    [ -x "$top/$bin" ] || setup_fail "$bin is built"
done
createdb "$db" || setup_fail "createdb $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SET client_min_messages = warning" \
    -c "CREATE EXTENSION interview CASCADE" -f "$top/sql/demo/bank.sql" >/dev/null ||
    setup_fail "create the extension and load the demo bank"
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE ROLE $proxy_role LOGIN PASSWORD '$pw' IN ROLE interview_proxy" \
    -c "CREATE ROLE $judge_role LOGIN PASSWORD '$pw' IN ROLE interview_judge" >/dev/null ||
    setup_fail "create the login roles"

conn="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$db password=$pw"
"$top/judge/interview-judge" --workers 2 --first-worker $((600 + $$ % 300)) --db "$conn user=$judge_role" >"$out/e2e-judge.log" 2>&1 &
judge_pid=$!
"$top/proxy/interview-proxy" --listen 127.0.0.1:0 --static "$top/proxy/static" \
    --db "$conn user=$proxy_role" >"$out/e2e-proxy.log" 2>&1 &
proxy_pid=$!
# Port 0: the proxy prints the one it got.
url=""
i=0
while [ -z "$url" ] && [ $i -lt 100 ]; do
    kill -0 "$proxy_pid" 2>/dev/null || break
    url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$out/e2e-proxy.log" | head -1)
    [ -n "$url" ] || sleep 0.2
    i=$((i + 1))
done
[ -n "$url" ] || { sed 's/^/# proxy: /' "$out/e2e-proxy.log"; setup_fail "interview-proxy starts and listens"; }
export E2E_URL="$url"
echo "# proxy at $url"

status=0
NODE_PATH="$top/node_modules" prove -v -e node "$here/http.mjs" "$here/browser.mjs" || status=1
prove -v -e sh "$here/make-run.t" || status=1
if [ $status -ne 0 ]; then
    sed 's/^/# judge: /' "$out/e2e-judge.log" | tail -15
    sed 's/^/# proxy: /' "$out/e2e-proxy.log" | tail -15
fi
exit $status
