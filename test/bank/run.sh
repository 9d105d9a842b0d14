#!/bin/sh
# Suite "bank": the demo problem bank judged by the real judge (judged.t):
# every reference solution AC, every naive solution TLE. Runs under
# `make check` (pg_virtualenv sets the PG* variables of a superuser).
# test/bank/check-local.sh is the faster check without the judge.
set -u
here=$(cd "$(dirname "$0")" && pwd)
prove -v -e sh "$here/judged.t"
