# os.system runs inside the sandbox; sockets other than AF_UNIX are refused.
import os, socket, sys
port, pgport = map(int, sys.stdin.read().split())
sys.stdout.flush()
os.system("echo hi")
for host, p in (("127.0.0.1", port), ("127.0.0.1", pgport), ("1.1.1.1", 53)):
    try:
        s = socket.create_connection((host, p), timeout=2)
        print("CONNECTED")
    except OSError:
        print("blocked")
