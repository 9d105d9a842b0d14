/*
 * box.c
 *    Host-side handling of box directories: a fresh 0700 directory per
 *    submission owned by the worker's box uid, the source written with
 *    O_EXCL|O_NOFOLLOW, removal depth-first with unlinkat() under directory
 *    fds.  A box user may leave symlinks, odd modes or deep trees behind;
 *    none of it makes the host follow a link out of the box.
 *    Never runs anything in a box (sandbox.c does).  No global state;
 *    thread-safe.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

int
box_create(const SandboxConfig *cfg, const char *name, uid_t uid, gid_t gid,
		   int *fd, char *err, size_t errlen)
{
	*fd = -1;
	if (box_remove_at(cfg->box_root_fd, name, err, errlen) != 0)
		return -1;
	if (mkdirat(cfg->box_root_fd, name, 0700) != 0)
	{
		snprintf(err, errlen, "mkdir(%s/%s): %s", cfg->box_root, name, strerror(errno));
		return -1;
	}
	*fd = openat(cfg->box_root_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
	{
		snprintf(err, errlen, "open(%s/%s): %s", cfg->box_root, name, strerror(errno));
		return -1;
	}
	if (fchown(*fd, uid, gid) != 0 || fchmod(*fd, 0700) != 0)
	{
		snprintf(err, errlen, "fchown/fchmod(%s/%s): %s", cfg->box_root, name, strerror(errno));
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

int
box_write_all(int fd, const char *data, size_t len)
{
	size_t		off = 0;

	while (off < len)
	{
		ssize_t		n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		off += (size_t) n;
	}
	return 0;
}

int
box_write_file(int boxfd, const char *name, const char *data, size_t len,
			   uid_t uid, gid_t gid, char *err, size_t errlen)
{
	int			fd = openat(boxfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd < 0)
	{
		snprintf(err, errlen, "open(box/%s): %s", name, strerror(errno));
		return -1;
	}
	if (box_write_all(fd, data, len) != 0)
	{
		snprintf(err, errlen, "write(box/%s): %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	if (fchown(fd, uid, gid) != 0)
	{
		snprintf(err, errlen, "fchown(box/%s): %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
	{
		snprintf(err, errlen, "close(box/%s): %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int
box_has_regular_file(int boxfd, const char *name)
{
	struct stat sb;

	return fstatat(boxfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode);
}

/* Empties the directory open at fd, depth-first, never following symlinks. */
static int
EmptyDir(int fd, int depth, char *err, size_t errlen)
{
	DIR		   *d;
	struct dirent *de;
	int			rc = 0;

	if (depth > 256)
	{
		snprintf(err, errlen, "box removal: directory tree deeper than 256");
		close(fd);
		return -1;
	}
	d = fdopendir(fd);
	if (d == NULL)
	{
		snprintf(err, errlen, "fdopendir(box): %s", strerror(errno));
		close(fd);
		return -1;
	}
	while (rc == 0 && (errno = 0, de = readdir(d)) != NULL)
	{
		struct stat sb;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		{
			if (errno == ENOENT)
				continue;
			snprintf(err, errlen, "fstatat(box/%s): %s", de->d_name, strerror(errno));
			rc = -1;
			break;
		}
		if (S_ISDIR(sb.st_mode))
		{
			int			sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0)
			{
				snprintf(err, errlen, "open(box/%s): %s", de->d_name, strerror(errno));
				rc = -1;
				break;
			}
			/* a box user may have made the directory unreadable */
			if (fchmod(sub, 0700) != 0)
			{
				snprintf(err, errlen, "fchmod(box/%s): %s", de->d_name, strerror(errno));
				close(sub);
				rc = -1;
				break;
			}
			rc = EmptyDir(sub, depth + 1, err, errlen);
			if (rc == 0 && unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) != 0)
			{
				snprintf(err, errlen, "rmdir(box/%s): %s", de->d_name, strerror(errno));
				rc = -1;
			}
		}
		else if (unlinkat(dirfd(d), de->d_name, 0) != 0 && errno != ENOENT)
		{
			snprintf(err, errlen, "unlink(box/%s): %s", de->d_name, strerror(errno));
			rc = -1;
		}
	}
	if (rc == 0 && errno != 0)
	{
		snprintf(err, errlen, "readdir(box): %s", strerror(errno));
		rc = -1;
	}
	closedir(d);
	return rc;
}

int
box_remove_at(int dirfd, const char *name, char *err, size_t errlen)
{
	struct stat sb;
	int			fd;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
	{
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "fstatat(%s): %s", name, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
	{
		if (unlinkat(dirfd, name, 0) != 0)
		{
			snprintf(err, errlen, "unlink(%s): %s", name, strerror(errno));
			return -1;
		}
		return 0;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
	{
		snprintf(err, errlen, "open(%s): %s", name, strerror(errno));
		return -1;
	}
	if (EmptyDir(fd, 0, err, errlen) != 0)
		return -1;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
	{
		snprintf(err, errlen, "rmdir(%s): %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int
box_remove(const SandboxConfig *cfg, const char *name, char *err, size_t errlen)
{
	return box_remove_at(cfg->box_root_fd, name, err, errlen);
}

void
box_remove_stale(int box_root_fd)
{
	int			fd = dup(box_root_fd);
	DIR		   *d;
	struct dirent *de;
	char		err[256];

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL)
	{
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
	{
		char	   *end;
		long		pid = strtol(de->d_name, &end, 10);

		if (end == de->d_name || *end != '.' || pid <= 0)
			continue;
		if (pid == getpid() || kill((pid_t) pid, 0) == 0 || errno != ESRCH)
			continue;
		/* a dead judge's "<pid>.sandbox-init" (boxes and "<pid>.root" are directories) */
		if (de->d_type == DT_REG)
		{
			if (unlinkat(box_root_fd, de->d_name, 0) != 0)
				fprintf(stderr, "interview-judge: removing stale %s: unlink: %s\n", de->d_name, strerror(errno));
			continue;
		}
		if (box_remove_at(box_root_fd, de->d_name, err, sizeof(err)) != 0)
			fprintf(stderr, "interview-judge: removing stale box %s: %s\n", de->d_name, err);
	}
	closedir(d);
}
