#include <iostream>
int main() { long a, b; std::cin >> a >> b; volatile long x = 0; while (true) x = x + a; }
