-- Languages as the judge registers them: set_languages adds and updates the
-- languages it runs and marks every other one unavailable without deleting it
-- (submissions name it); submit_task accepts available languages only (IV005);
-- who may register (IV008) and malformed lists (IV012), injection included.
BEGIN;
SELECT plan(24);

SELECT ivtest.share_tap();
CREATE ROLE ivl_not_judge IN ROLE interview_proxy;
GRANT EXECUTE ON FUNCTION interview.set_languages(jsonb) TO ivl_not_judge;

-- a candidate with a task and a submission in c, made before the judge registers
SELECT interview.authenticate(ivtest.token('staff_s')) AS _ \gset
SELECT interview.create_company('ivl_acme', 1) AS acme \gset
SELECT interview.create_problem('ivl_p1', 'sum') AS p1 \gset
SELECT interview.assign_problem(:acme, :p1) AS _ \gset
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT interview.start_interview(:acme) AS iv \gset
SELECT id AS t1 FROM interview.task WHERE interview_id = :iv \gset
SELECT interview.submit_task(:t1, 'c', 'int main(void) { return 0; }') AS s1 \gset

-- who may
SET LOCAL ROLE interview_proxy;
SELECT throws_ok($$SELECT interview.set_languages('[]')$$, '42501', NULL,
    'the proxy role may not register languages');
RESET ROLE;
SET LOCAL ROLE ivl_not_judge;
SELECT throws_ok($$SELECT interview.set_languages('[]')$$, 'IV008', 'permission denied',
    'a non-judge role with EXECUTE gets IV008');
RESET ROLE;

-- malformed lists
SET LOCAL ROLE interview_judge;
SELECT throws_ok($$SELECT interview.set_languages(NULL)$$, 'IV012', NULL, 'null gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('{"id": "c"}')$$, 'IV012',
    'invalid languages: not an array', 'an object gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[1]')$$, 'IV012', NULL, 'a number in the list gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "C", "name": "C"}]')$$, 'IV012', NULL,
    'an upper-case id gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "c''); DROP TABLE interview.language; --", "name": "x"}]')$$,
    'IV012', NULL, 'an id with SQL in it gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "c"}]')$$, 'IV012', NULL, 'a missing name gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "c", "name": ""}]')$$, 'IV012', NULL,
    'an empty name gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "c", "name": "C", "version": 12}]')$$, 'IV012', NULL,
    'a version that is not a string gives IV012');
SELECT throws_ok(format($$SELECT interview.set_languages('[{"id": "c", "name": "C", "version": "%s"}]')$$,
    repeat('v', 300)), 'IV012', NULL, 'an overlong version gives IV012');
SELECT throws_ok($$SELECT interview.set_languages('[{"id": "c", "name": "C"}, {"id": "c", "name": "C2"}]')$$,
    'IV012', 'invalid languages: an id appears twice', 'a repeated id gives IV012');
SELECT throws_ok(format('SELECT interview.set_languages(%L)',
    (SELECT jsonb_agg(jsonb_build_object('id', 'l' || i, 'name', 'L')) FROM generate_series(1, 201) i)),
    'IV012', NULL, 'more than 200 languages give IV012');
RESET ROLE;
SELECT is((SELECT count(*) FROM interview.language WHERE available), 4::bigint,
    'refused lists change nothing');

-- a judge that runs c, go and kotlin (no python3, cpp, javascript)
SET LOCAL ROLE interview_judge;
SELECT is(interview.set_languages($$[{"id": "c", "name": "C (gcc)", "version": "gcc 12"},
    {"id": "go", "name": "Go", "version": "go1.19"}, {"id": "kotlin", "name": "Kotlin"}]$$), 3,
    'set_languages returns how many are available');
RESET ROLE;
SELECT results_eq($$SELECT id, name, version FROM interview.language WHERE available ORDER BY id$$,
    $$VALUES ('c', 'C (gcc)', 'gcc 12'), ('go', 'Go', 'go1.19'), ('kotlin', 'Kotlin', '')$$,
    'listed languages are added or updated, with their versions');
SELECT results_eq($$SELECT id FROM interview.language WHERE NOT available ORDER BY id$$,
    $$VALUES ('cpp'), ('javascript'), ('python3')$$,
    'the others stay as rows, unavailable');
SELECT is((SELECT language FROM interview.submission WHERE id = :s1), 'c',
    'submissions keep their language');

SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT lives_ok(format($$SELECT interview.submit_task(%s, 'go', 'package main')$$, :t1),
    'a newly registered language is accepted');
SELECT throws_ok(format($$SELECT interview.submit_task(%s, 'python3', 'print(1)')$$, :t1),
    'IV005', 'unknown language', 'an unavailable language is refused with IV005');
SELECT throws_ok(format($$SELECT interview.submit_task(%s, 'rust', 'fn main() {}')$$, :t1),
    'IV005', 'unknown language', 'a language no judge registered is refused with IV005');

-- a judge that runs python3 again: it comes back
SET LOCAL ROLE interview_judge;
SELECT is(interview.set_languages('[{"id": "python3", "name": "Python 3", "version": "3.11"}]'), 1,
    'a second registration replaces the first');
RESET ROLE;
SELECT results_eq($$SELECT id FROM interview.language WHERE available$$, $$VALUES ('python3')$$,
    'only what the last judge runs is available');
SELECT interview.authenticate(ivtest.token('cand_b')) AS _ \gset
SELECT lives_ok(format($$SELECT interview.submit_task(%s, 'python3', 'print(1)')$$, :t1),
    'an available language again is accepted');

SELECT * FROM finish();
ROLLBACK;
