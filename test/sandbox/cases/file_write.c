/* Writes a huge file: the box is read-only, /tmp is private and the file size limit stops it. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
	static char buf[1 << 20];
	int fd = open("/box/big", O_WRONLY | O_CREAT, 0644);
	if (fd >= 0) { printf("box writable\n"); return 0; }
	fd = open("/tmp/interview-sandbox-big", O_WRONLY | O_CREAT, 0644);
	if (fd < 0) { printf("no tmp\n"); return 0; }
	memset(buf, 'y', sizeof(buf));
	for (int i = 0; i < 4096; i++) if (write(fd, buf, sizeof(buf)) < 0) { printf("write failed\n"); return 0; }
	printf("wrote 4 GiB\n");
	return 0;
}
