-- The judge queue: claim order and contents, leases and fencing tokens,
-- verdicts with per-test results, validation (IV012), lease expiry and
-- re-claim, release with and without counting, the attempt limit (IE),
-- set_language_version, and who may call it (IV008).
BEGIN;
SELECT plan(68);

-- A problem with three test cases (ordinal 2 is a sample), another problem
-- with one; cand_a submits three times, then finishes the interview: the
-- queued submissions of a finished interview are still judged.
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivq_acme', 1) AS acme \gset
SELECT interview.create_problem('ivq_p1', 'echo', NULL, '10 minutes', 1500, 65536) AS p1 \gset
SELECT interview.create_problem('ivq_p2', 'other') AS p2 \gset
SELECT interview.add_test_case(:p1, 'in1', 'out1') AS tc1 \gset
SELECT interview.add_test_case(:p1, 'in2', 'out2', true) AS tc2 \gset
SELECT interview.add_test_case(:p1, 'in3', 'out3') AS tc3 \gset
SELECT interview.add_test_case(:p2, 'x', 'y') AS tcx \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset

SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv \gset
SELECT id AS t1 FROM interview.task WHERE interview_id = :iv \gset
SELECT interview.submit_task(:t1, 'c', 'code one') AS s1 \gset
SELECT interview.submit_task(:t1, 'python3', 'code two') AS s2 \gset
SELECT interview.submit_task(:t1, 'cpp', 'code three') AS s3 \gset
SELECT interview.finish_interview() AS _ \gset

-- Who may: the proxy role has no EXECUTE; a role granted EXECUTE that is not
-- a judge is refused by the function itself.
SELECT ivtest.share_tap();
CREATE ROLE ivq_not_judge IN ROLE interview_proxy;
GRANT EXECUTE ON FUNCTION interview.claim_submission(text, interval),
    interview.set_language_version(text, text) TO ivq_not_judge;
SET LOCAL ROLE interview_proxy;
SELECT throws_ok('SELECT interview.claim_submission(''w'')', '42501', NULL,
    'the proxy role may not claim');
RESET ROLE;
SET LOCAL ROLE ivq_not_judge;
SELECT throws_ok('SELECT interview.claim_submission(''w'')', 'IV008', 'permission denied',
    'a non-judge role with EXECUTE gets IV008');
SELECT throws_ok('SELECT interview.set_language_version(''c'', ''x'')', 'IV008', 'permission denied',
    'set_language_version too');
RESET ROLE;

SET LOCAL ROLE interview_judge;
SELECT throws_ok('SELECT interview.claim_submission(NULL)', 'IV012', NULL, 'a null worker gives IV012');
SELECT throws_ok('SELECT interview.claim_submission(''w'', ''0 s'')', 'IV012', NULL,
    'a lease of zero gives IV012');
SELECT throws_ok('SELECT interview.claim_submission(''w'', ''2 days'')', 'IV012', NULL,
    'a lease over a day gives IV012');

-- Claims: oldest first, with everything the judge needs.
SELECT interview.claim_submission('host:1/0', '30 seconds') AS c1 \gset
SELECT is((:'c1'::jsonb->>'submission_id')::bigint, :s1::bigint, 'the oldest queued submission is claimed first');
SELECT is(:'c1'::jsonb->>'language', 'c', 'with its language');
SELECT is(:'c1'::jsonb->>'code', 'code one', 'its code');
SELECT is((:'c1'::jsonb->>'attempt')::int, 1, 'attempt 1');
SELECT is((:'c1'::jsonb->>'time_limit_ms')::int, 1500, 'the time limit of the problem');
SELECT is((:'c1'::jsonb->>'memory_limit_kb')::int, 65536, 'its memory limit');
SELECT is(:'c1'::jsonb->'tests',
    jsonb_build_array(
        jsonb_build_object('test_case_id', :tc1, 'ordinal', 1, 'input', 'in1', 'expected_output', 'out1',
            'is_sample', false),
        jsonb_build_object('test_case_id', :tc2, 'ordinal', 2, 'input', 'in2', 'expected_output', 'out2',
            'is_sample', true),
        jsonb_build_object('test_case_id', :tc3, 'ordinal', 3, 'input', 'in3', 'expected_output', 'out3',
            'is_sample', false)),
    'all test cases, hidden ones too, ordered by ordinal');
