# test/judge/verdicts.t: the real daemon judges real submissions made through
# the SQL API. Per language an accepted, a wrong-answer, a runtime-error and a
# time-limit solution get the expected verdict and per-test rows; hostile
# submissions (fork bomb, connecting to the database port, reading the
# judge's environment, kill(-1) and killing the parent, a memory bomb, endless
# stdout) get their verdicts and leave the database and the judge unharmed.
# Run by run.sh through prove (bash).
set -u
SUITE_TAG=v$$
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

setup_db || { echo "Bail out! cannot create database $DB"; exit 1; }
setup_staff || { echo "Bail out! cannot create staff"; exit 1; }

SUM=$(make_problem "Sum $SUITE_TAG" 1000 $'1 2\n|3\n' $'10 20\n|30\n' $'100 -5\n|95\n')
PROBE=$(make_problem "Probe $SUITE_TAG" 1000 $'\n|safe\n')
ACME=$(make_company "Acme $SUITE_TAG" "$SUM")
PROBE_CO=$(make_company "Probe $SUITE_TAG" "$PROBE")
[ -n "$SUM" ] && [ -n "$PROBE" ] && [ -n "$ACME" ] && [ -n "$PROBE_CO" ] ||
    { echo "Bail out! cannot create problems"; exit 1; }
# Judging stops at the first failure on Sum (every test runs by default:
# checkers.t), so each failing solution has exactly one failing row and the
# time-limit solutions cost one test each.
staff "SELECT interview.set_stop_at_first_failure(:p, true);" -v p="$SUM" >/dev/null ||
    { echo "Bail out! cannot set stop_at_first_failure"; exit 1; }

# --- solutions of Sum, per language and verdict ------------------------------
declare -A CODE
CODE[c.AC]='#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\n", a + b); return 0; }'
CODE[c.WA]='#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\n", a - b); return 0; }'
CODE[c.RE]='#include <stdio.h>
int main(void) { volatile int *p = 0; long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; *p = (int) a; printf("%ld\n", a + b); return 0; }'
CODE[c.TLE]='#include <stdio.h>
int main(void) { volatile unsigned long x = 0; for (;;) x++; return 0; }'
CODE[cpp.AC]='#include <iostream>
int main() { long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }'
CODE[cpp.WA]='#include <iostream>
int main() { long a, b; std::cin >> a >> b; std::cout << a + b + 1 << std::endl; }'
CODE[cpp.RE]='#include <iostream>
#include <stdexcept>
int main() { long a, b; std::cin >> a >> b; if (a + b != 0) throw std::runtime_error("boom"); }'
CODE[cpp.TLE]='#include <iostream>
int main() { volatile unsigned long x = 0; while (true) x++; }'
CODE[python3.AC]='a, b = map(int, input().split())
print(a + b)'
CODE[python3.WA]='a, b = map(int, input().split())
print(a + b + 1)'
CODE[python3.RE]='a, b = map(int, input().split())
raise SystemExit(3)'
CODE[python3.TLE]='x = 0
while True:
    x += 1'
CODE[javascript.AC]='const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
console.log(a + b);'
CODE[javascript.WA]='const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
console.log(String(a + b) + "0");'
CODE[javascript.RE]='const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
throw new Error("boom " + (a + b));'
CODE[javascript.TLE]='let x = 0; for (;;) { x++; }'

LANGS="c cpp python3 javascript"
VERDICTS="AC WA RE TLE"
declare -A SID TASK
for lang in $LANGS; do
    TASK[$lang]=$(make_candidate "cand_${lang}_$SUITE_TAG" "$ACME")
done
TASK[probe]=$(make_candidate "cand_probe_$SUITE_TAG" "$PROBE_CO")
TASK[canary]=$(make_candidate "cand_canary_$SUITE_TAG" "$ACME")

start_judge main --workers 2 --lease 10 --first-worker "$SLOT"
sleep 0.5
if judge_alive main; then pass "judge starts and stays up"; else
    fail "judge starts and stays up" "$(cat "$OUT/main.log")"; fi

for lang in $LANGS; do
    for v in $VERDICTS; do
        SID[$lang.$v]=$(submit "cand_${lang}_$SUITE_TAG" "${TASK[$lang]}" "$lang" "${CODE[$lang.$v]}")
    done
done

