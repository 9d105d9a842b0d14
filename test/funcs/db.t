# test/funcs/db.t: a function problem end to end through the database and the
# real judge: set_signature and JSON test cases through the SQL API, the
# judge registers its drivers at start (starter code for every language with
# a driver), the claim carries the signature; in python3, java, cpp and go
# the reference is AC and a wrong return type, an exception, a crash, an
# endless loop and a print flood get their verdicts (real daemon, real
# compilers); a stdin-style program gets RE. Runs on the candidate's own
# arguments (run_code): the JSON argument list is checked against the
# signature (IV012), the candidate's prints stay in stdout and the return
# value is the run's result. Run by run.sh through prove (bash).
set -u
SUITE_TAG=f$$
. "$TOP/test/judge/lib.sh"
trap cleanup EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

SIG='{"function": "twoSum", "params": [{"name": "nums", "type": "int[]"}, {"name": "target", "type": "int"}], "returns": "int[]"}'
P=$(make_problem "Two Sum $SUITE_TAG" 1000)
staff "SELECT interview.set_signature(:p, :'s');" -v p="$P" -v s="$SIG" >/dev/null
ok $? "set_signature makes it a function problem"
staff "SELECT interview.add_test_case(:p, '[[2, 7, 11, 15], 9]', '[0, 1]', true);
       SELECT interview.add_test_case(:p, '[[3, 2, 4], 6]', '[1, 2]');
       SELECT interview.add_test_case(:p, '[[-3, 4, 3, 90], 0]', '[0,2]');" -v p="$P" >/dev/null
ok $? "JSON test cases are added"
staff "SELECT interview.add_test_case(:p, '3 2 4', '1 2');" -v p="$P" >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "a stdin-style test case is refused"
CO=$(make_company "Funcs $SUITE_TAG" "$P")

start_judge main --workers 2 --lease 10 --first-worker "$SLOT" --drivers "$TOP/judge/drivers"
wait_sql "SELECT count(*) > 0 FROM interview.language_driver" 30
ok $? "the judge registers its drivers at start"
is "$(sql "SELECT string_agg(l.id, ' ' ORDER BY l.id) FROM interview.language l
           WHERE NOT EXISTS (SELECT 1 FROM interview.language_driver d WHERE d.language = l.id)")" "" \
    "every language in interview.language has a registered driver"
is "$(staff "SELECT interview.code_template_for(:p, 'python3');" -v p="$P")" $'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ' \
    "python3 starter code comes from the driver file"
is "$(staff "SELECT interview.code_template_for(:p, 'cpp');" -v p="$P")" "class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        
    }
};" "cpp starter code: a Solution class, vector<int>& parameter"
is "$(staff "SELECT interview.code_template_for(:p, 'c');" -v p="$P")" "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {
    
}" "c starter code: pointer plus length and an out-length"

TASK=$(make_candidate "cand_$SUITE_TAG" "$CO")
H=$TOP/test/funcs/hostile
declare -A SID
declare -A EXT=([python3]=py [java]=java [cpp]=cpp [go]=go)
# one candidate per language: an account has at most 10 queued submissions
declare -A LT
for l in python3 java cpp go; do
    e=${EXT[$l]}
    LT[$l]=$(make_candidate "cand_${l}_$SUITE_TAG" "$CO")
    SID[$l.AC]=$(submit "cand_${l}_$SUITE_TAG" "${LT[$l]}" "$l" "$(cat "$TOP/test/funcs/two_sum/solution.$e")")
    for c in wrongtype exception crash loop flood; do
        SID[$l.$c]=$(submit "cand_${l}_$SUITE_TAG" "${LT[$l]}" "$l" "$(cat "$H/$c.$e")")
    done
done
SID[py.STDIN]=$(submit "cand_$SUITE_TAG" "$TASK" python3 'print(input())')

all="${SID[*]}"
wait_sql "SELECT bool_and(status = 'judged') FROM interview.submission WHERE id IN (${all// /,})" 600
ok $? "every submission is judged"
verdicts() {
    sql "SELECT s.verdict || ':' || coalesce(s.failed_at::text, '-') || ':' ||
                coalesce((SELECT string_agg(r.verdict, ',' ORDER BY r.ordinal) FROM interview.test_result r
                          WHERE r.submission_id = s.id), '')
         FROM interview.submission s WHERE s.id = $1"
}
for l in python3 java cpp go; do
    is "$(verdicts "${SID[$l.AC]}")" "AC:-:AC,AC,AC" "$l: the reference is AC on every test"
    if [ "$l" = python3 ]; then
        is "$(verdicts "${SID[$l.wrongtype]}")" "WA:1:WA,WA,WA" "$l: a wrong return type is WA"
    else
        is "$(verdicts "${SID[$l.wrongtype]}")" "CE:-:" "$l: a wrong return type is CE (the compiler sees it)"
    fi
    is "$(verdicts "${SID[$l.exception]}")" "RE:1:RE,RE,RE" "$l: an exception is RE"
    is "$(verdicts "${SID[$l.crash]}")" "RE:1:RE,RE,RE" "$l: a crash is RE"
    is "$(verdicts "${SID[$l.loop]}")" "TLE:1:TLE,TLE,TLE" "$l: an endless loop is TLE"
    is "$(verdicts "${SID[$l.flood]}")" "OLE:1:OLE,OLE,OLE" "$l: a print flood is OLE"
