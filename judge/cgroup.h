/*
 * cgroup.h
 *    Per-run control groups for the sandbox: memory (limit, peak, OOM
 *    events), pids (limit) and CPU accounting, each controller detected
 *    separately on cgroup v1 or v2 (or absent: the caller falls back to
 *    rlimits and rusage).
 *
 * A CgroupSetup is filled once (cgroup_detect or cgroup_setup_paths) and is
 * read-only afterwards, shared by all threads.  A Cgroup belongs to one run
 * of one thread: cgroup_create() makes its directories, cgroup_destroy()
 * removes them.  With cgroup_create_keep() the v1 pids and cpuacct groups
 * are one worker's, kept across its runs (checked empty, CPU usage reset):
 * only the memory group has to be fresh per run.  Children join by writing "0" to procs_fd[] (async-signal-safe):
 * cgroup.procs on v2, tasks on v1 (the child must be single-threaded).
 */
#ifndef INTERVIEW_CGROUP_H
#define INTERVIEW_CGROUP_H

#include <limits.h>
#include <stddef.h>

typedef enum CgroupVersion {
	CGROUP_NONE = 0,
	CGROUP_V1 = 1,
	CGROUP_V2 = 2
} CgroupVersion;

enum {
	CG_MEMORY = 0,
	CG_PIDS = 1,
	CG_CPU = 2,
	CG_NCTL = 3
};

typedef struct CgroupSetup {
	CgroupVersion version[CG_NCTL];
	char		dir[CG_NCTL][PATH_MAX];	/* parent of the per-run groups, per controller */
	int			dirfd[CG_NCTL];	/* open O_DIRECTORY on dir[], or -1 */
} CgroupSetup;

typedef struct Cgroup {
	const CgroupSetup *cs;
	char		name[96];
	int			ndirs;			/* distinct directories (v2 shares one for all) */
	int			dirfd[CG_NCTL];	/* per distinct directory */
	int			parentfd[CG_NCTL];	/* borrowed from cs */
	int			ctl_dir[CG_NCTL];	/* controller -> index into dirfd[], -1 none */
	int			procs_fd[CG_NCTL];	/* join file per distinct directory, O_WRONLY */
	int			cpu_fd;			/* cpuacct.usage (v1) or cpu.stat (v2), or -1 */
	int			kept[CG_NCTL];	/* per distinct directory: the worker's kept group */
	char		keep_name[96];
} Cgroup;

typedef struct CgroupStats {
	long long	peak_bytes;		/* -1 when the kernel does not report it */
	long long	oom_kills;		/* OOM kills inside the group */
	long long	failcnt;		/* v1: times the limit was hit; v2: memory.events max */
} CgroupStats;

/* Detects controllers under /sys/fs/cgroup and prepares <ctl>/<name>/ parents. 0 ok. */
int			cgroup_detect(CgroupSetup *cs, const char *name, char *err, size_t errlen);

/*
 * Same from explicit mount points (NULL: not mounted): v1 memory, pids and
 * cpuacct hierarchies and the v2 hierarchy.  Used by cgroup_detect and by tests
 * against a fake tree.  0 ok.
 */
int			cgroup_setup_paths(CgroupSetup *cs, const char *v1_memory, const char *v1_pids,
							   const char *v1_cpuacct, const char *v2, const char *name,
							   char *err, size_t errlen);

/*
 * Removes per-run groups ("<pid>-...") left behind by judge processes that no
 * longer exist, killing anything still inside.  Returns how many were removed.
 */
int			cgroup_remove_stale(const CgroupSetup *cs);

/* Removes this process's groups (kept ones included), killing anything inside; at exit. */
int			cgroup_remove_own(const CgroupSetup *cs);

/* One line describing the mode, for the start-up log. */
void		cgroup_describe(const CgroupSetup *cs, char *buf, size_t buflen);

/* Creates the run's groups with limits (mem_bytes <= 0 or pids <= 0: no limit). 0 ok. */
int			cgroup_create(Cgroup *cg, const CgroupSetup *cs, const char *name,
						  long long mem_bytes, int pids, char *err, size_t errlen);

/*
 * The same, but v1 pids and cpuacct groups are keep_name, made on first use
 * and kept by cgroup_destroy (names "<pid>-..." like the per-run ones, so
 * cgroup_remove_stale and cgroup_remove_own find them).  keep_name NULL: as
 * cgroup_create.  0 ok.
 */
int			cgroup_create_keep(Cgroup *cg, const CgroupSetup *cs, const char *name,
							   const char *keep_name, long long mem_bytes, int pids,
							   char *err, size_t errlen);

/* CPU time used by the group so far in ns; -1 when no CPU accounting. */
long long	cgroup_cpu_ns(const Cgroup *cg);

/* Memory statistics of the group. 0 ok. */
int			cgroup_stats(const Cgroup *cg, CgroupStats *st, char *err, size_t errlen);

/* Kills every process in the group (cgroup.kill, else one by one). 0 ok. */
int			cgroup_kill_all(const Cgroup *cg, char *err, size_t errlen);

/* Removes the group, first killing and waiting (bounded) for what is left in it; closes fds. 0 ok. */
int			cgroup_destroy(Cgroup *cg, char *err, size_t errlen);

#endif							/* INTERVIEW_CGROUP_H */
