-- accounts: register, login, authenticate, logout, create_staff.
BEGIN;
SELECT plan(74);

-- register ---------------------------------------------------------------

SELECT lives_ok($$SELECT interview.register('dora', 'correct horse', 'dora@example.com')$$,
    'register creates an account');
SELECT is((SELECT count(*) FROM interview.account WHERE username = 'dora'), 1::bigint,
    'the account row exists');
SELECT is((SELECT is_staff FROM interview.account WHERE username = 'dora'), false,
    'a registered account is not staff');
SELECT is((SELECT email FROM interview.account WHERE username = 'dora'), 'dora@example.com',
    'the email is stored');
SELECT matches((SELECT password_hash FROM interview.account WHERE username = 'dora'),
    '^\$2a\$10\$.{53}$', 'the password is stored as a bcrypt hash of cost 10');
SELECT is((SELECT password_hash = public.crypt('correct horse', password_hash)
           FROM interview.account WHERE username = 'dora'), true,
    'the hash verifies the password');
SELECT isnt((SELECT password_hash FROM interview.account WHERE username = 'dora'), 'correct horse',
    'the password is not stored in clear');
SELECT is((SELECT date_joined FROM interview.account WHERE username = 'dora'), now(),
    'date_joined is set');
SELECT is((SELECT last_login FROM interview.account WHERE username = 'dora'), NULL,
    'last_login is null before the first login');
CREATE TEMP TABLE eve AS SELECT interview.register('eve', 'password-e') AS id;
SELECT is((SELECT id FROM eve), (SELECT id FROM interview.account WHERE username = 'eve'),
    'register returns the new account id, email optional');
SELECT is((SELECT email FROM interview.account WHERE username = 'eve'), '',
    'the default email is empty');
SELECT is(interview.current_account_id(), NULL, 'register does not log in');

SELECT throws_ok($$SELECT interview.register('dora', 'another pass')$$,
    'IV012', 'username already taken', 'a taken username is refused');
SELECT throws_ok($$SELECT interview.register('cand_a', 'another pass')$$,
    'IV012', 'username already taken', 'a fixture username is taken too');
SELECT throws_ok($$SELECT interview.register('', 'password1')$$,
    'IV012', 'username must be 1 to 150 characters', 'an empty username is refused');
SELECT throws_ok($$SELECT interview.register(NULL, 'password1')$$,
    'IV012', 'username must be 1 to 150 characters', 'a null username is refused');
SELECT throws_ok($$SELECT interview.register(repeat('u', 151), 'password1')$$,
    'IV012', 'username must be 1 to 150 characters', 'a 151-character username is refused');
SELECT lives_ok($$SELECT interview.register(repeat('u', 150), 'password1')$$,
    'a 150-character username is accepted');
SELECT throws_ok($$SELECT interview.register('with space', 'password1')$$,
    'IV012', 'username may hold letters, digits and _.@+- only', 'a username with a space is refused');
SELECT throws_ok($$SELECT interview.register('jürgen', 'password1')$$,
    'IV012', 'username may hold letters, digits and _.@+- only', 'a username with a non-ASCII letter is refused');
SELECT lives_ok($$SELECT interview.register('a.b_c+d-e@f', 'password1')$$,
    'a username with _.@+- is accepted');
SELECT throws_ok($$SELECT interview.register('frank', 'seven77')$$,
    'IV012', 'password must be 8 to 128 characters', 'a 7-character password is refused');
SELECT throws_ok($$SELECT interview.register('frank', NULL)$$,
    'IV012', 'password must be 8 to 128 characters', 'a null password is refused');
SELECT throws_ok($$SELECT interview.register('frank', repeat('p', 129))$$,
    'IV012', 'password must be 8 to 128 characters', 'a 129-character password is refused');
SELECT lives_ok($$SELECT interview.register('frank', repeat('ü', 8))$$,
    'an 8-character password is accepted (characters, not bytes)');
SELECT throws_ok($$SELECT interview.register('gina', 'password1', repeat('e', 250) || '@x.yz')$$,
    'IV012', 'email must look like name@domain', 'an email over 254 characters is refused');
SELECT throws_ok($$SELECT interview.register('gina', 'password1', 'no-at-sign')$$,
    'IV012', 'email must look like name@domain', 'an email without @ is refused');
SELECT is((SELECT count(*) FROM interview.account WHERE username IN ('gina', 'with space')),
    0::bigint, 'refused registrations insert nothing');

-- login ------------------------------------------------------------------

CREATE TEMP TABLE tok AS SELECT interview.login('dora', 'correct horse') AS token;
SELECT matches((SELECT token FROM tok), '^[0-9a-f]{64}$',
    'login returns 32 random bytes as 64 hex digits');
