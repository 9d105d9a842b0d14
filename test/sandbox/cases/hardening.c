/* Probes the sandbox's hardening: personality, unknown syscall numbers, the
 * cgroup namespace, nested read-only mounts, and which host directories of
 * /usr a C program sees (its toolchain's only). One line per probe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* "denied" when personality(persona) fails with EPERM. */
static const char *
persona(unsigned long p)
{
	return personality(p) == -1 && errno == EPERM ? "denied" : "ALLOWED";
}

/* "enosys" when syscall nr answers ENOSYS: the filter, not the kernel's argument checks. */
static const char *
unknown(long nr)
{
	return syscall(nr, -1L, -1L, -1L, -1L) == -1 && errno == ENOSYS ? "enosys" : "REACHED";
}

/* "absent" when path does not exist in the box. */
static const char *
absent(const char *path)
{
	struct stat st;

	return stat(path, &st) != 0 && errno == ENOENT ? "absent" : "VISIBLE";
}

int
main(void)
{
	char		line[256] = "";
	FILE	   *f;
	int			fd;
	int			roots = 0,
				bad = 0;

	printf("personality-query %s\n", personality(0xffffffff) != -1 ? "ok" : "FAILED");
	printf("personality-linux %s\n", personality(PER_LINUX) != -1 ? "ok" : "FAILED");
	printf("personality-no-aslr %s\n", persona(PER_LINUX | ADDR_NO_RANDOMIZE));
	printf("personality-linux32 %s\n", persona(PER_LINUX32));
	printf("personality-read-implies-exec %s\n", persona(READ_IMPLIES_EXEC));
	printf("syscall-451 %s\n", unknown(451));	/* cachestat, Linux 6.5 */
	printf("syscall-462 %s\n", unknown(462));	/* mseal, Linux 6.10 */
	printf("getpid %s\n", syscall(SYS_getpid) > 0 ? "ok" : "FAILED");
	/* one line per hierarchy (v1) or "0::/path" (v2): every path must be "/" */
	f = fopen("/proc/self/cgroup", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
	{
		line[strcspn(line, "\n")] = '\0';
		if (strrchr(line, ':') == NULL || strcmp(strrchr(line, ':'), ":/") != 0)
		{
			bad = 1;
			printf("cgroup-path %s\n", line);
		}
		else
			roots++;
	}
	printf("cgroup %s\n", roots > 0 && !bad ? "root" : "NOT-ROOT");
	fd = open("/usr/share/zoneinfo/Etc/probe", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	printf("nested-mount %s\n", fd < 0 && errno == EROFS ? "read-only" : fd >= 0 ? "WRITTEN" : strerror(errno));
	printf("usr-bin %s\n", absent("/usr/bin/sh")[0] == 'a' ? "MISSING" : "bound");
	printf("usr-local %s\n", absent("/usr/local/bin"));
	printf("usr-lib-jvm %s\n", absent("/usr/lib/jvm"));
	printf("usr-lib-ghc %s\n", absent("/usr/lib/ghc"));
	printf("usr-share-doc %s\n", absent("/usr/share/doc"));
	return 0;
}
