#!/bin/sh
# TAP: the C unit tests of the judging core (built by run.sh).
mkdir -p "$SANDBOX_SCRATCH/unit"
exec "$TOP/test/out/sandbox-unit" "$SANDBOX_SCRATCH/unit"
