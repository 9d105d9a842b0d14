#include <bits/stdc++.h>
int main() { std::vector<int> v = 3; }
