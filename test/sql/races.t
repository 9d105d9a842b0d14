#!/bin/sh
# races.t: two connections with overlapping transactions ask for the same
# unique name. The second blocks on the first's uncommitted row, and when the
# first commits it gets the business error (IV012), never a raw unique
# violation (23505); exactly one row exists afterwards.
# Runs against the database of test/sql/run.sh ($IV_SQL_DB); leaves nothing
# behind (the rows are deleted at the end).
set -u
db="${IV_SQL_DB:-iv_sql}"
first="$(mktemp)"
second="$(mktemp)"
trap 'rm -f "$first" "$second"' EXIT
n=0
failed=0

# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
    desc="$1"
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        failed=$((failed + 1))
        sed 's/^/# first: /' "$first"
        sed 's/^/# second: /' "$second"
    fi
}

# race NAME FIRST_SQL SECOND_SQL: the first holds its row 2 s before committing;
# the second starts 0.5 s later.
race() {
    psql -X -At -d "$db" >"$first" 2>&1 <<SQL &
\set VERBOSITY sqlstate
BEGIN;
SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT 'first|' || ($2);
SELECT pg_sleep(2);
COMMIT;
SQL
    holder=$!
    sleep 0.5
    psql -X -At -d "$db" >"$second" 2>&1 <<SQL
\set VERBOSITY sqlstate
SET statement_timeout = '10s';
BEGIN;
SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT 'second|' || ($3);
COMMIT;
SQL
    wait "$holder"
}

echo "1..8"

race register "interview.register('racer', 'password-r')" \
    "interview.register('racer', 'password-r')"
check "register: the first transaction creates the account" grep -q '^first|[0-9]' "$first"
check "register: the second waits and gets IV012, not 23505" grep -q '^ERROR:  IV012' "$second"
check "register: the second created nothing" sh -c "! grep -q '^second|' '$second'"
check "register: exactly one account named racer" \
    test "$(psql -X -At -d "$db" -c "SELECT count(*) FROM interview.account WHERE username = 'racer'")" = 1

race company "interview.create_company('Race Co')" "interview.create_company('Race Co')"
check "create_company: the first transaction creates the company" grep -q '^first|[0-9]' "$first"
check "create_company: the second gets IV012, not 23505" grep -q '^ERROR:  IV012' "$second"
check "create_company: exactly one company named Race Co" \
    test "$(psql -X -At -d "$db" -c "SELECT count(*) FROM interview.company WHERE name = 'Race Co'")" = 1

# Two concurrent add_test_case calls on one problem take ordinals 1 and 2.
psql -X -At -d "$db" -c "DELETE FROM interview.account WHERE username = 'racer'" \
    -c "DELETE FROM interview.company WHERE name = 'Race Co'" >/dev/null
pid="$(psql -X -At -d "$db" -c "INSERT INTO interview.problem (title) VALUES ('race problem') RETURNING id" | head -n 1)"
race ordinal "interview.add_test_case($pid, '1', '1')" "interview.add_test_case($pid, '2', '2')"
check "add_test_case: concurrent calls take ordinals 1 and 2" \
    test "$(psql -X -At -d "$db" -c "SELECT string_agg(ordinal::text, ',' ORDER BY ordinal) FROM interview.test_case WHERE problem_id = $pid")" = "1,2"
psql -X -At -d "$db" -c "DELETE FROM interview.problem WHERE id = $pid" >/dev/null

[ "$failed" -eq 0 ]
