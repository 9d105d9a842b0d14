-- package: export_problem and import_problem (format interview-problem/1):
-- who may, what a package holds, the round trip, updating a title in
-- place, and the refusals (IV016) that leave nothing behind.
-- (A new version on re-import, across transactions: versions.t.)
BEGIN;
SELECT plan(69);
SELECT ivtest.share_tap();

SELECT throws_ok('SELECT interview.export_problem(1)', 'IV009', 'not authenticated',
    'export_problem needs an identity');
SELECT throws_ok('SELECT interview.import_problem(''{}'')', 'IV009', 'not authenticated',
    'import_problem needs an identity');
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT throws_ok('SELECT interview.export_problem(1)', 'IV008', 'permission denied',
    'a candidate cannot export');
SELECT throws_ok('SELECT interview.import_problem(''{}'')', 'IV008', 'permission denied',
    'a candidate cannot import');

SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_problem('ivp_sum', E'Add **a** and b.\n', 'read a b', '45 minutes', 1500, 65536) AS p \gset
SELECT interview.set_code_template(:p, 'python3', 'import sys') AS _ \gset
SELECT interview.add_test_case(:p, E'1 2\n', E'3\n', true) AS t1 \gset
SELECT interview.add_test_case(:p, E'2 2\n', E'4\n') AS t2 \gset
SELECT interview.add_test_case(:p, 'gone', 'gone') AS t3 \gset
SELECT interview.add_test_case(:p, E'"q" \\ \u00e9\n', E'ok\n') AS t4 \gset
SELECT interview.delete_test_case(:t3) AS _ \gset
SELECT interview.set_checker(:p, 'custom', 'import sys; sys.exit(0)', 'python3') AS _ \gset
SELECT interview.export_problem(:p) AS pkg \gset

-- What a package holds --------------------------------------------------------

SELECT is(:'pkg'::jsonb->>'format', 'interview-problem/1', 'the package names its format');
SELECT is(:'pkg'::jsonb->>'title', 'ivp_sum', 'the title');
SELECT is(:'pkg'::jsonb->>'text', E'Add **a** and b.\n', 'the statement');
SELECT is((:'pkg'::jsonb->>'duration')::int, 2700, 'the duration in seconds');
SELECT is((:'pkg'::jsonb->>'time_limit_ms')::int || '/' || (:'pkg'::jsonb->>'memory_limit_kb'),
    '1500/65536', 'the limits');
SELECT is((:'pkg'::jsonb->>'version')::int, 1, 'the version');
SELECT is(:'pkg'::jsonb->'templates', '{"*": "read a b", "python3": "import sys"}'::jsonb,
    'every template by language');
SELECT is(jsonb_array_length(:'pkg'::jsonb->'tests'), 3, 'the live test cases only');
SELECT is(:'pkg'::jsonb->'tests'->0, jsonb_build_object('input', E'1 2\n', 'expected_output', E'3\n', 'is_sample', true),
    'in order, with the sample flag');
SELECT is(:'pkg'::jsonb->'tests'->2->>'input', E'"q" \\ \u00e9\n', 'quotes, backslashes and non-ASCII survive');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(:'pkg'::jsonb) k) @>
    ARRAY['duration', 'format', 'memory_limit_kb', 'templates', 'tests', 'text', 'time_limit_ms', 'title', 'version'],
    true, 'and the keys of the format');
SELECT is((SELECT count(*) FROM jsonb_object_keys(:'pkg'::jsonb) k
           WHERE k IN ('id', 'version_xact', 'archived_at')), 0::bigint,
    'but not the id, the version transaction or the archive mark');
SELECT is(:'pkg'::jsonb->>'checker', 'custom', 'the checker');
SELECT is(:'pkg'::jsonb->>'checker_language' || ': ' || (:'pkg'::jsonb->>'checker_code'),
    'python3: import sys; sys.exit(0)', 'and a custom checker''s program');
