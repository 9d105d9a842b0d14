#!/bin/sh
# admin.t: interview-admin, the command line for DBAs and CI (see run.sh).
set -u
. "$TOP/test/lib.sh"
BIN="$TOP/admin/interview-admin"
A="iv_admin_a_$$"
B="iv_admin_b_$$"
W="$(mktemp -d)"
n=0
failed=0
cleanup() {
    drop_db_roles "$A"
    drop_db_roles "$B"
    rm -rf "$W"
}
trap cleanup EXIT

# q DB SQL: one value from psql as the superuser.
q() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# adm DB ARGS...: runs interview-admin on DB as staff_s; stdout in $W/out, stderr in $W/err, status in rc.
adm() {
    _db=$1; shift
    "$BIN" --db "$(conninfo "$_db")" --as staff_s "$@" >"$W/out" 2>"$W/err"
    rc=$?
}
# is HAVE WANT DESCRIPTION
is() {
    if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   have: '$1'"; echo "#   want: '$2'"; fi
}

for db in "$A" "$B"; do
    createdb "$db" && add_extension "$db" \
        -c "SELECT interview.create_staff('staff_s', 'password-s')" \
        -c "SELECT interview.register('cand_c', 'password-c')" || exit 1
done

# A problem in A with templates, a sample, a hidden test, a deleted test.
q "$A" "BEGIN; SELECT interview.act_as_staff('staff_s');
  SELECT interview.create_problem('Sum', E'Add *two* numbers.\n', 'default', '45 minutes', 1500, 65536);
  SELECT interview.set_code_template(1, 'python3', 'import sys');
  SELECT interview.add_test_case(1, E'1 2\n', E'3\n', true);
  SELECT interview.add_test_case(1, E'\"q\" \\\\ é\n', E'4\n');
  SELECT interview.add_test_case(1, 'x', 'y');
  SELECT interview.delete_test_case(3);
  COMMIT;" >/dev/null

# --help and bad arguments -------------------------------------------------------
"$BIN" --help >"$W/out" 2>&1; rc=$?
is "$rc" 0 "--help exits 0"
grep -q "import-dir DIR" "$W/out"; ok $? "--help lists the commands"
grep -q "Exit codes" "$W/out"; ok $? "--help documents the exit codes"
"$BIN" >/dev/null 2>&1; is "$?" 2 "no command exits 2"
"$BIN" --as staff_s frobnicate >/dev/null 2>&1; is "$?" 2 "an unknown command exits 2"
"$BIN" --as staff_s --bogus x export 1 >/dev/null 2>&1; is "$?" 2 "an unknown option exits 2"
"$BIN" --as staff_s export "1; DROP TABLE x" >/dev/null 2>&1; is "$?" 2 "a malformed id exits 2 before connecting"
"$BIN" --as staff_s rejudge-problem 1 --everything >/dev/null 2>&1; is "$?" 2 "rejudge-problem refuses an unknown flag"
env -u INTERVIEW_AS -u INTERVIEW_TOKEN "$BIN" --db "$(conninfo "$A")" export 1 >/dev/null 2>"$W/err"; rc=$?
is "$rc" 2 "without --as or --token it exits 2"
grep -q -- "--as STAFF or --token" "$W/err"; ok $? "and says how to act as staff"
"$BIN" --db "host=127.0.0.1 port=1 connect_timeout=2" --as staff_s export 1 >/dev/null 2>&1
is "$?" 3 "no connection exits 3"
adm "$A" --as cand_c export 1
is "$rc" 1 "a candidate's name for --as is refused (exit 1)"
grep -q "staff account not found" "$W/err"; ok $? "with the database's message"

# export, then import into the empty database B --------------------------------------
adm "$A" export 1; cp "$W/out" "$W/sum.json"
is "$rc" 0 "export exits 0"
is "$(q "$A" "SELECT (\$\$$(cat "$W/sum.json")\$\$::jsonb)->>'format'")" "interview-problem/1" "and prints the package"
adm "$A" export 99
is "$rc" 1 "exporting an unknown problem exits 1"
grep -q "problem not found" "$W/err"; ok $? "saying problem not found"
adm "$B" import "$W/sum.json"
is "$rc" 0 "import into an empty database exits 0"
is "$(cut -f2 "$W/out")" "Sum" "and prints the id and title"
adm "$B" export "$(cut -f1 "$W/out")"; cp "$W/out" "$W/sum-b.json"
cmp -s "$W/sum.json" "$W/sum-b.json"; ok $? "exporting it again gives the same package"
is "$(q "$B" "SELECT count(*) FROM interview.test_case")" 2 "with the live test cases only"
adm "$B" import - <"$W/sum.json"
is "$rc" 0 "importing the same title again (from standard input) exits 0"
is "$(q "$B" "SELECT count(*) || '/' || max(version) FROM interview.problem")" "1/2" \
    "and updates the problem in place at a new version"

