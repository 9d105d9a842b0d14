-- submit_task: who may submit, what is refused (IV002..IV007, IV009), the
-- 64 KiB limit in bytes, the queue limit of 10, and that a refused call
-- inserts nothing.
BEGIN;
SELECT plan(37);

SELECT throws_ok('SELECT interview.submit_task(1, ''c'', ''x'')', 'IV009', 'not authenticated',
    'submit_task without identity is refused');

-- One company, two problems; cand_a and cand_b each start an interview.
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivs_acme', 2) AS acme \gset
SELECT interview.create_problem('ivs_p1', 'one', NULL, '10 minutes') AS p1 \gset
SELECT interview.create_problem('ivs_p2', 'two', NULL, '20 minutes') AS p2 \gset
SELECT bool_and(interview.assign_problem(:acme, p)) AS _ FROM unnest(ARRAY[:p1, :p2]::bigint[]) p \gset

SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.start_interview(:acme) AS ivb \gset
SELECT id AS tb FROM interview.task WHERE interview_id = :ivb AND ordinal = 1 \gset

SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iva \gset
SELECT id AS ta1 FROM interview.task WHERE interview_id = :iva AND ordinal = 1 \gset
SELECT id AS ta2 FROM interview.task WHERE interview_id = :iva AND ordinal = 2 \gset

-- A good submission.
SELECT interview.submit_task(:ta1, 'c', 'int main(void) { return 0; }') AS s1 \gset
SELECT ok(:s1 > 0, 'submit_task returns the submission id');
SELECT results_eq(
    $$SELECT task_id, account_id, language, code, status, verdict, attempts, failures
      FROM interview.submission WHERE id = $$ || :s1,
    $$VALUES ($$ || :ta1 || $$::bigint, ivtest.account_id('cand_a'), 'c'::text,
              'int main(void) { return 0; }'::text, 'queued'::text, NULL::text, 0, 0)$$,
    'the submission is queued for the caller with its language and code');
SELECT is((SELECT submitted_at FROM interview.submission WHERE id = :s1), now(), 'submitted_at is now()');
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''python3'', ''print(1)'')', :ta2),
    'every task of the interview accepts submissions');
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''javascript'', ''console.log(1)'')', :ta1),
    'several submissions per task are fine');

-- Refusals; each inserts nothing.
CREATE TEMP TABLE before AS SELECT count(*) AS n FROM interview.submission;
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :tb), 'IV004', 'not your task',
    'another candidate''s task gives IV004');
SELECT throws_ok('SELECT interview.submit_task(-5, ''c'', ''x'')', 'IV004', 'not your task',
    'a task that does not exist gives the same IV004');
SELECT throws_ok('SELECT interview.submit_task(NULL, ''c'', ''x'')', 'IV004', 'not your task',
    'a null task gives IV004');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''cobol'', ''x'')', :ta1), 'IV005',
    'unknown language', 'an unknown language gives IV005');
SELECT throws_ok(format('SELECT interview.submit_task(%s, NULL, ''x'')', :ta1), 'IV005',
    'unknown language', 'a null language gives IV005');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''C'', ''x'')', :ta1), 'IV005',
    'unknown language', 'language ids are case-sensitive');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', '''')', :ta1), 'IV006',
    'code is empty', 'empty code gives IV006');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', E'' \n\t '')', :ta1), 'IV006',
    'code is empty', 'blank code gives IV006');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', NULL)', :ta1), 'IV006',
    'code is empty', 'null code gives IV006');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', repeat(''x'', 65537))', :ta1), 'IV006',
    'code too large', '65537 bytes give IV006');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', repeat(''é'', 32769))', :ta1), 'IV006',
    'code too large', '32769 two-byte characters (65538 bytes) give IV006: the limit is in bytes');
SELECT is((SELECT count(*) FROM interview.submission), (SELECT n FROM before),
    'the refused submissions inserted nothing');
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', repeat(''x'', 65536))', :ta1),
    'exactly 64 KiB is accepted');
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', repeat(''é'', 32768))', :ta1),
    '32768 two-byte characters (64 KiB) are accepted');

-- The queue limit: 10 queued submissions per account (5 so far).
SELECT is((SELECT count(*) FROM interview.submission
           WHERE account_id = ivtest.account_id('cand_a') AND status = 'queued'), 5::bigint,
    'cand_a has 5 queued submissions');
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'') FROM generate_series(1, 5)', :ta2),
    'five more are accepted (10 queued)');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :ta2), 'IV007',
    'too many queued submissions', 'the 11th queued submission gives IV007');
SELECT is((SELECT count(*) FROM interview.submission WHERE account_id = ivtest.account_id('cand_a')),
    10::bigint, 'nothing was inserted by the refused call');
-- Judged and judging submissions do not count.
UPDATE interview.submission SET status = 'judged', verdict = 'AC' WHERE id = :s1;
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :ta2),
    'a judged submission frees a place in the queue');
UPDATE interview.submission SET status = 'judging', lease_token = 1, lease_expires_at = now()
    WHERE id = (SELECT max(id) FROM interview.submission WHERE account_id = ivtest.account_id('cand_a'));
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :ta2),
    'a submission being judged frees a place too');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :ta2), 'IV007',
    'too many queued submissions', 'and the limit holds again at 10 queued');
-- The limit is per account: cand_b is not affected.
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''cpp'', ''int main(){}'')', :tb),
    'another account still submits');
SELECT is((SELECT account_id FROM interview.submission WHERE task_id = :tb),
    ivtest.account_id('cand_b'), 'its submission carries its own account id');

-- A finished interview takes no more submissions; its queued ones stay queued.
SELECT is(interview.finish_interview(), :ivb::bigint, 'cand_b finishes');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :tb), 'IV002',
    'no interview is ongoing', 'a task of a finished interview gives IV002');
SELECT is((SELECT status FROM interview.submission WHERE task_id = :tb), 'queued',
    'the queued submission of the finished interview is still queued');

-- An expired interview takes no more submissions.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
UPDATE interview.interview SET start_time = now() - interval '2 hours',
    expired_time = now() - interval '1 second' WHERE id = :iva;
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :ta1), 'IV003',
    'interview expired', 'a task of an expired interview gives IV003');
SELECT throws_ok(format('SELECT interview.submit_task(%s, ''c'', ''x'')', :tb), 'IV004',
    'not your task', 'ownership is checked before the state of the interview');

-- The proxy role: the same call works with an identity, not without.
SELECT interview.start_interview(:acme) AS iva2 \gset
SELECT id AS ta3 FROM interview.task WHERE interview_id = :iva2 AND ordinal = 1 \gset
UPDATE interview.submission SET status = 'judged', verdict = 'WA', lease_token = NULL, lease_expires_at = NULL
    WHERE account_id = ivtest.account_id('cand_a');
SELECT ivtest.share_tap();
SET LOCAL ROLE interview_proxy;
SELECT lives_ok(format('SELECT interview.submit_task(%s, ''c'', ''int main(){}'')', :ta3),
    'the proxy role submits for the authenticated candidate');
SELECT is((SELECT count(*) FROM interview.submission WHERE task_id = :ta3), 1::bigint,
    'and reads the submission through RLS');
SELECT throws_ok('INSERT INTO interview.submission (task_id, account_id, language, code) VALUES (1, 1, ''c'', ''x'')',
    '42501', NULL, 'the proxy role cannot insert submissions directly');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
