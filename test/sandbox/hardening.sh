#!/bin/sh
# TAP: the sandbox's hardening seen from inside a run, with a tmpfs mounted
# (mode 1777) on /usr/share/zoneinfo/Etc (under a directory every language binds) in a private mount namespace of this test
# only, so that a host mount nested under a read-only bind exists:
# personality() other than PER_LINUX or a query is refused, syscall numbers
# newer than the filter answer ENOSYS, the program's cgroup is the root of
# its cgroup namespace, the nested mount is read-only in the box, and of the
# host's /usr a C program sees its toolchain's directories only (not
# /usr/local, /usr/share/doc, nor the Java or Haskell toolchains).
set -u
RUN="$TOP/judge/interview-sandbox-run"
S="$SANDBOX_SCRATCH/hardening"
mkdir -p "$S/t"
W=7
echo "1..4"

printf '' > "$S/t/1.in"
printf '%s\n' "personality-query ok" "personality-linux ok" "personality-no-aslr denied" \
    "personality-linux32 denied" "personality-read-implies-exec denied" \
    "syscall-451 enosys" "syscall-462 enosys" "getpid ok" "cgroup root" \
    "nested-mount read-only" "usr-bin bound" "usr-local absent" "usr-lib-jvm absent" \
    "usr-lib-ghc absent" "usr-share-doc absent" > "$S/t/1.out"

# The mount namespace and its tmpfs end with the unshare'd shell.
unshare -m --propagation private sh -c '
    mount -t tmpfs -o mode=1777,size=1m probe /usr/share/zoneinfo/Etc || exit 1
    exec "$1" --language c --source "$2" --tests "$3" --time-limit-ms 2000 \
        --memory-limit-kb 65536 --worker "$4" --box-root "$5"' sh \
    "$RUN" "$TOP/test/sandbox/cases/hardening.c" "$S/t" "$W" "$S/boxes" \
    > "$S/out.json" 2> "$S/err"
rc=$?
if [ $rc -eq 0 ] && python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["verdict"] == "AC" else 1)' "$S/out.json"; then
    echo "ok 1 - personality limited to PER_LINUX and queries, unknown syscall numbers ENOSYS, cgroup namespace, nested mounts read-only"
else
    echo "not ok 1 - personality limited to PER_LINUX and queries, unknown syscall numbers ENOSYS, cgroup namespace, nested mounts read-only"
    echo "# expected:"; sed 's/^/#   /' "$S/t/1.out"
    echo "# result (rc $rc):"; head -c 1500 "$S/out.json" | sed 's/^/#   /'; echo
    sed 's/^/# stderr: /' "$S/err" | head -5
fi
[ ! -e /usr/share/zoneinfo/Etc/probe ]
echo "$([ $? -eq 0 ] && echo ok || echo not ok) 2 - the host's /usr/share/zoneinfo/Etc is untouched"
grep -q ' /usr/share/zoneinfo/Etc ' /proc/self/mountinfo
echo "$([ $? -ne 0 ] && echo ok || echo not ok) 3 - the test's tmpfs is gone with its namespace"
[ -d /usr/local/bin ] && [ -d /usr/lib/jvm ] && [ -d /usr/lib/ghc ] && [ -d /usr/share/doc ]
echo "$([ $? -eq 0 ] && echo ok || echo not ok) 4 - the host has the /usr directories the box must not show"
