/*
 * seccomp.c
 *    Deny-list seccomp filter for every compile and run.  A deny-list keeps
 *    new glibc versions working; what it refuses is kernel attack surface or
 *    escape routes: ptrace and cross-process memory access, mount and
 *    namespace calls, kexec, modules, bpf, keyrings, io_uring, perf,
 *    userfaultfd, clock/host changes, and sockets other than AF_UNIX.
 *    clone3 answers ENOSYS so libc falls back to clone, whose flags can be
 *    inspected (namespace flags refused).  Foreign-architecture calls
 *    (i386, x32) kill the process.
 *    Built once with libseccomp in the parent (seccomp_export_bpf into a
 *    memfd); children load the raw program with prctl() only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "seccomp.h"

/* Calls refused with EPERM. */
static const char *const denied[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
	"mount", "umount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
	"fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
	"unshare", "setns",
	"kexec_load", "kexec_file_load", "reboot",
	"init_module", "finit_module", "delete_module", "create_module",
	"bpf", "perf_event_open", "userfaultfd", "lookup_dcookie",
	"keyctl", "add_key", "request_key",
	"swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "syslog",
	"open_by_handle_at", "name_to_handle_at", "fanotify_init",
	"settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
	"sethostname", "setdomainname", "vhangup", "iopl", "ioperm",
	"uselib", "nfsservctl", "migrate_pages", "move_pages", "memfd_secret",
	"landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
};

/* Calls refused with ENOSYS, so callers fall back gracefully. */
static const char *const unavailable[] = {
	"clone3", "io_uring_setup", "io_uring_enter", "io_uring_register",
};

/* Namespace flags refused in clone(). */
static const unsigned long clone_ns_flags[] = {
	CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC,
	CLONE_NEWUTS, CLONE_NEWCGROUP, 0x00000080 /* CLONE_NEWTIME */ ,
};

/*
 * The highest syscall number this filter was reviewed against:
 * set_mempolicy_home_node (Linux 5.17). Numbers from 424 on are the same on
 * every architecture, so one bound serves x86_64 and aarch64 alike.
 */
#define SECCOMP_LAST_KNOWN 450

/* x32 calls carry this bit; libseccomp's program kills them (foreign ABI). */
#define SECCOMP_X32_BIT 0x40000000U

/* Instructions of the prefix put in front of libseccomp's program. */
#define PREFIX_LEN 11

/* Low 32 bits of a syscall argument in struct seccomp_data. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#else
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n) + 4)
#endif

/*
 * Fills the prefix: for the native architecture, numbers above
 * SECCOMP_LAST_KNOWN return ENOSYS and personality() other than PER_LINUX or
 * a query returns EPERM; everything else falls through to libseccomp's
 * program (instruction PREFIX_LEN), which checks the architecture itself.
 */
static void
PrefixBuild(struct sock_filter *f, uint32_t arch)
{
	struct sock_filter prefix[PREFIX_LEN] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 11 - 2),
		/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, SECCOMP_X32_BIT, 11 - 4, 0),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, SECCOMP_LAST_KNOWN, 10 - 5, 0),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_personality, 0, 11 - 6),
		/* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0 /* PER_LINUX */ , 11 - 8, 0),
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffU /* query */ , 11 - 9, 0),
		/* 9 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
		/* 10 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
	};

	memcpy(f, prefix, sizeof(prefix));
}

/* Adds one rule; a call unknown to this libseccomp/kernel is skipped. */
static int
AddRule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned int nargs,
		const struct scmp_arg_cmp *arg, char *err, size_t errlen)
{
	int			nr = seccomp_syscall_resolve_name(name);
	int			rc;

	if (nr == __NR_SCMP_ERROR || nr < 0)
		return 0;
	rc = seccomp_rule_add_array(ctx, action, nr, nargs, arg);
	if (rc != 0)
	{
		snprintf(err, errlen, "seccomp_rule_add(%s): %s", name, strerror(-rc));
		return -1;
	}
	return 0;
}

