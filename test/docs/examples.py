#!/usr/bin/env python3
"""Runs the examples of README.md and docs/*.md that are marked runnable and
prints TAP (one test per block, plus one per shown output that is compared).

A block is runnable when the line before its opening fence is
    <!-- doc-test: KIND db=NAME setup=SETUP -->
KIND is `psql` (the psql blocks of a file that name one database run in one
psql session as the superuser, in their order, when the first of them comes) or `sh`
(the block runs in one sh, with `localhost:8080` and `127.0.0.1:8080` pointing
at a real interview-proxy serving that database). Blocks of one file with the
same db share the database, in the order they appear. SETUP says how the
database starts: `none` (empty), `extension` (CREATE EXTENSION interview), `demo`
(the extension and sql/demo/bank.sql, as `make run` loads it). `judge=yes` on
the first block of a database starts a real interview-judge on it, and each
psql statement of that database is followed by a wait until the judge has
finished every queued run and submission (at most 120 s), so a block can show
a verdict right after the statement that asked for it.

Shown outputs are compared in shape (rows and columns, integers, booleans,
nulls; JSON keys and value types), see docs/development.md. Needs the PG*
variables of a superuser connection (make check runs it in pg_virtualenv)
and the extension installed. Must not touch databases it did not create.
"""
import glob
import json
import os
import re
import secrets
import subprocess
import sys
import time

