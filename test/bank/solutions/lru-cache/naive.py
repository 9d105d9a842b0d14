# LRU cache, naive: stamps each entry with its last use and scans every entry to
# find the one to evict, O(c) per eviction.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    capacity, q = int(data[0]), int(data[1])
    cache = {}
    out = []
    pos = 2
    for now in range(q):
        op, key = data[pos], int(data[pos + 1])
        if op == b"PUT":
            value = int(data[pos + 2])
            pos += 3
            if key not in cache and len(cache) >= capacity:
                oldest = None
                for k, (v, used) in cache.items():
                    if oldest is None or used < cache[oldest][1]:
                        oldest = k
                del cache[oldest]
            cache[key] = (value, now)
        else:
            pos += 2
            if key in cache:
                cache[key] = (cache[key][0], now)
                out.append(str(cache[key][0]))
            else:
                out.append("-1")
    if out:
        print("\n".join(out))


main()
