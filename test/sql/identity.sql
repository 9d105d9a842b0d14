-- identity: who acts is set only by login/authenticate, cannot be forged with
-- SET or set_config, and follows savepoints. (Transaction and session ends
-- are checked by identity_session.t, outside one transaction.)
BEGIN;
SELECT plan(32);
SELECT ivtest.share_tap();

SELECT is(interview.current_account_id(), NULL, 'nobody acts at the start');
SELECT is(interview.current_is_staff(), false, 'nobody is staff at the start');

-- Forging attempts --------------------------------------------------------

SELECT throws_ok($$SET interview.account_id = '1'$$, '42602', NULL,
    'SET of an interview.* setting is refused (reserved prefix)');
SELECT throws_ok($$SELECT set_config('interview.account_id', '1', false)$$, '42602', NULL,
    'set_config of an interview.* setting is refused');
SELECT throws_ok($$SET interview.is_staff = 'on'$$, '42602', NULL,
    'so is any other invented interview.* setting');
SELECT is(interview.current_account_id(), NULL, 'still nobody acts');

SET LOCAL ROLE interview_proxy;
SELECT throws_ok($$SET interview.session_lifetime = '120s'$$, '42501', NULL,
    'the proxy role cannot change the session lifetime');
SELECT throws_ok($$SET interview.account_id = '1'$$, '42602', NULL,
    'the proxy role cannot SET an identity');
SELECT is(interview.current_account_id(), NULL,
    'the proxy role without authenticate acts as nobody');
SELECT is(interview.current_is_staff(), false, 'and is not staff');
SELECT throws_ok($$SELECT interview.create_company('Forged Inc')$$,
    'IV009', 'not authenticated', 'a staff function needs an identity');
SELECT throws_ok($$SELECT interview.create_problem('Forged problem')$$,
    'IV009', 'not authenticated', 'create_problem needs an identity');
SELECT throws_ok($$SELECT interview.start_interview()$$,
    'IV009', NULL, 'start_interview needs an identity');
SELECT throws_ok($$SELECT interview.submit_task(1, 'c', 'int main(void){return 0;}')$$,
    'IV009', NULL, 'submit_task needs an identity');
SELECT throws_ok($$SELECT interview.finish_interview()$$,
    'IV009', NULL, 'finish_interview needs an identity');
SELECT is((SELECT count(*) FROM interview.account), 0::bigint,
    'the proxy role without authenticate sees no account');
RESET ROLE;
SELECT cmp_ok((SELECT count(*) FROM interview.account), '>=', 3::bigint,
    'while the accounts exist (superuser view)');

-- The identity function is safe to call from RLS policies.
SELECT is((SELECT provolatile FROM pg_proc
           WHERE oid = 'interview.current_account_id()'::regprocedure), 's',
    'current_account_id is STABLE, never IMMUTABLE');
SELECT is((SELECT proparallel FROM pg_proc
           WHERE oid = 'interview.current_account_id()'::regprocedure), 'r',
    'current_account_id is PARALLEL RESTRICTED');

-- Savepoints ---------------------------------------------------------------

SAVEPOINT s1;
SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT is(interview.current_account_id(), ivtest.account_id('cand_a'),
    'authenticate inside a savepoint acts');
ROLLBACK TO SAVEPOINT s1;
SELECT is(interview.current_account_id(), NULL,
    'rolling back the savepoint undoes the authentication');

SELECT interview.authenticate(ivtest.token('cand_a'));
SAVEPOINT s2;
SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT is(interview.current_is_staff(), true, 'inside s2 the staff account acts');
ROLLBACK TO SAVEPOINT s2;
SELECT is(interview.current_account_id(), ivtest.account_id('cand_a'),
    'rolling back s2 restores the account that acted before it');
SELECT is(interview.current_is_staff(), false, 'and its staff flag');

SAVEPOINT s3;
SELECT interview.authenticate(ivtest.token('cand_b'));
RELEASE SAVEPOINT s3;
SELECT is(interview.current_account_id(), ivtest.account_id('cand_b'),
    'releasing a savepoint keeps its authentication');

SAVEPOINT s4;
SAVEPOINT s5;
SELECT interview.authenticate(ivtest.token('staff_s'));
RELEASE SAVEPOINT s5;
ROLLBACK TO SAVEPOINT s4;
SELECT is(interview.current_account_id(), ivtest.account_id('cand_b'),
    'a released inner change is undone with its outer savepoint');

SAVEPOINT s6;
SELECT throws_ok($$SELECT interview.authenticate(repeat('f', 64))$$,
    'IV009', 'invalid or expired token', 'a bad token fails');
SELECT is(interview.current_account_id(), ivtest.account_id('cand_b'),
    'a failed authenticate leaves the identity as it was');
RELEASE SAVEPOINT s6;

SAVEPOINT s7;
SELECT interview.logout();
SELECT is(interview.current_account_id(), NULL, 'logout inside a savepoint clears');
ROLLBACK TO SAVEPOINT s7;
SELECT is(interview.current_account_id(), ivtest.account_id('cand_b'),
    'rolling back the logout restores the identity');
SELECT is((SELECT count(*) FROM interview.auth_session
           WHERE token_hash = sha256(convert_to(ivtest.token('cand_b'), 'UTF8'))), 1::bigint,
    'and its session row');

-- An identity set under the proxy role is what RLS sees under it.
SET LOCAL ROLE interview_proxy;
SELECT is((SELECT array_agg(username::text) FROM interview.account), ARRAY['cand_b'],
    'the proxy role sees the acting account only');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
