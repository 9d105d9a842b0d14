// Allocates without end: the memory cgroup must OOM-kill it.
const a = [];
for (;;) a.push(Buffer.alloc(1 << 20, 1));
