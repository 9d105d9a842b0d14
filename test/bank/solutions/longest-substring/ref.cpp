// Longest substring without repeats: a sliding window and each character's last position.
#include <array>
#include <iostream>
#include <string>

int main()
{
    std::string s;
    if (!(std::cin >> s))
        return 1;
    std::array<long, 256> last;
    last.fill(-1);
    long start = 0, best = 0;
    for (long i = 0; i < static_cast<long>(s.size()); i++) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        if (last[ch] >= start)
            start = last[ch] + 1;
        last[ch] = i;
        best = std::max(best, i - start + 1);
    }
    std::cout << best << '\n';
    return 0;
}
