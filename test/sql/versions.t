#!/bin/sh
# versions.t: problem.version across transactions (a pgTAP file is one
# transaction, and a transaction makes at most one new version). Each
# statement below commits on its own unless wrapped in BEGIN/COMMIT.
# Runs against the database of test/sql/run.sh ($IV_SQL_DB); the rows it
# commits carry the prefix ivv_ and are deleted at the end.
set -u
db="${IV_SQL_DB:-iv_sql}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
n=0

# ok LABEL WANT DESCRIPTION: compares the value printed as "LABEL|value".
ok() {
    n=$((n + 1))
    have="$(grep "^$1|" "$out" | head -n 1 | cut -d'|' -f2-)"
    if [ "$have" = "$2" ]; then
        echo "ok $n - $3"
    else
        echo "not ok $n - $3"
        echo "#   have: '$have'"
        echo "#   want: '$2'"
    fi
}

echo "1..16"
psql -X -At -d "$db" >"$out" 2>&1 <<'SQL'
SELECT interview.authenticate(ivtest.token('staff_s'), true) IS NOT NULL;
BEGIN;
SELECT interview.create_problem('ivv_p', 'v', NULL, '10 minutes', 1000) AS p \gset
SELECT interview.add_test_case(:p, '1', '1') AS t1 \gset
SELECT interview.add_test_case(:p, '2', '2') AS t2 \gset
COMMIT;
SELECT 'created|' || version FROM interview.problem WHERE id = :p;
SELECT interview.add_test_case(:p, '3', '3') AS t3 \gset
SELECT 'added|' || version FROM interview.problem WHERE id = :p;
SELECT interview.update_problem(:p, '{"text": "new words", "title": "ivv_p2", "duration": 60}');
SELECT 'text|' || version FROM interview.problem WHERE id = :p;
SELECT interview.update_problem(:p, '{"time_limit_ms": 1500}');
SELECT 'limit|' || version FROM interview.problem WHERE id = :p;
SELECT interview.reorder_test_cases(:p, ARRAY[:t3, :t2, :t1]::bigint[]);
SELECT 'reorder|' || version FROM interview.problem WHERE id = :p;
BEGIN;
SELECT interview.add_test_case(:p, '4', '4');
SELECT interview.add_test_case(:p, '5', '5');
SELECT interview.update_problem(:p, '{"memory_limit_kb": 65536}');
COMMIT;
SELECT 'onetx|' || version FROM interview.problem WHERE id = :p;
SELECT interview.update_test_case(:t1, '1', '1', false);
SELECT 'same|' || version FROM interview.problem WHERE id = :p;
SELECT interview.set_code_template(:p, 'c', 'int main(void) {}');
SELECT 'template|' || version FROM interview.problem WHERE id = :p;
SELECT interview.update_test_case(:t1, '1', '2');
SELECT 'edit|' || version FROM interview.problem WHERE id = :p;
SELECT interview.delete_test_case(:t2);
SELECT 'delete|' || version FROM interview.problem WHERE id = :p;
SELECT interview.archive_problem(:p);
SELECT 'archive|' || version FROM interview.problem WHERE id = :p;
SELECT interview.create_problem('ivv_p2', 'v', NULL, '10 minutes', 1500, 65536);
SELECT 'recreate_same|' || version FROM interview.problem WHERE id = :p;
SELECT interview.set_checker(:p, 'custom', 'print(1)', 'python3');
SELECT 'checker1|' || version FROM interview.problem WHERE id = :p;
SELECT interview.set_checker(:p, 'custom', 'print(1)', 'python3');
SELECT 'checker_same|' || version FROM interview.problem WHERE id = :p;
SELECT interview.set_checker(:p, 'custom', 'print(2)', 'python3');
SELECT 'checker2|' || version FROM interview.problem WHERE id = :p;
SELECT interview.import_problem(interview.export_problem(:p));
SELECT 'reimport|' || version FROM interview.problem WHERE id = :p;
SELECT interview.delete_problem(:p);
SELECT interview.logout();
SQL

ok created 1 "a problem created with its tests in one transaction is version 1"
ok added 2 "a test case added later makes version 2"
ok text 2 "title, text and duration do not change the version"
ok limit 3 "a new time limit makes version 3"
ok reorder 4 "a reorder (two statements) makes one version"
ok onetx 5 "two test cases and a limit in one transaction make one version"
ok same 5 "an update_test_case that changes nothing keeps the version"
ok template 5 "a code template does not change the version"
ok edit 6 "a changed expected output makes a version"
ok delete 7 "a deleted test case makes a version"
ok archive 7 "archiving keeps the version"
ok recreate_same 7 "create_problem with the same limits keeps the version"
ok checker1 8 "a custom checker makes a version"
ok checker_same 8 "setting the same checker program again keeps the version"
ok checker2 9 "a new checker program (the kind stays custom) makes a version"
ok reimport 10 "importing its own package again makes a new version"