SELECT is(interview.current_account_id(),
    (SELECT id FROM interview.account WHERE username = 'dora'),
    'login acts as the account for the rest of the transaction');
SELECT is(interview.current_is_staff(), false, 'a candidate is not staff');
SELECT is((SELECT last_login FROM interview.account WHERE username = 'dora'), now(),
    'login updates last_login');
SELECT is((SELECT count(*) FROM interview.auth_session s, tok
           WHERE s.token_hash = sha256(convert_to(tok.token, 'UTF8'))), 1::bigint,
    'the session stores the SHA-256 of the token');
SELECT is((SELECT count(*) FROM interview.auth_session s, tok
           WHERE position(convert_to(tok.token, 'UTF8') IN s.token_hash) > 0
              OR encode(s.token_hash, 'hex') = tok.token), 0::bigint,
    'the token itself is stored nowhere');
SELECT is((SELECT s.expires_at FROM interview.auth_session s, tok
           WHERE s.token_hash = sha256(convert_to(tok.token, 'UTF8'))),
    now() + interval '1209600 seconds', 'a session lasts 14 days by default');
SELECT isnt((SELECT token FROM tok), interview.login('dora', 'correct horse'),
    'each login returns a new token');

SET LOCAL interview.session_lifetime = '1h';
CREATE TEMP TABLE tok_short AS SELECT interview.login('dora', 'correct horse') AS token;
SELECT is((SELECT s.expires_at FROM interview.auth_session s, tok_short t
           WHERE s.token_hash = sha256(convert_to(t.token, 'UTF8'))),
    now() + interval '1 hour', 'interview.session_lifetime sets the expiry');
RESET interview.session_lifetime;

SELECT throws_ok($$SELECT interview.login('dora', 'wrong horse')$$,
    'IV009', 'invalid username or password', 'a wrong password is refused');
SELECT throws_ok($$SELECT interview.login('nobody', 'correct horse')$$,
    'IV009', 'invalid username or password', 'an unknown user gets the same error');
SELECT throws_ok($$SELECT interview.login(NULL, NULL)$$,
    'IV009', 'invalid username or password', 'null credentials get the same error');
SELECT throws_ok($$SELECT interview.login('dora', '')$$,
    'IV009', 'invalid username or password', 'an empty password is refused');

