-- rls: what each account sees through the proxy role, for every table.
-- Two candidates (cand_a, cand_b) and one staff account (staff_s) look at
-- each other's rows under SET ROLE interview_proxy; beside each view, a
-- superuser query shows that the hidden rows exist.
BEGIN;
SELECT plan(101);

-- Rows, inserted as superuser: four problems with a sample and a hidden test
-- case and a template each; cand_a's interview draws p1 and p2, cand_b's p3;
-- p4 is drawn by nobody. One judged submission per candidate.
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint NOT NULL);
CREATE FUNCTION pg_temp.k(n text) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT id FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.ks(VARIADIC n text[]) RETURNS bigint[] LANGUAGE sql STABLE
    AS $$ SELECT array_agg(id ORDER BY id) FROM k WHERE name = ANY (n) $$;

INSERT INTO k SELECT 'a', ivtest.account_id('cand_a');
INSERT INTO k SELECT 'b', ivtest.account_id('cand_b');
INSERT INTO k SELECT 's', ivtest.account_id('staff_s');
WITH ins AS (INSERT INTO interview.problem (title) VALUES ('rls p1'), ('rls p2'), ('rls p3'), ('rls p4')
             RETURNING id, title)
INSERT INTO k SELECT replace(title, 'rls ', ''), id FROM ins;
INSERT INTO interview.code_template (problem_id, language, code)
    SELECT id, '*', 'template of ' || name FROM k WHERE name LIKE 'p_';
WITH ins AS (
    INSERT INTO interview.test_case (problem_id, ordinal, input, expected_output, is_sample)
    SELECT k.id, o, k.name || ' in ' || o, 'out', o = 1
    FROM k, generate_series(1, 2) o WHERE k.name LIKE 'p_'
    RETURNING id, problem_id, ordinal)
INSERT INTO k SELECT 'tc' || substr(k.name, 2) || '_' || ins.ordinal, ins.id
    FROM ins JOIN k ON k.id = ins.problem_id AND k.name LIKE 'p_';
WITH ins AS (INSERT INTO interview.company (name) VALUES ('rls c1'), ('rls c2') RETURNING id, name)
INSERT INTO k SELECT replace(name, 'rls ', ''), id FROM ins;
INSERT INTO interview.problem_set VALUES
    (pg_temp.k('c1'), pg_temp.k('p1')), (pg_temp.k('c1'), pg_temp.k('p2')),
    (pg_temp.k('c2'), pg_temp.k('p3'));
WITH ins AS (
    INSERT INTO interview.interview (account_id, company_id, expired_time)
    VALUES (pg_temp.k('a'), pg_temp.k('c1'), now() + interval '1 hour'),
           (pg_temp.k('b'), pg_temp.k('c2'), now() + interval '1 hour')
    RETURNING id, account_id)
INSERT INTO k SELECT CASE WHEN account_id = pg_temp.k('a') THEN 'ia' ELSE 'ib' END, id FROM ins;
WITH ins AS (
    INSERT INTO interview.task (interview_id, problem_id, ordinal)
    VALUES (pg_temp.k('ia'), pg_temp.k('p1'), 1), (pg_temp.k('ia'), pg_temp.k('p2'), 2),
           (pg_temp.k('ib'), pg_temp.k('p3'), 1)
    RETURNING id, problem_id)
INSERT INTO k SELECT 't' || substr(k.name, 2), ins.id FROM ins JOIN k ON k.id = ins.problem_id
    AND k.name LIKE 'p_';
WITH ins AS (
    INSERT INTO interview.submission (task_id, account_id, language, code, status, verdict)
    VALUES (pg_temp.k('t1'), pg_temp.k('a'), 'c', 'int main(void){return 0;}', 'judged', 'WA'),
           (pg_temp.k('t3'), pg_temp.k('b'), 'python3', 'print(1)', 'judged', 'AC')
    RETURNING id, account_id)
