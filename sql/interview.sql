-- interview: the data model, row-level security and SQL API of the mock
-- coding-interview backend. Editable source; the build copies it to
-- interview--<version>.sql. Decisions are made in C (module interview);
-- this file declares tables, policies, grants and function signatures.

\echo Use "CREATE EXTENSION interview CASCADE" to load this file. \quit

-- Roles are cluster-wide: created only when absent, left behind by DROP EXTENSION.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'interview_proxy') THEN
        CREATE ROLE interview_proxy NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'interview_judge') THEN
        CREATE ROLE interview_judge NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'interview_admin') THEN
        CREATE ROLE interview_admin NOLOGIN;
    END IF;
END
$roles$;

-- The schema belongs to the extension, so DROP EXTENSION removes it.
CREATE SCHEMA interview;
REVOKE ALL ON SCHEMA interview FROM PUBLIC;
GRANT USAGE ON SCHEMA interview TO interview_proxy, interview_judge, interview_admin;

------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------

CREATE TABLE interview.account (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL UNIQUE
                  CHECK (username ~ '^[A-Za-z0-9_.@+-]{1,150}$'),
    password_hash text NOT NULL,
    email         text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    is_staff      boolean NOT NULL DEFAULT false,
    date_joined   timestamptz NOT NULL DEFAULT now(),
    last_login    timestamptz
);
COMMENT ON TABLE interview.account IS 'A person who can log in: a candidate, or staff when is_staff.';

