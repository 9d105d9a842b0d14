#!/usr/bin/env python3
"""Generates the demo problem bank.

Writes every test input of every problem to DATA/<slug>/NN.in, runs the Python
reference solution (solutions/<slug>/ref.py) on it to get NN.out, and writes
sql/demo/bank.sql: the accounts, companies, problems, starter templates and
test cases, created through the extension's SQL API only.

Inputs are drawn from seeded generators, so two runs give the same bank.
check-local.sh runs the other reference solutions against DATA to cross-check
the expected outputs, and compares a fresh bank.sql with the committed one.

Usage: gen.py DATA_DIR SQL_FILE
"""

import os
import random
import string
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LANGUAGES = [("c", "template.c"), ("cpp", "template.cpp"),
             ("python3", "template.py"), ("javascript", "template.js")]


# --------------------------------------------------------------------------
# Test inputs, one generator per problem. Each returns a list of
# (input text, is_sample); samples come first, the large input last.
# --------------------------------------------------------------------------

def two_sum():
    rnd = random.Random(101)
    cases = [("5 9\n2 7 11 15 -2\n", True), ("4 6\n3 2 4 3\n", True)]

    def case(t, a):
        return ("%d %d\n%s\n" % (len(a), t, " ".join(map(str, a))), False)

    cases.append(case(6, [3]))                          # n = 1: no pair
    cases.append(case(6, [3, 3]))                       # the two equal halves
    cases.append(case(2, [1, 1, 1, 1]))                 # smallest j, then smallest i
    cases.append(case(6, [1, 1, 5]))                    # a repeated value: its first position
    cases.append(case(-7, [-4, 2, -4, -3, -3, 9]))      # the same with negatives
    cases.append(case(0, [-5, 10, 5, -10]))             # negatives, zero target
    cases.append(case(100, [1, 2, 3, 4, 5]))            # no pair
    cases.append(case(2000000000, [1000000000, -1000000000, 1000000000]))
    cases.append(case(-2000000000, [-1000000000, 5, -1000000000]))
    a = [rnd.randint(-1000, 1000) for _ in range(1000)]
    cases.append(case(a[700] + a[950], a))              # random, answer somewhere
    a = [rnd.randint(-15, 15) for _ in range(400)]      # each value repeated many times;
    cases.append(case(1000, a + [1000 - a[3]]))         # the pair: its first copy and the last
    a = [2 * rnd.randint(-10 ** 6, 10 ** 6) for _ in range(5000)]
    cases.append(case(1, a))                            # all even, odd target: none
    # Large: even numbers and an odd target; only the last number completes a pair.
    n = 50000
    a = [2 * rnd.randint(-5 * 10 ** 7, 5 * 10 ** 7) for _ in range(n - 1)]
    t = 2 * rnd.randint(-10 ** 8, 10 ** 8) + 1
    a.append(t - a[rnd.randrange(n - 1)])
    cases.append(case(t, a))
    return cases


def balanced_brackets():
    rnd = random.Random(202)
    cases = [("3\n([]{})\n([)]\n((\n", True), ("2\n{[()()]}\n)(\n", True)]
    pairs = ["()", "[]", "{}"]

    def nested(depth):
        opens = [rnd.choice(pairs) for _ in range(depth)]
        return "".join(p[0] for p in opens) + "".join(p[1] for p in reversed(opens))

    def random_balanced(n):
        out, stack = [], []
        for _ in range(n):
            if stack and (rnd.random() < 0.5 or len(stack) > 50):
                out.append(stack.pop())
            else:
                p = rnd.choice(pairs)
                out.append(p[0])
                stack.append(p[1])
        return "".join(out) + "".join(reversed(stack))

    def case(strings):
        return ("%d\n%s\n" % (len(strings), "\n".join(strings)), False)

    cases.append(case(["{"]))                           # t = 1, one character
    cases.append(case(["(", ")", "[", "]", "{", "}"]))  # single characters
    cases.append(case(["()", "[]", "{}", "(]", "[}", "{)"]))
    cases.append(case(["([{}])", "([{})]", "(()", "())", "()()()"]))
    cases.append(case(["]" + "()" * 10, "()" * 10 + "[", "{" * 20 + "}" * 20]))
    cases.append(case([random_balanced(rnd.randint(1, 40)) for _ in range(200)]))
    broken = []
    for _ in range(200):
        s = list(random_balanced(rnd.randint(1, 40)))
        i = rnd.randrange(len(s))
        s[i] = rnd.choice("()[]{}")
        broken.append("".join(s))
    cases.append(case(broken))
    cases.append(case([random_balanced(rnd.randint(1, 6)) for _ in range(1000)]))  # t at its maximum
    s = nested(5000)
    cases.append(case([nested(5000), s[:-1] + {")": "]", "]": "}", "}": ")"}[s[-1]]]))
    cases.append(case([random_balanced(100000)]))
    s = nested(30000)
    cases.append(case([s[:30000] + s[30001:] + s[30000]]))  # one closer moved to the end
    # Large: two deeply nested strings, the second broken in the middle.
    depth = 150000
    good = nested(depth)
    bad = list(nested(depth))
    mid = depth + depth // 2
    bad[mid] = {")": "]", "]": "}", "}": ")"}[bad[mid]]
    cases.append(case([good, "".join(bad)]))
    return cases


