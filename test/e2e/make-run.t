#!/bin/sh
# `make run` itself (tools/run.sh, after the build): started in the background
# in a folder and on ports of its own, the URL answers, a GraphQL login works,
# a second start says it is already running, SIGINT leaves no process behind
# and keeps the data; the next start reuses it without loading the bank again,
# and SIGTERM stops it too. Then `make run` through make, stopped each way a
# person would: Ctrl-C on its terminal (a real pseudo-terminal, pty-run.py),
# `make stop` from elsewhere, SIGINT and SIGTERM to the make process. Every
# stop prints one line, leaves nothing running, and the run exits 0. Speaks
# TAP. Needs root (the cluster is owned by postgres, the judge's sandbox).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/lib.sh"
out="$top/test/out"
# The run's folder is .run/ of a folder that stands for the checkout, as in
# a plain `make run`, so that the README's psql command runs as written.
checkout="/var/tmp/interview-e2e-run-$$"
rundir="$checkout/.run"
mkdir -p "$out"

n=0
failed=0

# free_port FROM: the first port from FROM on that nobody listens on.
free_port() {
    p=$1
    while ss -Hltn "sport = :$p" | grep -q .; do
        p=$((p + 1))
    done
    echo "$p"
}

# none_left: the TAP line that none of $pids and none of ours is still running.
none_left() {
    left=""
    for p in $pids; do
        alive "$p" && left="$left $p"
    done
    [ -z "$left" ] && [ -z "$(ours)" ]
    ok $? "no process is left running${left:+ (left:$left)}" ||
        ps -o pid=,ppid=,stat=,args= -p "$(echo $left | tr ' ' ',')" | sed 's/^/#   /'
}

# Ports of its own: suites may run side by side, and a real make run may
# hold 54329 (the docs' commands get this port instead).
pg_port=$(free_port $((55000 + $$ % 500)))
http_port=$(free_port $((18000 + $$ % 500)))
[ "$http_port" = "$pg_port" ] && http_port=$(free_port $((http_port + 1)))
url="http://127.0.0.1:$http_port"

# A spy for the PostgreSQL programs run.sh calls: a pg_config first in PATH
# names a folder of wrappers that log their command line to $spy/argv.log
# (readable by every user of a machine through ps) and run the real program.
spy="/var/tmp/interview-e2e-spy-$$"
real_bin=$(pg_config --bindir)
real_pg_config=$(command -v pg_config)
mkdir -p "$spy"
chmod 755 "$spy"
for f in "$real_bin"/*; do
    printf '#!/bin/sh\nprintf "%%s\\n" "$0 $*" >>%s/argv.log\nexec %s "$@"\n' "$spy" "$f" >"$spy/${f##*/}"
