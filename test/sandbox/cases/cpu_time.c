/* Burns 300 ms of CPU in each of two processes: the cgroup must count both. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static void Burn(void) { while ((double) clock() / CLOCKS_PER_SEC < 0.3) ; }
int main(void)
{
	pid_t p = fork();
	Burn();
	if (p == 0) _exit(0);
	waitpid(p, NULL, 0);
	printf("done\n");
	return 0;
}
