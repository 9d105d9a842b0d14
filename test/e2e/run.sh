#!/bin/sh
# Suite "e2e": the whole system end to end. Loads the demo bank into a fresh
# database, starts the real interview-judge and interview-proxy (serving the
# candidate page), then runs the HTTP flow (http.mjs) and the browser flow
# (browser.mjs and page.mjs: the candidate page in chromium through
# playwright-core) against them, and finally
# tests `make run` itself (make-run.t). Needs the PG* variables of a
# superuser connection (pg_virtualenv sets them), root, node and chromium.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/lib.sh"
out="$top/test/out"
db="e2e_$$"
proxy_role="e2e_proxy_$$"
judge_role="e2e_judge_$$"
pw=$(random_pw "pw_$$_")
mkdir -p "$out"

judge_pid=""
proxy_pid=""
# cleanup: stops the daemons, drops the database and the roles.
cleanup() {
    stop_pid "$proxy_pid"
    stop_pid "$judge_pid"
    drop_db_roles "$db" "$proxy_role" "$judge_role"
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
    need_bins "$bin" || setup_fail "$bin is built"
done
[ -f "$top/proxy/static/assets/candidate.js" ] ||
    setup_fail "the candidate page is built into proxy/static/assets (make; node_modules from make deps)"
createdb "$db" || setup_fail "createdb $db"
add_extension "$db" -f "$top/sql/demo/bank.sql" ||
    setup_fail "create the extension and load the demo bank"
{ create_login "$proxy_role" "$pw" interview_proxy &&
    create_login "$judge_role" "$pw" interview_judge; } ||
    setup_fail "create the login roles"

conn="$(conninfo "$db") password=$pw"
"$top/judge/interview-judge" --workers 2 --first-worker $((600 + $$ % 300)) --db "$conn user=$judge_role" >"$out/e2e-judge.log" 2>&1 &
judge_pid=$!
"$top/proxy/interview-proxy" --listen 127.0.0.1:0 --static "$top/proxy/static" --insecure-cookie \
    --db "$conn user=$proxy_role" >"$out/e2e-proxy.log" 2>&1 &
proxy_pid=$!
# Port 0: the proxy prints the one it got.
port=$(proxy_port "$out/e2e-proxy.log" "$proxy_pid" 100 0.2)
url="${port:+http://127.0.0.1:$port}"
[ -n "$url" ] || { sed 's/^/# proxy: /' "$out/e2e-proxy.log"; setup_fail "interview-proxy starts and listens"; }
export E2E_URL="$url"
echo "# proxy at $url"

status=0
NODE_PATH="$top/node_modules" prove -v -e node "$here/http.mjs" "$here/browser.mjs" "$here/page.mjs" || status=1
prove -v -e sh "$here/make-run.t" || status=1
if [ $status -ne 0 ]; then
    sed 's/^/# judge: /' "$out/e2e-judge.log" | tail -15
    sed 's/^/# proxy: /' "$out/e2e-proxy.log" | tail -15
fi
exit $status
