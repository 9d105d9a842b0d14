-- Runs: run_code (rights, checks in order, abuse limits IV013/IV014, input
-- size, hostile arguments), RLS of runs, and the run queue for judges
-- (claim before submissions, lease, fencing, crash rescue, counted
-- failures, outputs cut at 64 KiB with a marker). A run never counts as an
-- attempt or a verdict of the task.
BEGIN;
SELECT plan(45);

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivrun_acme', 1) AS acme \gset
SELECT interview.create_problem('ivrun_p1', 'runs', NULL, '10 minutes', 1500, 65536) AS p1 \gset
SELECT interview.add_test_case(:p1, '1', '1') AS _ \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT ivtest.share_tap();

SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iva \gset
SELECT id AS ta FROM interview.task WHERE interview_id = :iva \gset
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.start_interview(:acme) AS ivb \gset
SELECT id AS tb FROM interview.task WHERE interview_id = :ivb \gset

-- Who may, and the checks.
SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', '''')', :tb), 'IV004',
    'not your task', 'another candidate''s task: IV004');
SELECT throws_ok('SELECT interview.run_code(NULL, ''python3'', ''print(1)'', '''')', 'IV004',
    'not your task', 'a null task: IV004');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''cobol'', ''x'', '''')', :ta), 'IV005',
    'unknown language', 'an unknown language: IV005');
SELECT throws_ok(format('SELECT interview.run_code(%s, NULL, ''x'', '''')', :ta), 'IV005',
    'unknown language', 'a null language: IV005');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', '''', '''')', :ta), 'IV006',
    NULL, 'empty code: IV006');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', %L, '''')', :ta, repeat('x', 65537)), 'IV006',
    NULL, 'code over 64 KiB: IV006');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', NULL)', :ta), 'IV012',
    'input must be a string of at most 1 MiB', 'a null input: IV012');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', %L)', :ta, repeat('x', 1048577)),
    'IV012', 'input must be a string of at most 1 MiB', 'input over 1 MiB: IV012');
SELECT lives_ok(format('SELECT interview.run_code(%s, ''python3'', %L, %L)', :ta,
    E'print(input())', E'''); DROP TABLE interview.run; --'), 'injection in code and input is data');
SELECT id AS r1 FROM interview.run WHERE account_id = ivtest.account_id('cand_a') \gset
SELECT results_eq(format('SELECT input, status, verdict FROM interview.run WHERE id = %s', :r1),
    $$VALUES (E'''); DROP TABLE interview.run; --'::text, 'queued'::text, NULL::text)$$,
    'the run is queued with its input as given');
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(2)'', '''')', :ta), 'IV013',
    'a run is pending', 'a second unfinished run: IV013');
SELECT is((SELECT count(*) FROM interview.submission WHERE task_id = :ta), 0::bigint,
    'a run is not a submission');

-- RLS.
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT is((SELECT count(*) FROM interview.run WHERE id = :r1), 0::bigint, 'another candidate does not see the run');
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT is((SELECT count(*) FROM interview.run WHERE id = :r1), 1::bigint, 'staff see every run');
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT is((SELECT code FROM interview.run WHERE id = :r1), 'print(input())', 'its owner sees it');
SELECT throws_ok('SELECT lease_token FROM interview.run', '42501', NULL,
    'the proxy role cannot read a run''s lease');
SELECT throws_ok('UPDATE interview.run SET verdict = ''OK''', '42501', NULL, 'nor write runs');
SELECT throws_ok('SELECT interview.claim_run(''w'')', '42501', NULL, 'nor claim them');
RESET ROLE;

