#!/bin/sh
# tools/run.sh: the whole system on one machine, for `make run`.
#
# Creates (once) and starts a local PostgreSQL 15 cluster, the database with
# the extension, login roles for the proxy and the judge, loads the demo
# problem bank once, then starts interview-judge and interview-proxy and
# shows the logs of all three with a prefix. Ctrl-C, SIGINT, SIGTERM, SIGHUP
# or SIGQUIT (to this script or to the make that started it), or
# `tools/run.sh stop` (`make stop`) from another terminal, stops them in order
# (proxy, judge, PostgreSQL with pg_ctl stop -m fast), prints one line and
# exits 0; the cluster and its data stay for the next run. It exits 1 when
# something fails (the judge or the proxy exits on its own).
#
# Ownership: the cluster belongs to a non-root user (postgres when run as
# root). It lives in the checkout's .run/ when that user can reach it, else
# in /var/tmp/interview-run-<uid>/. run.pid in that folder holds the pid of
# the running run.sh: a second run.sh refuses to start while it lives.
# Every child is started in its own session (setsid), so a Ctrl-C reaches
# only this script, which then stops the children itself. Started from a
# terminal, the script makes its own process group the terminal's foreground
# group, so a Ctrl-C does not reach make either (make would report the
# signal instead of the script's exit status), and gives the terminal back
# when it ends. A make that gets SIGINT itself only waits for its child; the
# script watches that make and stops when it has taken the signal (Linux
# shows a caught signal's handler reset in /proc/PID/status).
#
# Environment (documented in README.md, "make run"):
#   INTERVIEW_PG_PORT  PostgreSQL port (54329)
#   INTERVIEW_HTTP     proxy listen address (127.0.0.1:8080)
#   INTERVIEW_WORKERS  judge workers (2)
#   INTERVIEW_JUDGE_FIRST_WORKER  the judge's first sandbox slot (0)
#   INTERVIEW_DBNAME   database name (interview)
#   INTERVIEW_RUN_DIR  folder of the cluster, logs and secrets (see above)
set -u

# A shell started in the background inherits SIGINT ignored, and cannot trap
# a signal ignored on entry: start again with the default action restored,
# in a foreground process group of its own when on a terminal (python3 does
# the setpgid and tcsetpgrp that sh cannot; Python ignores SIGPIPE and
# SIGXFSZ, which are restored before the exec).
# shellcheck disable=SC2016
if [ -z "${INTERVIEW_RUN_SIGNALS:-}" ] && [ "${1:-}" != stop ]; then
    INTERVIEW_RUN_SIGNALS=1
    export INTERVIEW_RUN_SIGNALS
    if command -v python3 >/dev/null 2>&1; then
        exec python3 -c '
import os, signal, sys
try:
    fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    try:
        if os.tcgetpgrp(fd) == os.getpgrp() and os.getpid() != os.getsid(0):
            old = os.getpgrp()
            os.setpgid(0, 0)
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            os.tcsetpgrp(fd, os.getpgrp())
            signal.signal(signal.SIGTTOU, signal.SIG_DFL)
            os.environ["INTERVIEW_RUN_TTY_PGRP"] = str(old)
    finally:
        os.close(fd)
except OSError:
    pass
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
' env --default-signal=INT,TERM,HUP,QUIT sh "$0" "$@"
    fi
    exec env --default-signal=INT,TERM,HUP,QUIT sh "$0" "$@"
fi
unset INTERVIEW_RUN_SIGNALS
tty_pgrp=${INTERVIEW_RUN_TTY_PGRP:-}
unset INTERVIEW_RUN_TTY_PGRP
mode=${1:-run}
case $mode in
    run | stop) ;;
    *) echo "usage: tools/run.sh [stop]" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
pg_port=${INTERVIEW_PG_PORT:-54329}
http=${INTERVIEW_HTTP:-127.0.0.1:8080}
workers=${INTERVIEW_WORKERS:-2}
first_worker=${INTERVIEW_JUDGE_FIRST_WORKER:-0}
dbname=${INTERVIEW_DBNAME:-interview}
pgbin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$pgbin/initdb" ] || pgbin=/usr/lib/postgresql/15/bin
# libpq settings of the caller's shell would redirect the connections below.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSERVICEFILE \
    PGPASSFILE PGOPTIONS INTERVIEW_DB INTERVIEW_LISTEN
