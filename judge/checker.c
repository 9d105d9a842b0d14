/*
 * checker.c
 *    The problem's checker for each test (see checker.h): built-in
 *    comparisons, or a custom program run in the sandbox.
 *
 * Custom checkers: the first worker that needs one compiles it in its own
 * box "<pid>.<worker>.ck" and renames the box to checkers/<problem>-<hash>
 * (a compile error is cached too, as the file checker.failed).  Each check
 * copies the cached files into a fresh box "<pid>.<worker>.cr" with input,
 * expected and output, runs the checker there as the worker's uid with a
 * read-only box, and reads its exit status: 0 AC, 1 WA, anything else
 * (other codes, signals, limits) IE.  The host side never follows a
 * symlink and copies regular files only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"
#include "checker.h"
#include "compare.h"

#define CACHE_DIR "checkers"
#define FAILED_FILE "checker.failed"
#define CHECK_CPU_MS 10000
#define CHECK_MEMORY_KB (512 * 1024)
#define CHECK_OUTPUT_BYTES (64 * 1024)
#define MAX_CACHED_FILE (64LL * 1024 * 1024)

/* Marks the checker unusable with a message (every check then gives IE). */
static void
Broken(Checker *ck, const char *fmt, const char *arg)
{
	ck->kind = CK_BROKEN;
	snprintf(ck->message, sizeof(ck->message), fmt, arg);
}

/* Copies the first line of text (at most max - 1 bytes) into buf. */
static void
FirstLine(char *buf, size_t max, const char *text, size_t len)
{
	char	   *ex = compare_excerpt(text, len, max - 1);
	size_t		n = 0;

	if (ex != NULL)
		while (ex[n] != '\0' && ex[n] != '\n')
			n++;
	if (n > 0)
		memcpy(buf, ex, n);
	buf[n] = '\0';
	free(ex);
}

/* Reads a whole regular file at dirfd/name (not following symlinks); malloc'd, NULL on failure. */
static char *
ReadFile(int dirfd, const char *name, size_t *len)
{
	int			fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	char	   *buf = NULL;
	size_t		off = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_CACHED_FILE)
		goto done;
	buf = malloc((size_t) st.st_size + 1);
	if (buf == NULL)
		goto done;
	while (off < (size_t) st.st_size)
	{
		ssize_t		n = read(fd, buf + off, (size_t) st.st_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
		{
			free(buf);
			buf = NULL;
			goto done;
		}
		off += (size_t) n;
	}
	buf[off] = '\0';
	*len = off;
done:
	close(fd);
	return buf;
}