INSERT INTO k SELECT CASE WHEN account_id = pg_temp.k('a') THEN 'sa' ELSE 'sb' END, id FROM ins;
INSERT INTO interview.test_result (submission_id, test_case_id, ordinal, verdict) VALUES
    (pg_temp.k('sa'), pg_temp.k('tc1_1'), 1, 'AC'), (pg_temp.k('sa'), pg_temp.k('tc1_2'), 2, 'WA'),
    (pg_temp.k('sb'), pg_temp.k('tc3_1'), 1, 'AC'), (pg_temp.k('sb'), pg_temp.k('tc3_2'), 2, 'AC');

SELECT ivtest.share_tap();

-- The superuser's view: every row exists. -----------------------------------

SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.account WHERE id IN (SELECT id FROM k WHERE name IN ('a', 'b', 's'))),
    pg_temp.ks('a', 'b', 's'), 'superuser: the three accounts exist');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.interview WHERE id IN (pg_temp.k('ia'), pg_temp.k('ib'))),
    pg_temp.ks('ia', 'ib'), 'superuser: both interviews exist');
SELECT is((SELECT count(*) FROM interview.task WHERE interview_id IN (pg_temp.k('ia'), pg_temp.k('ib'))),
    3::bigint, 'superuser: the three tasks exist');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.submission WHERE id IN (pg_temp.k('sa'), pg_temp.k('sb'))),
    pg_temp.ks('sa', 'sb'), 'superuser: both submissions exist');
SELECT is((SELECT count(*) FROM interview.test_result WHERE submission_id IN (pg_temp.k('sa'), pg_temp.k('sb'))),
    4::bigint, 'superuser: the four test results exist');
SELECT is((SELECT count(*) FROM interview.problem WHERE title LIKE 'rls p_'), 4::bigint,
    'superuser: the four problems exist');
SELECT is((SELECT count(*) FROM interview.code_template WHERE code LIKE 'template of p_'), 4::bigint,
    'superuser: the four templates exist');
SELECT is((SELECT count(*) FROM interview.test_case WHERE input LIKE 'p_ in _'), 8::bigint,
    'superuser: the eight test cases exist, four hidden');
SELECT is((SELECT count(*) FROM interview.problem_set WHERE company_id IN (pg_temp.k('c1'), pg_temp.k('c2'))),
    3::bigint, 'superuser: the problem sets exist');
CREATE TEMP TABLE total AS SELECT
    (SELECT count(*) FROM interview.account) AS accounts,
    (SELECT count(*) FROM interview.company) AS companies,
    (SELECT count(*) FROM interview.problem) AS problems,
    (SELECT count(*) FROM interview.test_case) AS test_cases,
    (SELECT count(*) FROM interview.problem_set) AS problem_sets,
    (SELECT count(*) FROM interview.interview) AS interviews,
    (SELECT count(*) FROM interview.submission) AS submissions,
    (SELECT count(*) FROM interview.language) AS languages;
SELECT ivtest.share_tap();
SELECT cmp_ok((SELECT languages FROM total), '>=', 4::bigint, 'superuser: the languages exist');

-- Nobody through the proxy role (no authenticate) ------------------------------

SET LOCAL ROLE interview_proxy;
SELECT is(interview.current_account_id(), NULL, 'before authenticate nobody acts');
SELECT is((SELECT count(*) FROM interview.account), 0::bigint, 'nobody sees no account');
SELECT is((SELECT count(*) FROM interview.interview), 0::bigint, 'nobody sees no interview');
SELECT is((SELECT count(*) FROM interview.task), 0::bigint, 'nobody sees no task');
SELECT is((SELECT count(*) FROM interview.submission), 0::bigint, 'nobody sees no submission');
SELECT is((SELECT count(*) FROM interview.visible_test_result), 0::bigint, 'nobody sees no test result');
SELECT is((SELECT count(*) FROM interview.problem), 0::bigint, 'nobody sees no problem');
SELECT is((SELECT count(*) FROM interview.code_template), 0::bigint, 'nobody sees no template');
SELECT is((SELECT count(*) FROM interview.test_case), 0::bigint, 'nobody sees no test case');
SELECT is((SELECT count(*) FROM interview.problem_set), 0::bigint, 'nobody sees no problem set');
SELECT is((SELECT count(*) FROM interview.company), 0::bigint, 'nobody sees no company');
SELECT is((SELECT count(*) FROM interview.language), (SELECT languages FROM total),
    'nobody still sees the languages');

