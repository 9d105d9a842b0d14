-- errors: every business error of the API, IV001..IV012, with its SQLSTATE
-- and message as the README lists them; bad arguments never surface as raw
-- constraint violations; messages are short and lower-case.
BEGIN;
SELECT plan(37);
SELECT ivtest.share_tap();

-- The SQLSTATE and message a statement fails with, or 'ok'. The statement runs
-- in a subtransaction, so a refused call leaves nothing behind.
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
CREATE TEMP TABLE seen (code text, message text);
-- Records an outcome and returns it.
CREATE FUNCTION pg_temp.e(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text := pg_temp.err(q);
BEGIN
    INSERT INTO seen VALUES (split_part(r, ': ', 1), substr(r, strpos(r, ': ') + 2));
    RETURN r;
END
$$;

-- A company without problems, and one with a problem.
SELECT interview.authenticate(ivtest.token('staff_s'));
CREATE TEMP TABLE c AS SELECT interview.create_company('Errors Empty Co') AS empty_id,
                              interview.create_company('Errors Co', 2) AS id;
CREATE TEMP TABLE p AS SELECT interview.create_problem('Errors problem', 'Echo.') AS id;
SELECT interview.add_test_case((SELECT id FROM p), '1', '1', true);
SELECT interview.assign_problem((SELECT id FROM c), (SELECT id FROM p));

SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT is(pg_temp.e($$SELECT interview.start_interview((SELECT empty_id FROM c))$$),
    'IV010: company has no problems', 'IV010 company has no problems');
CREATE TEMP TABLE i AS SELECT interview.start_interview((SELECT id FROM c)) AS id;
SELECT is(pg_temp.e($$SELECT interview.start_interview((SELECT id FROM c))$$),
    'IV001: another interview is ongoing', 'IV001 another interview is ongoing');
CREATE TEMP TABLE t AS SELECT id FROM interview.task WHERE interview_id = (SELECT id FROM i);
SELECT is((SELECT count(*) FROM t), 1::bigint, 'the interview has its task');
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'cobol', 'x')$$),
    'IV005: unknown language', 'IV005 unknown language');
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', '')$$),
    'IV006: code is empty', 'IV006 code is empty');
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', repeat('x', 65537))$$),
    'IV006: code too large', 'IV006 code too large');
SELECT interview.submit_task((SELECT id FROM t), 'c', 'int main(void) { return ' || n || '; }')
    FROM generate_series(1, 10) n;
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', 'int main(void) {}')$$),
    'IV007: too many queued submissions', 'IV007 too many queued submissions');

SELECT interview.authenticate(ivtest.token('cand_b'));
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', 'int main(void) {}')$$),
    'IV004: not your task', 'IV004 not your task (another account''s task)');
SELECT is(pg_temp.e($$SELECT interview.submit_task(-1, 'c', 'int main(void) {}')$$),
    'IV004: not your task', 'IV004 not your task (no such task)');
SELECT is(pg_temp.e($$SELECT interview.finish_interview()$$),
    'IV002: no interview is ongoing', 'IV002 no interview is ongoing');

-- cand_a's interview runs out.
UPDATE interview.interview SET start_time = now() - interval '2 hours',
    expired_time = now() - interval '1 hour' WHERE id = (SELECT id FROM i);
SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', 'int main(void) {}')$$),
    'IV003: interview expired', 'IV003 interview expired');
SELECT is(interview.finish_interview(), (SELECT id FROM i), 'an expired interview can be finished');
SELECT is(pg_temp.e($$SELECT interview.submit_task((SELECT id FROM t), 'c', 'int main(void) {}')$$),
    'IV002: no interview is ongoing', 'IV002 after the interview is finished');

-- Accounts and staff.
SELECT is(pg_temp.e($$SELECT interview.create_company('Not staff')$$),
    'IV008: permission denied', 'IV008 permission denied (candidate calls a staff function)');
SELECT is(pg_temp.e($$SELECT interview.login('cand_a', 'not the password')$$),
    'IV009: invalid username or password', 'IV009 invalid username or password');
SELECT is(pg_temp.e($$SELECT interview.authenticate('x')$$),
    'IV009: invalid or expired token', 'IV009 invalid or expired token');
SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT is(pg_temp.e($$SELECT interview.add_test_case(-1, '1', '1')$$),
    'IV011: problem not found', 'IV011 problem not found');
SELECT is(pg_temp.e($$SELECT interview.assign_problem(-1, (SELECT id FROM p))$$),
    'IV011: company not found', 'IV011 company not found');
SELECT is(pg_temp.e($$SELECT interview.register('cand_a', 'password-x')$$),
    'IV012: username already taken', 'IV012 username already taken');
SELECT is(pg_temp.e($$SELECT interview.register('bad name', 'password-x')$$),
    'IV012: username may hold letters, digits and _.@+- only', 'IV012 username characters');
SELECT is(pg_temp.e($$SELECT interview.register('goodname', 'short')$$),
    'IV012: password must be 8 to 128 characters', 'IV012 password length');
SELECT is(pg_temp.e($$SELECT interview.register('goodname', 'password-x', 'nope')$$),
    'IV012: email must look like name@domain', 'IV012 email');
SELECT is(pg_temp.e($$SELECT interview.create_company('Errors Co')$$),
    'IV012: company already exists', 'IV012 company already exists');
SELECT interview.logout();
SELECT is(pg_temp.e($$SELECT interview.create_problem('Nobody''s problem')$$),
    'IV009: not authenticated', 'IV009 not authenticated');

-- Bad arguments to the staff API: always an IV error, never a constraint violation.
-- (logout ended the fixture session of staff_s in this transaction: log in again)
SELECT interview.login('staff_s', 'password-s');
SELECT is(left(pg_temp.e(q), 5), 'IV012', 'IV012 for ' || q) FROM unnest(ARRAY[
    $$SELECT interview.create_company(repeat('x', 65))$$,
    $$SELECT interview.create_company('x', -3)$$,
    $$SELECT interview.create_company('x', 101)$$,
    $$SELECT interview.create_problem(repeat('t', 300))$$,
    $$SELECT interview.create_problem('t', '', NULL, interval '2 days')$$,
    $$SELECT interview.create_problem('t', '', NULL, interval '1 minute', -1)$$,
    $$SELECT interview.create_problem('t', '', NULL, interval '1 minute', 1000, 0)$$,
    $$SELECT interview.add_test_case((SELECT id FROM p), NULL, NULL)$$,
    $$SELECT interview.set_code_template((SELECT id FROM p), 'c', repeat('x', 70000))$$,
    $$SELECT interview.create_staff('x y', 'password-x')$$
]) q;

-- Every message seen is short, lower-case and has no trailing period (a rule
-- it states may name characters: _.@+- and commas).
SELECT is((SELECT array_agg(DISTINCT message) FROM seen
           WHERE message !~ '^[a-z][a-z0-9_ ,.@+-]*[a-z]$' OR length(message) > 50), NULL,
    'error messages are short lower-case facts');
SELECT is((SELECT array_agg(DISTINCT code ORDER BY code) FROM seen),
    ARRAY['IV001', 'IV002', 'IV003', 'IV004', 'IV005', 'IV006', 'IV007', 'IV008', 'IV009',
          'IV010', 'IV011', 'IV012'], 'all twelve error codes were raised');
SELECT is((SELECT count(*) FROM interview.account WHERE username IN ('goodname', 'bad name')),
    0::bigint, 'refused calls created nothing');

SELECT * FROM finish();
ROLLBACK;
