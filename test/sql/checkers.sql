-- Checkers: set_checker and set_stop_at_first_failure (rights, validation
-- with IV018, hostile arguments), what a claim carries to the judge, and
-- that the program of a custom checker is never readable through the proxy
-- role.
BEGIN;
SELECT plan(37);

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivk_acme', 1) AS acme \gset
SELECT interview.create_problem('ivk_p1', 'checked', NULL, '10 minutes', 1500, 65536) AS p1 \gset
SELECT interview.add_test_case(:p1, '1 2', '3', true) AS tc1 \gset
SELECT interview.add_test_case(:p1, '2 2', '4') AS tc2 \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT ivtest.share_tap();

SELECT is((SELECT checker FROM interview.problem WHERE id = :p1), 'exact', 'the default checker is exact');
SELECT is((SELECT stop_at_first_failure FROM interview.problem WHERE id = :p1), false,
    'by default every test runs');

-- Built-in checkers.
SELECT lives_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'tokens'), 'tokens');
SELECT is((SELECT checker FROM interview.problem WHERE id = :p1), 'tokens', 'is stored');
SELECT lives_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'unordered'), 'unordered');
SELECT lives_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:1e-6'), 'float:1e-6');
SELECT lives_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:0.5'), 'float:0.5');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:0'), 'IV018',
    'invalid float tolerance', 'a tolerance of 0 is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:2'), 'IV018',
    'invalid float tolerance', 'a tolerance over 1 is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:nan'), 'IV018',
    'invalid float tolerance', 'nan is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'float:1e-6; DROP TABLE x'), 'IV018',
    NULL, 'injection in the tolerance is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'regex'), 'IV018',
    'unknown checker', 'an unknown checker is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, repeat('x', 10000)), 'IV018',
    'unknown checker', 'an oversized checker name is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, NULL)', :p1), 'IV018',
    'checker must not be null', 'a null checker is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L, %L, %L)', :p1, 'tokens', 'x', 'cpp'), 'IV018',
    'checker code given for a built-in checker', 'a built-in checker takes no code');
SELECT throws_ok('SELECT interview.set_checker(-1, ''tokens'')', 'IV011', 'problem not found',
    'an unknown problem gives IV011');
SELECT is((SELECT checker FROM interview.problem WHERE id = :p1), 'float:0.5',
    'refused calls changed nothing');

-- Custom checkers.
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'custom'), 'IV018',
    'custom checker needs code and language', 'custom needs code and language');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L, %L, %L)', :p1, 'custom', '', 'cpp'), 'IV018',
    'checker code empty or too large', 'empty checker code is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L, %L, %L)', :p1, 'custom', repeat('x', 65537), 'cpp'),
    'IV018', 'checker code empty or too large', 'checker code over 64 KiB is refused');
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L, %L, %L)', :p1, 'custom', 'x', 'cobol'), 'IV005',
    'unknown language', 'an unknown checker language gives IV005');
SELECT lives_ok(format('SELECT interview.set_checker(%s, %L, %L, %L)', :p1, 'custom',
    'import sys; sys.exit(0)', 'python3'), 'a custom python3 checker');
SELECT results_eq(format('SELECT language, code, code_hash FROM interview.custom_checker WHERE problem_id = %s', :p1),
    $$VALUES ('python3'::text, 'import sys; sys.exit(0)'::text,
              encode(sha256(convert_to('python3' || E'\n' || 'import sys; sys.exit(0)', 'UTF8')), 'hex'))$$,
    'its program and hash are stored');
SELECT interview.set_stop_at_first_failure(:p1, true) AS _ \gset
SELECT is((SELECT stop_at_first_failure FROM interview.problem WHERE id = :p1), true,
    'set_stop_at_first_failure sets the flag');
SELECT throws_ok('SELECT interview.set_stop_at_first_failure(-1, true)', 'IV011', 'problem not found',
    'for an unknown problem: IV011');

-- The claim carries the checker, the flag and which tests are samples.
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv \gset
SELECT id AS t1 FROM interview.task WHERE interview_id = :iv \gset
SELECT interview.submit_task(:t1, 'python3', 'print(3)') AS s1 \gset
SELECT throws_ok(format('SELECT interview.set_checker(%s, %L)', :p1, 'exact'), 'IV008',
    'permission denied', 'candidates may not set checkers');
SELECT throws_ok(format('SELECT interview.set_stop_at_first_failure(%s, false)', :p1), 'IV008',
    'permission denied', 'nor the stop flag');
SET LOCAL ROLE interview_judge;
SELECT interview.claim_submission('host:1/0') AS c1 \gset
RESET ROLE;
SELECT is((:'c1'::jsonb->>'submission_id')::bigint, :s1::bigint, 'the submission is claimed');
SELECT is(:'c1'::jsonb->>'checker', 'custom', 'with its checker');
SELECT is(:'c1'::jsonb->>'checker_code', 'import sys; sys.exit(0)', 'the checker''s code');
SELECT is(:'c1'::jsonb->>'checker_language', 'python3', 'its language');
SELECT is(length(:'c1'::jsonb->>'checker_hash'), 64, 'its hash');
SELECT is((:'c1'::jsonb->>'stop_at_first_failure')::boolean, true, 'the stop flag');
SELECT is((SELECT array_agg((t->>'is_sample')::boolean ORDER BY (t->>'ordinal')::int)
           FROM jsonb_array_elements(:'c1'::jsonb->'tests') t), ARRAY[true, false],
    'and which tests are samples');

-- The proxy role never reads the checker's program.
SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT throws_ok('SELECT code FROM interview.custom_checker', '42501', NULL,
    'the proxy role cannot read custom_checker, not even for staff');
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT is((SELECT checker FROM interview.problem WHERE id = :p1), 'custom',
    'candidates see which kind of checker their problem has');
RESET ROLE;

-- Back to a built-in checker: the program is dropped.
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.set_checker(:p1, 'exact') AS _ \gset
SELECT is((SELECT count(*) FROM interview.custom_checker WHERE problem_id = :p1), 0::bigint,
    'a built-in checker drops the custom program');

SELECT * FROM finish();
ROLLBACK;
