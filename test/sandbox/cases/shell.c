/* Runs /bin/sh: it works, but inside the sandbox. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	fflush(stdout);
	return system("echo hi; id -u; ls /root /home /var 2>/dev/null | wc -l; hostname") == 0 ? 0 : 1;
}
