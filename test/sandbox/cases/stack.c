/* Unbounded recursion: the stack limit must end it with SIGSEGV. */
#include <stdio.h>
static int Deep(int n) { volatile char pad[4096]; pad[0] = (char) n; return Deep(n + 1) + pad[0]; }
int main(void) { printf("%d\n", Deep(0)); return 0; }
