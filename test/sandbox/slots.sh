#!/bin/sh
# TAP: sandbox slots shared by every judge process on one host.  Two
# interview-sandbox-run processes asking for the same slot (and box root) get
# distinct slots and uids; one candidate's program holding 63 processes does
# not starve the other's (the uid's RLIMIT_NPROC); a starting judge removes
# neither a live judge's box nor its cgroups, only a dead judge's leftovers;
# the slot lock is held exactly while its holder runs.
set -u
RUN="$TOP/judge/interview-sandbox-run"
CASES="$TOP/test/sandbox/cases"
S="$SANDBOX_SCRATCH/slots"
BOXROOT="$S/boxes"
LOCKS=/run/interview-judge
mkdir -p "$S/t1" "$BOXROOT"
n=0
failed=0

# ok STATUS DESCRIPTION: one TAP line.
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# verdict FILE: the verdict of a result JSON (empty if none).
verdict() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$1" 2>/dev/null; }

# slot_of FILE: the slot an interview-sandbox-run stderr says it holds.
slot_of() { sed -n 's/^interview-sandbox-run: sandbox slot=\([0-9]*\) .*/\1/p' "$1" | head -1; }

# wait_slot FILE: waits (at most 10 s) until FILE names a slot; prints it.
wait_slot() {
    i=0
    while [ -z "$(slot_of "$1")" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    slot_of "$1"
}

printf '1 2\n' > "$S/t1/1.in"; printf '3\n' > "$S/t1/1.out"
# the hog: 63 children that sleep 4 s, then the right answer
cat > "$S/hog.c" <<'C'
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void)
{
    int a, b, i, n = 0;
    if (scanf("%d %d", &a, &b) != 2)
        return 1;
    for (i = 0; i < 63; i++)
    {
        pid_t p = fork();
        if (p == 0) { sleep(4); _exit(0); }
        if (p > 0) n++;
    }
    fprintf(stderr, "forked %d\n", n);
    while (wait(NULL) > 0)
        ;
    printf("%d\n", a + b);
    return 0;
}
C
# a C solution that takes about a second of wall time
cat > "$S/slow.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int main(void) { int a, b; if (scanf("%d %d", &a, &b) != 2) return 1; sleep(1); printf("%d\n", a + b); return 0; }
C

# --- the hog holds its uid's processes; a run asking for the same slot still passes
"$RUN" --language c --source "$S/hog.c" --tests "$S/t1" --time-limit-ms 10000 --worker 9 \
    --box-root "$BOXROOT" > "$S/hog.json" 2> "$S/hog.err" &
HOG=$!
HSLOT=$(wait_slot "$S/hog.err")
[ -n "$HSLOT" ]; ok $? "hog: holds a sandbox slot (slot ${HSLOT:-none})"
HUID=$((64000 + ${HSLOT:-0}))
i=0; while [ "$(pgrep -c -u "$HUID")" -lt 60 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
np=$(pgrep -c -u "$HUID")
[ "$np" -ge 60 ]; ok $? "hog: $np processes of uid $HUID running"
flock -n "$LOCKS/slot-$HSLOT.lock" true
[ $? -ne 0 ]; ok $? "hog: $LOCKS/slot-$HSLOT.lock is locked while it runs"

"$RUN" --language javascript --source "$CASES/sum_ac.js" --tests "$TOP/test/sandbox/sum" --worker "$HSLOT" \
    --box-root "$BOXROOT" > "$S/js.json" 2> "$S/js.err"
rc=$?
JSLOT=$(slot_of "$S/js.err")
[ $rc -eq 0 ] && [ "$(verdict "$S/js.json")" = AC ]
st=$?; [ $st -ne 0 ] && sed 's/^/# /' "$S/js.err" "$S/js.json" | head -8
ok $st "javascript beside the hog, same --worker and box root: AC"
[ -n "$JSLOT" ] && [ "$JSLOT" != "$HSLOT" ]; ok $? "the second run took another slot ($JSLOT, not $HSLOT): distinct uids"
grep -q 'the --worker slot is busy' "$S/js.err"; ok $? "the second run says its --worker slot was busy"
kill -0 "$HOG" 2>/dev/null && [ "$(pgrep -c -u "$HUID")" -ge 60 ]
ok $? "the hog was still running (with its processes) when the other run ended"
[ -d "$BOXROOT/$HOG.$HSLOT" ]; ok $? "the second run's start left the live hog's box $HOG.$HSLOT alone"
[ -d "$BOXROOT/$HOG.root" ]; ok $? "the second run's start left the live hog's template root alone"
cg=0
for c in /sys/fs/cgroup/pids/interview-judge /sys/fs/cgroup/memory/interview-judge /sys/fs/cgroup/interview-judge; do
    [ -d "$c" ] || continue
    for g in "$c/$HOG"-*; do [ -d "$g" ] && cg=$((cg + 1)); done
done
[ $cg -gt 0 ]; ok $? "the second run's start left the live hog's cgroups alone ($cg found)"
wait "$HOG"; rc=$?
[ $rc -eq 0 ] && [ "$(verdict "$S/hog.json")" = AC ]; ok $? "the hog's own submission still got its verdict (AC)"
flock -n "$LOCKS/slot-$HSLOT.lock" true; ok $? "slot $HSLOT is free again once the hog ended"
i=0; while pgrep -u "$HUID" >/dev/null 2>&1 && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
! pgrep -u "$HUID" >/dev/null 2>&1; ok $? "no process of uid $HUID left"

# --- two runs started at once with default options ----------------------------------
"$RUN" --language c --source "$S/slow.c" --tests "$S/t1" > "$S/a.json" 2> "$S/a.err" &
A=$!
"$RUN" --language c --source "$S/slow.c" --tests "$S/t1" > "$S/b.json" 2> "$S/b.err" &
B=$!
wait "$A"; ra=$?
wait "$B"; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ] && [ "$(verdict "$S/a.json")" = AC ] && [ "$(verdict "$S/b.json")" = AC ]
st=$?; [ $st -ne 0 ] && sed 's/^/# /' "$S/a.err" "$S/b.err" | grep -v 'sandbox: namespaces' | head -8
ok $st "two runs at once, default options, default box root: both AC"
SA=$(slot_of "$S/a.err"); SB=$(slot_of "$S/b.err")
[ -n "$SA" ] && [ -n "$SB" ] && [ "$SA" != "$SB" ]; ok $? "two runs at once: distinct slots ($SA, $SB)"

# --- a dead judge's leftovers are removed by the next start --------------------------
sh -c 'exit 0' & DEAD=$!; wait "$DEAD"
mkdir -p "$BOXROOT/$DEAD.5/sub" "$BOXROOT/$DEAD.root" && : > "$BOXROOT/$DEAD.sandbox-init"
"$RUN" --language c --source "$S/slow.c" --tests "$S/t1" --box-root "$BOXROOT" > "$S/c.json" 2> "$S/c.err"
[ "$(verdict "$S/c.json")" = AC ] && [ ! -e "$BOXROOT/$DEAD.5" ] && [ ! -e "$BOXROOT/$DEAD.root" ] &&
    [ ! -e "$BOXROOT/$DEAD.sandbox-init" ]
ok $? "a dead judge's box, template root and sandbox-init file are removed by the next start"
[ -z "$(ls -A "$BOXROOT")" ]; ok $? "every run removed its own box and template root ($(ls -A "$BOXROOT" | tr '\n' ' '))"

echo "1..$n"
[ $failed -eq 0 ]