# bad packages and files -------------------------------------------------------------
printf '{"format": "interview-problem/9", "title": "Bad"}' >"$W/bad.json"
adm "$B" import "$W/bad.json"
is "$rc" 1 "a package of an unknown format exits 1"
grep -q "invalid package" "$W/err" && grep -q "interview-problem/1" "$W/err"; ok $? "naming the format it wants"
printf '{"format": "interview-problem/1", "title": "Bad", "tests": [{"input": "1"}]}' >"$W/bad2.json"
adm "$B" import "$W/bad2.json"
grep -q "Test 1 needs" "$W/err"; ok $? "a test without output is refused with its number"
printf '{"format": ' >"$W/broken.json"
adm "$B" import "$W/broken.json"
is "$rc" 1 "a file that is not JSON exits 1"
adm "$B" import "$W/missing.json"
is "$rc" 4 "a missing file exits 4"
printf 'a\000b' >"$W/nul.json"
adm "$B" import "$W/nul.json"
is "$rc" 4 "a file with a NUL byte exits 4"
sed 's/"Sum"/"Sum two"/' "$W/sum.json" >"$W/good.json"
adm "$B" import "$W/good.json" "$W/bad.json"
is "$rc" 1 "one bad package among several exits 1"
is "$(q "$B" "SELECT count(*) FROM interview.problem WHERE title = 'Sum two'")" 0 \
    "and imports none of them (one transaction)"

# import-dir -----------------------------------------------------------------------------
mkdir -p "$W/dir/tests"
printf '{"format": "interview-problem/1", "title": "Echo", "text": "Echo it.", "samples": [1]}' >"$W/dir/problem.json"
printf 'a\n' >"$W/dir/tests/01.in"; printf 'a\n' >"$W/dir/tests/01.out"
printf 'b\n' >"$W/dir/tests/02.in"; printf 'b\n' >"$W/dir/tests/02.out"
printf 'c\n' >"$W/dir/tests/10.in"; printf 'c\n' >"$W/dir/tests/10.out"
adm "$B" import-dir "$W/dir"
is "$rc" 0 "import-dir exits 0"
is "$(q "$B" "SELECT string_agg(rtrim(input, E'\\n') || ':' || is_sample, ',' ORDER BY ordinal) FROM interview.test_case c
    JOIN interview.problem p ON p.id = c.problem_id WHERE p.title = 'Echo'")" "a:true,b:false,c:false" \
    "with the tests in numeric order and the sample marked"
rm "$W/dir/tests/02.out"
adm "$B" import-dir "$W/dir"
is "$rc" 4 "a test without its .out file exits 4"
grep -q "02.out" "$W/err"; ok $? "naming the missing file"
printf 'b\n' >"$W/dir/tests/02.out"
printf '{"format": "interview-problem/1", "title": "Echo", "time_limit_ms": 0, "samples": [1]}' >"$W/dir/problem.json"
adm "$B" import-dir "$W/dir"
is "$rc" 1 "a folder whose problem.json the database refuses exits 1"
is "$(q "$B" "SELECT p.version || '/' || p.time_limit_ms || '/' || count(c.id) FROM interview.problem p
    JOIN interview.test_case c ON c.problem_id = p.id AND c.deleted_at IS NULL WHERE p.title = 'Echo'
    GROUP BY p.id")" "$(printf '1/2000/3')" "and changes nothing of the problem imported before (no partial import)"

# rejudge, rejudge-problem, company-report ---------------------------------------------------
psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$A" >/dev/null <<'SQL' || exit 1
BEGIN;
SELECT interview.act_as_staff('staff_s');
SELECT interview.create_company('Acme', 1);
SELECT interview.assign_problem(1, 1);
COMMIT;
SELECT interview.login('cand_c', 'password-c') AS t \gset
BEGIN;
SELECT interview.authenticate(:'t');
SELECT interview.start_interview(1);
SELECT interview.submit_task(1, 'python3', 'print(3)');
COMMIT;
SELECT interview.report_verdict(1, (interview.claim_submission('w')->>'token')::bigint, '{"verdict": "WA"}');
SQL
adm "$A" rejudge 1
is "$rc/$(cat "$W/out")" "0/1" "rejudge queues a judged submission and prints 1"
is "$(q "$A" "SELECT verdict FROM interview.submission_verdict_history")" "WA" "keeping its verdict"
adm "$A" rejudge-problem 1
is "$rc/$(cat "$W/out")" "0/0" "rejudge-problem leaves a queued submission alone"
q "$A" "SELECT interview.claim_submission('w')" >/dev/null
adm "$A" rejudge-problem 1 --all
is "$rc/$(cat "$W/out")" "0/1" "rejudge-problem --all takes back one being judged"
adm "$A" company-report 1
is "$(head -1 "$W/out" | tr -d '\r')" "interview_id,candidate,email,started_at,finished_at,tasks,solved,attempts,time_used_seconds" \
    "company-report prints the CSV header"
is "$(sed -n 2p "$W/out" | cut -d, -f2)" "cand_c" "and one line per interview"

# create-staff ---------------------------------------------------------------------------------
printf 'new-staff-password\n' | "$BIN" --db "$(conninfo "$A")" create-staff new_staff --email n@example.com >"$W/out" 2>"$W/err"
is "$?" 0 "create-staff reads the password from standard input"
is "$(q "$A" "SELECT interview.login('new_staff', 'new-staff-password') IS NOT NULL AND
    (SELECT is_staff FROM interview.account WHERE username = 'new_staff')")" "t" "and the account is staff"

echo "1..$n"
[ "$failed" -eq 0 ]
