#!/bin/sh
# test/funcs/cases.sh: function problems judged in the sandbox, without a
# database (judge/interview-sandbox-run --signature). Speaks TAP.
#   - two_sum/: one function problem written once; its solution in every
#     language the judge offers that has a driver is AC (each also prints to
#     stdout, which must not disturb the result);
#   - hostile/: in python3, java, cpp and go (those offered) a wrong return
#     type (WA, or CE where the compiler sees it), an exception (RE), a crash
#     (RE), an endless loop (TLE), a print flood (OLE) and an early exit that
#     prints a forged result (WA: no result);
#   - every offered language has a driver.
# Languages run in parallel (a few background jobs at a time); sandbox slots are
# taken from 400 on (interview-sandbox-run takes the next free one).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
here="$TOP/test/funcs"
run="$TOP/judge/interview-sandbox-run"
drivers="$TOP/judge/drivers"
work=$(mktemp -d /tmp/interview-funcs.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# The languages the judge offers: the [id] sections of its language file.
if [ -f "$TOP/judge/languages.conf" ]; then
    offered=$(sed -n 's/^\[\([a-z0-9_+]*\)\]$/\1/p' "$TOP/judge/languages.conf" | grep -v '^sandbox$')
else
    offered="c cpp python3 javascript"
fi

ext() {
    case $1 in
        c) echo c ;; cpp) echo cpp ;; python3|pypy3) echo py ;; javascript) echo js ;;
        typescript) echo ts ;; java) echo java ;; go) echo go ;; rust) echo rs ;;
        ruby) echo rb ;; php) echo php ;; csharp) echo cs ;; kotlin) echo kt ;; lua) echo lua ;;
        haskell) echo hs ;; pascal) echo pas ;; *) echo "$1" ;;
    esac
}

# judge LANG SOURCE OUTFILE [ARGS]: the verdict JSON of SOURCE on two_sum's tests.
judge() {
    l=$1; src=$2; out=$3; shift 3
    "$run" --language "$l" --source "$src" --tests "$here/two_sum/tests" \
        --signature "$here/two_sum/signature.json" --drivers "$drivers" --worker 400 "$@" \
        >"$out" 2>"$out.err"
}

# Every language's jobs in the background: its reference, then its hostile
# cases; at most $jobs languages at once (the machine's cores plus one).
jobs=$(( $(nproc) + 1 ))
running=0
for l in $offered; do
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
    running=$((running + 1))
    (
        e=$(ext "$l")
        [ -f "$drivers/$l.drv" ] || exit 0
        judge "$l" "$here/two_sum/solution.$e" "$work/$l.ref"
        for c in wrongtype exception crash loop flood exit; do
            [ -f "$here/hostile/$c.$e" ] && judge "$l" "$here/hostile/$c.$e" "$work/$l.$c"
        done
    ) &
done
wait

n=0
failed=0
# check NAME GOT WANT
check() {
    n=$((n + 1))
    if [ "$2" = "$3" ]; then
        echo "ok $n - $1"
    else
        failed=$((failed + 1))
        echo "not ok $n - $1"
        echo "#   got:  $2"
        echo "#   want: $3"
    fi
}
verdict() { sed -n 's/^{"verdict":"\([A-Z]*\)".*/\1/p' "$1" 2>/dev/null; }
# tests DETAIL: the verdicts of every test, space-separated
tests() { grep -o '"ordinal":[0-9]*,"verdict":"[A-Z]*"' "$1" 2>/dev/null | sed 's/.*"verdict":"//; s/"//' | tr '\n' ' '; }

for l in $offered; do
    check "$l has a function-problem driver" "$([ -f "$drivers/$l.drv" ] && echo yes)" yes
    [ -f "$drivers/$l.drv" ] || continue
    check "$l: the reference solution is AC on every test" "$(verdict "$work/$l.ref") $(tests "$work/$l.ref")" "AC AC AC AC AC "
    [ "$(verdict "$work/$l.ref")" = AC ] || sed 's/^/#   /' "$work/$l.ref" "$work/$l.ref.err" | head -40
done
for l in python3 java cpp go; do
    case " $(echo $offered) " in *" $l "*) ;; *) continue ;; esac
    e=$(ext "$l")
    want_type=CE
    [ "$l" = python3 ] && want_type=WA
    check "$l: a wrong return type is $want_type" "$(verdict "$work/$l.wrongtype")" "$want_type"
    check "$l: an exception is RE" "$(verdict "$work/$l.exception")" RE
    check "$l: a crash is RE" "$(verdict "$work/$l.crash")" RE
    check "$l: an endless loop is TLE" "$(verdict "$work/$l.loop")" TLE
    check "$l: a print flood is OLE" "$(verdict "$work/$l.flood")" OLE
    check "$l: an early exit with a forged result is WA" "$(verdict "$work/$l.exit")" WA
    grep -q '"detail":"no result' "$work/$l.exit"
    check "$l: ... because the driver printed no result" "$?" 0
done
if [ -f "$work/python3.wrongtype" ]; then
    grep -q 'returned a string where an array was expected' "$work/python3.wrongtype"
    check "python3: the wrong type is named in the test's detail" "$?" 0
fi
echo "1..$n"
[ "$failed" -eq 0 ]
