/*
 * cgroup.c
 *    Control groups for sandbox runs, v1 and v2, one controller at a time:
 *    memory (limit, peak usage, OOM kills), pids (limit) and CPU accounting.
 *    Host-side file access goes through directory fds with O_NOFOLLOW.
 *
 *    v1: <mount>/<ctl>/<name>/<run>: memory.limit_in_bytes,
 *        memory.memsw.limit_in_bytes, memory.max_usage_in_bytes,
 *        memory.oom_control (oom_kill), memory.failcnt, pids.max,
 *        cpuacct.usage.
 *    v2: <mount>/<name>/<run>: memory.max, memory.swap.max, memory.oom.group,
 *        memory.peak, memory.events (oom_kill, max), pids.max, cpu.stat
 *        (usage_usec), cgroup.kill.
 *
 *    CgroupSetup is read-only after setup; a Cgroup is owned by one run.
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
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

#define CGROUP_SUPER_MAGIC_V1 0x27e0ebL
#define CGROUP2_SUPER_MAGIC_V2 0x63677270L

/* Writes str to dirfd/name (no O_CREAT, no symlinks). 0 or -errno. */
static int
WriteAt(int dirfd, const char *name, const char *str)
{
	int			fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t		len = strlen(str);
	ssize_t		n;
	int			e;

	if (fd < 0)
		return -errno;
	n = write(fd, str, len);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return (size_t) n == len ? 0 : -EIO;
}

/* Reads dirfd/name into buf (NUL-terminated). Length or -errno. */
static ssize_t
ReadAt(int dirfd, const char *name, char *buf, size_t buflen)
{
	int			fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t		n = 0;
	ssize_t		r;
	int			e;

	if (fd < 0)
		return -errno;
	while (n < buflen - 1 && (r = read(fd, buf + n, buflen - 1 - n)) != 0)
	{
		if (r < 0)
		{
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			return -e;
		}
		n += (size_t) r;
	}
	close(fd);
	buf[n] = '\0';
	return (ssize_t) n;
}

