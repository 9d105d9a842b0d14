-- Every test reported: report_verdict stores passed/total, the output of
-- each test and the checker's message; what candidates see of hidden tests
-- (the verdict, and time and memory only as the coarse maximum: no exit
-- codes, outputs or exact figures that could spell out a hidden input);
-- staff see everything; the proxy role cannot read test_result itself.
-- Fair claims: an account with a submission being judged waits behind
-- accounts with none.
BEGIN;
SELECT plan(27);

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivr_acme', 1) AS acme \gset
SELECT interview.create_problem('ivr_p1', 'results', NULL, '10 minutes', 1500, 65536) AS p1 \gset
SELECT interview.add_test_case(:p1, 'sample in', 'sample out', true) AS tc1 \gset
SELECT interview.add_test_case(:p1, 'SECRET 1', 'hidden out 1') AS tc2 \gset
SELECT interview.add_test_case(:p1, 'SECRET 2', 'hidden out 2') AS tc3 \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT ivtest.share_tap();

SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iva \gset
SELECT id AS ta FROM interview.task WHERE interview_id = :iva \gset
SELECT interview.submit_task(:ta, 'python3', 'a1') AS a1 \gset
SELECT interview.submit_task(:ta, 'python3', 'a2') AS a2 \gset
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.start_interview(:acme) AS ivb \gset
SELECT id AS tb FROM interview.task WHERE interview_id = :ivb \gset
SELECT interview.submit_task(:tb, 'python3', 'b1') AS b1 \gset

-- Fair order: a1 is claimed first (oldest); then b1, although a2 is older,
-- because cand_a already has a submission being judged.
SET LOCAL ROLE interview_judge;
SELECT interview.claim_submission('host:1/0') AS c1 \gset
SELECT interview.claim_submission('host:1/1') AS c2 \gset
SELECT interview.claim_submission('host:1/2') AS c3 \gset
RESET ROLE;
SELECT is((:'c1'::jsonb->>'submission_id')::bigint, :a1::bigint, 'the oldest submission is claimed first');
SELECT is((:'c2'::jsonb->>'submission_id')::bigint, :b1::bigint,
    'then the other account''s, before a second one of the first account');
SELECT is((:'c3'::jsonb->>'submission_id')::bigint, :a2::bigint, 'then the first account''s second');

-- a1: the sample passes, hidden test 2 fails with exit 3 after 151 ms and 7000 KiB,
-- hidden test 3 passes.
SET LOCAL ROLE interview_judge;
SELECT is(interview.report_verdict(:a1, (:'c1'::jsonb->>'token')::bigint, jsonb_build_object(
    'verdict', 'RE', 'failed_at', 2, 'time_ms', 151, 'memory_kb', 7000, 'total', 3,
    'tests', jsonb_build_array(
        jsonb_build_object('test_case_id', :tc1, 'verdict', 'AC', 'time_ms', 7, 'memory_kb', 1000,
                           'actual_output', 'sample out'),
        jsonb_build_object('test_case_id', :tc2, 'verdict', 'RE', 'time_ms', 151, 'memory_kb', 7000,
                           'detail', 'exit 3', 'actual_output', 'SECRET 1 echoed',
                           'checker_message', 'staff note'),
        jsonb_build_object('test_case_id', :tc3, 'verdict', 'AC', 'time_ms', 20, 'memory_kb', 900,
                           'actual_output', repeat('x', 70000))))), true,
    'a verdict with every test is recorded');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, %L)', :b1, (:'c2'::jsonb->>'token'),
    jsonb_build_object('verdict', 'AC', 'total', -1)), 'IV012', 'invalid verdict result',
    'a negative total is refused');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, %L)', :b1, (:'c2'::jsonb->>'token'),
    jsonb_build_object('verdict', 'AC', 'tests', jsonb_build_array(jsonb_build_object(
        'test_case_id', :tc1, 'verdict', 'AC', 'actual_output', 5)))), 'IV012', 'invalid verdict result',
    'a non-string output is refused');
