-- Function problems: set_signature (who may, validation with IV017, null
-- back to stdin/stdout), test cases checked against the signature when
-- added and when a signature is set (IV012, nothing stored), the judge's
-- set_language_driver, code_template_for (staff template first, then
-- the generated starter code, then the default template), the claims'
-- signature, and run_code's input checked as the argument list (IV012).
BEGIN;
SELECT plan(107);
SELECT ivtest.share_tap();

CREATE TEMP TABLE sig_ok AS SELECT
    '{"function":"twoSum","params":[{"name":"nums","type":"int[]"},{"name":"target","type":"int"}],"returns":"int[]"}'::jsonb AS s;
GRANT SELECT ON sig_ok TO PUBLIC;

-- Who may ---------------------------------------------------------------------

SELECT throws_ok($$SELECT interview.set_signature(1, (SELECT s FROM sig_ok))$$,
    'IV009', 'not authenticated', 'set_signature needs an identity');
SELECT is(interview.code_template_for((SELECT min(id) FROM interview.problem), NULL), NULL,
    'nobody acting: code_template_for shows nothing');
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_problem('ivs_two', 'Two sum') AS p \gset
SELECT interview.create_problem('ivs_plain', 'stdin problem') AS plain \gset
SELECT interview.add_test_case(:plain, '1 2', '3') AS _ \gset
SELECT interview.authenticate(ivtest.token('cand_a')) AS _ \gset
SELECT throws_ok(format($$SELECT interview.set_signature(%s, (SELECT s FROM sig_ok))$$, :p),
    'IV008', 'permission denied', 'a candidate cannot set a signature');
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), NULL,
    'the refused call stored nothing');

-- set_signature ------------------------------------------------------------------

SELECT lives_ok(format($$SELECT interview.set_signature(%s, (SELECT s FROM sig_ok))$$, :p),
    'staff set a valid signature');
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), (SELECT s FROM sig_ok),
    'the signature is stored');
SELECT throws_ok($$SELECT interview.set_signature(NULL, (SELECT s FROM sig_ok))$$,
    'IV011', 'problem not found', 'a null problem is not found');
SELECT throws_ok($$SELECT interview.set_signature(-5, (SELECT s FROM sig_ok))$$,
    'IV011', 'problem not found', 'an unknown problem is not found');

-- Each invalid signature: IV017 "invalid signature", nothing stored.
CREATE TEMP TABLE bad_sig (why text, s jsonb);
INSERT INTO bad_sig VALUES
    ('an array', '[1]'),
    ('a string', '"twoSum"'),
    ('no function', '{"params":[],"returns":"int"}'),
    ('a numeric function name', '{"function":7,"params":[],"returns":"int"}'),
    ('an empty function name', '{"function":"","params":[],"returns":"int"}'),
    ('a function name with a space', '{"function":"two sum","params":[],"returns":"int"}'),
    ('a function name starting with a digit', '{"function":"2sum","params":[],"returns":"int"}'),
    ('SQL in a function name', '{"function":"f\"); DROP TABLE interview.account; --","params":[],"returns":"int"}'),
    ('code in a function name', '{"function":"f(){}\nint main","params":[],"returns":"int"}'),
    ('a non-ASCII function name', '{"function":"s\u00e9","params":[],"returns":"int"}'),
    ('a 65-character function name', jsonb_build_object('function', repeat('f', 65), 'params', '[]'::jsonb, 'returns', 'int')),
    ('a reserved function name (class)', '{"function":"class","params":[],"returns":"int"}'),
    ('a reserved function name (main)', '{"function":"main","params":[],"returns":"int"}'),
    ('an upper-case first letter', '{"function":"TwoSum","params":[],"returns":"int"}'),
    ('a Pascal word (result)', '{"function":"f","params":[{"name":"result","type":"int"}],"returns":"int"}'),
    ('the driver prefix iv_', '{"function":"iv_run","params":[],"returns":"int"}'),
    ('a leading underscore', '{"function":"_f","params":[],"returns":"int"}'),
    ('no params', '{"function":"f","returns":"int"}'),
    ('params an object', '{"function":"f","params":{"a":"int"},"returns":"int"}'),
    ('a param not an object', '{"function":"f","params":["int"],"returns":"int"}'),
    ('a param without a type', '{"function":"f","params":[{"name":"a"}],"returns":"int"}'),
    ('a param without a name', '{"function":"f","params":[{"type":"int"}],"returns":"int"}'),
    ('a param with an extra member', '{"function":"f","params":[{"name":"a","type":"int","default":1}],"returns":"int"}'),
    ('an unknown param type', '{"function":"f","params":[{"name":"a","type":"char"}],"returns":"int"}'),
    ('a 3-d array type', '{"function":"f","params":[{"name":"a","type":"int[][][]"}],"returns":"int"}'),
    ('a reserved param name', '{"function":"f","params":[{"name":"self","type":"int"}],"returns":"int"}'),
    ('two params of one name', '{"function":"f","params":[{"name":"ab","type":"int"},{"name":"aB","type":"int"}],"returns":"int"}'),
    ('a param named as the function', '{"function":"f","params":[{"name":"f","type":"int"}],"returns":"int"}'),
    ('no returns', '{"function":"f","params":[]}'),
    ('an unknown return type', '{"function":"f","params":[],"returns":"void"}'),
    ('an extra member', '{"function":"f","params":[],"returns":"int","lang":"c"}'),
    ('17 params', jsonb_build_object('function', 'f', 'returns', 'int', 'params',
        (SELECT jsonb_agg(jsonb_build_object('name', 'a' || i, 'type', 'int')) FROM generate_series(1, 17) i)));
