#!/bin/sh
# Runs every benchmark (test/bench/*.sh but this file) in the throw-away
# cluster that `make bench` creates with pg_virtualenv (PG* variables set).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
status=0
for b in "$here"/*.sh; do
    [ "$(basename "$b")" = run.sh ] && continue
    echo "=== bench $(basename "$b" .sh)"
    bash "$b" || status=1
done
exit $status
