#!/bin/sh
# Proxy suite: the real interview-proxy against a real database with the
# installed extension, driven over HTTP by node (node:test, TAP output):
# the original project's scenarios, auth, hostile input, statement counts
# (pg_stat_statements), graphql-js introspection, graphql-http audits,
# GraphiQL, metrics, and database outage and recovery.  The suite runs
# twice: against proxy/interview-proxy, then against the same sources built
# with AddressSanitizer and UndefinedBehaviorSanitizer (whose reports fail it).
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
. "$TOP/test/lib.sh"
OUT="$TOP/test/out"
mkdir -p "$OUT"
PID=""
DB=""
ROLE=""

cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    PID=""
    drop_db_roles "$DB" "$ROLE"
    DB=""
    ROLE=""
}
trap cleanup EXIT INT TERM

# Runs the node suite against one proxy binary ($1), with a label ($2).
run_suite() {
    bin=$1; label=$2
    DB="proxy_test_${label}_$$"
    ROLE="proxy_login_${label}_$$"
    pass="pw_$$_$(date +%s)"
    log="$OUT/proxy-$label-$$.log"
    psql -q -X -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL || return 1
CREATE DATABASE $DB;
CREATE ROLE $ROLE LOGIN PASSWORD '$pass';
SQL
    psql -q -X -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<SQL || return 1
CREATE EXTENSION interview CASCADE;
GRANT interview_proxy TO $ROLE;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SELECT interview.create_staff('staff_alice', 'staff-password-1');
-- JIT for every statement of this login role, unless its session turns JIT
-- off as the proxy does (the JIT test counts compiled functions).
ALTER ROLE $ROLE SET jit_above_cost = 0;
SQL
    conninfo=$(conninfo "$DB" "$ROLE" "$pass")
    ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1" \
    "$bin" --listen 127.0.0.1:0 --db "$conninfo" --pool 4 \
        --cors-origin "http://allowed.example" --statement-timeout 3000 --static "$TOP/proxy/static" \
        >"$log" 2>&1 &
    PID=$!
    port=$(proxy_port "$log" "$PID" 100)
    if [ -z "$port" ]; then
        echo "not ok - $label: interview-proxy starts"
        sed 's/^/# /' "$log"
        return 1
    fi
    echo "# $label: $bin on port $port"
    PROXY_URL="http://127.0.0.1:$port" PROXY_DB="$DB" PROXY_ROLE="$ROLE" PROXY_PID="$PID" \
        node --test --test-reporter=tap --test-concurrency=1 test/proxy/e2e.test.mjs
    rc=$?
    kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    PID=""
    # Without --static (no candidate page) /favicon.ico is still an icon.
    "$bin" --listen 127.0.0.1:0 --db "$conninfo" --pool 1 >"$log.nostatic" 2>&1 &
    PID=$!
    port=$(proxy_port "$log.nostatic" "$PID" 100)
    code=$(curl -s -m 10 -o "$OUT/proxy-favicon-$$.ico" -w '%{http_code} %{content_type}' \
        "http://127.0.0.1:${port:-1}/favicon.ico")
    if [ "$code" = "200 image/x-icon" ] && cmp -s "$OUT/proxy-favicon-$$.ico" "$TOP/proxy/static/favicon.ico"; then
        echo "# ok - $label: /favicon.ico without --static is the built-in icon"
    else
        echo "not ok - $label: /favicon.ico without --static is the built-in icon (got $code)"
        rc=1
    fi
    rm -f "$OUT/proxy-favicon-$$.ico"
    kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    PID=""
    cat "$log.nostatic" >>"$log" && rm -f "$log.nostatic"
    if grep -q "Sanitizer\|runtime error:" "$log"; then
        echo "not ok - $label: sanitizer reports in $log"
        rc=1
    fi
    if [ $rc -ne 0 ]; then
        echo "# proxy log ($label):"
        tail -n 60 "$log" | sed 's/^/# /'
    fi
    cleanup
    return $rc
}

if ! need_bins proxy/interview-proxy || [ ! -d node_modules/graphql-http ]; then
    echo "1..1"
    echo "not ok 1 - proxy/interview-proxy built and node_modules installed (make, npm ci)"
    exit 1
fi
status=0
# the proxy refuses to run when its login role cannot SET ROLE interview_proxy
ROLE="proxy_nomember_$$"
psql -q -X -d postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD 'nomember'" >/dev/null
timeout 20 proxy/interview-proxy --listen 127.0.0.1:0 --pool 1 \
    --db "$(conninfo postgres "$ROLE" nomember)" \
    >"$OUT/proxy-nomember-$$.log" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "SET ROLE interview_proxy" "$OUT/proxy-nomember-$$.log"; then
    echo "# ok - refuses to run without the interview_proxy role"
else
    echo "not ok - refuses to run without the interview_proxy role (exit $rc)"
    sed 's/^/# /' "$OUT/proxy-nomember-$$.log"
    status=1
fi
cleanup
run_suite "${PROXY_BIN:-$TOP/proxy/interview-proxy}" release || status=1
if [ -z "${PROXY_BIN:-}" ]; then
    if make -s -C proxy interview-proxy-asan >"$OUT/proxy-asan-build.log" 2>&1; then
        run_suite "$TOP/proxy/interview-proxy-asan" asan || status=1
    else
        echo "not ok - proxy builds with sanitizers"
        sed 's/^/# /' "$OUT/proxy-asan-build.log"
        status=1
    fi
fi
exit $status
