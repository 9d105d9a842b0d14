/* Makes the compiler read an endless device. */
#include "/dev/urandom"
int main(void) { return 0; }
