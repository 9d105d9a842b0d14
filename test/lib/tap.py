"""TAP output for the Python test scripts (test/docs, test/layout): one line
per test, diagnostics of a failure on stderr (prove shows stderr), the plan
at the end."""
import sys


class Tap:
    """Counts tests and failures."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, good, what, diag=""):
        """Prints one TAP line (and diagnostics when it failed)."""
        self.n += 1
        print(("ok" if good else "not ok") + " %d - %s" % (self.n, what))
        sys.stdout.flush()
        if not good:
            self.failed += 1
            for line in diag.rstrip("\n").split("\n"):
                print("# " + line, file=sys.stderr)

    def done(self):
        """Prints the plan; the exit status (1 when a test failed)."""
        print("1..%d" % self.n)
        return 1 if self.failed else 0
