#!/bin/sh
# Suite docs: the examples of README.md and docs/*.md marked runnable
# (`<!-- doc-test: psql|sh ... -->` before the block) run against real
# databases with the installed extension and a real interview-proxy;
# shown outputs are compared in shape (test/docs/examples.py, docs/development.md).
# Needs PG* variables for a superuser (make check runs it in pg_virtualenv).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
. "$TOP/test/lib.sh"
if ! need_bins proxy/interview-proxy; then
    echo "1..1"
    echo "not ok 1 - proxy/interview-proxy built (make)"
    exit 1
fi
prove ${DOCS_VERBOSE:+-v} --exec python3 test/docs/examples.py
