#!/bin/sh
# test/sandbox: the judge's sandbox and judging core, without a database.
# Builds interview-sandbox-run and the unit tests, then runs through prove:
#   unit.sh   C unit tests (comparison, fake cgroup v1/v2 trees, box symlinks, RLIMIT_AS fallback,
#             two judging threads, abort by tick)
#   cases.sh  real submissions in every language (AC/WA/RE/TLE/CE) and hostile
#             ones, each with its expected verdict and checks that the host is unharmed
#   hardening.sh  personality, unknown syscall numbers, cgroup namespace, nested read-only mounts,
#                 only the toolchain's directories of /usr
#   slots.sh  sandbox slots across processes: distinct uids, a hog beside another run,
#             live boxes and cgroups kept, dead ones removed
# Runs as root; needs gcc, g++, python3, node.  Uses workers 7 and 8 (uids 64007, 64008).
set -u
cd "$(dirname "$0")/../.."
TOP=$(pwd)
export TOP
if [ "$(id -u)" -ne 0 ]; then
    echo "test/sandbox: must run as root (namespaces, cgroups, box uids)" >&2
    exit 1
fi
mkdir -p test/out
make -s -C judge interview-sandbox-run >/dev/null || exit 1
# seccomp.h of the judge shadows libseccomp's only for quote includes
gcc -Wall -Wextra -Werror -Wno-format-truncation -g -fsanitize=address,undefined \
    -iquote judge -o test/out/sandbox-unit test/sandbox/unit.c \
    judge/setup.c judge/step.c judge/judge.c judge/checker.c judge/runcode.c judge/report.c judge/sandbox.c judge/sandbox-child.c judge/sandbox-setup.c \
    judge/box.c judge/cgroup.c judge/seccomp.c judge/languages.c judge/compare.c judge/judge-funcs.c judge/funcs.c judge/funcs-io.c \
    -ljansson -lseccomp -lpthread -lm || exit 1
SANDBOX_SCRATCH=$(mktemp -d /tmp/interview-sandbox.XXXXXX) || exit 1
export SANDBOX_SCRATCH
trap 'rm -rf "$SANDBOX_SCRATCH"' EXIT INT TERM
prove -v --exec sh test/sandbox/unit.sh test/sandbox/cases.sh test/sandbox/slots.sh test/sandbox/hardening.sh
