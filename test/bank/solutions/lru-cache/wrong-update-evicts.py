# WRONG on purpose: a PUT into a full cache evicts even when the key is
# already cached (it only needs a new value).
import sys
from collections import OrderedDict


def main():
    data = sys.stdin.buffer.read().split()
    capacity, q = int(data[0]), int(data[1])
    cache = OrderedDict()
    out = []
    pos = 2
    for _ in range(q):
        op, key = data[pos], int(data[pos + 1])
        if op == b"PUT":
            value = int(data[pos + 2])
            pos += 3
            if len(cache) >= capacity:
                cache.popitem(last=False)
            cache.pop(key, None)
            cache[key] = value
        else:
            pos += 2
            if key in cache:
                cache.move_to_end(key)
                out.append(str(cache[key]))
            else:
                out.append("-1")
    if out:
        sys.stdout.write("\n".join(out) + "\n")


main()
