#!/bin/sh
# identity_session.t: what one pgTAP transaction cannot show. The identity
# of login/authenticate ends with its transaction (commit or abort), a
# for_session identity lasts across transactions until logout, the proxy role
# cannot ask for one, a pooled proxy connection carries nothing into its next
# transaction, and another connection never sees an identity it did not set.
# Runs against the database of test/sql/run.sh ($IV_SQL_DB).
set -u
db="${IV_SQL_DB:-iv_sql}"
out="$(mktemp)"
other="$(mktemp)"
trap 'rm -f "$out" "$other"' EXIT
n=0
failed=0

. "$(dirname "$0")/label_ok.sh"

echo "1..19"

# Session 2 holds an identity inside an open transaction for 3 s while
# session 1 (below) looks at its own, from another backend.
psql -X -At -d "$db" >"$other" 2>&1 <<'SQL' &
BEGIN;
SELECT 'held|' || interview.authenticate(ivtest.token('staff_s'));
SELECT pg_sleep(3);
SELECT 'still|' || interview.current_account_id();
COMMIT;
SQL
holder=$!

psql -X -At -d "$db" >"$out" 2>&1 <<'SQL'
\set VERBOSITY sqlstate
SELECT ivtest.token('cand_a') AS ta, ivtest.account_id('cand_a') AS ida \gset
SELECT interview.login('cand_b', 'password-b') AS tb \gset
SELECT 'ida|' || :ida;
SELECT 'wantb|' || ivtest.account_id('cand_b');
SELECT interview.authenticate(:'ta');
SELECT 't1|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT interview.authenticate(:'ta');
SELECT 't2|' || coalesce(interview.current_account_id()::text, 'null');
COMMIT;
SELECT 't3|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT interview.authenticate(:'ta');
ROLLBACK;
SELECT 't4|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT interview.authenticate(:'ta');
SELECT 1 / 0;
ROLLBACK;
SELECT 't5|' || coalesce(interview.current_account_id()::text, 'null');
SELECT pg_sleep(1);
SELECT 'other|' || coalesce(interview.current_account_id()::text, 'null');
SELECT 'idb|' || interview.authenticate(:'tb', true);
SELECT 't6|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT 't7|' || coalesce(interview.current_account_id()::text, 'null');
COMMIT;
BEGIN;
SELECT interview.authenticate(:'ta');
ROLLBACK;
SELECT 't8|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT interview.authenticate(:'ta');
SELECT 1 / 0;
ROLLBACK;
SELECT 't9|' || coalesce(interview.current_account_id()::text, 'null');
SELECT 'logout|' || interview.logout();
SELECT 't10|' || coalesce(interview.current_account_id()::text, 'null');
SELECT 't11|' || coalesce(interview.current_account_id()::text, 'null');
SELECT interview.authenticate(:'tb');
SELECT 't12|' || coalesce(interview.current_account_id()::text, 'null');
SET ROLE interview_proxy;
SELECT interview.authenticate(:'ta', true);
SELECT 't13|' || coalesce(interview.current_account_id()::text, 'null');
BEGIN;
SELECT interview.authenticate(:'ta');
SELECT 't14|' || count(*) FROM interview.account;
COMMIT;
SELECT 't15|' || coalesce(interview.current_account_id()::text, 'null');
SELECT 't16|' || count(*) FROM interview.account;
RESET ROLE;
SQL
wait "$holder"
ida="$(grep '^ida|' "$out" | cut -d'|' -f2)"
idb="$(grep '^idb|' "$out" | cut -d'|' -f2)"

ok t1 null "an autocommitted authenticate ends with its statement's transaction"
ok t2 "$ida" "inside a transaction the account acts"
ok t3 null "the identity ends at commit"
ok t4 null "the identity ends at rollback"
ok t5 null "the identity ends when the transaction fails"
ok other null "an identity held by another connection is not seen here"
ok idb "$(grep '^wantb|' "$out" | cut -d'|' -f2)" "authenticate(for_session) returns the account id"
ok t6 "$idb" "a for_session identity outlives its transaction"
ok t7 "$idb" "and lasts into later transactions"
ok t8 "$idb" "an aborted transaction that authenticated as another account restores it"
ok t9 "$idb" "so does a failed transaction"
ok logout true "logout ends the session"
ok t10 null "nobody acts after logout"
ok t11 null "nor in the next transaction"
# The logged-out token is gone: authenticate printed an IV009 error.
n=$((n + 1))
if grep -q '^ERROR:  IV009' "$out" && [ "$(grep '^t12|' "$out" | cut -d'|' -f2)" = null ]; then
    echo "ok $n - the logged-out token no longer authenticates (IV009)"
else
    echo "not ok $n - the logged-out token no longer authenticates (IV009)"; failed=$((failed + 1))
fi
n=$((n + 1))
if grep -q '^ERROR:  IV008' "$out" && [ "$(grep '^t13|' "$out" | cut -d'|' -f2)" = null ]; then
    echo "ok $n - the proxy role cannot authenticate for_session (IV008)"
else
    echo "not ok $n - the proxy role cannot authenticate for_session (IV008)"; failed=$((failed + 1))
fi
ok t14 1 "a proxy transaction sees its account"
ok t15 null "the next transaction on the pooled connection acts as nobody"
ok t16 0 "and sees no account"

if [ "$failed" -ne 0 ]; then
    sed 's/^/# /' "$out"
    sed 's/^/# other: /' "$other"
fi
[ "$failed" -eq 0 ]