SELECT throws_ok('SELECT interview.export_problem(-1)', 'IV011', 'problem not found',
    'an unknown problem gives IV011');
SELECT throws_ok('SELECT interview.export_problem(NULL)', 'IV011', 'problem not found',
    'a null id gives IV011');

-- Round trip ----------------------------------------------------------------

SELECT interview.import_problem(jsonb_set(:'pkg'::jsonb, '{title}', '"ivp_sum copy"')) AS q \gset
SELECT isnt(:q::bigint, :p::bigint, 'a new title makes a new problem');
SELECT is(interview.export_problem(:q) - 'title', :'pkg'::jsonb - 'title',
    'which exports exactly as the original');
SELECT is((SELECT count(*) FROM interview.test_case WHERE problem_id = :q), 3::bigint,
    'with three test cases');

SELECT is(interview.import_problem(jsonb_set(jsonb_set(:'pkg'::jsonb, '{text}', '"New words."'),
    '{tests}', '[{"input": "9", "expected_output": "9"}]')), :p::bigint,
    'importing an existing title updates that problem in place');
SELECT is((SELECT text FROM interview.problem WHERE id = :p), 'New words.', 'its text changed');
SELECT is((SELECT array_agg(input || '/' || is_sample) FROM interview.test_case
           WHERE problem_id = :p AND deleted_at IS NULL), ARRAY['9/false'],
    'its test cases are replaced (is_sample defaults to false)');
SELECT is(interview.import_problem('{"format": "interview-problem/1", "title": "ivp_min"}')
    IS NOT NULL, true, 'a package needs only its format and title');
SELECT is((SELECT row(text, duration, time_limit_ms, memory_limit_kb, version)::text
           FROM interview.problem WHERE title = 'ivp_min'), '("",00:30:00,2000,262144,1)',
    'the rest takes the defaults');
SELECT lives_ok($$SELECT interview.import_problem('{"format": "interview-problem/1",
    "title": "x''); DROP TABLE interview.problem; --"}')$$, 'a title that looks like SQL ...');
SELECT is((SELECT count(*) FROM interview.problem WHERE title LIKE 'x''); DROP%'), 1::bigint,
    '... is only a title');

-- A function problem carries its signature (set through set_signature).
SELECT interview.import_problem('{"format": "interview-problem/1", "title": "ivp_fn",
    "signature": {"function": "add", "params": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}], "returns": "int"},
    "tests": [{"input": "[1, 2]", "expected_output": "3", "is_sample": true}]}') AS fn \gset
SELECT is(interview.export_problem(:fn)->'signature'->>'function', 'add', 'a function problem exports its signature');
SELECT interview.import_problem(jsonb_set(interview.export_problem(:fn), '{title}', '"ivp_fn copy"')) AS fn2 \gset
SELECT is((SELECT signature FROM interview.problem WHERE id = :fn2),
    (SELECT signature FROM interview.problem WHERE id = :fn), 'and imports with the same signature');
SELECT throws_ok($$SELECT interview.import_problem('{"format": "interview-problem/1", "title": "ivp_bad",
    "signature": {"function": "add", "params": [{"name": "a", "type": "int"}], "returns": "int"},
    "tests": [{"input": "not json", "expected_output": "3"}]}')$$, 'IV016', 'invalid package',
    'refused: tests that do not fit the signature');

-- Refusals -------------------------------------------------------------------

