import sys


def balanced(s):
    # TODO: return True when s is balanced.
    return False


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    out = ["YES" if balanced(s) else "NO" for s in data[1:1 + t]]
    print("\n".join(out))


main()
