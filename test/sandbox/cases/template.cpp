// Instantiates about 200,000 distinct templates at compile time.
template <int N, int M> struct T { static constexpr unsigned long long v = T<N - 1, M>::v * 3 + T<N, M - 1>::v; };
template <int M> struct T<0, M> { static constexpr unsigned long long v = 1; };
template <int N> struct T<N, 0> { static constexpr unsigned long long v = 1; };
int main() { return (int) (T<440, 440>::v & 1); }
