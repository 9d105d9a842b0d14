/*
 * languages.c
 *    The one table of languages: how to compile and run each, and how its
 *    limits are adjusted.  Interpreted languages get more CPU time; node and
 *    python need memory headroom for their runtimes, and node's V8 reserves
 *    large address space, so it is never run under RLIMIT_AS.
 *    The version cache is written only by languages_detect_versions() (called
 *    once from judge_init before any worker thread) and read-only after.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "languages.h"

extern char **environ;

static const Language languages[] = {
	{
		.id = "c",
		.source = "main.c",
		.compile = {"/usr/bin/gcc", "-O2", "-std=c17", "-pipe", "-o", "main", "main.c", "-lm", NULL},
		.run = {"./main", NULL},
		.version = {"/usr/bin/gcc", "--version", NULL},
		.output = "main",
		.time_percent = 100, .time_extra_ms = 0,
		.memory_extra_kb = 0, .as_extra_kb = 16384,
		.pids = 64, .nofile = 64,
	},
	{
		.id = "cpp",
		.source = "main.cpp",
		.compile = {"/usr/bin/g++", "-O2", "-std=c++17", "-pipe", "-o", "main", "main.cpp", NULL},
		.run = {"./main", NULL},
		.version = {"/usr/bin/g++", "--version", NULL},
		.output = "main",
		.time_percent = 100, .time_extra_ms = 0,
		.memory_extra_kb = 0, .as_extra_kb = 16384,
		.pids = 64, .nofile = 64,
	},
	{
		.id = "python3",
		.source = "main.py",
		.compile = {"/usr/bin/python3", "-B", "-c",
			"import sys\nsrc = open('main.py', 'rb').read()\ncompile(src, 'main.py', 'exec')", NULL},
		.run = {"/usr/bin/python3", "-B", "main.py", NULL},
		.version = {"/usr/bin/python3", "--version", NULL},
		.output = NULL,
		.time_percent = 300, .time_extra_ms = 100,
		.memory_extra_kb = 32768, .as_extra_kb = 65536,
		.pids = 64, .nofile = 64,
	},
	{
		.id = "javascript",
		.source = "main.js",
		.compile = {"/usr/bin/node", "--check", "main.js", NULL},
		.run = {"/usr/bin/node", "main.js", NULL},
		.version = {"/usr/bin/node", "--version", NULL},
		.output = NULL,
		.time_percent = 200, .time_extra_ms = 200,
		.memory_extra_kb = 65536, .as_extra_kb = -1,
		.pids = 64, .nofile = 128,
	},
};

#define NLANGUAGES (sizeof(languages) / sizeof(languages[0]))

static char versions[NLANGUAGES][256];

const Language *
language_find(const char *id)
{
	size_t		i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < NLANGUAGES; i++)
		if (strcmp(languages[i].id, id) == 0)
			return &languages[i];
	return NULL;
}

/* Runs argv on the host and keeps the first non-empty output line in buf. */
static void
ReadVersion(const char *const *argv, const char *prefix, char *buf, size_t buflen)
{
	posix_spawn_file_actions_t fa;
	int			fds[2];
	pid_t		pid;
	char		out[1024];
	size_t		n = 0;
	ssize_t		r;
	int			status;
	char	   *line,
			   *nl;

	buf[0] = '\0';
	if (pipe(fds) != 0)
		return;
	if (posix_spawn_file_actions_init(&fa) != 0)
	{
		close(fds[0]);
		close(fds[1]);
		return;
	}
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	if (posix_spawn(&pid, argv[0], &fa, NULL, (char *const *) argv, environ) != 0)
	{
		posix_spawn_file_actions_destroy(&fa);
		close(fds[0]);
		close(fds[1]);
		return;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while (n < sizeof(out) - 1 &&
		   ((r = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t) r;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out[n] = '\0';
	line = out;
	while (*line == '\n')
		line++;
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	snprintf(buf, buflen, "%s%.200s", prefix, line);
}

void
languages_detect_versions(void)
{
	size_t		i;

	for (i = 0; i < NLANGUAGES; i++)
		ReadVersion(languages[i].version,
					strcmp(languages[i].id, "javascript") == 0 ? "node " : "",
					versions[i], sizeof(versions[i]));
}

const char *
language_version(const char *id)
{
	const Language *l = language_find(id);

	return l == NULL ? "" : versions[l - languages];
}