# --- hostile submissions, on the Probe problem (expected output "safe") -------
JUDGE_PID=${JPID[main]}
HOSTILE_FORK='#include <unistd.h>
int main(void) { for (;;) fork(); return 0; }'
HOSTILE_DB_C="#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
int main(void) {
    struct sockaddr_in a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) { puts(\"safe\"); return 0; }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(${PGPORT:-5432});
    a.sin_addr.s_addr = inet_addr(\"127.0.0.1\");
    if (connect(s, (struct sockaddr *) &a, sizeof a) == 0) { puts(\"connected\"); return 0; }
    puts(\"safe\");
    return 0;
}"
HOSTILE_DB_PY="import socket
try:
    s = socket.create_connection(('127.0.0.1', ${PGPORT:-5432}), timeout=2)
    print('connected')
except Exception:
    print('safe')"
HOSTILE_ENV_PY="import os
leak = []
for p in ['/proc/$JUDGE_PID/environ', '/proc/1/environ', '/proc/self/environ',
          '/proc/%d/environ' % os.getppid()]:
    try:
        with open(p, 'rb') as f:
            d = f.read()
        if b'PG' in d:
            leak.append(d[:300])
    except Exception:
        pass
print('leak %r' % leak if leak else 'safe')"
HOSTILE_ENV_C="#include <stdio.h>
#include <string.h>
int main(void) {
    static char buf[65536];
    const char *paths[] = {\"/proc/$JUDGE_PID/environ\", \"/proc/1/environ\", \"/proc/self/environ\"};
    for (int i = 0; i < 3; i++) {
        FILE *f = fopen(paths[i], \"rb\");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        for (size_t j = 0; j < n; j++) if (buf[j] == 0) buf[j] = ' ';
        buf[n] = 0;
        if (strstr(buf, \"PG\")) { printf(\"leak %s\n\", buf); return 0; }
    }
    puts(\"safe\");
    return 0;
}"
HOSTILE_KILL='#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) { kill(-1, SIGKILL); kill(getppid(), SIGKILL); puts("safe"); return 0; }'
HOSTILE_MEM='#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(16 << 20); if (!p) return 3; memset(p, 1, 16 << 20); } }'
HOSTILE_OUT='#include <stdio.h>
#include <string.h>
int main(void) { static char b[1 << 16]; memset(b, 120, sizeof b); for (;;) fwrite(b, 1, sizeof b, stdout); }'
SID[fork]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_FORK")
SID[db_c]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_DB_C")
SID[db_py]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" python3 "$HOSTILE_DB_PY")
SID[env_py]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" python3 "$HOSTILE_ENV_PY")
SID[env_c]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_ENV_C")
SID[kill]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_KILL")
SID[mem]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_MEM")
SID[out]=$(submit "cand_probe_$SUITE_TAG" "${TASK[probe]}" c "$HOSTILE_OUT")

n_submitted=0
for k in "${!SID[@]}"; do [ -n "${SID[$k]}" ] && n_submitted=$((n_submitted + 1)); done
is "$n_submitted" 24 "24 submissions queued through submit_task"
ALL_IDS=$(printf '%s,' "${SID[@]}"); ALL_IDS=${ALL_IDS%,}

if wait_sql "SELECT count(*) = 0 FROM interview.submission WHERE id IN ($ALL_IDS) AND status <> 'judged'" 240; then
    pass "every submission is judged"
else
    fail "every submission is judged" "$(sql "SELECT id, language, status, verdict, attempts FROM interview.submission WHERE id IN ($ALL_IDS) AND status <> 'judged'")
$(tail -20 "$OUT/main.log")"
fi

# --- correctness -----------------------------------------------------------------
for lang in $LANGS; do
    for v in $VERDICTS; do
        id=${SID[$lang.$v]}
        got=$(sql "SELECT verdict FROM interview.submission WHERE id = $id")
        if [ "$got" = "$v" ]; then pass "$lang $v solution: verdict $v"; else
            fail "$lang $v solution: verdict $v" "got '$got'; compile output: $(sql "SELECT left(compile_output, 400) FROM interview.submission WHERE id = $id")"; fi
        if [ "$v" = AC ]; then
            is "$(sql "SELECT count(*) || '/' || count(*) FILTER (WHERE verdict = 'AC') FROM interview.test_result WHERE submission_id = $id")" \
                "3/3" "$lang AC: three test_result rows, all AC"
            is "$(sql "SELECT failed_at IS NULL AND time_ms IS NOT NULL AND memory_kb > 0 FROM interview.submission WHERE id = $id")" \
                t "$lang AC: no failed test, time and memory recorded"
        else
            is "$(sql "SELECT s.failed_at || ':' || r.verdict FROM interview.submission s JOIN interview.test_result r ON r.submission_id = s.id AND r.ordinal = s.failed_at WHERE s.id = $id")" \
                "1:$v" "$lang $v: failed at test 1, its test_result row says $v"
            is "$(sql "SELECT count(*) FILTER (WHERE verdict <> 'AC') FROM interview.test_result WHERE submission_id = $id")" \
                1 "$lang $v: exactly one failing test_result row"
        fi
        case $v in
            RE) is "$(sql "SELECT coalesce(detail, '') <> '' FROM interview.test_result WHERE submission_id = $id AND verdict = 'RE'")" \
                t "$lang RE: the exit code or signal is recorded" ;;
            # CPU time at the limit, or less when the wall-time limit (2 x CPU + 1 s)
            # struck first on a busy machine: either way it burned CPU
            TLE) is "$(sql "SELECT time_ms > 0 FROM interview.test_result WHERE submission_id = $id AND verdict = 'TLE'")" \
                t "$lang TLE: the CPU time used is recorded" ;;
            WA) is "$(sql "SELECT coalesce(failed_output, '') <> '' FROM interview.submission WHERE id = $id")" \
                t "$lang WA: the output excerpt is recorded" ;;
        esac
    done
done
sed -n 's/.* verdict submission=\([0-9]*\) verdict=.*/\1/p' "$OUT/main.log" | sort -n >"$OUT/main-verdicts"
is "$(wc -l <"$OUT/main-verdicts" | tr -d ' ')/$(sort -u "$OUT/main-verdicts" | wc -l | tr -d ' ')" "$n_submitted/$n_submitted" \
    "every submission's verdict was reported exactly once"
is "$(sql "SELECT sum(attempts) - count(*) FROM interview.submission WHERE id IN ($ALL_IDS)")" \
    "$(grep -c ' release submission=' "$OUT/main.log")" "every extra claim follows a logged release"
is "$(sql "SELECT count(*) FILTER (WHERE version <> '') || '/' || count(*) FROM interview.language WHERE available AND id IN ('c', 'cpp', 'python3', 'javascript')")" 4/4 \
    "the judge registered c, cpp, python3 and javascript with their versions"
is "$(sql "SELECT count(*) FROM interview.submission WHERE id IN ($ALL_IDS) AND judge_info->>'worker' LIKE '%:${JPID[main]}/%'")" \
    "$n_submitted" "judge_info names the worker of this judge"

# --- hostile: expected verdicts, and nothing leaked ---------------------------
v=$(sql "SELECT verdict FROM interview.submission WHERE id = ${SID[fork]}")
case $v in TLE|RE|MLE) pass "fork bomb ends as $v";; *) fail "fork bomb ends as TLE, RE or MLE" "got '$v'";; esac
v=$(sql "SELECT verdict FROM interview.submission WHERE id = ${SID[kill]}")
case $v in AC|RE) pass "kill(-1) and killing the parent: $v, confined to the box";; *) fail "kill(-1) and killing the parent: AC or RE" "got '$v'";; esac
is "$(sql "SELECT verdict FROM interview.submission WHERE id = ${SID[mem]}")" MLE "memory bomb: MLE"
is "$(sql "SELECT verdict || ' ' || (length(failed_output) <= 4096) FROM interview.submission WHERE id = ${SID[out]}")" \
    "OLE true" "endless stdout: OLE, excerpt at most 4 KiB"
for k in db_c db_py; do
    row=$(sql "SELECT verdict || ' ' || coalesce(failed_output, '') FROM interview.submission WHERE id = ${SID[$k]}")
    case $row in
        AC*) pass "$k: connecting to 127.0.0.1:${PGPORT:-5432} fails inside the box";;
        *connected*) fail "$k: connecting to 127.0.0.1:${PGPORT:-5432} fails inside the box" "the submission reached the database: $row";;
        RE*) pass "$k: connecting to 127.0.0.1:${PGPORT:-5432} is killed inside the box";;
        *) fail "$k: connecting to 127.0.0.1:${PGPORT:-5432} fails inside the box" "got '$row'";;
    esac
