#include <iostream>
#include <string>

// TODO: return true when s is balanced.
static bool balanced(const std::string &s)
{
    return s.empty();
}

int main()
{
    std::ios::sync_with_stdio(false);
    int t;
    if (!(std::cin >> t))
        return 1;
    std::string s;
    while (t-- > 0 && std::cin >> s)
        std::cout << (balanced(s) ? "YES" : "NO") << '\n';
    return 0;
}