/* Copies the regular files of the cache entry into the box, keeping exec bits. 0 ok. */
static int
CopyEntry(const Checker *ck, int boxfd, uid_t uid, gid_t gid, char *err, size_t errlen)
{
	int			fd = openat(judge_config.box_root_fd, ck->entry,
							O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR		   *d;
	struct dirent *de;
	int			rc = 0;

	if (fd < 0 || (d = fdopendir(fd)) == NULL)
	{
		snprintf(err, errlen, "open(%s/%s): %s", judge_config.box_root, ck->entry, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL)
	{
		struct stat st;
		char	   *data;
		size_t		len = 0;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
			!S_ISREG(st.st_mode) || strcmp(de->d_name, FAILED_FILE) == 0)
			continue;
		data = ReadFile(dirfd(d), de->d_name, &len);
		if (data == NULL)
		{
			snprintf(err, errlen, "read(%s/%s): %s", ck->entry, de->d_name, strerror(errno));
			rc = -1;
			break;
		}
		rc = box_write_file(boxfd, de->d_name, data, len, uid, gid, err, errlen);
		free(data);
		if (rc == 0 && fchmodat(boxfd, de->d_name, st.st_mode & 0755, 0) != 0)
		{
			snprintf(err, errlen, "fchmodat(%s): %s", de->d_name, strerror(errno));
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

/* Looks the entry up: 1 cached (ck may become CK_BROKEN), 0 absent. */
static int
LookUp(Checker *ck)
{
	int			fd = openat(judge_config.box_root_fd, ck->entry,
							O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	char	   *text;
	size_t		len = 0;

	if (fd < 0)
		return 0;
	text = ReadFile(fd, FAILED_FILE, &len);
	close(fd);
	if (text != NULL)
	{
		ck->kind = CK_BROKEN;
		FirstLine(ck->message, sizeof(ck->message), text, len);
		free(text);
	}
	return 1;
}

/* Compiles a custom checker into the cache (or finds another worker did). 0, -1, -2. */
static int
Compile(const JudgeJob *job, TickState *ts, Checker *ck, char *err, size_t errlen)
{
	JudgeJob	cjob = *job;
	JudgeResult cres;
	char		name[64],
				boxdir[PATH_MAX],
				cgname[96];
	uid_t		uid = (uid_t) (BOX_UID_BASE + job->worker);
	int			boxfd = -1;
	int			rc;

	memset(&cres, 0, sizeof(cres));
	cjob.language = job->checker.language;
	cjob.code = job->checker.code;
	cjob.code_len = job->checker.code_len;
	snprintf(name, sizeof(name), "%ld.%d.ck", (long) getpid(), job->worker);
	snprintf(boxdir, sizeof(boxdir), "%s/%s", judge_config.box_root, name);
	judge_cgroup_name(cgname, sizeof(cgname), job->worker);
	rc = box_create(&judge_config, name, uid, uid, &boxfd, err, errlen);
	if (rc == 0)
		rc = box_write_file(boxfd, ck->lang->source, cjob.code, cjob.code_len, uid, uid, err, errlen);
	if (rc == 0)
		rc = judge_compile(&cjob, ck->lang, boxfd, boxdir, cgname, ts, &cres, err, errlen);
	if (rc == 0 && cres.verdict[0] != '\0')
	{
		/* cached as failed: staff see the compiler's first line with every IE */
		char		msg[200] = "checker compile error: ";
		size_t		n = strlen(msg);

		if (cres.compile_output != NULL)
			FirstLine(msg + n, sizeof(msg) - n, cres.compile_output, strlen(cres.compile_output));
		rc = box_write_file(boxfd, FAILED_FILE, msg, strlen(msg), 0, 0, err, errlen);
	}
	free(cres.compile_output);
	if (boxfd >= 0)
		close(boxfd);
	if (rc == 0 && mkdirat(judge_config.box_root_fd, CACHE_DIR, 0755) != 0 && errno != EEXIST)
	{
		snprintf(err, errlen, "mkdir(%s/%s): %s", judge_config.box_root, CACHE_DIR, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && renameat(judge_config.box_root_fd, name, judge_config.box_root_fd, ck->entry) != 0 &&
		errno != EEXIST && errno != ENOTEMPTY)
	{
		snprintf(err, errlen, "rename(%s, %s): %s", name, ck->entry, strerror(errno));
		rc = -1;
	}
	{
		char		ignore[256];

		/* gone after a rename; ours to drop when another worker cached it first */
		box_remove(&judge_config, name, ignore, sizeof(ignore));
	}
	if (rc == 0 && !LookUp(ck))
	{
		snprintf(err, errlen, "checker cache entry %s vanished", ck->entry);
		rc = -1;
	}
	return rc;
}

int
checker_open(const JudgeJob *job, TickState *ts, Checker *ck, char *err, size_t errlen)
{
	const JudgeChecker *jc = &job->checker;
	const char *kind = jc->kind != NULL ? jc->kind : "exact";

	memset(ck, 0, sizeof(*ck));
	if (strcmp(kind, "exact") == 0)
		ck->kind = CK_EXACT;
	else if (strcmp(kind, "tokens") == 0)
		ck->kind = CK_TOKENS;
	else if (strcmp(kind, "unordered") == 0)
		ck->kind = CK_UNORDERED;
	else if (strncmp(kind, "float:", 6) == 0)
	{
		char	   *end;

		ck->kind = CK_FLOAT;
		ck->eps = strtod(kind + 6, &end);
		if (end == kind + 6 || *end != '\0' || !isfinite(ck->eps) || ck->eps < 0)
			Broken(ck, "invalid float tolerance %s", kind);
	}
	else if (strcmp(kind, "custom") == 0)
	{
		size_t		hl = jc->hash ? strlen(jc->hash) : 0;

		ck->kind = CK_CUSTOM;
		if (jc->code == NULL || jc->language == NULL || hl == 0 || hl > 64 ||
			strspn(jc->hash, "0123456789abcdef") != hl)
		{
			Broken(ck, "custom checker without code, language or hash%s", "");
			return 0;
		}
		ck->lang = language_find(jc->language);
		if (ck->lang == NULL)
		{
			Broken(ck, "the judge does not know the checker language %s", jc->language);
			return 0;
		}
		snprintf(ck->entry, sizeof(ck->entry), CACHE_DIR "/%lld-%s", jc->problem_id, jc->hash);
		if (!LookUp(ck))
			return Compile(job, ts, ck, err, errlen);
	}
	else
		Broken(ck, "unknown checker %s", kind);
	return 0;
}

/* Runs the custom checker on one test. 0, -1, -2. */
static int
RunCustom(const JudgeJob *job, const Checker *ck, const JudgeTest *t, const char *out,
		  size_t outlen, TickState *ts, JudgeTestResult *tr, char *err, size_t errlen)
{
	SandboxSpec spec;
	SandboxResult sr;
	char		name[64],
				boxdir[PATH_MAX],
				cgname[96],
				ignore[256];
	uid_t		uid = (uid_t) (BOX_UID_BASE + job->worker);
	int			boxfd = -1;
	int			rc;

	snprintf(name, sizeof(name), "%ld.%d.cr", (long) getpid(), job->worker);
	snprintf(boxdir, sizeof(boxdir), "%s/%s", judge_config.box_root, name);
	judge_cgroup_name(cgname, sizeof(cgname), job->worker);
	rc = box_create(&judge_config, name, uid, uid, &boxfd, err, errlen);
	if (rc == 0)
		rc = CopyEntry(ck, boxfd, uid, uid, err, errlen);
	if (rc == 0)
		rc = box_write_file(boxfd, "input", t->input, t->input_len, uid, uid, err, errlen);
	if (rc == 0)
		rc = box_write_file(boxfd, "expected", t->expected, t->expected_len, uid, uid, err, errlen);
	if (rc == 0)
		rc = box_write_file(boxfd, "output", out, outlen, uid, uid, err, errlen);
	if (boxfd >= 0)
		close(boxfd);
	if (rc == 0)
	{
		judge_spec_common(&spec, job, boxdir, cgname, ts);
		/* checker languages (cpp, python3) name no {memory_*} in their run command */
		spec.argv = (const char *const *) ck->lang->run;
		spec.mntns_fd = ck->lang->mntns_fd;
		spec.stdin_fd = -1;
		spec.lim.cpu_ms = CHECK_CPU_MS;
		spec.lim.wall_ms = 2 * CHECK_CPU_MS;
		spec.lim.memory_kb = CHECK_MEMORY_KB + ck->lang->memory_extra_kb;
		spec.lim.as_kb = ck->lang->as_extra_kb < 0 ? -1 : spec.lim.memory_kb + ck->lang->as_extra_kb;
		spec.lim.pids = ck->lang->pids;
		spec.lim.nofile = ck->lang->nofile;
		spec.lim.fsize_bytes = 1024 * 1024;
		spec.lim.stack_bytes = 64LL * 1024 * 1024;
		spec.lim.output_bytes = CHECK_OUTPUT_BYTES;
		spec.lim.tmp_mb = 64;
		rc = sandbox_run(&judge_config, &spec, &sr, err, errlen) != 0 ? -1 : 0;
	}
	if (rc == 0 && (sr.aborted || ts->aborted))
	{
		sandbox_result_free(&sr);
		rc = -2;
	}
	if (rc == 0)
	{
		char		why[4],
					detail[64];

		FirstLine(tr->checker_message, sizeof(tr->checker_message), sr.output, sr.output_len);
		judge_classify(&sr, why, detail, sizeof(detail));
		if (why[0] == '\0')
			snprintf(tr->verdict, sizeof(tr->verdict), "AC");
		else if (strcmp(why, "RE") == 0 && sr.exited && sr.exit_code == 1)
			snprintf(tr->verdict, sizeof(tr->verdict), "WA");
		else
		{
			snprintf(tr->verdict, sizeof(tr->verdict), "IE");
			if (tr->checker_message[0] == '\0')
				snprintf(tr->checker_message, sizeof(tr->checker_message), "checker failed: %s%s%s",
						 why, detail[0] ? " " : "", detail);
		}
		sandbox_result_free(&sr);
	}
	if (box_remove(&judge_config, name, rc == 0 ? err : ignore, rc == 0 ? errlen : sizeof(ignore)) != 0 &&
		rc == 0)
		rc = -1;
	return rc;
}

int
checker_check(const JudgeJob *job, const Checker *ck, const JudgeTest *t, const char *out,
			  size_t outlen, TickState *ts, JudgeTestResult *tr, char *err, size_t errlen)
{
	int			ok = 0;

	switch (ck->kind)
	{
		case CK_EXACT:
			ok = compare_output(out, outlen, t->expected, t->expected_len);
			break;
		case CK_TOKENS:
			ok = compare_tokens(out, outlen, t->expected, t->expected_len);
			break;
		case CK_FLOAT:
			ok = compare_float(out, outlen, t->expected, t->expected_len, ck->eps);
			break;
		case CK_UNORDERED:
			ok = compare_unordered(out, outlen, t->expected, t->expected_len);
			if (ok < 0)
			{
				snprintf(err, errlen, "compare_unordered: out of memory");
				return -1;
			}
			break;
		case CK_CUSTOM:
			return RunCustom(job, ck, t, out, outlen, ts, tr, err, errlen);
		case CK_BROKEN:
			snprintf(tr->verdict, sizeof(tr->verdict), "IE");
			snprintf(tr->checker_message, sizeof(tr->checker_message), "%s", ck->message);
			return 0;
	}
	snprintf(tr->verdict, sizeof(tr->verdict), ok ? "AC" : "WA");
	return 0;
}
