# test/judge/slots.t: judge processes side by side on one host with default
# options (no --first-worker). Two judges started at once take distinct
# sandbox slots and uids and judge a backlog together; a judge started while
# another judges keeps its hands off the first one's box (its in-flight
# submission still gets its verdict). Run by run.sh through prove (bash).
set -u
SUITE_TAG=s$$
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
BOXES=/var/lib/interview-judge

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }
ECHO=$(make_problem "Echo $SUITE_TAG" 2000 $'hello\n|hello\n')
SUM=$(make_problem "Sum $SUITE_TAG" 1000 $'1 2\n|3\n' $'10 20\n|30\n' $'100 -5\n|95\n')
TASK=$(make_candidate "echo_$SUITE_TAG" "$(make_company "Echo $SUITE_TAG" "$ECHO")")
SLOW_TASK=$(make_candidate "slow_$SUITE_TAG" "$(make_company "Slow $SUITE_TAG" "$SUM")")
ACCT=$(sql "SELECT id FROM interview.account WHERE username = 'echo_$SUITE_TAG'")
[ -n "$TASK" ] && [ -n "$SLOW_TASK" ] && [ -n "$ACCT" ] || { echo "Bail out! cannot create problems and candidates"; exit 1; }
SLOW_PY='import time
time.sleep(6)
a, b = map(int, input().split())
print(a + b)'

# uids NAME...: the sandbox uids the judges' logs name, one a line.
uids() { local j; for j in "$@"; do sed -n 's/.* sandbox slot=[0-9]* uid=\([0-9]*\).*/\1/p' "$OUT/$j.log"; done; }

# wait_log NAME PATTERN SECONDS: polls the judge's log for PATTERN.
wait_log() {
    local i=0
    while ! grep -q "$2" "$OUT/$1.log" 2>/dev/null && [ $i -lt $(( $3 * 10 )) ]; do sleep 0.1; i=$((i + 1)); done
    grep -q "$2" "$OUT/$1.log" 2>/dev/null
}

# --- two judges started at once, default options -----------------------------------
start_judge p --workers 2
start_judge q --workers 2
wait_log p 'w1 sandbox slot=' 10 && wait_log q 'w1 sandbox slot=' 10
ok $? "two judges at once: each logs the slot and uid of its workers"
is "$(uids p q | sort -u | wc -l | tr -d ' ')/$(uids p q | wc -l | tr -d ' ')" "4/4" \
    "two judges at once: their four workers got four distinct uids ($(uids p q | tr '\n' ' '))"
sleep 0.3
sql "BEGIN;
     INSERT INTO interview.submission (task_id, account_id, language, code)
         SELECT $TASK, $ACCT, CASE WHEN g % 2 = 0 THEN 'python3' ELSE 'c' END,
                CASE WHEN g % 2 = 0 THEN 'print(input())'
                     ELSE E'#include <stdio.h>\nint main(void){char b[64];if(fgets(b,64,stdin))fputs(b,stdout);return 0;}' END
         FROM generate_series(1, 24) g;
     NOTIFY interview_judge;
     COMMIT;"
if wait_sql "SELECT count(*) = 24 FROM interview.submission WHERE task_id = $TASK AND status = 'judged'" 120; then
    pass "two judges at once: 24 submissions judged"
else
    fail "two judges at once: 24 submissions judged" "$(tail -5 "$OUT/p.log" "$OUT/q.log")"
fi
is "$(sql "SELECT count(*) FILTER (WHERE verdict = 'AC') || '/' || count(*) FROM interview.submission WHERE task_id = $TASK")" \
    "24/24" "two judges at once: every verdict AC (no IE from a shared uid, root or box)"
is "$(sql "SELECT count(DISTINCT split_part(worker, '/', 1)) FROM interview.submission WHERE task_id = $TASK")" 2 \
    "two judges at once: both judged some"
! grep -q 'error' "$OUT/p.log" "$OUT/q.log"
ok $? "two judges at once: no error logged" "$(grep -h error "$OUT/p.log" "$OUT/q.log" | head -3)"
stop_judge q TERM 30; is "$STOPPED" 0 "judge q: SIGTERM exits 0"

# --- a judge starting while another judges leaves the other's box alone --------------
sid=$(submit "slow_$SUITE_TAG" "$SLOW_TASK" python3 "$SLOW_PY")
judging_by p "$sid"
ok $? "second start: judge p is judging the slow submission" "$(tail -5 "$OUT/p.log")"
sleep 0.5
start_judge p2 --workers 2
wait_log p2 'w1 sandbox slot=' 10
ok $? "second start: judge p2 started"
ls "$BOXES" | grep -q "^${JPID[p]}\.[0-9]*\$"
ok $? "second start: judge p's box in $BOXES is still there after p2's start"
is "$(uids p p2 | sort -u | wc -l | tr -d ' ')" 4 "second start: p2's workers got uids other than p's ($(uids p p2 | tr '\n' ' '))"
if wait_sql "SELECT status = 'judged' FROM interview.submission WHERE id = $sid" 30; then
    pass "second start: the in-flight submission was judged"
else
    fail "second start: the in-flight submission was judged" "$(tail -5 "$OUT/p.log")"
fi
is "$(sql "SELECT verdict || ' attempts=' || attempts || ' ' || (worker LIKE '%:${JPID[p]}/%') FROM interview.submission WHERE id = $sid")" \
    "AC attempts=1 true" "second start: judge p finished it AC on its first attempt"
stop_judge p2 TERM 30; is "$STOPPED" 0 "judge p2: SIGTERM exits 0"
ppid=${JPID[p]}
stop_judge p TERM 30; is "$STOPPED" 0 "judge p: SIGTERM exits 0"
! ls "$BOXES" | grep -q "^$ppid\."
ok $? "judge p left nothing of its own in $BOXES (boxes, template root)"

done_testing
