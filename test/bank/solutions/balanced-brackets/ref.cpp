// Balanced brackets: a stack of the expected closing brackets.
#include <iostream>
#include <string>

// Whether s is balanced.
static bool balanced(const std::string &s)
{
    std::string stack;
    for (char ch : s) {
        if (ch == '(') stack.push_back(')');
        else if (ch == '[') stack.push_back(']');
        else if (ch == '{') stack.push_back('}');
        else if (stack.empty() || stack.back() != ch) return false;
        else stack.pop_back();
    }
    return stack.empty();
}

int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int t;
    if (!(std::cin >> t))
        return 1;
    std::string s;
    while (t-- > 0 && std::cin >> s)
        std::cout << (balanced(s) ? "YES" : "NO") << '\n';
    return 0;
}
