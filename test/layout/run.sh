#!/bin/sh
# Suite layout: the shape of the C code, checked from the sources and the
# objects make built (test/layout/check.py): no include or call circle
# between files or modules, the GraphQL library apart from the server.
# Needs no database.
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP"
make -s all >/dev/null || { echo "1..1"; echo "not ok 1 - make all"; exit 1; }
prove --exec python3 test/layout/check.py