judge_bin="$top/judge/interview-judge"
proxy_bin="$top/proxy/interview-proxy"

# say MESSAGE: a line of this script's own.
say() {
    echo "[run] $*"
}

# give_terminal_back: makes the group this script took the terminal from
# the foreground group again (ignoring SIGTTOU, as a background group must).
give_terminal_back() {
    [ -n "$tty_pgrp" ] || return 0
    python3 -c '
import os, signal, sys
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
os.tcsetpgrp(fd, int(sys.argv[1]))
' "$tty_pgrp" 2>/dev/null
    tty_pgrp=""
}

# die MESSAGE: a fatal error before anything was started.
die() {
    echo "[run] error: $*" >&2
    give_terminal_back
    exit 1
}

case $pg_port in
    ''|*[!0-9]*) die "INTERVIEW_PG_PORT must be a port number, not \"$pg_port\"" ;;
esac
case $workers in
    ''|*[!0-9]*|0) die "INTERVIEW_WORKERS must be a positive number, not \"$workers\"" ;;
esac
case $first_worker in
    ''|*[!0-9]*) die "INTERVIEW_JUDGE_FIRST_WORKER must be a number, not \"$first_worker\"" ;;
esac
case $dbname in
    ''|*[!a-z0-9_]*) die "INTERVIEW_DBNAME must be made of a-z, 0-9 and _, not \"$dbname\"" ;;
esac
http_port=${http##*:}
if [ "$mode" = run ]; then
    [ -x "$judge_bin" ] || die "$judge_bin is missing: build it with make"
    [ -x "$proxy_bin" ] || die "$proxy_bin is missing: build it with make"
fi

# The user that owns and runs the cluster, and how to run a command as it.
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || die "user postgres does not exist (install postgresql-15)"
else
    owner=$(id -un)
    say "warning: not root; interview-judge needs root for its sandbox"
fi

# as_owner CMD...: runs a command as the cluster owner, from a folder it can read.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u "$owner" -- "$@")
    else
        (cd / && "$@")
    fi
}

# The folder: an explicit one, else where a cluster already is, else .run/
# when the owner can reach it, else /var/tmp.
fallback="/var/tmp/interview-run-$(id -u)"

# running_pid FOLDER: the pid of the run.sh running on FOLDER, or nothing.
running_pid() {
    _p=$(cat "$1/run.pid" 2>/dev/null)
    [ -n "$_p" ] && kill -0 "$_p" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null | grep -q 'run\.sh' && echo "$_p"
}