SELECT throws_ok(format('SELECT interview.set_signature(%s, %L)', :p, s),
    'IV017', 'invalid signature', 'refused: ' || why) FROM bad_sig;
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), (SELECT s FROM sig_ok),
    'refused signatures left the stored one');
SELECT lives_ok(format($$SELECT interview.set_signature(%s, %L)$$, :p,
    jsonb_build_object('function', 'f', 'returns', 'string[][]', 'params',
        (SELECT jsonb_agg(jsonb_build_object('name', 'a' || i, 'type', t))
         FROM unnest(ARRAY['int','long','double','bool','string','int[]','long[]','double[]',
                           'string[]','bool[]','int[][]','string[][]']) WITH ORDINALITY AS u(t, i)))),
    'every type is known, and 12 params are fine');
SELECT interview.set_signature(:p, (SELECT s FROM sig_ok));

-- Test cases of a function problem -----------------------------------------------

SELECT lives_ok(format($$SELECT interview.add_test_case(%s, '[[2,7,11,15], 9]', '[0,1]', true)$$, :p),
    'a test case that fits the signature is added');
SELECT lives_ok(format($$SELECT interview.add_test_case(%s, ' [ [-2147483648, 2147483647] , 0 ] ', ' [ ] ')$$, :p),
    'whitespace, empty arrays and the int bounds are fine');
CREATE TEMP TABLE bad_test (why text, input text, expected text, msg text);
INSERT INTO bad_test VALUES
    ('input not JSON', '[2,7', '[0,1]', 'test input is not valid JSON'),
    ('expected not JSON', '[[2,7], 9]', '0 1', 'test expected output is not valid JSON'),
    ('input not an array', '{"nums":[1]}', '[0,1]', 'test input does not match the signature'),
    ('input a scalar', '9', '[0,1]', 'test input does not match the signature'),
    ('too few arguments', '[[2,7]]', '[0,1]', 'test input does not match the signature'),
    ('too many arguments', '[[2,7], 9, 1]', '[0,1]', 'test input does not match the signature'),
    ('an int where int[] is expected', '[2, 9]', '[0,1]', 'test input does not match the signature'),
    ('a string element', '[[2,"7"], 9]', '[0,1]', 'test input does not match the signature'),
    ('a fraction for int', '[[2,7], 9.5]', '[0,1]', 'test input does not match the signature'),
    ('an exponent for int', '[[2,7], 9e0]', '[0,1]', 'test input does not match the signature'),
    ('an int over 32 bits', '[[2,7], 2147483648]', '[0,1]', 'test input does not match the signature'),
    ('null for int', '[[2,7], null]', '[0,1]', 'test input does not match the signature'),
    ('a nested array for int[]', '[[[2],7], 9]', '[0,1]', 'test input does not match the signature'),
    ('two JSON values', '[[2,7], 9] [1]', '[0,1]', 'test input is not valid JSON'),
    ('expected a scalar for int[]', '[[2,7], 9]', '1', 'test expected output does not match the signature'),
    ('expected with a bool', '[[2,7], 9]', '[0,true]', 'test expected output does not match the signature'),
    ('expected an object', '[[2,7], 9]', '{"a":1}', 'test expected output does not match the signature');