-- cand_a through the proxy role ---------------------------------------------

SET LOCAL ROLE interview_proxy;
SELECT interview.authenticate(ivtest.token('cand_a'));
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.account), pg_temp.ks('a'),
    'cand_a sees only its own account');
SELECT is((SELECT count(*) FROM interview.account WHERE id = pg_temp.k('b')), 0::bigint,
    'cand_a does not see cand_b''s account even by id');
SELECT throws_ok($$SELECT password_hash FROM interview.account$$, '42501', NULL,
    'cand_a cannot read password_hash, not even its own');
SELECT throws_ok($$SELECT * FROM interview.auth_session$$, '42501', NULL,
    'cand_a cannot read auth_session');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.interview), pg_temp.ks('ia'),
    'cand_a sees only its own interview');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.task), pg_temp.ks('t1', 't2'),
    'cand_a sees only its own tasks');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.submission), pg_temp.ks('sa'),
    'cand_a sees only its own submission');
SELECT is((SELECT array_agg(test_case_id ORDER BY test_case_id) FROM interview.visible_test_result),
    pg_temp.ks('tc1_1', 'tc1_2'), 'cand_a sees only the test results of its own submission');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.problem), pg_temp.ks('p1', 'p2'),
    'cand_a sees only the problems of its own tasks');
SELECT is((SELECT array_agg(problem_id ORDER BY problem_id) FROM interview.code_template),
    pg_temp.ks('p1', 'p2'), 'cand_a sees only the templates of those problems');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.test_case), pg_temp.ks('tc1_1', 'tc2_1'),
    'cand_a sees only the sample test cases of those problems');
SELECT is((SELECT count(*) FROM interview.test_case WHERE NOT is_sample), 0::bigint,
    'cand_a sees no hidden test case, not even of its own problems');
SELECT is((SELECT count(*) FROM interview.problem_set), 0::bigint,
    'cand_a sees no problem set');
SELECT is((SELECT count(*) FROM interview.company), (SELECT companies FROM total),
    'cand_a sees every company');
SELECT is((SELECT count(*) FROM interview.language), (SELECT languages FROM total),
    'cand_a sees every language');

-- cand_b through the proxy role ---------------------------------------------

SELECT interview.authenticate(ivtest.token('cand_b'));
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.account), pg_temp.ks('b'),
    'cand_b sees only its own account');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.interview), pg_temp.ks('ib'),
    'cand_b sees only its own interview');
SELECT is((SELECT count(*) FROM interview.interview WHERE account_id = pg_temp.k('a')), 0::bigint,
    'cand_b cannot find cand_a''s interview by account');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.task), pg_temp.ks('t3'),
    'cand_b sees only its own task');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.submission), pg_temp.ks('sb'),
    'cand_b sees only its own submission');
SELECT is((SELECT count(*) FROM interview.submission WHERE id = pg_temp.k('sa')), 0::bigint,
    'cand_b does not see cand_a''s submission by id');
SELECT is((SELECT array_agg(test_case_id ORDER BY test_case_id) FROM interview.visible_test_result),
    pg_temp.ks('tc3_1', 'tc3_2'), 'cand_b sees only its own test results');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.problem), pg_temp.ks('p3'),
    'cand_b sees only the problem of its own task');
SELECT is((SELECT array_agg(problem_id ORDER BY problem_id) FROM interview.code_template),
    pg_temp.ks('p3'), 'cand_b sees only the template of that problem');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.test_case), pg_temp.ks('tc3_1'),
    'cand_b sees only the sample test case of that problem');
