# WRONG on purpose: breaks ties by length first, so "b" comes before "ab".
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    counts = {}
    for w in data[2:2 + n]:
        counts[w] = counts.get(w, 0) + 1
    best = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[:k]
    sys.stdout.write("".join("%s %d\n" % item for item in best))


main()
