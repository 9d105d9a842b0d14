/*
 * box.h
 *    Host-side handling of box directories (the per-submission working
 *    directories under the box root): create, write the source, check the
 *    compiler's output, remove.  Never follows a symlink: everything goes
 *    through directory fds with O_NOFOLLOW, fstatat(AT_SYMLINK_NOFOLLOW) and
 *    unlinkat().  Thread-safe; each box belongs to one worker at a time.
 */
#ifndef INTERVIEW_BOX_H
#define INTERVIEW_BOX_H

#include <stddef.h>
#include <sys/types.h>

#include "sandbox.h"

/* Creates a fresh box box_root/name (0700, owned by uid/gid); *fd gets an O_DIRECTORY fd. 0 ok. */
int			box_create(const SandboxConfig *cfg, const char *name, uid_t uid, gid_t gid,
					   int *fd, char *err, size_t errlen);

/* Writes all of data to fd, retrying on EINTR. 0 ok; -1 with errno set. */
int			box_write_all(int fd, const char *data, size_t len);

/* Writes a new file in the box (O_EXCL, O_NOFOLLOW), owned by uid/gid, mode 0644. 0 ok. */
int			box_write_file(int boxfd, const char *name, const char *data, size_t len,
						   uid_t uid, gid_t gid, char *err, size_t errlen);

/* 1 when name in the box is a regular file (symlinks are not followed). */
int			box_has_regular_file(int boxfd, const char *name);

/* Removes box_root/name and everything below without following symlinks. 0 ok. */
int			box_remove(const SandboxConfig *cfg, const char *name, char *err, size_t errlen);

/* Removes dirfd/name recursively without following symlinks. 0 ok, -1 with err. */
int			box_remove_at(int dirfd, const char *name, char *err, size_t errlen);

/* Removes entries "<pid>.<worker>" of judge processes that no longer exist. */
void		box_remove_stale(int box_root_fd);

#endif							/* INTERVIEW_BOX_H */