TOP = os.environ.get("TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(TOP, "test", "out")
MARK = re.compile(r"^<!--\s*doc-test:\s*(\w+)((?:\s+\w+=[\w-]+)*)\s*-->\s*$")
PROXY_HOSTS = ("localhost:8080", "127.0.0.1:8080")

sys.path.insert(0, os.path.join(TOP, "test", "lib"))
from tap import Tap  # noqa: E402

T = Tap()
tap = T.ok


def blocks(path):
    """The marked blocks of one Markdown file: (line, kind, attrs, text)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found = []
    for i, line in enumerate(lines):
        m = MARK.match(line)
        if not m:
            continue
        attrs = dict(a.split("=", 1) for a in m.group(2).split())
        if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
            found.append((i + 1, "bad", attrs, "the marker is not followed by a fenced block"))
            continue
        j = i + 2
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        found.append((i + 2, m.group(1), attrs, "\n".join(lines[i + 2:j])))
    return found


def run(cmd, **kw):
    """Runs a command, returning (exit code, stdout + stderr)."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    return p.returncode, p.stdout


# ---- psql blocks: statements and their shown outputs

def code_part(line, in_quote):
    """The line without its -- comment (outside quotes); the comment; the quote
    still open at its end: False, "'" or a dollar quote's tag such as "$cpp$"."""
    i = 0
    while i < len(line):
        c = line[i]
        if in_quote == "'":
            if c == "'":
                if line[i + 1:i + 2] == "'":
                    i += 1
                else:
                    in_quote = False
        elif in_quote:
            if line.startswith(in_quote, i):
                i += len(in_quote) - 1
                in_quote = False
        elif c == "'":
            in_quote = "'"
        elif c == "$":
            m = re.match(r"\$[A-Za-z_]*\$", line[i:])
            if m:
                in_quote = m.group(0)
                i += len(in_quote) - 1
        elif line.startswith("--", i):
            return line[:i], line[i + 2:], in_quote
        i += 1
    return line, None, in_quote


def statements(text):
    """Splits a psql block into [statement, inline comment, shown lines]."""
    stmts = []
    cur = []
    in_quote = False
    last = None
    for line in text.split("\n"):
        if not cur and not in_quote:
            stripped = line.strip()
            if stripped.startswith("--"):
                body = stripped[2:]
                # output lines: "--  value" (two spaces, as psql pads) or "-- ----+---"
                if last is not None and (body.startswith("  ") or re.match(r"^ -+(\+-+)*\s*$", body)):
                    last[2].append(body[1:])
                else:
                    last = None
                continue
            if not stripped:
                last = None
                continue
        code, comment, in_quote = code_part(line, in_quote)
        cur.append(code)
        ends = not in_quote and (code.rstrip().endswith(";") or re.search(r"\\\w+\s*$", code.rstrip())
                                 or (len(cur) == 1 and code.lstrip().startswith("\\")))
        if ends:
            last = ["\n".join(cur), comment.strip() if comment else None, []]
            stmts.append(last)
            cur = []
    if cur:
        stmts.append(["\n".join(cur), None, []])
    return stmts


def strip_note(value):
    """A shown value without its trailing note in parentheses: '1 (sample)' -> '1'."""
    m = re.match(r"^(.*\S)\s+\([^()]*\)\s*$", value)
    return m.group(1) if m else value


def cells(row):
    """The cells of one row, aligned (' a | b ') or unaligned ('a|b')."""
    return [c.strip() for c in row.split("|")]


def cell_class(v):
    """What kind of value a cell shows."""
    if v in ("", "(null)"):
        return "null"
    if v in ("t", "f"):
        return v
    if re.match(r"^-?\d+$", v):
        return "integer"
    return "text"


def same_shape(shown_rows, actual_rows):
    """Why shown rows and actual rows differ in shape (None when they do not)."""
    if len(shown_rows) != len(actual_rows):
        return "%d rows shown, %d returned" % (len(shown_rows), len(actual_rows))
    for s, a in zip(shown_rows, actual_rows):
        sc, ac = cells(s), cells(a)
        if len(sc) != len(ac):
            return "row %r has %d columns, %r has %d" % (s, len(sc), a, len(ac))
        for x, y in zip(sc, ac):
            if cell_class(x) != cell_class(y):
                return "%r is %s, the result %r is %s" % (x, cell_class(x), y, cell_class(y))
    return None


def check_psql(group, db):
    """Runs the psql blocks of one database in one session, statement by
    statement, and compares shown outputs; group is a list of (where, text)."""
    stmts = []                  # (block index, sql, inline comment, shown lines)
    for bi, (_, text) in enumerate(group):
        stmts += [(bi, sql, inline, shown) for sql, inline, shown in statements(text)]
    script = []
    for i, (_, sql, _, _) in enumerate(stmts):
        script.append("\\echo @@%d" % i)
        script.append(sql)
        if db in judged_dbs:
            script.append(SETTLE)
    rc, out = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-P", "footer=off",
                   "-P", "null=(null)", "-d", db], input="\n".join(script) + "\n")
    results = {}
    current = None
    for line in out.split("\n"):
        m = re.match(r"^@@(\d+)$", line)
        if m:
            current = int(m.group(1))
            results[current] = []
        elif current is not None:
            results[current].append(line)
    for k in results:
        while results[k] and results[k][-1] == "":
            results[k].pop()
    failed_at = None
    if rc != 0:
        failed_at = max(results) if results else 0
    for bi, (where, _) in enumerate(group):
        mine = [i for i, st in enumerate(stmts) if st[0] == bi]
        if failed_at is not None and (not mine or mine[-1] >= failed_at):
            if mine and mine[0] <= failed_at:
                tap(False, "%s: psql block runs" % where, "statement failed:\n%s\n%s"
                    % (stmts[failed_at][1] if stmts else "", out[-2000:]))
            else:
                tap(False, "%s: psql block runs" % where, "not run: an earlier block of its database failed")
            continue
        tap(True, "%s: psql block runs (%d statements)" % (where, len(mine)))
        for i in mine:
            _, sql, inline, shown = stmts[i]
            actual = results.get(i, [])
            first = sql.strip().split("\n")[0][:60]
            if shown:
                sep = [j for j, x in enumerate(shown) if re.match(r"^-+(\+-+)*\s*$", x.strip())]
                rows = [strip_note(x) for x in shown]
                why = None
                if sep:
                    header, rows = rows[sep[0] - 1], rows[sep[0] + 1:]
                    if not actual or cells(header) != cells(actual[0]):
                        why = "header %r, result header %r" % (header, actual[0] if actual else None)
                why = why or same_shape(rows, actual[1:])
                tap(why is None, "%s: output of %s" % (where, first), why or "")
            elif inline and len(actual) > 1:
                why = same_shape([strip_note(inline)], actual[1:])
                tap(why is None, "%s: output of %s" % (where, first),
                    (why or "") + "\nresult:\n" + "\n".join(actual))


# ---- sh blocks: commands and their shown JSON

def commands(text):
    """Splits a shell block into [command, shown JSON]: open quotes, open braces,
    a trailing \\ or | continue a command; a `# {...}` comment right after one is its output."""
    cmds = []
    cur = []
    last = None
    quote = None
    depth = 0
    for line in text.split("\n"):
        if not cur and line.lstrip().startswith("#"):
            body = line.lstrip()[1:].strip()
            if last is not None and body[:1] in ("{", "["):
                last[1] = body
            else:
                last = None
            continue
        if not cur and not line.strip():
            last = None
            continue
        cur.append(line)
        for c in line:
            if quote:
                if c == quote:
                    quote = None
            elif c in ("'", '"'):
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
        if quote is None and depth <= 0 and not line.rstrip().endswith(("\\", "|")):
            last = ["\n".join(cur), None]
            cmds.append(last)
            cur = []
            depth = 0
    if cur:
        cmds.append(["\n".join(cur), None])
    return cmds


