#!/bin/sh
# test/judge/run.sh: the judge suite. Runs the real judge/interview-judge
# against the cluster of `make check` (PG* variables set by pg_virtualenv);
# each .t file creates its own database and speaks TAP (through prove).
set -u
cd "$(dirname "$0")/../.."
export TOP="$(pwd)"
if [ ! -x judge/interview-judge ]; then
    echo "1..0 # judge/interview-judge is not built"
    exit 1
fi
exec prove -v --exec bash test/judge/verdicts.t test/judge/faults.t test/judge/slots.t \
    test/judge/checkers.t test/judge/runs.t