done
is "$(sql "SELECT detail FROM interview.test_result WHERE submission_id = ${SID[python3.wrongtype]} AND ordinal = 1")" \
    "returned a string where an array was expected" "the wrong type is named in the test's detail"
is "$(verdicts "${SID[py.STDIN]}")" "RE:1:RE,RE,RE" "a stdin program on a function problem: RE (it took the driver's input)"
sql "SELECT compile_output FROM interview.submission WHERE id = ${SID[cpp.wrongtype]}" | grep -q "could not convert\|conversion from"
ok $? "the compiler's message is kept"

# Runs on the candidate's own arguments.
# run LANGUAGE CODE INPUT: run_code as the candidate; prints the run id (or the error, verbose).
run() {
    as_account "cand_$SUITE_TAG" candpass1 "SELECT interview.run_code(:t, :'l', :'c', :'i');" \
        -v t="$TASK" -v l="$1" -v c="$2" -v i="$3" -v VERBOSITY=verbose 2>&1
}
# finished RUN: waits until judged; prints "verdict|stdout|result" with newlines as \n.
finished() {
    wait_sql "SELECT status = 'judged' FROM interview.run WHERE id = $1" 120 || { echo timeout; return; }
    sql "SELECT concat_ws('|', verdict, replace(coalesce(stdout, ''), E'\n', '\n'), coalesce(result, 'null'))
         FROM interview.run WHERE id = $1"
}
declare -A PRINTS=([python3]='debug 3\n' [java]='debug 3\n' [go]='debug 3\n'
                   [cpp]='hello from printf\nhello from cout\n')
for l in python3 java cpp go; do
    r=$(run "$l" "$(cat "$TOP/test/funcs/two_sum/solution.${EXT[$l]}")" '[[3, 2, 4], 6]')
    is "$(finished "$r")" "OK|${PRINTS[$l]}|[1,2]" "$l run: OK, the candidate's prints in stdout, the return value apart"
done
r=$(run python3 "$(cat "$H/exception.py")" '[[1, 2], 3]')
is "$(finished "$r" | cut -d'|' -f1)" RE "a run that raises: RE"
sql "SELECT stderr FROM interview.run WHERE id = $r" | grep -q 'ValueError: no pair'
ok $? "... with the traceback in stderr"
r=$(run python3 "$(cat "$H/wrongtype.py")" '[[1, 2], 3]')
is "$(finished "$r")" 'RE||null' "a run returning the wrong type: RE, no result"
is "$(sql "SELECT stderr FROM interview.run WHERE id = $r")" \
    "[judge] twoSum returned a string where an array was expected (return type int[])" "... stderr says why"
r=$(run python3 "$(cat "$H/exit.py")" '[[1, 2], 3]')
is "$(finished "$r" | cut -d'|' -f1,3)" 'RE|null' "a run that exits before returning with a forged result: RE, no result"
is "$(sql "SELECT stderr FROM interview.run WHERE id = $r")" "[judge] the program ended before twoSum returned" \
    "... stderr says why"
before=$(sql "SELECT count(*) FROM interview.run")
for bad in '3 4' '[[1, 2]]' '[[1, 2], "3"]' '[[1, 2.5], 3]' '[[1, 2], 3, 4]' '{"nums": [1], "target": 2}' \
    "'); DROP TABLE interview.run; --"; do
    out=$(run python3 "$(cat "$TOP/test/funcs/two_sum/solution.py")" "$bad")
    case $out in
        *"IV012: run input does not match the signature"*|*"IV012: run input is not valid JSON"*)
            pass "run input $bad: IV012" ;;
        *) fail "run input $bad: IV012" "$out" ;;
    esac
done
is "$(sql "SELECT count(*) FROM interview.run")" "$before" "refused run inputs store nothing"
out=$(run python3 "$(cat "$TOP/test/funcs/two_sum/solution.py")" '[[1, 2], 2147483648]')
case $out in
    *"argument 2 (target) must be a 32-bit integer (type int)"*) pass "the detail names the argument and its type" ;;
    *) fail "the detail names the argument and its type" "$out" ;;
esac
done_testing
