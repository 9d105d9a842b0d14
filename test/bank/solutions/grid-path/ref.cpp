// Shortest path on a grid: breadth-first search from S.
#include <iostream>
#include <queue>
#include <string>
#include <vector>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int rows, cols;
    if (!(std::cin >> rows >> cols))
        return 1;
    std::vector<std::string> grid(rows);
    for (auto &row : grid)
        std::cin >> row;
    std::vector<std::vector<int>> dist(rows, std::vector<int>(cols, -1));
    std::queue<std::pair<int, int>> queue;
    int gr = 0, gc = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            if (grid[r][c] == 'S') {
                dist[r][c] = 0;
                queue.push({r, c});
            } else if (grid[r][c] == 'E') {
                gr = r;
                gc = c;
            }
        }
    const int dr[4] = {1, -1, 0, 0}, dc[4] = {0, 0, 1, -1};
    while (!queue.empty() && dist[gr][gc] < 0) {
        auto [r, c] = queue.front();
        queue.pop();
        for (int k = 0; k < 4; k++) {
            int rr = r + dr[k], cc = c + dc[k];
            if (rr >= 0 && rr < rows && cc >= 0 && cc < cols && grid[rr][cc] != '#' && dist[rr][cc] < 0) {
                dist[rr][cc] = dist[r][c] + 1;
                queue.push({rr, cc});
            }
        }
    }
    std::cout << dist[gr][gc] << '\n';
    return 0;
}
