-- report: interview_report, company_report, company_report_csv: who may
-- read what (a candidate their own, without hidden test data), and what
-- they count.
BEGIN;
SELECT plan(40);
SELECT ivtest.share_tap();

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivr_acme', 2) AS acme \gset
SELECT interview.create_problem('ivr_sum', 'Add.', NULL, '10 minutes') AS p1 \gset
SELECT interview.create_problem('ivr_echo', 'Echo.', NULL, '10 minutes') AS p2 \gset
SELECT interview.add_test_case(:p1, '1 2', '3', true) AS tc1 \gset
SELECT interview.add_test_case(:p1, '2 2', '4') AS tc2 \gset
SELECT interview.add_test_case(:p2, 'x', 'x') AS tc3 \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT interview.assign_problem(:acme, :p2) AS _ \gset

-- cand_a: WA on the hidden test, then AC, on p1; nothing on p2.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv \gset
SELECT id AS t1 FROM interview.task WHERE interview_id = :iv AND problem_id = :p1 \gset
SELECT interview.submit_task(:t1, 'c', 'int main(void) { return 1; }') AS s1 \gset
SELECT interview.submit_task(:t1, 'python3', 'print(sum(map(int, input().split())))') AS s2 \gset
RESET ROLE;
SELECT interview.claim_submission('w') AS c1 \gset
SELECT interview.report_verdict(:s1, (:'c1'::jsonb->>'token')::bigint,
    json_build_object('verdict', 'WA', 'failed_at', 2, 'failed_output', 'hidden secret', 'time_ms', 3,
        'tests', json_build_array(
            json_build_object('test_case_id', :tc1, 'verdict', 'AC', 'time_ms', 1),
            json_build_object('test_case_id', :tc2, 'verdict', 'WA', 'time_ms', 3)))::jsonb) AS _ \gset
SELECT interview.claim_submission('w') AS c2 \gset
SELECT interview.report_verdict(:s2, (:'c2'::jsonb->>'token')::bigint,
    json_build_object('verdict', 'AC', 'time_ms', 5,
        'tests', json_build_array(
            json_build_object('test_case_id', :tc1, 'verdict', 'AC', 'time_ms', 4),
            json_build_object('test_case_id', :tc2, 'verdict', 'AC', 'time_ms', 5)))::jsonb) AS _ \gset

-- Who may -------------------------------------------------------------------

SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT throws_ok(format('SELECT interview.interview_report(%s)', :iv), 'IV011', 'interview not found',
    'another candidate''s report does not exist for cand_b');
SELECT throws_ok(format('SELECT interview.company_report(%s)', :acme), 'IV008', 'permission denied',
    'a candidate cannot read the company report');
SELECT throws_ok(format('SELECT interview.company_report_csv(%s)', :acme), 'IV008', 'permission denied',
    'nor its CSV');
SELECT throws_ok('SELECT interview.interview_report(-1)', 'IV011', 'interview not found',
    'an unknown interview gives IV011');

-- The candidate's own report ---------------------------------------------------

SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.interview_report(:iv) AS r \gset
SELECT is((:'r'::jsonb->>'interview_id')::bigint, :iv::bigint, 'a candidate reads their own report');
SELECT is(:'r'::jsonb->'candidate'->>'username', 'cand_a', 'it names the candidate');
SELECT is(:'r'::jsonb->'company'->>'name', 'ivr_acme', 'and the company');
SELECT is(:'r'::jsonb->>'finished_time', NULL, 'an ongoing interview has no finish time');
SELECT ok(:'r'::jsonb->>'start_time' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$', 'times are ISO 8601 UTC');
SELECT is((:'r'::jsonb->>'attempts')::int, 2, 'two submissions in all');
SELECT is((:'r'::jsonb->>'solved')::int || '/' || (:'r'::jsonb->>'tasks_total'), '1/2', 'one of two tasks solved');
SELECT is(jsonb_array_length(:'r'::jsonb->'tasks'), 2, 'one entry per task');
CREATE TEMP TABLE task_a AS
    SELECT t AS j FROM jsonb_array_elements(:'r'::jsonb->'tasks') t WHERE (t->'problem'->>'id')::bigint = :p1;
GRANT SELECT ON task_a TO PUBLIC;
SELECT is((SELECT j->'problem'->>'title' FROM task_a), 'ivr_sum', 'a task names its problem');
SELECT is((SELECT (j->>'attempts')::int FROM task_a), 2, 'its attempts');
SELECT is((SELECT j->>'first_verdict' FROM task_a), 'WA', 'its first verdict');
SELECT is((SELECT j->>'best_verdict' || ' ' || (j->>'best_passed') || '/' || (j->>'best_total') FROM task_a),
    'AC 2/2', 'its best verdict with passed/total');
SELECT is((SELECT (j->>'best_submission_id')::bigint FROM task_a), :s2::bigint, 'and which submission that was');
SELECT ok((SELECT (j->>'first_ac_seconds')::int >= 0 FROM task_a), 'the time from start to the first AC');
SELECT is((SELECT j->'languages' FROM task_a), '["c", "python3"]'::jsonb, 'the languages used');
SELECT is((SELECT j->'submissions'->0->>'code' FROM task_a), 'int main(void) { return 1; }',
    'each submission with its code');
SELECT is((SELECT j->'submissions'->0->>'passed' || '/' || (j->'submissions'->0->>'total') FROM task_a),
    '1/2', 'and its passed/total');
SELECT is((SELECT jsonb_array_length(j->'submissions'->0->'tests') FROM task_a), 2,
    'and its per-test results');
SELECT is((SELECT (j->'submissions'->0->'tests'->1) - 'time_ms' FROM task_a),
    '{"detail": null, "ordinal": 2, "verdict": "WA", "is_sample": false, "memory_kb": 0,
      "actual_output": null, "checker_message": null}'::jsonb,
    'a hidden test''s result has no test data');
