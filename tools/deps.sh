#!/bin/sh
# Installs the Debian packages given as arguments that are missing, then the
# npm test tooling of package.json when node is present. Does nothing when all is there.
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
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "deps: installing npm test tooling"
        npm ci --no-audit --no-fund --loglevel=error
    else
        echo "deps: npm test tooling present"
    fi
fi
