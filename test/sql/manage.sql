-- manage: update_company, update_problem, update_test_case, delete_test_case,
-- reorder_test_cases, unassign_problem, archive_problem, archive_company,
-- delete_problem, delete_company, rejudge, rejudge_problem: who may call
-- them, what they refuse, and that no candidate's work is lost.
-- (problem.version across transactions: versions.t.)
BEGIN;
SELECT plan(125);
SELECT ivtest.share_tap();

-- Who may ----------------------------------------------------------------------

CREATE TEMP TABLE calls (sql text);
GRANT SELECT ON calls TO PUBLIC;
INSERT INTO calls VALUES
    ('SELECT interview.update_company(1, ''x'')'),
    ('SELECT interview.update_problem(1, ''{"text": "x"}'')'),
    ('SELECT interview.update_test_case(1, ''1'')'),
    ('SELECT interview.delete_test_case(1)'),
    ('SELECT interview.reorder_test_cases(1, ARRAY[1])'),
    ('SELECT interview.unassign_problem(1, 1)'),
    ('SELECT interview.archive_problem(1)'),
    ('SELECT interview.archive_company(1)'),
    ('SELECT interview.delete_problem(1)'),
    ('SELECT interview.delete_company(1)'),
    ('SELECT interview.rejudge(1)'),
    ('SELECT interview.rejudge_problem(1)');
SELECT throws_ok(sql, 'IV009', 'not authenticated', 'nobody acting: ' || sql) FROM calls;
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT throws_ok(sql, 'IV008', 'permission denied', 'a candidate: ' || sql) FROM calls;
SET LOCAL ROLE interview_proxy;
SELECT is(has_function_privilege('interview.rejudge(bigint)', 'EXECUTE'), true,
    'the proxy role may call rejudge (the function decides)');
RESET ROLE;

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivm_acme', 2) AS acme \gset
SELECT interview.create_company('ivm_globex', 1) AS globex \gset
SELECT interview.create_problem('ivm_sum', 'Add.', NULL, '10 minutes', 1500, 65536) AS p1 \gset
SELECT interview.create_problem('ivm_echo', 'Echo.') AS p2 \gset
SELECT interview.create_problem('ivm_unused', 'Nobody drew it.') AS p3 \gset
SELECT interview.add_test_case(:p1, '1 2', '3', true) AS tc1 \gset
SELECT interview.add_test_case(:p1, '2 2', '4') AS tc2 \gset
SELECT interview.add_test_case(:p1, '5 5', '10') AS tc3 \gset
SELECT interview.add_test_case(:p2, 'x', 'x') AS tcx \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT interview.assign_problem(:acme, :p2) AS _ \gset
SELECT interview.assign_problem(:globex, :p3) AS _ \gset


SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset

-- update_company ---------------------------------------------------------------

SELECT is(interview.update_company(:acme, 'ivm_acme2'), :acme::bigint, 'update_company returns the id');
SELECT is((SELECT name || '/' || problems_per_interview FROM interview.company WHERE id = :acme),
    'ivm_acme2/2', 'a null problems_per_interview keeps it');
SELECT interview.update_company(:acme, NULL, 3) AS _ \gset
SELECT is((SELECT name || '/' || problems_per_interview FROM interview.company WHERE id = :acme),
    'ivm_acme2/3', 'a null name keeps it');
SELECT throws_ok(format('SELECT interview.update_company(%s, %L)', :acme, 'ivm_globex'),
    'IV012', 'company already exists', 'a name taken by another company is refused');
SELECT throws_ok(format('SELECT interview.update_company(%s, %L)', :acme, ''),
    'IV012', 'invalid company name', 'an empty name is refused');
SELECT throws_ok(format('SELECT interview.update_company(%s, repeat(%L, 65))', :acme, 'n'),
    'IV012', 'invalid company name', 'a 65-character name is refused');
SELECT throws_ok(format('SELECT interview.update_company(%s, NULL, 0)', :acme),
    'IV012', 'invalid problems_per_interview', 'zero problems per interview is refused');
SELECT throws_ok('SELECT interview.update_company(-1, ''x'')', 'IV011', 'company not found',
    'an unknown company gives IV011');
