#!/bin/sh
# The demo problem bank, proven by the real judge: loads sql/demo/bank.sql
# into a fresh database, starts judge/interview-judge against it, submits
# every reference solution (test/bank/solutions/<problem>/ref.{c,cpp,py,js};
# for the function problems ref.<ext> in every language interview.language
# offers) through interview.submit_task as a candidate, each naive solution
# and each known-wrong one (wrong-*.py), and checks that every reference is
# judged AC on every test case, every naive one TLE on the large input, and
# every wrong one WA on a hidden test after passing the samples. Speaks TAP.
#
# Each problem gets a company of its own with only that problem, and a
# candidate of its own (submit_task allows 10 queued submissions per account).
# Needs the PG* variables of a superuser connection (pg_virtualenv sets them)
# and root (the judge's sandbox).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/lib.sh"
db="bank_$$"
judge_role="bank_judge_$$"
judge_pw=$(random_pw "pw_$$_")
out="$top/test/out"
log="$out/bank-judge.log"
timeout_s=${BANK_TIMEOUT:-900}
mkdir -p "$out"

n=0
failed=0

# finish: the plan, and the exit status.
finish() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
    exit $?
}

# q SQL: one value from the test database, as the superuser.
q() {
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"
}

# line TEXT: TEXT and a newline, backslashes kept (dash's echo expands them).
line() {
    printf '%s\n' "$*"
}

judge_pid=""
# cleanup: stops the judge and drops the database and the role.
cleanup() {
    stop_pid "$judge_pid"
    drop_db_roles "$db" "$judge_role"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

createdb "$db"
ok $? "create database $db"
add_extension "$db"
ok $? "create extension interview"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$top/sql/demo/bank.sql" >/dev/null
ok $? "load sql/demo/bank.sql"
[ "$(q "SELECT count(*) FROM interview.problem")" -ge 8 ]
ok $? "the bank has at least 8 problems"
[ "$(q "SELECT count(*) FROM interview.problem p WHERE
        (SELECT count(*) FROM interview.test_case t WHERE t.problem_id = p.id AND t.is_sample) = 2
    AND (SELECT count(*) FROM interview.test_case t WHERE t.problem_id = p.id AND NOT t.is_sample) >= 8
    AND ((SELECT count(DISTINCT language) FROM interview.code_template c WHERE c.problem_id = p.id
          AND language IN ('c', 'cpp', 'python3', 'javascript')) = 4 OR p.signature IS NOT NULL)")" = \
    "$(q "SELECT count(*) FROM interview.problem")" ]
ok $? "every problem has 2 samples, at least 8 hidden tests and a template in each language (or a signature)"
[ "$(q "SELECT count(*) FROM interview.problem WHERE signature IS NOT NULL")" -ge 3 ]
ok $? "at least three problems are function problems"
[ "$(q "SELECT count(DISTINCT company_id) FROM interview.problem_set")" -ge 2 ] &&
    [ "$(q "SELECT count(*) FROM (SELECT problem_id FROM interview.problem_set GROUP BY problem_id
         HAVING count(*) > 1) x")" -ge 1 ] &&
    [ "$(q "SELECT count(*) FROM (SELECT company_id, array_agg(problem_id ORDER BY problem_id) a
         FROM interview.problem_set GROUP BY company_id) x")" = \
      "$(q "SELECT count(DISTINCT a) FROM (SELECT array_agg(problem_id ORDER BY problem_id) a
         FROM interview.problem_set GROUP BY company_id) x")" ]
ok $? "two companies with different, overlapping problem sets"
[ "$(q "SELECT string_agg(username || ':' || is_staff, ' ' ORDER BY username) FROM interview.account")" = \
    "candidate:false staff:true" ]
ok $? "demo accounts: staff (staff) and candidate"
[ -n "$(q "SELECT interview.login('staff', 'staff-password')")" ] &&
    [ -n "$(q "SELECT interview.login('candidate', 'candidate-password')")" ]
ok $? "demo accounts log in with their documented passwords"

# The file extension of a language's solutions.
lang_ext() {
    case $1 in
        python3|pypy3) echo py ;; javascript) echo js ;; typescript) echo ts ;; rust) echo rs ;;
        ruby) echo rb ;; csharp) echo cs ;; kotlin) echo kt ;; haskell) echo hs ;; pascal) echo pas ;; *) echo "$1" ;;
    esac
}