done
# (after the loop: the folder of the programs holds a pg_config too)
printf '#!/bin/sh\n[ "$1" = --bindir ] && { echo %s; exit 0; }\nexec %s "$@"\n' "$spy" "$real_pg_config" >"$spy/pg_config"
chmod 755 "$spy"/*
# the wrappers run as the cluster's owner too
: >"$spy/argv.log"
chmod 666 "$spy/argv.log"

run_pid=""
# start LOG: tools/run.sh in the background with this test's folder and ports.
start() {
    PATH="$spy:$PATH" INTERVIEW_RUN_DIR="$rundir" INTERVIEW_PG_PORT="$pg_port" INTERVIEW_HTTP="127.0.0.1:$http_port" \
        INTERVIEW_WORKERS=1 INTERVIEW_JUDGE_FIRST_WORKER=$((300 + $$ % 300)) sh "$top/tools/run.sh" >"$1" 2>&1 &
    run_pid=$!
}

# wait_running LOG: waits (60 s at most) for the banner; false if run.sh exits first.
wait_running() {
    i=0
    while [ $i -lt 300 ]; do
        grep -q 'interview is running' "$1" && return 0
        kill -0 "$run_pid" 2>/dev/null || return 1
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

# ours: the pids of every process of this run (its folder or its ports in the command line).
ours() {
    ps -eo pid=,args= | grep -e "$rundir" -e "port=$pg_port " -e "-p $pg_port" -e "127.0.0.1:$http_port" |
        grep -v -e grep -e 'make-run\.t' | awk '{ print $1 }'
}

# alive PID: whether the process exists and is not a zombie (exited, not yet
# reaped by an init that reaps slowly).
alive() {
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $st in
        Z*) return 1 ;;
    esac
    return 0
}

# stop_run SIGNAL [PID]: sends SIGNAL (NONE: none) to PID (run.sh by
# default) and waits for PID, our child (60 s at most, then SIGKILL); sets rc
# to its exit status.
stop_run() {
    _target=${2:-$run_pid}
    [ "$1" = NONE ] || kill "-$1" "$_target" 2>/dev/null
    setsid sh -c 'sleep 60; kill -KILL "$1" 2>/dev/null' watchdog "$_target" &
    watchdog=$!
    wait "$_target" 2>/dev/null
    rc=$?
    kill -TERM "-$watchdog" 2>/dev/null
}

# mark LOG: remembers how long LOG is, before a stop.
mark() {
    marked=$(wc -l <"$1")
}

# one_line LOG: the TAP line that the stop printed one line (besides log
# lines of the programs that were already on their way), the stop line, and
# nothing of the programs' own shutdown.
one_line() {
    tail -n +$((marked + 1)) "$1" >"$out/make-run-stop.txt"
    grep -v -e '^\[pg\] ' -e '^\[judge\] ' -e '^\[proxy\] ' "$out/make-run-stop.txt" >"$out/make-run-own.txt"
    [ "$(wc -l <"$out/make-run-own.txt")" -eq 1 ] &&
        grep -q "^\[run\] stopped; the data stays in $rundir\$" "$out/make-run-own.txt" &&
        ! grep -q -i -e 'shut' -e 'stopping' -e 'terminat' "$out/make-run-stop.txt"
    ok $? "the stop prints one line: $(head -c 300 "$out/make-run-stop.txt" | tr '\n' '|')"
}

# login USER PASSWORD: the token a GraphQL login returns, or nothing.
login() {
    curl -s -m 10 -H 'Content-Type: application/json' \
        -d "{\"query\":\"mutation { login(username: \\\"$1\\\", password: \\\"$2\\\") { token } }\"}" \
        "$url/graphql" | sed -n 's/.*"token" *: *"\([0-9a-f]*\)".*/\1/p'
}

