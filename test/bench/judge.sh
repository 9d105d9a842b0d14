#!/bin/bash
# test/bench/judge.sh: benchmark of the judge (run by test/bench/run.sh,
# `make bench`, inside pg_virtualenv: PG* variables of a superuser set).
# Every figure is printed beside a baseline measured in the same run:
#  (1) per-run overhead of the sandbox: the same static C program run
#      1,000 times in the sandbox (sandbox_run, with the limits of a C test
#      case) and 1,000 times with a bare fork + execv, interleaved in blocks
#      of 10 in one process so both see the same load (judge_bench sandbox);
#      overhead = sandboxed minus bare, per run, and the ratio.  Beside it,
#      the cost per test case through the whole judging core
#      (interview-sandbox-run on 1 and on 1,000 test cases: the difference
#      / 999) versus a bare fork + execv of the program as the judge
#      compiles it;
#  (2) pickup latency: submit_task commit -> the judge's claim, p50/p99 over
#      500 submissions made one at a time, versus the raw NOTIFY delivery to
#      a bare libpq listener (judge_bench listen) of the same notifications;
#  (3) throughput on a backlog of 500 small C and Python submissions (3 test
#      cases each) with 2 workers: judgements/s and CPU utilisation, versus
#      compiling and running the same programs bare (same compiler and
#      interpreter commands as judge/languages.c), 2 at a time.
# Sizes: BENCH_SANDBOX_RUNS (1000), BENCH_PICKUP (500), BENCH_BACKLOG (500).
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/test/out/bench-judge
runs=${BENCH_SANDBOX_RUNS:-1000}
npick=${BENCH_PICKUP:-500}
nback=${BENCH_BACKLOG:-500}
judge=$top/judge/interview-judge
sandbox_run=$top/judge/interview-sandbox-run
db=iv_bench_judge_$$
jrole=iv_bench_judge_$$
jpass=bp_$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
jconn="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$db user=$jrole password=$jpass"
ncpu=$(nproc)
rm -rf "$out" && mkdir -p "$out" || exit 1
boxes=$(mktemp -d /tmp/iv-bench-boxes.XXXXXX) || exit 1
judge_pid=""
listen_pid=""

cleanup() {
    [ -n "$judge_pid" ] && kill -TERM "$judge_pid" 2>/dev/null && wait "$judge_pid" 2>/dev/null
    [ -n "$listen_pid" ] && kill -TERM "$listen_pid" 2>/dev/null && wait "$listen_pid" 2>/dev/null
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$jrole\"" >/dev/null 2>&1
    rm -rf "$boxes"
}
trap cleanup EXIT

die() { echo "bench judge: $*" >&2; exit 1; }
now_us() { echo $(( ${EPOCHREALTIME/./} )); }
sql() { local q=$1; shift; printf '%s\n' "$q" | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
# busy and total jiffies of all cores
cpu_jiffies() { awk '/^cpu /{t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }
# CPU seconds of a process and its waited-for descendants
proc_cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /,""); print ($12+$13+$14+$15)/hz}' "/proc/$1/stat"; }

[ -x "$judge" ] && [ -x "$sandbox_run" ] || die "judge/ is not built"
# judge_bench links the judge's sandbox objects (built by make -C judge)
gcc -O2 -Wall -Wextra -Werror -o "$out/judge_bench" "$here/judge_bench.c" -iquote "$top/judge" \
    "$top/judge/sandbox.o" "$top/judge/sandbox-child.o" "$top/judge/sandbox-setup.o" "$top/judge/box.o" "$top/judge/cgroup.o" "$top/judge/seccomp.o" \
    -I"$(pg_config --includedir)" -lpq -lseccomp || die "cannot build judge_bench"

cat >"$out/sum.c" <<'EOF'
#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\n", a + b); return 0; }
EOF
cat >"$out/sum.py" <<'EOF'
a, b = map(int, input().split())
print(a + b)
EOF
printf '1 2\n' >"$out/in"

