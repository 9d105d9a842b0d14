/* Tries to regain privileges or escape: each attempt must fail. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void)
{
	printf("setuid %s\n", setuid(0) == 0 ? "ROOT" : "denied");
	printf("ptrace-traceme %s\n", ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 ? "ALLOWED" : "denied");
	printf("ptrace-attach %s\n", ptrace(PTRACE_ATTACH, 1, NULL, NULL) == 0 ? "ALLOWED" : "denied");
	printf("mount %s\n", mount("none", "/tmp", "tmpfs", 0, NULL) == 0 ? "MOUNTED" : "denied");
	printf("unshare-user %s\n", unshare(CLONE_NEWUSER) == 0 ? "ALLOWED" : "denied");
	printf("chroot %s\n", chroot("/tmp") == 0 ? "ALLOWED" : "denied");
	printf("bpf %s\n", syscall(SYS_bpf, 0, NULL, 0) >= 0 ? "ALLOWED" : "denied");
	printf("io_uring %s\n", syscall(SYS_io_uring_setup, 1, NULL) >= 0 ? "ALLOWED" : "denied");
	printf("keyctl %s\n", syscall(SYS_keyctl, 0, 0, 0, 0, 0) >= 0 ? "ALLOWED" : "denied");
	printf("clone3 %s\n", syscall(SYS_clone3, NULL, 0) >= 0 ? "ALLOWED" : "denied");
	return 0;
}
