# test/judge/checkers.t: the real daemon applies every checker (exact,
# tokens, float:EPS, unordered, custom in cpp and in python3, a custom
# checker that fails to compile or crashes -> IE), runs and reports every
# test with passed/total unless the problem stops at the first failure, and
# keeps hidden tests' details from their candidate. Run by run.sh (bash).
set -u
SUITE_TAG=k$$
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

# problem NAME "IN|OUT" ...: a problem (first test a sample) in its own company;
# prints "problem_id company_id".
problem() {
    local name=$1 pid cid; shift
    pid=$(make_problem "$name $SUITE_TAG" 2000 "$@") || return 1
    sql "UPDATE interview.test_case SET is_sample = (ordinal = 1) WHERE problem_id = $pid;" || return 1
    cid=$(make_company "$name $SUITE_TAG" "$pid") || return 1
    echo "$pid $cid"
}

# checker PROBLEM KIND [CODE LANGUAGE]: set_checker as staff.
checker() {
    if [ $# -eq 2 ]; then
        staff "SELECT interview.set_checker(:p, :'k');" -v p="$1" -v k="$2" >/dev/null
    else
        staff "SELECT interview.set_checker(:p, :'k', :'c', :'l');" -v p="$1" -v k="$2" \
            -v c="$3" -v l="$4" >/dev/null
    fi
}

# verdict SID: waits for the judgement; prints "verdict failed_at passed total".
verdict() {
    wait_sql "SELECT status = 'judged' FROM interview.submission WHERE id = $1" 90 || { echo timeout; return; }
    sql "SELECT concat_ws(' ', verdict, coalesce(failed_at, 0), passed, total) FROM interview.submission WHERE id = $1"
}

# results SID: the test results "ordinal:verdict" in order.
results() {
    sql "SELECT string_agg(ordinal || ':' || verdict, ' ' ORDER BY ordinal) FROM interview.test_result WHERE submission_id = $1"
}

declare -A P C T S
read -r P[all] C[all] <<<"$(problem All $'1\n|1\n' $'2\n|2\n' $'3\n|3\n')"
read -r P[stop] C[stop] <<<"$(problem Stop $'1\n|1\n' $'2\n|2\n' $'3\n|3\n')"
read -r P[tokens] C[tokens] <<<"$(problem Tokens $'x\n|1 2\n3\n')"
read -r P[float] C[float] <<<"$(problem Float $'x\n|0.333333 1e9\n')"
read -r P[unordered] C[unordered] <<<"$(problem Unordered $'x\n|a\nb\nc\n')"
read -r P[cpp] C[cpp] <<<"$(problem Cpp $'3 4\n|7\n' $'10 20\n|30\n')"
read -r P[py] C[py] <<<"$(problem Py $'3 4\n|7\n' $'10 20\n|30\n')"
read -r P[bad] C[bad] <<<"$(problem Bad $'1\n|1\n')"
read -r P[crash] C[crash] <<<"$(problem Crash $'1\n|1\n')"
read -r P[leak] C[leak] <<<"$(problem Leak $'1\n|1\n' $'37\n|x\n' $'91\n|x\n')"
for k in "${!P[@]}"; do
    [ -n "${P[$k]}" ] && [ -n "${C[$k]}" ] || { echo "Bail out! cannot create problem $k"; exit 1; }
done
staff "SELECT interview.set_stop_at_first_failure(:p, true);" -v p="${P[stop]}" >/dev/null

checker "${P[tokens]}" tokens
checker "${P[float]}" float:1e-3
checker "${P[unordered]}" unordered
# the custom checkers accept any output whose number is the sum of the input's
checker "${P[cpp]}" custom '#include <fstream>
#include <iostream>
int main() {
    std::ifstream in("input"), out("output"), exp("expected");
    long a, b, got, want;
    if (!(in >> a >> b) || !(exp >> want)) { std::cout << "bad test files\n"; return 2; }
    if (!(out >> got)) { std::cout << "no number in the output\n"; return 1; }
    if (got != a + b || got != want) { std::cout << "got " << got << ", wanted " << want << "\n"; return 1; }
    std::cout << "sum ok\n";
    return 0;
}' cpp
checker "${P[py]}" custom 'a, b = map(int, open("input").read().split())
out = open("output").read().split()
if out and out[0].lstrip("-").isdigit() and int(out[0]) == a + b:
    print("py sum ok")
    raise SystemExit(0)
print("py wanted", a + b)
raise SystemExit(1)' python3
checker "${P[bad]}" custom 'int main( { this is not C++' cpp
checker "${P[crash]}" custom 'raise SystemExit(7)' python3

for k in "${!C[@]}"; do
    T[$k]=$(make_candidate "cand_${k}_$SUITE_TAG" "${C[$k]}")
done
for k in cpp py; do
    T[${k}2]=$(make_candidate "cand_${k}2_$SUITE_TAG" "${C[$k]}")
done

start_judge main --workers 2 --lease 10 --first-worker "$SLOT"
sleep 0.3
judge_alive main && pass "judge starts" || fail "judge starts" "$(cat "$OUT/main.log")"

# Echoes its input except on "2": there it prints 5 (test 2 fails).
FAIL2='s = input().strip()
print(5 if s == "2" else s)'
S[all]=$(submit "cand_all_$SUITE_TAG" "${T[all]}" python3 "$FAIL2")
S[stop]=$(submit "cand_stop_$SUITE_TAG" "${T[stop]}" python3 "$FAIL2")
S[tokens]=$(submit "cand_tokens_$SUITE_TAG" "${T[tokens]}" python3 'print("  1\t2   3  ")')
S[float]=$(submit "cand_float_$SUITE_TAG" "${T[float]}" python3 'print("0.3335", 1000000500)')
S[unordered]=$(submit "cand_unordered_$SUITE_TAG" "${T[unordered]}" python3 'print("c\nA\nb".replace("A", "a"))')
S[cpp]=$(submit "cand_cpp_$SUITE_TAG" "${T[cpp]}" python3 'a, b = map(int, input().split())
print(a + b, "extra words the checker ignores")')
S[py]=$(submit "cand_py_$SUITE_TAG" "${T[py]}" python3 'a, b = map(int, input().split())
print(a + b)')
S[cpp2]=$(submit "cand_cpp2_$SUITE_TAG" "${T[cpp2]}" python3 'print(7)')
S[py2]=$(submit "cand_py2_$SUITE_TAG" "${T[py2]}" python3 'print(7)')
S[bad]=$(submit "cand_bad_$SUITE_TAG" "${T[bad]}" python3 'print(1)')
S[crash]=$(submit "cand_crash_$SUITE_TAG" "${T[crash]}" python3 'print(1)')
# Spells its input out in its exit code, memory and CPU time.
S[leak]=$(submit "cand_leak_$SUITE_TAG" "${T[leak]}" python3 'import sys, time
n = int(input())
buf = bytearray(n * 1024 * 1024)
t = time.process_time()
while time.process_time() - t < n / 500: pass
sys.exit(n)')

is "$(verdict "${S[all]}")" "WA 2 2 3" "every test runs: WA at test 2, 2 of 3 passed"
is "$(results "${S[all]}")" "1:AC 2:WA 3:AC" "and every test has a result"
is "$(verdict "${S[stop]}")" "WA 2 1 3" "stop_at_first_failure: WA at test 2, 1 of 3 passed"
is "$(results "${S[stop]}")" "1:AC 2:WA" "and no test after the failure ran"
is "$(verdict "${S[tokens]}")" "AC 0 1 1" "tokens: other whitespace is accepted"
is "$(verdict "${S[float]}")" "AC 0 1 1" "float:1e-3: numbers within the tolerance (absolute or relative) are accepted"
is "$(verdict "${S[unordered]}")" "AC 0 1 1" "unordered: the same lines in another order are accepted"
is "$(verdict "${S[cpp]}")" "AC 0 2 2" "custom checker in cpp accepts a right answer the exact checker would not"
is "$(sql "SELECT checker_message FROM interview.test_result WHERE submission_id = ${S[cpp]} AND ordinal = 2")" \
    "sum ok" "its first line of stdout is kept as the test's checker message"
is "$(verdict "${S[py]}")" "AC 0 2 2" "custom checker in python3 accepts a right answer"
is "$(verdict "${S[cpp2]}")" "WA 2 1 2" "the cpp checker rejects a wrong one (exit 1: WA)"
is "$(sql "SELECT checker_message FROM interview.test_result WHERE submission_id = ${S[cpp2]} AND ordinal = 2")" \
    "got 7, wanted 30" "with its message"
is "$(verdict "${S[py2]}")" "WA 2 1 2" "the python3 checker rejects a wrong one"
is "$(verdict "${S[bad]}")" "IE 1 0 1" "a checker that fails to compile gives IE, never AC"
case "$(sql "SELECT checker_message FROM interview.test_result WHERE submission_id = ${S[bad]}")" in
    "checker compile error:"*) pass "staff see that the checker did not compile" ;;
    *) fail "staff see that the checker did not compile" "$(sql "SELECT checker_message FROM interview.test_result WHERE submission_id = ${S[bad]}")" ;;
esac
is "$(verdict "${S[crash]}")" "IE 1 0 1" "a checker that exits with 7 gives IE"

# The compiled cpp checker is cached: a second submission does not compile it again.
n_before=$(ls -d /var/lib/interview-judge/checkers/"${P[cpp]}"-* 2>/dev/null | wc -l)
is "$n_before" 1 "the compiled checker is cached once under the problem id and its hash"
checker "${P[cpp]}" custom '#include <cstdlib>
int main() { return 0; }' cpp
T[cpp3]=$(make_candidate "cand_cpp3_$SUITE_TAG" "${C[cpp]}")
S[cpp3]=$(submit "cand_cpp3_$SUITE_TAG" "${T[cpp3]}" python3 'print(0)')
is "$(verdict "${S[cpp3]}")" "AC 0 2 2" "a changed checker is compiled again (it accepts anything)"
is "$(ls -d /var/lib/interview-judge/checkers/"${P[cpp]}"-* 2>/dev/null | wc -l)" 2 "under a new hash"

# What the candidate sees of the hidden test through the proxy role.
seen=$(printf '%s\n' 'SET ROLE interview_proxy;' 'BEGIN;' "SELECT interview.authenticate(:'tok');" \
    "SELECT string_agg(concat_ws(',', ordinal, is_sample, rtrim(actual_output, E'\\n'), coalesce(detail, '-'), checker_message), ' ' ORDER BY ordinal) FROM interview.visible_test_result WHERE submission_id = ${S[cpp2]};" |
    psql -X -q -At -d "$DB" -v tok="$(sql "SELECT interview.login('cand_cpp2_$SUITE_TAG', 'candpass1')")" | tail -1)
is "$seen" "1,t,7,- 2,f,-" "the candidate sees the sample's output; of the hidden test neither output nor checker message"

# The encoding attack: the hidden inputs (37, 91) are in the stored figures, not in what
# the candidate reads.
is "$(verdict "${S[leak]}")" "RE 1 0 3" "the leaking program: RE on every test"
is "$(sql "SELECT string_agg(detail, ',' ORDER BY ordinal) FROM interview.test_result WHERE submission_id = ${S[leak]}")" \
    "exit 1,exit 37,exit 91" "the exit codes are stored (staff see them)"
leak_tok=$(sql "SELECT interview.login('cand_leak_$SUITE_TAG', 'candpass1')")
as_proxy() {
    printf '%s\n' 'SET ROLE interview_proxy;' 'BEGIN;' "SELECT interview.authenticate(:'tok');" "$1" |
        psql -X -q -At -d "$DB" -v tok="$leak_tok" | tail -1
}
is "$(as_proxy "SELECT string_agg(coalesce(detail, '-'), ',' ORDER BY ordinal) FROM interview.visible_test_result WHERE submission_id = ${S[leak]}")" \
    "exit 1,-,-" "the candidate sees the sample's exit code only"
is "$(as_proxy "SELECT count(DISTINCT (time_ms, memory_kb)) || ' ' || bool_and(time_ms % 200 = 0 AND memory_kb % 26215 = 0) FROM interview.visible_test_result WHERE submission_id = ${S[leak]} AND NOT is_sample")" \
    "1 true" "hidden tests show one time and memory, rounded up to a tenth of the limits"
is "$(as_proxy "SELECT (interview.visible_time_ms(${S[leak]}) % 200 = 0 AND interview.visible_memory_kb(${S[leak]}) % 26215 = 0)::text")" \
    true "and so does the submission"
denied=$(printf '%s\n' 'SET ROLE interview_proxy;' 'BEGIN;' "SELECT interview.authenticate(:'tok');" \
    'SELECT time_ms, detail FROM interview.test_result LIMIT 1;' |
    psql -X -q -At -d "$DB" -v tok="$leak_tok" 2>&1 >/dev/null)
case "$denied" in
    *"permission denied for table test_result"*) pass "the proxy role cannot read test_result itself" ;;
    *) fail "the proxy role cannot read test_result itself" "$denied" ;;
esac

rm -rf /var/lib/interview-judge/checkers/"${P[cpp]}"-* /var/lib/interview-judge/checkers/"${P[bad]}"-* \
    /var/lib/interview-judge/checkers/"${P[py]}"-* /var/lib/interview-judge/checkers/"${P[crash]}"-*
done_testing
