-- start_interview, finish_interview, current_interview: drawing problems,
-- deadlines, one unfinished interview per account, expiry, errors IV001,
-- IV002, IV009, IV010, IV011, and randomness over many draws.
BEGIN;
SELECT plan(43);

-- Nobody acts yet.
SELECT throws_ok('SELECT interview.start_interview()', 'IV009', 'not authenticated',
    'start_interview without identity is refused');
SELECT throws_ok('SELECT interview.finish_interview()', 'IV009', 'not authenticated',
    'finish_interview without identity is refused');
SELECT throws_ok('SELECT interview.current_interview()', 'IV009', 'not authenticated',
    'current_interview without identity is refused');

-- Staff set up: acme draws 2 of 5, tiny has 2 problems but wants 5, empty has none,
-- one more problem belongs to no company.
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivi_acme', 2) AS acme \gset
SELECT interview.create_company('ivi_tiny', 5) AS tiny \gset
SELECT interview.create_company('ivi_empty', 3) AS empty \gset
SELECT interview.create_problem('ivi_p1', 'one', NULL, '10 minutes') AS p1 \gset
SELECT interview.create_problem('ivi_p2', 'two', NULL, '20 minutes') AS p2 \gset
SELECT interview.create_problem('ivi_p3', 'three', NULL, '30 minutes') AS p3 \gset
SELECT interview.create_problem('ivi_p4', 'four', NULL, '40 minutes') AS p4 \gset
SELECT interview.create_problem('ivi_p5', 'five', NULL, '50 minutes') AS p5 \gset
SELECT interview.create_problem('ivi_p6', 'six', NULL, '60 minutes') AS p6 \gset
SELECT bool_and(interview.assign_problem(:acme, p)) AS _ FROM unnest(ARRAY[:p1, :p2, :p3, :p4, :p5]::bigint[]) p \gset
SELECT bool_and(interview.assign_problem(:tiny, p)) AS _ FROM unnest(ARRAY[:p1, :p2]::bigint[]) p \gset
SELECT is((SELECT count(*) FROM interview.problem), 6::bigint, 'six problems exist in this test');

-- Candidate a starts an interview at acme.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT is(interview.current_interview(), NULL, 'no interview before the first start');
SELECT interview.start_interview(:acme) AS iv1 \gset
SELECT ok(:iv1 > 0, 'start_interview returns an id');
SELECT is(interview.current_interview(), :iv1::bigint, 'current_interview is the new interview');
SELECT results_eq(
    $$SELECT account_id, company_id, finished_time IS NULL FROM interview.interview WHERE id = $$ || :iv1,
    $$VALUES (ivtest.account_id('cand_a'), $$ || :acme || $$::bigint, true)$$,
    'the interview belongs to the caller and the company and is unfinished');
SELECT is((SELECT count(*) FROM interview.task WHERE interview_id = :iv1), 2::bigint,
    'problems_per_interview (2) tasks are drawn');
SELECT is((SELECT count(DISTINCT problem_id) FROM interview.task WHERE interview_id = :iv1), 2::bigint,
    'the drawn problems are distinct');
SELECT is((SELECT array_agg(ordinal ORDER BY ordinal) FROM interview.task WHERE interview_id = :iv1),
    ARRAY[1, 2], 'tasks are numbered 1..n');
SELECT is((SELECT count(*) FROM interview.task t
           JOIN interview.problem_set s ON s.problem_id = t.problem_id AND s.company_id = :acme
           WHERE t.interview_id = :iv1), 2::bigint,
    'every drawn problem is in the company''s problem set');
SELECT is((SELECT expired_time - start_time FROM interview.interview WHERE id = :iv1),
    (SELECT sum(p.duration) FROM interview.task t JOIN interview.problem p ON p.id = t.problem_id
     WHERE t.interview_id = :iv1),
    'expired_time = start_time + the sum of the durations');
SELECT is((SELECT start_time FROM interview.interview WHERE id = :iv1), now(),
    'start_time is now()');

-- One unfinished interview per account.
SELECT throws_ok(format('SELECT interview.start_interview(%s)', :acme), 'IV001',
    'another interview is ongoing', 'a second start is refused with IV001');
SELECT throws_ok('SELECT interview.start_interview()', 'IV001',
    'another interview is ongoing', 'also for another company (all problems)');
SELECT is((SELECT count(*) FROM interview.interview WHERE account_id = ivtest.account_id('cand_a')),
    1::bigint, 'the refused starts inserted nothing');
SELECT throws_ok(format('INSERT INTO interview.interview (account_id, expired_time) VALUES (%s, now())',
    ivtest.account_id('cand_a')), '23505', NULL,
    'the partial unique index refuses a second unfinished interview written directly');

-- Companies without problems, unknown companies, fewer problems than wanted.
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT throws_ok(format('SELECT interview.start_interview(%s)', :empty), 'IV010',
    'company has no problems', 'a company without problems gives IV010');
SELECT throws_ok('SELECT interview.start_interview(-1)', 'IV011', 'company not found',
    'an unknown company gives IV011');
SELECT is(interview.current_interview(), NULL, 'failed starts leave no interview');
SELECT interview.start_interview(:tiny) AS ivb \gset
SELECT is((SELECT array_agg(problem_id ORDER BY problem_id) FROM interview.task WHERE interview_id = :ivb),
    ARRAY[:p1, :p2]::bigint[], 'all problems are drawn when fewer exist than wanted');
