/* Starts up to 1000 threads; the process limit must stop it well before. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *Idle(void *arg) { (void) arg; pause(); return NULL; }
int main(void)
{
	int n = 0;
	pthread_t t;
	while (n < 1000 && pthread_create(&t, NULL, Idle, NULL) == 0)
		n++;
	printf("%s\n", n < 100 ? "limited" : "unlimited");
	fflush(stdout);
	_exit(0);
}