def json_shape(shown, actual, path="$"):
    """Why a JSON value differs in shape from the shown one (None when it does not)."""
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    ks, ka = kinds[type(shown)], kinds[type(actual)]
    if ks != ka:
        return "%s: shown %s, got %s" % (path, ks, ka)
    if isinstance(shown, dict):
        if set(shown) != set(actual):
            return "%s: keys %s shown, got %s" % (path, sorted(shown), sorted(actual))
        for k in shown:
            why = json_shape(shown[k], actual[k], path + "." + k)
            if why:
                return why
    if isinstance(shown, list) and shown:
        if not actual:
            return "%s: an empty array" % path
        for i, a in enumerate(actual):
            why = json_shape(shown[0], a, "%s[%d]" % (path, i))
            if why:
                return why
    return None


def check_sh(where, port, text):
    """Runs a shell block command by command against the proxy on PORT."""
    for h in PROXY_HOSTS:
        text = text.replace(h, "127.0.0.1:%d" % port)
    cmds = commands(text)
    script = []
    for i, (cmd, _) in enumerate(cmds):
        script.append("printf '\\n@@%d\\n'" % i)
        script.append(cmd)
        script.append("printf '\\n@@rc %d\\n' $?")
    rc, out = run(["sh", "-c", "\n".join(script)], cwd=TOP)
    parts = {}
    current = None
    for line in out.split("\n"):
        m = re.match(r"^@@(\d+)$", line)
        r = re.match(r"^@@rc (\d+)$", line)
        if m:
            current = int(m.group(1))
            parts[current] = {"out": [], "rc": None}
        elif r and current is not None:
            parts[current]["rc"] = int(r.group(1))
        elif current is not None:
            parts[current]["out"].append(line)
    bad = []
    compared = []
    for i, (cmd, shown) in enumerate(cmds):
        p = parts.get(i)
        first = cmd.split("\n")[0][:70]
        if p is None or p["rc"] != 0:
            bad.append("command %d exits %s: %s\n%s" % (i + 1, p and p["rc"], cmd, p and "\n".join(p["out"])))
            continue
        body = "\n".join(p["out"]).strip()
        if not body:
            continue
        try:
            got = json.loads(body)
        except ValueError:
            got = None
        if isinstance(got, dict) and "errors" in got and not (shown and '"errors"' in shown):
            bad.append("command %d answers with errors: %s\n%s" % (i + 1, cmd, body[:1000]))
        if shown:
            why = "not JSON: %r" % body[:300] if got is None else json_shape(json.loads(shown), got)
            compared.append((first, why, body))
    tap(rc == 0 and not bad, "%s: sh block runs (%d commands)" % (where, len(cmds)), "\n".join(bad) + out[-300:])
    for first, why, body in compared:
        tap(why is None, "%s: output of %s" % (where, first), (why or "") + "\nresult: " + body[:1000])


# ---- databases and proxies

created = []
proxies = {}
judges = {}
role = "doc_test_proxy_%d" % os.getpid()
judge_role = "doc_test_judge_%d" % os.getpid()
password = secrets.token_hex(12)
judged_dbs = set()
# After each statement of a database with a judge: wait until nothing is queued or judging.
SETTLE = """DO $settle$ BEGIN
  FOR i IN 1..1200 LOOP
    EXIT WHEN NOT EXISTS (SELECT 1 FROM interview.run WHERE status <> 'judged')
          AND NOT EXISTS (SELECT 1 FROM interview.submission WHERE status <> 'judged');
    IF i = 1200 THEN RAISE EXCEPTION 'the judge did not finish within 120 s'; END IF;
    PERFORM pg_sleep(0.1);
  END LOOP;
END $settle$;"""


def psql(db, sql):
    """Runs SQL as the superuser; raises on failure."""
    rc, out = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql)
    if rc != 0:
        raise RuntimeError(out)