# --- (1) sandbox overhead per run vs bare fork+exec --------------------------------
echo "--- (1) per-run overhead: sandbox vs bare fork+exec of the same static C program ($runs runs each, interleaved in blocks of 10)"
mkdir -p "$out/t1" "$out/tn"
printf '1 2\n' >"$out/t1/1.in"; printf '3\n' >"$out/t1/1.out"
for i in $(seq 1 "$runs"); do printf '%d %d\n' "$i" 7 >"$out/tn/$i.in"; printf '%d\n' $((i + 7)) >"$out/tn/$i.out"; done
gcc -O2 -std=c17 -static -o "$out/sum_static" "$out/sum.c" -lm || die "static build"
gcc -O2 -std=c17 -o "$out/sum_dynamic" "$out/sum.c" -lm || die "dynamic build"
field() { printf " %s\n" "$2" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
pair=$("$out/judge_bench" sandbox "$out/sum_static" "$out/in" "$runs" "$boxes" 30 2>"$out/pair.err") ||
    die "judge_bench sandbox failed: $(cat "$out/pair.err")"
awk -v sm="$(field sandbox_mean_us "$pair")" -v sp="$(field sandbox_p50_us "$pair")" \
    -v bm="$(field bare_mean_us "$pair")" -v bp="$(field bare_p50_us "$pair")" -v n="$runs" 'BEGIN {
    printf "sandbox:  mean %.2f ms, median %.2f ms per run (sandbox_run: namespaces, cgroups, seccomp, rlimits)\n", sm / 1000, sp / 1000
    printf "bare:     mean %.2f ms, median %.2f ms per run (fork + execv, stdin file, stdout pipe)\n", bm / 1000, bp / 1000
    printf "overhead: +%.2f ms per run (mean; x%.2f), +%.2f ms (median; x%.2f), over %d runs each; target <= +2 ms\n",
        (sm - bm) / 1000, sm / bm, (sp - bp) / 1000, sp / bp, n }'
sbox() {
    "$sandbox_run" --language c --source "$out/sum.c" --tests "$1" --worker 30 \
        --box-root "$boxes" --time-limit-ms 2000 >"$2" 2>"$2.err"
}
t0=$(now_us); sbox "$out/t1" "$out/t1.json" || die "sandbox run (1 test) failed: $(cat "$out/t1.json.err")"
t1=$(now_us); sbox "$out/tn" "$out/tn.json" || die "sandbox run ($runs tests) failed: $(cat "$out/tn.json.err")"
t2=$(now_us)
dynamic_us=$("$out/judge_bench" forkexec "$out/sum_dynamic" "$out/in" "$runs" | sed 's/.*per_run_us=//')
grep -q '"verdict": *"AC"' "$out/tn.json" || die "sandbox did not accept: $(head -c 300 "$out/tn.json")"
awk -v s="$(( ((t2 - t1) - (t1 - t0)) / (runs - 1) ))" -v dy="$dynamic_us" -v one="$(( (t1 - t0) / 1000 ))" 'BEGIN {
    printf "judge_run per test case: %.2f ms (interview-sandbox-run, %d-test minus 1-test submission; compile + 1 test: %d ms)\n", s / 1000, '"$runs"', one
    printf "  vs bare fork+exec of the program as the judge compiles it (dynamic): %.2f ms: +%.2f ms (x%.2f)\n",
        dy / 1000, (s - dy) / 1000, s / dy }'

# --- database for (2) and (3) ---------------------------------------------------
createdb "$db" || die "createdb"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v r="$jrole" -v p="$jpass" >/dev/null <<'EOF' || die "setup"
\o /dev/null
CREATE EXTENSION interview CASCADE;
CREATE ROLE :"r" LOGIN PASSWORD :'p' IN ROLE interview_judge;
SELECT interview.create_staff('bench_staff', 'password-s');
BEGIN;
SELECT interview.login('bench_staff', 'password-s');
SELECT interview.create_problem('bench sum', 'a + b', NULL, '1 day', 2000, 262144) AS p \gset
SELECT interview.add_test_case(:p, '1 2' || chr(10), '3' || chr(10));
SELECT interview.add_test_case(:p, '10 20' || chr(10), '30' || chr(10));
SELECT interview.add_test_case(:p, '100 -5' || chr(10), '95' || chr(10));
SELECT interview.create_company('bench co', 1) AS c \gset
SELECT interview.assign_problem(:c, :p);
COMMIT;
SELECT interview.register('bench_cand', 'password-c');
BEGIN;
SELECT interview.login('bench_cand', 'password-c');
SELECT interview.start_interview(:c);
COMMIT;
CREATE TABLE public.bench_commit (submission_id bigint PRIMARY KEY, committed_at timestamptz NOT NULL);
CREATE TABLE public.bench_claim (submission_id bigint, claimed_at timestamptz);
CREATE TABLE public.bench_notify (payload text, received_us bigint);
CREATE TABLE public.bench_token (token text);
INSERT INTO public.bench_token SELECT interview.login('bench_cand', 'password-c');
-- Submits n programs one at a time through submit_task, stamping each just
-- before its commit, and waits for each verdict before the next.
CREATE PROCEDURE public.bench_pickup(n int, code text) LANGUAGE plpgsql AS $$
DECLARE
    tok text := (SELECT token FROM public.bench_token);
    task bigint := (SELECT id FROM interview.task);
    sid bigint;