SELECT (:'c1'::jsonb->>'token')::bigint AS k1 \gset
SELECT interview.claim_submission('host:1/1') AS c2 \gset
SELECT is((:'c2'::jsonb->>'submission_id')::bigint, :s2::bigint, 'a second claim takes the next submission');
SELECT (:'c2'::jsonb->>'token')::bigint AS k2 \gset
SELECT cmp_ok(:k2::bigint, '>', :k1::bigint, 'every claim takes a larger fencing token');
RESET ROLE;
SELECT results_eq(
    $$SELECT status, worker, attempts, lease_token, lease_expires_at FROM interview.submission WHERE id = $$ || :s1,
    $$VALUES ('judging'::text, 'host:1/0'::text, 1, $$ || :k1 || $$::bigint, now() + interval '30 seconds')$$,
    'the claimed submission is judging, leased to the worker until now() + lease');

-- Leases and stale tokens.
SET LOCAL ROLE interview_judge;
SELECT is(interview.extend_lease(:s1, :k1, '1 minute'), true, 'the current token extends its lease');
SELECT is(interview.extend_lease(:s1, :k2, '1 minute'), false, 'another token does not');
SELECT is(interview.extend_lease(-1, :k1), false, 'nor does an unknown submission');
SELECT is(interview.report_verdict(:s1, :k2, '{"verdict":"AC"}'), false,
    'a verdict with a stale token is refused');
RESET ROLE;
SELECT results_eq(
    $$SELECT status, verdict, lease_expires_at FROM interview.submission WHERE id = $$ || :s1,
    $$VALUES ('judging'::text, NULL::text, now() + interval '1 minute')$$,
    'the refused verdict changed nothing; the extension did');

-- A verdict with per-test results.
SET LOCAL ROLE interview_judge;
SELECT is(interview.report_verdict(:s1, :k1, jsonb_build_object(
    'verdict', 'WA', 'failed_at', 2, 'failed_output', 'bad', 'compile_output', 'warning: x',
    'time_ms', 12, 'memory_kb', 3400,
    'tests', jsonb_build_array(
        jsonb_build_object('test_case_id', :tc1, 'verdict', 'AC', 'time_ms', 5, 'memory_kb', 3000),
        jsonb_build_object('test_case_id', :tc2, 'verdict', 'WA', 'time_ms', 12, 'memory_kb', 3400, 'detail', NULL)),
    'judge_info', jsonb_build_object('worker', 'host:1/0', 'language_version', 'gcc 12'))), true,
    'the current token reports a verdict');
SELECT is(interview.report_verdict(:s1, :k1, '{"verdict":"AC"}'), false,
    'a second report with the same token is refused');
RESET ROLE;
SELECT results_eq(
    $$SELECT status, verdict, failed_at, failed_output, compile_output, time_ms, memory_kb,
             judge_info->>'language_version', judged_at, lease_token, lease_expires_at
      FROM interview.submission WHERE id = $$ || :s1,
    $$VALUES ('judged'::text, 'WA'::text, 2, 'bad'::text, 'warning: x'::text, 12, 3400,
              'gcc 12'::text, now(), NULL::bigint, NULL::timestamptz)$$,
    'the submission is judged with the reported fields and its lease is cleared');
SELECT results_eq(
    $$SELECT test_case_id, ordinal, verdict, time_ms, memory_kb FROM interview.test_result
      WHERE submission_id = $$ || :s1 || $$ ORDER BY ordinal$$,
    $$VALUES ($$ || :tc1 || $$::bigint, 1, 'AC'::text, 5, 3000), ($$ || :tc2 || $$::bigint, 2, 'WA'::text, 12, 3400)$$,
    'one test_result per reported test, ordinal taken from the test case');

