// LRU cache: a hash map of keys to positions in a list in recency order.
#include <iostream>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int capacity, q;
    if (!(std::cin >> capacity >> q))
        return 1;
    std::list<std::pair<long long, long long>> order; // most recent first
    std::unordered_map<long long, decltype(order)::iterator> where;
    where.reserve(static_cast<std::size_t>(capacity) * 2);
    std::string op;
    long long key, value;
    for (int i = 0; i < q && std::cin >> op >> key; i++) {
        auto it = where.find(key);
        if (op == "PUT") {
            std::cin >> value;
            if (it != where.end()) {
                it->second->second = value;
                order.splice(order.begin(), order, it->second);
                continue;
            }
            if (static_cast<int>(order.size()) >= capacity) {
                where.erase(order.back().first);
                order.pop_back();
            }
            order.emplace_front(key, value);
            where[key] = order.begin();
        } else if (it != where.end()) {
            order.splice(order.begin(), order, it->second);
            std::cout << it->second->second << '\n';
        } else {
            std::cout << -1 << '\n';
        }
    }
    return 0;
}
