#!/usr/bin/env python3
"""Checks the shape of the C code and prints TAP (docs/development.md, "Layout rules").

- no circle of #include lines between files, nor between modules (a module is
  a .c file and the .h of the same name, `x.c` + `x.h`: x.c depends on y.c
  when it includes y.h);
- no circle of calls between the object files of one program (from `nm`: a
  file that uses a symbol another defines depends on it), nor between modules
  when includes and calls are taken together;
- proxy/graphql/ is a library: it includes nothing outside itself and
  nothing of HTTP, libpq or PostgreSQL, and the server includes only its
  public header graphql/graphql.h;
- no C file of proxy/, proxy/graphql/, extension/ or judge/ over about 800
  lines (MAX_LINES);
- every .c and .h file starts with a banner comment that names it, and in
  proxy/, proxy/graphql/ and extension/ the banner states a limit (what the
  file must not, never or only does).

Reads the sources and the objects `make` built; changes nothing.
"""
import collections
import glob
import os
import re
import subprocess
import sys

TOP = os.environ.get("TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Folders of C code.
DIRS = ["proxy", "proxy/graphql", "extension", "judge"]
MODULE_DIRS = ["proxy", "proxy/graphql", "extension", "judge"]
LISTED_ONLY = []
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
# "About 800 lines": a file may pass 800 by a little, never by much.
MAX_LINES = 850
SIZE_DIRS = ["proxy", "proxy/graphql", "extension", "judge"]
FORBIDDEN_IN_LIBRARY = ("libpq-fe.h", "libpq/", "microhttpd.h", "postgres.h", "fmgr.h", "executor/", "utils/")

sys.path.insert(0, os.path.join(TOP, "test", "lib"))
from tap import Tap  # noqa: E402

T = Tap()
tap = T.ok


def sources(d):
    """The .c and .h files of a folder, relative to TOP."""
    return sorted(os.path.relpath(p, TOP) for p in glob.glob(os.path.join(TOP, d, "*.[ch]")))


def module(path):
    """The module of a file: its folder and name without the extension."""
    return os.path.splitext(path)[0]


def includes(path):
    """The quoted includes of a file resolved to files of the tree, and its system includes."""
    text = open(os.path.join(TOP, path), encoding="utf-8", errors="replace").read()
    local, system = [], []
    for kind, name in INCLUDE.findall(text):
        if kind == "<":
            system.append(name)
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if os.path.exists(os.path.join(TOP, target)):
            local.append(target)
        else:
            local.append("?" + name)
    return local, system


def cycles(edges):
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(100000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def describe(comps, why):
    """Diagnostics naming the edges inside each circle."""
    out = []
    for comp in comps:
        out.append("circle: " + " ".join(comp))
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    out.append("  %s -> %s (%s)" % (a, b, ", ".join(sorted(why[(a, b)])[:6])))
    return "\n".join(out)


def symbols(obj):
    """Global symbols an object defines and the ones it uses."""
    out = subprocess.run(["nm", obj], stdout=subprocess.PIPE, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBRCVWG":
            defined.add(parts[2])
    return defined, used


# Built straight to a program of its own, with no object file: the
# freestanding pid 1 of a sandbox.
NO_OBJECT = {"judge/sandbox-init.c"}


def objects(d):
    """The object of every .c file of a folder but program mains and fuzz targets (relative to TOP)."""
    return [f[:-2] + ".o" for f in sources(d) if f.endswith(".c") and f not in NO_OBJECT
            and not os.path.basename(f).startswith("fuzz_") and "_main" not in f]


def programs():
    """Per program, the object files linked together (the judge's two programs checked as one)."""
    return {"interview-proxy": objects("proxy") + objects("proxy/graphql"),
            "extension": objects("extension"),
            "interview-judge": objects("judge")}


def main():
    files = [f for d in DIRS for f in sources(d)]
    inc = {f: includes(f) for f in files}

    # 1. includes between files; then between modules: a .c file that includes
    # the header of another .c file (x.h of x.c) depends on that file
    fedges, medges = collections.defaultdict(set), collections.defaultdict(set)
    fwhy, mwhy = collections.defaultdict(set), collections.defaultdict(set)
    for f, (local, _) in inc.items():
        for g in local:
            if g.startswith("?"):
                continue
            fedges[f].add(g)
            fwhy[(f, g)].add("#include")
            if (f.endswith(".c") and g.endswith(".h") and module(f) != module(g)
                    and os.path.dirname(f) in MODULE_DIRS and module(g) + ".c" in inc):
                medges[module(f)].add(module(g))
                mwhy[(module(f), module(g))].add("%s includes %s" % (os.path.basename(f), os.path.basename(g)))
    c = cycles(fedges)
    tap(not c, "no #include circle between the %d files of %s" % (len(files), ", ".join(DIRS)), describe(c, fwhy))
    c = cycles(medges)
    tap(not c, "no two .c files of %s include each other's header, directly or round a circle"
        % ", ".join(MODULE_DIRS), describe(c, mwhy))

    # 2. calls between objects, per program; then includes and calls together
    for prog, objs in programs().items():
        missing = [o for o in objs if not os.path.exists(os.path.join(TOP, o))]
        if missing:
            tap(False, "%s: objects built" % prog, "missing (run make first): " + " ".join(missing))
            continue
        defs, uses = {}, {}
        for o in objs:
            d, u = symbols(os.path.join(TOP, o))
            uses[o] = u
            for s in d:
                defs.setdefault(s, o)
        oedges, owhy = collections.defaultdict(set), collections.defaultdict(set)
        for o in objs:
            for s in uses[o]:
                t = defs.get(s)
                if t and t != o:
                    oedges[o].add(t)
                    owhy[(o, t)].add(s)
                    if os.path.dirname(o) in MODULE_DIRS:
                        medges[module(o)].add(module(t))
                    mwhy[(module(o), module(t))].add(s)
        c = cycles(oedges)
        if prog in LISTED_ONLY:
            for line in describe(c, owhy).split("\n"):
                if line:
                    print("# %s (listed, not checked): %s" % (prog, line))
            continue
        tap(not c, "%s: no call circle between its %d object files (nm)" % (prog, len(objs)), describe(c, owhy))
    c = cycles(medges)
    tap(not c, "no circle between modules of %s, includes and calls taken together" % ", ".join(MODULE_DIRS),
        describe(c, mwhy))

    # 3. the GraphQL library stands apart from the server
    bad = []
    for f in sources("proxy/graphql"):
        local, system = inc[f]
        for g in local:
            if not g.startswith("proxy/graphql/"):
                bad.append("%s includes %s" % (f, g))
        for s in system:
            if s.startswith(FORBIDDEN_IN_LIBRARY):
                bad.append("%s includes <%s>" % (f, s))
    tap(not bad, "proxy/graphql/ includes only its own headers, nothing of HTTP, libpq or PostgreSQL",
        "\n".join(bad))
    bad = []
    for f in sources("proxy"):
        for g in inc[f][0]:
            if g.startswith("proxy/graphql/") and g != "proxy/graphql/graphql.h":
                bad.append("%s includes %s" % (f, g))
    tap(not bad, "the server includes only the library's public header graphql/graphql.h", "\n".join(bad))

    # 4. file sizes
    sizes = {f: sum(1 for _ in open(os.path.join(TOP, f), encoding="utf-8", errors="replace")) for f in files}
    big = ["%s: %d lines" % (f, sizes[f]) for f in files
           if os.path.dirname(f) in SIZE_DIRS and f.endswith(".c") and sizes[f] > MAX_LINES]
    tap(not big, "no C file of %s over %d lines" % (", ".join(SIZE_DIRS), MAX_LINES), "\n".join(big))
    for f in files:
        if os.path.dirname(f) not in SIZE_DIRS and sizes[f] > 800:
            print("# %s: %d lines (not checked)" % (f, sizes[f]))

    # 5. banners
    bad = []
    for f in files:
        text = open(os.path.join(TOP, f), encoding="utf-8", errors="replace").read()
        banner = text[:text.find("*/") + 2] if text.startswith("/*") else ""
        name = os.path.basename(f)
        if "generated" in text.split("\n", 1)[0]:
            continue            # built by a Makefile, not edited
        head = "\n".join(banner.split("\n")[:3])
        if not banner or name not in head:
            bad.append("%s: no banner comment naming the file at the top" % f)
        elif os.path.dirname(f) in SIZE_DIRS and not re.search(r"\b(must not|must never|never|only|nothing|not)\b", banner, re.I):
            bad.append("%s: the banner does not say what the file must not do" % f)
    tap(not bad, "every C file starts with a banner naming it (and its limits in %s)" % ", ".join(SIZE_DIRS),
        "\n".join(bad))

    return T.done()


if __name__ == "__main__":
    sys.exit(main())
