# test/judge/faults.t: the real daemon under faults. A judge that may not
# SET ROLE refuses to run; three judges on 300 queued submissions judge each
# exactly once; a judge SIGKILLed mid-submission loses it to another after
# the lease ends; PostgreSQL restarts while judging; the listener's backend
# is terminated; SIGTERM finishes the held submission and exits 0.
# Run by run.sh through prove (bash).
set -u
SUITE_TAG=f$$
. "$(dirname "$0")/lib.sh"
NOROLE=judge_norole_$SUITE_TAG
trap 'cleanup; psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$NOROLE\";" >/dev/null 2>&1' EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

ECHO=$(make_problem "Echo $SUITE_TAG" 2000 $'hello\n|hello\n')
SUM=$(make_problem "Sum $SUITE_TAG" 1000 $'1 2\n|3\n' $'10 20\n|30\n' $'100 -5\n|95\n')
BULK_CO=$(make_company "Bulk $SUITE_TAG" "$ECHO")
SLOW_CO=$(make_company "Slow $SUITE_TAG" "$SUM")
BULK_TASK=$(make_candidate "bulk_$SUITE_TAG" "$BULK_CO")
SLOW_TASK=$(make_candidate "slow_$SUITE_TAG" "$SLOW_CO")
BULK_ACCT=$(sql "SELECT id FROM interview.account WHERE username = 'bulk_$SUITE_TAG'")
[ -n "$BULK_TASK" ] && [ -n "$SLOW_TASK" ] && [ -n "$BULK_ACCT" ] ||
    { echo "Bail out! cannot create problems and candidates"; exit 1; }

ECHO_PY='print(input())'
# 3 test cases of 1.5 s wall each (sleeping, within the 3 s wall limit): ~4.5 s of judging
SLOW_PY='import time
time.sleep(1.5)
a, b = map(int, input().split())
print(a + b)'

# queue_bulk N: N echo submissions inserted directly (as the table owner), then NOTIFY.
queue_bulk() {
    sql "BEGIN;
         INSERT INTO interview.submission (task_id, account_id, language, code)
             SELECT $BULK_TASK, $BULK_ACCT, 'python3', :'code' FROM generate_series(1, $1);
         NOTIFY interview_judge;
         COMMIT;" -v code="$ECHO_PY"
}

# --- options and refusal ------------------------------------------------------
"$JUDGE_BIN" --help | grep -q -- '--workers'
ok $? "--help describes --workers"
"$JUDGE_BIN" --version | grep -q '^interview-judge '
ok $? "--version prints the version"
"$JUDGE_BIN" --workers 0 >/dev/null 2>&1
[ $? -eq 2 ]; ok $? "--workers 0 is rejected"

sql "CREATE ROLE \"$NOROLE\" LOGIN PASSWORD 'norole1';" >/dev/null
timeout 20 "$JUDGE_BIN" --db "host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$DB user=$NOROLE password=norole1" \
    --workers 1 2>"$OUT/norole.log"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ]; then pass "a login role outside interview_judge: the judge refuses to run (status $rc)"; else
    fail "a login role outside interview_judge: the judge refuses to run" "status $rc; $(cat "$OUT/norole.log")"; fi
grep -q 'SET ROLE interview_judge' "$OUT/norole.log"
ok $? "the refusal names SET ROLE"

# --- three judges, 300 submissions, each judged exactly once -----------------------
start_judge a --workers 2 --first-worker $((SLOT + 0))
start_judge b --workers 2 --first-worker $((SLOT + 2))
start_judge c --workers 2 --first-worker $((SLOT + 4))
sleep 0.3
queue_bulk 300
if wait_sql "SELECT count(*) = 300 FROM interview.submission WHERE task_id = $BULK_TASK AND status = 'judged'" 300; then
    pass "three judges: all 300 submissions judged"
else
    fail "three judges: all 300 submissions judged" "$(sql "SELECT status, count(*) FROM interview.submission WHERE task_id = $BULK_TASK GROUP BY 1")"
fi
is "$(sql "SELECT count(*) FROM interview.submission WHERE task_id = $BULK_TASK AND verdict = 'AC'")" 300 \
    "three judges: every verdict AC"
