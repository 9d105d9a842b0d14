/*
 * sandbox-setup.c
 *    What the sandbox makes once, before any run (sandbox_init): the mount
 *    plan and the template mount namespace holding the minimal root
 *    (read-only binds of the base directories of /usr the language file
 *    names, or all of /usr, the /lib* links, a few /etc files, /dev/null
 *    and friends, read-only down to every nested mount; every run's mount
 *    namespace is a copy of it) and one template per language with its
 *    toolchain's directories added (sandbox_template_create), the sealed
 *    memfd holding sandbox-init, the seccomp filter and the cgroup setup;
 *    and the per-worker empty network namespaces (sandbox_netns_create).
 *
 *    The template is built by a child (async-signal-safe calls only) that
 *    reports a failure like a run's children do (sandbox-child.h).  The
 *    SandboxConfig filled here is read-only afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"
#include "sandbox.h"
#include "sandbox-child.h"
#include "sandbox-init-bin.h"
#include "seccomp.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U		/* linux/memfd.h, 6.3 */
#endif

/*
 * Makes a bind mount and every mount below it read-only, nosuid, nodev
 * (mount_setattr with AT_RECURSIVE, Linux 5.12): a host mount nested under
 * /usr would otherwise stay writable in the box. Kernels without
 * mount_setattr get the top mount only (child, async-signal-safe).
 */
