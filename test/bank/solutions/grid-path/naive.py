# Shortest path on a grid, naive: sweeps the whole grid relaxing distances until
# nothing changes; one sweep per turn of a winding path, O((R*C)^2) at worst.
import sys


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    inf = rows * cols + 1
    dist = [[inf] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "S":
                dist[r][c] = 0
            if grid[r][c] == "E":
                goal = (r, c)
    changed = True
    while changed:
        changed = False
        for r in range(rows):
            for c in range(cols):
                if grid[r][c] == "#":
                    continue
                best = dist[r][c]
                for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    rr, cc = r + dr, c + dc
                    if 0 <= rr < rows and 0 <= cc < cols and dist[rr][cc] + 1 < best:
                        best = dist[rr][cc] + 1
                if best < dist[r][c]:
                    dist[r][c] = best
                    changed = True
    d = dist[goal[0]][goal[1]]
    print(d if d < inf else -1)


main()