CREATE TABLE interview.auth_session (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    account_id bigint NOT NULL REFERENCES interview.account ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX auth_session_account_id_idx ON interview.auth_session (account_id);
CREATE INDEX auth_session_expires_at_idx ON interview.auth_session (expires_at);
COMMENT ON TABLE interview.auth_session IS 'Login sessions: the SHA-256 of each token, never the token itself.';

-- One row per account, made by the trigger below; login() overwrites
-- allowed_at in place so that aborted (failed) logins are charged too.
-- Never UPDATE it with SQL (see extension/throttle.c).
CREATE TABLE interview.login_throttle (
    account_id bigint PRIMARY KEY REFERENCES interview.account ON DELETE CASCADE,
    allowed_at timestamptz NOT NULL DEFAULT '-infinity'
);
COMMENT ON TABLE interview.login_throttle IS
    'Per-account login token bucket: the instant from which the bucket is full again (GCRA).';

CREATE FUNCTION interview.account_throttle_row() RETURNS trigger
    AS 'MODULE_PATHNAME', 'account_throttle_row'
    LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.account_throttle_row() IS
    'Trigger: gives each new account its login_throttle row.';
REVOKE ALL ON FUNCTION interview.account_throttle_row() FROM PUBLIC;
CREATE TRIGGER account_throttle_row AFTER INSERT ON interview.account
    FOR EACH ROW EXECUTE FUNCTION interview.account_throttle_row();

CREATE TABLE interview.language (
    id        text PRIMARY KEY CHECK (id ~ '^[a-z0-9_+]{1,32}$'),
    name      text NOT NULL,
    version   text NOT NULL DEFAULT '',
    available boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE interview.language IS 'Languages of submissions; the judge registers those it runs (set_languages) and marks the others unavailable: submit_task accepts available ones only.';
COMMENT ON COLUMN interview.language.available IS 'Whether the judge can run it now; rows stay for the submissions that name them.';

INSERT INTO interview.language (id, name) VALUES
    ('c', 'C (gcc, C17)'),
    ('cpp', 'C++ (g++, C++17)'),
    ('python3', 'Python 3'),
    ('javascript', 'JavaScript (Node.js)');

CREATE TABLE interview.language_driver (
    language   text PRIMARY KEY REFERENCES interview.language ON DELETE CASCADE,
    starter    jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE interview.language_driver IS
    'How each language spells a function signature (the starter keys of the judge''s driver file), registered by the judge.';

CREATE TABLE interview.company (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text NOT NULL UNIQUE
                           CHECK (length(name) BETWEEN 1 AND 64),
    problems_per_interview int NOT NULL DEFAULT 3
                           CHECK (problems_per_interview BETWEEN 1 AND 100),
    archived_at            timestamptz   -- archived: no new interviews, hidden from lists
);
COMMENT ON TABLE interview.company IS 'A company whose interviews draw from its problem set.';

CREATE TABLE interview.problem (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           text NOT NULL UNIQUE CHECK (length(title) BETWEEN 1 AND 256),
    text            text NOT NULL DEFAULT '',
    duration        interval NOT NULL DEFAULT '30 minutes'
                    CHECK (duration > '0'::interval AND duration <= '1 day'::interval),
    time_limit_ms   int NOT NULL DEFAULT 2000 CHECK (time_limit_ms BETWEEN 1 AND 60000),
    memory_limit_kb int NOT NULL DEFAULT 262144 CHECK (memory_limit_kb BETWEEN 1024 AND 4194304),
    -- Bumped once per transaction that changes the tests, limits or checker
    -- (triggers below); version_xact is the transaction that last bumped it.
    version         int NOT NULL DEFAULT 1 CHECK (version >= 1),
    version_xact    xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    archived_at     timestamptz,  -- archived: never drawn again, hidden from lists
    -- Judging runs every test unless this is set (then it stops at the first failure).
    stop_at_first_failure boolean NOT NULL DEFAULT false,
    -- How output is compared (set_checker): exact, tokens, float:EPS, unordered or custom.
    checker         text NOT NULL DEFAULT 'exact'
                    CHECK (checker ~ '^(exact|tokens|unordered|custom|float:[0-9.eE+-]{1,32})$'),
    -- Function problems: {"function", "params": [{"name", "type"}], "returns"}
    -- (set_signature); null for a stdin/stdout problem.
    signature       jsonb
);
COMMENT ON TABLE interview.problem IS 'A coding problem with its duration, judge limits and checker.';

CREATE TABLE interview.custom_checker (
    problem_id bigint PRIMARY KEY REFERENCES interview.problem ON DELETE CASCADE,
    language   text NOT NULL,
    code       text NOT NULL CHECK (length(code) BETWEEN 1 AND 65536),
    -- sha-256 of language and code: the judge's cache key with the problem id.
    code_hash  text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE interview.custom_checker IS 'The program of a problem whose checker is custom; read by the judge only (candidates never see it).';

CREATE TABLE interview.code_template (
    problem_id bigint NOT NULL REFERENCES interview.problem ON DELETE CASCADE,
    language   text NOT NULL,
    code       text NOT NULL,
    PRIMARY KEY (problem_id, language),
    -- '*' is the template for every language without its own.
    CHECK (language = '*' OR language ~ '^[a-z0-9_+]{1,32}$')
);
COMMENT ON TABLE interview.code_template IS 'Starter code per problem and language; language * is the default.';

CREATE TABLE interview.test_case (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    problem_id      bigint NOT NULL REFERENCES interview.problem ON DELETE CASCADE,
    ordinal         int NOT NULL CHECK (ordinal >= 1),
    input           text NOT NULL,
    expected_output text NOT NULL,
    is_sample       boolean NOT NULL DEFAULT false,
    -- Deleted while test results refer to it: kept for the history, never run.
    deleted_at      timestamptz
);
CREATE UNIQUE INDEX test_case_ordinal_idx ON interview.test_case (problem_id, ordinal)
    WHERE deleted_at IS NULL;
COMMENT ON TABLE interview.test_case IS 'Input and expected output; only sample cases are shown to candidates.';

CREATE TABLE interview.problem_set (
    company_id bigint NOT NULL REFERENCES interview.company ON DELETE CASCADE,
    problem_id bigint NOT NULL REFERENCES interview.problem ON DELETE CASCADE,
    PRIMARY KEY (company_id, problem_id)
);
CREATE INDEX problem_set_problem_id_idx ON interview.problem_set (problem_id);
COMMENT ON TABLE interview.problem_set IS 'Which problems a company draws its interviews from.';

CREATE TABLE interview.interview (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES interview.account ON DELETE CASCADE,
    company_id    bigint REFERENCES interview.company ON DELETE SET NULL,
    start_time    timestamptz NOT NULL DEFAULT now(),
    expired_time  timestamptz NOT NULL,
    finished_time timestamptz,
    CHECK (expired_time >= start_time),
    CHECK (finished_time IS NULL OR finished_time >= start_time)
);
-- At most one unfinished interview per account.
CREATE UNIQUE INDEX interview_one_ongoing_idx ON interview.interview (account_id)
    WHERE finished_time IS NULL;
CREATE INDEX interview_account_id_idx ON interview.interview (account_id);
COMMENT ON TABLE interview.interview IS 'One sitting of a candidate: drawn tasks and a deadline.';

CREATE TABLE interview.task (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interview_id bigint NOT NULL REFERENCES interview.interview ON DELETE CASCADE,
    problem_id   bigint NOT NULL REFERENCES interview.problem ON DELETE CASCADE,
    ordinal      int NOT NULL CHECK (ordinal >= 1),
    UNIQUE (interview_id, ordinal),
    UNIQUE (interview_id, problem_id)
);
CREATE INDEX task_problem_id_idx ON interview.task (problem_id);
COMMENT ON TABLE interview.task IS 'A problem drawn for an interview.';

CREATE TABLE interview.submission (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id          bigint NOT NULL REFERENCES interview.task ON DELETE CASCADE,
    account_id       bigint NOT NULL REFERENCES interview.account ON DELETE CASCADE,
    language         text NOT NULL REFERENCES interview.language,
    code             text NOT NULL CHECK (length(code) BETWEEN 1 AND 65536),
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'judging', 'judged')),
    verdict          text CHECK (verdict IN ('AC', 'WA', 'CE', 'RE', 'TLE', 'MLE', 'OLE', 'IE')),
    failed_at        int,            -- ordinal of the first failing test case
    failed_output    text,           -- excerpt of its output (at most 4 KiB)
    compile_output   text,           -- compiler messages (at most 64 KiB)
    time_ms          int,            -- largest CPU time over the test cases
    memory_kb        int,            -- largest peak memory over the test cases
    judged_at        timestamptz,
    attempts         int NOT NULL DEFAULT 0,   -- claims so far
    failures         int NOT NULL DEFAULT 0,   -- counted infrastructure failures
    worker           text,
    lease_token      bigint,
    lease_expires_at timestamptz,
    judge_info       jsonb,          -- what the judge ran (compiler versions, ...)
    problem_version  int,            -- problem.version of the tests it was judged against
    passed           int,            -- tests accepted
    total            int,            -- tests of the problem when judged
    -- What candidates see of time_ms and memory_kb: exact over sample tests,
    -- hidden tests only as their maximum rounded up to 10 % of the limit.
    hidden_time_ms   int,
    hidden_memory_kb int,
    shown_time_ms    int,
    shown_memory_kb  int,
    CHECK ((status = 'judged') = (verdict IS NOT NULL)),
    CHECK (passed BETWEEN 0 AND total)
);
CREATE INDEX submission_task_id_idx ON interview.submission (task_id);
CREATE INDEX submission_account_id_idx ON interview.submission (account_id) WHERE status = 'queued';
-- The judge queue: oldest queued first, then expired leases.
CREATE INDEX submission_queue_idx ON interview.submission (id) WHERE status = 'queued';
CREATE INDEX submission_lease_idx ON interview.submission (lease_expires_at) WHERE status = 'judging';
-- Fair claims: how many submissions of an account are being judged.
CREATE INDEX submission_judging_account_idx ON interview.submission (account_id) WHERE status = 'judging';
COMMENT ON TABLE interview.submission IS 'Code submitted for a task, and its judgement.';

CREATE TABLE interview.test_result (
    submission_id bigint NOT NULL REFERENCES interview.submission ON DELETE CASCADE,
    test_case_id  bigint NOT NULL REFERENCES interview.test_case ON DELETE CASCADE,
    ordinal       int NOT NULL,
    verdict       text NOT NULL CHECK (verdict IN ('AC', 'WA', 'CE', 'RE', 'TLE', 'MLE', 'OLE', 'IE')),
    time_ms       int NOT NULL DEFAULT 0,
    memory_kb     int NOT NULL DEFAULT 0,
    detail        text,          -- exit code or signal name for RE
    actual_output   text,        -- the program's output (64 KiB for samples, 4 KiB else)
    checker_message text,        -- first line the checker printed (staff only)
    PRIMARY KEY (submission_id, test_case_id)
);
COMMENT ON TABLE interview.test_result IS 'The outcome of one test case of one submission; read through visible_test_result.';

CREATE TABLE interview.run (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id          bigint NOT NULL REFERENCES interview.task ON DELETE CASCADE,
    account_id       bigint NOT NULL REFERENCES interview.account ON DELETE CASCADE,
    language         text NOT NULL REFERENCES interview.language,
    code             text NOT NULL CHECK (length(code) BETWEEN 1 AND 65536),
    input            text NOT NULL CHECK (octet_length(input) <= 1048576),
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'judging', 'judged')),
    verdict          text CHECK (verdict IN ('OK', 'CE', 'RE', 'TLE', 'MLE', 'OLE', 'IE')),
    stdout           text,           -- at most 64 KiB and a marker when cut
    stderr           text,           -- likewise
    compile_output   text,           -- compiler messages (at most 64 KiB)
    result           text,           -- function problems: the return value's JSON (at most 64 KiB)
    time_ms          int,
    memory_kb        int,
    created_at       timestamptz NOT NULL DEFAULT now(),
    judged_at        timestamptz,
    attempts         int NOT NULL DEFAULT 0,   -- claims so far
    failures         int NOT NULL DEFAULT 0,   -- counted infrastructure failures
    worker           text,
    lease_token      bigint,
    lease_expires_at timestamptz,
    CHECK ((status = 'judged') = (verdict IS NOT NULL))
);
-- At most one unfinished run per account.
CREATE UNIQUE INDEX run_one_pending_idx ON interview.run (account_id) WHERE status <> 'judged';
CREATE INDEX run_account_created_idx ON interview.run (account_id, created_at);
CREATE INDEX run_task_id_idx ON interview.run (task_id);
CREATE INDEX run_queue_idx ON interview.run (id) WHERE status = 'queued';
CREATE INDEX run_lease_idx ON interview.run (lease_expires_at) WHERE status = 'judging';
COMMENT ON TABLE interview.run IS 'Code run on the candidate''s own input ("Run" before "Submit"): never an attempt nor a verdict of the task.';

