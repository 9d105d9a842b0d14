/*
 * step.c
 *    The steps of one job in the sandbox, shared by the test loop
 *    (judge.c), runs on own input (runcode.c) and custom checkers
 *    (checker.c): the worker's network namespace, a fresh box with the
 *    source, compile once, one execution under the job's limits, the
 *    verdict of a run that broke a limit, and the tick that lets the
 *    caller abort.
 *
 *    Global state: the workers' network namespaces (made on first use,
 *    under a mutex) and a run counter updated atomically.  Must not know
 *    tests, checkers or reports: those are the callers'.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "box.h"
#include "compare.h"
#include "judge-int.h"
#include "languages.h"
#include "sandbox.h"

#define MAX_WORKERS JUDGE_MAX_WORKERS
#define COMPILE_OUTPUT_BYTES (1024 * 1024)
#define COMPILE_KEEP_BYTES (64 * 1024)
#define RUN_FSIZE_BYTES (16LL * 1024 * 1024)
#define TICK_INTERVAL_NS (500 * 1000000LL)

static const char *const sandbox_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8", "TMPDIR=/tmp", NULL
};

#define ENV_MAX 32
#define ARGV_BYTES 8192

/* A command and environment expanded from a language's templates for one run. */
typedef struct Command {
	const char *argv[LANG_MAX_ARGS];
	const char *envp[ENV_MAX];
	char		buf[ARGV_BYTES];
	char		envbuf[ARGV_BYTES];
} Command;

static unsigned long run_counter;
static pthread_mutex_t netns_lock = PTHREAD_MUTEX_INITIALIZER;
static int	netns_fds[MAX_WORKERS];	/* per worker, 0 = not made yet (fd 0 is never one) */

/* Monotonic clock in ns. */
static long long
ClockNs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sandbox timer callback: forwards to the caller's tick every 500 ms. */
int
judge_tick_forward(void *arg)
{
	TickState  *ts = arg;
	long long	now;

	if (ts->tick == NULL)
		return 0;
	now = ClockNs();
	if (now - ts->last_ns < TICK_INTERVAL_NS)
		return 0;
	ts->last_ns = now;
	if (ts->tick(ts->arg) != 0)
		ts->aborted = 1;
	return ts->aborted;
}

