#!/bin/sh
# Runs every suite (test/*/run.sh) against the throw-away cluster that
# `make check` creates with pg_virtualenv (PG* variables are set).
# Each suite creates its own database(s) and prints TAP through prove.
# Set SUITES="sql judge" to run only some.
set -u
cd "$(dirname "$0")/.."
export TOP="$(pwd)"
mkdir -p test/out
passed=0
failed=0
failed_names=""
suites="${SUITES:-$(for f in test/*/run.sh; do basename "$(dirname "$f")"; done)}"
for s in $suites; do
    [ "$s" = bench ] && continue
    echo "=== suite $s"
    start=$(date +%s)
    if sh "test/$s/run.sh"; then
        passed=$((passed + 1))
        echo "=== suite $s: ok ($(( $(date +%s) - start )) s)"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $s"
        echo "=== suite $s: FAILED ($(( $(date +%s) - start )) s)"
    fi
done
[ -n "$failed_names" ] && echo "failed suites:$failed_names"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