-- Malformed results are refused with IV012 and change nothing.
SET LOCAL ROLE interview_judge;
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{}'')', :s2, :k2), 'IV012',
    'invalid verdict result', 'a result without verdict gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"OK"}'')', :s2, :k2), 'IV012',
    'invalid verdict result', 'an unknown verdict gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''[1]'')', :s2, :k2), 'IV012',
    'invalid verdict result', 'a result that is not an object gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, NULL)', :s2, :k2), 'IV012',
    'invalid verdict result', 'a null result gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"WA","failed_at":0}'')', :s2, :k2),
    'IV012', 'invalid verdict result', 'failed_at below 1 gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"AC","time_ms":1.5}'')', :s2, :k2),
    'IV012', 'invalid verdict result', 'a fractional time gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"AC","tests":[{"test_case_id":%s,"verdict":"AC"}]}'')',
    :s2, :k2, :tcx), 'IV012', 'invalid verdict result', 'a test case of another problem gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"AC","tests":[{"test_case_id":%s,"verdict":"AC"},{"test_case_id":%s,"verdict":"AC"}]}'')',
    :s2, :k2, :tc1, :tc1), 'IV012', 'invalid verdict result', 'a test named twice gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"AC","tests":[{"test_case_id":%s,"verdict":"maybe"}]}'')',
    :s2, :k2, :tc1), 'IV012', 'invalid verdict result', 'a bad test verdict gives IV012');
SELECT throws_ok(format('SELECT interview.report_verdict(%s, %s, ''{"verdict":"AC","judge_info":"x"}'')', :s2, :k2),
    'IV012', 'invalid verdict result', 'judge_info that is not an object gives IV012');
RESET ROLE;
SELECT results_eq(
    $$SELECT status, verdict, (SELECT count(*) FROM interview.test_result WHERE submission_id = $$ || :s2 || $$)
      FROM interview.submission WHERE id = $$ || :s2,
    $$VALUES ('judging'::text, NULL::text, 0::bigint)$$, 'the refused results changed nothing');

-- Long outputs are truncated (64 KiB compile output, 4 KiB failed output).
SET LOCAL ROLE interview_judge;
SELECT is(interview.report_verdict(:s2, :k2, jsonb_build_object('verdict', 'CE',
    'compile_output', repeat('e', 70000), 'failed_output', repeat('ü', 3000))), true,
    'a CE with long outputs is accepted');
RESET ROLE;
SELECT results_eq(
    $$SELECT octet_length(compile_output), octet_length(failed_output), verdict
      FROM interview.submission WHERE id = $$ || :s2,
    $$VALUES (65536, 4096, 'CE'::text)$$,
    'compile_output is cut to 64 KiB and failed_output to 4 KiB, at character boundaries');

-- Lease expiry: the submission is claimed again with a new token; each lost
-- lease counts as a failure; the third ends it as IE.
SET LOCAL ROLE interview_judge;
SELECT interview.claim_submission('host:2/0') AS c3 \gset
SELECT is((:'c3'::jsonb->>'submission_id')::bigint, :s3::bigint, 'the third submission is claimed');
SELECT (:'c3'::jsonb->>'token')::bigint AS k3 \gset
SELECT is(interview.claim_submission('host:2/1'), NULL, 'nothing else is ready: null');
RESET ROLE;
UPDATE interview.submission SET lease_expires_at = now() - interval '1 second' WHERE id = :s3;
SET LOCAL ROLE interview_judge;
SELECT interview.claim_submission('host:3/0') AS c4 \gset
SELECT is((:'c4'::jsonb->>'submission_id')::bigint, :s3::bigint, 'an expired lease is claimed again');
SELECT is((:'c4'::jsonb->>'attempt')::int, 2, 'as attempt 2');
SELECT (:'c4'::jsonb->>'token')::bigint AS k4 \gset
SELECT cmp_ok(:k4::bigint, '>', :k3::bigint, 'with a new, larger token');
SELECT is(interview.report_verdict(:s3, :k3, '{"verdict":"AC"}'), false,
    'the worker that lost the lease cannot report');
SELECT is(interview.extend_lease(:s3, :k3), false, 'nor extend');
SELECT is(interview.release_submission(:s3, :k3, true), false, 'nor release');
RESET ROLE;
SELECT results_eq($$SELECT status, worker, failures FROM interview.submission WHERE id = $$ || :s3,
    $$VALUES ('judging'::text, 'host:3/0'::text, 1)$$, 'the new worker holds it; one failure counted');
UPDATE interview.submission SET lease_expires_at = now() - interval '1 second' WHERE id = :s3;
SET LOCAL ROLE interview_judge;
SELECT is((interview.claim_submission('host:4/0')->>'attempt')::int, 3, 'a second expiry: attempt 3');
RESET ROLE;
UPDATE interview.submission SET lease_expires_at = now() - interval '1 second' WHERE id = :s3;
SET LOCAL ROLE interview_judge;
SELECT is(interview.claim_submission('host:5/0'), NULL,
    'after the third lost lease nothing is claimed');
