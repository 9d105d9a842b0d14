#!/bin/bash
# test/bench/langs.sh: submit-to-verdict time of every language (run by
# test/bench/run.sh, `make bench`, inside pg_virtualenv). The real judge
# (one worker, so submissions never wait for each other) judges the accepted
# A+B solution of test/langs/cases in each language on a problem of 10 test
# cases; a round submits every language once, one at a time, and waits for
# each verdict; BENCH_LANG_ROUNDS rounds (default 5), languages interleaved so
# that every language sees the same load. Submit-to-verdict is judged_at -
# submitted_at (both the database's clock): pickup, compile, 10 runs, report.
# The figure per language is the median, beside its ratio to C's median of
# the same run. The table (markdown) is also in test/out/bench-langs/table.md.
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/test/out/bench-langs
rounds=${BENCH_LANG_ROUNDS:-5}
judge=$top/judge/interview-judge
cases=$top/test/langs/cases
db=iv_bench_langs_$$
jrole=iv_bench_langs_$$
jpass=bl_$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
jconn="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$db user=$jrole password=$jpass"
rm -rf "$out" && mkdir -p "$out" || exit 1
boxes=$(mktemp -d /tmp/iv-bench-langs.XXXXXX) || exit 1
judge_pid=""
cleanup() {
    [ -n "$judge_pid" ] && kill -TERM "$judge_pid" 2>/dev/null && wait "$judge_pid" 2>/dev/null
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$jrole\"" >/dev/null 2>&1
    rm -rf "$boxes"
}
trap cleanup EXIT
die() { echo "bench langs: $*" >&2; exit 1; }
sql() { local q=$1; shift; printf '%s\n' "$q" | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
[ -x "$judge" ] || die "judge/ is not built"

# id:directory of its cases:extension
LANGS="c:c:c cpp:cpp:cpp python3:python3:py pypy3:python3:py javascript:javascript:js
typescript:typescript:ts java:java:java kotlin:kotlin:kt go:go:go rust:rust:rs ruby:ruby:rb
php:php:php csharp:csharp:cs haskell:haskell:hs lua:lua:lua pascal:pascal:pas"

createdb "$db" || die "createdb"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v r="$jrole" -v p="$jpass" >/dev/null <<'SQL' || die "setup"
\o /dev/null
CREATE EXTENSION interview CASCADE;
CREATE ROLE :"r" LOGIN PASSWORD :'p' IN ROLE interview_judge;
SELECT interview.create_staff('bench_staff', 'password-s');
BEGIN;
SELECT interview.login('bench_staff', 'password-s');
SELECT interview.create_problem('bench sum 10', 'a + b', NULL, '1 day', 2000, 262144) AS p \gset
SELECT interview.add_test_case(:p, i || ' ' || (i * 7 - 20) || chr(10), (i * 8 - 20) || chr(10))
  FROM generate_series(1, 10) i;
SELECT interview.create_company('bench co', 1) AS c \gset
SELECT interview.assign_problem(:c, :p);
COMMIT;
SQL

"$judge" --db "$jconn" --workers 1 --first-worker 40 --box-root "$boxes" 2>"$out/judge.log" &
judge_pid=$!
for _ in $(seq 1 3000); do grep -q 'languages registered' "$out/judge.log" && break; sleep 0.1; done
grep -q 'languages registered' "$out/judge.log" || die "the judge did not register its languages: $(tail -5 "$out/judge.log")"

declare -A TASK
for e in $LANGS; do
    id=${e%%:*}
    sql "SELECT interview.register('bench_$id', 'password-c')" >/dev/null || die "register"
    TASK[$id]=$(printf '%s\n' 'BEGIN;' '\o /dev/null' "SELECT interview.login('bench_$id', 'password-c');" '\o' \
        '\o /dev/null' 'SELECT interview.start_interview() AS iv \gset' '\o' \
        'SELECT id FROM interview.task WHERE interview_id = :iv;' 'COMMIT;' |
        psql -X -q -At -v ON_ERROR_STOP=1 -d "$db") || die "start_interview"
done
: >"$out/times"
for r in $(seq 1 "$rounds"); do
    for e in $LANGS; do
        id=${e%%:*}; rest=${e#*:}; dir=${rest%%:*}; ext=${rest#*:}
        sid=$(printf '%s\n' 'BEGIN;' '\o /dev/null' "SELECT interview.login('bench_$id', 'password-c');" '\o' \
            "SELECT interview.submit_task(${TASK[$id]}, '$id', :'code');" 'COMMIT;' |
            psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -v code="$(cat "$cases/$dir/ac.$ext")") \
            || die "submit $id"
        for _ in $(seq 1 1200); do
            [ "$(sql "SELECT status FROM interview.submission WHERE id = $sid")" = judged ] && break
            sleep 0.05
        done
        row=$(sql "SELECT verdict, round(extract(epoch FROM judged_at - submitted_at) * 1000) FROM interview.submission WHERE id = $sid" -F ' ')
        [ "${row%% *}" = AC ] || die "$id round $r: verdict ${row%% *} (not AC)"
        echo "$id ${row#* }" >>"$out/times"
    done
done

# median per language, ratio to C
{
    echo "| language | version | median submit-to-verdict (ms) | ratio to C |"
    echo "| --- | --- | ---: | ---: |"
    c_med=$(awk '$1 == "c" { print $2 }' "$out/times" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    for e in $LANGS; do
        id=${e%%:*}
        med=$(awk -v l="$id" '$1 == l { print $2 }' "$out/times" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
        ver=$(sql "SELECT version FROM interview.language WHERE id = '$id'")
        awk -v id="$id" -v v="$ver" -v m="$med" -v c="$c_med" 'BEGIN { printf "| %s | %s | %d | %.1f |\n", id, v, m, m / c }'
    done
} >"$out/table.md"
echo "submit-to-verdict of a 10-test A+B, median of $rounds rounds, one worker ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):"
cat "$out/table.md"
