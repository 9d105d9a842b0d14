#!/bin/sh
# Proves the demo problem bank right without the judge: regenerates the test
# data (gen.py, expected outputs from the Python reference solutions), checks
# that the committed sql/demo/bank.sql is what the generator writes, runs the
# C, C++ and JavaScript reference solutions on every input and compares their
# output with the expected one (ignoring trailing whitespace at line ends and
# trailing newlines, as the judge does), times every reference solution on
# the large input against the problem's time limit, checks that each naive
# solution is right on the small inputs and too slow on the large one, and
# that every known-wrong solution (wrong-*.py, each naming its mistake) is
# right on the samples and wrong on a hidden test, and that every starter
# template compiles and runs. Speaks TAP. The function problems (gen.py's
# FUNCTIONS) are left to judged.t, which runs their references, naive and
# wrong solutions in every language through the judge's drivers.
#
# Usage: sh test/bank/check-local.sh   (from anywhere; needs gcc, g++, node, python3, time)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/lib.sh"
out="$top/test/out/bank-local"
data="$out/data"
rm -rf "$out"
mkdir -p "$out/bin" "$data"

n=0
failed=0

# Normalised output: no trailing whitespace on lines, no trailing empty lines.
norm() {
    awk '{ sub(/[ \t\r]+$/, ""); line[NR] = $0 }
         END { m = NR; while (m > 0 && line[m] == "") m--; for (i = 1; i <= m; i++) print line[i] }' "$1"
}

# same FILE1 FILE2: whether two outputs are equal after normalisation.
same() {
    norm "$1" >"$out/a.norm"
    norm "$2" >"$out/b.norm"
    cmp -s "$out/a.norm" "$out/b.norm"
}

python3 "$here/gen.py" "$data" "$out/bank.sql"
ok $? "gen.py generates the bank"
cmp -s "$out/bank.sql" "$top/sql/demo/bank.sql"
ok $? "sql/demo/bank.sql is up to date with gen.py"

for dir in "$data"/*/; do
    slug=$(basename "$dir")
    sol="$here/solutions/$slug"
    # Function problems' references need the judge's drivers: judged.t
    # proves them (and gen.py has already run their Python reference).
    [ -f "$here/problems/$slug/template.c" ] || continue
    bin="$out/bin/$slug"
    mkdir -p "$bin"
    limit=$(sed -n 's/^time_limit_ms=//p' "$dir/meta")
    large=$(sed -n 's/^large=//p' "$dir/meta")

    gcc -std=c17 -O2 -Wall -Wextra -Werror -o "$bin/ref-c" "$sol/ref.c" -lm
    ok $? "$slug: ref.c compiles"
    g++ -std=c++17 -O2 -Wall -Wextra -Werror -o "$bin/ref-cpp" "$sol/ref.cpp"
    ok $? "$slug: ref.cpp compiles"

    for lang in c cpp javascript python3; do
        case $lang in
        c) run="$bin/ref-c" ;;
        cpp) run="$bin/ref-cpp" ;;
        javascript) run="node $sol/ref.js" ;;
        python3) run="python3 $sol/ref.py" ;;
        esac
        wrong=""
        for input in "$dir"/*.in; do
            t=$(basename "$input" .in)
            /usr/bin/time -f '%U %S' -o "$out/time" timeout 20 $run <"$input" >"$out/got" 2>"$out/err"
            rc=$?
            ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$out/time")
            if [ $rc -ne 0 ] || ! same "$out/got" "$dir/$t.out"; then
                wrong="$wrong $t"
            fi
            if [ "$t" = "$large" ]; then
                [ "$ms" -lt "$limit" ]
                ok $? "$slug: $lang reference on the large input: $ms ms of CPU < $limit ms"
            fi
        done
        [ -z "$wrong" ]
        ok $? "$slug: $lang reference matches every expected output${wrong:+ (wrong:$wrong)}"
    done

    if [ -f "$sol/naive.py" ]; then
        wrong=""
        right=0
        slow=0
        for input in "$dir"/*.in; do
            t=$(basename "$input" .in)
            [ "$t" = "$large" ] && continue
            [ "$(wc -c <"$input")" -gt 10000 ] && continue
            # Small inputs can still be slow for it (a huge k): a time-out is
            # not a wrong answer, but it must finish on most of them.
            timeout 3 python3 "$sol/naive.py" <"$input" >"$out/got" 2>"$out/err"
            rc=$?
            if [ $rc -eq 124 ]; then
                slow=$((slow + 1))
            elif [ $rc -ne 0 ] || ! same "$out/got" "$dir/$t.out"; then
                wrong="$wrong $t"
            else
                right=$((right + 1))
            fi
        done
        [ -z "$wrong" ] && [ "$right" -ge 4 ]
        ok $? "$slug: naive.py is right on the $right small inputs it finishes ($slow too slow)${wrong:+ (wrong:$wrong)}"
        # The judge gives Python three times the limit plus 100 ms of CPU:
        # the naive solution must still be running a second after that.
        secs=$(((limit * 3 + 100 + 999) / 1000 + 1))
        rc=$(sh -c 'ulimit -t "$1"; timeout "$2" python3 "$3" <"$4" >/dev/null 2>&1; echo $?' \
            cpu "$secs" $((secs * 6)) "$sol/naive.py" "$dir/$large.in" 2>/dev/null)
        [ $rc -eq 152 ] || [ $rc -eq 137 ]
        ok $? "$slug: naive.py needs more than $secs s of CPU on the large input (exit $rc)"
    fi

    # Known-wrong solutions: right on both samples (so only the hidden tests
    # can tell), and a wrong answer, not a crash or a time-out, on the first
    # test they fail.
    for w in "$sol"/wrong-*.py; do
        [ -f "$w" ] || continue
        name=$(basename "$w")
        first=""
        for input in "$dir"/*.in; do
            t=$(basename "$input" .in)
            timeout 10 python3 "$w" <"$input" >"$out/got" 2>"$out/err"
            rc=$?
            if [ $rc -ne 0 ] || ! same "$out/got" "$dir/$t.out"; then
                first="$t:$rc"
                break
            fi
        done
        case $first in
            01:* | 02:*) ok 1 "$slug: $name is right on both samples (wrong on ${first%:*})" ;;
            '') ok 1 "$slug: $name gives a wrong answer on a hidden test (it passes them all)" ;;
            *:0) ok 0 "$slug: $name passes the samples and gives a wrong answer on test ${first%:*}" ;;
            *) ok 1 "$slug: $name gives a wrong answer on test ${first%:*}, not exit status ${first#*:}" ;;
        esac
    done

    # Templates: compile, run on the first sample and exit 0 (their answers are wrong).
    p="$here/problems/$slug"
    gcc -std=c17 -O2 -o "$bin/tpl-c" "$p/template.c" -lm 2>"$out/err" &&
        timeout 5 "$bin/tpl-c" <"$dir/01.in" >/dev/null
    ok $? "$slug: the C template compiles and runs"
    g++ -std=c++17 -O2 -o "$bin/tpl-cpp" "$p/template.cpp" 2>"$out/err" &&
        timeout 5 "$bin/tpl-cpp" <"$dir/01.in" >/dev/null
    ok $? "$slug: the C++ template compiles and runs"
    timeout 5 python3 "$p/template.py" <"$dir/01.in" >/dev/null
    ok $? "$slug: the Python template runs"
    timeout 5 node "$p/template.js" <"$dir/01.in" >/dev/null
    ok $? "$slug: the JavaScript template runs"
done

echo "1..$n"
[ "$failed" -eq 0 ] || echo "# $failed of $n failed"
[ "$failed" -eq 0 ]
