/*
 * unit.c
 *    TAP unit tests of the judging core that need no compiler run:
 *    output comparison, UTF-8 excerpts, cgroup v2 and v1 handling against
 *    fake trees, host-side box handling with planted symlinks, the RLIMIT_AS
 *    fallback without memory cgroup, the cost of a run beside 256 MiB of
 *    judge memory, two threads judging at once through judge_run(), and
 *    abort by tick.
 *    Runs as root (box ownership, cgroups).  Usage: unit SCRATCH_DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "compare.h"
#include "judge.h"
#include "box.h"
#include "sandbox.h"

static int	ntest;
static int	nfail;

/* Prints one TAP result line. */
static void
Ok(int cond, const char *fmt,...)
{
	va_list		ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - ", cond ? "" : "not ", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Writes a whole file (creating it). */
static void
Put(const char *dir, const char *name, const char *text)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
	{
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* Reads a whole small file into a static buffer ("" when missing). */
static const char *
Get(const char *dir, const char *name)
{
	static char buf[4096];
	char		path[4096];
	FILE	   *f;
	size_t		n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* mkdir -p for one level, failing the run on error. */
static void
Mkdir(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
	{
		printf("Bail out! mkdir %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* compare_output on NUL-terminated strings. */
static int
Same(const char *a, const char *b)
{
	return compare_output(a, strlen(a), b, strlen(b));
}

/* Comparison rules. */
static void
TestCompare(void)
{
	char	   *x;

	Ok(Same("3\n", "3\n"), "compare: identical");
	Ok(Same("3", "3\n"), "compare: missing final newline ignored");
	Ok(Same("3\n\n\n", "3"), "compare: trailing newlines ignored");
	Ok(Same("1 2   \n3\t\n", "1 2\n3\n"), "compare: trailing spaces and tabs at line ends ignored");
	Ok(Same("1 2\r\n3\r\n", "1 2\n3\n"), "compare: CRLF line ends accepted");
	Ok(!Same("1  2\n", "1 2\n"), "compare: inner spaces matter");
	Ok(!Same(" 3\n", "3\n"), "compare: leading spaces matter");
	Ok(!Same("1\n\n2\n", "1\n2\n"), "compare: blank line in the middle matters");
	Ok(!Same("3\n4\n", "3\n"), "compare: extra line is wrong");
	Ok(!Same("", "0\n"), "compare: empty output against non-empty answer is wrong");
	Ok(Same("", "\n\n"), "compare: empty output matches an answer of newlines");
	Ok(!Same("12\n", "1\n"), "compare: prefix is not a match");
	Ok(compare_output("a\0b", 3, "a\0b\n", 4) && !compare_output("a\0b", 3, "a\0c", 3),
	   "compare: binary-safe");

	x = compare_excerpt("ok \xff\xfe end", 9, 100);
	Ok(x != NULL && strcmp(x, "ok \xEF\xBF\xBD\xEF\xBF\xBD end") == 0, "excerpt: invalid bytes become U+FFFD");
	free(x);
	x = compare_excerpt("a\0b", 3, 100);
	Ok(x != NULL && strcmp(x, "a\xEF\xBF\xBD" "b") == 0, "excerpt: NUL becomes U+FFFD");
	free(x);
	x = compare_excerpt("ab\xC3\xA9", 4, 3);
	Ok(x != NULL && strcmp(x, "ab") == 0, "excerpt: never splits a character at the limit");
	free(x);
	x = compare_excerpt("\xED\xA0\x80", 3, 100);
	Ok(x != NULL && strcmp(x, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") == 0, "excerpt: surrogates rejected");
	free(x);
}

/* The cgroup v2 code path against a fake cgroup2 tree. */
static void
TestFakeV2(const char *scratch)
{
	char		root[4096],
				parent[4096],
				run[4096],
				err[512],
				desc[1024];
	CgroupSetup cs;
	Cgroup		cg;
	CgroupStats st;
	int			rc;

	snprintf(root, sizeof(root), "%s/cg2", scratch);
	snprintf(parent, sizeof(parent), "%s/interview-judge", root);
	snprintf(run, sizeof(run), "%s/run1", parent);
	Mkdir(root);
	Mkdir(parent);
	Mkdir(run);
	Put(root, "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
	Put(root, "cgroup.subtree_control", "");
	Put(parent, "cgroup.subtree_control", "");
	/* what the kernel would create in the new group */
	Put(run, "cgroup.procs", "");
	Put(run, "memory.max", "");
	Put(run, "memory.swap.max", "");
	Put(run, "memory.oom.group", "");
	Put(run, "pids.max", "");
	Put(run, "cgroup.kill", "");
	Put(run, "cpu.stat", "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n");
	Put(run, "memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\noom_group_kill 1\n");
	Put(run, "memory.peak", "67100000\n");

	rc = cgroup_setup_paths(&cs, NULL, NULL, NULL, root, "interview-judge", err, sizeof(err));
	Ok(rc == 0, "cgroup v2: setup on a fake tree (%s)", rc == 0 ? "ok" : err);
	if (rc != 0)
		return;
	cgroup_describe(&cs, desc, sizeof(desc));
	Ok(cs.version[CG_MEMORY] == CGROUP_V2 && cs.version[CG_PIDS] == CGROUP_V2 &&
	   cs.version[CG_CPU] == CGROUP_V2, "cgroup v2: memory, pids and cpu detected as v2 (%s)", desc);
	Ok(strstr(Get(root, "cgroup.subtree_control"), "+memory") != NULL &&
	   strstr(Get(root, "cgroup.subtree_control"), "+pids") != NULL,
	   "cgroup v2: memory and pids enabled for children of the root");
	Ok(strstr(Get(parent, "cgroup.subtree_control"), "+memory +pids") != NULL,
	   "cgroup v2: memory and pids enabled below interview-judge");
	rc = cgroup_create(&cg, &cs, "run1", 64LL << 20, 32, err, sizeof(err));
	Ok(rc == 0, "cgroup v2: create run group (%s)", rc == 0 ? "ok" : err);
	if (rc != 0)
		return;
	Ok(cg.ndirs == 1, "cgroup v2: one directory serves every controller");
	Ok(strcmp(Get(run, "memory.max"), "67108864") == 0, "cgroup v2: memory.max written");
	Ok(strcmp(Get(run, "memory.swap.max"), "0") == 0, "cgroup v2: memory.swap.max is 0");
	Ok(strcmp(Get(run, "memory.oom.group"), "1") == 0, "cgroup v2: memory.oom.group is 1");
	Ok(strcmp(Get(run, "pids.max"), "32") == 0, "cgroup v2: pids.max written");
	Ok(cg.procs_fd[0] >= 0 && write(cg.procs_fd[0], "0", 1) == 1 &&
	   strcmp(Get(run, "cgroup.procs"), "0") == 0, "cgroup v2: cgroup.procs open for joining");
	Ok(cgroup_cpu_ns(&cg) == 123456000LL, "cgroup v2: CPU time from cpu.stat usage_usec");
	rc = cgroup_stats(&cg, &st, err, sizeof(err));
	Ok(rc == 0 && st.peak_bytes == 67100000LL, "cgroup v2: peak from memory.peak");
	Ok(rc == 0 && st.oom_kills == 1 && st.failcnt == 7, "cgroup v2: oom_kill and max events from memory.events");
	Put(run, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
	rc = cgroup_stats(&cg, &st, err, sizeof(err));
	Ok(rc == 0 && st.oom_kills == 0, "cgroup v2: no OOM kill reported as none");
	unlink(strcat(strcpy(err, run), "/memory.peak"));
	rc = cgroup_stats(&cg, &st, err, sizeof(err));
	Ok(rc == 0 && st.peak_bytes == -1, "cgroup v2: kernels without memory.peak report unknown peak");
	rc = cgroup_kill_all(&cg, err, sizeof(err));
	Ok(rc == 0 && strcmp(Get(run, "cgroup.kill"), "1") == 0, "cgroup v2: kill through cgroup.kill");
	{
		static const char *const files[] = {"cgroup.procs", "memory.max", "memory.swap.max",
			"memory.oom.group", "pids.max", "cgroup.kill", "cpu.stat", "memory.events"};
		char		path[4096];
		size_t		i;

		/* the kernel's files vanish with the group; the fake's must go first */
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		{
			snprintf(path, sizeof(path), "%s/%s", run, files[i]);
			unlink(path);
		}
		rc = cgroup_destroy(&cg, err, sizeof(err));
		Ok(rc == 0 && access(run, F_OK) != 0 && cg.cpu_fd == -1,
		   "cgroup v2: run group removed with rmdir, fds released (%s)", rc == 0 ? "ok" : err);
	}

	/* hybrid: v2 without memory, v1 memory mounted */
	{
		char		v1mem[4096];
		CgroupSetup cs2;

		snprintf(v1mem, sizeof(v1mem), "%s/v1memory", scratch);
		Mkdir(v1mem);
		Put(root, "cgroup.controllers", "cpu pids\n");
		rc = cgroup_setup_paths(&cs2, v1mem, NULL, NULL, root, "interview-judge", err, sizeof(err));
		Ok(rc == 0 && cs2.version[CG_MEMORY] == CGROUP_V1 && cs2.version[CG_PIDS] == CGROUP_V2,
		   "cgroup: each controller detected separately (memory v1, pids v2)");
		Put(root, "cgroup.controllers", "cpu\n");
		rc = cgroup_setup_paths(&cs2, NULL, NULL, NULL, root, "interview-judge", err, sizeof(err));
		Ok(rc == 0 && cs2.version[CG_MEMORY] == CGROUP_NONE && cs2.version[CG_PIDS] == CGROUP_NONE,
		   "cgroup: missing controllers reported as none (RLIMIT fallback)");
	}
}

/* The cgroup v1 code path against a fake tree of three hierarchies. */
static void
TestFakeV1(const char *scratch)
{
	char		m[4096],
				p[4096],
				c[4096],
				mr[4200],
				pr[4200],
				cr[4200],
				err[512];
	CgroupSetup cs;
	Cgroup		cg;
	CgroupStats st;
	int			rc;

	snprintf(m, sizeof(m), "%s/v1/memory", scratch);
	snprintf(p, sizeof(p), "%s/v1/pids", scratch);
	snprintf(c, sizeof(c), "%s/v1/cpuacct", scratch);
	snprintf(mr, sizeof(mr), "%s/v1", scratch);
	Mkdir(mr);
	Mkdir(m);
	Mkdir(p);
	Mkdir(c);
	snprintf(mr, sizeof(mr), "%s/interview-judge", m);
	Mkdir(mr);
	snprintf(pr, sizeof(pr), "%s/interview-judge", p);
	Mkdir(pr);
	snprintf(cr, sizeof(cr), "%s/interview-judge", c);
	Mkdir(cr);
	strcat(mr, "/r");
	strcat(pr, "/r");
	strcat(cr, "/r");
	Mkdir(mr);
	Mkdir(pr);
	Mkdir(cr);
	Put(mr, "cgroup.procs", "");
	Put(mr, "memory.limit_in_bytes", "");
	Put(mr, "memory.memsw.limit_in_bytes", "");
	Put(mr, "memory.max_usage_in_bytes", "5242880\n");
	Put(mr, "memory.failcnt", "12\n");
	Put(mr, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
	Put(pr, "cgroup.procs", "");
	Put(pr, "pids.max", "");
	Put(cr, "cgroup.procs", "");
	Put(cr, "cpuacct.usage", "987654321\n");
	Put(mr, "tasks", "");
	Put(pr, "tasks", "");
	Put(cr, "tasks", "");
	rc = cgroup_setup_paths(&cs, m, p, c, NULL, "interview-judge", err, sizeof(err));
	Ok(rc == 0 && cs.version[CG_MEMORY] == CGROUP_V1 && cs.version[CG_PIDS] == CGROUP_V1 &&
	   cs.version[CG_CPU] == CGROUP_V1, "cgroup v1: three hierarchies detected");
	if (rc != 0)
		return;
	rc = cgroup_create(&cg, &cs, "r", 1LL << 20, 9, err, sizeof(err));
	Ok(rc == 0 && cg.ndirs == 3, "cgroup v1: one group per hierarchy (%s)", rc == 0 ? "ok" : err);
	if (rc != 0)
		return;
	Ok(strcmp(Get(mr, "memory.limit_in_bytes"), "1048576") == 0 &&
	   strcmp(Get(mr, "memory.memsw.limit_in_bytes"), "1048576") == 0, "cgroup v1: memory and memsw limits");
	Ok(strcmp(Get(pr, "pids.max"), "9") == 0, "cgroup v1: pids.max");
	Ok(cg.procs_fd[0] >= 0 && write(cg.procs_fd[0], "0", 1) == 1 && strcmp(Get(mr, "tasks"), "0") == 0 &&
	   strcmp(Get(mr, "cgroup.procs"), "") == 0, "cgroup v1: joined through tasks");
	Ok(cgroup_cpu_ns(&cg) == 987654321LL, "cgroup v1: CPU time from cpuacct.usage");
	rc = cgroup_stats(&cg, &st, err, sizeof(err));
	Ok(rc == 0 && st.peak_bytes == 5242880 && st.oom_kills == 2 && st.failcnt == 12,
	   "cgroup v1: max_usage_in_bytes, oom_control oom_kill, failcnt");
	{
		char		ignore[256];

		/* fake directories hold files, so rmdir fails: only the fds must be released */
		cgroup_destroy(&cg, ignore, sizeof(ignore));
		Ok(cg.cpu_fd == -1 && cg.dirfd[0] == -1, "cgroup v1: destroy releases every fd");
	}
}

/*
 * Creates the box t.9 (owned by uid 64009) and fills spec for a run in it:
 * argv, envp, the box, that uid, no stdin, no network namespace, and the
 * limits both users share (64 MiB, 64 files, 1 MiB files, 8 MiB stack,
 * 64 KiB of output, 16 MiB of /tmp). 0 ok; -1 after a failed test line.
 */
static int
UnitSpec(SandboxConfig *cfg, SandboxSpec *spec, char *box, size_t boxlen,
		 const char *const *argv, const char *const *envp, const char *cgroup_name,
		 const char *what)
{
	char		err[512];
	int			fd,
				rc;

	snprintf(box, boxlen, "%s/t.9", cfg->box_root);
	rc = box_create(cfg, "t.9", 64009, 64009, &fd, err, sizeof(err));
	Ok(rc == 0, "%s: box created (%s)", what, rc == 0 ? "ok" : err);
	if (rc != 0)
		return -1;
	close(fd);
	memset(spec, 0, sizeof(*spec));
	spec->argv = argv;
	spec->envp = envp;
	spec->box_dir = box;
	spec->stdin_fd = -1;
	spec->uid = 64009;
	spec->gid = 64009;
	spec->cgroup_name = cgroup_name;
	spec->netns_fd = -1;
	spec->lim.memory_kb = 65536;
	spec->lim.nofile = 64;
	spec->lim.fsize_bytes = 1 << 20;
	spec->lim.stack_bytes = 8 << 20;
	spec->lim.output_bytes = 65536;
	spec->lim.tmp_mb = 16;
	return 0;
}

/*
 * Without memory and pids controllers the sandbox falls back to RLIMIT_AS
 * and RLIMIT_NPROC: a memory bomb sees malloc fail instead of an OOM kill.
 */
static void
TestFallback(SandboxConfig *cfg, const char *scratch)
{
	static const char *const argv[] = {"./bomb", NULL};
	static const char *const envp[] = {"PATH=/usr/bin:/bin", NULL};
	SandboxConfig *fb = malloc(sizeof(SandboxConfig));
	SandboxSpec spec;
	SandboxResult res;
	char		box[4200],
				cmd[8600],
				err[512];
	int			rc;

	if (UnitSpec(cfg, &spec, box, sizeof(box), argv, envp, "unit-fallback", "fallback") != 0 ||
		fb == NULL)
		return;
	snprintf(cmd, sizeof(cmd),
			 "printf '#include <stdlib.h>\n#include <string.h>\nint main(void){for(int i=0;i<4096;i++)"
			 "{char *p=malloc(1<<20);if(!p)return 3;memset(p,1,1<<20);}return 0;}\n' > %s/bomb.c && "
			 "gcc -O0 -o %s/bomb %s/bomb.c && chown 64009:64009 %s/bomb", scratch, box, scratch, box);
	Ok(system(cmd) == 0, "fallback: memory bomb compiled on the host");
	memcpy(fb, cfg, sizeof(*fb));
	fb->cgroups.version[CG_MEMORY] = CGROUP_NONE;
	fb->cgroups.version[CG_PIDS] = CGROUP_NONE;
	spec.lim.cpu_ms = 5000;
	spec.lim.wall_ms = 20000;
	spec.lim.as_kb = 65536;
	spec.lim.pids = 16;
	rc = sandbox_run(fb, &spec, &res, err, sizeof(err));
	Ok(rc == 0, "fallback: sandbox_run (%s)", rc == 0 ? "ok" : err);
	if (rc == 0)
	{
		Ok(res.exited && res.exit_code == 3 && !res.oom,
		   "fallback: RLIMIT_AS makes malloc fail at 64 MiB (exit %d, signal %d, oom %d)",
		   res.exit_code, res.signo, res.oom);
		sandbox_result_free(&res);
	}
	/* the same program under the memory cgroup is OOM-killed instead */
	spec.cgroup_name = "unit-memcg";
	rc = sandbox_run(cfg, &spec, &res, err, sizeof(err));
	Ok(rc == 0 && res.oom && res.signo == SIGKILL,
	   "memory cgroup: the same program is OOM-killed (oom %d, signal %d)", rc == 0 ? res.oom : -1,
	   rc == 0 ? res.signo : -1);
	if (rc == 0)
		sandbox_result_free(&res);
	rc = box_remove(cfg, "t.9", err, sizeof(err));
	Ok(rc == 0, "fallback: box removed");
	free(fb);
}

/* Median of n run times in ns (sorts them). */
static long long
MedianNs(long long *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--)
		{
			long long	t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* Median wall time of n runs of /usr/bin/true in the sandbox; -1 on failure. */
static long long
RunTimes(SandboxConfig *cfg, SandboxSpec *spec, int n)
{
	long long	t[15];
	char		err[512];

	for (int i = 0; i < n && i < 15; i++)
	{
		SandboxResult res;
		struct timespec a,
					b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (sandbox_run(cfg, spec, &res, err, sizeof(err)) != 0)
		{
			printf("# sandbox_run: %s\n", err);
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		sandbox_result_free(&res);
		if (!res.exited || res.exit_code != 0)
			return -1;
		t[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec;
	}
	return MedianNs(t, n);
}

/*
 * A run does not copy the judge's memory: its cost is the same while the
 * judge holds 256 MiB (test data of a large submission) as without.
 */
static void
TestRunCostFlat(SandboxConfig *cfg)
{
	static const char *const argv[] = {"/usr/bin/true", NULL};
	static const char *const envp[] = {"PATH=/usr/bin:/bin", NULL};
	size_t		big = 256u << 20;
	SandboxSpec spec;
	char		box[4200],
				err[512];
	char	   *ballast;
	long long	small_ns,
				large_ns;
	int			rc;

	if (UnitSpec(cfg, &spec, box, sizeof(box), argv, envp, "unit-cost", "cost") != 0)
		return;
	spec.lim.cpu_ms = 2000;
	spec.lim.wall_ms = 10000;
	spec.lim.as_kb = -1;
	spec.lim.pids = 64;
	small_ns = RunTimes(cfg, &spec, 15);
	ballast = malloc(big);
	if (ballast != NULL)
		memset(ballast, 1, big);
	large_ns = ballast != NULL ? RunTimes(cfg, &spec, 15) : -1;
	/* a copy of 256 MiB of page tables per run costs tens of ms (x10 and more) */
	Ok(small_ns > 0 && large_ns > 0 && large_ns < 3 * small_ns + 3000000,
	   "a run costs the same beside 256 MiB of judge memory (median %.2f ms, without %.2f ms)",
	   large_ns / 1e6, small_ns / 1e6);
	free(ballast);
	rc = box_remove(cfg, "t.9", err, sizeof(err));
	Ok(rc == 0, "cost: box removed");
}

/* Host-side box handling never follows symlinks. */
static void
TestBox(const char *scratch)
{
	SandboxConfig *cfg = calloc(1, sizeof(SandboxConfig));
	char		boxroot[4096],
				victim[4096],
				victimdir[4096],
				boxpath[4200],
				path[4300],
				err[512];
	int			fd,
				rc;
	struct stat sb;

	snprintf(boxroot, sizeof(boxroot), "%s/boxes", scratch);
	snprintf(victim, sizeof(victim), "%s/victim.txt", scratch);
	snprintf(victimdir, sizeof(victimdir), "%s/victimdir", scratch);
	Put(scratch, "victim.txt", "host secret\n");
	Mkdir(victimdir);
	Put(victimdir, "keep.txt", "keep\n");
	rc = sandbox_init(cfg, boxroot, NULL, err, sizeof(err));
	Ok(rc == 0, "sandbox_init (%s)", rc == 0 ? "ok" : err);
	if (rc != 0)
		return;
	Ok(stat(boxroot, &sb) == 0 && (sb.st_mode & 0777) == 0700 && sb.st_uid == 0,
	   "box root is mode 0700, owned by root");
	Ok(cfg->seccomp.len > 20, "seccomp program built (%u instructions)", (unsigned) cfg->seccomp.len);

	/* a symlink where the box will be: removed, target untouched */
	snprintf(boxpath, sizeof(boxpath), "%s/t.9", boxroot);
	Ok(symlink(victimdir, boxpath) == 0, "planted a symlink at the box's name");
	rc = box_create(cfg, "t.9", 64009, 64009, &fd, err, sizeof(err));
	Ok(rc == 0 && lstat(boxpath, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == 64009 &&
	   (sb.st_mode & 0777) == 0700, "box created as a real 0700 directory owned by the box uid");
	snprintf(path, sizeof(path), "%s/keep.txt", victimdir);
	Ok(access(path, F_OK) == 0, "symlinked directory's content untouched");
	if (rc != 0)
		return;
	/* a box user's symlinks and unreadable directories */
	snprintf(path, sizeof(path), "%s/evil", boxpath);
	Ok(symlink(victim, path) == 0, "planted box/evil -> host file");
	snprintf(path, sizeof(path), "%s/evildir", boxpath);
	Ok(symlink(victimdir, path) == 0, "planted box/evildir -> host directory");
	snprintf(path, sizeof(path), "%s/sub", boxpath);
	Mkdir(path);
	snprintf(path, sizeof(path), "%s/sub/link", boxpath);
	Ok(symlink(victim, path) == 0, "planted box/sub/link -> host file");
	snprintf(path, sizeof(path), "%s/sub", boxpath);
	chmod(path, 0);
	Ok(box_has_regular_file(fd, "evil") == 0, "a symlink is not taken for the program file");
	rc = box_write_file(fd, "evil", "overwrite", 9, 64009, 64009, err, sizeof(err));
	Ok(rc != 0 && strcmp(Get(scratch, "victim.txt"), "host secret\n") == 0,
	   "writing a file over a symlink fails and the host file is unchanged");
	Ok(stat(victim, &sb) == 0 && sb.st_uid == 0, "host file kept its owner");
	rc = box_write_file(fd, "main.c", "int main(void){return 0;}\n", 26, 64009, 64009, err, sizeof(err));
	Ok(rc == 0 && box_has_regular_file(fd, "main.c"), "source written into the box");
	close(fd);
	rc = box_remove(cfg, "t.9", err, sizeof(err));
	Ok(rc == 0 && access(boxpath, F_OK) != 0, "box removed (%s)", rc == 0 ? "ok" : err);
	Ok(strcmp(Get(scratch, "victim.txt"), "host secret\n") == 0, "host file behind the symlinks intact");
	snprintf(path, sizeof(path), "%s/keep.txt", victimdir);
	Ok(access(path, F_OK) == 0, "host directory behind the symlink intact");
	TestFallback(cfg, scratch);
	TestRunCostFlat(cfg);
	free(cfg->seccomp.filter);
	free(cfg);
}

/* One judging thread's job and outcome. */
typedef struct ThreadJob {
	JudgeJob	job;
	JudgeResult res;
	int			rc;
	char		err[512];
} ThreadJob;

/* Thread body: judge one job. */
static void *
JudgeThread(void *arg)
{
	ThreadJob  *t = arg;

	t->rc = judge_run(&t->job, &t->res, NULL, NULL, t->err, sizeof(t->err));
	return NULL;
}

/* Two workers judge at once in one process. */
static void
TestThreads(const char *scratch)
{
	static const char code[] =
		"#include <stdio.h>\nint main(void){long a,b; if(scanf(\"%ld %ld\",&a,&b)!=2) return 1;"
		" printf(\"%ld\\n\", a+b); return 0;}\n";
	static const char pycode[] = "a, b = map(int, input().split())\nprint(a - b)\n";
	JudgeTest	tests[2] = {
		{1, 1, "1 2\n", 4, "3\n", 2, 0},
		{2, 2, "40 2\n", 5, "42\n", 3, 0},
	};
	ThreadJob	t[2];
	pthread_t	th[2];
	char		boxroot[4096],
				langfile[4096],
				err[512];
	int			i,
				rc;
	char	   *json;

	snprintf(boxroot, sizeof(boxroot), "%s/boxes", scratch);
	judge_set_box_root(boxroot);
	/* the language file of this tree, not the installed one */
	snprintf(langfile, sizeof(langfile), "%s/judge/languages.conf", getenv("TOP") ? getenv("TOP") : ".");
	judge_set_languages_file(langfile);
	rc = judge_init(err, sizeof(err));
	Ok(rc == 0, "judge_init (%s)", rc == 0 ? "ok" : err);
	if (rc != 0)
		return;
	judge_detect_versions("c");
	judge_detect_versions("python3");
	judge_detect_versions("javascript");
	Ok(strncmp(judge_language_version("c"), "gcc", 3) == 0, "language version of c: %s", judge_language_version("c"));
	Ok(strncmp(judge_language_version("python3"), "Python 3", 8) == 0, "language version of python3: %s",
	   judge_language_version("python3"));
	Ok(strncmp(judge_language_version("javascript"), "node v", 6) == 0, "language version of javascript: %s",
	   judge_language_version("javascript"));
	memset(t, 0, sizeof(t));
	for (i = 0; i < 2; i++)
	{
		t[i].job.submission_id = i + 1;
		t[i].job.language = i == 0 ? "c" : "python3";
		t[i].job.code = i == 0 ? code : pycode;
		t[i].job.code_len = strlen(t[i].job.code);
		t[i].job.time_limit_ms = 1000;
		t[i].job.memory_limit_kb = 65536;
		t[i].job.ntests = 2;
		t[i].job.tests = tests;
		t[i].job.worker = 7 + i;
		if (pthread_create(&th[i], NULL, JudgeThread, &t[i]) != 0)
		{
			printf("Bail out! pthread_create\n");
			exit(1);
		}
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	Ok(t[0].rc == 0 && strcmp(t[0].res.verdict, "AC") == 0 && t[0].res.ntests == 2,
	   "thread 1 (worker 7, c): AC on both tests (%s)", t[0].rc == 0 ? t[0].res.verdict : t[0].err);
	Ok(t[1].rc == 0 && strcmp(t[1].res.verdict, "WA") == 0 && t[1].res.failed_at == 1 &&
	   t[1].res.failed_output != NULL && strcmp(t[1].res.failed_output, "-1\n") == 0,
	   "thread 2 (worker 8, python3): WA at test 1 with its output");
	json = t[1].rc == 0 ? judge_result_json(&t[1].res, "host:1/8") : NULL;
	Ok(json != NULL && strstr(json, "\"verdict\":\"WA\"") && strstr(json, "\"failed_at\":1") &&
	   strstr(json, "\"test_case_id\":1") && strstr(json, "\"worker\":\"host:1/8\"") &&
	   strstr(json, "\"language_version\":\"Python 3"), "report JSON: %s", json ? json : "(null)");
	free(json);
	for (i = 0; i < 2; i++)
		if (t[i].rc == 0)
			judge_result_free(&t[i].res);
}

/* Aborting through the tick callback. */
static int
AbortTick(void *arg)
{
	int		   *calls = arg;

	return ++*calls >= 1;
}

/* A tick returning non-zero aborts the run with -2 and leaves nothing behind. */
static void
TestAbort(void)
{
	static const char code[] = "int main(void){ for(;;); }\n";
	JudgeTest	test = {1, 1, "", 0, "", 0, 0};
	JudgeJob	job;
	JudgeResult res;
	char		err[512];
	int			calls = 0;
	int			rc;

	memset(&job, 0, sizeof(job));
	job.language = "c";
	job.code = code;
	job.code_len = strlen(code);
	job.time_limit_ms = 5000;
	job.memory_limit_kb = 65536;
	job.ntests = 1;
	job.tests = &test;
	job.worker = 7;
	rc = judge_run(&job, &res, AbortTick, &calls, err, sizeof(err));
	Ok(rc == -2 && calls >= 1, "tick returning non-zero aborts judge_run with -2 (rc %d, %d calls)", rc, calls);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
	{
		fprintf(stderr, "usage: unit SCRATCH_DIR\n");
		return 2;
	}
	TestCompare();
	TestFakeV2(argv[1]);
	TestFakeV1(argv[1]);
	TestBox(argv[1]);
	TestThreads(argv[1]);
	TestAbort();
	printf("1..%d\n", ntest);
	return nfail != 0;
}