SELECT throws_ok(format('SELECT interview.add_test_case(%s, %L, %L)', :p, input, expected),
    'IV012', msg, 'refused test case: ' || why) FROM bad_test;
SELECT is((SELECT count(*) FROM interview.test_case WHERE problem_id = :p), 2::bigint,
    'refused test cases stored nothing');
SELECT throws_ok(format($$SELECT interview.update_test_case(%s, '[[1, 2], "3"]')$$,
        (SELECT id FROM interview.test_case WHERE problem_id = :p AND ordinal = 1)),
    'IV012', 'test input does not match the signature', 'update_test_case checks the new input too');
SELECT lives_ok(format($$SELECT interview.update_test_case(%s, NULL, '[1, 0]')$$,
        (SELECT id FROM interview.test_case WHERE problem_id = :p AND ordinal = 1)),
    'an update that fits is stored');
SELECT interview.update_test_case((SELECT id FROM interview.test_case WHERE problem_id = :p AND ordinal = 1),
    NULL, '[0,1]');

-- Scalars: long, double, bool, string; deep string arrays.
SELECT interview.create_problem('ivs_types') AS pt \gset
SELECT interview.set_signature(:pt, '{"function":"g","params":[{"name":"a","type":"long"},{"name":"b","type":"double"},{"name":"c","type":"bool"},{"name":"d","type":"string[][]"}],"returns":"double[]"}');
SELECT lives_ok(format($$SELECT interview.add_test_case(%s, '[-9223372036854775808, 1.5e-3, false, [["a","\u00e9\"\\"],[]]]', '[1, 2.5, -3e10]')$$, :pt),
    'long bounds, doubles with exponents, bools and escaped strings fit');
SELECT throws_ok(format($$SELECT interview.add_test_case(%s, '[9223372036854775808, 1, true, []]', '[]')$$, :pt),
    'IV012', 'test input does not match the signature', 'a long over 64 bits is refused');
SELECT throws_ok(format($$SELECT interview.add_test_case(%s, '[1, 1e999, true, []]', '[]')$$, :pt),
    'IV012', 'test input does not match the signature', 'a double that overflows is refused');
SELECT throws_ok(format($$SELECT interview.add_test_case(%s, '[1, 1, 1, []]', '[]')$$, :pt),
    'IV012', 'test input does not match the signature', '1 is not a bool');
SELECT throws_ok(format($$SELECT interview.add_test_case(%s, '[1, 1, true, ["a"]]', '[]')$$, :pt),
    'IV012', 'test input does not match the signature', 'a string where string[] is expected is refused');
SELECT throws_ok(format($$SELECT interview.add_test_case(%s, %L, '[]')$$, :pt,
        '[1, 1, true, ' || repeat('[', 5000) || repeat(']', 5000) || ']'),
    'IV012', 'test input does not match the signature', 'deeply nested arrays are refused');

-- A new signature must fit the existing test cases, else nothing changes.
SELECT throws_ok(format($$SELECT interview.set_signature(%s, '{"function":"h","params":[{"name":"s","type":"string"}],"returns":"int"}')$$, :p),
    'IV012', 'test input does not match the signature', 'a signature that the stored tests do not fit is refused');
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), (SELECT s FROM sig_ok),
    'and the old signature stays');
