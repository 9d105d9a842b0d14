# WRONG on purpose: keeps only the first 16 letters of a word (a fixed
# buffer too short for the 20 the statement allows), so long words merge.
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    counts = {}
    for w in data[2:2 + n]:
        w = w[:16]
        counts[w] = counts.get(w, 0) + 1
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    sys.stdout.write("".join("%s %d\n" % item for item in best))


main()
