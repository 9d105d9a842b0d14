/* Tries the database port on 127.0.0.1, a listener the test runs, an outside address,
 * the PostgreSQL unix socket and raw/netlink sockets; prints one line per attempt. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
static const char *Tcp(int family, const char *addr, int port)
{
	int s = socket(family, SOCK_STREAM, 0);
	if (s < 0) return "blocked";
	if (family == AF_INET) {
		struct sockaddr_in a = {0};
		a.sin_family = AF_INET; a.sin_port = htons((unsigned short) port);
		inet_pton(AF_INET, addr, &a.sin_addr);
		if (connect(s, (struct sockaddr *) &a, sizeof(a)) == 0) return "CONNECTED";
	} else {
		struct sockaddr_in6 a = {0};
		a.sin6_family = AF_INET6; a.sin6_port = htons((unsigned short) port);
		inet_pton(AF_INET6, addr, &a.sin6_addr);
		if (connect(s, (struct sockaddr *) &a, sizeof(a)) == 0) return "CONNECTED";
	}
	close(s);
	return "blocked";
}
int main(void)
{
	int port = 0, pgport = 5432, sv[2];
	char path[108];
	if (scanf("%d %d", &port, &pgport) != 2) return 1;
	printf("listener %s\n", Tcp(AF_INET, "127.0.0.1", port));
	printf("database %s\n", Tcp(AF_INET, "127.0.0.1", pgport));
	printf("outside %s\n", Tcp(AF_INET, "1.1.1.1", 53));
	printf("ipv6 %s\n", Tcp(AF_INET6, "::1", pgport));
	printf("netlink %s\n", socket(AF_NETLINK, SOCK_RAW, 0) < 0 ? "blocked" : "OPEN");
	printf("packet %s\n", socket(AF_PACKET, SOCK_RAW, 0) < 0 ? "blocked" : "OPEN");
	{
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		struct sockaddr_un a = {0};
		a.sun_family = AF_UNIX;
		snprintf(path, sizeof(path), "/var/run/postgresql/.s.PGSQL.%d", pgport);
		snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
		printf("unix-db %s\n", s >= 0 && connect(s, (struct sockaddr *) &a, sizeof(a)) == 0 ? "CONNECTED" : "blocked");
	}
	printf("socketpair %s\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 ? "works" : "FAILED");
	return 0;
}
