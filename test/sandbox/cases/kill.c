/* Signals everything it can reach, its parent and pid 1; must only hurt itself. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	kill(-1, SIGKILL);
	kill(getppid(), SIGKILL);
	kill(1, SIGKILL);
	printf("alive\n");
	return 0;
}