RESET ROLE;
SELECT results_eq(format('SELECT passed, total, hidden_time_ms, hidden_memory_kb, shown_time_ms, shown_memory_kb '
                         'FROM interview.submission WHERE id = %s', :a1),
    $$VALUES (2, 3, 300, 13108, 300, 13108)$$,
    'passed/total, and hidden figures rounded up to a tenth of the limits (150 ms, 6554 KiB)');
SELECT is((SELECT length(actual_output) FROM interview.test_result WHERE submission_id = :a1
           AND test_case_id = :tc3), 65536, 'outputs are cut at 64 KiB');

-- The owner.
SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT throws_ok('SELECT count(*) FROM interview.test_result', '42501', NULL,
    'the proxy role cannot read test_result (nor its detail) directly');
SELECT throws_ok('SELECT time_ms FROM interview.submission', '42501', NULL,
    'nor the exact time of a submission');
SELECT throws_ok('SELECT memory_kb FROM interview.submission', '42501', NULL,
    'nor its exact memory');
SELECT results_eq(format('SELECT ordinal, verdict, is_sample, time_ms, memory_kb, detail, input, '
                         'expected_output, actual_output, checker_message '
                         'FROM interview.visible_test_result WHERE submission_id = %s ORDER BY ordinal', :a1),
    $$VALUES (1, 'AC'::text, true, 7, 1000, NULL::text, 'sample in'::text, 'sample out'::text,
              'sample out'::text, NULL::text),
             (2, 'RE', false, 300, 13108, NULL, NULL, NULL, NULL, NULL),
             (3, 'AC', false, 300, 13108, NULL, NULL, NULL, NULL, NULL)$$,
    'the owner: everything of the sample; of hidden tests the verdict and coarse figures only');
SELECT is(interview.visible_time_ms(:a1), 300, 'the submission''s time as its owner sees it');
SELECT is(interview.visible_memory_kb(:a1), 13108, 'and its memory');
SELECT is((SELECT passed || '/' || total FROM interview.submission WHERE id = :a1), '2/3',
    'passed and total are readable');

-- Another candidate.
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT is((SELECT count(*) FROM interview.visible_test_result WHERE submission_id = :a1), 0::bigint,
    'another candidate sees none of its test results');
SELECT is(interview.visible_time_ms(:a1), NULL, 'nor its time');
SELECT is(interview.visible_memory_kb(:a1), NULL, 'nor its memory');
SELECT is((SELECT count(*) FROM interview.visible_test_result WHERE submission_id = :a1 OR true), 0::bigint,
    'not even with a condition that is always true');

-- Staff.
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT results_eq(format('SELECT ordinal, time_ms, memory_kb, detail, input, actual_output, checker_message '
                         'FROM interview.visible_test_result WHERE submission_id = %s AND ordinal = 2', :a1),
    $$VALUES (2, 151, 7000, 'exit 3'::text, 'SECRET 1'::text, 'SECRET 1 echoed'::text, 'staff note'::text)$$,
    'staff see every field of a hidden test');
SELECT is(interview.visible_time_ms(:a1), 151, 'and the exact time');
SELECT is(interview.visible_memory_kb(:a1), 7000, 'and the exact memory');
SELECT interview.logout() AS _ \gset
SELECT is((SELECT count(*) FROM interview.visible_test_result), 0::bigint, 'nobody authenticated: nothing');
SELECT is(interview.visible_time_ms(:a1), NULL, 'and no time');
RESET ROLE;

-- A CE has no tests run: passed 0 of the problem's total.
SET LOCAL ROLE interview_judge;
SELECT is(interview.report_verdict(:b1, (:'c2'::jsonb->>'token')::bigint,
    jsonb_build_object('verdict', 'CE', 'compile_output', 'error', 'total', 3)), true, 'a CE is recorded');
RESET ROLE;
SELECT results_eq(format('SELECT passed, total, shown_time_ms FROM interview.submission WHERE id = %s', :b1),
    $$VALUES (0, 3, NULL::int)$$, 'a CE passed 0 of 3 tests');
SELECT has_index('interview', 'submission', 'submission_judging_account_idx',
    'fair claims count an account''s judging submissions through an index');

SELECT * FROM finish();
ROLLBACK;
