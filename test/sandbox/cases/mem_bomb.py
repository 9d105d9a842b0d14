# Allocates without end: the memory cgroup must OOM-kill it.
a = []
while True:
    a.append(bytearray(1 << 20))