static int
RemountRo(const char *dst)
{
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
	};

	if (syscall(SYS_mount_setattr, AT_FDCWD, dst, AT_RECURSIVE, &attr, sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	return mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

/* Creates an empty file as a bind target. */
static int
CreateTarget(const char *dst)
{
	int			fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Creates the missing directories above dst below the new root (child, async-signal-safe). */
static int
MkdirParents(const SandboxConfig *cfg, const char *dst)
{
	char		path[PATH_MAX];
	size_t		i = strlen(cfg->newroot) + 1,
				len = strlen(dst);

	if (len >= sizeof(path))
		return -1;
	memcpy(path, dst, len + 1);
	for (; i < len; i++)
		if (path[i] == '/')
		{
			path[i] = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				return -1;
			path[i] = '/';
		}
	return 0;
}

/*
 * Builds the minimal root and pivots into it: the template every run's mount
 * namespace is copied from.  /proc, /tmp and /box are only mount points here;
 * each run mounts its own (child, async-signal-safe).
 */
static void
ChildBuildRoot(const SandboxConfig *cfg, int fd)
{
	int			i;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		sandbox_child_fail(fd, ST_PRIVATE, -1, errno);
	if (mount("box", cfg->newroot, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=512,mode=755") != 0)
		sandbox_child_fail(fd, ST_ROOT_TMPFS, -1, errno);
	for (i = 0; i < cfg->nmounts; i++)
	{
		const SandboxMount *m = &cfg->mounts[i];
		const char *dst = m->dst;

		if (MkdirParents(cfg, dst) != 0)
			sandbox_child_fail(fd, ST_MKDIR, i, errno);
		switch (m->kind)
		{
			case SM_SYMLINK:
				if (symlink(m->src, dst) != 0)
					sandbox_child_fail(fd, ST_SYMLINK, i, errno);
				break;
			case SM_BIND_DIR:
				/* may exist when bound inside another bind */
				if (mkdir(dst, 0755) != 0 && errno != EEXIST)
					sandbox_child_fail(fd, ST_MKDIR, i, errno);
				break;
			case SM_MKDIR:
			case SM_PROC:
			case SM_TMP:
			case SM_BOX:
				if (mkdir(dst, 0755) != 0)
					sandbox_child_fail(fd, ST_MKDIR, i, errno);
				break;
			case SM_BIND_FILE:
			case SM_BIND_DEV:
				if (CreateTarget(dst) != 0)
					sandbox_child_fail(fd, ST_CREATE, i, errno);
				break;
		}
		switch (m->kind)
		{
			case SM_MKDIR:
			case SM_SYMLINK:
				break;
			case SM_BIND_DIR:
			case SM_BIND_FILE:
				if (mount(m->src, dst, NULL, MS_BIND | MS_REC, NULL) != 0)
					sandbox_child_fail(fd, ST_BIND, i, errno);
				if (RemountRo(dst) != 0)
					sandbox_child_fail(fd, ST_REMOUNT, i, errno);
				break;
			case SM_BIND_DEV:
				if (mount(m->src, dst, NULL, MS_BIND, NULL) != 0)
					sandbox_child_fail(fd, ST_BIND, i, errno);
				if (mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC, NULL) != 0)
					sandbox_child_fail(fd, ST_REMOUNT, i, errno);
				break;
			case SM_PROC:
			case SM_TMP:
			case SM_BOX:
				break;
		}
	}
	if (chdir(cfg->newroot) != 0)
		sandbox_child_fail(fd, ST_CHDIR_ROOT, -1, errno);
	if (syscall(SYS_pivot_root, ".", ".") != 0)
		sandbox_child_fail(fd, ST_PIVOT, -1, errno);
	if (umount2(".", MNT_DETACH) != 0)
		sandbox_child_fail(fd, ST_UMOUNT_OLD, -1, errno);
	if (chdir("/") != 0)
		sandbox_child_fail(fd, ST_CHDIR_SLASH, -1, errno);
	if (mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
		sandbox_child_fail(fd, ST_RO_ROOT, -1, errno);
}

/* Builds the template mount namespace (cfg->mntns_fd holds it open). 0 ok. */
static int
TemplateCreate(SandboxConfig *cfg, char *err, size_t errlen)
{
	int			status_pipe[2],
				sync[2];
	long		pid;
	ChildMsg	m;
	ssize_t		r;
	char		path[64],
				c;
	int			status,
				rc = -1;

	if (pipe2(status_pipe, O_CLOEXEC) != 0)
	{
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		return -1;
	}
	if (pipe2(sync, O_CLOEXEC) != 0)
	{
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		close(status_pipe[0]);
		close(status_pipe[1]);
		return -1;
	}
	pid = syscall(SYS_clone, (unsigned long) (CLONE_NEWNS | SIGCHLD), NULL, NULL, NULL, 0);
	if (pid < 0)
	{
		snprintf(err, errlen, "clone(CLONE_NEWNS): %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
	{
		close(status_pipe[0]);
		close(sync[1]);
		ChildBuildRoot(cfg, status_pipe[1]);
		memset(&m, 0, sizeof(m));
		m.kind = MSG_HELLO;
		if (write(status_pipe[1], &m, sizeof(m)) != (ssize_t) sizeof(m))
			_exit(125);
		/* hold the namespace until the parent has opened it */
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(status_pipe[1]);
	status_pipe[1] = -1;
	close(sync[0]);
	sync[0] = -1;
	while ((r = read(status_pipe[0], &m, sizeof(m))) < 0 && errno == EINTR)
		;
	if (r != (ssize_t) sizeof(m))
		snprintf(err, errlen, "sandbox template: read(status pipe): %s",
				 r < 0 ? strerror(errno) : "child ended early");
	else if (m.kind == MSG_ERROR)
		sandbox_child_error(cfg, &m, err, errlen);
	else
	{
		snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", pid);
		cfg->mntns_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (cfg->mntns_fd < 0)
			snprintf(err, errlen, "open(%s): %s", path, strerror(errno));
		else
			rc = 0;
	}
	close(sync[1]);
	sync[1] = -1;
	while (waitpid((pid_t) pid, &status, 0) < 0)
		if (errno != EINTR)
		{
			snprintf(err, errlen, "waitpid(sandbox template): %s", strerror(errno));
			rc = -1;
			break;
		}
out:
	if (status_pipe[0] >= 0)
		close(status_pipe[0]);
	if (status_pipe[1] >= 0)
		close(status_pipe[1]);
	if (sync[0] >= 0)
		close(sync[0]);
	if (sync[1] >= 0)
		close(sync[1]);
	return rc;
}

int
sandbox_netns_create(char *err, size_t errlen)
{
	int			sync[2];
	long		pid;
	char		path[64],
				c;
	int			fd,
				status;

	if (pipe2(sync, O_CLOEXEC) != 0)
	{
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		return -1;
	}
	pid = syscall(SYS_clone, (unsigned long) (CLONE_NEWNET | SIGCHLD), NULL, NULL, NULL, 0);
	if (pid < 0)
	{
		snprintf(err, errlen, "clone(CLONE_NEWNET): %s", strerror(errno));
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	if (pid == 0)
	{
		/* hold the namespace until the parent has opened it */
		close(sync[1]);
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(sync[0]);
	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "open(%s): %s", path, strerror(errno));
	close(sync[1]);
	while (waitpid((pid_t) pid, &status, 0) < 0)
		if (errno != EINTR)
		{
			snprintf(err, errlen, "waitpid(netns holder): %s", strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
	return fd;
}

/* Writes all of sandbox-init to fd; 0, or -1 with err naming what. */
static int
InitBinaryWrite(int fd, const char *what, char *err, size_t errlen)
{
	size_t		off = 0;

	while (off < sizeof(sandbox_init_bin))
	{
		ssize_t		n = write(fd, sandbox_init_bin + off, sizeof(sandbox_init_bin) - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
		{
			snprintf(err, errlen, "write(%s): %s", what, n < 0 ? strerror(errno) : "short write");
			return -1;
		}
		off += (size_t) n;
	}
	return 0;
}

/*
 * Fallback when the kernel refuses executable memfds (vm.memfd_noexec = 2):
 * sandbox-init written to box_root/<pid>.sandbox-init (root only, like the
 * whole box root; a name of this process's own, so judges sharing a box root
 * never touch each other's), opened read-only and unlinked at once: pid 1 of
 * every run execs the open file.  A judge that dies in between leaves the
 * file to the next judge's box_remove_stale.
 */
static int
InitBinaryFile(SandboxConfig *cfg, char *err, size_t errlen)
{
	struct statvfs sv;
	char		name[48];
	int			fd;

	if (fstatvfs(cfg->box_root_fd, &sv) != 0)
	{
		snprintf(err, errlen, "fstatvfs(%s): %s", cfg->box_root, strerror(errno));
		return -1;
	}
	if (sv.f_flag & ST_NOEXEC)
	{
		snprintf(err, errlen, "box root %s: mounted noexec, and memfds may not be executed "
				 "(vm.memfd_noexec): nowhere to run sandbox-init from", cfg->box_root);
		return -1;
	}
	snprintf(name, sizeof(name), "%ld.sandbox-init", (long) getpid());
	if (unlinkat(cfg->box_root_fd, name, 0) != 0 && errno != ENOENT)
	{
		snprintf(err, errlen, "unlink(%s/%s): %s", cfg->box_root, name, strerror(errno));
		return -1;
	}
	fd = openat(cfg->box_root_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0500);
	if (fd < 0)
	{
		snprintf(err, errlen, "open(%s/%s): %s", cfg->box_root, name, strerror(errno));
		return -1;
	}
	if (InitBinaryWrite(fd, name, err, errlen) != 0)
	{
		close(fd);
		unlinkat(cfg->box_root_fd, name, 0);
		return -1;
	}
	if (close(fd) != 0)
	{
		snprintf(err, errlen, "close(%s/%s): %s", cfg->box_root, name, strerror(errno));
		unlinkat(cfg->box_root_fd, name, 0);
		return -1;
	}
	/* read-only from now on: a writable fd would make execveat fail with ETXTBSY */
	cfg->init_fd = openat(cfg->box_root_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (cfg->init_fd < 0)
	{
		snprintf(err, errlen, "open(%s/%s): %s", cfg->box_root, name, strerror(errno));
		unlinkat(cfg->box_root_fd, name, 0);
		return -1;
	}
	if (unlinkat(cfg->box_root_fd, name, 0) != 0)
	{
		snprintf(err, errlen, "unlink(%s/%s): %s", cfg->box_root, name, strerror(errno));
		return -1;
	}
	fprintf(stderr, "interview-judge: sandbox: executable memfds refused (vm.memfd_noexec); "
			"sandbox-init runs from an unlinked file of %s\n", cfg->box_root);
	return 0;
}

/* Puts the embedded sandbox-init in a sealed memfd that pid 1 of every run execs. 0 ok. */
static int
InitBinaryCreate(SandboxConfig *cfg, char *err, size_t errlen)
{
	int			fd;

	/* executable even where vm.memfd_noexec = 1 seals new memfds noexec */
	fd = memfd_create("interview-sandbox-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EACCES)	/* vm.memfd_noexec = 2 */
		return InitBinaryFile(cfg, err, errlen);
	if (fd < 0 && errno == EINVAL)	/* kernels before 6.3 know no MFD_EXEC */
		fd = memfd_create("interview-sandbox-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
	{
		snprintf(err, errlen, "memfd_create(interview-sandbox-init): %s", strerror(errno));
		return -1;
	}
	if (InitBinaryWrite(fd, "interview-sandbox-init memfd", err, errlen) != 0)
	{
		close(fd);
		return -1;
	}
	if (fchmod(fd, 0500) != 0)
	{
		snprintf(err, errlen, "fchmod(interview-sandbox-init memfd, 0500): %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
	{
		snprintf(err, errlen, "fcntl(interview-sandbox-init memfd, F_ADD_SEALS): %s", strerror(errno));
		close(fd);
		return -1;
	}
	cfg->init_fd = fd;
	return 0;
}

/* Adds one entry to the mount plan. */
static int
PlanAdd(SandboxConfig *cfg, SandboxMountKind kind, const char *src, const char *rel,
		char *err, size_t errlen)
{
	SandboxMount *m;

	if (cfg->nmounts >= SANDBOX_MAX_MOUNTS)
	{
		snprintf(err, errlen, "sandbox mount plan: too many entries");
		return -1;
	}
	m = &cfg->mounts[cfg->nmounts++];
	m->kind = kind;
	snprintf(m->src, sizeof(m->src), "%s", src ? src : "");
	snprintf(m->dst, sizeof(m->dst), "%s/%s", cfg->newroot, rel);
	return 0;
}

/* Mirrors a top-level host entry (/bin, /lib64, ...) as symlink or read-only bind. */
static int
PlanHostEntry(SandboxConfig *cfg, const char *name, int required, char *err, size_t errlen)
{
	char		path[PATH_MAX],
				target[PATH_MAX];
	struct stat sb;
	ssize_t		n;

	snprintf(path, sizeof(path), "/%s", name);
	if (lstat(path, &sb) != 0)
	{
		if (errno == ENOENT && !required)
			return 0;
		snprintf(err, errlen, "lstat(%s): %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(sb.st_mode))
	{
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
		{
			snprintf(err, errlen, "readlink(%s): %s", path, strerror(errno));
			return -1;
		}
		target[n] = '\0';
		return PlanAdd(cfg, SM_SYMLINK, target, name, err, errlen);
	}
	if (S_ISDIR(sb.st_mode))
		return PlanAdd(cfg, SM_BIND_DIR, path, name, err, errlen);
	if (S_ISREG(sb.st_mode))
		return PlanAdd(cfg, SM_BIND_FILE, path, name, err, errlen);
	if (S_ISCHR(sb.st_mode))
		return PlanAdd(cfg, SM_BIND_DEV, path, name, err, errlen);
	return 0;
}

int
sandbox_template_create(const SandboxConfig *cfg, char *const *binds, int *fd, char *err, size_t errlen)
{
	SandboxConfig *t = malloc(sizeof(SandboxConfig));
	int			rc = -1;

	*fd = -1;
	if (t == NULL)
	{
		snprintf(err, errlen, "malloc(sandbox template): out of memory");
		return -1;
	}
	memcpy(t, cfg, sizeof(*t));
	t->mntns_fd = -1;
	for (; binds != NULL && *binds != NULL; binds++)
		if (PlanHostEntry(t, *binds + 1, 1, err, errlen) != 0)
			goto out;
	if (TemplateCreate(t, err, errlen) != 0)
		goto out;
	*fd = t->mntns_fd;
	if (*fd == 0)				/* 0 means "the base template" to sandbox_run */
	{
		*fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
		close(0);
		if (*fd < 0)
		{
			snprintf(err, errlen, "fcntl(F_DUPFD_CLOEXEC): %s", strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	free(t);
	return rc;
}

int
sandbox_init(SandboxConfig *cfg, const char *box_root, char *const *binds, char *err, size_t errlen)
{
	static const char *const top[] = {"bin", "sbin", "lib", "lib32", "lib64", "libx32"};
	static const char *const etc[] = {"ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
	"localtime", "nsswitch.conf", "host.conf", "protocols", "services"};
	static const char *const dev[] = {"null", "zero", "full", "random", "urandom"};
	static const char *const devlinks[][2] = {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}};
	struct stat sb;
	char		rootname[32];
	size_t		i;
	int			fd;

	memset(cfg, 0, sizeof(*cfg));
	cfg->box_root_fd = -1;
	cfg->mntns_fd = -1;
	cfg->init_fd = -1;
	if (box_root == NULL || box_root[0] != '/' || strlen(box_root) > 512)
	{
		snprintf(err, errlen, "box root %s: must be an absolute path of at most 512 bytes",
				 box_root != NULL ? box_root : "(null)");
		return -1;
	}
	snprintf(cfg->box_root, sizeof(cfg->box_root), "%s", box_root);
	if (mkdir(box_root, 0700) != 0 && errno != EEXIST)
	{
		snprintf(err, errlen, "mkdir(%s): %s", box_root, strerror(errno));
		return -1;
	}
	cfg->box_root_fd = open(box_root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (cfg->box_root_fd < 0)
	{
		snprintf(err, errlen, "open(%s): %s", box_root, strerror(errno));
		return -1;
	}
	if (fstat(cfg->box_root_fd, &sb) != 0)
	{
		snprintf(err, errlen, "fstat(%s): %s", box_root, strerror(errno));
		return -1;
	}
	if (sb.st_uid != 0 && fchown(cfg->box_root_fd, 0, 0) != 0)
	{
		snprintf(err, errlen, "fchown(%s, 0, 0): %s", box_root, strerror(errno));
		return -1;
	}
	/* nobody but root may list or enter the tree of boxes */
	if (fchmod(cfg->box_root_fd, 0700) != 0)
	{
		snprintf(err, errlen, "fchmod(%s, 0700): %s", box_root, strerror(errno));
		return -1;
	}
	/* this process's own template mount point: "<pid>.root", removed at exit or,
	 * when the judge died, by the next judge's box_remove_stale */
	snprintf(rootname, sizeof(rootname), "%ld.root", (long) getpid());
	if (mkdirat(cfg->box_root_fd, rootname, 0755) != 0 && errno != EEXIST)
	{
		snprintf(err, errlen, "mkdir(%s/%s): %s", box_root, rootname, strerror(errno));
		return -1;
	}
	fd = openat(cfg->box_root_fd, rootname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
	{
		snprintf(err, errlen, "open(%s/%s): %s", box_root, rootname, strerror(errno));
		return -1;
	}
	close(fd);
	snprintf(cfg->newroot, sizeof(cfg->newroot), "%s/%s", box_root, rootname);
	box_remove_stale(cfg->box_root_fd);

	if (binds == NULL || binds[0] == NULL)
	{
		if (PlanHostEntry(cfg, "usr", 1, err, errlen) != 0)
			return -1;
	}
	else
		for (; *binds != NULL; binds++)
			if (PlanHostEntry(cfg, *binds + 1, 1, err, errlen) != 0)
				return -1;
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (PlanHostEntry(cfg, top[i], 0, err, errlen) != 0)
			return -1;
	if (PlanAdd(cfg, SM_MKDIR, NULL, "etc", err, errlen) != 0)
		return -1;
	for (i = 0; i < sizeof(etc) / sizeof(etc[0]); i++)
	{
		char		name[64];

		snprintf(name, sizeof(name), "etc/%s", etc[i]);
		if (PlanHostEntry(cfg, name, 0, err, errlen) != 0)
			return -1;
	}
	if (PlanAdd(cfg, SM_MKDIR, NULL, "dev", err, errlen) != 0)
		return -1;
	for (i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
	{
		char		name[64];

		snprintf(name, sizeof(name), "dev/%s", dev[i]);
		if (PlanHostEntry(cfg, name, 1, err, errlen) != 0)
			return -1;
	}
	for (i = 0; i < sizeof(devlinks) / sizeof(devlinks[0]); i++)
	{
		char		name[64];

		snprintf(name, sizeof(name), "dev/%s", devlinks[i][0]);
		if (PlanAdd(cfg, SM_SYMLINK, devlinks[i][1], name, err, errlen) != 0)
			return -1;
	}
	if (PlanAdd(cfg, SM_PROC, NULL, "proc", err, errlen) != 0 ||
		PlanAdd(cfg, SM_TMP, NULL, "tmp", err, errlen) != 0 ||
		PlanAdd(cfg, SM_BOX, NULL, "box", err, errlen) != 0)
		return -1;

	if (TemplateCreate(cfg, err, errlen) != 0)
		return -1;
	if (InitBinaryCreate(cfg, err, errlen) != 0)
		return -1;
	if (seccomp_build(&cfg->seccomp, err, errlen) != 0)
		return -1;
	if (cgroup_detect(&cfg->cgroups, "interview-judge", err, errlen) != 0)
		return -1;
	if ((i = (size_t) cgroup_remove_stale(&cfg->cgroups)) > 0)
		fprintf(stderr, "interview-judge: removed %zu stale sandbox cgroups\n", i);
	return 0;
}