SELECT is((SELECT count(*) FROM interview.problem_set), 0::bigint, 'cand_b sees no problem set');
SELECT is((SELECT count(*) FROM interview.company), (SELECT companies FROM total),
    'cand_b sees every company');
SELECT is((SELECT count(*) FROM interview.language), (SELECT languages FROM total),
    'cand_b sees every language');

-- staff_s through the proxy role --------------------------------------------

SELECT interview.authenticate(ivtest.token('staff_s'));
SELECT is((SELECT count(*) FROM interview.account), (SELECT accounts FROM total),
    'staff see every account');
SELECT throws_ok($$SELECT password_hash FROM interview.account$$, '42501', NULL,
    'staff cannot read password_hash either');
SELECT throws_ok($$SELECT * FROM interview.auth_session$$, '42501', NULL,
    'staff cannot read auth_session either');
SELECT is((SELECT count(*) FROM interview.interview), (SELECT interviews FROM total),
    'staff see every interview');
SELECT is((SELECT count(*) FROM interview.task WHERE interview_id IN (pg_temp.k('ia'), pg_temp.k('ib'))),
    3::bigint, 'staff see every task');
SELECT is((SELECT count(*) FROM interview.submission), (SELECT submissions FROM total),
    'staff see every submission');
SELECT is((SELECT count(*) FROM interview.visible_test_result WHERE submission_id IN (pg_temp.k('sa'), pg_temp.k('sb'))),
    4::bigint, 'staff see every test result');
SELECT is((SELECT count(*) FROM interview.problem), (SELECT problems FROM total),
    'staff see every problem');
SELECT is((SELECT count(*) FROM interview.code_template WHERE code LIKE 'template of p_'), 4::bigint,
    'staff see every template');
SELECT is((SELECT count(*) FROM interview.test_case), (SELECT test_cases FROM total),
    'staff see every test case, hidden ones too');
SELECT is((SELECT count(*) FROM interview.problem_set), (SELECT problem_sets FROM total),
    'staff see every problem set');
SELECT is((SELECT count(*) FROM interview.company), (SELECT companies FROM total),
    'staff see every company');
SELECT is((SELECT count(*) FROM interview.language), (SELECT languages FROM total),
    'staff see every language');

-- The proxy role writes nothing directly, whoever acts. ------------------------

SELECT interview.authenticate(ivtest.token('staff_s'));
CREATE FUNCTION pg_temp.write_checks() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    t text;
    col text;
BEGIN
    FOR t IN SELECT unnest(ARRAY['account', 'auth_session', 'language', 'company', 'problem',
                                 'code_template', 'test_case', 'problem_set', 'interview',
                                 'task', 'submission', 'test_result'])
    LOOP
        SELECT a.attname INTO col FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = pg_catalog.format('interview.%I', t)::regclass
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = ''
            ORDER BY a.attnum LIMIT 1;
        RETURN NEXT throws_ok(pg_catalog.format('INSERT INTO interview.%I DEFAULT VALUES', t),
            '42501', NULL, 'the proxy role cannot insert into ' || t);
        RETURN NEXT throws_ok(pg_catalog.format('UPDATE interview.%I SET %I = %I', t, col, col),
            '42501', NULL, 'the proxy role cannot update ' || t);
        RETURN NEXT throws_ok(pg_catalog.format('DELETE FROM interview.%I', t),
            '42501', NULL, 'the proxy role cannot delete from ' || t);
    END LOOP;
END
$$;
SELECT * FROM pg_temp.write_checks();
SELECT throws_ok($$TRUNCATE interview.submission$$, '42501', NULL,
    'the proxy role cannot truncate');
SELECT throws_ok($$SELECT nextval('interview.lease_token_seq')$$, '42501', NULL,
    'the proxy role cannot draw fencing tokens');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
