const a = [];
for (;;) a.push(Buffer.alloc(16 << 20, 1));