RESET ROLE;
SELECT results_eq($$SELECT status, verdict, failures, lease_token FROM interview.submission WHERE id = $$ || :s3,
    $$VALUES ('judged'::text, 'IE'::text, 3, NULL::bigint)$$, 'the submission ended as IE after 3 failures');

-- Release: not counted on shutdown, counted on failure; the third counted failure is IE.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv2 \gset
SELECT id AS t2 FROM interview.task WHERE interview_id = :iv2 \gset
SELECT interview.submit_task(:t2, 'c', 'code four') AS s4 \gset
SET LOCAL ROLE interview_judge;
SELECT (interview.claim_submission('w')->>'token')::bigint AS k5 \gset
SELECT is(interview.release_submission(:s4, :k5, false), true, 'a shutdown release is accepted');
SELECT is(interview.release_submission(:s4, :k5, false), false, 'the token is spent afterwards');
RESET ROLE;
SELECT results_eq($$SELECT status, failures, worker, lease_token, lease_expires_at FROM interview.submission WHERE id = $$ || :s4,
    $$VALUES ('queued'::text, 0, NULL::text, NULL::bigint, NULL::timestamptz)$$,
    'it is queued again, no failure counted');
SET LOCAL ROLE interview_judge;
SELECT interview.claim_submission('w') AS c6 \gset
SELECT is((:'c6'::jsonb->>'attempt')::int, 2, 'claimed again as attempt 2');
SELECT is(interview.release_submission(:s4, (:'c6'::jsonb->>'token')::bigint, true), true,
    'a failed release is accepted');
RESET ROLE;
SELECT results_eq($$SELECT status, failures FROM interview.submission WHERE id = $$ || :s4,
    $$VALUES ('queued'::text, 1)$$, 'queued again with one failure');
SET LOCAL ROLE interview_judge;
SELECT lives_ok(format('SELECT interview.release_submission(%s, (interview.claim_submission(''w'')->>''token'')::bigint, true)', :s4),
    'a second failure');
SELECT interview.claim_submission('w') AS c7 \gset
SELECT is((:'c7'::jsonb->>'attempt')::int, 4, 'fourth claim');
SELECT is(interview.release_submission(:s4, (:'c7'::jsonb->>'token')::bigint, true), true,
    'the third failed release is accepted');
SELECT is(interview.claim_submission('w'), NULL, 'and the submission is not claimed again');
RESET ROLE;
SELECT results_eq($$SELECT status, verdict, failures FROM interview.submission WHERE id = $$ || :s4,
    $$VALUES ('judged'::text, 'IE'::text, 3)$$, 'three counted failures end it as IE');

-- A lease past its expiry that nobody claimed again is still held.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.submit_task(:t2, 'c', 'code five') AS s5 \gset
SET LOCAL ROLE interview_judge;
SELECT (interview.claim_submission('w')->>'token')::bigint AS k6 \gset
RESET ROLE;
UPDATE interview.submission SET lease_expires_at = now() - interval '1 second' WHERE id = :s5;
SET LOCAL ROLE interview_judge;
SELECT is(interview.extend_lease(:s5, :k6), true, 'an expired lease not yet re-claimed can be extended');
SELECT is(interview.report_verdict(:s5, :k6, '{"verdict":"AC"}'), true, 'and reported on');
RESET ROLE;
SELECT results_eq($$SELECT status, verdict, failures FROM interview.submission WHERE id = $$ || :s5,
    $$VALUES ('judged'::text, 'AC'::text, 0)$$, 'judged AC without a counted failure');

-- Language versions.
SET LOCAL ROLE interview_judge;
SELECT is(interview.set_language_version('c', 'gcc (Debian 12.2.0-14) 12.2.0'), true,
    'the judge records a language version');
SELECT is(interview.set_language_version('cobol', '1'), false, 'an unknown language gives false');
SELECT throws_ok('SELECT interview.set_language_version(''c'', repeat(''v'', 300))', 'IV012', NULL,
    'an overlong version gives IV012');
RESET ROLE;
SELECT is((SELECT version FROM interview.language WHERE id = 'c'), 'gcc (Debian 12.2.0-14) 12.2.0',
    'the version is stored');

SELECT * FROM finish();
ROLLBACK;