def merge_intervals():
    rnd = random.Random(303)
    cases = [("4\n8 10\n1 3\n2 6\n15 18\n", True), ("3\n1 3\n3 5\n6 7\n", True)]

    def case(v):
        return ("%d\n%s\n" % (len(v), "\n".join("%d %d" % iv for iv in v)), False)

    cases.append(case([(5, 5)]))                             # one point
    cases.append(case([(0, 1000000000), (5, 7), (999999999, 1000000000)]))
    cases.append(case([(1, 2), (3, 4), (5, 6)]))             # gaps of one: stay apart
    cases.append(case([(4, 8)] * 5))                         # duplicates
    cases.append(case([(10, 20), (1, 30), (5, 5), (29, 40)]))  # nested, then extended
    cases.append(case([(7, 9), (1, 3), (3, 5), (5, 7)]))     # a chain of touches
    cases.append(case([(0, 0), (0, 0), (1, 1)]))
    v = []
    for _ in range(2000):
        l = rnd.randint(0, 100000)
        v.append((l, l + rnd.randint(0, 60)))
    cases.append(case(v))
    v = [(rnd.randint(0, 10 ** 9), 0) for _ in range(3000)]
    cases.append(case([(l, min(10 ** 9, l + rnd.randint(0, 10 ** 6))) for l, _ in v]))
    # Large: mostly disjoint intervals in random order, a few overlapping.
    n = 30000
    starts = sorted(rnd.sample(range(0, 10 ** 7, 10), n))
    v = []
    for i, l in enumerate(starts):
        r = l + rnd.randint(0, 5)
        if rnd.random() < 0.02 and i + 1 < n:
            r = starts[i + 1] + rnd.randint(0, 3)
        v.append((l, r))
    rnd.shuffle(v)
    cases.append(case(v))
    return cases


def longest_substring():
    rnd = random.Random(404)
    alphabet = [chr(c) for c in range(33, 127)]
    cases = [("abcabcbb\n", True), ("pwwkew\n", True)]

    def case(s):
        return (s + "\n", False)

    cases.append(case("z"))                     # one character
    cases.append(case("bbbbbbbb"))              # all the same
    cases.append(case("".join(alphabet)))       # all 94 distinct
    cases.append(case("abba"))                  # the window must not move back
    cases.append(case("dvdf"))
    cases.append(case("!~!~\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}" + "!"))
    cases.append(case("".join(rnd.choice("ab") for _ in range(1000))))
    cases.append(case("".join(rnd.choice(alphabet) for _ in range(5000))))
    cases.append(case("".join(alphabet) * 100 + "".join(reversed(alphabet)) * 100))
    # Large: runs of distinct characters up to the whole alphabet long.
    parts, total = [], 0
    while total < 500000:
        perm = alphabet[:]
        rnd.shuffle(perm)
        run = perm[:rnd.randint(60, 94)]
        parts.append("".join(run))
        total += len(run)
    cases.append(case("".join(parts)[:500000]))
    return cases