# One company per problem and one candidate per 9 solutions; every solution submitted.
# Expected verdicts go to a list: submission id, expected, description.
expect="$out/bank-expect.$$"
: >"$expect"
for sol in "$here"/solutions/*/; do
    slug=$(basename "$sol")
    title=$(sed -n "s/^    (\"$slug\", \"\([^\"]*\)\".*/\1/p" "$here/gen.py")
    if [ -z "$title" ]; then
        ok 1 "$slug: title found in gen.py"
        continue
    fi
    user=$(echo "bank_$slug" | tr '-' '_')
    files="ref.c:c ref.cpp:cpp ref.py:python3 ref.js:javascript"
    if [ "$(q "SELECT signature IS NOT NULL FROM interview.problem WHERE title = '$title'")" = t ]; then
        # A function problem: a reference in every offered language.
        files=""
        for lang in $(q "SELECT id FROM interview.language ORDER BY id"); do
            file=ref.$(lang_ext "$lang")
            [ -f "$sol/$file" ]
            ok $? "$slug: a reference solution for $lang ($file)"
            files="$files $file:$lang"
        done
    fi
    [ -f "$sol/naive.py" ] && files="$files naive.py:python3"
    for w in "$sol"/wrong-*.py; do
        [ -f "$w" ] && files="$files $(basename "$w"):python3"
    done
    [ "$(echo "$files" | grep -o 'wrong-' | wc -l)" -ge 3 ]
    ok $? "$slug: at least three known-wrong solutions"
    script="$out/bank-submit.$$.sql"
    {
        line "\\set ON_ERROR_STOP on"
        line "BEGIN;"
        line "SELECT interview.login('staff', 'staff-password') IS NOT NULL AS staff \\gset"
        line "SELECT interview.create_company('bank test $slug', 1) AS company \\gset"
        line "SELECT interview.assign_problem(:company, (SELECT id FROM interview.problem WHERE title = '$title')) AS assigned \\gset"
        line "COMMIT;"
        # one candidate per 9 solutions: submit_task allows 10 queued per account
        k=0
        for f in $files; do
            if [ $((k % 9)) -eq 0 ]; then
                [ "$k" -gt 0 ] && line "COMMIT;"
                line "SELECT interview.register('${user}_$k', 'password-$user') AS account \\gset"
                line "BEGIN;"
                line "SELECT interview.login('${user}_$k', 'password-$user') IS NOT NULL AS candidate \\gset"
                line "SELECT interview.start_interview(:company) AS interview \\gset"
                line "SELECT id AS task FROM interview.task WHERE interview_id = :interview \\gset"
            fi
            k=$((k + 1))
            file=${f%%:*}
            lang=${f#*:}
            line "\\set code \`cat '$sol/$file'\`"
            line "SELECT interview.submit_task(:task, '$lang', :'code') AS sub \\gset"
            line "\\echo :sub $file"
        done
        line "COMMIT;"
    } >"$script"
    psql -X -q -At -d "$db" -f "$script" >"$out/bank-ids.$$" 2>"$out/bank-err.$$"
    rc=$?
    ok $rc "$slug: staff sets up a company, a candidate starts an interview and submits $(echo "$files" | wc -w) solutions"
    [ $rc -eq 0 ] || sed 's/^/# /' "$out/bank-err.$$"
    while read -r id file; do
        case $file in
            naive.*) echo "$id TLE $slug/$file" ;;
            wrong-*) echo "$id WA $slug/$file" ;;
            *) echo "$id AC $slug/$file" ;;
        esac
    done <"$out/bank-ids.$$" >>"$expect"
    rm -f "$script" "$out/bank-ids.$$" "$out/bank-err.$$"
done
queued=$(q "SELECT count(*) FROM interview.submission")
[ "$queued" -eq "$(wc -l <"$expect")" ] && [ "$queued" -ge 40 ]
ok $? "$queued submissions queued"

# The judge, as a login role that is a member of interview_judge.
judge_bin="$top/judge/interview-judge"
if [ ! -x "$judge_bin" ]; then
    ok 1 "judge/interview-judge exists (build it with make)"
    rm -f "$expect"
    finish
fi
create_login "$judge_role" "$judge_pw" interview_judge
ok $? "create the judge's login role"
start=$(date +%s)
"$judge_bin" --workers "${BANK_WORKERS:-2}" --first-worker $((10 + $$ % 280)) \
    --db "$(conninfo "$db" "$judge_role" "$judge_pw")" \
    >"$log" 2>&1 &
judge_pid=$!

# Wait, bounded, until every submission is judged (or the judge dies).
left=1
while [ $(($(date +%s) - start)) -lt "$timeout_s" ]; do
    left=$(q "SELECT count(*) FROM interview.submission WHERE status <> 'judged'")
    [ "$left" = 0 ] && break
    kill -0 "$judge_pid" 2>/dev/null || break
    sleep 2
done
[ "$left" = 0 ]
ok $? "the judge judged every submission ($left left after $(($(date +%s) - start)) s)"
[ "$(q "SELECT count(*) FROM interview.problem p CROSS JOIN interview.language l
        WHERE p.signature IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM interview.language_driver d WHERE d.language = l.id)")" = 0 ]
ok $? "the judge registered a driver, so starter code, for every language"
[ "$left" = 0 ] || sed 's/^/# judge: /' "$log" | tail -20

while read -r id want what; do
    got=$(q "SELECT coalesce(verdict, status) || ' ' || coalesce(failed_at::text, '-') || ' ' ||
                    coalesce(time_ms::text, '-') FROM interview.submission WHERE id = $id")
    set -- $got
    verdict=${1:-none}
    if [ "$want" = AC ]; then
        # Every test case ran and passed.
        tests=$(q "SELECT (SELECT count(*) FROM interview.test_result r WHERE r.submission_id = s.id AND r.verdict = 'AC')
                        = (SELECT count(*) FROM interview.test_case t JOIN interview.task k ON k.problem_id = t.problem_id
                           WHERE k.id = s.task_id)
                   FROM interview.submission s WHERE s.id = $id")
        [ "$verdict" = AC ] && [ "$tests" = t ]
        if ! ok $? "$what is judged AC on every test case (got $verdict, failed at ${2:-?}, ${3:-?} ms)"; then
            q "SELECT left(coalesce(compile_output, '') || E'\n' || coalesce(failed_output, ''), 2000)
               FROM interview.submission WHERE id = $id" | sed 's/^/#   /'
        fi
    elif [ "$want" = WA ]; then
        # Right on the samples, a wrong answer on a hidden test.
        [ "$verdict" = WA ] && [ "${2:-0}" -gt 2 ] 2>/dev/null
        ok $? "$what is judged WA on a hidden test (got $verdict, failed at ${2:-?})"
    else
        # Right on the samples, too slow on a later test (the large one at the latest).
        [ "$verdict" = TLE ] && [ "${2:-0}" -gt 2 ] 2>/dev/null
        ok $? "$what is judged TLE after passing the samples (got $verdict, failed at ${2:-?})"
    fi
done <"$expect"
rm -f "$expect"
finish