SELECT throws_ok(format($$SELECT interview.set_signature(%s, (SELECT s FROM sig_ok))$$, :plain),
    'IV012', 'test input is not valid JSON', 'a stdin problem with text tests cannot become a function problem');
SELECT lives_ok(format($$SELECT interview.set_signature(%s, NULL)$$, :p),
    'null turns a function problem back into a stdin/stdout problem');
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), NULL, 'the signature is gone');
SELECT lives_ok(format($$SELECT interview.add_test_case(%s, 'free text', 'anything')$$, :p),
    'and its test cases are free text again');
SELECT interview.set_signature(:p, NULL);
DELETE FROM interview.test_case WHERE problem_id = :p AND input = 'free text';
SELECT interview.set_signature(:p, (SELECT s FROM sig_ok));

-- set_language_driver (judge role) -------------------------------------------------

SET ROLE interview_proxy;
SELECT throws_ok($$SELECT interview.set_language_driver('python3', '{}')$$,
    '42501', NULL, 'the proxy cannot register a driver (no EXECUTE)');
SET ROLE interview_judge;
SELECT is(interview.set_language_driver('python3', $j${
    "starter": "class Solution:\n    def {{function}}(self{{,params}}) -> {{returns}}:\n        ",
    "case-function": "camel",
    "param.int[]": "{{name}}: List[int]", "param.int": "{{name}}: int",
    "return.int[]": "List[int]"}$j$), true, 'the judge registers a driver');
SELECT is(interview.set_language_driver('cpp', $j${
    "starter": "{{docs}}\nclass Solution {\npublic:\n    {{returns}} {{function}}({{params}}) {\n    }\n};",
    "param.int[]": "vector<int>& {{name}}", "param.int": "int {{name}}",
    "doc.int[]": "// {{name}}: an array {{unknown}}",
    "return.int[]": "vector<int>"}$j$), true, 'and another');
SELECT is(interview.set_language_driver('c', $j${
    "starter": "{{returns}} {{function}}({{params}}) {\n}",
    "case-function": "snake",
    "param.int[]": "int* {{name}}, int {{name}}Size", "param.int": "int {{name}}",
    "retparam.int[]": "int* returnSize",
    "return.int[]": "int*"}$j$), true, 'and a third');
SELECT is(interview.set_language_driver('cobol', '{}'), false, 'an unknown language is not registered');
SELECT throws_ok($$SELECT interview.set_language_driver('c', '[1]')$$,
    'IV012', 'invalid starter description', 'a starter description is an object');
RESET ROLE;

-- code_template_for ----------------------------------------------------------------

SELECT is(interview.code_template_for(:p, 'python3'),
    E'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ',
    'python3: a Solution class with the method');
SELECT is(interview.code_template_for(:p, 'cpp'),
    E'// nums: an array {{unknown}}\nclass Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) {\n    }\n};',
    'cpp: parameter types, docs, unknown placeholders kept');
SELECT is(interview.code_template_for(:p, 'c'),
    E'int* two_sum(int* nums, int numsSize, int target, int* returnSize) {\n}',
    'c: pointer plus length, an out-length for the returned array, snake_case name');
SELECT is(interview.code_template_for(:p, 'javascript'), NULL,
    'no driver registered and no template: null');
SELECT interview.create_problem('ivs_two', 'Two sum', '// default') AS _ \gset
SELECT is(interview.code_template_for(:p, 'javascript'), '// default',
    'no driver registered: the default template');
SELECT is(interview.code_template_for(:p, 'python3'),
    E'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ',
    'the generated starter wins over the default template');
SELECT interview.set_code_template(:p, 'python3', '# staff wrote this');
SELECT is(interview.code_template_for(:p, 'python3'), '# staff wrote this',
    'a staff template of the language wins');
