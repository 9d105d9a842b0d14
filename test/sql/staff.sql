-- staff: create_company, create_problem, set_code_template, add_test_case,
-- assign_problem; who may call them and what they refuse.
BEGIN;
SELECT plan(59);
SELECT ivtest.share_tap();

-- Who may -------------------------------------------------------------------

SELECT throws_ok($$SELECT interview.create_company('Nobody Inc')$$,
    'IV009', 'not authenticated', 'create_company needs an identity');
SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT throws_ok($$SELECT interview.create_company('Cand Inc')$$,
    'IV008', 'permission denied', 'a candidate cannot create a company');
SELECT throws_ok($$SELECT interview.create_problem('Cand problem')$$,
    'IV008', 'permission denied', 'a candidate cannot create a problem');
SELECT throws_ok($$SELECT interview.set_code_template(1, 'c', 'x')$$,
    'IV008', 'permission denied', 'a candidate cannot set a code template');
SELECT throws_ok($$SELECT interview.add_test_case(1, '1', '1')$$,
    'IV008', 'permission denied', 'a candidate cannot add a test case');
SELECT throws_ok($$SELECT interview.assign_problem(1, 1)$$,
    'IV008', 'permission denied', 'a candidate cannot assign a problem');
SELECT is((SELECT count(*) FROM interview.company WHERE name IN ('Nobody Inc', 'Cand Inc')),
    0::bigint, 'refused calls created nothing');

SELECT interview.authenticate(ivtest.token('staff_s'));

-- create_company --------------------------------------------------------------

CREATE TEMP TABLE c AS SELECT interview.create_company('Acme', 2) AS id;
SELECT is((SELECT name || '/' || problems_per_interview FROM interview.company
           WHERE id = (SELECT id FROM c)), 'Acme/2', 'create_company returns the new company');
CREATE TEMP TABLE c2 AS SELECT interview.create_company('Globex') AS id;
SELECT is((SELECT problems_per_interview FROM interview.company
           WHERE id = (SELECT id FROM c2)), 3, 'problems_per_interview defaults to 3');
SELECT throws_ok($$SELECT interview.create_company('Acme')$$,
    'IV012', 'company already exists', 'a company name is unique');
SELECT throws_ok($$SELECT interview.create_company('')$$,
    'IV012', 'invalid company name', 'an empty name is refused');
SELECT throws_ok($$SELECT interview.create_company(NULL)$$,
    'IV012', 'invalid company name', 'a null name is refused');
SELECT throws_ok($$SELECT interview.create_company(repeat('n', 65))$$,
    'IV012', 'invalid company name', 'a 65-character name is refused');
SELECT lives_ok($$SELECT interview.create_company(repeat('n', 64))$$,
    'a 64-character name is accepted');
SELECT throws_ok($$SELECT interview.create_company('Zero', 0)$$,
    'IV012', 'invalid problems_per_interview', 'zero problems per interview is refused');
SELECT throws_ok($$SELECT interview.create_company('Many', 101)$$,
    'IV012', 'invalid problems_per_interview', 'over 100 problems per interview is refused');

-- create_problem ----------------------------------------------------------------

CREATE TEMP TABLE p AS SELECT interview.create_problem('Sum', 'Add two numbers.') AS id;
SELECT is((SELECT row(title, text, duration, time_limit_ms, memory_limit_kb)::text
           FROM interview.problem WHERE id = (SELECT id FROM p)),
    '(Sum,"Add two numbers.",00:30:00,2000,262144)',
    'create_problem creates a problem with the default duration and limits');
SELECT is((SELECT count(*) FROM interview.code_template WHERE problem_id = (SELECT id FROM p)),
    0::bigint, 'no code_template, no template rows');
SELECT is(interview.create_problem('Sum', 'Add two integers.', 'int main(void) {}',
        '45 minutes', 1000, 65536), (SELECT id FROM p),
    'the same title updates the problem and returns its id');