/* A sealed memfd holding a test's input, positioned at 0; -1 with err on failure. */
static int
InputFd(const char *data, size_t len, char *err, size_t errlen)
{
	int			fd = memfd_create("input", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
	{
		snprintf(err, errlen, "memfd_create(input): %s", strerror(errno));
		return -1;
	}
	if (box_write_all(fd, data, len) != 0)
	{
		snprintf(err, errlen, "write(input memfd): %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
	{
		snprintf(err, errlen, "fcntl(input memfd, F_ADD_SEALS): %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
	{
		snprintf(err, errlen, "lseek(input memfd): %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Name of a signal as "SIGSEGV". */
static void
SignalName(int signo, char *buf, size_t buflen)
{
	const char *abbrev = sigabbrev_np(signo);

	if (abbrev != NULL)
		snprintf(buf, buflen, "SIG%s", abbrev);
	else
		snprintf(buf, buflen, "signal %d", signo);
}

/* Builds the CE compile output: the compiler's words plus why it stopped. */
static char *
CompileOutput(const SandboxResult *sr, const char *why)
{
	char	   *text = compare_excerpt(sr->output, sr->output_len, COMPILE_KEEP_BYTES - 256);
	char	   *out;
	size_t		len;

	if (text == NULL || why == NULL)
		return text;
	len = strlen(text) + strlen(why) + 4;
	out = malloc(len);
	if (out == NULL)
		return text;
	snprintf(out, len, "%s%s%s\n", text, text[0] != '\0' && text[strlen(text) - 1] != '\n' ? "\n" : "", why);
	free(text);
	return out;
}

/* The worker's empty network namespace, made on first use; -1 with err. */
static int
WorkerNetns(int worker, char *err, size_t errlen)
{
	int			fd;

	if (pthread_mutex_lock(&netns_lock) != 0)
	{
		snprintf(err, errlen, "pthread_mutex_lock(netns)");
		return -1;
	}
	if (netns_fds[worker] <= 0)
	{
		fd = sandbox_netns_create(err, errlen);
		if (fd > 0)
			netns_fds[worker] = fd;
		else if (fd == 0)
		{
			close(fd);
			snprintf(err, errlen, "sandbox_netns_create: got fd 0");
		}
	}
	fd = netns_fds[worker] > 0 ? netns_fds[worker] : -1;
	pthread_mutex_unlock(&netns_lock);
	return fd;
}

/* Fills the sandbox spec fields shared by compile and run. */
void
judge_spec_common(SandboxSpec *spec, const JudgeJob *job, const char *boxdir, const char *cgname,
				  TickState *ts)
{
	static __thread char keep[48];

	/* the worker's v1 pids and CPU groups serve all its runs; memory is per run */
	snprintf(keep, sizeof(keep), "%ld-w%d", (long) getpid(), job->worker);
	memset(spec, 0, sizeof(*spec));
	spec->cgroup_keep_name = keep;
	spec->netns_fd = netns_fds[job->worker];
	spec->mntns_fd = language_find(job->language) ? language_find(job->language)->mntns_fd : -1;
	spec->envp = sandbox_env;
	spec->box_dir = boxdir;
	spec->uid = (uid_t) (BOX_UID_BASE + job->worker);
	spec->gid = (gid_t) (BOX_UID_BASE + job->worker);
	spec->cgroup_name = cgname;
	spec->tick = judge_tick_forward;
	spec->tick_arg = ts;
	spec->stdin_fd = -1;
}

/* Expands a command template and the language's environment for a run. 0 ok, -1 with err. */
static int
CommandExpand(Command *c, const Language *lang, char *const *tmpl, long long memory_kb,
			  long long total_kb, char *err, size_t errlen)
{
	LanguageVars vars = {.memory_kb = memory_kb, .total_kb = total_kb};
	int			n = 0;

	if (language_expand(tmpl, &vars, c->buf, sizeof(c->buf), c->argv, LANG_MAX_ARGS) != 0 ||
		language_expand(lang->env, &vars, c->envbuf, sizeof(c->envbuf), c->envp, ENV_MAX - 8) != 0)
	{
		snprintf(err, errlen, "language %s: command or environment too long", lang->id);
		return -1;
	}
	/* the language's own settings come first: getenv() takes the first */
	while (c->envp[n] != NULL)
		n++;
	for (int i = 0; sandbox_env[i] != NULL; i++)
		c->envp[n++] = sandbox_env[i];
	c->envp[n] = NULL;
	return 0;
}

/* Why a compile step failed, or NULL when it succeeded; whybuf may hold the text. */
static const char *
CompileFailure(const Language *lang, const SandboxResult *sr, int boxfd, int last,
			   char *whybuf, size_t whylen)
{
	char		name[32];

	if (sr->oom)
		snprintf(whybuf, whylen, "compilation exceeded its memory limit (%d MiB)",
				 lang->compile_memory_kb / 1024);
	else if (sr->output_exceeded)
		snprintf(whybuf, whylen, "compilation exceeded its output limit (1 MiB)");
	else if (sr->cpu_exceeded || sr->wall_exceeded || sr->signo == SIGXCPU)
		snprintf(whybuf, whylen, "compilation exceeded its time limit (%d s)",
				 (lang->compile_cpu_ms + 999) / 1000);
	else if (sr->signo == SIGXFSZ)
		snprintf(whybuf, whylen, "compilation exceeded its file size limit");
	else if (sr->signo != 0)
	{
		SignalName(sr->signo, name, sizeof(name));
		snprintf(whybuf, whylen, "compiler killed by %s", name);
	}
	else if (sr->exit_code != 0)
		return "";
	else if (last && lang->output != NULL && !box_has_regular_file(boxfd, lang->output))
		snprintf(whybuf, whylen, "compiler produced no program");
	else
		return NULL;
	return whybuf;
}

/* Compiles in the box, step by step; 0 ok (res->verdict "CE" set on failure), -1 infra, -2 aborted. */
int
judge_compile(const JudgeJob *job, const Language *lang, int boxfd, const char *boxdir,
			  const char *cgname, TickState *ts, JudgeResult *res, char *err, size_t errlen)
{
	SandboxSpec spec;
	SandboxResult sr;
	Command		cmd;
	const char *why = NULL;
	char		whybuf[128],
				stepcg[128];

	for (int step = 0; step < lang->ncompile && why == NULL; step++)
	{
		snprintf(stepcg, sizeof(stepcg), "%s-c%d", cgname, step);
		judge_spec_common(&spec, job, boxdir, stepcg, ts);
		spec.mntns_fd = lang->mntns_fd;
		if (CommandExpand(&cmd, lang, lang->compile[step], lang->compile_memory_kb,
						  lang->compile_memory_kb, err, errlen) != 0)
			return -1;
		spec.argv = cmd.argv;
		spec.envp = cmd.envp;
		spec.box_writable = 1;
		spec.merge_stderr = 1;
		spec.lim.cpu_ms = lang->compile_cpu_ms;
		spec.lim.wall_ms = lang->compile_cpu_ms * 3 / 2;
		spec.lim.memory_kb = lang->compile_memory_kb;
		spec.lim.as_kb = lang->as_extra_kb < 0 ? -1 : lang->compile_memory_kb + lang->as_extra_kb;
		spec.lim.pids = lang->compile_pids;
		spec.lim.nofile = 256;
		spec.lim.fsize_bytes = 256LL * 1024 * 1024;
		spec.lim.stack_bytes = 64LL * 1024 * 1024;
		spec.lim.output_bytes = COMPILE_OUTPUT_BYTES;
		spec.lim.tmp_mb = 256;
		if (sandbox_run(&judge_config, &spec, &sr, err, errlen) != 0)
			return -1;
		if (sr.aborted || ts->aborted)
		{
			sandbox_result_free(&sr);
			return -2;
		}
		why = CompileFailure(lang, &sr, boxfd, step == lang->ncompile - 1, whybuf, sizeof(whybuf));
		if (why != NULL)
		{
			snprintf(res->verdict, sizeof(res->verdict), "CE");
			res->compile_output = CompileOutput(&sr, why[0] != '\0' ? why : NULL);
			if (res->compile_output == NULL)
			{
				snprintf(err, errlen, "malloc(compile output): out of memory");
				sandbox_result_free(&sr);
				return -1;
			}
		}
		sandbox_result_free(&sr);
	}
	return 0;
}

/*
 * Runs the compiled program once on input under the job's limits (stdout
 * kept up to ole bytes); errfd > 0 receives its stderr. 0: *sr filled (the
 * caller frees it), -1 infra, -2 aborted.
 */
int
judge_execute(const JudgeJob *job, const Language *lang, const char *input, size_t input_len,
			  long long ole, int errfd, const char *boxdir, const char *cgname, TickState *ts,
			  SandboxResult *sr, char *err, size_t errlen)
{
	SandboxSpec spec;
	long long	cpu_ms = (long long) job->time_limit_ms * lang->time_percent / 100 + lang->time_extra_ms;
	long long	mem_kb = (long long) job->memory_limit_kb + lang->memory_extra_kb;
	Command		cmd;
	int			infd;
	int			rc;

	judge_spec_common(&spec, job, boxdir, cgname, ts);
	spec.mntns_fd = lang->mntns_fd;
	if (CommandExpand(&cmd, lang, lang->run, job->memory_limit_kb, mem_kb, err, errlen) != 0)
		return -1;
	spec.argv = cmd.argv;
	spec.envp = cmd.envp;
	spec.box_writable = 0;
	spec.merge_stderr = 0;
	spec.stderr_fd = errfd;
	spec.lim.cpu_ms = (int) cpu_ms;
	spec.lim.wall_ms = (int) (2 * cpu_ms + 1000);
	spec.lim.memory_kb = mem_kb;
	spec.lim.as_kb = lang->as_extra_kb < 0 ? -1 : mem_kb + lang->as_extra_kb;
	spec.lim.pids = lang->pids;
	spec.lim.nofile = lang->nofile;
	spec.lim.fsize_bytes = RUN_FSIZE_BYTES;
	spec.lim.stack_bytes = mem_kb * 1024 / 2;
	if (spec.lim.stack_bytes < 8LL * 1024 * 1024)
		spec.lim.stack_bytes = 8LL * 1024 * 1024;
	spec.lim.output_bytes = ole;
	spec.lim.tmp_mb = 64;

	infd = InputFd(input, input_len, err, errlen);
	if (infd < 0)
		return -1;
	spec.stdin_fd = infd;
	rc = sandbox_run(&judge_config, &spec, sr, err, errlen);
	close(infd);
	if (rc != 0)
		return -1;
	if (sr->aborted || ts->aborted)
	{
		sandbox_result_free(sr);
		return -2;
	}
	/* a runtime that caps its own heap (JVM -Xmx, Mono) fails before the cgroup kills it */
	if ((sr->signo != 0 || (sr->exited && sr->exit_code != 0)) && sr->peak_kb >= job->memory_limit_kb)
		sr->oom = 1;
	return 0;
}

void
judge_classify(const SandboxResult *sr, char verdict[4], char *detail, size_t detaillen)
{
	verdict[0] = '\0';
	detail[0] = '\0';
	if (sr->oom)
		snprintf(verdict, 4, "MLE");
	else if (sr->output_exceeded)
		snprintf(verdict, 4, "OLE");
	else if (sr->cpu_exceeded || sr->wall_exceeded || sr->signo == SIGXCPU)
	{
		snprintf(verdict, 4, "TLE");
		if (sr->wall_exceeded && !sr->cpu_exceeded)
			snprintf(detail, detaillen, "wall time");
	}
	else if (sr->signo == SIGXFSZ)
	{
		snprintf(verdict, 4, "OLE");
		snprintf(detail, detaillen, "file size limit");
	}
	else if (sr->signo != 0)
	{
		snprintf(verdict, 4, "RE");
		SignalName(sr->signo, detail, detaillen);
	}
	else if (sr->exit_code != 0)
	{
		snprintf(verdict, 4, "RE");
		snprintf(detail, detaillen, "exit %d", sr->exit_code);
	}
}

void
judge_cgroup_name(char *buf, size_t len, int worker)
{
	snprintf(buf, len, "%ld-%d-%lu", (long) getpid(), worker,
			 __atomic_add_fetch(&run_counter, 1, __ATOMIC_RELAXED));
}

/*
 * Starts a job: checks the worker, finds the language (an unknown one is a
 * CE), makes the network namespace and a fresh box with the source, and
 * compiles. 0: compiled, or res->verdict set (CE); -1 infra; -2 aborted.
 * *boxfd and boxname are set once the box exists (the caller removes it).
 */
int
judge_begin(const JudgeJob *job, JudgeResult *res, TickState *ts, const Language **langp,
			char *boxname, char *boxdir, int *boxfd, char *err, size_t errlen)
{
	const Language *lang;
	char		cgname[96];

	*boxfd = -1;
	if (!judge_ready())
	{
		snprintf(err, errlen, "judge_run: judge_init was not called");
		return -1;
	}
	if (job->worker < 0 || job->worker >= MAX_WORKERS)
	{
		snprintf(err, errlen, "judge_run: worker %d out of range 0..%d", job->worker, MAX_WORKERS - 1);
		return -1;
	}
	snprintf(res->language_version, sizeof(res->language_version), "%s",
			 judge_language_version(job->language));
	lang = language_find(job->language);
	*langp = lang;
	if (lang == NULL || !lang->available)
	{
		size_t		len = 64 + strlen(job->language ? job->language : "");

		snprintf(res->verdict, sizeof(res->verdict), "CE");
		res->compile_output = malloc(len);
		if (res->compile_output == NULL)
		{
			snprintf(err, errlen, "malloc(compile output): out of memory");
			return -1;
		}
		snprintf(res->compile_output, len, "the judge cannot run language %s\n",
				 job->language ? job->language : "(null)");
		return 0;
	}
	if (WorkerNetns(job->worker, err, errlen) < 0)
		return -1;
	snprintf(boxname, 64, "%ld.%d", (long) getpid(), job->worker);
	snprintf(boxdir, PATH_MAX, "%s/%s", judge_config.box_root, boxname);
	judge_cgroup_name(cgname, sizeof(cgname), job->worker);
	if (box_create(&judge_config, boxname, (uid_t) (BOX_UID_BASE + job->worker),
				   (gid_t) (BOX_UID_BASE + job->worker), boxfd, err, errlen) != 0)
		return -1;
	if (box_write_file(*boxfd, lang->source, job->code, job->code_len,
					   (uid_t) (BOX_UID_BASE + job->worker), (gid_t) (BOX_UID_BASE + job->worker),
					   err, errlen) != 0)
		return -1;
	return judge_compile(job, lang, *boxfd, boxdir, cgname, ts, res, err, errlen);
}

/* Ends a job: closes and removes its box; rc is the job's outcome so far. */
int
judge_end(int rc, int boxfd, const char *boxname, char *err, size_t errlen)
{
	char		ignore[256];

	if (boxfd >= 0)
		close(boxfd);
	if (boxname[0] != '\0' &&
		box_remove(&judge_config, boxname, rc == 0 ? err : ignore, rc == 0 ? errlen : sizeof(ignore)) != 0 &&
		rc == 0)
		rc = -1;
	return rc;
}

void
judge_tick_init(TickState *ts, JudgeTick tick, void *tick_arg)
{
	memset(ts, 0, sizeof(*ts));
	ts->tick = tick;
	ts->arg = tick_arg;
	ts->last_ns = ClockNs();
}