BEGIN
    FOR i IN 1 .. n LOOP
        PERFORM interview.authenticate(tok);
        sid := interview.submit_task(task, 'python3', code || '# ' || i);
        INSERT INTO public.bench_commit VALUES (sid, clock_timestamp());
        COMMIT;
        LOOP
            EXIT WHEN (SELECT status FROM interview.submission WHERE id = sid) = 'judged';
            PERFORM pg_sleep(0.005);
        END LOOP;
        PERFORM pg_sleep(0.01);
    END LOOP;
END $$;
EOF

# the judges of (2) and (3) run c and python3 only: their start-up check of
# the other languages is no part of what is measured
awk '/^\[/ { keep = ($0 == "[sandbox]" || $0 == "[c]" || $0 == "[python3]") } keep' \
    /etc/interview-judge/languages.conf >"$out/languages.conf"

# --- (2) pickup latency ---------------------------------------------------------
echo "--- (2) pickup latency: submit_task commit -> claim ($npick submissions, one at a time)"
"$judge" --db "$jconn" --workers 2 --first-worker 30 --box-root "$boxes" --languages "$out/languages.conf" 2>"$out/pickup-judge.log" &
judge_pid=$!
PGDATABASE=$db "$out/judge_bench" listen "$npick" 1800 >"$out/listen.out" 2>"$out/listen.err" &
listen_pid=$!
for _ in $(seq 1 3000); do grep -q ready "$out/listen.out" && grep -q listening "$out/pickup-judge.log" && break; sleep 0.1; done
sql "CALL public.bench_pickup($npick, :'code')" -v code="$(cat "$out/sum.py")" || die "bench_pickup"
for _ in $(seq 1 50); do kill -0 "$listen_pid" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$listen_pid" 2>/dev/null; wait "$listen_pid"; listen_pid=""
kill -TERM "$judge_pid"; wait "$judge_pid"; judge_pid=""
sed -n 's/^\([^ ]*\) interview-judge\[[0-9]*\]: w[0-9]* claim submission=\([0-9]*\) .*/\2\t\1/p' \
    "$out/pickup-judge.log" >"$out/claims.tsv"
grep -v ready "$out/listen.out" | tr ' ' '\t' >"$out/notify.tsv"
sql "\copy public.bench_claim FROM '$out/claims.tsv'" || die "load claims"
sql "\copy public.bench_notify FROM '$out/notify.tsv'" || die "load notifications"
sql "
WITH j AS (SELECT extract(epoch FROM cl.claimed_at - c.committed_at) * 1000 AS ms
             FROM public.bench_commit c JOIN public.bench_claim cl USING (submission_id)),
     b AS (SELECT extract(epoch FROM to_timestamp(n.received_us / 1e6) - c.committed_at) * 1000 AS ms
             FROM public.bench_commit c JOIN public.bench_notify n ON n.payload = c.submission_id::text),
     pj AS (SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99 FROM j),
     pb AS (SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99 FROM b)
SELECT format('judge claim:      p50 %s ms, p99 %s ms (%s submissions; target p50 <= 5, p99 <= 20)', round(pj.p50::numeric, 2), round(pj.p99::numeric, 2), pj.n)
    || chr(10) || format('bare NOTIFY:      p50 %s ms, p99 %s ms (%s notifications)', round(pb.p50::numeric, 2), round(pb.p99::numeric, 2), pb.n)
    || chr(10) || format('ratio judge/bare: p50 x%s, p99 x%s', round((pj.p50 / nullif(pb.p50, 0))::numeric, 1), round((pj.p99 / nullif(pb.p99, 0))::numeric, 1))
FROM pj, pb"

