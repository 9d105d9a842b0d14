// Two Sum: one pass with a hash map from value to its first position.
#include <iostream>
#include <unordered_map>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    long long target;
    if (!(std::cin >> n >> target))
        return 1;
    std::unordered_map<long long, int> first;
    first.reserve(static_cast<size_t>(n) * 2);
    for (int j = 0; j < n; j++) {
        long long x;
        std::cin >> x;
        auto it = first.find(target - x);
        if (it != first.end()) {
            std::cout << it->second << ' ' << j << '\n';
            return 0;
        }
        first.emplace(x, j);
    }
    std::cout << -1 << '\n';
    return 0;
}