SELECT is((SELECT (j->'submissions'->0->'tests'->1->>'time_ms')::int FROM task_a),
    (SELECT hidden_time_ms FROM interview.submission WHERE id = :s1),
    'its time is the coarse figure of hidden tests, as visible_test_result gives it');
SELECT isnt((SELECT (j->'submissions'->0->'tests'->1->>'time_ms')::int FROM task_a), 3,
    'not the exact time of the hidden test');
SELECT is((SELECT (j->'submissions'->0->>'time_ms')::int FROM task_a), interview.visible_time_ms(:s1),
    'a submission''s time is what visible_time_ms shows the candidate');
SELECT is((SELECT j->'submissions'->0->>'failed_output' FROM task_a), NULL,
    'the candidate does not see the output of a failed hidden test');
SELECT ok(position('hidden secret' in :'r') = 0 AND position('2 2' in :'r') = 0,
    'no hidden input or output anywhere in the candidate''s report');
SELECT is((SELECT coalesce(j->>'best_verdict', 'none') || '|' || (j->>'attempts') || '|' || (j->>'solved')
           FROM jsonb_array_elements(:'r'::jsonb->'tasks') t(j) WHERE (j->'problem'->>'id')::bigint = :p2),
    'none|0|false', 'an untouched task has no best verdict and no attempts');

-- Staff ------------------------------------------------------------------------

SELECT interview.finish_interview() AS _ \gset
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.interview_report(:iv) AS rs \gset
SELECT is((SELECT t->'submissions'->0->>'failed_output' FROM jsonb_array_elements(:'rs'::jsonb->'tasks') t
           WHERE (t->'problem'->>'id')::bigint = :p1), 'hidden secret',
    'staff see the output of a failed hidden test');
SELECT ok(:'rs'::jsonb->>'finished_time' IS NOT NULL, 'a finished interview has its finish time');
SELECT is((SELECT (t->'submissions'->0->'tests'->1->>'time_ms')::int FROM jsonb_array_elements(:'rs'::jsonb->'tasks') t
           WHERE (t->'problem'->>'id')::bigint = :p1), 3,
    'staff see the exact time of a hidden test');

SELECT is((SELECT count(*) FROM interview.company_report(:acme)), 1::bigint,
    'company_report has one row per interview');
SELECT is((SELECT row(interview_id = :iv, candidate, email, tasks, solved, attempts)::text
           FROM interview.company_report(:acme)), '(t,cand_a,a@example.com,2,1,2)',
    'with the candidate, tasks, solved tasks and attempts');
SELECT ok((SELECT time_used >= '0'::interval AND finished_at IS NOT NULL FROM interview.company_report(:acme)),
    'and the time used');
SELECT throws_ok('SELECT interview.company_report(-1)', 'IV011', 'company not found',
    'an unknown company gives IV011');

SELECT interview.company_report_csv(:acme) AS csv \gset
SELECT is(split_part(:'csv', E'\r\n', 1),
    'interview_id,candidate,email,started_at,finished_at,tasks,solved,attempts,time_used_seconds',
    'the CSV starts with its header');
SELECT ok(split_part(:'csv', E'\r\n', 2) ~ ('^' || :iv || ',cand_a,a@example.com,\d{4}-[^,]+Z,\d{4}-[^,]+Z,2,1,2,\d+$'),
    'then one line per interview');
-- A username a spreadsheet would run as a formula is quoted.
SELECT interview.register('+ivr_formula', 'password-f') AS _ \gset
UPDATE interview.interview SET account_id = (SELECT id FROM interview.account WHERE username = '+ivr_formula')
    WHERE id = :iv;
SELECT ok(position(E'"''+ivr_formula"' in interview.company_report_csv(:acme)) > 0,
    'a cell starting with + is quoted behind an apostrophe');
UPDATE interview.account SET email = 'a,"b"@example.com' WHERE username = '+ivr_formula';
SELECT ok(position('"a,""b""@example.com"' in interview.company_report_csv(:acme)) > 0,
    'commas and quotes are quoted');

SELECT * FROM finish();
ROLLBACK;