done
for k in env_py env_c; do
    row=$(sql "SELECT verdict || ' ' || coalesce(failed_output, '') FROM interview.submission WHERE id = ${SID[$k]}")
    is "${row%% *}" AC "$k: the judge's /proc/<pid>/environ is not readable from the box"
    case $row in
        *"$PGPASSWORD"*) fail "$k: PGPASSWORD does not leak" "$row";;
        *) pass "$k: PGPASSWORD does not leak";;
    esac
done
is "$(sql "SELECT count(*) FROM interview.submission WHERE strpos(coalesce(failed_output, '') || coalesce(compile_output, ''), '$PGPASSWORD') > 0")" \
    0 "no stored output contains the database password"

# --- unharmed afterwards -------------------------------------------------------
if judge_alive main; then pass "the judge survived the hostile submissions"; else
    fail "the judge survived the hostile submissions" "$(tail -20 "$OUT/main.log")"; fi
is "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND application_name LIKE 'interview-judge/%'")" \
    3 "the judge still holds its listener and two worker connections"
canary=$(submit "cand_canary_$SUITE_TAG" "${TASK[canary]}" c "${CODE[c.AC]}")
if wait_sql "SELECT status = 'judged' FROM interview.submission WHERE id = $canary" 60; then
    is "$(sql "SELECT verdict FROM interview.submission WHERE id = $canary")" AC \
        "a submission after the hostile ones is judged AC"
else
    fail "a submission after the hostile ones is judged AC" "still $(sql "SELECT status FROM interview.submission WHERE id = $canary")"
fi
is "$(sql "SELECT count(*) FROM interview.submission WHERE status = 'judging'")" 0 "nothing left judging"
if grep -q 'claim submission=' "$OUT/main.log" && grep -q 'verdict submission=' "$OUT/main.log"; then
    pass "the judge logs claims and verdicts, one line each"
else
    fail "the judge logs claims and verdicts, one line each" "$(head -5 "$OUT/main.log")"
fi
stop_judge main TERM 30; is "$STOPPED" 0 "SIGTERM on an idle judge: exit status 0"

done_testing