SELECT is((SELECT row(text, duration, time_limit_ms, memory_limit_kb)::text
           FROM interview.problem WHERE id = (SELECT id FROM p)),
    '("Add two integers.",00:45:00,1000,65536)', 'the update replaced text, duration and limits');
SELECT is((SELECT count(*) FROM interview.problem WHERE title = 'Sum'), 1::bigint,
    'there is still one problem of that title');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = '*'), 'int main(void) {}',
    'a non-null code_template sets the default template');
SELECT interview.create_problem('Sum', 'Add two integers.', NULL, '45 minutes');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = '*'), 'int main(void) {}',
    'a null code_template keeps the templates');
SELECT interview.create_problem('Sum', 'Add two integers.', '// new default');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = '*'), '// new default',
    'a new code_template replaces the default template');
CREATE TEMP TABLE p0 AS SELECT interview.create_problem('Untitled text', NULL) AS id;
SELECT is((SELECT text FROM interview.problem WHERE id = (SELECT id FROM p0)),
    '', 'a null text is stored as empty');
SELECT throws_ok($$SELECT interview.create_problem('')$$,
    'IV012', 'invalid title', 'an empty title is refused');
SELECT throws_ok($$SELECT interview.create_problem(NULL)$$,
    'IV012', 'invalid title', 'a null title is refused');
SELECT throws_ok($$SELECT interview.create_problem(repeat('t', 257))$$,
    'IV012', 'invalid title', 'a 257-character title is refused');
SELECT throws_ok($$SELECT interview.create_problem('Zero time', '', NULL, '0 seconds')$$,
    'IV012', 'invalid duration', 'a zero duration is refused');
SELECT throws_ok($$SELECT interview.create_problem('Negative', '', NULL, '-5 minutes')$$,
    'IV012', 'invalid duration', 'a negative duration is refused');
SELECT throws_ok($$SELECT interview.create_problem('Long', '', NULL, '25 hours')$$,
    'IV012', 'invalid duration', 'a duration over a day is refused');
SELECT throws_ok($$SELECT interview.create_problem('Fast', '', NULL, '5 minutes', 0)$$,
    'IV012', 'invalid time limit', 'a zero time limit is refused');
SELECT throws_ok($$SELECT interview.create_problem('Slow', '', NULL, '5 minutes', 60001)$$,
    'IV012', 'invalid time limit', 'a time limit over 60 s is refused');
SELECT throws_ok($$SELECT interview.create_problem('Tiny', '', NULL, '5 minutes', 1000, 1023)$$,
    'IV012', 'invalid memory limit', 'a memory limit under 1 MiB is refused');
SELECT throws_ok($$SELECT interview.create_problem('Huge', '', NULL, '5 minutes', 1000, 4194305)$$,
    'IV012', 'invalid memory limit', 'a memory limit over 4 GiB is refused');
SELECT throws_ok($$SELECT interview.create_problem('Big template', '', repeat('x', 65537))$$,
    'IV012', 'code template too large', 'a template over 64 KiB is refused');
SELECT is((SELECT count(*) FROM interview.problem
           WHERE title IN ('Zero time', 'Negative', 'Long', 'Fast', 'Slow', 'Tiny', 'Huge',
                           'Big template')), 0::bigint, 'refused problems were not created');

-- set_code_template ---------------------------------------------------------------

SELECT lives_ok($$SELECT interview.set_code_template((SELECT id FROM p), 'python3', 'print()')$$,
    'set_code_template sets a language template');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = 'python3'), 'print()',
    'the template row exists');
SELECT interview.set_code_template((SELECT id FROM p), 'python3', 'import sys');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = 'python3'), 'import sys',
    'setting it again replaces it');
SELECT interview.set_code_template((SELECT id FROM p), '*', '/* any */');
SELECT is((SELECT code FROM interview.code_template
           WHERE problem_id = (SELECT id FROM p) AND language = '*'), '/* any */',
    'language * sets the default template');
