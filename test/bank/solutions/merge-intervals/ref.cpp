// Merge intervals: sort by start, then extend the last merged interval.
#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    if (!(std::cin >> n))
        return 1;
    std::vector<std::pair<long long, long long>> v(n), merged;
    for (auto &iv : v)
        std::cin >> iv.first >> iv.second;
    std::sort(v.begin(), v.end());
    for (const auto &iv : v) {
        if (!merged.empty() && iv.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, iv.second);
        else
            merged.push_back(iv);
    }
    std::cout << merged.size() << '\n';
    for (const auto &iv : merged)
        std::cout << iv.first << ' ' << iv.second << '\n';
    return 0;
}
