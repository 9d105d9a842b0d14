#!/bin/sh
# session_recheck.t: a session identity (authenticate(token, for_session =>
# true)) is checked again each transaction, so a logout from another
# connection, an expiry or an eviction by interview.max_sessions ends it in
# the psql session that holds it. Runs against the database of
# test/sql/run.sh ($IV_SQL_DB).
set -u
db="${IV_SQL_DB:-iv_sql}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
n=0
failed=0

. "$(dirname "$0")/label_ok.sh"

# token: a fresh committed session token of recheck_u.
token() {
    psql -X -At -d "$db" -c "SELECT interview.login('recheck_u', 'password-r')"
}

echo "1..9"
ida=$(psql -X -At -d "$db" -c "SELECT interview.register('recheck_u', 'password-r')")
t1=$(token)
t2=$(token)

# Another connection logs t1 out while the first one holds it for_session.
(sleep 2; psql -X -q -At -d "$db" -v t="$t1" >/dev/null 2>&1 <<'SQL'
BEGIN;
SELECT interview.authenticate(:'t');
SELECT interview.logout();
COMMIT;
SQL
) &
bg=$!

psql -X -At -d "$db" -v t1="$t1" -v t2="$t2" >"$out" 2>&1 <<'SQL'
\set VERBOSITY sqlstate
SELECT 'id|' || interview.authenticate(:'t1', true);
SELECT 'before|' || coalesce(interview.current_account_id()::text, 'null');
SELECT pg_sleep(4);
SELECT 'after|' || coalesce(interview.current_account_id()::text, 'null');
SELECT 'staff|' || interview.current_is_staff();
SELECT 'api|' || coalesce(interview.current_interview()::text, 'null');
-- Expiry: t2 held for_session, then expired by the superuser.
SELECT 'id2|' || interview.authenticate(:'t2', true);
BEGIN;
SELECT interview.current_account_id() IS NOT NULL;
UPDATE interview.auth_session SET expires_at = now() - interval '1 second'
    WHERE token_hash = sha256(convert_to(:'t2', 'UTF8'));
SELECT 'same_xact|' || coalesce(interview.current_account_id()::text, 'null');
COMMIT;
SELECT 'expired|' || coalesce(interview.current_account_id()::text, 'null');
SQL
wait "$bg"

ok id "$ida" "authenticate(for_session) acts as the account"
ok before "$ida" "the session identity lasts while the token lives"
ok after null "after a logout elsewhere the next transaction acts as nobody"
ok staff false "nor is it staff"
n=$((n + 1))
if grep -q 'IV009' "$out"; then
    echo "ok $n - the API refuses the ended session with IV009"
else
    echo "not ok $n - the API refuses the ended session with IV009"
    sed 's/^/#   /' "$out"
    failed=$((failed + 1))
fi
ok id2 "$ida" "a second token held for_session"
ok same_xact "$ida" "a transaction that already checked the token keeps it to its end"
ok expired null "once the token has expired the next transaction acts as nobody"

# Eviction: a login elsewhere beyond interview.max_sessions ends the oldest.
t3=$(token)
(sleep 2; psql -X -q -At -d "$db" >/dev/null 2>&1 <<'SQL'
SET interview.max_sessions = 1;
SELECT interview.login('recheck_u', 'password-r');
SQL
) &
bg=$!
psql -X -At -d "$db" -v t3="$t3" >"$out" 2>&1 <<'SQL'
SELECT 'id3|' || interview.authenticate(:'t3', true);
SELECT pg_sleep(4);
SELECT 'evicted|' || coalesce(interview.current_account_id()::text, 'null');
SQL
wait "$bg"
ok evicted null "a session evicted by newer logins elsewhere ends too"

[ "$failed" -eq 0 ]