-- An unknown user still costs one bcrypt (about 50 ms at cost 10; a plain
-- lookup takes well under 1 ms), so timing does not tell which names exist.
CREATE FUNCTION pg_temp.login_ms(u text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    BEGIN
        PERFORM interview.login(u, 'not the password');
    EXCEPTION WHEN SQLSTATE 'IV009' THEN
        NULL;
    END;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END
$$;
SELECT cmp_ok(pg_temp.login_ms('no_such_user'), '>', 10::float8,
    'a login with an unknown username still runs bcrypt');

-- authenticate -----------------------------------------------------------

SELECT is(interview.authenticate(ivtest.token('cand_b')), ivtest.account_id('cand_b'),
    'authenticate returns the account id');
SELECT is(interview.current_account_id(), ivtest.account_id('cand_b'),
    'authenticate acts as the account');
SELECT is(interview.authenticate(ivtest.token('staff_s')), ivtest.account_id('staff_s'),
    'authenticate switches to another account');
SELECT is(interview.current_is_staff(), true, 'a staff account is staff');
SELECT throws_ok($$SELECT interview.authenticate('not a token')$$,
    'IV009', 'invalid or expired token', 'a malformed token is refused');
SELECT throws_ok($$SELECT interview.authenticate(repeat('0', 64))$$,
    'IV009', 'invalid or expired token', 'an unknown token is refused');
SELECT throws_ok($$SELECT interview.authenticate(upper(ivtest.token('cand_a')))$$,
    'IV009', 'invalid or expired token', 'tokens are case-sensitive');
SELECT throws_ok($$SELECT interview.authenticate(NULL)$$,
    'IV009', 'invalid or expired token', 'a null token is refused');
UPDATE interview.auth_session SET expires_at = now() - interval '1 second'
    WHERE token_hash = sha256(convert_to((SELECT token FROM tok), 'UTF8'));
SELECT throws_ok($$SELECT interview.authenticate((SELECT token FROM tok))$$,
    'IV009', 'invalid or expired token', 'an expired token is refused');

-- The proxy role may not make an identity outlive the transaction.
SELECT ivtest.share_tap();
CREATE ROLE iv_test_proxy_login LOGIN IN ROLE interview_proxy;
SET LOCAL ROLE interview_proxy;
SELECT throws_ok($$SELECT interview.authenticate(ivtest.token('cand_a'), true)$$,
    'IV008', 'permission denied', 'the proxy role may not authenticate for_session');
SELECT is(interview.authenticate(ivtest.token('cand_a'), false), ivtest.account_id('cand_a'),
    'the proxy role may authenticate for the transaction');
SET LOCAL ROLE iv_test_proxy_login;
SELECT throws_ok($$SELECT interview.authenticate(ivtest.token('cand_a'), true)$$,
    'IV008', 'permission denied', 'neither may a login role that is a member of it');
RESET ROLE;

-- logout -----------------------------------------------------------------

SELECT interview.authenticate((SELECT token FROM tok_short));
SELECT is(interview.logout(), true, 'logout ends the session');
SELECT is(interview.current_account_id(), NULL, 'nobody acts after logout');
SELECT is((SELECT count(*) FROM interview.auth_session s, tok_short t
           WHERE s.token_hash = sha256(convert_to(t.token, 'UTF8'))), 0::bigint,
    'the session row is deleted');
SELECT throws_ok($$SELECT interview.authenticate((SELECT token FROM tok_short))$$,
    'IV009', 'invalid or expired token', 'the token no longer authenticates');
SELECT is(interview.logout(), false, 'logout when nobody acts returns false');

-- create_staff -----------------------------------------------------------

CREATE TEMP TABLE sam AS SELECT interview.create_staff('sam', 'password-sam') AS id;
SELECT is((SELECT a.is_staff FROM interview.account a JOIN sam USING (id)), true,
    'a superuser creates a staff account');
SELECT lives_ok($$SELECT interview.create_staff('eve', 'password-e')$$,
    'create_staff promotes an existing account given its own password');
SELECT is((SELECT is_staff FROM interview.account WHERE username = 'eve'), true,
    'the promoted account is staff');
SELECT throws_ok($$SELECT interview.create_staff('dora', 'not her password')$$,
    'IV012', 'username already taken', 'promotion needs the account''s password');

CREATE ROLE iv_test_dba IN ROLE interview_admin;
SET LOCAL ROLE iv_test_dba;
SELECT lives_ok($$SELECT interview.create_staff('tina', 'password-tina')$$,
    'a member of interview_admin creates a staff account');
RESET ROLE;
-- The proxy may call it, for a staff account only (GraphQL createStaff).
SET LOCAL ROLE interview_proxy;
SELECT throws_ok($$SELECT interview.create_staff('mallory', 'password-m')$$,
    'IV008', 'permission denied', 'the proxy role acting for nobody cannot create staff');
SELECT interview.login('eve', 'password-e') IS NOT NULL AS eve_staff;
SELECT interview.login('cand_a', 'password-a') IS NOT NULL AS candidate;
SELECT throws_ok($$SELECT interview.create_staff('mallory', 'password-m')$$,
    'IV008', 'permission denied', 'a candidate cannot create staff through the proxy role');
SELECT throws_ok($$SELECT interview.create_staff('cand_b', 'password-m')$$,
    'IV008', 'permission denied', 'a candidate cannot promote another account either');
SELECT interview.login('eve', 'password-e') IS NOT NULL AS eve_staff;
SELECT lives_ok($$SELECT interview.create_staff('stan', 'password-stan')$$,
    'a staff account creates a staff account through the proxy role');
SELECT throws_ok($$SELECT interview.create_staff('x''); DROP TABLE interview.account; --', 'password-x')$$,
    'IV012', 'username may hold letters, digits and _.@+- only', 'an injected username is only a bad username');
SELECT throws_ok($$SELECT interview.create_staff('pat', repeat('p', 100000))$$,
    'IV012', 'password must be 8 to 128 characters', 'an oversized password is refused');
SELECT interview.logout();
RESET ROLE;
SELECT is((SELECT is_staff FROM interview.account WHERE username = 'stan'), true,
    'the account staff created is staff');
SELECT is((SELECT count(*) FROM interview.account WHERE username = 'pat'), 0::bigint,
    'nothing was created by the refused calls');
CREATE ROLE iv_test_other;
GRANT USAGE ON SCHEMA interview TO iv_test_other;
GRANT EXECUTE ON FUNCTION interview.create_staff(text, text, text) TO iv_test_other;
SET LOCAL ROLE iv_test_other;
SELECT throws_ok($$SELECT interview.create_staff('mallory', 'password-m')$$,
    'IV008', 'permission denied', 'create_staff checks the calling role, not the definer');
RESET ROLE;
SELECT is((SELECT count(*) FROM interview.account WHERE username = 'mallory'), 0::bigint,
    'no account was created by refused calls');

SELECT * FROM finish();
ROLLBACK;
