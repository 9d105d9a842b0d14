/* Looks for host secrets: shadow, home directories, the database's files, the judge's
 * environment (a marker the test sets) and another box's directory (path on stdin). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
extern char **environ;
static const char *Try(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) return "denied";
	close(fd);
	return "READABLE";
}
int main(void)
{
	char other[4096] = "";
	int marker = 0, nenv = 0;
	DIR *d;
	struct dirent *de;
	if (scanf("%4095s", other) != 1) return 1;
	printf("shadow %s\n", Try("/etc/shadow"));
	printf("gshadow %s\n", Try("/etc/gshadow"));
	printf("root %s\n", Try("/root"));
	printf("home %s\n", Try("/home"));
	printf("postgres %s\n", Try("/var/lib/postgresql"));
	printf("work %s\n", Try("/work"));
	printf("other-box %s\n", Try(other));
	printf("init-environ %s\n", Try("/proc/1/environ"));
	d = opendir("/proc");
	while (d != NULL && (de = readdir(d)) != NULL) {
		char path[512], buf[65536];
		ssize_t n;
		int fd;
		snprintf(path, sizeof(path), "/proc/%s/environ", de->d_name);
		if ((fd = open(path, O_RDONLY)) < 0) continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0 && memmem(buf, (size_t) n, "SANDBOX_SECRET", 14) != NULL) marker = 1;
	}
	for (char **e = environ; *e != NULL; e++) {
		nenv++;
		if (strstr(*e, "SANDBOX_SECRET") != NULL || strncmp(*e, "PG", 2) == 0) marker = 1;
	}
	printf("judge-environ %s\n", marker ? "LEAKED" : "hidden");
	printf("environment %s\n", nenv <= 4 ? "minimal" : "LARGE");
	return 0;
}