CREATE TEMP TABLE bad (pkg text, why text);
GRANT SELECT ON bad TO PUBLIC;
INSERT INTO bad VALUES
    ('[]', 'an array'),
    ('{"title": "ivp_bad"}', 'no format'),
    ('{"format": "interview-problem/2", "title": "ivp_bad"}', 'another format version'),
    ('{"format": "interview-problem/1"}', 'no title'),
    ('{"format": "interview-problem/1", "title": ""}', 'an empty title'),
    ('{"format": "interview-problem/1", "title": 7}', 'a title that is a number'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "duration": 0}', 'a zero duration'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "duration": "1 hour"}', 'a duration that is not seconds'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "time_limit_ms": 60001}', 'a time limit over 60 s'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "memory_limit_kb": 1.5}', 'a fractional memory limit'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "version": 0}', 'version 0'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "tests": {}}', 'tests that are not an array'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "tests": [1]}', 'a test that is not an object'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "tests": [{"input": "1"}]}', 'a test without output'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "tests": [{"input": "1", "expected_output": 1}]}', 'an output that is a number'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "tests": [{"input": "1", "expected_output": "1", "is_sample": "yes"}]}', 'an is_sample that is not boolean'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "templates": []}', 'templates that are not an object'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "templates": {"cobol": "x"}}', 'a template of an unknown language'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "templates": {"c": 1}}', 'a template that is not a string'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "id": 1}', 'an id'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "version_xact": "1"}', 'a version transaction'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "archived_at": null}', 'an archive mark'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "text\" = 1; --": 1}', 'a key that looks like SQL'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "checker": "bogus"}', 'an unknown checker'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "checker": "custom"}', 'a custom checker without its program'),
    ('{"format": "interview-problem/1", "title": "ivp_bad", "checker_code": "x", "checker_language": "python3"}',
     'a checker program without a checker');
SELECT throws_ok(format('SELECT interview.import_problem(%L)', pkg), 'IV016', 'invalid package',
    'refused: ' || why) FROM bad;
SELECT throws_ok(format('SELECT interview.import_problem(%L::jsonb)',
    json_build_object('format', 'interview-problem/1', 'title', 'ivp_bad',
        'templates', json_build_object('c', repeat('x', 65537)))), 'IV016', 'invalid package',
    'refused: a template over 64 KiB');
SELECT throws_ok(format('SELECT interview.import_problem(%L::jsonb)',
    json_build_object('format', 'interview-problem/1', 'title', repeat('t', 257))), 'IV016', 'invalid package',
    'refused: a title over 256 characters');
SELECT throws_ok(format('SELECT interview.import_problem(%L::jsonb)',
    json_build_object('format', 'interview-problem/1', 'title', 'ivp_bad',
        'tests', (SELECT json_agg(json_build_object('input', '1', 'expected_output', '1'))
                  FROM generate_series(1, 10001)))), 'IV016', 'invalid package',
    'refused: more than 10000 tests');
SELECT throws_ok('SELECT interview.import_problem(NULL)', 'IV016', 'invalid package',
    'refused: null');
SELECT is((SELECT count(*) FROM interview.problem WHERE title = 'ivp_bad'), 0::bigint,
    'no refused package left a problem behind');

-- act_as_staff (interview-admin acts as a staff account through it) ----------------

SELECT is(has_function_privilege('interview_proxy', 'interview.act_as_staff(text)', 'EXECUTE'), false,
    'the proxy role may not act as staff without a password');
CREATE ROLE ivp_nobody;
GRANT USAGE ON SCHEMA interview TO ivp_nobody;
GRANT EXECUTE ON FUNCTION interview.act_as_staff(text) TO ivp_nobody;
SET LOCAL ROLE ivp_nobody;
SELECT throws_ok($$SELECT interview.act_as_staff('staff_s')$$, 'IV008', 'permission denied',
    'a role outside interview_admin cannot act as staff even when it may call the function');
RESET ROLE;
SELECT throws_ok($$SELECT interview.act_as_staff('cand_a')$$, 'IV011', 'staff account not found',
    'act_as_staff refuses a candidate''s name');
SELECT throws_ok($$SELECT interview.act_as_staff('staff_s'' OR ''1''=''1')$$, 'IV011', 'staff account not found',
    'and a name that looks like SQL');
SELECT is(interview.act_as_staff('staff_s') = ivtest.account_id('staff_s') AND interview.current_is_staff(), true,
    'a superuser acts as a staff account by its name');

SELECT * FROM finish();
ROLLBACK;
