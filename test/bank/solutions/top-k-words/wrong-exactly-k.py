# WRONG on purpose: always prints k lines, padding with empty entries when
# the text has fewer than k distinct words.
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    counts = {}
    for w in data[2:2 + n]:
        counts[w] = counts.get(w, 0) + 1
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    best += [("-", 0)] * (k - len(best))
    sys.stdout.write("".join("%s %d\n" % item for item in best))


main()
