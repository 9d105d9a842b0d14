#!/bin/sh
# test/langs: every language of judge/languages.conf through the real judge
# daemon (judge/interview-judge, started with 2 workers on a fresh box root, so
# its start-up check runs for every language): an accepted, a wrong and a
# compile-error A+B solution per language, hostile programs in java, go, rust,
# python3, pypy3, javascript, ruby, php and csharp (network, secrets, writes
# outside the box, processes left behind, memory and thread bombs), and a
# language file with a broken entry (dropped, logged, not offered).
# All submissions are queued at once and judged in parallel by the workers.
set -u
cd "$(dirname "$0")/../.."
export TOP="$(pwd)"
if [ ! -x judge/interview-judge ]; then
    echo "1..0 # judge/interview-judge is not built"
    exit 1
fi
exec prove -v --exec bash test/langs/languages.t
