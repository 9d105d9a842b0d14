#include <iostream>
#include <stdexcept>
int main() { long a, b; std::cin >> a >> b; throw std::runtime_error("boom"); }