def top_k_words():
    rnd = random.Random(505)
    cases = [("8 2\nthe cat and the dog\nand the bird\n", True),
             ("6 3\nb a c b a d\n", True)]

    def word(lo, hi):
        return "".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(lo, hi)))

    def case(words, k, per_line=12):
        lines = [" ".join(words[i:i + per_line]) for i in range(0, len(words), per_line)]
        return ("%d %d\n%s\n" % (len(words), k, "\n".join(lines)), False)

    cases.append(case(["solo"], 1))                      # one word
    cases.append(case(["echo"] * 7, 3))                  # k above the distinct words
    cases.append(case(["b", "a", "ab", "a", "b", "ab"], 2))  # ties: a < ab < b
    cases.append(case(["zz", "z", "zz", "z", "y"], 5))
    cases.append(case(["x" * 20, "x" * 19, "x" * 20], 2))  # longest words
    vocab = [word(1, 3) for _ in range(30)]
    cases.append(case([rnd.choice(vocab) for _ in range(3000)], 10))
    vocab = sorted({word(3, 8) for _ in range(2000)})
    rnd.shuffle(vocab)
    words = [vocab[min(int(rnd.paretovariate(1.0)) - 1, len(vocab) - 1)] for _ in range(20000)]
    cases.append(case(words, 25))
    cases.append(case([word(1, 20) for _ in range(500)], 500))  # nearly all distinct
    # Large: 25000 distinct words, then a skewed draw.
    vocab = sorted({word(3, 7) for _ in range(26000)})[:25000]
    rnd.shuffle(vocab)
    words = vocab[:]
    for _ in range(100000 - len(vocab)):
        words.append(vocab[min(int(rnd.paretovariate(1.2)) - 1, len(vocab) - 1)])
    rnd.shuffle(words)
    cases.append(case(words, 10))
    return cases


