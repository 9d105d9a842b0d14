#include <iostream>
#include <string>
#include <utility>
#include <vector>

// TODO: the k most frequent words with their counts, by count descending, then alphabetically.
static std::vector<std::pair<std::string, int>> top_k(const std::vector<std::string> &words, int k)
{
    return {};
}

int main()
{
    std::ios::sync_with_stdio(false);
    int n, k;
    if (!(std::cin >> n >> k))
        return 1;
    std::vector<std::string> words(n);
    for (auto &w : words)
        std::cin >> w;
    for (const auto &[word, count] : top_k(words, k))
        std::cout << word << ' ' << count << '\n';
    return 0;
}
