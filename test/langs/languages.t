# test/langs/languages.t: every language of the installed language file judged
# by the real daemon. Run by run.sh through prove (bash).
set -u
SUITE_TAG=l$$
OUT=$(cd "$(dirname "$0")/../.." && pwd)/test/out/langs
. "$(dirname "$0")/../judge/lib.sh"
CASES=$TOP/test/langs/cases
BOXES=$(mktemp -d /tmp/iv-langs-boxes.XXXXXX)
trap 'cleanup; rm -rf "$BOXES"' EXIT

# id:directory-of-its-cases:extension, in the order of judge/languages.conf
LANGS="c:c:c cpp:cpp:cpp python3:python3:py pypy3:python3:py javascript:javascript:js
typescript:typescript:ts java:java:java kotlin:kotlin:kt go:go:go rust:rust:rs ruby:ruby:rb
php:php:php csharp:csharp:cs haskell:haskell:hs lua:lua:lua pascal:pascal:pas"
HOSTILE="java go rust python3 pypy3 javascript ruby php csharp"
declare -A DIR EXT SID TASK
for e in $LANGS; do
    id=${e%%:*}; rest=${e#*:}; DIR[$id]=${rest%%:*}; EXT[$id]=${rest#*:}
done

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }
SUM=$(make_problem "Sum $SUITE_TAG" 2000 $'1 2\n|3\n' $'10 20\n|30\n' $'100 -5\n|95\n')
# Probe: the input is the database's port; "safe" is the only accepted answer
# (64 MiB: a memory bomb reaches it quickly even on a loaded machine)
PROBE=$(staff "SELECT interview.create_problem(:'t', 'probe', NULL, '30 minutes', 2000, 65536);" -v t="Probe $SUITE_TAG")
staff "SELECT interview.add_test_case(:p, :'i', 'safe', false);" -v p="$PROBE" -v i="${PGPORT:-5432}" >/dev/null
SUM_CO=$(make_company "Sum $SUITE_TAG" "$SUM")
PROBE_CO=$(make_company "Probe $SUITE_TAG" "$PROBE")
[ -n "$SUM_CO" ] && [ -n "$PROBE_CO" ] || { echo "Bail out! cannot create problems"; exit 1; }

# --- start-up check: a fresh box root, so nothing was checked before ---------
t0=$(date +%s)
start_judge main --workers 2 --lease 30 --first-worker "$SLOT" --box-root "$BOXES"
i=0
while ! grep -q 'languages registered' "$OUT/main.log" && judge_alive main && [ $i -lt 900 ]; do
    sleep 0.2; i=$((i + 1))
done
grep -q 'languages registered: 16 available' "$OUT/main.log"
ok $? "the judge checks and registers all 16 languages at start ($(( $(date +%s) - t0 )) s)" \
    "$(grep -E 'language|error' "$OUT/main.log" | head -30)"
for e in $LANGS; do
    id=${e%%:*}
    is "$(sql "SELECT available AND version <> '' FROM interview.language WHERE id = '$id'")" t \
        "$id is offered with its version ($(sql "SELECT version FROM interview.language WHERE id = '$id'"))"
done
is "$(grep -c 'language .* version=' "$OUT/main.log")" 16 "one log line per language with its version"

# --- A+B in every language, and the hostile programs, all queued at once ------
for e in $LANGS; do
    id=${e%%:*}
    TASK[$id]=$(make_candidate "cand_${id}_$SUITE_TAG" "$SUM_CO")
    for v in ac wa ce; do
        SID[$id.$v]=$(submit "cand_${id}_$SUITE_TAG" "${TASK[$id]}" "$id" "$(cat "$CASES/${DIR[$id]}/$v.${EXT[$id]}")")
    done
done
for id in $HOSTILE; do
    TASK[h.$id]=$(make_candidate "host_${id}_$SUITE_TAG" "$PROBE_CO")
    for v in escape mem bomb; do
        SID[$id.$v]=$(submit "host_${id}_$SUITE_TAG" "${TASK[h.$id]}" "$id" "$(cat "$CASES/${DIR[$id]}/$v.${EXT[$id]}")")
    done
done
n=0
for k in "${!SID[@]}"; do [ -n "${SID[$k]}" ] && n=$((n + 1)); done
is "$n" 75 "75 submissions queued (16 languages x 3, 9 languages x 3 hostile)"
ALL_IDS=$(printf '%s,' "${SID[@]}"); ALL_IDS=${ALL_IDS%,}
t0=$(date +%s)
if wait_sql "SELECT count(*) = 0 FROM interview.submission WHERE id IN ($ALL_IDS) AND status <> 'judged'" 900; then
    pass "every submission is judged ($(( $(date +%s) - t0 )) s with 2 workers)"
else
    fail "every submission is judged" "$(sql "SELECT id, language, status FROM interview.submission WHERE id IN ($ALL_IDS) AND status <> 'judged'")"
fi