/* Value of "key N" in a flat-keyed file's text, or -1 when absent. */
static long long
KeyValue(const char *text, const char *key)
{
	size_t		klen = strlen(key);
	const char *p = text;

	while (p != NULL && *p != '\0')
	{
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
			return strtoll(p + klen + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return -1;
}

/* True when path is mounted with filesystem magic (or the check is disabled). */
static int
IsFs(const char *path, long magic)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && (long) sf.f_type == magic;
}

/* True when the v2 hierarchy at v2 offers controller ctl. */
static int
V2Has(const char *v2, const char *ctl)
{
	char		path[PATH_MAX],
				buf[1024],
			   *tok,
			   *save = NULL;
	int			fd;
	ssize_t		n;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", v2);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok != NULL; tok = strtok_r(NULL, " \n", &save))
		if (strcmp(tok, ctl) == 0)
			return 1;
	return 0;
}

/* Makes (if needed) and opens base/name as the parent directory for controller c. */
static int
OpenParent(CgroupSetup *cs, int c, const char *base, const char *name, char *err, size_t errlen)
{
	int			basefd,
				fd;

	basefd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (basefd < 0)
	{
		snprintf(err, errlen, "open(%s): %s", base, strerror(errno));
		return -1;
	}
	if (mkdirat(basefd, name, 0755) != 0 && errno != EEXIST)
	{
		snprintf(err, errlen, "mkdir(%s/%s): %s", base, name, strerror(errno));
		close(basefd);
		return -1;
	}
	fd = openat(basefd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(basefd);
	if (fd < 0)
	{
		snprintf(err, errlen, "open(%s/%s): %s", base, name, strerror(errno));
		return -1;
	}
	snprintf(cs->dir[c], sizeof(cs->dir[c]), "%s/%s", base, name);
	cs->dirfd[c] = fd;
	return 0;
}

/* Enables the v2 controllers we use for the children of base and base/name. */
static int
V2Enable(const CgroupSetup *cs, const char *v2, char *err, size_t errlen)
{
	char		ctl[64] = "";
	int			basefd,
				rc;

	if (cs->version[CG_MEMORY] == CGROUP_V2)
		strcat(ctl, "+memory ");
	if (cs->version[CG_PIDS] == CGROUP_V2)
		strcat(ctl, "+pids ");
	if (ctl[0] == '\0')
		return 0;
	ctl[strlen(ctl) - 1] = '\0';
	basefd = open(v2, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (basefd < 0)
	{
		snprintf(err, errlen, "open(%s): %s", v2, strerror(errno));
		return -1;
	}
	rc = WriteAt(basefd, "cgroup.subtree_control", ctl);
	close(basefd);
	if (rc != 0)
	{
		snprintf(err, errlen, "write(%s/cgroup.subtree_control, %s): %s", v2, ctl, strerror(-rc));
		return -1;
	}
	rc = WriteAt(cs->dirfd[CG_MEMORY] >= 0 && cs->version[CG_MEMORY] == CGROUP_V2 ?
				 cs->dirfd[CG_MEMORY] : cs->dirfd[CG_PIDS], "cgroup.subtree_control", ctl);
	if (rc != 0)
	{
		snprintf(err, errlen, "write(%s/cgroup.subtree_control, %s): %s",
				 cs->dir[CG_MEMORY], ctl, strerror(-rc));
		return -1;
	}
	return 0;
}

int
cgroup_setup_paths(CgroupSetup *cs, const char *v1_memory, const char *v1_pids,
				   const char *v1_cpuacct, const char *v2, const char *name,
				   char *err, size_t errlen)
{
	const char *v1[CG_NCTL] = {v1_memory, v1_pids, v1_cpuacct};
	int			c;

	memset(cs, 0, sizeof(*cs));
	for (c = 0; c < CG_NCTL; c++)
		cs->dirfd[c] = -1;
	if (v2 != NULL && V2Has(v2, "memory"))
		cs->version[CG_MEMORY] = CGROUP_V2;
	else if (v1_memory != NULL)
		cs->version[CG_MEMORY] = CGROUP_V1;
	if (v2 != NULL && V2Has(v2, "pids"))
		cs->version[CG_PIDS] = CGROUP_V2;
	else if (v1_pids != NULL)
		cs->version[CG_PIDS] = CGROUP_V1;
	/* cpu.stat (usage_usec) exists in every v2 group, controller or not */
	if (v2 != NULL && (cs->version[CG_MEMORY] == CGROUP_V2 || v1_cpuacct == NULL))
		cs->version[CG_CPU] = CGROUP_V2;
	else if (v1_cpuacct != NULL)
		cs->version[CG_CPU] = CGROUP_V1;

	for (c = 0; c < CG_NCTL; c++)
	{
		int			d;

		if (cs->version[c] == CGROUP_NONE)
			continue;
		for (d = 0; d < c; d++)
			if (cs->version[d] == CGROUP_V2 && cs->version[c] == CGROUP_V2)
				break;
		if (d < c)
		{
			/* v2: one directory serves every controller */
			strcpy(cs->dir[c], cs->dir[d]);
			cs->dirfd[c] = dup(cs->dirfd[d]);
			if (cs->dirfd[c] < 0)
			{
				snprintf(err, errlen, "dup(%s): %s", cs->dir[d], strerror(errno));
				return -1;
			}
			continue;
		}
		if (OpenParent(cs, c, cs->version[c] == CGROUP_V2 ? v2 : v1[c], name, err, errlen) != 0)
			return -1;
	}
	if (v2 != NULL && V2Enable(cs, v2, err, errlen) != 0)
		return -1;
	return 0;
}

int
cgroup_detect(CgroupSetup *cs, const char *name, char *err, size_t errlen)
{
	const char *v2 = NULL;

	if (IsFs("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC_V2))
		v2 = "/sys/fs/cgroup";
	else if (IsFs("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC_V2))
		v2 = "/sys/fs/cgroup/unified";
	return cgroup_setup_paths(cs,
							  IsFs("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC_V1) ? "/sys/fs/cgroup/memory" : NULL,
							  IsFs("/sys/fs/cgroup/pids", CGROUP_SUPER_MAGIC_V1) ? "/sys/fs/cgroup/pids" : NULL,
							  IsFs("/sys/fs/cgroup/cpuacct", CGROUP_SUPER_MAGIC_V1) ? "/sys/fs/cgroup/cpuacct" : NULL,
							  v2, name, err, errlen);
}

/* Kills the pids listed in one directory's cgroup.procs; returns how many were listed, or -errno. */
static int	KillListed(int dirfd);

/* Removes groups "<pid>-..." of dead judges (own 0) or of this process (own 1); returns how many. */
static int
RemoveGroups(const CgroupSetup *cs, int own)
{
	int			c,
				removed = 0;

	for (c = 0; c < CG_NCTL; c++)
	{
		int			fd,
					d;
		DIR		   *dir;
		struct dirent *de;

		if (cs->dirfd[c] < 0)
			continue;
		for (d = 0; d < c; d++)
			if (cs->dirfd[d] >= 0 && strcmp(cs->dir[d], cs->dir[c]) == 0)
				break;
		if (d < c)
			continue;
		fd = openat(cs->dirfd[c], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		dir = fdopendir(fd);
		if (dir == NULL)
		{
			close(fd);
			continue;
		}
		while ((de = readdir(dir)) != NULL)
		{
			char	   *end;
			long		pid = strtol(de->d_name, &end, 10);
			int			sub,
						tries;

			if (end == de->d_name || *end != '-' || pid <= 0 || de->d_type != DT_DIR)
				continue;
			if (own ? pid != getpid() :
				(pid == getpid() || kill((pid_t) pid, 0) == 0 || errno != ESRCH))
				continue;
			sub = openat(cs->dirfd[c], de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue;
			for (tries = 0; tries < 100 && KillListed(sub) > 0; tries++)
			{
				struct timespec ts = {0, 1000000};

				nanosleep(&ts, NULL);
			}
			close(sub);
			if (unlinkat(cs->dirfd[c], de->d_name, AT_REMOVEDIR) == 0)
				removed++;
		}
		closedir(dir);
	}
	return removed;
}

int
cgroup_remove_stale(const CgroupSetup *cs)
{
	return RemoveGroups(cs, 0);
}

int
cgroup_remove_own(const CgroupSetup *cs)
{
	return RemoveGroups(cs, 1);
}

void
cgroup_describe(const CgroupSetup *cs, char *buf, size_t buflen)
{
	static const char *const v[] = {"none", "v1", "v2"};

	snprintf(buf, buflen, "memory %s%s%s, pids %s%s%s, cpu %s%s%s",
			 v[cs->version[CG_MEMORY]], cs->version[CG_MEMORY] ? " at " : "", cs->version[CG_MEMORY] ? cs->dir[CG_MEMORY] : "",
			 v[cs->version[CG_PIDS]], cs->version[CG_PIDS] ? " at " : "", cs->version[CG_PIDS] ? cs->dir[CG_PIDS] : "",
			 v[cs->version[CG_CPU]], cs->version[CG_CPU] ? " at " : "", cs->version[CG_CPU] ? cs->dir[CG_CPU] : "");
}

/* Directory fd serving controller c in this run, or -1. */
static int
CtlFd(const Cgroup *cg, int c)
{
	return cg->ctl_dir[c] < 0 ? -1 : cg->dirfd[cg->ctl_dir[c]];
}

/* Closes every fd of a run's group. */
static void
CloseAll(Cgroup *cg)
{
	int			i;

	for (i = 0; i < CG_NCTL; i++)
	{
		if (cg->procs_fd[i] >= 0)
			close(cg->procs_fd[i]);
		if (cg->dirfd[i] >= 0)
			close(cg->dirfd[i]);
		cg->procs_fd[i] = cg->dirfd[i] = -1;
	}
	if (cg->cpu_fd >= 0)
		close(cg->cpu_fd);
	cg->cpu_fd = -1;
}

/* Writes a limit file of a run's group; optional files may be missing. */
static int
SetLimit(const Cgroup *cg, int c, const char *file, long long value, int optional,
		 char *err, size_t errlen)
{
	char		num[32];
	int			rc;

	snprintf(num, sizeof(num), "%lld", value);
	rc = WriteAt(CtlFd(cg, c), file, num);
	if (rc == 0 || (optional && rc == -ENOENT))
		return 0;
	snprintf(err, errlen, "write(%s/%s/%s, %s): %s", cg->cs->dir[c], cg->name, file, num,
			 strerror(-rc));
	return -1;
}

int
cgroup_create(Cgroup *cg, const CgroupSetup *cs, const char *name,
			  long long mem_bytes, int pids, char *err, size_t errlen)
{
	return cgroup_create_keep(cg, cs, name, NULL, mem_bytes, pids, err, errlen);
}

/* Waits (bounded, 2 s) until the group at dirfd is empty, killing what is listed. 0 empty, else -errno. */
static int
DrainGroup(int dirfd)
{
	int			tries,
				listed = 0;

	/* dying processes leave within milliseconds */
	for (tries = 0; tries < 2000; tries++)
	{
		struct timespec ts = {0, 1000000};

		listed = KillListed(dirfd);
		if (listed <= 0)
			return listed;
		nanosleep(&ts, NULL);
	}
	return -EBUSY;
}

int
cgroup_create_keep(Cgroup *cg, const CgroupSetup *cs, const char *name, const char *keep_name,
				   long long mem_bytes, int pids, char *err, size_t errlen)
{
	int			c,
				d,
				rc;
	const char *join,
			   *dname;

	memset(cg, 0, sizeof(*cg));
	cg->cs = cs;
	cg->cpu_fd = -1;
	snprintf(cg->name, sizeof(cg->name), "%s", name);
	snprintf(cg->keep_name, sizeof(cg->keep_name), "%s", keep_name != NULL ? keep_name : "");
	for (c = 0; c < CG_NCTL; c++)
	{
		cg->dirfd[c] = cg->procs_fd[c] = cg->parentfd[c] = -1;
		cg->ctl_dir[c] = -1;
	}
	for (c = 0; c < CG_NCTL; c++)
	{
		if (cs->version[c] == CGROUP_NONE)
			continue;
		for (d = 0; d < c; d++)
			if (cg->ctl_dir[d] >= 0 && strcmp(cs->dir[d], cs->dir[c]) == 0)
				break;
		if (d < c)
		{
			cg->ctl_dir[c] = cg->ctl_dir[d];
			continue;
		}
		d = cg->ndirs;
		/*
		 * v1 pids and cpuacct groups can be kept across runs (only the
		 * memory group must be fresh: the page cache it was charged stays
		 * charged to it); checked empty and their CPU usage reset below.
		 */
		cg->kept[d] = keep_name != NULL && cs->version[c] == CGROUP_V1 && c != CG_MEMORY;
		dname = cg->kept[d] ? keep_name : name;
		/* EEXIST: a leftover of the same name is reused (names carry pid and sequence) */
		if (mkdirat(cs->dirfd[c], dname, 0755) != 0 && errno != EEXIST)
		{
			snprintf(err, errlen, "mkdir(%s/%s): %s", cs->dir[c], dname, strerror(errno));
			goto fail;
		}
		cg->parentfd[d] = cs->dirfd[c];
		cg->ndirs++;
		cg->dirfd[d] = openat(cs->dirfd[c], dname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cg->dirfd[d] < 0)
		{
			snprintf(err, errlen, "open(%s/%s): %s", cs->dir[c], dname, strerror(errno));
			goto fail;
		}
		if (cg->kept[d] && (rc = DrainGroup(cg->dirfd[d])) != 0)
		{
			snprintf(err, errlen, "kept cgroup %s/%s not empty: %s", cs->dir[c], dname, strerror(-rc));
			goto fail;
		}
		/*
		 * v1: the child joins through "tasks" (one thread: it is single-
		 * threaded then), which spares the system-wide write lock, and its
		 * RCU grace period, that joining through cgroup.procs takes.
		 */
		join = cs->version[c] == CGROUP_V1 ? "tasks" : "cgroup.procs";
		cg->procs_fd[d] = openat(cg->dirfd[d], join, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (cg->procs_fd[d] < 0)
		{
			snprintf(err, errlen, "open(%s/%s/%s): %s", cs->dir[c], dname, join, strerror(errno));
			goto fail;
		}
		cg->ctl_dir[c] = d;
	}
	if (cs->version[CG_MEMORY] == CGROUP_V1 && mem_bytes > 0)
	{
		if (SetLimit(cg, CG_MEMORY, "memory.limit_in_bytes", mem_bytes, 0, err, errlen) != 0 ||
			SetLimit(cg, CG_MEMORY, "memory.memsw.limit_in_bytes", mem_bytes, 1, err, errlen) != 0)
			goto fail;
	}
	else if (cs->version[CG_MEMORY] == CGROUP_V2 && mem_bytes > 0)
	{
		if (SetLimit(cg, CG_MEMORY, "memory.max", mem_bytes, 0, err, errlen) != 0 ||
			SetLimit(cg, CG_MEMORY, "memory.swap.max", 0, 1, err, errlen) != 0 ||
			SetLimit(cg, CG_MEMORY, "memory.oom.group", 1, 1, err, errlen) != 0)
			goto fail;
	}
	if (cs->version[CG_PIDS] != CGROUP_NONE && pids > 0 &&
		SetLimit(cg, CG_PIDS, "pids.max", pids, 0, err, errlen) != 0)
		goto fail;
	if (cs->version[CG_CPU] != CGROUP_NONE)
	{
		const char *f = cs->version[CG_CPU] == CGROUP_V1 ? "cpuacct.usage" : "cpu.stat";

		/* a kept group starts the run at zero (v1 cpuacct.usage takes a reset) */
		if (cg->kept[cg->ctl_dir[CG_CPU]] && (rc = WriteAt(CtlFd(cg, CG_CPU), f, "0")) != 0)
		{
			snprintf(err, errlen, "write(%s/%s/%s, 0): %s", cs->dir[CG_CPU], keep_name, f, strerror(-rc));
			goto fail;
		}
		cg->cpu_fd = openat(CtlFd(cg, CG_CPU), f, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (cg->cpu_fd < 0)
		{
			snprintf(err, errlen, "open(%s/%s/%s): %s", cs->dir[CG_CPU], name, f, strerror(errno));
			goto fail;
		}
	}
	return 0;

fail:
	{
		char		ignore[256];

		cgroup_destroy(cg, ignore, sizeof(ignore));
	}
	return -1;
}

long long
cgroup_cpu_ns(const Cgroup *cg)
{
	char		buf[512];
	ssize_t		n;
	long long	v;

	if (cg->cpu_fd < 0)
		return -1;
	n = pread(cg->cpu_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (cg->cs->version[CG_CPU] == CGROUP_V1)
		return strtoll(buf, NULL, 10);
	v = KeyValue(buf, "usage_usec");
	return v < 0 ? -1 : v * 1000;
}

int
cgroup_stats(const Cgroup *cg, CgroupStats *st, char *err, size_t errlen)
{
	char		buf[4096];
	ssize_t		n;
	int			fd = CtlFd(cg, CG_MEMORY);

	st->peak_bytes = -1;
	st->oom_kills = 0;
	st->failcnt = 0;
	if (fd < 0)
		return 0;
	if (cg->cs->version[CG_MEMORY] == CGROUP_V1)
	{
		if ((n = ReadAt(fd, "memory.max_usage_in_bytes", buf, sizeof(buf))) < 0)
			goto fail_read;
		st->peak_bytes = strtoll(buf, NULL, 10);
		if ((n = ReadAt(fd, "memory.failcnt", buf, sizeof(buf))) < 0)
			goto fail_read;
		st->failcnt = strtoll(buf, NULL, 10);
		if ((n = ReadAt(fd, "memory.oom_control", buf, sizeof(buf))) < 0)
			goto fail_read;
		st->oom_kills = KeyValue(buf, "oom_kill");
		/* kernels before 4.13 lack oom_kill: under_oom is the best sign left */
		if (st->oom_kills < 0)
			st->oom_kills = KeyValue(buf, "under_oom") > 0 ? 1 : 0;
		return 0;
	}
	if ((n = ReadAt(fd, "memory.peak", buf, sizeof(buf))) >= 0)
		st->peak_bytes = strtoll(buf, NULL, 10);
	else if (n != -ENOENT)
		goto fail_read;
	if ((n = ReadAt(fd, "memory.events", buf, sizeof(buf))) < 0)
		goto fail_read;
	st->oom_kills = KeyValue(buf, "oom_kill");
	if (st->oom_kills < 0)
		st->oom_kills = 0;
	st->failcnt = KeyValue(buf, "max");
	if (st->failcnt < 0)
		st->failcnt = 0;
	return 0;

fail_read:
	snprintf(err, errlen, "read(%s/%s memory statistics): %s", cg->cs->dir[CG_MEMORY], cg->name,
			 strerror((int) -n));
	return -1;
}

/* Kills the pids listed in one directory's cgroup.procs; returns how many were listed, or -errno. */
static int
KillListed(int dirfd)
{
	char		buf[8192],
			   *p,
			   *end;
	ssize_t		n = ReadAt(dirfd, "cgroup.procs", buf, sizeof(buf));
	int			count = 0;

	if (n < 0)
		return (int) n;
	for (p = buf; *p != '\0'; p = end)
	{
		long		pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 1)
		{
			count++;
			if (kill((pid_t) pid, SIGKILL) != 0 && errno != ESRCH)
				return -errno;
		}
	}
	return count;
}

int
cgroup_kill_all(const Cgroup *cg, char *err, size_t errlen)
{
	int			d,
				rc;

	for (d = 0; d < cg->ndirs; d++)
	{
		if (cg->dirfd[d] < 0)
			continue;
		if (cg->cs->version[CG_MEMORY] == CGROUP_V2 || cg->cs->version[CG_PIDS] == CGROUP_V2 ||
			cg->cs->version[CG_CPU] == CGROUP_V2)
		{
			rc = WriteAt(cg->dirfd[d], "cgroup.kill", "1");
			if (rc == 0)
				continue;
			if (rc != -ENOENT && rc != -EINVAL)
			{
				snprintf(err, errlen, "write(%s/cgroup.kill): %s", cg->name, strerror(-rc));
				return -1;
			}
		}
		rc = KillListed(cg->dirfd[d]);
		if (rc < 0)
		{
			snprintf(err, errlen, "kill(processes of %s): %s", cg->name, strerror(-rc));
			return -1;
		}
	}
	return 0;
}

int
cgroup_destroy(Cgroup *cg, char *err, size_t errlen)
{
	int			d,
				listed,
				rc = 0;

	for (d = 0; d < cg->ndirs; d++)
	{
		if (cg->dirfd[d] < 0 || cg->parentfd[d] < 0)
			continue;
		/* a kept group stays, emptied; the next run checks it again */
		if (cg->kept[d])
		{
			if ((listed = DrainGroup(cg->dirfd[d])) != 0 && rc == 0)
			{
				snprintf(err, errlen, "kill(processes of %s): %s", cg->keep_name, strerror(-listed));
				rc = -1;
			}
			continue;
		}
		/* usually empty already (the PID namespace died with its init) */
		if (unlinkat(cg->parentfd[d], cg->name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			continue;
		if ((listed = DrainGroup(cg->dirfd[d])) != 0 && listed != -ENOENT)
		{
			if (rc == 0)
				snprintf(err, errlen, "kill(processes of %s): %s", cg->name, strerror(-listed));
			rc = -1;
		}
		if (unlinkat(cg->parentfd[d], cg->name, AT_REMOVEDIR) != 0 && errno != ENOENT && rc == 0)
		{
			snprintf(err, errlen, "rmdir(%s/%s): %s", cg->cs->dir[d == cg->ctl_dir[CG_MEMORY] ? CG_MEMORY :
															   d == cg->ctl_dir[CG_PIDS] ? CG_PIDS : CG_CPU],
					 cg->name, strerror(errno));
			rc = -1;
		}
	}
	CloseAll(cg);
	return rc;
}