SELECT throws_ok('SELECT interview.update_company(NULL, ''x'')', 'IV011', 'company not found',
    'a null id gives IV011');
SELECT lives_ok(format('SELECT interview.update_company(%s, %L)', :acme,
    'x''); DROP TABLE interview.company; --'), 'a name that looks like SQL is only a name');
SELECT is((SELECT name FROM interview.company WHERE id = :acme),
    'x''); DROP TABLE interview.company; --', 'and is stored as given');
SELECT interview.update_company(:acme, 'ivm_acme') AS _ \gset

-- update_problem ---------------------------------------------------------------

SELECT is(interview.update_problem(:p1, '{"title": "ivm_sum2", "text": "Add **two**.", "duration": 900, "time_limit_ms": 1000, "memory_limit_kb": 131072}'),
    :p1::bigint, 'update_problem returns the id');
SELECT is((SELECT row(title, text, duration, time_limit_ms, memory_limit_kb)::text
           FROM interview.problem WHERE id = :p1),
    '(ivm_sum2,"Add **two**.",00:15:00,1000,131072)', 'every named field changed');
SELECT interview.update_problem(:p1, '{"duration": "20 minutes"}') AS _ \gset
SELECT is((SELECT duration FROM interview.problem WHERE id = :p1), '20 minutes'::interval,
    'a duration may be an interval string');
SELECT interview.update_problem(:p1, '{}') AS _ \gset
SELECT is((SELECT row(title, time_limit_ms)::text FROM interview.problem WHERE id = :p1),
    '(ivm_sum2,1000)', 'an empty object changes nothing');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"id": 7}'),
    'IV012', 'unknown problem field', 'the id cannot be changed');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"version": 99}'),
    'IV012', 'unknown problem field', 'the version cannot be set');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1,
    '{"title = ''x'', text": "y"}'),
    'IV012', 'unknown problem field', 'a key that looks like SQL is an unknown field');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '[1, 2]'),
    'IV012', 'invalid changes', 'an array is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, NULL)', :p1),
    'IV012', 'invalid changes', 'null changes are refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"title": "ivm_echo"}'),
    'IV012', 'problem title already exists', 'a title taken by another problem is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"title": ""}'),
    'IV012', 'invalid title', 'an empty title is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"title": 5}'),
    'IV012', 'invalid change of title', 'a title must be a string');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"time_limit_ms": 0}'),
    'IV012', 'invalid change of time_limit_ms', 'a zero time limit is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"time_limit_ms": 1.5}'),
    'IV012', 'invalid change of time_limit_ms', 'a fractional time limit is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"memory_limit_kb": "lots"}'),
    'IV012', 'invalid change of memory_limit_kb', 'a memory limit must be a number');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"duration": 0}'),
    'IV012', 'invalid change of duration', 'a zero duration is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"duration": "2 days"}'),
    'IV012', 'invalid duration', 'a duration over a day is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L)', :p1, '{"duration": "soon"}'),
    '22007', NULL, 'a malformed interval is refused');
SELECT throws_ok(format('SELECT interview.update_problem(%s, %L::jsonb)', :p1,
    json_build_object('text', repeat('t', 1048577))),
    'IV012', 'problem text too large', 'a text over 1 MiB is refused');
SELECT throws_ok('SELECT interview.update_problem(-1, ''{}'')', 'IV011', 'problem not found',
    'an unknown problem gives IV011');
SELECT is((SELECT title FROM interview.problem WHERE id = :p1), 'ivm_sum2',
    'refused updates changed nothing');

-- update_test_case, delete_test_case, reorder_test_cases -----------------------

SELECT is(interview.update_test_case(:tc2, '2 3', '5'), :tc2::bigint, 'update_test_case returns the id');
SELECT is((SELECT row(input, expected_output, is_sample)::text FROM interview.test_case WHERE id = :tc2),
    '("2 3",5,f)', 'input and output changed, is_sample kept');
SELECT interview.update_test_case(:tc2, NULL, NULL, true) AS _ \gset
SELECT is((SELECT row(input, expected_output, is_sample)::text FROM interview.test_case WHERE id = :tc2),
    '("2 3",5,t)', 'only is_sample changed');