# `tools/run.sh stop`: stops the run of INTERVIEW_RUN_DIR, else those of
# .run/ and the /var/tmp folder, with SIGTERM, and waits (60 s at most) until
# each has stopped everything it started.
if [ "$mode" = stop ]; then
    status=0
    found=0
    if [ -n "${INTERVIEW_RUN_DIR:-}" ]; then
        set -- "$INTERVIEW_RUN_DIR"
    else
        set -- "$top/.run" "$fallback"
    fi
    for d in "$@"; do
        pid=$(running_pid "$d")
        [ -n "$pid" ] || continue
        found=1
        kill -TERM "$pid" 2>/dev/null
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
            sleep 0.2
            i=$((i + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "[run] error: interview (pid $pid, folder $d) did not stop within 60 s" >&2
            status=1
        else
            say "stopped interview (pid $pid); the data stays in $d"
        fi
    done
    [ $found -eq 1 ] || say "interview is not running${INTERVIEW_RUN_DIR:+ in $INTERVIEW_RUN_DIR}"
    exit $status
fi
if [ -n "${INTERVIEW_RUN_DIR:-}" ]; then
    rundir=$INTERVIEW_RUN_DIR
elif [ -f "$top/.run/pgdata/PG_VERSION" ]; then
    rundir="$top/.run"
elif [ -f "$fallback/pgdata/PG_VERSION" ]; then
    rundir=$fallback
elif as_owner test -x "$top" 2>/dev/null && as_owner test -r "$top" 2>/dev/null; then
    rundir="$top/.run"
else
    rundir=$fallback
fi
mkdir -p "$rundir" || die "mkdir $rundir failed"
rundir=$(cd "$rundir" && pwd)
pgdata="$rundir/pgdata"

# A second run.sh while one runs: say so and stop.
pidfile="$rundir/run.pid"
if [ -f "$pidfile" ]; then
    other=$(cat "$pidfile" 2>/dev/null)
    if [ -n "$(running_pid "$rundir")" ]; then
        echo "[run] interview is already running (pid $other, folder $rundir)." >&2
        echo "[run] Stop it with Ctrl-C in its terminal or: make stop" >&2
        give_terminal_back
        exit 1
    fi
    say "removing the stale $pidfile (pid ${other:-?} is gone)"
fi
echo $$ >"$pidfile" || die "cannot write $pidfile"

if [ "$(id -u)" -eq 0 ]; then
    chown "$owner" "$rundir" || die "chown $owner $rundir failed"
fi
chmod 755 "$rundir" || die "chmod $rundir failed"
as_owner test -w "$rundir" || die "$owner cannot write to $rundir; set INTERVIEW_RUN_DIR"

# A PostgreSQL left running by a run.sh that was killed outright: stop it first.
if [ -f "$pgdata/PG_VERSION" ] && as_owner "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    say "stopping the PostgreSQL a previous run left behind"
    as_owner "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
fi

# Ports in use by something else fail here, not obscurely later.
for p in "$pg_port" "$http_port"; do
    if ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
        rm -f "$pidfile"
        die "port $p is already in use (set INTERVIEW_PG_PORT or INTERVIEW_HTTP)"
    fi
done

# The cluster: created once, kept afterwards.
if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster in $pgdata (owner $owner)"
    as_owner "$pgbin/initdb" -D "$pgdata" -U "$owner" -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >"$rundir/initdb.log" 2>&1 || {
        cat "$rundir/initdb.log" >&2
        rm -f "$pidfile"
        die "initdb failed"
    }
    cat >>"$pgdata/postgresql.conf" <<EOF

# interview: make run
listen_addresses = '127.0.0.1'
unix_socket_directories = '$rundir'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
fi

# The secrets of the two login roles: made once, readable only here.
pgpass="$rundir/pgpass"
if [ ! -f "$pgpass" ]; then
    umask 077
    pw_proxy=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
    pw_judge=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
    printf '127.0.0.1:*:*:interview_run_proxy:%s\n127.0.0.1:*:*:interview_run_judge:%s\n' \
        "$pw_proxy" "$pw_judge" >"$pgpass" || die "cannot write $pgpass"
    umask 022
fi
chmod 600 "$pgpass"
pw_proxy=$(sed -n 's/^127\.0\.0\.1:\*:\*:interview_run_proxy://p' "$pgpass")
pw_judge=$(sed -n 's/^127\.0\.0\.1:\*:\*:interview_run_judge://p' "$pgpass")

# Log files, each shown on the terminal with its prefix until this script ends.
: >"$rundir/judge.log"
: >"$rundir/proxy.log"
as_owner sh -c ": > '$rundir/pg.log'"
tails=""
# follow FILE PREFIX: shows the lines appended to FILE, prefixed. The shell in
# between catches SIGTERM (tail and sed do not) so that it outlives them and
# reaps them: none is left to an init that may reap late. Its own stderr
# goes nowhere: it reports the pipeline it loses as "Terminated".
follow() {
    setsid sh -c 'trap : TERM; tail -n +1 -s 0.2 -F --pid="$1" "$2" 2>/dev/null | sed -u "s/^/$3 /"; wait' \
        follow "$$" "$1" "$2" 2>/dev/null &
    tails="$tails $!"
}
# gone PID: whether the process has ended (a zombie counts as ended).
gone() {
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
    case $st in Z*) return 0 ;; esac
    return 1
}
follow "$rundir/pg.log" "[pg]"

judge_pid=""
proxy_pid=""
stopping=0
# stop_pid PID NAME: SIGTERM, then SIGKILL after 10 s (quiet unless it must kill).
stop_pid() {
    [ -n "$1" ] || return 0
    kill -0 "$1" 2>/dev/null || return 0
    kill -TERM "$1" 2>/dev/null
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.2
        i=$((i + 1))
    done
    if kill -0 "$1" 2>/dev/null; then
        say "$2 did not stop in 10 s: killing it"
        kill -KILL "$1" 2>/dev/null
    fi
    wait "$1" 2>/dev/null
}

# cleanup: stops everything this script started, in order; keeps the data.
# The logs stop showing first (what the programs log while stopping stays in
# their files), so that a stop prints one line.
cleanup() {
    [ $stopping -eq 1 ] && return
    stopping=1
    trap '' INT TERM HUP QUIT
    sleep 0.3
    for t in $tails; do
        kill -TERM "-$t" 2>/dev/null
    done
    for t in $tails; do
        i=0
        while ! gone "$t" && [ $i -lt 30 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        gone "$t" || kill -KILL "-$t" 2>/dev/null
        wait "$t" 2>/dev/null
    done
    stop_pid "$proxy_pid" interview-proxy
    stop_pid "$judge_pid" interview-judge
    if as_owner "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        as_owner "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 ||
            say "error: pg_ctl stop failed"
    fi
    rm -f "$pidfile"
    say "stopped; the data stays in $rundir"
    give_terminal_back
}
# A stop that was asked for is a success; an EXIT after a failure keeps its status.
trap 'cleanup; exit 0' INT TERM HUP QUIT
trap 'cleanup' EXIT
# Ctrl-Z would stop this script while make waits for it, holding the terminal.
trap '' TSTP

# fail MESSAGE: a fatal error once something runs.
fail() {
    echo "[run] error: $*" >&2
    exit 1
}

say "starting PostgreSQL on port $pg_port"
as_owner setsid "$pgbin/pg_ctl" -D "$pgdata" -l "$rundir/pg.log" -w -t 60 \
    -o "-p $pg_port" start >/dev/null || fail "pg_ctl start failed (see $rundir/pg.log)"

# psql_super ARGS...: psql as the superuser over the cluster's own socket.
psql_super() {
    as_owner "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$rundir" -p "$pg_port" -U "$owner" "$@"
}

if [ "$(psql_super -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$dbname'")" != 1 ]; then
    say "creating database $dbname"
    psql_super -d postgres -c "CREATE DATABASE $dbname" || fail "CREATE DATABASE failed"
fi
psql_super -d "$dbname" -c "SET client_min_messages = warning" \
    -c "CREATE EXTENSION IF NOT EXISTS interview CASCADE" ||
    fail "CREATE EXTENSION interview failed (is it installed? make install)"
psql_super -d "$dbname" -c "ALTER EXTENSION interview UPDATE" >/dev/null 2>&1

# Login roles that are members of the extension's roles; passwords from
# pgpass, handed to psql on stdin (printf is a builtin), never on a command line.
{ printf '\\set pw_proxy %s\n\\set pw_judge %s\n' "$pw_proxy" "$pw_judge"; cat <<'EOF'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'interview_run_proxy') AS make_proxy,
       NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'interview_run_judge') AS make_judge \gset
\if :make_proxy
CREATE ROLE interview_run_proxy LOGIN;
\endif
\if :make_judge
CREATE ROLE interview_run_judge LOGIN;
\endif
ALTER ROLE interview_run_proxy PASSWORD :'pw_proxy';
ALTER ROLE interview_run_judge PASSWORD :'pw_judge';
GRANT interview_proxy TO interview_run_proxy;
GRANT interview_judge TO interview_run_judge;
EOF
} | psql_super -d "$dbname" || fail "creating the login roles failed"

