#include <iostream>
#include <vector>

using Matrix = std::vector<std::vector<long long>>;

// TODO: return m rotated clockwise k times.
static Matrix rotate(const Matrix &m, long long k)
{
    return m;
}

int main()
{
    std::ios::sync_with_stdio(false);
    int n;
    long long k;
    if (!(std::cin >> n >> k))
        return 1;
    Matrix m(n, std::vector<long long>(n));
    for (auto &row : m)
        for (auto &x : row)
            std::cin >> x;
    Matrix r = rotate(m, k);
    for (const auto &row : r)
        for (std::size_t c = 0; c < row.size(); c++)
            std::cout << row[c] << (c + 1 < row.size() ? ' ' : '\n');
    return 0;
}