# --- (3) throughput on a backlog ----------------------------------------------------
echo "--- (3) throughput: backlog of $nback C and Python submissions, 2 workers"
nc=$((nback / 2)); np=$((nback - nc))
sql "INSERT INTO interview.submission (task_id, account_id, language, code)
     SELECT t.id, a.id, CASE WHEN i % 2 = 0 THEN 'c' ELSE 'python3' END,
            CASE WHEN i % 2 = 0 THEN :'c' || '/* ' || i || ' */' || chr(10) ELSE :'py' || '# ' || i || chr(10) END
       FROM generate_series(1, $nback) i, interview.task t, interview.account a
      WHERE a.username = 'bench_cand'" -v c="$(cat "$out/sum.c")" -v py="$(cat "$out/sum.py")" || die "backlog"
read -r b0 t0j < <(cpu_jiffies)
start=$(now_us)
"$judge" --db "$jconn" --workers 2 --first-worker 30 --box-root "$boxes" --languages "$out/languages.conf" 2>"$out/backlog-judge.log" &
judge_pid=$!
deadline=$(( $(date +%s) + 1800 ))
while [ "$(sql "SELECT count(*) FROM interview.submission WHERE status <> 'judged'")" != 0 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "backlog not judged within 1800 s"
    sleep 0.5
done
judge_cpu=$(proc_cpu_s "$judge_pid")
read -r b1 t1j < <(cpu_jiffies)
elapsed_us=$(sql "SELECT round(extract(epoch FROM max(judged_at)) * 1e6 - $start) FROM interview.submission")
kill -TERM "$judge_pid"; wait "$judge_pid"; judge_pid=""
bad=$(sql "SELECT count(*) FROM interview.submission WHERE verdict <> 'AC'")
[ "$bad" = 0 ] || echo "warning: $bad submissions not AC"

# baseline: the same programs compiled and run bare, 2 at a time
mkdir -p "$out/bare"
printf '1 2\n' >"$out/bare/1.in"; printf '10 20\n' >"$out/bare/2.in"; printf '100 -5\n' >"$out/bare/3.in"
bare_one() {
    local i=$1 d=$out/bare/w$1
    mkdir -p "$d"
    if [ $((i % 2)) -eq 0 ]; then
        { cat "$out/sum.c"; printf '/* %d */\n' "$i"; } >"$d/s.c"
        /usr/bin/gcc -O2 -std=c17 -pipe -o "$d/x" "$d/s.c" -lm || return 1
        for t in 1 2 3; do "$d/x" <"$out/bare/$t.in" >"$d/$t.out" || return 1; done
    else
        { cat "$out/sum.py"; printf '# %d\n' "$i"; } >"$d/s.py"
        /usr/bin/python3 -B -c "compile(open('$d/s.py', 'rb').read(), 's.py', 'exec')" || return 1
        for t in 1 2 3; do /usr/bin/python3 -B "$d/s.py" <"$out/bare/$t.in" >"$d/$t.out" || return 1; done
    fi
    rm -rf "$d"
}
export -f bare_one; export out
read -r c0 ct0 < <(cpu_jiffies)
bstart=$(now_us)
seq 1 "$nback" | xargs -P 2 -I{} bash -c 'bare_one {}' || die "bare baseline failed"
bare_us=$(( $(now_us) - bstart ))
read -r c1 ct1 < <(cpu_jiffies)
awk -v n="$nback" -v nc="$nc" -v np="$np" -v e="$elapsed_us" -v be="$bare_us" -v jc="$judge_cpu" -v cpu="$ncpu" \
    -v bb="$((b1 - b0))" -v bt="$((t1j - t0j))" -v cb="$((c1 - c0))" -v ctt="$((ct1 - ct0))" 'BEGIN {
    printf "judge:  %d judgements (%d C, %d Python) in %.1f s = %.1f judgements/s; judge CPU %.1f s (%.0f%% of %d cores); machine busy %.0f%%\n",
        n, nc, np, e / 1e6, n / (e / 1e6), jc, 100 * jc / (e / 1e6) / cpu, cpu, 100 * bb / bt
    printf "bare:   %d compile+run in %.1f s = %.1f /s (2 at a time, no sandbox, no database); machine busy %.0f%%\n",
        n, be / 1e6, n / (be / 1e6), 100 * cb / ctt
    printf "ratio judge/bare throughput: x%.2f\n", (n / (e / 1e6)) / (n / (be / 1e6)) }'