# judged exactly once: one reported verdict per submission over the three logs;
# a claim beyond the first only after a logged release (a counted sandbox
# failure, e.g. when the machine runs out of processes for a box uid)
cat "$OUT"/[abc].log | sed -n 's/.* verdict submission=\([0-9]*\) verdict=.*/\1/p' | sort -n >"$OUT/bulk-verdicts"
is "$(wc -l <"$OUT/bulk-verdicts" | tr -d ' ')/$(sort -u "$OUT/bulk-verdicts" | wc -l | tr -d ' ')" "300/300" \
    "three judges: every submission judged exactly once (300 verdicts reported, 300 distinct)"
releases=$(cat "$OUT"/[abc].log | grep -c ' release submission=')
is "$(sql "SELECT sum(attempts) - count(*) FROM interview.submission WHERE task_id = $BULK_TASK")" "$releases" \
    "three judges: every extra claim follows a logged release"
[ "$releases" -gt 0 ] && diag "$releases sandbox failures released and judged again"
is "$(sql "SELECT count(*) || '/' || count(DISTINCT submission_id) FROM interview.test_result r JOIN interview.submission s ON s.id = r.submission_id WHERE s.task_id = $BULK_TASK")" \
    "300/300" "three judges: one test_result row per submission"
is "$(sql "SELECT count(DISTINCT split_part(judge_info->>'worker', '/', 1)) FROM interview.submission WHERE task_id = $BULK_TASK")" \
    3 "three judges: each judge process judged some"
for j in a b c; do
    n=$(grep -c 'verdict submission=' "$OUT/$j.log")
    diag "judge $j logged $n verdicts"
done
for j in b c; do
    stop_judge $j TERM 30; is "$STOPPED" 0 "judge $j: SIGTERM exits 0"
done

# --- SIGKILL mid-submission: another judge finishes it after the lease ends --------
stop_judge a TERM 30; is "$STOPPED" 0 "judge a: SIGTERM exits 0"
start_judge k --workers 1 --lease 3 --first-worker "$SLOT"
sid=$(submit "slow_$SUITE_TAG" "$SLOW_TASK" python3 "$SLOW_PY")
judging_by k "$sid"
ok $? "SIGKILL: the first judge is judging the slow submission" "$(tail -5 "$OUT/k.log")"
sleep 1
kill -KILL "${JPID[k]}"; wait "${JPID[k]}" 2>/dev/null; unset "JPID[k]"
is "$(sql "SELECT status FROM interview.submission WHERE id = $sid")" judging \
    "SIGKILL: the submission is still judging (leased) right after the kill"
start_judge l --workers 1 --lease 3 --first-worker $((SLOT + 2))
if wait_sql "SELECT status = 'judged' FROM interview.submission WHERE id = $sid" 60; then
    pass "SIGKILL: another judge finished the submission"
else
    fail "SIGKILL: another judge finished the submission" "$(tail -5 "$OUT/l.log")"
fi
is "$(sql "SELECT verdict || ' attempts=' || attempts || ' ' || (worker LIKE '%:${JPID[l]}/%') FROM interview.submission WHERE id = $sid")" \
    "AC attempts=2 true" "SIGKILL: judged AC on the second attempt by the second judge"
is "$(sql "SELECT count(*) FROM interview.test_result WHERE submission_id = $sid")" 3 \
    "SIGKILL: exactly one set of test_result rows"
stop_judge l TERM 30; is "$STOPPED" 0 "judge l: SIGTERM exits 0"

# --- PostgreSQL restarts while judging -------------------------------------------------
start_judge r --workers 2 --lease 10 --first-worker $((SLOT + 4))
sleep 0.3
before=$(sql "SELECT count(*) FROM interview.submission WHERE task_id = $BULK_TASK")
queue_bulk 60
wait_sql "SELECT count(*) >= $before + 5 FROM interview.submission WHERE task_id = $BULK_TASK AND status = 'judged'" 60
left=$(sql "SELECT count(*) FROM interview.submission WHERE task_id = $BULK_TASK AND status <> 'judged'")
diag "restarting PostgreSQL with $left submissions not yet judged"
# stop, then start: `restart` decides from /var/run/postgresql/15-regress.pid,
# which every concurrent throw-away cluster named regress overwrites
{ pg_ctlcluster "${PGVERSION:-15}" regress stop && pg_ctlcluster "${PGVERSION:-15}" regress start; } >"$OUT/restart.log" 2>&1
ok $? "PostgreSQL restarted" "$(cat "$OUT/restart.log")"
if wait_sql "SELECT count(*) = 0 FROM interview.submission WHERE task_id = $BULK_TASK AND status <> 'judged'" 120; then
    pass "restart: the judge reconnected and finished everything"
