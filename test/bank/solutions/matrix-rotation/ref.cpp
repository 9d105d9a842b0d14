// Matrix rotation: four rotations are the identity, so rotate k mod 4 times.
#include <iostream>
#include <vector>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    long long k;
    if (!(std::cin >> n >> k))
        return 1;
    std::vector<std::vector<long long>> m(n, std::vector<long long>(n));
    for (auto &row : m)
        for (auto &x : row)
            std::cin >> x;
    for (long long t = 0; t < k % 4; t++) {
        std::vector<std::vector<long long>> r(n, std::vector<long long>(n));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                r[i][j] = m[n - 1 - j][i];
        m.swap(r);
    }
    for (const auto &row : m)
        for (int c = 0; c < n; c++)
            std::cout << row[c] << (c + 1 < n ? ' ' : '\n');
    return 0;
}