# The demo bank, once: the staff account is the marker.
loaded=$(psql_super -d "$dbname" -Atc "SELECT count(*) FROM interview.account WHERE username = 'staff'") ||
    fail "cannot read interview.account"
if [ "$loaded" = 0 ]; then
    say "loading the demo problem bank"
    psql_super -d "$dbname" -f - <"$top/sql/demo/bank.sql" >/dev/null || fail "loading sql/demo/bank.sql failed"
else
    say "demo problem bank already loaded"
fi

export PGPASSFILE="$pgpass"
follow "$rundir/judge.log" "[judge]"
say "starting interview-judge with $workers workers"
setsid "$judge_bin" --workers "$workers" --first-worker "$first_worker" \
    --db "host=127.0.0.1 port=$pg_port dbname=$dbname user=interview_run_judge application_name=interview-judge" \
    >>"$rundir/judge.log" 2>&1 &
judge_pid=$!

static=""
if "$proxy_bin" --help 2>&1 | grep -q -- '--static'; then
    static="$top/proxy/static"
fi
follow "$rundir/proxy.log" "[proxy]"
say "starting interview-proxy on $http"
if [ -n "$static" ]; then
    setsid "$proxy_bin" --listen "$http" --insecure-cookie --static "$static" \
        --db "host=127.0.0.1 port=$pg_port dbname=$dbname user=interview_run_proxy application_name=interview-proxy" \
        >>"$rundir/proxy.log" 2>&1 &