SELECT throws_ok('SELECT interview.update_test_case(-1, ''1'')', 'IV011', 'test case not found',
    'an unknown test case gives IV011');
SELECT throws_ok(format('SELECT interview.update_test_case(%s, repeat(''x'', 16777217))', :tc2),
    'IV012', 'test case too large', 'an input over 16 MiB is refused');

SELECT is(interview.reorder_test_cases(:p1, ARRAY[:tc3, :tc1, :tc2]::bigint[]), 3,
    'reorder_test_cases returns the number of test cases');
SELECT is((SELECT array_agg(id ORDER BY ordinal) FROM interview.test_case WHERE problem_id = :p1),
    ARRAY[:tc3, :tc1, :tc2]::bigint[], 'the test cases are in the new order');
SELECT is((SELECT array_agg(ordinal ORDER BY ordinal) FROM interview.test_case WHERE problem_id = :p1),
    ARRAY[1, 2, 3], 'numbered 1..3');
SELECT throws_ok(format('SELECT interview.reorder_test_cases(%s, ARRAY[%s, %s]::bigint[])', :p1, :tc1, :tc2),
    'IV012', 'invalid test case order', 'a list missing a test case is refused');
SELECT throws_ok(format('SELECT interview.reorder_test_cases(%s, ARRAY[%s, %s, %s]::bigint[])', :p1, :tc1, :tc1, :tc2),
    'IV012', 'invalid test case order', 'a list naming one twice is refused');
SELECT throws_ok(format('SELECT interview.reorder_test_cases(%s, ARRAY[%s, %s, %s]::bigint[])', :p1, :tc1, :tc2, :tcx),
    'IV012', 'invalid test case order', 'a test case of another problem is refused');
SELECT throws_ok(format('SELECT interview.reorder_test_cases(%s, ARRAY[%s, %s, NULL]::bigint[])', :p1, :tc1, :tc2),
    'IV012', 'invalid test case order', 'a null in the list is refused');
SELECT throws_ok(format('SELECT interview.reorder_test_cases(%s, NULL)', :p1),
    'IV012', 'invalid test case order', 'a null list is refused');
SELECT throws_ok('SELECT interview.reorder_test_cases(-1, ''{}'')', 'IV011', 'problem not found',
    'an unknown problem gives IV011');
SELECT interview.reorder_test_cases(:p1, ARRAY[:tc1, :tc2, :tc3]::bigint[]) AS _ \gset

-- A candidate draws both problems of acme, submits to p1; the judge reports.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv \gset
SELECT id AS t1 FROM interview.task WHERE interview_id = :iv AND problem_id = :p1 \gset
SELECT interview.submit_task(:t1, 'c', 'int main(void) { return 0; }') AS s1 \gset
SELECT interview.submit_task(:t1, 'python3', 'print(3)') AS s2 \gset
RESET ROLE;
SELECT interview.claim_submission('w') AS c1 \gset
SELECT interview.report_verdict((:'c1'::jsonb->>'submission_id')::bigint, (:'c1'::jsonb->>'token')::bigint,
    json_build_object('verdict', 'WA', 'failed_at', 2, 'failed_output', 'secret 7', 'time_ms', 3,
        'tests', json_build_array(
            json_build_object('test_case_id', :tc1, 'verdict', 'AC', 'time_ms', 1),
            json_build_object('test_case_id', :tc2, 'verdict', 'WA', 'time_ms', 3)))::jsonb) AS _ \gset
SELECT is((SELECT problem_version FROM interview.submission WHERE id = :s1), 1,
    'a claimed submission records the version of the problem');
SELECT is((:'c1'::jsonb->>'problem_version')::int, 1, 'the claim names that version');
SELECT interview.claim_submission('w') AS c2 \gset
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset

SELECT is(interview.delete_test_case(:tc2), true, 'delete_test_case returns true');
SELECT is((SELECT deleted_at IS NOT NULL FROM interview.test_case WHERE id = :tc2), true,
    'a test case with results is kept, marked deleted');
SELECT is((SELECT count(*) FROM interview.test_result WHERE submission_id = :s1), 2::bigint,
    'the results that refer to it are intact');