def database(name, setup):
    """Creates a database for the examples the first time it is named."""
    if name in created:
        return
    psql("postgres", "CREATE DATABASE %s" % name)
    created.append(name)
    if setup in ("extension", "demo"):
        psql(name, "SET client_min_messages = warning; CREATE EXTENSION interview CASCADE;")
    if setup == "demo":
        rc, out = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", name, "-f",
                       os.path.join(TOP, "sql", "demo", "bank.sql")])
        if rc != 0:
            raise RuntimeError(out)


def proxy(name):
    """The port of a real interview-proxy serving database NAME (started once)."""
    if name in proxies:
        return proxies[name][1]
    if not proxies:
        psql("postgres", "CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE interview_proxy" % (role, password))
    log = os.path.join(OUT, "docs-proxy-%s-%d.log" % (name, os.getpid()))
    conninfo = "host=%s port=%s dbname=%s user=%s password=%s" % (
        os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432"), name, role, password)
    p = subprocess.Popen([os.path.join(TOP, "proxy", "interview-proxy"), "--listen", "127.0.0.1:0",
                          "--db", conninfo, "--pool", "2", "--static", os.path.join(TOP, "proxy", "static")],
                         stdout=open(log, "w"), stderr=subprocess.STDOUT)
    port = None
    for _ in range(200):
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/graphql", open(log).read())
        if m:
            port = int(m.group(1))
            break
        if p.poll() is not None:
            break
        time.sleep(0.1)
    if port is None:
        p.kill()
        raise RuntimeError("interview-proxy did not start:\n" + open(log).read()[-2000:])
    proxies[name] = (p, port)
    return port


def judge(name):
    """Starts a real interview-judge on database NAME (once)."""
    if name in judges:
        return
    if not judges:
        psql("postgres", "CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE interview_judge" % (judge_role, password))
    log = os.path.join(OUT, "docs-judge-%s-%d.log" % (name, os.getpid()))
    conninfo = "host=%s port=%s dbname=%s user=%s password=%s" % (
        os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432"), name, judge_role, password)
    p = subprocess.Popen([os.path.join(TOP, "judge", "interview-judge"), "--workers", "1",
                          "--first-worker", str(700 + os.getpid() % 200), "--db", conninfo],
                         stdout=open(log, "w"), stderr=subprocess.STDOUT)
    judges[name] = p
    judged_dbs.add(name)


def cleanup():
    """Stops the proxies and judges, drops the databases and the roles this run created."""
    for p in list(judges.values()) + [p for p, _ in proxies.values()]:
        p.terminate()
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for db in created:
        run(["psql", "-X", "-q", "-d", "postgres", "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db])
    if proxies:
        run(["psql", "-X", "-q", "-d", "postgres", "-c", "DROP ROLE IF EXISTS %s" % role])
    if judges:
        run(["psql", "-X", "-q", "-d", "postgres", "-c", "DROP ROLE IF EXISTS %s" % judge_role])


def main():
    os.makedirs(OUT, exist_ok=True)
    files = [os.path.join(TOP, "README.md")] + sorted(glob.glob(os.path.join(TOP, "docs", "*.md")))
    total = 0
    try:
        for path in files:
            rel = os.path.relpath(path, TOP)
            stem = re.sub(r"[^a-z0-9]", "_", os.path.basename(path).lower().rsplit(".", 1)[0])
            found = blocks(path)
            groups = {}             # the psql blocks of each database, run together
            for line, kind, attrs, text in found:
                if kind == "psql":
                    groups.setdefault(attrs.get("db", "main"), []).append(("%s:%d" % (rel, line), text))
            for line, kind, attrs, text in found:
                total += 1
                where = "%s:%d" % (rel, line)
                if kind == "bad":
                    tap(False, where, text)
                    continue
                name = attrs.get("db", "main")
                db = "doc_%s_%s_%d" % (stem, re.sub(r"[^a-z0-9_]", "_", name), os.getpid())
                try:
                    database(db, attrs.get("setup", "extension"))
                    if attrs.get("judge") == "yes":
                        judge(db)
                    if kind == "psql":
                        if groups.get(name) and groups[name][0][0] == where:
                            check_psql(groups[name], db)
                    elif kind == "sh":
                        check_sh(where, proxy(db), text)
                    else:
                        tap(False, where, "unknown kind %r (psql or sh)" % kind)
                except RuntimeError as e:
                    tap(False, "%s: %s block" % (where, kind), str(e))
        tap(total > 0, "the docs hold runnable examples (%d blocks)" % total)
    finally:
        cleanup()
    return T.done()


if __name__ == "__main__":
    sys.exit(main())
