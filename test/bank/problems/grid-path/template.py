import sys


def shortest(grid):
    # TODO: the smallest number of moves from S to E, or -1.
    return -1


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    print(shortest(grid))


main()