# verdict KEY: "verdict|failed_at|tests|compile output head|failed output head" of a submission
row() {
    sql "SELECT verdict || '|' || coalesce(failed_at::text, '') || '|' ||
        (SELECT count(*) FROM interview.test_result r WHERE r.submission_id = s.id) || '|' ||
        left(coalesce(compile_output, ''), 300) || '|' || left(coalesce(failed_output, ''), 200)
        FROM interview.submission s WHERE id = ${SID[$1]}"
}
for e in $LANGS; do
    id=${e%%:*}
    r=$(row "$id.ac"); case $r in "AC||3|"*) pass "$id: A+B accepted on 3 tests";; *) fail "$id: A+B accepted on 3 tests" "$r";; esac
    # every test is run (stop_at_first_failure is off by default)
    r=$(row "$id.wa"); case $r in "WA|1|3|"*) pass "$id: wrong answer from test 1, all 3 tests reported";; *) fail "$id: wrong answer at test 1" "$r";; esac
    r=$(row "$id.ce"); case $r in "CE||0|"?*) pass "$id: compile error with the compiler's words";; *) fail "$id: compile error with the compiler's words" "$r";; esac
done
for id in $HOSTILE; do
    r=$(row "$id.escape")
    case $r in AC*) pass "$id: no database, no /etc/shadow, no writes outside the box";;
        *) fail "$id: no database, no /etc/shadow, no writes outside the box" "$r";; esac
    # MLE; on a machine loaded far past its cores the wall-time limit can strike
    # first while the bomb still pages in (TLE), never anything else
    r=$(row "$id.mem")
    case $r in MLE*|TLE*) pass "$id: memory bomb gets MLE (${r%%|*})";; *) fail "$id: memory bomb gets MLE" "$r";; esac
    r=$(row "$id.bomb")
    case $r in TLE*|RE*|MLE*) pass "$id: thread/process bomb contained (${r%%|*})";;
        *) fail "$id: thread/process bomb contained" "$r";; esac
done
[ ! -e /escape ]; ok $? "nothing written to the host's /"
left=$(for u in $(seq $((64000 + SLOT)) $((64000 + SLOT + 9))); do pgrep -u "$u"; done)
[ -z "$left" ]; ok $? "no process of the sandbox uids is left" "$(ps -o pid,user,args -p "$(echo $left | tr ' ' ,)" 2>/dev/null)"
if judge_alive main; then pass "the judge survived"; else fail "the judge survived" "$(tail -20 "$OUT/main.log")"; fi
stop_judge main TERM 60; is "$STOPPED" 0 "the judge stops cleanly"

# --- a broken language is dropped, logged and not offered ----------------------
cat > "$BOXES/broken.conf" <<'CONF'
[sandbox]
binds = /usr/bin /usr/lib/x86_64-linux-gnu /usr/lib64

[c]
name = C
source = main.c
compile = /usr/bin/gcc -O2 -o main main.c
binds = /usr/lib/gcc /usr/include
output = main
run = ./main
version = /usr/bin/gcc --version
hello =
  | #include <stdio.h>
  | int main(void) { char s[64]; if (scanf("%63s", s) == 1) printf("hello %s\n", s); return 0; }

[wrongout]
name = Prints the wrong thing
source = main.sh
run = /bin/sh main.sh
version = /bin/sh -c "echo 1"
hello =
  | echo goodbye

[notoolchain]
name = Toolchain absent
source = main.x
run = /opt/no/such/runtime main.x
binds = /opt/no/such
version = /bin/sh -c "echo 1"
hello = x
CONF
start_judge broken --workers 1 --first-worker "$SLOT" --box-root "$BOXES" --languages "$BOXES/broken.conf"
i=0
while ! grep -q 'languages registered' "$OUT/broken.log" && judge_alive broken && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
grep -q 'language wrongout dropped: hello program: WA' "$OUT/broken.log"; ok $? "a language whose hello program misbehaves is dropped with a log line" "$(cat "$OUT/broken.log")"
grep -q 'language notoolchain dropped: sandbox root: lstat(/opt/no/such)' "$OUT/broken.log"; ok $? "a language whose toolchain is missing is dropped with a log line"
grep -q 'languages registered: 1 available' "$OUT/broken.log"; ok $? "only c is registered"
is "$(sql "SELECT string_agg(id, ' ' ORDER BY id) FROM interview.language WHERE available")" c "only c is offered now"
is "$(sql "SELECT count(*) FROM interview.language WHERE id IN ('wrongout', 'notoolchain')")" 0 "dropped languages are not added"
is "$(sql "SELECT count(*) FROM interview.submission WHERE language = 'kotlin'")" 3 "rows of languages no longer offered stay with their submissions"
out=$(submit "cand_python3_$SUITE_TAG" "${TASK[python3]}" python3 'print(1)' 2>&1)
case $out in *"unknown language"*) pass "submitting in a language no longer offered is refused";; *) fail "submitting in a language no longer offered is refused" "$out";; esac
stop_judge broken TERM 30

done_testing
