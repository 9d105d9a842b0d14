/* Leaves a detached child behind; it must be gone when the run ends. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	if (fork() == 0) { setsid(); for (;;) pause(); }
	printf("3\n");
	return 0;
}
