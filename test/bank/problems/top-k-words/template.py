import sys


def top_k(words, k):
    # TODO: return the k most frequent (word, count) pairs,
    # by count descending, then alphabetically.
    return []


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    for word, count in top_k(data[2:2 + n], k):
        print(word, count)


main()
