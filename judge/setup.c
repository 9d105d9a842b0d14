/*
 * setup.c
 *    The judge's configuration, made once at start: where boxes live, the
 *    language file, the sandbox configuration (judge_config), each
 *    language's root and its version, the function-problem drivers (loaded
 *    through judge-funcs.c) and the host-wide sandbox slots.
 *
 *    Global state: written once by judge_init() before any worker starts,
 *    read-only afterwards.  Must not run or judge anything: the steps of a
 *    job are in step.c, the test loop in judge.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"
#include "judge-funcs.h"
#include "judge-int.h"
#include "languages.h"
#include "sandbox.h"

#define SLOT_DIR "/run/interview-judge"
#define MAX_WORKERS JUDGE_MAX_WORKERS

static char box_root[512] = "/var/lib/interview-judge";
static char languages_file[PATH_MAX] = LANG_DEFAULT_FILE;
SandboxConfig judge_config;
static int	initialized;

void
judge_set_box_root(const char *path)
{
	snprintf(box_root, sizeof(box_root), "%s", path);
}

const char *
judge_box_root(void)
{
	return box_root;
}

void
judge_set_languages_file(const char *path)
{
	snprintf(languages_file, sizeof(languages_file), "%s", path);
}

/* Builds each language's template root (its binds); a language whose root fails is dropped. */
static void
LanguageRoots(void)
{
	for (int i = 0; i < languages_count(); i++)
	{
		Language   *l = language_at(i);
		char		err[200];

		if (l->binds[0] == NULL)
			continue;
		if (sandbox_template_create(&judge_config, l->binds, &l->mntns_fd, err, sizeof(err)) != 0)
		{
			l->available = 0;
			snprintf(l->reason, sizeof(l->reason), "sandbox root: %s", err);
		}
	}
}

/* At exit: removes the workers' kept cgroups and this process's template root. */
static void
JudgeExit(void)
{
	const char *name = strrchr(judge_config.newroot, '/');
	char		ignore[256];

	cgroup_remove_own(&judge_config.cgroups);
	if (name != NULL && judge_config.box_root_fd >= 0)
		box_remove(&judge_config, name + 1, ignore, sizeof(ignore));
}

int
judge_slot_acquire(int first, int *slot, char *err, size_t errlen)
{
	char		name[64],
				pid[32];
	int			dirfd,
				fd,
				n,
				len;

	if (first < 0 || first >= MAX_WORKERS)
	{
		snprintf(err, errlen, "sandbox slot %d out of range 0..%d", first, MAX_WORKERS - 1);
		return -1;
	}
	if (mkdir(SLOT_DIR, 0755) != 0 && errno != EEXIST)
	{
		snprintf(err, errlen, "mkdir(%s): %s", SLOT_DIR, strerror(errno));
		return -1;
	}
	dirfd = open(SLOT_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0)
	{
		snprintf(err, errlen, "open(%s): %s", SLOT_DIR, strerror(errno));
		return -1;
	}
	for (n = first; n < MAX_WORKERS; n++)
	{
		snprintf(name, sizeof(name), "slot-%d.lock", n);
		fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
		{
			snprintf(err, errlen, "open(%s/%s): %s", SLOT_DIR, name, strerror(errno));
			close(dirfd);
			return -1;
		}
		/* an open file description's lock: also excludes the other threads of this process */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK)
		{
			snprintf(err, errlen, "flock(%s/%s): %s", SLOT_DIR, name, strerror(errno));
			close(fd);
			close(dirfd);
			return -1;
		}
		close(fd);
	}
	close(dirfd);
	if (n >= MAX_WORKERS)
	{
		snprintf(err, errlen, "no free sandbox slot in %d..%d (every %s/slot-N.lock is held)",
				 first, MAX_WORKERS - 1, SLOT_DIR);
		return -1;
	}
	/* the holder's pid, for operators (the lock, not the content, is what counts) */
	len = snprintf(pid, sizeof(pid), "%ld\n", (long) getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t) len, 0) != len)
	{
		snprintf(err, errlen, "write(%s/%s): %s", SLOT_DIR, name, strerror(errno));
		close(fd);
		return -1;
	}
	*slot = n;
	return fd;
}

void
judge_slot_release(int fd)
{
	if (fd >= 0)
		close(fd);
}

int
judge_slot_uid(int slot)
{
	return BOX_UID_BASE + slot;
}

int
judge_init(char *err, size_t errlen)
{
	char		mode[PATH_MAX * 3 + 64];

	if (initialized)
		return 0;
	if (languages_load(languages_file, err, errlen) != 0)
		return -1;
	if (sandbox_init(&judge_config, box_root, languages_sandbox_binds(), err, errlen) != 0)
		return -1;
	LanguageRoots();
	judge_funcs_init();
	cgroup_describe(&judge_config.cgroups, mode, sizeof(mode));
	fprintf(stderr, "interview-judge: sandbox: namespaces mnt,pid,net,ipc,uts; root built under %s; "
			"seccomp deny-list of %u instructions; cgroups: %s\n",
			judge_config.newroot, (unsigned) judge_config.seccomp.len, mode);
	if (judge_config.cgroups.version[CG_MEMORY] == CGROUP_NONE)
		fprintf(stderr, "interview-judge: sandbox: WARNING: no memory cgroup controller; "
				"falling back to RLIMIT_AS (MLE shows as RE, javascript runs without a memory limit)\n");
	if (judge_config.cgroups.version[CG_PIDS] == CGROUP_NONE)
		fprintf(stderr, "interview-judge: sandbox: WARNING: no pids cgroup controller; "
				"processes limited by RLIMIT_NPROC only\n");
	if (judge_config.cgroups.version[CG_CPU] == CGROUP_NONE)
		fprintf(stderr, "interview-judge: sandbox: WARNING: no cgroup CPU accounting; "
				"CPU time from rusage of waited processes\n");
	if (atexit(JudgeExit) != 0)
	{
		snprintf(err, errlen, "atexit: failed");
		return -1;
	}
	initialized = 1;
	return 0;
}

void
judge_detect_versions(const char *language)
{
	const Language *l = language_find(language);

	if (language == NULL)
		languages_detect_versions();
	else if (l != NULL)
		language_detect_version((Language *) l);
}

const char *
judge_language_version(const char *language)
{
	return language_version(language);
}

int
judge_ready(void)
{
	return initialized;
}
