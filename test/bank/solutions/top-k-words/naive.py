# Top-k frequent words, naive: counts each distinct word by scanning the whole
# text again, O(n * distinct words).
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    words = data[2:2 + n]
    counted = []
    seen = set()
    for w in words:
        if w not in seen:
            seen.add(w)
            counted.append((w, words.count(w)))
    counted.sort(key=lambda item: (-item[1], item[0]))
    for w, c in counted[:k]:
        print(w, c)


main()
