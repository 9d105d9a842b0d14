#include <iostream>
#include <string>

// TODO: the length of the longest substring of s without repeated characters.
static std::size_t longest(const std::string &s)
{
    return s.empty() ? 0 : 1;
}

int main()
{
    std::string s;
    if (!(std::cin >> s))
        return 1;
    std::cout << longest(s) << '\n';
    return 0;
}