SELECT throws_ok($$SELECT interview.set_code_template((SELECT id FROM p), 'cobol', 'x')$$,
    'IV005', 'unknown language', 'a language not in interview.language is refused');
SELECT throws_ok($$SELECT interview.set_code_template((SELECT id FROM p), NULL, 'x')$$,
    'IV005', 'unknown language', 'a null language is refused');
SELECT throws_ok($$SELECT interview.set_code_template(-1, 'c', 'x')$$,
    'IV011', 'problem not found', 'an unknown problem is refused');
SELECT throws_ok($$SELECT interview.set_code_template((SELECT id FROM p), 'c', NULL)$$,
    'IV012', 'invalid code template', 'a null template is refused');

-- add_test_case -------------------------------------------------------------------

CREATE TEMP TABLE tc AS
    SELECT 1 AS n, interview.add_test_case((SELECT id FROM p), '1 2', '3', true) AS id;
INSERT INTO tc SELECT 2, interview.add_test_case((SELECT id FROM p), '2 2', '4');
INSERT INTO tc SELECT 3, interview.add_test_case((SELECT id FROM p), '5 5', '10', false);
SELECT is((SELECT array_agg(t.ordinal ORDER BY tc.n) FROM tc JOIN interview.test_case t USING (id)),
    ARRAY[1, 2, 3], 'ordinals follow each other from 1');
SELECT is((SELECT array_agg(t.is_sample ORDER BY tc.n) FROM tc JOIN interview.test_case t USING (id)),
    ARRAY[true, false, false], 'is_sample is stored and defaults to false');
SELECT is((SELECT input || '=>' || expected_output FROM interview.test_case
           WHERE id = (SELECT id FROM tc WHERE n = 3)), '5 5=>10', 'input and output are stored');
CREATE TEMP TABLE p2 AS SELECT interview.create_problem('Product') AS id;
INSERT INTO tc SELECT 4, interview.add_test_case((SELECT id FROM p2), '2 3', '6');
SELECT is((SELECT ordinal FROM interview.test_case WHERE id = (SELECT id FROM tc WHERE n = 4)), 1,
    'ordinals are per problem');
SELECT throws_ok($$SELECT interview.add_test_case(-1, '1', '1')$$,
    'IV011', 'problem not found', 'an unknown problem is refused');
SELECT throws_ok($$SELECT interview.add_test_case(NULL, '1', '1')$$,
    'IV011', 'problem not found', 'a null problem is refused');
SELECT throws_ok($$SELECT interview.add_test_case((SELECT id FROM p), NULL, '1')$$,
    'IV012', 'invalid test case', 'a null input is refused');
SELECT throws_ok($$SELECT interview.add_test_case((SELECT id FROM p), '1', NULL)$$,
    'IV012', 'invalid test case', 'a null expected output is refused');

-- assign_problem ------------------------------------------------------------------

SELECT is(interview.assign_problem((SELECT id FROM c), (SELECT id FROM p)), true,
    'assign_problem adds a problem to a company');
SELECT is(interview.assign_problem((SELECT id FROM c), (SELECT id FROM p)), false,
    'assigning it again returns false');
SELECT is((SELECT count(*) FROM interview.problem_set
           WHERE company_id = (SELECT id FROM c) AND problem_id = (SELECT id FROM p)), 1::bigint,
    'the problem_set row exists once');
SELECT throws_ok($$SELECT interview.assign_problem(-1, (SELECT id FROM p))$$,
    'IV011', 'company not found', 'an unknown company is refused');
SELECT throws_ok($$SELECT interview.assign_problem((SELECT id FROM c), -1)$$,
    'IV011', 'problem not found', 'an unknown problem is refused');

-- Staff work through the proxy role too.
SELECT ivtest.share_tap();
SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT is(interview.assign_problem((SELECT id FROM c2), (SELECT id FROM p2)), true,
    'a staff account assigns a problem through the proxy role');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