SELECT is(interview.code_template_for(:plain, 'python3'), NULL,
    'a stdin problem has no generated starter');
SELECT is(interview.code_template_for(:p, NULL), '// default', 'no language: the default template');
SELECT interview.create_problem('ivs_noargs') AS pn \gset
SELECT interview.set_signature(:pn, '{"function":"noArgs","params":[],"returns":"int[]"}');
SELECT is(interview.code_template_for(:pn, 'python3'),
    E'class Solution:\n    def noArgs(self) -> List[int]:\n        ',
    'no parameters: no stray comma');
SELECT is(interview.code_template_for(:pn, 'c'),
    E'int* no_args(int* returnSize) {\n}', 'c without parameters: only the out-length');

-- What candidates see: through RLS, only problems of their own tasks.
SELECT interview.create_company('ivs_co', 1) AS co \gset
SELECT interview.assign_problem(:co, :p) AS _ \gset
SET ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT is(interview.code_template_for(:p, 'cpp'), NULL,
    'a candidate without the problem gets nothing');
SELECT is(interview.code_template_for(:p, NULL), NULL,
    'not even the default template');
SELECT interview.start_interview(:co) AS _ \gset
SELECT ok(interview.code_template_for(:p, 'cpp') LIKE '%twoSum(vector<int>& nums, int target)%',
    'a candidate with the problem gets the generated starter');
SELECT is((SELECT signature FROM interview.problem WHERE id = :p), (SELECT s FROM sig_ok),
    'and reads the signature');
RESET ROLE;

-- The judge's claim carries the signature.
SELECT interview.submit_task((SELECT id FROM interview.task WHERE problem_id = :p
    AND interview_id = interview.current_interview()), 'python3', 'class Solution: pass') AS sub \gset
SELECT is((interview.claim_submission('w', '30 seconds')->'signature'), (SELECT s FROM sig_ok),
    'claim_submission returns the signature');

-- Runs of a function problem: the input is the argument list, checked like a test's.
SELECT id AS t FROM interview.task WHERE problem_id = :p AND interview_id = interview.current_interview() \gset
SELECT throws_ok(format($$SELECT interview.run_code(%s, 'python3', 'x', '3 4')$$, :t),
    'IV012', 'run input is not valid JSON', 'a run input that is not JSON is refused');
SELECT throws_ok(format($$SELECT interview.run_code(%s, 'python3', 'x', '[[1, 2]]')$$, :t),
    'IV012', 'run input does not match the signature', 'a run input with too few arguments is refused');
SELECT throws_ok(format($$SELECT interview.run_code(%s, 'python3', 'x', '[[1, 2], 2.5]')$$, :t),
    'IV012', 'run input does not match the signature', 'a fraction for an int argument is refused');
SELECT throws_ok(format($$SELECT interview.run_code(%s, 'python3', 'x', %L)$$, :t,
    '[[1], "9''); DROP TABLE interview.run; --"]'),
    'IV012', 'run input does not match the signature', 'SQL in a run input is only a wrong argument');
SELECT is((SELECT count(*) FROM interview.run WHERE task_id = :t), 0::bigint, 'refused runs store nothing');
SELECT lives_ok(format($$SELECT interview.run_code(%s, 'python3', 'x', '[[2, 7], 9]')$$, :t),
    'an argument list that fits is queued');
SELECT (c->>'run_id')::bigint AS rid, (c->>'token')::bigint AS rtok, c->'signature' AS rsig
    FROM interview.claim_run('w', '30 seconds') c \gset
SELECT is(:'rsig'::jsonb, (SELECT s FROM sig_ok), 'claim_run returns the signature');
SELECT ok(interview.report_run(:rid, :rtok, '{"verdict": "OK", "stdout": "debug\n", "result": "[0,1]"}'),
    'report_run takes a result');
SELECT is((SELECT stdout || '|' || result FROM interview.run WHERE id = :rid), E'debug\n|[0,1]',
    'the result is recorded apart from stdout');

SELECT * FROM finish();
ROLLBACK;
