#!/bin/sh
# Installs the Debian packages given as arguments that are missing, then the
# npm test tooling of package.json when node is present. Does nothing when all is
# there; never touches a node_modules that is a symbolic link.
set -e
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
else
    echo "deps: all Debian packages present"
fi
cd "$(dirname "$0")/.."
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
    if [ -L node_modules ]; then
        # A link to an install shared by several checkouts (git worktrees):
        # npm ci would empty the linked folder under all of them.
        echo "deps: node_modules links to $(readlink node_modules): left alone"
    elif [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1; then
        # npm ls checks the installed packages against package.json, offline
        # (a fresh checkout's package-lock.json is newer than any install).
        echo "deps: npm test tooling present"
    else
        echo "deps: installing npm test tooling"
        npm ci --no-audit --no-fund --loglevel=error
    fi
fi
