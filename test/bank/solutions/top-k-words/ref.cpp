// Top-k frequent words: count with a hash map, partial sort by (-count, word).
#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, k;
    if (!(std::cin >> n >> k))
        return 1;
    std::unordered_map<std::string, int> counts;
    std::string w;
    for (int i = 0; i < n && std::cin >> w; i++)
        counts[w]++;
    std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
    auto order = [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::size_t top = std::min<std::size_t>(static_cast<std::size_t>(k), v.size());
    std::partial_sort(v.begin(), v.begin() + static_cast<long>(top), v.end(), order);
    for (std::size_t i = 0; i < top; i++)
        std::cout << v[i].first << ' ' << v[i].second << '\n';
    return 0;
}