else
    fail "restart: the judge reconnected and finished everything" "$(sql "SELECT status, count(*) FROM interview.submission WHERE task_id = $BULK_TASK GROUP BY 1")
$(tail -10 "$OUT/r.log")"
fi
is "$(sql "SELECT count(*) FROM interview.submission WHERE task_id = $BULK_TASK AND verdict <> 'AC'")" 0 \
    "restart: every verdict AC (none IE)"
is "$(sql "SELECT count(*) FROM interview.submission s WHERE task_id = $BULK_TASK AND (SELECT count(*) FROM interview.test_result r WHERE r.submission_id = s.id) <> 1")" 0 \
    "restart: one test_result row per submission"
if judge_alive r; then pass "restart: the judge process is still running"; else fail "restart: the judge process is still running"; fi
grep -q 'reconnected' "$OUT/r.log"
ok $? "restart: the judge logged its reconnect"

# --- pg_terminate_backend on the listener ---------------------------------------------
old=$(sql "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'interview-judge/listener'")
is "$(sql "SELECT pg_terminate_backend($old)")" t "terminate: the listener's backend is terminated"
if wait_sql "SELECT count(*) = 1 FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'interview-judge/listener' AND pid <> 0$old" 30; then
    pass "terminate: a new listener connection is open"
else
    fail "terminate: a new listener connection is open" "$(tail -5 "$OUT/r.log")"
fi
sid=$(submit "slow_$SUITE_TAG" "$SLOW_TASK" python3 "$(printf 'a, b = map(int, input().split())\nprint(a + b)')")
if wait_sql "SELECT verdict = 'AC' FROM interview.submission WHERE id = $sid" 30; then
    pass "terminate: a new submission is judged"
else
    fail "terminate: a new submission is judged" "$(tail -5 "$OUT/r.log")"
fi
grep -q 'listener error' "$OUT/r.log"
ok $? "terminate: the judge logged the lost listener"

# --- SIGTERM while judging: finish it, exit 0 -------------------------------------------
sid=$(submit "slow_$SUITE_TAG" "$SLOW_TASK" python3 "$SLOW_PY")
wait_sql "SELECT status = 'judging' FROM interview.submission WHERE id = $sid" 30
ok $? "SIGTERM: the slow submission is being judged"
stop_judge r TERM 60; is "$STOPPED" 0 "SIGTERM while judging: exit status 0"
is "$(sql "SELECT status || ' ' || coalesce(verdict, '-') FROM interview.submission WHERE id = $sid")" "judged AC" \
    "SIGTERM: the held submission was finished before exiting"
is "$(sql "SELECT count(*) FROM interview.submission WHERE status = 'judging'")" 0 "SIGTERM: nothing left judging"
is "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND application_name LIKE 'interview-judge/%'")" 0 \
    "SIGTERM: the judge closed its connections"

# --- a second SIGTERM abandons the held submission: released, not counted -------------
start_judge s --workers 1 --lease 10 --first-worker $((SLOT + 6))
sid=$(submit "slow_$SUITE_TAG" "$SLOW_TASK" python3 "$SLOW_PY")
judging_by s "$sid"
ok $? "second SIGTERM: the slow submission is being judged"
kill -TERM "${JPID[s]}"; sleep 0.3
stop_judge s TERM 30; is "$STOPPED" 0 "second SIGTERM: exit status 0"
is "$(sql "SELECT status || ' attempts=' || attempts || ' failures=' || failures FROM interview.submission WHERE id = $sid")" \
    "queued attempts=1 failures=0" "second SIGTERM: the submission went back to the queue, the release not counted"
grep -q 'release submission='"$sid"' failed=false reason=shutdown' "$OUT/s.log"
ok $? "second SIGTERM: the judge logged the release"

done_testing
