import socket, subprocess, sys
port = int(sys.stdin.readline())
bad = []
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    bad.append("connected")
except Exception:
    pass
try:
    open("/etc/shadow").read()
    bad.append("shadow")
except Exception:
    pass
for p in ("/escape", "/box/escape"):
    try:
        open(p, "w").write("x")
        bad.append("wrote " + p)
    except Exception:
        pass
try:
    subprocess.Popen(["sleep", "30"], start_new_session=True)
except Exception:
    pass
print(" ".join(bad) if bad else "safe")