SELECT is((SELECT expired_time - start_time FROM interview.interview WHERE id = :ivb),
    '30 minutes'::interval, 'its deadline is 10 + 20 minutes away');

-- Finishing.
SELECT is(interview.finish_interview(), :ivb::bigint, 'finish_interview returns the interview id');
SELECT is((SELECT finished_time FROM interview.interview WHERE id = :ivb), now(),
    'finished_time is now() for a running interview');
SELECT is(interview.current_interview(), NULL, 'no current interview after finishing');
SELECT throws_ok('SELECT interview.finish_interview()', 'IV002', 'no interview is ongoing',
    'finishing twice gives IV002');

-- No company: three problems from all of them.
SELECT interview.start_interview() AS ivn \gset
SELECT results_eq(
    $$SELECT count(*), count(DISTINCT problem_id) FROM interview.task WHERE interview_id = $$ || :ivn,
    $$VALUES (3::bigint, 3::bigint)$$, 'without a company, 3 distinct problems are drawn');
SELECT is((SELECT company_id FROM interview.interview WHERE id = :ivn), NULL,
    'the interview has no company');

-- Expiry: an expired, unfinished interview still is the current one, and a
-- new start finishes it at its deadline.
UPDATE interview.interview SET start_time = now() - interval '3 hours',
    expired_time = now() - interval '1 hour' WHERE id = :ivn;
SELECT is(interview.current_interview(), :ivn::bigint,
    'an expired but unfinished interview is still current');
SELECT interview.start_interview(:acme) AS ivn2 \gset
SELECT isnt(:ivn2::bigint, :ivn::bigint, 'start_interview after expiry opens a new interview');
SELECT is((SELECT finished_time FROM interview.interview WHERE id = :ivn),
    now() - interval '1 hour', 'the expired interview is finished at its deadline');
SELECT is(interview.current_interview(), :ivn2::bigint, 'the new one is current');

-- finish_interview on an expired interview.
UPDATE interview.interview SET start_time = now() - interval '2 hours',
    expired_time = now() - interval '30 minutes' WHERE id = :ivn2;
SELECT is(interview.finish_interview(), :ivn2::bigint, 'an expired interview can be finished');
SELECT is((SELECT finished_time FROM interview.interview WHERE id = :ivn2),
    now() - interval '30 minutes', 'it ends at its deadline');

-- The identity of one candidate does not finish another's interview.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT is(interview.current_interview(), :iv1::bigint, 'cand_a still has its own interview');
SELECT is(interview.finish_interview(), :iv1::bigint, 'and finishes it');

-- Through the proxy role: the API works with authenticate, not without.
SELECT ivtest.share_tap();
SET LOCAL ROLE interview_proxy;
SELECT interview.start_interview(:tiny) AS iv3 \gset
SELECT is(interview.current_interview(), :iv3::bigint, 'the proxy role starts an interview for the caller');
SELECT is((SELECT count(*) FROM interview.task WHERE interview_id = :iv3), 2::bigint,
    'and reads its tasks through RLS');
RESET ROLE;

-- Randomness: 120 draws of 2 of acme's 5 problems and 60 draws of 3 of all 6;
-- every problem appears, never one outside the set, never twice in one interview.
CREATE TEMP TABLE draw (kind text, interview_id bigint);
DO $$
DECLARE
    acme bigint := (SELECT id FROM interview.company WHERE name = 'ivi_acme');
    i int;
BEGIN
    PERFORM interview.finish_interview();
    FOR i IN 1..120 LOOP
        INSERT INTO draw VALUES ('acme', interview.start_interview(acme));
        PERFORM interview.finish_interview();
    END LOOP;
    FOR i IN 1..60 LOOP
        INSERT INTO draw VALUES ('all', interview.start_interview(NULL));
        PERFORM interview.finish_interview();
    END LOOP;
END
$$;
SELECT is((SELECT count(*) FROM draw d WHERE (SELECT count(DISTINCT problem_id) FROM interview.task t
           WHERE t.interview_id = d.interview_id) <> CASE d.kind WHEN 'acme' THEN 2 ELSE 3 END),
    0::bigint, 'every draw has the wanted number of distinct problems');
SELECT is((SELECT array_agg(DISTINCT t.problem_id ORDER BY t.problem_id) FROM draw d
           JOIN interview.task t ON t.interview_id = d.interview_id WHERE d.kind = 'acme'),
    ARRAY[:p1, :p2, :p3, :p4, :p5]::bigint[], 'over 120 acme draws, each of its 5 problems appears, no other');
SELECT is((SELECT array_agg(DISTINCT t.problem_id ORDER BY t.problem_id) FROM draw d
           JOIN interview.task t ON t.interview_id = d.interview_id WHERE d.kind = 'all'),
    ARRAY[:p1, :p2, :p3, :p4, :p5, :p6]::bigint[], 'over 60 draws from all problems, each of the 6 appears');
SELECT cmp_ok((SELECT count(DISTINCT t.problem_id) FROM draw d
           JOIN interview.task t ON t.interview_id = d.interview_id AND t.ordinal = 1
           WHERE d.kind = 'acme'), '>=', 3::bigint, 'the first task is not always the same problem');

SELECT * FROM finish();
ROLLBACK;