SELECT is((SELECT array_agg(ordinal ORDER BY ordinal) FROM interview.test_case
           WHERE problem_id = :p1 AND deleted_at IS NULL), ARRAY[1, 2],
    'the live test cases are renumbered 1..2');
SELECT is(interview.delete_test_case(:tc3), true, 'a test case without results ...');
SELECT is((SELECT count(*) FROM interview.test_case WHERE id = :tc3), 0::bigint, '... is deleted');
SELECT throws_ok(format('SELECT interview.delete_test_case(%s)', :tc2), 'IV011', 'test case not found',
    'a deleted test case cannot be deleted again');
SELECT throws_ok(format('SELECT interview.update_test_case(%s, ''1'')', :tc2), 'IV011', 'test case not found',
    'nor changed');
SELECT is(interview.add_test_case(:p1, '9 9', '18') IS NOT NULL, true, 'a new test case ...');
SELECT is((SELECT max(ordinal) FROM interview.test_case WHERE problem_id = :p1 AND deleted_at IS NULL), 2,
    '... follows the live ones');

-- A candidate sees neither the deleted sample nor hidden cases.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SET LOCAL ROLE interview_proxy;
SELECT is((SELECT array_agg(id) FROM interview.test_case WHERE problem_id = :p1), ARRAY[:tc1]::bigint[],
    'a candidate sees the live sample only');
SELECT is((SELECT count(*) FROM interview.submission_verdict_history), 0::bigint,
    'a candidate reads no verdict history');
RESET ROLE;
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset

-- rejudge ------------------------------------------------------------------------

SELECT is(interview.rejudge(:s1), 1, 'rejudge queues a judged submission');
SELECT is((SELECT row(status, verdict, failed_at, time_ms, problem_version)::text
           FROM interview.submission WHERE id = :s1), '(queued,,,,)',
    'its judgement is cleared');
SELECT is((SELECT row(passed, total, hidden_time_ms, hidden_memory_kb, shown_time_ms, shown_memory_kb)::text
           FROM interview.submission WHERE id = :s1), '(,,,,,)',
    'so are its passed/total and the figures candidates see');
SELECT is((SELECT row(result->>'passed', result->>'total')::text
           FROM interview.submission_verdict_history WHERE submission_id = :s1), '(1,2)',
    'which the history keeps');
SELECT is((SELECT count(*) FROM interview.test_result WHERE submission_id = :s1), 0::bigint,
    'its test results are cleared');
SELECT is((SELECT row(verdict, problem_version, rejudged_by = ivtest.account_id('staff_s'))::text
           FROM interview.submission_verdict_history WHERE submission_id = :s1), '(WA,1,t)',
    'the earlier verdict is in the history, with its version and who rejudged');
SELECT is((SELECT result->>'failed_output' || '|' || (result->>'failed_at') || '|' ||
                  jsonb_array_length(result->'test_results')
           FROM interview.submission_verdict_history WHERE submission_id = :s1), 'secret 7|2|2',
    'with its output, first failure and per-test results');
SELECT is((SELECT result ? 'code' FROM interview.submission_verdict_history WHERE submission_id = :s1),
    false, 'the code is not copied (it does not change)');
SELECT is(interview.rejudge(:s1), 0, 'rejudging a queued submission does nothing');
SELECT is((SELECT count(*) FROM interview.submission_verdict_history WHERE submission_id = :s1), 1::bigint,
    'and adds no history');
SELECT throws_ok('SELECT interview.rejudge(-1)', 'IV011', 'submission not found',
    'an unknown submission gives IV011');
SELECT throws_ok('SELECT interview.rejudge(NULL)', 'IV011', 'submission not found',
    'a null submission gives IV011');

-- s2 is being judged (claim c2): only_finished leaves it, false takes it back.
SELECT is(interview.rejudge_problem(:p1), 0, 'rejudge_problem skips queued and judging submissions');
SELECT is(interview.rejudge_problem(:p1, false), 1, 'with only_finished false it takes back the one being judged');
SELECT is((SELECT status FROM interview.submission WHERE id = :s2), 'queued', 'which is queued again');
RESET ROLE;
SELECT is(interview.report_verdict((:'c2'::jsonb->>'submission_id')::bigint,
    (:'c2'::jsonb->>'token')::bigint, '{"verdict": "AC"}'), false,
    'the old worker''s report is refused as stale');
