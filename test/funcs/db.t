# test/funcs/db.t: a function problem end to end through the database and the
# real judge: set_signature and JSON test cases through the SQL API, the
# judge registers its drivers at start (starter code for every language with
# a driver), the claim carries the signature, submissions in python3 and cpp
# are judged AC, and wrong-type, exception and stdin-style programs get their
# verdicts and per-test rows. Run by run.sh through prove (bash).
set -u
SUITE_TAG=f$$
. "$TOP/test/judge/lib.sh"
trap cleanup EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

SIG='{"function": "twoSum", "params": [{"name": "nums", "type": "int[]"}, {"name": "target", "type": "int"}], "returns": "int[]"}'
P=$(make_problem "Two Sum $SUITE_TAG" 2000)
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
declare -A SID
SID[py.AC]=$(submit "cand_$SUITE_TAG" "$TASK" python3 "$(cat "$TOP/test/funcs/two_sum/solution.py")")
SID[cpp.AC]=$(submit "cand_$SUITE_TAG" "$TASK" cpp "$(cat "$TOP/test/funcs/two_sum/solution.cpp")")
SID[py.WT]=$(submit "cand_$SUITE_TAG" "$TASK" python3 "$(cat "$TOP/test/funcs/hostile/wrongtype.py")")
SID[py.RE]=$(submit "cand_$SUITE_TAG" "$TASK" python3 "$(cat "$TOP/test/funcs/hostile/exception.py")")
SID[py.STDIN]=$(submit "cand_$SUITE_TAG" "$TASK" python3 'print(input())')
SID[cpp.CE]=$(submit "cand_$SUITE_TAG" "$TASK" cpp "$(cat "$TOP/test/funcs/hostile/wrongtype.cpp")")

all="${SID[*]}"
wait_sql "SELECT bool_and(status = 'judged') FROM interview.submission WHERE id IN (${all// /,})" 240
ok $? "every submission is judged"
verdicts() {
    sql "SELECT s.verdict || ':' || coalesce(s.failed_at::text, '-') || ':' ||
                coalesce((SELECT string_agg(r.verdict, ',' ORDER BY r.ordinal) FROM interview.test_result r
                          WHERE r.submission_id = s.id), '')
         FROM interview.submission s WHERE s.id = $1"
}
is "$(verdicts "${SID[py.AC]}")" "AC:-:AC,AC,AC" "python3 solution: AC on every test"
is "$(verdicts "${SID[cpp.AC]}")" "AC:-:AC,AC,AC" "cpp solution: AC on every test"
is "$(verdicts "${SID[py.WT]}")" "WA:1:WA,WA,WA" "python3 returning a string: WA"
is "$(sql "SELECT detail FROM interview.test_result WHERE submission_id = ${SID[py.WT]} AND ordinal = 1")" \
    "returned a string where an array was expected" "the test says why"
is "$(verdicts "${SID[py.RE]}")" "RE:1:RE,RE,RE" "python3 raising: RE"
is "$(verdicts "${SID[py.STDIN]}")" "RE:1:RE,RE,RE" "a stdin program on a function problem: RE (it took the driver's input)"
is "$(verdicts "${SID[cpp.CE]}")" "CE:-:" "cpp returning a string: CE"
sql "SELECT compile_output FROM interview.submission WHERE id = ${SID[cpp.CE]}" | grep -q "could not convert\|conversion from"
ok $? "the compiler's message is kept"
done_testing
