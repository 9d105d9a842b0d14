#!/bin/sh
# Suite "funcs": function problems. cases.sh judges a function problem in
# every offered language and hostile solutions in the sandbox (no database);
# db.t runs the real judge against a database: the signature travels with
# the claim, drivers are registered for starter code, verdicts are recorded.
# Runs as root (the sandbox).
set -u
cd "$(dirname "$0")/../.."
TOP=$(pwd)
export TOP
make -s -C judge >/dev/null || exit 1
prove -v --exec sh test/funcs/cases.sh :: && prove -v --exec bash test/funcs/db.t
