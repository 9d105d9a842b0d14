# test/judge/lib.sh: shared helpers of the judge suite (bash, sourced).
#
# TAP output, a throw-away database with the installed extension, staff,
# candidates and problems made through the SQL API, and the real
# judge/interview-judge daemon started as a login role that is a member of
# interview_judge. Everything runs against the cluster that pg_virtualenv
# made (PG* variables set, superuser postgres). cleanup() (an EXIT trap)
# stops the judges this script started, by pid, and drops what it created.

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
JUDGE_BIN=${JUDGE_BIN:-$TOP/judge/interview-judge}
SUITE_TAG=${SUITE_TAG:-j$$}
DB=judge_${SUITE_TAG}
JROLE=judge_login_${SUITE_TAG}
JPASS=jp_$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
OUT=${OUT:-$TOP/test/out/judge}
mkdir -p "$OUT"
JCONN="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$DB user=$JROLE password=$JPASS"

# Sandbox slots (uid 64000 + slot) of this run's judges: SLOT .. SLOT + 9, drawn
# at random so that suites run at the same time on one machine rarely share a uid.
SLOT=${SLOT:-$(( 100 + (RANDOM % 85) * 10 ))}
TESTS=0
FAILURES=0
declare -A JPID=()

# --- TAP --------------------------------------------------------------

# pass NAME
pass() { TESTS=$((TESTS + 1)); echo "ok $TESTS - $1"; }

# fail NAME [DIAGNOSTIC]
fail() {
    TESTS=$((TESTS + 1)); FAILURES=$((FAILURES + 1))
    echo "not ok $TESTS - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
    return 0
}

# is GOT EXPECTED NAME
is() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:      '$1'
expected: '$2'"; fi
}

# ok COND-EXIT-STATUS NAME [DIAGNOSTIC]: ok $? "name"
ok() { if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2" "${3:-}"; fi; }

# done_testing: prints the plan; exit status says whether all passed.
done_testing() { echo "1..$TESTS"; [ "$FAILURES" -eq 0 ]; }

diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

# --- SQL ----------------------------------------------------------------

# sql SQL [psql args]: runs SQL as the superuser in the test database.
sql() {
    local q=$1; shift
    printf '%s\n' "$q" | psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"
}

# as_account USER PASSWORD SQL [psql args]: SQL in one transaction, acting
# as that account (interview.login).
as_account() {
    local u=$1 p=$2 q=$3; shift 3
    printf '%s\n' 'BEGIN;' '\o /dev/null' "SELECT interview.login(:'login_user', :'login_pass');" '\o' \
        "$q" 'COMMIT;' |
        psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -v login_user="$u" -v login_pass="$p" "$@"
}

# wait_sql SQL SECONDS: polls until SQL returns t; returns 1 on timeout.
wait_sql() {
    local q=$1 deadline=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        [ "$(sql "$q" 2>/dev/null)" = t ] && return 0
        sleep 0.3
    done
    return 1
}

# judging_by NAME SID: waits (30 s at most) until the judge NAME holds submission SID.
judging_by() {
    wait_sql "SELECT status = 'judging' AND worker LIKE '%:${JPID[$1]}/%' FROM interview.submission WHERE id = $2" 30
}

# --- setup ----------------------------------------------------------------

# setup_db: the database, the extension, the judge's login role.
setup_db() {
    createdb "$DB" || return 1
    sql "CREATE EXTENSION interview CASCADE;" || return 1
    psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v r="$JROLE" -v p="$JPASS" <<'EOF' || return 1
CREATE ROLE :"r" LOGIN PASSWORD :'p' IN ROLE interview_judge;
EOF
}

# setup_staff: the staff account (through create_staff as superuser).
setup_staff() {
    sql "SELECT interview.create_staff('staff_${SUITE_TAG}', 'staffpass1');" >/dev/null
}

# staff SQL [psql args]: as the staff account.
staff() { as_account "staff_${SUITE_TAG}" staffpass1 "$@"; }

# make_problem TITLE TIME_LIMIT_MS "IN|OUT" ...: a problem with test cases; prints its id.
make_problem() {
    local title=$1 tl=$2 pid; shift 2
    pid=$(staff "SELECT interview.create_problem(:'t', 'test problem', NULL, '30 minutes', :tl, 262144);" \
        -v t="$title" -v tl="$tl") || return 1
    local tc
    for tc in "$@"; do
        staff "SELECT interview.add_test_case(:pid, :'i', :'o', false);" -v pid="$pid" \
            -v i="${tc%%|*}" -v o="${tc#*|}" >/dev/null || return 1
    done
    echo "$pid"
}

# make_company NAME PROBLEM_ID: a company drawing one problem; prints its id.
make_company() {
    local cid
    cid=$(staff "SELECT interview.create_company(:'n', 1);" -v n="$1") || return 1
    staff "SELECT interview.assign_problem(:c, :p);" -v c="$cid" -v p="$2" >/dev/null || return 1
    echo "$cid"
}

# make_candidate NAME COMPANY_ID: registers NAME, starts an interview; prints the task id.
make_candidate() {
    sql "SELECT interview.register('$1', 'candpass1');" >/dev/null || return 1
    local iid
    iid=$(as_account "$1" candpass1 "SELECT interview.start_interview(:c);" -v c="$2") || return 1
    sql "SELECT id FROM interview.task WHERE interview_id = $iid;"
}

# submit CANDIDATE TASK LANGUAGE CODE: submit_task through the API; prints the id.
submit() {
    as_account "$1" candpass1 "SELECT interview.submit_task(:t, :'l', :'c');" \
        -v t="$2" -v l="$3" -v c="$4"
}

# --- judges ---------------------------------------------------------------

# start_judge NAME [ARGS]: starts the daemon in the background (log in $OUT/NAME.log).
start_judge() {
    local name=$1; shift
    # truncated here, not only by the background job's redirection, so that a
    # log of an earlier judge of that name is gone before anyone reads it
    : > "$OUT/$name.log"
    "$JUDGE_BIN" --db "$JCONN" "$@" 2>>"$OUT/$name.log" &
    JPID[$name]=$!
}

# judge_alive NAME: true while that judge runs.
judge_alive() { kill -0 "${JPID[$1]}" 2>/dev/null; }

# stop_judge NAME SIGNAL SECONDS: signals it and waits; sets STOPPED to its
# exit status (or "timeout" after SECONDS, then kills it). Not in a subshell:
# only the shell that started the judge can wait for it.
stop_judge() {
    local pid=${JPID[$1]} deadline=$(( $(date +%s) + $3 ))
    kill -s "$2" "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; STOPPED=timeout
    else
        wait "$pid" 2>/dev/null; STOPPED=$?
    fi
    unset "JPID[$1]"
}

# cleanup: stops our judges, drops the database and the role.
cleanup() {
    local n
    for n in "${!JPID[@]}"; do
        kill -TERM "${JPID[$n]}" 2>/dev/null
    done
    for n in "${!JPID[@]}"; do
        local i=0
        while kill -0 "${JPID[$n]}" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
        kill -KILL "${JPID[$n]}" 2>/dev/null
        wait "${JPID[$n]}" 2>/dev/null
    done
    dropdb --if-exists "$DB" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$JROLE\";" >/dev/null 2>&1
    return 0
}
