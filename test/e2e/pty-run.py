#!/usr/bin/env python3
"""Runs a command on a terminal of its own, as a person at a terminal would.

Usage: pty-run.py LOG TRIGGER COMMAND...

The command runs in a new session whose controlling terminal is a fresh
pseudo-terminal; everything it writes there is appended to LOG (with the
terminal's CR LF turned into LF). Once the file TRIGGER exists, a Ctrl-C is
typed (the byte 0x03, which the terminal turns into SIGINT for its foreground
process group). Exits with the command's status (128 + N when signal N
ended it). Used by test/e2e/make-run.t; waits 300 s at most.
"""

import os
import pty
import select
import signal
import sys
import time


def main():
    log_path, trigger = sys.argv[1], sys.argv[2]
    pid, fd = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.execvp(sys.argv[3], sys.argv[3:])
    sent = False
    deadline = time.time() + 300
    with open(log_path, "ab", buffering=0) as log:
        while time.time() < deadline:
            if not sent and os.path.exists(trigger):
                os.write(fd, b"\x03")
                sent = True
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                log.write(data.replace(b"\r\n", b"\n"))
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


main()