# cleanup: nothing of this test is left, running or on disk.
cleanup() {
    [ -n "$run_pid" ] && kill -TERM "$run_pid" 2>/dev/null && sleep 3
    if [ -f "$rundir/pgdata/postmaster.pid" ]; then
        runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$rundir/pgdata" -m immediate stop >/dev/null 2>&1
    fi
    rm -rf "$checkout" "$spy"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log1="$out/make-run-1.log"
start "$log1"
wait_running "$log1"
ok $? "run.sh starts PostgreSQL, the judge and the proxy, and prints the banner"
if [ $failed -ne 0 ]; then
    sed 's/^/#   /' "$log1" | tail -30
    echo "1..$n"
    exit 1
fi
grep -q "$url/" "$log1" && grep -q 'staff / staff-password' "$log1" && grep -q 'candidate / candidate-password' "$log1"
ok $? "the banner shows the URL and both demo accounts"
grep -q '^\[pg\] ' "$log1" && grep -q '^\[judge\] ' "$log1" && grep -q '^\[proxy\] ' "$log1"
ok $? "the logs of the three programs are prefixed with [pg], [judge] and [proxy]"
[ -f "$rundir/pgdata/PG_VERSION" ] && [ "$(stat -c %U "$rundir/pgdata")" = postgres ]
ok $? "the cluster is in INTERVIEW_RUN_DIR and owned by postgres"
curl -s -m 10 "$url/" | grep -q '<title>interview</title>'
ok $? "the URL answers with the candidate page"
token=$(login candidate candidate-password)
[ ${#token} -eq 64 ]
ok $? "a GraphQL login of the demo candidate works"

# The login roles' passwords never appear on a command line: not in those of
# the PostgreSQL programs run.sh ran, nor in those of the running processes.
pw_proxy=$(sed -n 's/^127\.0\.0\.1:\*:\*:interview_run_proxy://p' "$rundir/pgpass")
pw_judge=$(sed -n 's/^127\.0\.0\.1:\*:\*:interview_run_judge://p' "$rundir/pgpass")
[ ${#pw_proxy} -ge 32 ] && [ ${#pw_judge} -ge 32 ] && grep -q '/psql ' "$spy/argv.log" &&
    ! grep -q -e "$pw_proxy" -e "$pw_judge" "$spy/argv.log" &&
    ! ps -eo args= | grep -v grep | grep -q -e "$pw_proxy" -e "$pw_judge"
ok $? "the login roles' passwords reach psql on stdin, never on a command line ($(grep -c '/psql ' "$spy/argv.log") psql calls seen)"

# The psql command of the banner, copied as printed, works from any folder;
# so does the one README.md (and docs/operations.md) shows, as written, run
# from the checkout (with this run's port in place of 54329).
printed=$(sed -n 's/^\[run\]   psql (superuser):  //p' "$log1")
[ -n "$printed" ] && (cd / && echo 'SELECT count(*) AS problems FROM interview.problem;' |
    sh -c "$printed" 2>&1) >"$out/make-run-psql.txt"
grep -Eq '^ *[1-9][0-9]*$' "$out/make-run-psql.txt"
ok $? "the banner's psql command works as printed: $printed ($(head -c 200 "$out/make-run-psql.txt" | tr '\n' '|'))"
readme_cmds="$out/make-run-readme-psql.txt"
for doc in "$top/README.md" "$top/docs/operations.md"; do
    [ -f "$doc" ] || continue
    # Command lines inside the documents' code blocks; a trailing comment goes.
    awk '/^```/ { inblock = !inblock; next } inblock && /^(runuser -u postgres -- )?psql -h / {
        sub(/[ \t]+#.*$/, ""); print }' "$doc"
done | sort -u >"$readme_cmds"
grep -q . "$readme_cmds"
ok $? "README.md shows a psql command for make run ($(wc -l <"$readme_cmds") in the docs)"
while IFS= read -r cmd; do
    run=$(printf '%s\n' "$cmd" | sed "s/-p 54329/-p $pg_port/")
    (cd "$checkout" && echo 'SELECT count(*) AS problems FROM interview.problem;' |
        sh -c "$run" 2>&1) >"$out/make-run-psql.txt"
    grep -Eq '^ *[1-9][0-9]*$' "$out/make-run-psql.txt"
    ok $? "the docs' psql command works as written from the checkout: $cmd ($(head -c 200 "$out/make-run-psql.txt" | tr '\n' '|'))"
done <"$readme_cmds"
[ -z "$(login candidate wrong-password)" ]
ok $? "a wrong password gets no token"

INTERVIEW_RUN_DIR="$rundir" INTERVIEW_PG_PORT="$pg_port" INTERVIEW_HTTP="127.0.0.1:$http_port" \
    sh "$top/tools/run.sh" >"$out/make-run-second.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "already running (pid $run_pid" "$out/make-run-second.log"
ok $? "a second start while it runs says it is already running (exit $rc)"
kill -0 "$run_pid" 2>/dev/null && [ "$(login candidate candidate-password | wc -c)" -gt 60 ]
ok $? "and leaves the running one alone"

pids=$(ours | tr '\n' ' ')
[ "$(echo "$pids" | wc -w)" -ge 3 ]
ok $? "its processes are found: $(echo "$pids" | wc -w)"
mark "$log1"
stop_run INT
[ "$rc" = 0 ]
ok $? "SIGINT stops run.sh (exit $rc)"
one_line "$log1"
none_left
! ss -Hltn "sport = :$pg_port" | grep -q . && ! ss -Hltn "sport = :$http_port" | grep -q .
ok $? "both ports are free again"
[ -f "$rundir/pgdata/PG_VERSION" ] && [ ! -f "$rundir/pgdata/postmaster.pid" ] && [ ! -f "$rundir/run.pid" ]
ok $? "the data stays, PostgreSQL was shut down cleanly and the pid file is gone"
grep -q 'database system is shut down' "$rundir/pg.log"
ok $? "PostgreSQL logged a clean shutdown"

log2="$out/make-run-2.log"
start "$log2"
wait_running "$log2"
ok $? "a second run starts again on the same folder"
! grep -q 'creating a PostgreSQL cluster' "$log2" && grep -q 'demo problem bank already loaded' "$log2"
ok $? "it reuses the cluster and does not load the bank again"
[ "$(login candidate candidate-password | wc -c)" -gt 60 ]
ok $? "the demo candidate still logs in"
pids=$(ours | tr '\n' ' ')
mark "$log2"
stop_run TERM
[ "$rc" = 0 ]
ok $? "SIGTERM stops it too (exit $rc)"
one_line "$log2"
none_left
run_pid=""

# Through make, as a person runs it. make's own variables of an enclosing
# `make check` would reach it: they go.
unset MAKEFLAGS MAKELEVEL MFLAGS

# make_start LOG: `make run` in the background with this test's folder and
# ports; SIGINT at its default action, as in a terminal (a command started
# with & by a script ignores SIGINT); sets make_pid, and run_pid once the
# banner is there.
make_start() {
    (cd "$top" && INTERVIEW_RUN_DIR="$rundir" INTERVIEW_PG_PORT="$pg_port" INTERVIEW_HTTP="127.0.0.1:$http_port" \
        INTERVIEW_WORKERS=1 INTERVIEW_JUDGE_FIRST_WORKER=$((300 + $$ % 300)) \
        exec env --default-signal=INT make run) >"$1" 2>&1 &
    make_pid=$!
    run_pid=$make_pid
    wait_running "$1" && run_pid=$(cat "$rundir/run.pid")
}

# A stop request made some other way than a signal to make: make stop.
log3="$out/make-run-3.log"
make_start "$log3"
ok $? "make run starts it"
pids=$(ours | tr '\n' ' ')
mark "$log3"
(cd "$top" && INTERVIEW_RUN_DIR="$rundir" make stop) >"$out/make-stop.log" 2>&1
stop_rc=$?
[ $stop_rc -eq 0 ] && [ "$(wc -l <"$out/make-stop.log")" -eq 1 ] &&
    grep -q "^\[run\] stopped interview (pid $run_pid)" "$out/make-stop.log"
ok $? "make stop in another terminal stops it, says so in one line and exits 0 ($stop_rc: $(head -c 200 "$out/make-stop.log"))"
stop_run NONE "$make_pid"
[ "$rc" = 0 ]
ok $? "the make run that was stopped exits 0 (exit $rc)"
one_line "$log3"
none_left
(cd "$top" && INTERVIEW_RUN_DIR="$rundir" make stop) >"$out/make-stop.log" 2>&1
[ $? -eq 0 ] && grep -q 'not running' "$out/make-stop.log"
ok $? "make stop when nothing runs says so and exits 0"

# Ctrl-C typed on the terminal of make run.
log4="$out/make-run-4.log"
: >"$log4"
trigger="$out/make-run-ctrl-c.$$"
rm -f "$trigger"
(cd "$top" && INTERVIEW_RUN_DIR="$rundir" INTERVIEW_PG_PORT="$pg_port" INTERVIEW_HTTP="127.0.0.1:$http_port" \
    INTERVIEW_WORKERS=1 INTERVIEW_JUDGE_FIRST_WORKER=$((300 + $$ % 300)) \
    exec python3 "$here/pty-run.py" "$log4" "$trigger" sh -c 'make run; echo "[test] make exited with status $?"') &
make_pid=$!
run_pid=$make_pid
wait_running "$log4"
ok $? "make run starts on a terminal"
pids=$(ours | tr '\n' ' ')
mark "$log4"
touch "$trigger"
stop_run NONE "$make_pid"
rm -f "$trigger"
grep -q '^\[test\] make exited with status 0$' "$log4"
ok $? "Ctrl-C stops it and make exits 0 ($(grep '^\[test\]' "$log4"))"
sed -i -e '/^\[test\] /d' -e 's/^^C//' "$log4"
one_line "$log4"
none_left

# SIGINT and SIGTERM to the make process itself: the run stops as cleanly;
# make then ends by that signal (GNU make re-raises a fatal signal once its
# child has ended), so the status is the signal's.
for sig in INT TERM; do
    log5="$out/make-run-$sig.log"
    make_start "$log5"
    ok $? "make run starts again"
    pids=$(ours | tr '\n' ' ')
    mark "$log5"
    stop_run "$sig" "$make_pid"
    case $sig in INT) want=130 ;; TERM) want=143 ;; esac
    [ "$rc" = $want ] && ! grep -q 'make: \*\*\*' "$log5"
    ok $? "SIG$sig to make stops it; make ends by that signal without an error message (exit $rc)"
    one_line "$log5"
    none_left
done
run_pid=""

echo "1..$n"
[ $failed -eq 0 ]
