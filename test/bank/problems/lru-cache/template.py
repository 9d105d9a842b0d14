import sys


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity

    def get(self, key):
        # TODO: the cached value of key, or -1; a hit makes key the most recent.
        return -1

    def put(self, key, value):
        # TODO: store value under key, evicting the least recently used entry.
        pass


def main():
    lines = sys.stdin.read().split("\n")
    capacity, q = map(int, lines[0].split())
    cache = LRUCache(capacity)
    out = []
    for line in lines[1:1 + q]:
        parts = line.split()
        if parts[0] == "PUT":
            cache.put(int(parts[1]), int(parts[2]))
        else:
            out.append(str(cache.get(int(parts[1]))))
    if out:
        print("\n".join(out))


main()