int
seccomp_build(struct sock_fprog *prog, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	struct scmp_arg_cmp cmp;
	struct stat st;
	char	   *buf = NULL;
	size_t		i;
	ssize_t		n;
	int			fd = -1;
	int			rc;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
	{
		snprintf(err, errlen, "seccomp_init: failed");
		return -1;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc != 0)
	{
		snprintf(err, errlen, "seccomp_attr_set(ACT_BADARCH): %s", strerror(-rc));
		goto fail;
	}
	/* no_new_privs is set by the child itself before loading */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc != 0)
	{
		snprintf(err, errlen, "seccomp_attr_set(CTL_NNP): %s", strerror(-rc));
		goto fail;
	}
	/*
	 * A binary tree over the syscall numbers instead of a chain: the kernel
	 * walks the filter for every syscall number when it is loaded (to cache
	 * the calls always allowed), once per run, so a short path matters.
	 */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc != 0)
	{
		snprintf(err, errlen, "seccomp_attr_set(CTL_OPTIMIZE, 2): %s", strerror(-rc));
		goto fail;
	}
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
		if (AddRule(ctx, SCMP_ACT_ERRNO(EPERM), denied[i], 0, NULL, err, errlen) != 0)
			goto fail;
	for (i = 0; i < sizeof(unavailable) / sizeof(unavailable[0]); i++)
		if (AddRule(ctx, SCMP_ACT_ERRNO(ENOSYS), unavailable[i], 0, NULL, err, errlen) != 0)
			goto fail;
	for (i = 0; i < sizeof(clone_ns_flags) / sizeof(clone_ns_flags[0]); i++)
	{
		cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, clone_ns_flags[i], clone_ns_flags[i]);
		if (AddRule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, &cmp, err, errlen) != 0)
			goto fail;
	}
	cmp = SCMP_A0(SCMP_CMP_NE, AF_UNIX);
	if (AddRule(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", 1, &cmp, err, errlen) != 0 ||
		AddRule(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socketpair", 1, &cmp, err, errlen) != 0)
		goto fail;
	/* TIOCSTI pushes input into a terminal */
	cmp = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, 0x5412);
	if (AddRule(ctx, SCMP_ACT_ERRNO(EPERM), "ioctl", 1, &cmp, err, errlen) != 0)
		goto fail;

	fd = memfd_create("interview-seccomp", MFD_CLOEXEC);
	if (fd < 0)
	{
		snprintf(err, errlen, "memfd_create(seccomp): %s", strerror(errno));
		goto fail;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc != 0)
	{
		snprintf(err, errlen, "seccomp_export_bpf: %s", strerror(-rc));
		goto fail;
	}
	if (fstat(fd, &st) != 0)
	{
		snprintf(err, errlen, "fstat(seccomp memfd): %s", strerror(errno));
		goto fail;
	}
	if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) != 0 ||
		st.st_size / sizeof(struct sock_filter) > 4096 - PREFIX_LEN)
	{
		snprintf(err, errlen, "seccomp_export_bpf: unexpected program size %lld",
				 (long long) st.st_size);
		goto fail;
	}
	buf = malloc((size_t) st.st_size + sizeof(struct sock_filter) * PREFIX_LEN);
	if (buf == NULL)
	{
		snprintf(err, errlen, "malloc(seccomp program): out of memory");
		goto fail;
	}
	PrefixBuild((struct sock_filter *) buf, seccomp_arch_native());
	n = pread(fd, buf + sizeof(struct sock_filter) * PREFIX_LEN, (size_t) st.st_size, 0);
	if (n != st.st_size)
	{
		snprintf(err, errlen, "pread(seccomp memfd): %s", n < 0 ? strerror(errno) : "short read");
		goto fail;
	}
	close(fd);
	seccomp_release(ctx);
	prog->len = (unsigned short) (st.st_size / sizeof(struct sock_filter) + PREFIX_LEN);
	prog->filter = (struct sock_filter *) buf;
	return 0;

fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return -1;
}

int
seccomp_load_raw(const struct sock_fprog *prog)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) != 0)
		return -errno;
	return 0;
}