-- The queue: a run is claimed before an older submission.
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.submit_task(:tb, 'python3', 'print(1)') AS sb \gset
SELECT interview.run_code(:tb, 'python3', 'print(2)', '') AS r2 \gset
SET LOCAL ROLE interview_judge;
SELECT throws_ok('SELECT interview.claim_run(NULL)', 'IV012', NULL, 'a null worker: IV012');
SELECT throws_ok('SELECT interview.claim_run(''w'', ''0 s'')', 'IV012', NULL, 'a zero lease: IV012');
SELECT interview.claim_run('host:1/0', '30 seconds') AS c1 \gset
SELECT is((:'c1'::jsonb->>'run_id')::bigint, :r1::bigint, 'the oldest run is claimed first');
SELECT is(:'c1'::jsonb->>'input', E'''); DROP TABLE interview.run; --', 'with its input');
SELECT is((:'c1'::jsonb->>'time_limit_ms')::int, 1500, 'and the limits of the task''s problem');
SELECT interview.claim_run('host:1/1') AS c2 \gset
SELECT is((:'c2'::jsonb->>'run_id')::bigint, :r2::bigint, 'then the next run');
SELECT is(interview.claim_run('host:1/2'), NULL, 'no run left');
SELECT is(interview.extend_run_lease(:r1, (:'c1'::jsonb->>'token')::bigint, '1 minute'), true,
    'the current token extends the lease');
SELECT is(interview.extend_run_lease(:r1, 1, '1 minute'), false, 'a stale token does not');
SELECT is(interview.report_run(:r1, 1, '{"verdict": "OK"}'), false, 'a stale token cannot report');
SELECT throws_ok(format('SELECT interview.report_run(%s, %s, %L)', :r1, :'c1'::jsonb->>'token',
    '{"verdict": "AC"}'), 'IV012', 'invalid verdict result', 'AC is not a run verdict');
SELECT is(interview.report_run(:r1, (:'c1'::jsonb->>'token')::bigint, jsonb_build_object(
    'verdict', 'OK', 'stdout', repeat('y', 70000), 'stderr', 'warn', 'time_ms', 12, 'memory_kb', 3000)), true,
    'the outcome is recorded');
SELECT is(interview.report_run(:r1, (:'c1'::jsonb->>'token')::bigint, '{"verdict": "RE"}'), false,
    'only once');
RESET ROLE;
SELECT results_eq(format('SELECT status, verdict, length(stdout), right(stdout, 17), stderr, time_ms, memory_kb '
                         'FROM interview.run WHERE id = %s', :r1),
    $$VALUES ('judged'::text, 'OK'::text, 65536 + 17, E'\n[cut at 64 KiB]\n'::text, 'warn'::text, 12, 3000)$$,
    'stdout is cut at 64 KiB with a marker');

-- Crash rescue: an expired lease is claimed again and counts; the third failure is IE.
UPDATE interview.run SET lease_expires_at = now() - interval '1 second' WHERE id = :r2;
SET LOCAL ROLE interview_judge;
SELECT interview.claim_run('host:2/0') AS c3 \gset
SELECT is((:'c3'::jsonb->>'run_id')::bigint, :r2::bigint, 'a run whose lease expired is claimed again');
SELECT is((:'c3'::jsonb->>'attempt')::int, 2, 'as attempt 2');
SELECT is(interview.report_run(:r2, (:'c2'::jsonb->>'token')::bigint, '{"verdict": "OK"}'), false,
    'the first claimer''s token is stale now');
SELECT is(interview.release_run(:r2, (:'c3'::jsonb->>'token')::bigint, true), true, 'a counted release');
SELECT interview.claim_run('host:2/1') AS c4 \gset
SELECT is(interview.release_run(:r2, (:'c4'::jsonb->>'token')::bigint, false), true, 'an uncounted release');
SELECT interview.claim_run('host:2/2') AS c5 \gset
SELECT is(interview.release_run(:r2, (:'c5'::jsonb->>'token')::bigint, true), true, 'the third counted failure');
RESET ROLE;
SELECT results_eq(format('SELECT status, verdict, failures FROM interview.run WHERE id = %s', :r2),
    $$VALUES ('judged'::text, 'IE'::text, 3)$$, 'ends the run as IE');
SELECT results_eq(format('SELECT status, attempts FROM interview.submission WHERE id = %s', :sb),
    $$VALUES ('queued'::text, 0)$$, 'the submission still waits: runs are not attempts');

-- The rate limit: 30 a minute by default.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
INSERT INTO interview.run (task_id, account_id, language, code, input, status, verdict)
    SELECT :ta, ivtest.account_id('cand_a'), 'python3', 'x', '', 'judged', 'OK' FROM generate_series(1, 29);
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', '''')', :ta), 'IV014',
    'too many runs', 'the 31st run in a minute: IV014');
SET LOCAL interview.run_rate_per_minute = 100;
SELECT lives_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', '''')', :ta),
    'the limit is a setting');
SELECT throws_ok('SET LOCAL ROLE interview_proxy; SET interview.run_rate_per_minute = 1000', '42501', NULL,
    'which the proxy role cannot change');
RESET ROLE;
SELECT interview.finish_interview() AS _ \gset
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', '''')', :ta), 'IV002',
    NULL, 'no run once the interview is finished');
SELECT interview.logout() AS _ \gset
SELECT throws_ok(format('SELECT interview.run_code(%s, ''python3'', ''print(1)'', '''')', :ta), 'IV009', NULL,
    'nobody authenticated: IV009');

SELECT * FROM finish();
ROLLBACK;
