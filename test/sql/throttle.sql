-- throttle: the per-account login token bucket (IV014), the cap on live
-- sessions per account and the sweep of expired sessions.
BEGIN;
SELECT plan(23);

SELECT ivtest.share_tap();
CREATE ROLE iv_thr_proxy LOGIN IN ROLE interview_proxy;
SELECT interview.register('thr_a', 'password-thr-a');
SELECT interview.register('thr_b', 'password-thr-b');
SELECT interview.register('thr_c', 'password-thr-c');
SELECT interview.register('thr_d', 'password-thr-d');

-- the bucket row ------------------------------------------------------------

SELECT is((SELECT count(*) FROM interview.login_throttle t
           JOIN interview.account a ON a.id = t.account_id
           WHERE a.username IN ('thr_a', 'thr_b', 'thr_c', 'thr_d')), 4::bigint,
    'every new account gets its bucket row');
SELECT is(has_table_privilege('interview_proxy', 'interview.login_throttle', 'SELECT'), false,
    'the proxy role cannot read the buckets');
SELECT is(has_table_privilege('interview_proxy', 'interview.login_throttle', 'UPDATE'), false,
    'nor change them');
SELECT is(has_function_privilege('interview_proxy', 'interview.account_throttle_row()', 'EXECUTE'),
    false, 'the trigger function is not callable by the proxy role');
SELECT is(obj_description('interview.login_throttle'::regclass, 'pg_class') IS NOT NULL, true,
    'login_throttle has a comment');

-- the bucket ----------------------------------------------------------------

SET LOCAL interview.login_burst = 3;
SET LOCAL interview.login_interval = '1min';
SET LOCAL ROLE iv_thr_proxy;
SELECT throws_ok($$SELECT interview.login('thr_a', 'wrong password')$$,
    'IV009', 'invalid username or password', 'a wrong password fails (1st attempt)');
SELECT throws_ok($$SELECT interview.login('thr_a', 'wrong password')$$,
    'IV009', 'invalid username or password', '2nd attempt');
SELECT throws_ok($$SELECT interview.login('thr_a', 'wrong password')$$,
    'IV009', 'invalid username or password', '3rd attempt');
-- Each attempt above ran in a subtransaction that rolled back: the bucket kept
-- the charges anyway.
SELECT throws_ok($$SELECT interview.login('thr_a', 'password-thr-a')$$,
    'IV014', 'too many login attempts',
    'past the burst even the right password is refused, failed attempts counted');
SELECT is(interview.current_account_id(), NULL, 'a refused login acts as nobody');
SELECT lives_ok($$SELECT interview.login('thr_b', 'password-thr-b')$$,
    'another account has its own bucket');
SELECT throws_ok($$SELECT interview.login('thr_c', 'password-thr-c') FROM generate_series(1, 50)$$,
    'IV014', 'too many login attempts', '50 logins of one account in one statement are refused');
SELECT throws_ok($$SET interview.login_burst = 1000$$,
    '42501', NULL, 'only a superuser changes the burst');
SELECT throws_ok($$SELECT interview.login('no_such_thr', 'password-x')$$,
    'IV009', 'invalid username or password', 'an unknown name still fails as bad credentials');
RESET ROLE;

SELECT isnt(interview.login('thr_a', 'password-thr-a'), NULL,
    'a superuser is not throttled');
SELECT cmp_ok((SELECT allowed_at FROM interview.login_throttle t
               JOIN interview.account a ON a.id = t.account_id WHERE a.username = 'thr_a'),
    '>', now() + interval '2 minutes', 'the bucket of thr_a is charged three intervals ahead');

-- the cap on live sessions ------------------------------------------------

SET LOCAL interview.max_sessions = 3;
CREATE TEMP TABLE thr_tok (n int, token text);
INSERT INTO thr_tok SELECT i, interview.login('thr_d', 'password-thr-d') FROM generate_series(1, 5) i;
SELECT is((SELECT count(*) FROM interview.auth_session s JOIN interview.account a ON a.id = s.account_id
           WHERE a.username = 'thr_d'), 3::bigint,
    'five logins leave three live sessions');
SELECT throws_ok($$SELECT interview.authenticate((SELECT token FROM thr_tok WHERE n = 1))$$,
    'IV009', 'invalid or expired token', 'the oldest session was ended');
SELECT lives_ok($$SELECT interview.authenticate((SELECT token FROM thr_tok WHERE n = 5))$$,
    'the newest session lives');
SELECT throws_ok($$SET interview.max_sessions = 0$$,
    '22023', NULL, 'the cap is at least one');

-- the sweep of expired sessions ------------------------------------------------

INSERT INTO interview.auth_session (token_hash, account_id, expires_at)
    SELECT sha256(convert_to('expired-' || i, 'UTF8')), ivtest.account_id('cand_b'),
           now() - interval '1 day'
    FROM generate_series(1, 20) i;
SELECT interview.login('thr_b', 'password-thr-b');
SELECT is((SELECT count(*) FROM interview.auth_session WHERE expires_at <= now()), 0::bigint,
    'a login sweeps other accounts'' expired sessions too');
SELECT has_index('interview', 'auth_session', 'auth_session_expires_at_idx',
    'the sweep finds expired sessions by index');
SELECT lives_ok($$SELECT interview.authenticate(ivtest.token('cand_b'))$$,
    'the live session of that account stays');

SELECT * FROM finish();
ROLLBACK;
