#!/bin/sh
# TAP: real submissions judged by interview-sandbox-run (the judging core used by
# interview-judge): per language an AC, WA, RE, TLE and CE solution of the sum
# problem, then hostile submissions, each with its expected verdict and checks
# that the host is unharmed (no processes left, no cgroups leaked, no files written,
# sentinel processes alive, judge environment unseen).
set -u
RUN="$TOP/judge/interview-sandbox-run"
CASES="$TOP/test/sandbox/cases"
SUM="$TOP/test/sandbox/sum"
S="$SANDBOX_SCRATCH/cases"
BOXROOT="$S/boxes"
W=7
UID7=64007
mkdir -p "$S/out" "$S/t"
n=0
failed=0

# ok STATUS DESCRIPTION: one TAP line.
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# tests NAME "in1" "out1" ["in2" "out2" ...]: a test directory.
tests() {
    d="$S/t/$1"; shift
    mkdir -p "$d"; i=1
    while [ $# -ge 2 ]; do
        printf '%b' "$1" > "$d/$i.in"; printf '%b' "$2" > "$d/$i.out"
        shift 2; i=$((i + 1))
    done
}

# judge NAME LANG SOURCE TESTDIR TIME_MS MEMORY_KB: judges into $S/out/NAME.json; sets ELAPSED_MS.
judge() {
    t0=$(date +%s%N)
    SANDBOX_SECRET=do-not-leak PGPASSWORD=do-not-leak-either \
        "$RUN" --language "$2" --source "$CASES/$3" --tests "$4" --time-limit-ms "$5" \
        --memory-limit-kb "$6" --worker "$W" --box-root "$BOXROOT" \
        > "$S/out/$1.json" 2> "$S/out/$1.err"
    RC=$?
    ELAPSED_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# expect NAME PYTHON_EXPR DESCRIPTION: the expression holds for the result
# (d: the JSON, t: its tests, fo: failed_output, co: compile_output, ms: elapsed ms).
expect() {
    python3 - "$S/out/$1.json" "$2" "$ELAPSED_MS" "$RC" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("# no JSON result: %s" % e)
    sys.exit(1)
t = d.get("tests", [])
fo = d.get("failed_output") or ""
co = d.get("compile_output") or ""
ms = int(sys.argv[3])
ok = int(sys.argv[4]) == 0 and bool(eval(sys.argv[2]))
if not ok:
    print("# result: %s" % json.dumps(d)[:1500])
sys.exit(0 if ok else 1)
PY
    st=$?
    [ $st -ne 0 ] && sed 's/^/# stderr: /' "$S/out/$1.err" | grep -v 'sandbox: namespaces' | head -5
    ok $st "$1: $3"
}

# leftovers: 0 when no process of the box uid and no cgroup of a dead judge remain.
leftovers() {
    sleep 0.05
    if pgrep -u "$UID7" >/dev/null 2>&1; then
        echo "# processes of uid $UID7 left:"; ps -o pid,user,args -u "$UID7" | sed 's/^/#   /'
        return 1
    fi
    for c in /sys/fs/cgroup/memory/interview-judge /sys/fs/cgroup/pids/interview-judge \
             /sys/fs/cgroup/cpuacct/interview-judge /sys/fs/cgroup/interview-judge; do
        [ -d "$c" ] || continue
        for g in "$c"/*-"$W"-*; do
            [ -d "$g" ] || continue
            p=$(basename "$g"); p=${p%%-*}
            if ! kill -0 "$p" 2>/dev/null; then echo "# cgroup left behind: $g"; return 1; fi
        done
    done
    return 0
}

# --- correctness: the sum problem in every language ---------------------------
for lang in c:c cpp:cpp python3:py javascript:js; do
    l=${lang%%:*}; x=${lang#*:}
    judge "$l-ac" "$l" "sum_ac.$x" "$SUM" 1000 65536
    expect "$l-ac" 'd["verdict"] == "AC" and len(t) == 3 and all(r["verdict"] == "AC" and r["memory_kb"] > 0 and 0 <= r["time_ms"] < 1000 for r in t) and [r["ordinal"] for r in t] == [1, 2, 3] and "failed_at" not in d and d["judge_info"]["language_version"] != ""' \
        "accepted on all 3 tests (trailing spaces/newlines in the answer ignored), per-test rows, version recorded"
    judge "$l-wa" "$l" "sum_wa.$x" "$SUM" 1000 65536
    expect "$l-wa" 'd["verdict"] == "WA" and d["failed_at"] == 1 and len(t) == 3 and t[0]["verdict"] == "WA" and d["total"] == 3 and fo.strip() != "" and fo.strip() != "3"' \
        "wrong answer at test 1 with the output excerpt; every test still runs"
    judge "$l-re" "$l" "sum_re.$x" "$SUM" 1000 65536
    expect "$l-re" 'd["verdict"] == "RE" and d["failed_at"] == 1 and t[0]["detail"] in ("exit 3", "SIGABRT", "exit 1")' \
        "runtime error with exit code or signal name"
    judge "$l-tle" "$l" "sum_tle.$x" "$SUM" 300 65536
    expect "$l-tle" 'd["verdict"] == "TLE" and (t[0]["time_ms"] >= 300 or t[0]["detail"] == "wall time") and ms < 15000' \
        "time limit exceeded (CPU time past the limit, or wall time on a busy machine)"
    judge "$l-ce" "$l" "sum_ce.$x" "$SUM" 1000 65536
    expect "$l-ce" 'd["verdict"] == "CE" and len(co) > 10 and len(t) == 0' \
        "compilation error with the compiler's output"
done
expect c-re 'd["tests"][0]["detail"] == "exit 3"' "exit code recorded"
expect cpp-re 'd["tests"][0]["detail"] == "SIGABRT"' "signal name recorded"
expect c-ce '"undefined_name" in co' "compiler output names the error"
leftovers; ok $? "no processes or cgroups left after the correctness runs"

# --- resources -----------------------------------------------------------------
tests none "" "x\n"
tests cpu "" "done\n"
judge cpu-time c cpu_time.c "$S/t/cpu" 3000 65536
expect cpu-time 'd["verdict"] == "AC" and 550 <= t[0]["time_ms"] <= 1200' \
    "CPU time of two processes burning 300 ms each is counted exactly (cgroup), not per process"

# The default memory limit (256 MiB). Every failed fork() charges a kernel stack
# that is freed only after an RCU grace period, so on a very busy machine the
# spinning forks can reach the memory limit first: MLE is then the honest verdict.
judge fork-bomb c fork_bomb.c "$S/t/none" 500 262144
expect fork-bomb 'd["verdict"] in ("TLE", "MLE") and ms < 15000 and (d["verdict"] == "TLE" or t[0]["memory_kb"] >= 262144 * 0.9)' \
    "fork bomb is contained: TLE, or MLE at the memory limit when deferred kernel frees pile up"
leftovers; ok $? "fork bomb: no process left on the host"

tests threads "" "limited\n"
judge threads c threads.c "$S/t/threads" 1000 65536
expect threads 'd["verdict"] == "AC"' "1000 threads: the process limit stops thread creation well below 100"

judge sleep c sleep.c "$S/t/none" 300 65536
expect sleep 'd["verdict"] == "TLE" and t[0]["detail"] == "wall time" and t[0]["time_ms"] < 100 and ms < 10000' \
    "sleep ends as TLE on wall time (2 x CPU + 1 s), using no CPU"

# a judge killed mid-run takes its sandbox with it; the next start removes its leftovers
"$RUN" --language c --source "$CASES/sleep.c" --tests "$S/t/none" --time-limit-ms 5000 \
    --memory-limit-kb 65536 --worker "$W" --box-root "$BOXROOT" > /dev/null 2>&1 &
VICTIM=$!
i=0; while ! pgrep -u "$UID7" -x main > /dev/null 2>&1 && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
pgrep -u "$UID7" -x main > /dev/null 2>&1; ok $? "killed judge: its submission was running"
kill -KILL "$VICTIM"; wait "$VICTIM" 2>/dev/null
i=0; while pgrep -u "$UID7" > /dev/null 2>&1 && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
! pgrep -u "$UID7" > /dev/null 2>&1; ok $? "killed judge: every process of its sandbox died with it"
judge after-kill c sum_ac.c "$SUM" 1000 65536
expect after-kill 'd["verdict"] == "AC"' "the next judge works"
leftovers; ok $? "killed judge: its cgroups are removed by the next start"
[ ! -e "$BOXROOT/$VICTIM.$W" ]; ok $? "killed judge: its box is removed by the next start"

judge mem-bomb c mem_bomb.c "$S/t/none" 2000 65536
expect mem-bomb 'd["verdict"] == "MLE" and t[0]["memory_kb"] >= 60000' \
    "memory bomb: MLE from the cgroup's OOM kill, peak near the 64 MiB limit"

judge py-mem-bomb python3 mem_bomb.py "$S/t/none" 2000 65536
expect py-mem-bomb 'd["verdict"] == "MLE"' "Python memory bomb: MLE"
judge js-mem-bomb javascript mem_bomb.js "$S/t/none" 2000 65536
expect js-mem-bomb 'd["verdict"] == "MLE"' "Node memory bomb: MLE (cgroup limit, no RLIMIT_AS)"

judge stack c stack.c "$S/t/none" 2000 65536
expect stack 'd["verdict"] == "RE" and t[0]["detail"] == "SIGSEGV"' "stack overflow: RE with SIGSEGV"

judge flood c stdout_flood.c "$S/t/none" 2000 65536
expect flood 'd["verdict"] == "OLE" and len(fo.encode()) <= 4096 and fo.startswith("xxxx") and ms < 10000' \
    "4 GiB on stdout: OLE at max(2 x expected + 1 KiB, 64 KiB), excerpt at most 4 KiB"

rm -f /tmp/interview-sandbox-big
judge file-write c file_write.c "$S/t/none" 2000 65536
expect file-write 'd["verdict"] == "OLE" and t[0]["detail"] == "file size limit"' \
    "huge file write: box read-only, private /tmp, stopped by the file size limit"
[ ! -e /tmp/interview-sandbox-big ]; ok $? "huge file write: nothing written to the host's /tmp"

judge urandom c urandom.c "$S/t/none" 1000 65536
expect urandom 'd["verdict"] == "CE" and "limit" in co and ms < 60000' \
    "#include \"/dev/urandom\": CE within the compile limits"
judge template cpp template.cpp "$S/t/none" 1000 65536
expect template 'd["verdict"] == "CE" and "limit" in co and ms < 60000' \
    "template explosion: CE within the compile limits (10 s, 512 MiB)"
leftovers; ok $? "no compiler process or cgroup left after the compile bombs"

# --- isolation -------------------------------------------------------------------
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); time.sleep(300)' > "$S/port" &
LISTENER=$!
i=0; while [ ! -s "$S/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$S/port")
PGP=${PGPORT:-5432}
python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)' "$PORT"
ok $? "control: the host reaches the test listener on 127.0.0.1:$PORT"
tests net "$PORT $PGP\n" "listener blocked\ndatabase blocked\noutside blocked\nipv6 blocked\nnetlink blocked\npacket blocked\nunix-db blocked\nsocketpair works\n"
judge net c net.c "$S/t/net" 3000 65536
expect net 'd["verdict"] == "AC"' \
    "network: 127.0.0.1 listener, database port $PGP, 1.1.1.1, ::1, netlink, packet and the PostgreSQL socket unreachable; AF_UNIX pairs work"

OTHER="$BOXROOT/$$.8"
mkdir -p "$OTHER" && echo "other submission" > "$OTHER/secret" && chown -R 64008:64008 "$OTHER" && chmod 700 "$OTHER"
tests secrets "$OTHER/secret\n" "shadow denied\ngshadow denied\nroot denied\nhome denied\npostgres denied\nwork denied\nother-box denied\ninit-environ denied\njudge-environ hidden\nenvironment minimal\n"
judge secrets c secrets.c "$S/t/secrets" 2000 65536
expect secrets 'd["verdict"] == "AC"' \
    "/etc/shadow, /root, /home, /var/lib/postgresql, another box, /proc/1/environ and the judge's environment out of reach"
[ "$(cat "$OTHER/secret")" = "other submission" ]; ok $? "the other box is intact"
rm -rf "$OTHER"

setpriv --reuid=$UID7 --regid=$UID7 --clear-groups sleep 300 &
SENTINEL=$!
sleep 0.2
tests kill "" "alive\n"
judge kill c kill.c "$S/t/kill" 2000 65536
expect kill 'd["verdict"] == "AC"' "kill(-1, SIGKILL), kill(getppid()) and kill(1) only reach the sandbox"
kill -0 "$SENTINEL" 2>/dev/null; ok $? "a host process of the same uid survived kill(-1, SIGKILL)"
kill "$SENTINEL" 2>/dev/null; wait "$SENTINEL" 2>/dev/null

tests privs "" "setuid denied\nptrace-traceme denied\nptrace-attach denied\nmount denied\nunshare-user denied\nchroot denied\nbpf denied\nio_uring denied\nkeyctl denied\nclone3 denied\n"
judge privs c privs.c "$S/t/privs" 2000 65536
expect privs 'd["verdict"] == "AC"' "setuid(0), ptrace, mount, unshare, chroot, bpf, io_uring, keyctl, clone3 refused"

tests shell "" "hi\n$UID7\n0\nbox\n"
judge shell c shell.c "$S/t/shell" 2000 65536
expect shell 'd["verdict"] == "AC"' "/bin/sh runs contained: box uid, no /root /home /var, hostname box"

tests background "" "3\n"
judge background c background.c "$S/t/background" 2000 65536
expect background 'd["verdict"] == "AC"' "a detached background process does not hold the run"
leftovers; ok $? "the background process is gone after the run"

tests symlink "" "symlink denied\ntmp-symlink created\n"
judge symlink c symlink_run.c "$S/t/symlink" 2000 65536
expect symlink 'd["verdict"] == "AC"' "no symlink can be planted in the box during a run"
[ "$(ls -A "$BOXROOT" | grep -v '^\.root$' | wc -l)" -eq 0 ]; ok $? "boxes removed after every run"

tests pysys "$PORT $PGP\n" "hi\nblocked\nblocked\nblocked\n"
judge pysys python3 os_system.py "$S/t/pysys" 2000 65536
expect pysys 'd["verdict"] == "AC"' "Python os.system runs contained; socket connections refused"
tests nodecp "$PORT $PGP\n" "hi\nblocked\nblocked\n"
judge nodecp javascript child_process.js "$S/t/nodecp" 2000 65536
expect nodecp 'd["verdict"] == "AC"' "Node child_process runs contained; net connections fail"

kill "$LISTENER" 2>/dev/null; wait "$LISTENER" 2>/dev/null
leftovers; ok $? "no process or cgroup left at the end"
echo "1..$n"
[ "$failed" -eq 0 ]