else
    setsid "$proxy_bin" --listen "$http" --insecure-cookie \
        --db "host=127.0.0.1 port=$pg_port dbname=$dbname user=interview_run_proxy application_name=interview-proxy" \
        >>"$rundir/proxy.log" 2>&1 &
fi
proxy_pid=$!

# shell_word WORD: WORD as one shell word, quoted only when it must be.
shell_word() {
    case $1 in
        *[!A-Za-z0-9_./:=@%+-]* | '') printf "'%s'\n" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '%s\n' "$1" ;;
    esac
}
# The psql command to copy: an absolute folder, whatever the current one.
if [ "$(id -u)" -eq 0 ]; then
    psql_hint="runuser -u $owner -- psql -h $(shell_word "$rundir") -p $pg_port $dbname"
else
    psql_hint="psql -h $(shell_word "$rundir") -p $pg_port $dbname"
fi

# Wait until the proxy listens (or dies).
i=0
until ss -Hltn "sport = :$http_port" 2>/dev/null | grep -q .; do
    kill -0 "$proxy_pid" 2>/dev/null || fail "interview-proxy exited (see $rundir/proxy.log)"
    [ $i -ge 150 ] && fail "interview-proxy does not listen on $http after 30 s"
    sleep 0.2
    i=$((i + 1))
done

cat <<EOF
[run] ------------------------------------------------------------------
[run] interview is running: http://$http/   (GraphQL: http://$http/graphql)
[run]   staff account:     staff / staff-password
[run]   candidate account: candidate / candidate-password
[run]   psql (superuser):  $psql_hint
[run]   data and logs:     $rundir
[run] Ctrl-C (or make stop elsewhere) stops everything; the data stays.
[run] ------------------------------------------------------------------
EOF

# catches_int PID: whether the process catches SIGINT (bit 2 of SigCgt, the
# last hex digit's second bit).
catches_int() {
    _cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
    case ${_cgt#"${_cgt%?}"} in
        [2367abefABEF]) return 0 ;;
    esac
    return 1
}

# The make that started this script, watched when it catches SIGINT: make
# resets that handler when the signal arrives and then only waits for its
# child, so a reset handler (or a make that is gone) means stop.
parent=$PPID
watch_make=0
if [ "$(cat "/proc/$parent/comm" 2>/dev/null)" = make ] && catches_int "$parent"; then
    watch_make=1
fi

# Run until a signal, or until the judge or the proxy exits on its own.
while kill -0 "$judge_pid" 2>/dev/null && kill -0 "$proxy_pid" 2>/dev/null; do
    if [ $watch_make -eq 1 ] && { ! kill -0 "$parent" 2>/dev/null || ! catches_int "$parent"; }; then
        cleanup
        exit 0
    fi
    sleep 1
done
kill -0 "$judge_pid" 2>/dev/null || say "interview-judge exited; stopping everything"
kill -0 "$proxy_pid" 2>/dev/null || say "interview-proxy exited; stopping everything"
exit 1
