# test/judge/runs.t: the real daemon runs code on the candidate's own input
# (OK with stdout and stderr, CE, RE, TLE, stdout cut at 64 KiB with a
# marker), claims runs before waiting submissions, rescues a run whose
# judge was killed (lease, fencing), and claims submissions in fair order
# across accounts. Run by run.sh through prove (bash).
set -u
SUITE_TAG=r$$
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

ECHO=$(make_problem "Echo $SUITE_TAG" 1000 $'x\n|x\n')
CO=$(make_company "Echo $SUITE_TAG" "$ECHO")
[ -n "$ECHO" ] && [ -n "$CO" ] || { echo "Bail out! cannot create the problem"; exit 1; }
declare -A T
for c in a b c d e; do
    T[$c]=$(make_candidate "cand_${c}_$SUITE_TAG" "$CO") || { echo "Bail out! candidate $c"; exit 1; }
done

# run CANDIDATE LANGUAGE CODE INPUT: run_code through the API; prints the run id.
run() {
    as_account "cand_$1_$SUITE_TAG" candpass1 "SELECT interview.run_code(:t, :'l', :'c', :'i');" \
        -v t="${T[$1]}" -v l="$2" -v c="$3" -v i="$4"
}

# outcome RUN [SECONDS]: waits until judged; prints "verdict".
outcome() {
    wait_sql "SELECT status = 'judged' FROM interview.run WHERE id = $1" "${2:-60}" || { echo timeout; return; }
    sql "SELECT verdict FROM interview.run WHERE id = $1"
}

start_judge main --workers 1 --lease 10 --first-worker "$SLOT"
sleep 0.3
judge_alive main && pass "judge starts" || fail "judge starts" "$(cat "$OUT/main.log")"

r=$(run a python3 'import sys
s = sys.stdin.read()
print(s.upper(), end="")
print("to stderr", file=sys.stderr)' $'hello\nworld\n')
is "$(outcome "$r")" OK "a run ends OK"
is "$(sql "SELECT stdout FROM interview.run WHERE id = $r")" $'HELLO\nWORLD' "with its stdout"
is "$(sql "SELECT stderr FROM interview.run WHERE id = $r")" "to stderr" "and its stderr, apart"
is "$(sql "SELECT (time_ms >= 0 AND memory_kb > 0 AND judged_at IS NOT NULL)::text FROM interview.run WHERE id = $r")" \
    true "with time, memory and judged_at"
is "$(sql "SELECT count(*) FROM interview.submission")" 0 "a run is not a submission"

r=$(run a c 'int main(void) { return x; }' '')
is "$(outcome "$r")" CE "a compile error: CE"
case "$(sql "SELECT compile_output FROM interview.run WHERE id = $r")" in
    *error*) pass "with the compiler's messages" ;;
    *) fail "with the compiler's messages" "$(sql "SELECT compile_output FROM interview.run WHERE id = $r")" ;;
esac
r=$(run a python3 'import sys; print("partial"); sys.exit(3)' '')
is "$(outcome "$r")" RE "a non-zero exit: RE"
is "$(sql "SELECT stdout FROM interview.run WHERE id = $r")" partial "with what it printed before"
r=$(run a python3 'while True: pass' '')
is "$(outcome "$r")" TLE "an endless loop: TLE (the problem's time limit)"
r=$(run a python3 'import sys; sys.stdout.write("y" * 100000)' '')
is "$(outcome "$r")" OK "100 KB of output: OK"
is "$(sql "SELECT length(stdout) || ' ' || (stdout LIKE '%[cut at 64 KiB]%') FROM interview.run WHERE id = $r")" \
    "65553 true" "stdout is cut at 64 KiB with a marker"
r=$(run a cpp '#include <iostream>
int main() { long a, b; std::cin >> a >> b; std::cout << a * b << std::endl; }' '6 7')
is "$(outcome "$r" 90)" OK "a C++ run"
is "$(sql "SELECT stdout FROM interview.run WHERE id = $r")" 42 "computes on the given input"

# --- runs before submissions; fair order across accounts --------------------------
# With no judge running, b queues three submissions, then c one, then d a run.
# Two workers start together: the run is claimed first, then b's oldest; the
# other worker takes c's (b already has one being judged), then b's others.
stop_judge main TERM 30
SLOWPY='import time
t = time.time()
while time.time() - t < 1.0: pass
print(input())'
sb1=$(submit "cand_b_$SUITE_TAG" "${T[b]}" python3 "$SLOWPY")
sb2=$(submit "cand_b_$SUITE_TAG" "${T[b]}" python3 "$SLOWPY")
sb3=$(submit "cand_b_$SUITE_TAG" "${T[b]}" python3 "$SLOWPY")
sc1=$(submit "cand_c_$SUITE_TAG" "${T[c]}" python3 "$SLOWPY")
rd=$(run d python3 'print(input())' 'run first')
start_judge fair --workers 2 --lease 10 --first-worker "$SLOT"
wait_sql "SELECT count(*) = 4 FROM interview.submission WHERE status = 'judged'" 120
order=$(sed -n 's/.* claim \(run\|submission\)=\([0-9]*\) .*/\1 \2/p' "$OUT/fair.log" |
    sed "s/^run $rd\$/run/; s/^submission $sb1\$/b1/; s/^submission $sb2\$/b2/; s/^submission $sb3\$/b3/; s/^submission $sc1\$/c1/" |
    tr '\n' ' ' | sed 's/ $//')
is "$order" "run b1 c1 b2 b3" "claims: the run before older submissions; c's before b's second (b has one being judged)"
is "$(sql "SELECT verdict FROM interview.run WHERE id = $rd")" OK "the run is judged"

# --- crash rescue: a judge killed mid-run; another finishes it after the lease ----------
stop_judge fair TERM 30
start_judge k --workers 1 --lease 3 --first-worker "$SLOT"
r=$(run e python3 'import time
t = time.time()
while time.time() - t < 0.8: pass
print("done")' '')
wait_sql "SELECT status = 'judging' AND worker LIKE '%:${JPID[k]}/%' FROM interview.run WHERE id = $r" 30
ok $? "kill: the first judge holds the run"
kill -KILL "${JPID[k]}"; wait "${JPID[k]}" 2>/dev/null; unset "JPID[k]"
is "$(sql "SELECT status FROM interview.run WHERE id = $r")" judging "kill: the run is still leased"
start_judge l --workers 1 --lease 3 --first-worker $((SLOT + 2))
is "$(outcome "$r" 60)" OK "kill: another judge finished the run after the lease ended"
is "$(sql "SELECT attempts || ' ' || failures || ' ' || (worker LIKE '%:${JPID[l]}/%') FROM interview.run WHERE id = $r")" \
    "2 1 true" "on the second attempt, the lost lease counted as a failure"
is "$(sql "SELECT stdout FROM interview.run WHERE id = $r")" done "with one outcome"
stop_judge l TERM 30; is "$STOPPED" 0 "SIGTERM exits 0"

done_testing
