# test/lib.sh: setup helpers shared by the test scripts (POSIX sh, sourced
# after the script has set its own variables; needs the PG* variables of a
# superuser connection). TAP helpers use the caller's n and failed counters.

# ok STATUS DESCRIPTION: one TAP line (counts in n and failed); returns 1 on failure.
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
        return 1
    fi
}

# random_pw PREFIX: PREFIX followed by 16 random hex digits.
random_pw() {
    printf '%s%s\n' "$1" "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
}

# conninfo DB [USER PASSWORD]: a libpq connection string for DB on the test cluster.
conninfo() {
    printf '%s\n' "host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$1${2:+ user=$2}${3:+ password=$3}"
}

# add_extension DB [PSQL ARGS]: CREATE EXTENSION interview CASCADE in DB (quietly), then the psql ARGS.
add_extension() {
    _db=$1; shift
    psql -X -q -v ON_ERROR_STOP=1 -d "$_db" -c "SET client_min_messages = warning" \
        -c "CREATE EXTENSION interview CASCADE" "$@" >/dev/null
}

# create_login ROLE PASSWORD GROUP: a login role that is a member of GROUP.
create_login() {
    psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "CREATE ROLE $1 LOGIN PASSWORD '$2' IN ROLE $3" >/dev/null
}

# drop_db_roles DB [ROLE...]: drops the database (closing its connections) and the roles; empty names are skipped.
drop_db_roles() {
    [ -n "$1" ] && psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
    shift
    for _r in "$@"; do
        [ -n "$_r" ] && psql -q -X -d postgres -c "DROP ROLE IF EXISTS $_r" >/dev/null 2>&1
    done
    return 0
}

# proxy_port LOG PID TRIES [SECONDS]: polls LOG every SECONDS (0.1), at most TRIES times and while PID lives, for the port interview-proxy listens on; prints it (empty if none).
proxy_port() {
    _port=""
    _i=0
    while [ "$_i" -lt "$3" ]; do
        _port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/graphql.*/\1/p' "$1" | head -1)
        [ -n "$_port" ] && break
        kill -0 "$2" 2>/dev/null || break
        sleep "${4:-0.1}"
        _i=$((_i + 1))
    done
    printf '%s\n' "$_port"
}

# stop_pid PID: SIGTERM, then SIGKILL after 20 s, and reaps it (nothing for an empty PID).
stop_pid() {
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null
    _i=0
    while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do
        sleep 0.2
        _i=$((_i + 1))
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# lock_company SECONDS: a transaction of database $DB holds ACCESS EXCLUSIVE
# on interview.company for SECONDS in the background (its psql in LOCK_PID);
# false when the lock is not held within 5 s.
lock_company() {
    psql -q -X -d "$DB" -c "BEGIN; LOCK TABLE interview.company IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($1); COMMIT;" \
        >/dev/null 2>&1 &
    LOCK_PID=$!
    _i=0
    while [ $_i -lt 50 ]; do
        [ -n "$(psql -X -At -d "$DB" -c "SELECT 1 FROM pg_locks WHERE relation = 'interview.company'::regclass AND mode = 'AccessExclusiveLock' AND granted")" ] &&
            return 0
        sleep 0.1
        _i=$((_i + 1))
    done
    return 1
}

# lock_waiters: how many sessions of database $DB wait for a lock.
lock_waiters() {
    psql -X -At -d "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND wait_event_type = 'Lock'"
}

# wait_lock_waiters N: waits (5 s at most) until N sessions of $DB wait for a lock.
wait_lock_waiters() {
    _i=0
    while [ "$(lock_waiters)" -lt "$1" ] && [ $_i -lt 50 ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
}

# need_bins BIN...: whether every BIN (relative to TOP or top) is built and executable.
need_bins() {
    for _b in "$@"; do
        [ -x "${TOP:-$top}/$_b" ] || return 1
    done
}

# bench_setup NAME: for a benchmark with its own database and proxy: sets db,
# role and pass (unique names), out (test/out), log (out/bench-NAME-proxy.log)
# and pid (empty; the caller stores the proxy's), and a trap that stops the
# proxy and drops the database and the role on exit. Needs $top.
bench_setup() {
    db="iv_bench_$1_$$"
    role="iv_bench_$1_$$"
    pass="bench-$$-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
    out="$top/test/out"
    mkdir -p "$out" || exit 1
    log="$out/bench-$1-proxy.log"
    pid=""
    trap bench_cleanup EXIT INT TERM
}

# bench_cleanup: what bench_setup's trap runs.
bench_cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    drop_db_roles "$db" "$role"
}