CREATE TABLE interview.submission_verdict_history (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id   bigint NOT NULL REFERENCES interview.submission ON DELETE CASCADE,
    verdict         text NOT NULL,
    judged_at       timestamptz,
    problem_version int,
    rejudged_at     timestamptz NOT NULL DEFAULT now(),
    rejudged_by     bigint REFERENCES interview.account ON DELETE SET NULL,
    result          jsonb NOT NULL   -- the judgement's columns and its test results
);
CREATE INDEX submission_verdict_history_submission_id_idx
    ON interview.submission_verdict_history (submission_id);
COMMENT ON TABLE interview.submission_verdict_history IS
    'Earlier judgements of rejudged submissions, newest last; never changed once written.';

CREATE SEQUENCE interview.lease_token_seq;
COMMENT ON SEQUENCE interview.lease_token_seq IS 'Fencing tokens: every claim takes a new, larger one.';

------------------------------------------------------------------------------
-- Identity (C, backend memory; see identity.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.current_account_id() RETURNS bigint
    AS 'MODULE_PATHNAME', 'current_account_id'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION interview.current_account_id() IS
    'The account acting in this transaction (set by login or authenticate), or null.';

CREATE FUNCTION interview.current_is_staff() RETURNS boolean
    AS 'MODULE_PATHNAME', 'current_is_staff'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION interview.current_is_staff() IS
    'True when the acting account is staff; false when it is not or nobody acts.';

-- What a viewer may see of test results: staff everything; the owner of the
-- submission every field of sample tests, and of hidden tests the verdict
-- with time and memory only as the coarse maximum over hidden tests (so a
-- program cannot spell out a hidden input through its figures or exit code).
CREATE VIEW interview.visible_test_result WITH (security_barrier) AS
SELECT r.submission_id, r.test_case_id, r.ordinal, r.verdict, c.is_sample,
       CASE WHEN e.exact THEN r.time_ms ELSE coalesce(s.hidden_time_ms, 0) END AS time_ms,
       CASE WHEN e.exact THEN r.memory_kb ELSE coalesce(s.hidden_memory_kb, 0) END AS memory_kb,
       CASE WHEN e.exact THEN r.detail END AS detail,
       CASE WHEN e.exact THEN c.input END AS input,
       CASE WHEN e.exact THEN c.expected_output END AS expected_output,
       CASE WHEN e.exact THEN r.actual_output END AS actual_output,
       CASE WHEN v.staff THEN r.checker_message END AS checker_message
FROM interview.test_result r
JOIN interview.submission s ON s.id = r.submission_id
JOIN interview.test_case c ON c.id = r.test_case_id
CROSS JOIN LATERAL (SELECT interview.current_is_staff() AS staff) v
CROSS JOIN LATERAL (SELECT v.staff OR c.is_sample AS exact) e
WHERE v.staff OR s.account_id = interview.current_account_id();
COMMENT ON VIEW interview.visible_test_result IS
    'Test results as the acting account may see them: exact for staff and sample tests; for hidden tests the verdict, and time and memory only as the maximum over hidden tests rounded up to 10 % of the limit.';

------------------------------------------------------------------------------
-- Accounts (accounts.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.register(username text, password text, email text DEFAULT '')
    RETURNS bigint AS 'MODULE_PATHNAME', 'interview_register'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.register(text, text, text) IS
    'Creates a candidate account and returns its id. Usernames: 1-150 of letters, digits and _.@+-; passwords: 8-128 characters.';

CREATE FUNCTION interview.login(username text, password text)
    RETURNS text AS 'MODULE_PATHNAME', 'login'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.login(text, text) IS
    'Checks the password, returns a new session token and acts as that account until the end of the transaction.';

CREATE FUNCTION interview.authenticate(token text, for_session boolean DEFAULT false)
    RETURNS bigint AS 'MODULE_PATHNAME', 'authenticate'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.authenticate(text, boolean) IS
    'Acts as the token''s account until the end of the transaction (or of the session with for_session, not for the proxy role); returns the account id.';

CREATE FUNCTION interview.logout()
    RETURNS boolean AS 'MODULE_PATHNAME', 'logout'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.logout() IS
    'Ends the session of the token used to authenticate and stops acting as its account.';

CREATE FUNCTION interview.create_staff(username text, password text, email text DEFAULT '')
    RETURNS bigint AS 'MODULE_PATHNAME', 'create_staff'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.create_staff(text, text, text) IS
    'Creates a staff account (or makes an existing one staff after checking its password); for interview_admin members, superusers and staff accounts acting through login/authenticate (GraphQL createStaff).';

CREATE FUNCTION interview.act_as_staff(username text)
    RETURNS bigint AS 'MODULE_PATHNAME', 'act_as_staff'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.act_as_staff(text) IS
    'Acts as a staff account until the end of the transaction without its password; for interview_admin members and superusers (interview-admin uses it). Returns the account id.';

------------------------------------------------------------------------------
-- Staff (staff.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.create_company(name text, problems_per_interview int DEFAULT 3)
    RETURNS bigint AS 'MODULE_PATHNAME', 'create_company'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.create_company(text, int) IS
    'Creates a company (staff only) and returns its id.';

CREATE FUNCTION interview.create_problem(title text, text text DEFAULT '',
        code_template text DEFAULT NULL, duration interval DEFAULT '30 minutes',
        time_limit_ms int DEFAULT 2000, memory_limit_kb int DEFAULT 262144)
    RETURNS bigint AS 'MODULE_PATHNAME', 'create_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.create_problem(text, text, text, interval, int, int) IS
    'Creates the problem with this title, or updates it when it exists (staff only); code_template is the default template for every language. Returns its id.';

CREATE FUNCTION interview.set_code_template(problem_id bigint, language text, code text)
    RETURNS void AS 'MODULE_PATHNAME', 'set_code_template'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_code_template(bigint, text, text) IS
    'Sets the starter code of a problem for one language (staff only).';

CREATE FUNCTION interview.add_test_case(problem_id bigint, input text, expected_output text,
        is_sample boolean DEFAULT false)
    RETURNS bigint AS 'MODULE_PATHNAME', 'add_test_case'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.add_test_case(bigint, text, text, boolean) IS
    'Appends a test case to a problem (staff only) and returns its id.';

CREATE FUNCTION interview.set_signature(problem_id bigint, signature jsonb)
    RETURNS void AS 'MODULE_PATHNAME', 'set_signature'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_signature(bigint, jsonb) IS
    'Makes a problem a function problem (staff only): {"function": "twoSum", "params": [{"name": "nums", "type": "int[]"}], "returns": "int"}; null makes it a stdin/stdout problem again. Every existing test case must fit the signature.';

CREATE FUNCTION interview.code_template_for(problem_id bigint, language text)
    RETURNS text AS 'MODULE_PATHNAME', 'code_template_for'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.code_template_for(bigint, text) IS
    'The starter code of a problem in a language: the staff template of that language, else for a function problem the code generated from its signature, else the default template; null when none, or when the caller is neither staff nor has the problem among their tasks.';

CREATE FUNCTION interview.assign_problem(company_id bigint, problem_id bigint)
    RETURNS boolean AS 'MODULE_PATHNAME', 'assign_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.assign_problem(bigint, bigint) IS
    'Adds a problem to a company''s problem set (staff only); false when it was already there.';

------------------------------------------------------------------------------
-- Managing what exists (manage.c): edits, archiving, deletes, versions
------------------------------------------------------------------------------

CREATE FUNCTION interview.update_company(company_id bigint, name text DEFAULT NULL,
        problems_per_interview int DEFAULT NULL)
    RETURNS bigint AS 'MODULE_PATHNAME', 'update_company'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.update_company(bigint, text, int) IS
    'Renames a company or changes how many problems its interviews draw (staff only); null keeps a value. Returns its id.';

CREATE FUNCTION interview.update_problem(problem_id bigint, changes jsonb)
    RETURNS bigint AS 'MODULE_PATHNAME', 'update_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.update_problem(bigint, jsonb) IS
    'Changes the fields named in changes (title, text, duration in seconds or as an interval, time_limit_ms, memory_limit_kb, stop_at_first_failure) of a problem (staff only); other keys are refused. Returns its id.';

CREATE FUNCTION interview.update_test_case(test_case_id bigint, input text DEFAULT NULL,
        expected_output text DEFAULT NULL, is_sample boolean DEFAULT NULL)
    RETURNS bigint AS 'MODULE_PATHNAME', 'update_test_case'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.update_test_case(bigint, text, text, boolean) IS
    'Changes a test case (staff only); null keeps a value. Returns its id.';

CREATE FUNCTION interview.delete_test_case(test_case_id bigint)
    RETURNS boolean AS 'MODULE_PATHNAME', 'delete_test_case'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.delete_test_case(bigint) IS
    'Removes a test case from its problem (staff only) and renumbers the others; one that test results refer to is kept, marked deleted, so earlier results stay readable. Returns true.';

CREATE FUNCTION interview.reorder_test_cases(problem_id bigint, test_case_ids bigint[])
    RETURNS int AS 'MODULE_PATHNAME', 'reorder_test_cases'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.reorder_test_cases(bigint, bigint[]) IS
    'Numbers a problem''s test cases 1..n in the order given (staff only); the list names every test case exactly once. Returns n.';

CREATE FUNCTION interview.unassign_problem(company_id bigint, problem_id bigint)
    RETURNS boolean AS 'MODULE_PATHNAME', 'unassign_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.unassign_problem(bigint, bigint) IS
    'Removes a problem from a company''s problem set (staff only); false when it was not there. Interviews that drew it keep it.';

CREATE FUNCTION interview.archive_problem(problem_id bigint, archived boolean DEFAULT true)
    RETURNS boolean AS 'MODULE_PATHNAME', 'archive_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.archive_problem(bigint, boolean) IS
    'Archives a problem (or restores it with archived false; staff only): never drawn for a new interview, hidden from lists, its history intact. False when nothing changed.';

CREATE FUNCTION interview.archive_company(company_id bigint, archived boolean DEFAULT true)
    RETURNS boolean AS 'MODULE_PATHNAME', 'archive_company'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.archive_company(bigint, boolean) IS
    'Archives a company (or restores it with archived false; staff only): no new interviews, hidden from lists, its interviews intact. False when nothing changed.';

CREATE FUNCTION interview.delete_problem(problem_id bigint)
    RETURNS boolean AS 'MODULE_PATHNAME', 'delete_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.delete_problem(bigint) IS
    'Deletes a problem that no interview drew (staff only); IV015 when one did (archive it instead).';

CREATE FUNCTION interview.delete_company(company_id bigint)
    RETURNS boolean AS 'MODULE_PATHNAME', 'delete_company'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.delete_company(bigint) IS
    'Deletes a company without interviews (staff only); IV015 when it has some (archive it instead).';

CREATE FUNCTION interview.problem_version_trigger()
    RETURNS trigger AS 'MODULE_PATHNAME', 'problem_version_trigger'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.problem_version_trigger() IS
    'Trigger: bumps problem.version (once per transaction) when a column that judging reads changes.';

CREATE FUNCTION interview.test_case_version_trigger()
    RETURNS trigger AS 'MODULE_PATHNAME', 'test_case_version_trigger'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.test_case_version_trigger() IS
    'Trigger: bumps the version of the problems whose test cases or custom checker program a statement changed (once per transaction).';

CREATE TRIGGER problem_version BEFORE UPDATE ON interview.problem
    FOR EACH ROW EXECUTE FUNCTION interview.problem_version_trigger();
CREATE TRIGGER test_case_version_insert AFTER INSERT ON interview.test_case
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();
CREATE TRIGGER test_case_version_update AFTER UPDATE ON interview.test_case
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();
CREATE TRIGGER test_case_version_delete AFTER DELETE ON interview.test_case
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();
-- A custom checker's program is judged too (its kind stays "custom" when it changes).
CREATE TRIGGER custom_checker_version_insert AFTER INSERT ON interview.custom_checker
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();
CREATE TRIGGER custom_checker_version_update AFTER UPDATE ON interview.custom_checker
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();
CREATE TRIGGER custom_checker_version_delete AFTER DELETE ON interview.custom_checker
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION interview.test_case_version_trigger();

------------------------------------------------------------------------------
-- Problem packages (package.c), format interview-problem/1
------------------------------------------------------------------------------

CREATE FUNCTION interview.export_problem(problem_id bigint)
    RETURNS jsonb AS 'MODULE_PATHNAME', 'export_problem'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.export_problem(bigint) IS
    'A problem as one self-contained package (format interview-problem/1: statement, limits, version, templates, test cases, checker and other judged fields; staff only).';

CREATE FUNCTION interview.import_problem(package jsonb)
    RETURNS bigint AS 'MODULE_PATHNAME', 'import_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.import_problem(jsonb) IS
    'Creates a problem from a package, or updates the problem of the same title in place at a new version (staff only); IV016 names what is wrong with a bad package. Returns its id.';

------------------------------------------------------------------------------
-- Reports (report.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.interview_report(interview_id bigint)
    RETURNS jsonb AS 'MODULE_PATHNAME', 'interview_report'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.interview_report(bigint) IS
    'One interview: candidate, company, times, and per task the attempts, first and best verdict, passed/total, time to first AC, languages and every submission with its code and per-test results. Staff read any; a candidate reads their own, without hidden test data.';

CREATE FUNCTION interview.company_report(company_id bigint)
    RETURNS TABLE (interview_id bigint, candidate text, email text, started_at timestamptz,
                   finished_at timestamptz, tasks int, solved int, attempts int,
                   time_used interval)
    AS 'MODULE_PATHNAME', 'company_report'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.company_report(bigint) IS
    'One row per interview of a company, oldest first: candidate, start, finish, tasks, solved tasks, submissions and time used (staff only).';

CREATE FUNCTION interview.company_report_csv(company_id bigint)
    RETURNS text AS 'MODULE_PATHNAME', 'company_report_csv'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.company_report_csv(bigint) IS
    'company_report as CSV text with a header line (times in UTC, time used in seconds; a cell starting with = + - @ is prefixed with a quote; staff only).';

------------------------------------------------------------------------------
-- Rejudging (rejudge.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.rejudge(submission_id bigint)
    RETURNS int AS 'MODULE_PATHNAME', 'rejudge'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.rejudge(bigint) IS
    'Queues a submission again (staff only), keeping its verdict in submission_verdict_history; returns 1, or 0 when it is already queued.';

CREATE FUNCTION interview.rejudge_problem(problem_id bigint, only_finished boolean DEFAULT true)
    RETURNS int AS 'MODULE_PATHNAME', 'rejudge_problem'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.rejudge_problem(bigint, boolean) IS
    'Queues again every judged submission of a problem (with only_finished false also those being judged; staff only), keeping the verdicts in submission_verdict_history; returns how many were queued.';

------------------------------------------------------------------------------
-- Checkers and judging settings (checker.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.set_checker(problem_id bigint, checker text,
        checker_code text DEFAULT NULL, checker_language text DEFAULT NULL)
    RETURNS void AS 'MODULE_PATHNAME', 'set_checker'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_checker(bigint, text, text, text) IS
    'Sets how a problem''s output is judged (staff only): exact, tokens, float:EPS, unordered, or custom with checker_code in checker_language (a program reading the files input, expected and output; exit 0 accepts, 1 rejects, anything else is IE). Invalid checkers give IV018.';

CREATE FUNCTION interview.set_stop_at_first_failure(problem_id bigint, stop boolean)
    RETURNS void AS 'MODULE_PATHNAME', 'set_stop_at_first_failure'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_stop_at_first_failure(bigint, boolean) IS
    'Whether judging a problem stops at the first failing test (staff only); by default every test runs and is reported.';

------------------------------------------------------------------------------
-- Candidate (interviews.c)
------------------------------------------------------------------------------

CREATE FUNCTION interview.start_interview(company_id bigint DEFAULT NULL)
    RETURNS bigint AS 'MODULE_PATHNAME', 'start_interview'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.start_interview(bigint) IS
    'Starts an interview with problems drawn at random from the company''s set (all problems when null) and returns its id.';

CREATE FUNCTION interview.submit_task(task_id bigint, language text, code text)
    RETURNS bigint AS 'MODULE_PATHNAME', 'submit_task'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.submit_task(bigint, text, text) IS
    'Queues code for judging on a task of the caller''s ongoing interview and returns the submission id.';

CREATE FUNCTION interview.finish_interview()
    RETURNS bigint AS 'MODULE_PATHNAME', 'finish_interview'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.finish_interview() IS
    'Finishes the caller''s unfinished interview (also an expired one) and returns its id.';

CREATE FUNCTION interview.current_interview()
    RETURNS bigint AS 'MODULE_PATHNAME', 'current_interview'
    LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.current_interview() IS
    'The id of the caller''s unfinished interview, or null. An interview past its deadline that nobody finished still counts (start_interview finishes it).';

CREATE FUNCTION interview.visible_failed_output(submission_id bigint)
    RETURNS text AS 'MODULE_PATHNAME', 'visible_failed_output'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.visible_failed_output(bigint) IS
    'The output excerpt of the submission''s first failing test: for staff, or for its owner when that test is a sample; null otherwise, so hidden test cases cannot be read back through echoed output.';

CREATE FUNCTION interview.run_code(task_id bigint, language text, code text, input text)
    RETURNS bigint AS 'MODULE_PATHNAME', 'run_code'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.run_code(bigint, text, text, text) IS
    'Queues code to run once on the caller''s own input (at most 1 MiB) for a task of the ongoing interview and returns the run id; not a submission. For a function problem the input is the JSON array of the arguments, checked against the signature (IV012). One unfinished run per account (IV013) and interview.run_rate_per_minute runs a minute (IV014).';

CREATE FUNCTION interview.visible_time_ms(submission_id bigint)
    RETURNS int AS 'MODULE_PATHNAME', 'visible_time_ms'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.visible_time_ms(bigint) IS
    'The largest CPU time of a submission''s tests as its viewer may see it: exact for staff; for its owner exact over sample tests and rounded up to 10 % of the time limit over hidden ones; null otherwise.';

CREATE FUNCTION interview.visible_memory_kb(submission_id bigint)
    RETURNS int AS 'MODULE_PATHNAME', 'visible_memory_kb'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.visible_memory_kb(bigint) IS
    'The largest peak memory of a submission''s tests as its viewer may see it: exact for staff; for its owner exact over sample tests and rounded up to 10 % of the memory limit over hidden ones; null otherwise.';

------------------------------------------------------------------------------
-- Judge queue (queue.c), for role interview_judge
------------------------------------------------------------------------------

CREATE FUNCTION interview.claim_submission(worker text, lease interval DEFAULT '30 seconds')
    RETURNS jsonb AS 'MODULE_PATHNAME', 'claim_submission'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.claim_submission(text, interval) IS
    'Claims a queued submission (or one whose lease expired) for a worker in fair order: the account with the fewest submissions and runs being judged first, the oldest first among equals; null when none is ready.';

CREATE FUNCTION interview.extend_lease(submission_id bigint, token bigint,
        lease interval DEFAULT '30 seconds')
    RETURNS boolean AS 'MODULE_PATHNAME', 'extend_lease'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.extend_lease(bigint, bigint, interval) IS
    'Extends the lease of a claimed submission; false when the token is no longer current.';

CREATE FUNCTION interview.report_verdict(submission_id bigint, token bigint, result jsonb)
    RETURNS boolean AS 'MODULE_PATHNAME', 'report_verdict'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.report_verdict(bigint, bigint, jsonb) IS
    'Records the judgement of a claimed submission; false and nothing changed when the token is stale. Outputs over the limits (compile 64 KiB, failed 4 KiB) are truncated; a malformed result is refused with IV012.';

CREATE FUNCTION interview.release_submission(submission_id bigint, token bigint,
        failed boolean DEFAULT false)
    RETURNS boolean AS 'MODULE_PATHNAME', 'release_submission'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.release_submission(bigint, bigint, boolean) IS
    'Gives a claimed submission back to the queue; a failure counts, and the third ends it as IE.';

CREATE FUNCTION interview.claim_run(worker text, lease interval DEFAULT '30 seconds')
    RETURNS jsonb AS 'MODULE_PATHNAME', 'claim_run'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.claim_run(text, interval) IS
    'Claims the oldest queued run (or one whose lease expired) for a worker; null when none is ready. Judges claim runs before submissions.';

CREATE FUNCTION interview.extend_run_lease(run_id bigint, token bigint,
        lease interval DEFAULT '30 seconds')
    RETURNS boolean AS 'MODULE_PATHNAME', 'extend_run_lease'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.extend_run_lease(bigint, bigint, interval) IS
    'Extends the lease of a claimed run; false when the token is no longer current.';

CREATE FUNCTION interview.report_run(run_id bigint, token bigint, result jsonb)
    RETURNS boolean AS 'MODULE_PATHNAME', 'report_run'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.report_run(bigint, bigint, jsonb) IS
    'Records the outcome of a claimed run (verdict OK CE RE TLE MLE OLE IE, stdout, stderr, compile output, result for function problems, time, memory); false and nothing changed when the token is stale. Outputs over 64 KiB are cut with a marker.';

CREATE FUNCTION interview.release_run(run_id bigint, token bigint, failed boolean DEFAULT false)
    RETURNS boolean AS 'MODULE_PATHNAME', 'release_run'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.release_run(bigint, bigint, boolean) IS
    'Gives a claimed run back to the queue; a failure counts, and the third ends it as IE.';

CREATE FUNCTION interview.set_language_version(language text, version text)
    RETURNS boolean AS 'MODULE_PATHNAME', 'set_language_version'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_language_version(text, text) IS
    'Records the compiler or runtime version the judge runs for a language.';

CREATE FUNCTION interview.set_languages(languages jsonb)
    RETURNS int AS 'MODULE_PATHNAME', 'set_languages'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_languages(jsonb) IS
    'Registers the languages the judge runs, a JSON array of {"id", "name", "version"}: each is added or updated and available, every other language becomes unavailable (its row stays). Returns how many are available.';

CREATE FUNCTION interview.set_language_driver(language text, starter jsonb)
    RETURNS boolean AS 'MODULE_PATHNAME', 'set_language_driver'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION interview.set_language_driver(text, jsonb) IS
    'Records how a language spells function signatures (from the judge''s driver file); null removes it; false for an unknown language.';

------------------------------------------------------------------------------
-- Privileges: nobody but the owner writes tables; the proxy reads through RLS.
------------------------------------------------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA interview FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA interview FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA interview FROM PUBLIC;

GRANT SELECT ON interview.language, interview.language_driver, interview.company, interview.problem,
    interview.code_template, interview.test_case, interview.problem_set,
    interview.interview, interview.task, interview.visible_test_result,
    interview.submission_verdict_history TO interview_proxy;
-- Not failed_output (read it through visible_failed_output), nor time_ms and
-- memory_kb (visible_time_ms, visible_memory_kb: exact figures of hidden tests
-- would spell out their input), nor the judge's bookkeeping (worker, lease,
-- failures, judge_info). test_result only through visible_test_result, and
-- custom_checker not at all.
GRANT SELECT (id, task_id, account_id, language, code, submitted_at, status, verdict,
    failed_at, compile_output, judged_at, attempts, problem_version, passed, total)
    ON interview.submission TO interview_proxy;
GRANT SELECT (id, username, email, is_staff, date_joined, last_login)
    ON interview.account TO interview_proxy;
GRANT SELECT (id, task_id, account_id, language, code, input, status, verdict, stdout, stderr,
    compile_output, result, time_ms, memory_kb, created_at, judged_at)
    ON interview.run TO interview_proxy;

GRANT EXECUTE ON FUNCTION
    interview.current_account_id(), interview.current_is_staff(),
    interview.register(text, text, text), interview.login(text, text),
    interview.authenticate(text, boolean), interview.logout(),
    interview.create_company(text, int),
    interview.create_problem(text, text, text, interval, int, int),
    interview.set_code_template(bigint, text, text),
    interview.add_test_case(bigint, text, text, boolean),
    interview.set_signature(bigint, jsonb), interview.code_template_for(bigint, text),
    interview.assign_problem(bigint, bigint),
    interview.update_company(bigint, text, int), interview.update_problem(bigint, jsonb),
    interview.update_test_case(bigint, text, text, boolean),
    interview.delete_test_case(bigint), interview.reorder_test_cases(bigint, bigint[]),
    interview.unassign_problem(bigint, bigint),
    interview.archive_problem(bigint, boolean), interview.archive_company(bigint, boolean),
    interview.delete_problem(bigint), interview.delete_company(bigint),
    interview.rejudge(bigint), interview.rejudge_problem(bigint, boolean),
    interview.export_problem(bigint), interview.import_problem(jsonb),
    interview.interview_report(bigint), interview.company_report(bigint),
    interview.company_report_csv(bigint),
    interview.start_interview(bigint), interview.submit_task(bigint, text, text),
    interview.finish_interview(), interview.current_interview(),
    interview.visible_failed_output(bigint),
    interview.visible_time_ms(bigint), interview.visible_memory_kb(bigint),
    interview.set_checker(bigint, text, text, text),
    interview.set_stop_at_first_failure(bigint, boolean),
    interview.run_code(bigint, text, text, text)
    TO interview_proxy, interview_admin;
GRANT EXECUTE ON FUNCTION interview.create_staff(text, text, text),
    interview.act_as_staff(text) TO interview_admin;
GRANT EXECUTE ON FUNCTION
    interview.claim_submission(text, interval),
    interview.extend_lease(bigint, bigint, interval),
    interview.report_verdict(bigint, bigint, jsonb),
    interview.release_submission(bigint, bigint, boolean),
    interview.claim_run(text, interval),
    interview.extend_run_lease(bigint, bigint, interval),
    interview.report_run(bigint, bigint, jsonb),
    interview.release_run(bigint, bigint, boolean),
    interview.set_language_version(text, text),
    interview.set_languages(jsonb),
    interview.set_language_driver(text, jsonb)
    TO interview_judge;
-- Staff create staff through the proxy (createStaff); create_staff itself
-- refuses anyone else the proxy acts for.
GRANT EXECUTE ON FUNCTION interview.create_staff(text, text, text) TO interview_proxy;

------------------------------------------------------------------------------
-- Row-level security. Policies apply to every role but the owner; the
-- identity comes from current_account_id(), which only login/authenticate set.
------------------------------------------------------------------------------

ALTER TABLE interview.account       ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.auth_session  ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.login_throttle ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.language      ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.language_driver ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.company       ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.problem       ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.code_template ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.test_case     ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.problem_set   ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.interview     ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.task          ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.submission    ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.test_result   ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.submission_verdict_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.custom_checker ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview.run           ENABLE ROW LEVEL SECURITY;

CREATE POLICY account_read ON interview.account FOR SELECT
    USING (interview.current_is_staff() OR id = interview.current_account_id());
-- auth_session, login_throttle and custom_checker have no policy: no role but the owner reads them.
CREATE POLICY language_read ON interview.language FOR SELECT USING (true);
CREATE POLICY language_driver_read ON interview.language_driver FOR SELECT USING (true);
CREATE POLICY company_read ON interview.company FOR SELECT
    USING (interview.current_account_id() IS NOT NULL);
CREATE POLICY problem_read ON interview.problem FOR SELECT
    USING (interview.current_is_staff() OR EXISTS (
        SELECT 1 FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id
        WHERE t.problem_id = problem.id AND i.account_id = interview.current_account_id()));
CREATE POLICY code_template_read ON interview.code_template FOR SELECT
    USING (interview.current_is_staff() OR EXISTS (
        SELECT 1 FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id
        WHERE t.problem_id = code_template.problem_id
          AND i.account_id = interview.current_account_id()));
CREATE POLICY test_case_read ON interview.test_case FOR SELECT
    USING (interview.current_is_staff() OR (is_sample AND deleted_at IS NULL AND EXISTS (
        SELECT 1 FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id
        WHERE t.problem_id = test_case.problem_id
          AND i.account_id = interview.current_account_id())));
CREATE POLICY problem_set_read ON interview.problem_set FOR SELECT
    USING (interview.current_is_staff());
CREATE POLICY interview_read ON interview.interview FOR SELECT
    USING (interview.current_is_staff() OR account_id = interview.current_account_id());
CREATE POLICY task_read ON interview.task FOR SELECT
    USING (interview.current_is_staff() OR EXISTS (
        SELECT 1 FROM interview.interview i
        WHERE i.id = task.interview_id AND i.account_id = interview.current_account_id()));
CREATE POLICY submission_read ON interview.submission FOR SELECT
    USING (interview.current_is_staff() OR account_id = interview.current_account_id());
CREATE POLICY test_result_read ON interview.test_result FOR SELECT
    USING (interview.current_is_staff() OR EXISTS (
        SELECT 1 FROM interview.submission s
        WHERE s.id = test_result.submission_id
          AND s.account_id = interview.current_account_id()));
-- Earlier verdicts may echo hidden test output: staff only.
CREATE POLICY submission_verdict_history_read ON interview.submission_verdict_history
    FOR SELECT USING (interview.current_is_staff());
CREATE POLICY run_read ON interview.run FOR SELECT
    USING (interview.current_is_staff() OR account_id = interview.current_account_id());
