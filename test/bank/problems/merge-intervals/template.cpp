#include <iostream>
#include <utility>
#include <vector>

using Interval = std::pair<long long, long long>;

// TODO: return the merged intervals sorted by start.
static std::vector<Interval> merge(std::vector<Interval> v)
{
    return v;
}

int main()
{
    std::ios::sync_with_stdio(false);
    int n;
    if (!(std::cin >> n))
        return 1;
    std::vector<Interval> v(n);
    for (auto &iv : v)
        std::cin >> iv.first >> iv.second;
    auto merged = merge(v);
    std::cout << merged.size() << '\n';
    for (const auto &iv : merged)
        std::cout << iv.first << ' ' << iv.second << '\n';
    return 0;
}