-- Judge both again, then rejudge the whole problem.
SELECT interview.claim_submission('w') AS c3 \gset
SELECT interview.report_verdict((:'c3'::jsonb->>'submission_id')::bigint,
    (:'c3'::jsonb->>'token')::bigint, '{"verdict": "AC"}') AS _ \gset
SELECT interview.claim_submission('w') AS c4 \gset
SELECT interview.report_verdict((:'c4'::jsonb->>'submission_id')::bigint,
    (:'c4'::jsonb->>'token')::bigint, '{"verdict": "CE", "compile_output": "oops"}') AS _ \gset
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT is(interview.rejudge_problem(:p1), 2, 'rejudge_problem returns how many it queued');
SELECT is((SELECT count(*) FROM interview.submission_verdict_history
           WHERE submission_id IN (:s1, :s2)), 3::bigint, 'every earlier verdict is kept');
SELECT is((SELECT array_agg(verdict ORDER BY id) FROM interview.submission_verdict_history
           WHERE submission_id = :s1), ARRAY['WA', 'AC'], 'in order');
SELECT is(interview.rejudge_problem(:p2), 0, 'a problem without submissions rejudges none');
SELECT throws_ok('SELECT interview.rejudge_problem(-1)', 'IV011', 'problem not found',
    'an unknown problem gives IV011');

-- unassign, archive, delete --------------------------------------------------------

SELECT is(interview.unassign_problem(:acme, :p2), true, 'unassign_problem removes a problem from a set');
SELECT is(interview.unassign_problem(:acme, :p2), false, 'and is false the second time');
SELECT is((SELECT count(*) FROM interview.task WHERE interview_id = :iv), 2::bigint,
    'the interview that drew it keeps its task');
SELECT throws_ok(format('SELECT interview.unassign_problem(-1, %s)', :p2), 'IV011', 'company not found',
    'an unknown company gives IV011');
SELECT throws_ok(format('SELECT interview.unassign_problem(%s, -1)', :acme), 'IV011', 'problem not found',
    'an unknown problem gives IV011');

SELECT throws_ok(format('SELECT interview.delete_problem(%s)', :p1), 'IV015',
    'problem is in use, archive it instead', 'a drawn problem cannot be deleted');
SELECT throws_ok(format('SELECT interview.delete_company(%s)', :acme), 'IV015',
    'company is in use, archive it instead', 'a company with interviews cannot be deleted');
SELECT is(interview.delete_problem(:p3), true, 'a problem nobody drew is deleted');
SELECT is((SELECT count(*) FROM interview.problem WHERE id = :p3), 0::bigint, 'it is gone');
SELECT is(interview.delete_company(:globex), true, 'a company without interviews is deleted');
SELECT throws_ok(format('SELECT interview.delete_problem(%s)', :p3), 'IV011', 'problem not found',
    'deleting it again gives IV011');

SELECT is(interview.archive_problem(:p1), true, 'archive_problem archives');
SELECT is(interview.archive_problem(:p1), false, 'and is false when already archived');
SELECT is(interview.archive_company(:acme), true, 'archive_company archives');
SELECT is((SELECT count(*) FROM interview.submission WHERE task_id = :t1), 2::bigint,
    'the submissions of an archived problem are intact');
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT throws_ok(format('SELECT interview.start_interview(%s)', :acme), 'IV011', 'company not found',
    'an archived company starts no interview');
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.archive_company(:acme, false) AS _ \gset
SELECT interview.assign_problem(:acme, :p2) AS _ \gset
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv2 \gset
SELECT is((SELECT array_agg(problem_id) FROM interview.task WHERE interview_id = :iv2), ARRAY[:p2]::bigint[],
    'a restored company draws, but never its archived problem');
SELECT interview.finish_interview() AS _ \gset
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT is(interview.archive_problem(:p1, false), true, 'archive_problem(id, false) restores');
SELECT is((SELECT archived_at FROM interview.problem WHERE id = :p1), NULL, 'archived_at is cleared');

SELECT * FROM finish();
ROLLBACK;
