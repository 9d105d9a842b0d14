#include <iostream>
#include <string>

class LRUCache {
public:
    explicit LRUCache(int capacity) : capacity_(capacity) {}

    // TODO: the cached value of key, or -1; a hit makes key the most recent.
    long long get(long long key) { return -1; }

    // TODO: store value under key, evicting the least recently used entry.
    void put(long long key, long long value) {}

private:
    int capacity_;
};

int main()
{
    std::ios::sync_with_stdio(false);
    int capacity, q;
    if (!(std::cin >> capacity >> q))
        return 1;
    LRUCache cache(capacity);
    std::string op;
    long long key, value;
    for (int i = 0; i < q && std::cin >> op >> key; i++) {
        if (op == "PUT") {
            std::cin >> value;
            cache.put(key, value);
        } else {
            std::cout << cache.get(key) << '\n';
        }
    }
    return 0;
}
