-- failed_output: the output excerpt of a failing hidden test is never shown to
-- its candidate (a program that echoes its input would reveal the hidden case);
-- sample failures are, and staff see all. The proxy role cannot read the
-- column or the judge's bookkeeping directly.
BEGIN;
SELECT plan(14);

CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint NOT NULL);
CREATE FUNCTION pg_temp.k(n text) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT id FROM k WHERE name = n $$;
INSERT INTO k SELECT 'a', ivtest.account_id('cand_a');
INSERT INTO k SELECT 'b', ivtest.account_id('cand_b');
WITH ins AS (INSERT INTO interview.problem (title) VALUES ('fo p') RETURNING id)
INSERT INTO k SELECT 'p', id FROM ins;
INSERT INTO interview.test_case (problem_id, ordinal, input, expected_output, is_sample)
    VALUES (pg_temp.k('p'), 1, 'sample in', 'x', true),
           (pg_temp.k('p'), 2, 'SECRET hidden in', 'y', false);
WITH ins AS (INSERT INTO interview.interview (account_id, expired_time)
             VALUES (pg_temp.k('a'), now() + interval '1 hour') RETURNING id)
INSERT INTO k SELECT 'i', id FROM ins;
WITH ins AS (INSERT INTO interview.task (interview_id, problem_id, ordinal)
             VALUES (pg_temp.k('i'), pg_temp.k('p'), 1) RETURNING id)
INSERT INTO k SELECT 't', id FROM ins;
-- s1 fails the sample (ordinal 1), s2 the hidden case (ordinal 2), s3 passes.
WITH ins AS (
    INSERT INTO interview.submission (task_id, account_id, language, code, status, verdict,
                                      failed_at, failed_output, worker, lease_token)
    VALUES (pg_temp.k('t'), pg_temp.k('a'), 'python3', 'print(input())', 'judged', 'WA', 1, 'sample in', 'w', 7),
           (pg_temp.k('t'), pg_temp.k('a'), 'python3', 'print(input())', 'judged', 'WA', 2, 'SECRET hidden in', 'w', 8),
           (pg_temp.k('t'), pg_temp.k('a'), 'python3', 'print(1)', 'judged', 'AC', NULL, NULL, 'w', 9)
    RETURNING id, failed_at)
INSERT INTO k SELECT 's' || coalesce(failed_at, 3), id FROM ins;
SELECT ivtest.share_tap();

SELECT is((SELECT failed_output FROM interview.submission WHERE id = pg_temp.k('s2')),
          'SECRET hidden in', 'superuser: the hidden failure''s output is stored');

SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT is(interview.visible_failed_output(pg_temp.k('s1')), 'sample in',
          'the owner sees the output of a failing sample test');
SELECT is(interview.visible_failed_output(pg_temp.k('s2')), NULL,
          'the owner does not see the output of a failing hidden test');
SELECT is(interview.visible_failed_output(pg_temp.k('s3')), NULL,
          'an accepted submission has no failing output');
SELECT is(interview.visible_failed_output(NULL), NULL, 'null id: null');
SELECT throws_ok($$SELECT failed_output FROM interview.submission$$, '42501', NULL,
                 'the proxy role cannot read failed_output directly');
SELECT throws_ok($$SELECT lease_token FROM interview.submission$$, '42501', NULL,
                 'nor the lease token');
SELECT throws_ok($$SELECT worker, failures, lease_expires_at FROM interview.submission$$, '42501', NULL,
                 'nor the worker, failures and lease expiry');
SELECT throws_ok($$SELECT judge_info FROM interview.submission$$, '42501', NULL,
                 'nor judge_info');
SELECT is((SELECT count(*) FROM interview.submission WHERE id IN (pg_temp.k('s1'), pg_temp.k('s2'))),
          2::bigint, 'the granted columns still read through RLS');

SELECT interview.authenticate(ivtest.token('cand_b'));
SELECT is(interview.visible_failed_output(pg_temp.k('s1')), NULL,
          'another candidate sees nothing, not even a sample failure');

SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT is(interview.visible_failed_output(pg_temp.k('s2')), 'SECRET hidden in',
          'staff see the output of a failing hidden test');
SELECT is(interview.visible_failed_output(pg_temp.k('s1')), 'sample in',
          'and of a failing sample');

SELECT interview.logout();
SELECT is(interview.visible_failed_output(pg_temp.k('s2')), NULL,
          'nobody authenticated: null');

SELECT * FROM finish();
ROLLBACK;
