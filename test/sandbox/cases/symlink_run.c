/* Tries to plant a symlink to a host file in the box during a run. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	printf("symlink %s\n", symlink("/etc/passwd", "/box/evil") == 0 ? "CREATED" : "denied");
	printf("tmp-symlink %s\n", symlink("/etc/passwd", "/tmp/evil") == 0 ? "created" : "denied");
	return 0;
}
