#include <iostream>
#include <vector>

int main()
{
    std::ios::sync_with_stdio(false);
    int n;
    long long target;
    if (!(std::cin >> n >> target))
        return 1;
    std::vector<long long> a(n);
    for (auto &x : a)
        std::cin >> x;

    // TODO: find i < j with a[i] + a[j] == target (smallest j, then smallest i).
    int i = -1, j = -1;

    if (i < 0)
        std::cout << -1 << '\n';
    else
        std::cout << i << ' ' << j << '\n';
    return 0;
}