def grid_path():
    rnd = random.Random(606)
    cases = [("3 4\nS..#\n.#..\n...E\n", True), ("2 3\nS#E\n.#.\n", True)]

    def case(rows):
        return ("%d %d\n%s\n" % (len(rows), len(rows[0]), "\n".join(rows)), False)

    def random_grid(r, c, walls):
        g = [["#" if rnd.random() < walls else "." for _ in range(c)] for _ in range(r)]
        cells = rnd.sample(range(r * c), 2)
        g[cells[0] // c][cells[0] % c] = "S"
        g[cells[1] // c][cells[1] % c] = "E"
        return ["".join(row) for row in g]

    def serpentine(r, c):
        # Wall rows with one gap, alternating ends: the path winds through every row.
        g = []
        for i in range(r):
            if i % 2 == 0:
                g.append(["."] * c)
            else:
                row = ["#"] * c
                row[c - 1 if i % 4 == 1 else 0] = "."
                g.append(row)
        g[0][0] = "S"
        g[r - 1 if (r - 1) % 2 == 0 else r - 2][0 if ((r - 1) // 2) % 2 == 1 else c - 1] = "E"
        return ["".join(row) for row in g]

    cases.append(case(["SE"]))                          # adjacent
    cases.append(case(["S", "#", "E"]))                 # one column, blocked
    cases.append(case(["E", ".", ".", "S"]))
    cases.append(case(["S....", "####.", "E...."]))
    cases.append(case(["S.#", "##.", "..E"]))           # walled in
    cases.append(case(random_grid(30, 40, 0.25)))
    cases.append(case(random_grid(200, 300, 0.3)))
    cases.append(case(serpentine(41, 37)))
    cases.append(case(random_grid(1000, 1, 0.0)))        # a long corridor: R at its maximum
    cases.append(case(random_grid(1, 1000, 0.0)))        # C at its maximum
    # Large: a 500 x 520 serpentine maze (R * C at its maximum), a path of
    # about 130000 moves.
    cases.append(case(serpentine(500, 520)))
    return cases


def lru_cache():
    rnd = random.Random(707)
    cases = [("2 9\nPUT 1 1\nPUT 2 2\nGET 1\nPUT 3 3\nGET 2\nPUT 4 4\nGET 1\nGET 3\nGET 4\n", True),
             ("1 5\nGET 7\nPUT 7 70\nGET 7\nPUT 8 80\nGET 7\n", True)]

    def case(c, ops):
        return ("%d %d\n%s\n" % (c, len(ops), "\n".join(ops)), False)

    def random_ops(q, keys, put_share, values=1000):
        ops = []
        for _ in range(q):
            k = rnd.randrange(keys)
            if rnd.random() < put_share:
                ops.append("PUT %d %d" % (k, rnd.randint(0, values)))
            else:
                ops.append("GET %d" % k)
        return ops

    cases.append(case(1, ["GET 0"]))                               # empty cache
    cases.append(case(2, ["PUT 1 10", "PUT 2 20", "PUT 1 11", "PUT 3 30",
                          "GET 1", "GET 2", "GET 3"]))             # an update refreshes
    cases.append(case(2, ["PUT 1 10", "PUT 2 20", "GET 1", "PUT 3 30",
                          "GET 1", "GET 2", "GET 3"]))             # a GET refreshes
    cases.append(case(3, ["PUT 5 1", "PUT 5 2", "PUT 5 3", "GET 5",
                          "PUT 6 0", "PUT 7 0", "PUT 8 0", "GET 5", "GET 6"]))
    cases.append(case(1, ["PUT 1000000000 1000000000", "GET 1000000000", "PUT 0 0",
                          "GET 1000000000", "GET 0"]))
    cases.append(case(10, ["PUT %d %d" % (k, k * 2) for k in range(20)] +
                      ["GET %d" % k for k in range(20)]))
    cases.append(case(50, random_ops(3000, 100, 0.5)))
    cases.append(case(1000, random_ops(20000, 3000, 0.4)))
    cases.append(case(100000, ["PUT %d 1" % k for k in range(500)] + ["GET 499", "GET 0"]))
    # Large: a full cache, then mostly new keys, so nearly every PUT evicts.
    c, ops = 20000, []
    for k in range(c):
        ops.append("PUT %d %d" % (k, rnd.randint(0, 9999)))
    next_key = c
    for _ in range(20000):
        if rnd.random() < 0.7:
            ops.append("PUT %d %d" % (next_key, rnd.randint(0, 9999)))
            next_key += rnd.randint(1, 3)
        else:
            ops.append("GET %d" % rnd.randrange(next_key))
    cases.append(case(c, ops))
    return cases


def matrix_rotation():
    rnd = random.Random(808)
    cases = [("3 1\n1 2 3\n4 5 6\n7 8 9\n", True), ("2 2\n1 2\n3 4\n", True)]

    def case(n, k, lo=-9, hi=99):
        rows = [" ".join(str(rnd.randint(lo, hi)) for _ in range(n)) for _ in range(n)]
        return ("%d %d\n%s\n" % (n, k, "\n".join(rows)), False)

    cases.append(case(1, 1000000000))                   # one cell
    cases.append(case(4, 0))                            # no turn
    cases.append(case(4, 3))
    cases.append(case(5, 4))                            # a full turn
    cases.append(case(5, 1000000000 - 1))               # = 3 turns
    cases.append(case(6, 6, -10 ** 9, 10 ** 9))         # extreme values
    cases.append(case(2, 1))
    cases.append(case(100, 7))
    cases.append(case(200, 999999998, -1000, 1000))     # = 2 turns
    # Large: 300 x 300 and a huge number of turns.
    cases.append(case(300, 999999999, 0, 9999))
    return cases


# --------------------------------------------------------------------------
# The bank: (slug, title, time limit in ms, generator).
# --------------------------------------------------------------------------

PROBLEMS = [
    ("two-sum", "Two Sum", 1000, two_sum),
    ("balanced-brackets", "Balanced Brackets", 1000, balanced_brackets),
    ("merge-intervals", "Merge Intervals", 1000, merge_intervals),
    ("longest-substring", "Longest Substring Without Repeats", 1000, longest_substring),
    ("top-k-words", "Top K Frequent Words", 1000, top_k_words),
    ("grid-path", "Shortest Path on a Grid", 1000, grid_path),
    ("lru-cache", "LRU Cache Simulation", 1000, lru_cache),
    ("matrix-rotation", "Matrix Rotation", 1000, matrix_rotation),
]

# Two companies with overlapping problem sets.
COMPANIES = [
    ("Acme Search", 3, ["two-sum", "balanced-brackets", "longest-substring",
                        "top-k-words", "lru-cache", "merge-intervals"]),
    ("Globex Logistics", 3, ["merge-intervals", "grid-path", "lru-cache",
                             "matrix-rotation", "two-sum"]),
]

ACCOUNTS = {"staff": "staff-password", "candidate": "candidate-password"}


def quote(text):
    """A dollar-quoted SQL literal whose tag does not occur in text."""
    n = 0
    while True:
        tag = "$q%s$" % (n or "")
        if tag not in text:
            return tag + text + tag
        n += 1


def literal(text):
    """A single-quoted SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def run_reference(slug, text):
    """The output of the Python reference solution on one input."""
    ref = os.path.join(HERE, "solutions", slug, "ref.py")
    res = subprocess.run([sys.executable, ref], input=text.encode(),
                         stdout=subprocess.PIPE, check=True, timeout=60)
    return res.stdout.decode()


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen.py DATA_DIR SQL_FILE")
    data_dir, sql_file = sys.argv[1], sys.argv[2]
    out = []
    w = out.append
    w("-- The demo problem bank of interview: two accounts, two companies and")
    w("-- eight problems with starter code in every language and test cases.")
    w("-- Generated by test/bank/gen.py from test/bank/problems and the reference")
    w("-- solutions in test/bank/solutions; do not edit by hand.")
    w("-- Load once, as a superuser, into a database with the extension:")
    w("--   psql -v ON_ERROR_STOP=1 -f sql/demo/bank.sql")
    w("")
    w("BEGIN;")
    w("")
    w("SELECT interview.create_staff('staff', %s);" % literal(ACCOUNTS["staff"]))
    w("SELECT interview.register('candidate', %s);" % literal(ACCOUNTS["candidate"]))
    w("-- Act as the staff account for the rest of the transaction.")
    w("SELECT interview.login('staff', %s) IS NOT NULL AS logged_in;" % literal(ACCOUNTS["staff"]))
    w("")
    for name, per_interview, _ in COMPANIES:
        w("SELECT interview.create_company(%s, %d);" % (literal(name), per_interview))
    w("")
    for slug, title, limit, gen in PROBLEMS:
        pdir = os.path.join(HERE, "problems", slug)
        cases = gen()
        samples = [c for c in cases if c[1]]
        assert len(samples) == 2 and cases[0][1] and cases[1][1], slug
        assert len(cases) - 2 >= 8, slug
        pid = "(SELECT id FROM interview.problem WHERE title = %s)" % literal(title)
        w("-- Problem %s: %d test cases." % (title, len(cases)))
        w("SELECT interview.create_problem(%s, %s, NULL, '30 minutes', %d, 262144);"
          % (literal(title), quote(read(os.path.join(pdir, "statement.txt"))), limit))
        for lang, fname in LANGUAGES:
            w("SELECT interview.set_code_template(%s, %s, %s);"
              % (pid, literal(lang), quote(read(os.path.join(pdir, fname)))))
        cdir = os.path.join(data_dir, slug)
        os.makedirs(cdir, exist_ok=True)
        for n, (text, is_sample) in enumerate(cases, 1):
            expected = run_reference(slug, text)
            with open(os.path.join(cdir, "%02d.in" % n), "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(cdir, "%02d.out" % n), "w", encoding="utf-8") as f:
                f.write(expected)
            w("SELECT interview.add_test_case(%s, %s, %s, %s);"
              % (pid, quote(text), quote(expected), "true" if is_sample else "false"))
        with open(os.path.join(cdir, "meta"), "w", encoding="utf-8") as f:
            f.write("time_limit_ms=%d\nlarge=%02d\n" % (limit, len(cases)))
        w("")
    for name, _, slugs in COMPANIES:
        for slug in slugs:
            title = [p[1] for p in PROBLEMS if p[0] == slug][0]
            w("SELECT interview.assign_problem((SELECT id FROM interview.company WHERE name = %s), "
              "(SELECT id FROM interview.problem WHERE title = %s));" % (literal(name), literal(title)))
    w("")
    w("COMMIT;")
    with open(sql_file, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
