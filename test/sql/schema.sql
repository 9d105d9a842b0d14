-- schema: tables, columns, keys, indexes, constraints, roles, grants, RLS,
-- comments, and what DROP EXTENSION leaves behind.
BEGIN;
SELECT plan(87);

SELECT has_extension('interview', 'the extension is installed');
SELECT is((SELECT count(*) FROM pg_depend d
           WHERE d.classid = 'pg_extension'::regclass
             AND d.objid = (SELECT oid FROM pg_extension WHERE extname = 'interview')
             AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pgcrypto')),
    1::bigint, 'the extension requires pgcrypto');
SELECT has_schema('interview');
SELECT tables_are('interview', ARRAY['account', 'auth_session', 'login_throttle', 'language', 'language_driver', 'company', 'problem',
    'code_template', 'test_case', 'problem_set', 'interview', 'task', 'submission', 'test_result',
    'submission_verdict_history', 'custom_checker', 'run'],
    'schema interview has exactly the tables of the design');

-- Columns and types named by the design.
SELECT col_type_is('interview', 'account', 'id', 'bigint', 'account.id is bigint');
SELECT col_is_pk('interview', 'account', 'id', 'account.id is the primary key');
SELECT col_type_is('interview', 'account', 'username', 'text', 'account.username is text');
SELECT col_is_unique('interview', 'account', 'username', 'usernames are unique');
SELECT col_type_is('interview', 'account', 'password_hash', 'text', 'account.password_hash');
SELECT col_type_is('interview', 'account', 'is_staff', 'boolean', 'account.is_staff');
SELECT col_type_is('interview', 'account', 'date_joined', 'timestamp with time zone', 'account.date_joined');
SELECT col_type_is('interview', 'account', 'last_login', 'timestamp with time zone', 'account.last_login');
SELECT col_type_is('interview', 'auth_session', 'token_hash', 'bytea', 'auth_session.token_hash is bytea');
SELECT col_is_unique('interview', 'auth_session', 'token_hash', 'token hashes are unique');
SELECT col_type_is('interview', 'auth_session', 'expires_at', 'timestamp with time zone', 'auth_session.expires_at');
SELECT fk_ok('interview', 'auth_session', 'account_id', 'interview', 'account', 'id');
SELECT col_type_is('interview', 'company', 'name', 'text', 'company.name');
SELECT col_default_is('interview', 'company', 'problems_per_interview', '3',
    'problems_per_interview defaults to 3');
SELECT col_type_is('interview', 'problem', 'duration', 'interval', 'problem.duration is an interval');
SELECT col_default_is('interview', 'problem', 'duration', interval '30 minutes',
    'problem.duration defaults to 30 minutes');
SELECT col_type_is('interview', 'problem', 'time_limit_ms', 'integer', 'problem.time_limit_ms');
SELECT col_default_is('interview', 'problem', 'time_limit_ms', '2000', 'time_limit_ms defaults to 2000');
SELECT col_type_is('interview', 'problem', 'memory_limit_kb', 'integer', 'problem.memory_limit_kb');
SELECT col_default_is('interview', 'problem', 'memory_limit_kb', '262144',
    'memory_limit_kb defaults to 262144');
SELECT col_type_is('interview', 'problem', 'version', 'integer', 'problem.version');
SELECT col_default_is('interview', 'problem', 'version', '1', 'problem.version starts at 1');
SELECT col_type_is('interview', 'problem', 'archived_at', 'timestamp with time zone', 'problem.archived_at');
SELECT col_type_is('interview', 'company', 'archived_at', 'timestamp with time zone', 'company.archived_at');
SELECT col_type_is('interview', 'submission', 'problem_version', 'integer', 'submission.problem_version');
SELECT fk_ok('interview', 'submission_verdict_history', 'submission_id', 'interview', 'submission', 'id');
SELECT col_is_pk('interview', 'code_template', ARRAY['problem_id', 'language'],
    'one template per problem and language');
SELECT fk_ok('interview', 'code_template', 'problem_id', 'interview', 'problem', 'id');
SELECT columns_are('interview', 'test_case',
    ARRAY['id', 'problem_id', 'ordinal', 'input', 'expected_output', 'is_sample', 'deleted_at'],
    'test_case has its columns');
SELECT fk_ok('interview', 'test_case', 'problem_id', 'interview', 'problem', 'id');
SELECT col_is_pk('interview', 'problem_set', ARRAY['company_id', 'problem_id'],
    'a problem is in a company''s set once');
SELECT fk_ok('interview', 'problem_set', 'company_id', 'interview', 'company', 'id');
SELECT fk_ok('interview', 'problem_set', 'problem_id', 'interview', 'problem', 'id');
SELECT fk_ok('interview', 'interview', 'account_id', 'interview', 'account', 'id');
SELECT fk_ok('interview', 'interview', 'company_id', 'interview', 'company', 'id');
SELECT col_type_is('interview', 'interview', 'finished_time', 'timestamp with time zone',
    'interview.finished_time');
SELECT fk_ok('interview', 'task', 'interview_id', 'interview', 'interview', 'id');
SELECT fk_ok('interview', 'task', 'problem_id', 'interview', 'problem', 'id');
SELECT fk_ok('interview', 'submission', 'task_id', 'interview', 'task', 'id');
SELECT fk_ok('interview', 'submission', 'language', 'interview', 'language', 'id');
SELECT col_type_is('interview', 'submission', 'status', 'text', 'submission.status is text');
SELECT col_default_is('interview', 'submission', 'status', 'queued'::text,
    'a submission starts queued');
SELECT col_type_is('interview', 'submission', 'verdict', 'text', 'submission.verdict is text');
SELECT fk_ok('interview', 'test_result', 'submission_id', 'interview', 'submission', 'id');
SELECT fk_ok('interview', 'test_result', 'test_case_id', 'interview', 'test_case', 'id');
SELECT col_type_is('interview', 'language', 'id', 'text', 'language.id is text');
SELECT is((SELECT array_agg(id ORDER BY id) FROM interview.language),
    ARRAY['c', 'cpp', 'javascript', 'python3'], 'the four languages of the design');

-- Indexes.
SELECT has_index('interview', 'interview', 'interview_one_ongoing_idx', ARRAY['account_id'],
    'the one-ongoing-interview index exists');
SELECT index_is_unique('interview', 'interview', 'interview_one_ongoing_idx',
    'and is unique');
SELECT is((SELECT pg_get_expr(indpred, indrelid) FROM pg_index
           WHERE indexrelid = 'interview.interview_one_ongoing_idx'::regclass),
    '(finished_time IS NULL)', 'and is partial: unfinished interviews only');
SELECT has_index('interview', 'submission', 'submission_queue_idx', 'the judge queue index exists');
SELECT has_index('interview', 'auth_session', 'auth_session_account_id_idx',
    'sessions are indexed by account');

-- CHECK constraints, by what they refuse.
SELECT col_has_check('interview', 'submission', 'status', 'submission.status has a CHECK');
SELECT col_has_check('interview', 'submission', 'verdict', 'submission.verdict has a CHECK');
SELECT col_has_check('interview', 'company', 'name', 'company.name has a CHECK');
INSERT INTO interview.account (username, password_hash) VALUES ('schema_u', 'x');
INSERT INTO interview.problem (title) VALUES ('schema p');
INSERT INTO interview.interview (account_id, expired_time)
    SELECT id, now() + interval '1 hour' FROM interview.account WHERE username = 'schema_u';
INSERT INTO interview.task (interview_id, problem_id, ordinal)
    SELECT i.id, p.id, 1 FROM interview.interview i, interview.problem p
    WHERE p.title = 'schema p'
      AND i.account_id = (SELECT id FROM interview.account WHERE username = 'schema_u');
CREATE TEMP TABLE ids AS SELECT
    (SELECT id FROM interview.account WHERE username = 'schema_u') AS account_id,
    (SELECT t.id FROM interview.task t JOIN interview.problem p ON p.id = t.problem_id
     WHERE p.title = 'schema p') AS task_id;
SELECT throws_ok($$INSERT INTO interview.submission (task_id, account_id, language, code, status)
    SELECT task_id, account_id, 'c', 'x', 'done' FROM ids$$, '23514', NULL,
    'an unknown status is refused');
SELECT throws_ok($$INSERT INTO interview.submission (task_id, account_id, language, code, status, verdict)
    SELECT task_id, account_id, 'c', 'x', 'judged', 'OK' FROM ids$$, '23514', NULL,
    'an unknown verdict is refused');
SELECT throws_ok($$INSERT INTO interview.submission (task_id, account_id, language, code, status)
    SELECT task_id, account_id, 'c', 'x', 'judged' FROM ids$$, '23514', NULL,
    'a judged submission needs a verdict');
SELECT throws_ok($$INSERT INTO interview.submission (task_id, account_id, language, code)
    SELECT task_id, account_id, 'cobol', 'x' FROM ids$$, '23503', NULL,
    'an unknown language is refused');
SELECT throws_ok($$INSERT INTO interview.submission (task_id, account_id, language, code)
    SELECT task_id, account_id, 'c', '' FROM ids$$, '23514', NULL,
    'empty code is refused');
SELECT throws_ok($$INSERT INTO interview.company (name) VALUES (repeat('x', 65))$$, '23514', NULL,
    'a company name over 64 characters is refused');
SELECT throws_ok($$INSERT INTO interview.company (name, problems_per_interview) VALUES ('zero', 0)$$,
    '23514', NULL, 'problems_per_interview below 1 is refused');
SELECT throws_ok($$INSERT INTO interview.account (username, password_hash) VALUES ('bad name', 'x')$$,
    '23514', NULL, 'an invalid username is refused by the table too');
SELECT throws_ok($$INSERT INTO interview.interview (account_id, expired_time)
    SELECT account_id, now() + interval '1 hour' FROM ids$$, '23505', NULL,
    'a second unfinished interview for one account is refused');
UPDATE interview.interview SET finished_time = now()
    WHERE account_id = (SELECT account_id FROM ids);
SELECT lives_ok($$INSERT INTO interview.interview (account_id, expired_time)
    SELECT account_id, now() + interval '1 hour' FROM ids$$,
    'a new interview is accepted once the previous one is finished');

-- Roles and grants.
SELECT has_role('interview_proxy');
SELECT has_role('interview_judge');
SELECT has_role('interview_admin');
SELECT is((SELECT count(*) FROM pg_roles
           WHERE rolname IN ('interview_proxy', 'interview_judge', 'interview_admin')
             AND NOT rolcanlogin), 3::bigint, 'the three roles are NOLOGIN');
SELECT is((SELECT count(*) FROM pg_class c
           WHERE c.relnamespace = 'interview'::regnamespace AND c.relkind = 'r'
             AND has_table_privilege('interview_proxy', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')),
    0::bigint, 'the proxy role may not write any table');
SELECT is((SELECT count(*) FROM pg_class c
           WHERE c.relnamespace = 'interview'::regnamespace AND c.relkind = 'r'
             AND has_table_privilege('interview_judge', c.oid, 'SELECT')),
    0::bigint, 'the judge role reads no table directly');
SELECT is(has_function_privilege('interview_judge', 'interview.login(text, text)', 'EXECUTE'), false,
    'the judge role may not call the account functions');
SELECT is(has_function_privilege('interview_proxy', 'interview.claim_submission(text, interval)', 'EXECUTE'),
    false, 'the proxy role may not call the queue functions');
SELECT is(has_function_privilege('interview_proxy', 'interview.create_staff(text, text, text)', 'EXECUTE'),
    true, 'the proxy role may call create_staff (it refuses all but staff accounts)');

-- RLS, comments, function attributes.
SELECT is((SELECT count(*) FROM pg_class c
           WHERE c.relnamespace = 'interview'::regnamespace AND c.relkind = 'r'
             AND NOT c.relrowsecurity), 0::bigint, 'row-level security is enabled on every table');
SELECT is((SELECT array_agg(c.relname::text) FROM pg_class c
           WHERE c.relnamespace = 'interview'::regnamespace AND c.relkind = 'r'
             AND obj_description(c.oid, 'pg_class') IS NULL), NULL,
    'every table has a comment');
SELECT is((SELECT array_agg(p.proname::text) FROM pg_proc p
           WHERE p.pronamespace = 'interview'::regnamespace
             AND obj_description(p.oid, 'pg_proc') IS NULL), NULL,
    'every function has a comment');
SELECT is((SELECT array_agg(p.proname::text) FROM pg_proc p
           WHERE p.pronamespace = 'interview'::regnamespace
             AND p.proname NOT IN ('current_account_id', 'current_is_staff')
             AND NOT (p.prosecdef AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
                      AND 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig))), NULL,
    'every API function is C, SECURITY DEFINER, with a fixed search_path');
SELECT is((SELECT array_agg(p.proname::text) FROM pg_proc p
           WHERE p.pronamespace = 'interview'::regnamespace
             AND has_function_privilege('public', p.oid, 'EXECUTE')), NULL,
    'PUBLIC may execute no function of the extension');

-- DROP EXTENSION removes the schema but leaves the cluster-wide roles; the
-- extension can then be created again with the roles already there.
DROP EXTENSION interview;
SELECT hasnt_schema('interview', 'DROP EXTENSION removes the schema');
SELECT is((SELECT count(*) FROM pg_roles
           WHERE rolname IN ('interview_proxy', 'interview_judge', 'interview_admin')),
    3::bigint, 'DROP EXTENSION leaves the three roles');
SELECT lives_ok($$CREATE EXTENSION interview$$, 'CREATE EXTENSION works with the roles present');
SELECT is((SELECT count(*) FROM pg_tables WHERE schemaname = 'interview'), 17::bigint,
    'and creates the tables again');

SELECT * FROM finish();
ROLLBACK;
