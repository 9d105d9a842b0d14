#!/bin/sh
# Suite "admin": interview-admin against real databases with the installed
# extension (TAP through prove): the package round trip between two
# databases, import-dir, bad packages and files, bad arguments, exit codes,
# no partial import, rejudge, the company report and create-staff.
# Needs the PG* variables of a superuser connection (make check sets them).
set -u
TOP="${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
export TOP
exec prove ${PROVE_FLAGS:-} -e sh "$TOP/test/admin/admin.t"
