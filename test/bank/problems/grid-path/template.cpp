#include <iostream>
#include <string>
#include <vector>

// TODO: the smallest number of moves from S to E, or -1.
static long shortest(const std::vector<std::string> &grid)
{
    return -1;
}

int main()
{
    std::ios::sync_with_stdio(false);
    int rows, cols;
    if (!(std::cin >> rows >> cols))
        return 1;
    std::vector<std::string> grid(rows);
    for (auto &row : grid)
        std::cin >> row;
    std::cout << shortest(grid) << '\n';
    return 0;
}
