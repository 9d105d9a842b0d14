/*
 * languages.c
 *    Reads the language file into the one table of languages: how to
 *    compile and run each, how its limits are adjusted, what its toolchain
 *    needs bound into the box, and every other key as written.
 *
 *    The file (format at the top of judge/languages.conf):
 *      # comment
 *      [id]                    one section per language, in offer order
 *      key = value             a command is split into words at blanks;
 *                              '...' and "..." group words ("\" escapes
 *                              " and \ inside double quotes)
 *        | text                continues the previous value on a new line
 *                              (for programs: indentation after "| " kept)
 *    plus one [sandbox] section whose binds every language gets.
 *
 *    The table is written only by languages_load() and the start-up code
 *    (judge_init, before any worker thread) and read-only after.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "languages.h"

extern char **environ;

#define MAX_LANGUAGES 64
#define MAX_LINE 8192

static Language *table;
static int	ntable;
static char *empty_list[1];
static char **sandbox_binds = empty_list;

/* Frees a NULL-terminated list of strings. */
static void
FreeList(char **list)
{
	if (list == NULL || list == empty_list)
		return;
	for (char **p = list; *p != NULL; p++)
		free(*p);
	free(list);
}

/* Frees one entry's strings. */
static void
FreeLanguage(Language *l)
{
	int			i;

	free(l->id);
	for (i = 0; i < l->ncompile; i++)
		FreeList(l->compile[i]);
	FreeList(l->run);
	FreeList(l->version);
	FreeList(l->env);
	FreeList(l->binds);
	for (i = 0; i < l->nkeys; i++)
	{
		free(l->keys[i].key);
		free(l->keys[i].value);
	}
	free(l->keys);
	memset(l, 0, sizeof(*l));
}

void
languages_free(void)
{
	for (int i = 0; i < ntable; i++)
		FreeLanguage(&table[i]);
	free(table);
	table = NULL;
	ntable = 0;
	FreeList(sandbox_binds);
	sandbox_binds = empty_list;
}

/*
 * Splits a command line into words (blanks separate; quotes group; no
 * expansion). New NULL-terminated list, or NULL with err.
 */
static char **
SplitWords(const char *s, char *err, size_t errlen)
{
	char	  **words = calloc(LANG_MAX_ARGS, sizeof(char *));
	char	   *word = malloc(strlen(s) + 1);
	int			n = 0;

	if (words == NULL || word == NULL)
	{
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	while (*s != '\0')
	{
		size_t		len = 0;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (*s == '\0')
			break;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n')
		{
			char		q = *s;

			if (q != '\'' && q != '"')
			{
				word[len++] = *s++;
				continue;
			}
			for (s++; *s != '\0' && *s != q; s++)
			{
				if (q == '"' && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				word[len++] = *s;
			}
			if (*s != q)
			{
				snprintf(err, errlen, "unterminated %c quote", q);
				goto fail;
			}
			s++;
		}
		word[len] = '\0';
		if (n >= LANG_MAX_ARGS - 1)
		{
			snprintf(err, errlen, "more than %d words", LANG_MAX_ARGS - 1);
			goto fail;
		}
		if ((words[n++] = strdup(word)) == NULL)
		{
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	free(word);
	return words;
fail:
	free(word);
	FreeList(words);
	return NULL;
}

/* Parses a non-negative integer value within [lo, hi]; -1 with err otherwise. */
static long long
ParseNumber(const char *key, const char *v, long long lo, long long hi, char *err, size_t errlen)
{
	char	   *end;
	long long	n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi)
	{
		snprintf(err, errlen, "%s must be an integer from %lld to %lld", key, lo, hi);
		return -1;
	}
	return n;
}

/* Adds key = value to the entry's key list. 0 ok. */
static int
AddKey(Language *l, const char *key, const char *value, int line)
{
	LanguageKey *k = realloc(l->keys, (size_t) (l->nkeys + 1) * sizeof(LanguageKey));

	if (k == NULL)
		return -1;
	l->keys = k;
	k = &l->keys[l->nkeys];
	k->key = strdup(key);
	k->value = strdup(value);
	k->line = line;
	if (k->key == NULL || k->value == NULL)
	{
		free(k->key);
		free(k->value);
		return -1;
	}
	l->nkeys++;
	return 0;
}

/* Appends a continuation line to the last key's value. 0 ok. */
static int
ContinueKey(Language *l, const char *text)
{
	LanguageKey *k = &l->keys[l->nkeys - 1];
	size_t		old = strlen(k->value),
				add = strlen(text);
	char	   *v = realloc(k->value, old + add + 2);

	if (v == NULL)
		return -1;
	if (old > 0)
		v[old++] = '\n';
	memcpy(v + old, text, add + 1);
	k->value = v;
	return 0;
}

const char *
language_get(const Language *l, const char *key)
{
	for (int i = 0; i < l->nkeys; i++)
		if (strcmp(l->keys[i].key, key) == 0)
			return l->keys[i].value;
	return NULL;
}

/* Number value of key, or def when absent; -2 with err when malformed. */
static long long
NumberKey(const Language *l, const char *key, long long def, long long lo, long long hi,
		  char *err, size_t errlen)
{
	const char *v = language_get(l, key);
	long long	n;

	if (v == NULL)
		return def;
	if (strcmp(key, "address_space_extra_kb") == 0 && strcmp(v, "none") == 0)
		return -1;
	n = ParseNumber(key, v, lo, hi, err, errlen);
	return n < 0 ? -2 : n;
}

/* Interprets the keys of a finished entry; 0 ok, -1 with err (and *line the key's line). */
static int
Interpret(Language *l, int *line, char *err, size_t errlen)
{
	static const char *const required[] = {"name", "source", "run", "version", "hello"};
	size_t		i;
	long long	v;

	*line = 0;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (language_get(l, required[i]) == NULL || language_get(l, required[i])[0] == '\0')
		{
			snprintf(err, errlen, "[%s] has no %s", l->id, required[i]);
			return -1;
		}
	for (int k = 0; k < l->nkeys; k++)
	{
		const LanguageKey *key = &l->keys[k];
		int			repeats = 0;

		*line = key->line;
		for (int j = 0; j < k; j++)
			repeats |= strcmp(l->keys[j].key, key->key) == 0;
		if (repeats && strcmp(key->key, "compile") != 0)
		{
			snprintf(err, errlen, "[%s] repeats %s", l->id, key->key);
			return -1;
		}
		if (strcmp(key->key, "compile") == 0)
		{
			if (l->ncompile >= LANG_MAX_STEPS)
			{
				snprintf(err, errlen, "[%s] has more than %d compile steps", l->id, LANG_MAX_STEPS);
				return -1;
			}
			if ((l->compile[l->ncompile] = SplitWords(key->value, err, errlen)) == NULL)
				return -1;
			if (l->compile[l->ncompile++][0] == NULL)
			{
				snprintf(err, errlen, "[%s] compile is empty", l->id);
				return -1;
			}
		}
		else if (strcmp(key->key, "run") == 0 || strcmp(key->key, "version") == 0 ||
				 strcmp(key->key, "env") == 0 || strcmp(key->key, "binds") == 0)
		{
			char	  **w = SplitWords(key->value, err, errlen);

			if (w == NULL)
				return -1;
			if (key->key[0] == 'r')
				l->run = w;
			else if (key->key[0] == 'v')
				l->version = w;
			else if (key->key[0] == 'e')
				l->env = w;
			else
				l->binds = w;
			for (i = 0; w[i] != NULL; i++)
				if ((key->key[0] == 'e' && strchr(w[i], '=') == NULL) ||
					(key->key[0] == 'b' && w[i][0] != '/') ||
					(key->key[0] == 'v' && i == 0 && w[i][0] != '/'))
				{
					snprintf(err, errlen, "[%s] %s: \"%s\" is not %s", l->id, key->key, w[i],
							 key->key[0] == 'e' ? "NAME=value" : "an absolute path");
					return -1;
				}
		}
	}
	*line = 0;
	l->name = (char *) language_get(l, "name");
	l->source = (char *) language_get(l, "source");
	l->output = (char *) language_get(l, "output");
	l->hello = (char *) language_get(l, "hello");
	if (strchr(l->source, '/') != NULL || l->source[0] == '.')
	{
		snprintf(err, errlen, "[%s] source must be a plain file name", l->id);
		return -1;
	}
	if (l->env == NULL && (l->env = calloc(1, sizeof(char *))) == NULL)
		return -1;
	if (l->binds == NULL && (l->binds = calloc(1, sizeof(char *))) == NULL)
		return -1;
#define NUM(field, key, def, lo, hi) \
	if ((v = NumberKey(l, key, def, lo, hi, err, errlen)) == -2) return -1; \
	l->field = v
	NUM(time_percent, "time_percent", 100, 10, 10000);
	NUM(time_extra_ms, "time_extra_ms", 0, 0, 60000);
	NUM(memory_extra_kb, "memory_extra_kb", 0, 0, 16 * 1024 * 1024);
	NUM(as_extra_kb, "address_space_extra_kb", 16384, 0, 64LL * 1024 * 1024);
	NUM(pids, "processes", 64, 1, 4096);
	NUM(nofile, "open_files", 64, 16, 65536);
	NUM(compile_cpu_ms, "compile_time_ms", 10000, 100, 300000);
	NUM(compile_memory_kb, "compile_memory_kb", 512 * 1024, 16384, 16 * 1024 * 1024);
	NUM(compile_pids, "compile_processes", 64, 1, 4096);
#undef NUM
	l->mntns_fd = -1;
	l->available = 1;
	return 0;
}

/* Strips leading and trailing blanks in place. */
static char *
Trim(char *s)
{
	char	   *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* 1 when s is a valid section or key name (lower-case letters, digits and _ . + [ ] -). */
static int
ValidName(const char *s, int is_key)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char) *s) && !isdigit((unsigned char) *s) && *s != '_' &&
			*s != '+' && !(is_key && (*s == '.' || *s == '[' || *s == ']' || *s == '-')))
			return 0;
	return 1;
}

int
languages_load(const char *path, char *err, size_t errlen)
{
	FILE	   *f = fopen(path, "r");
	char	   *buf = malloc(MAX_LINE);
	Language	sandbox;
	Language   *cur = NULL;
	int			lineno = 0,
				keyline = 0,
				i;
	char		msg[384];

	languages_free();
	memset(&sandbox, 0, sizeof(sandbox));
	msg[0] = '\0';
	if (f == NULL || buf == NULL)
	{
		snprintf(err, errlen, "%s: %s", path, f == NULL ? strerror(errno) : "out of memory");
		if (f != NULL)
			fclose(f);
		free(buf);
		return -1;
	}
	table = calloc(MAX_LANGUAGES, sizeof(Language));
	if (table == NULL)
		snprintf(msg, sizeof(msg), "out of memory");
	while (msg[0] == '\0' && fgets(buf, MAX_LINE, f) != NULL)
	{
		char	   *s = buf,
				   *eq;

		lineno++;
		if (strchr(buf, '\n') == NULL && !feof(f))
		{
			snprintf(msg, sizeof(msg), "line longer than %d bytes", MAX_LINE - 2);
			break;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '|')
		{
			s++;
			if (*s == ' ')
				s++;
			s[strcspn(s, "\r\n")] = '\0';
			if (cur == NULL || cur->nkeys == 0)
				snprintf(msg, sizeof(msg), "continuation line without a key before it");
			else if (ContinueKey(cur, s) != 0)
				snprintf(msg, sizeof(msg), "out of memory");
			continue;
		}
		s = Trim(s);
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[')
		{
			char	   *end = strchr(s, ']');

			if (end == NULL || end[1] != '\0')
			{
				snprintf(msg, sizeof(msg), "malformed section header");
				break;
			}
			*end = '\0';
			s++;
			if (!ValidName(s, 0) || strlen(s) > 32)
			{
				snprintf(msg, sizeof(msg), "bad language id \"%s\" (want [a-z0-9_+]{1,32})", s);
				break;
			}
			if (strcmp(s, "sandbox") == 0)
				cur = &sandbox;
			else
			{
				for (i = 0; i < ntable; i++)
					if (strcmp(table[i].id, s) == 0)
						break;
				if (i < ntable)
				{
					snprintf(msg, sizeof(msg), "language %s appears twice", s);
					break;
				}
				if (ntable >= MAX_LANGUAGES)
				{
					snprintf(msg, sizeof(msg), "more than %d languages", MAX_LANGUAGES);
					break;
				}
				cur = &table[ntable++];
			}
			if (cur->id != NULL)
			{
				snprintf(msg, sizeof(msg), "section [sandbox] appears twice");
				break;
			}
			if ((cur->id = strdup(s)) == NULL)
				snprintf(msg, sizeof(msg), "out of memory");
			continue;
		}
		eq = strchr(s, '=');
		if (cur == NULL || eq == NULL)
		{
			snprintf(msg, sizeof(msg), cur == NULL ? "a key before the first [section]" : "want key = value");
			break;
		}
		*eq = '\0';
		s = Trim(s);
		if (!ValidName(s, 1))
			snprintf(msg, sizeof(msg), "bad key \"%s\"", s);
		else if (AddKey(cur, s, Trim(eq + 1), lineno) != 0)
			snprintf(msg, sizeof(msg), "out of memory");
	}
	if (msg[0] == '\0' && ferror(f))
		snprintf(msg, sizeof(msg), "read: %s", strerror(errno));
	fclose(f);
	free(buf);
	if (msg[0] != '\0')
	{
		snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
		FreeLanguage(&sandbox);
		languages_free();
		return -1;
	}
	for (i = 0; i < sandbox.nkeys; i++)
		if (strcmp(sandbox.keys[i].key, "binds") != 0)
		{
			snprintf(err, errlen, "%s:%d: [sandbox] knows only binds", path, sandbox.keys[i].line);
			FreeLanguage(&sandbox);
			languages_free();
			return -1;
		}
	if (sandbox.nkeys > 0)
	{
		sandbox_binds = SplitWords(sandbox.keys[0].value, msg, sizeof(msg));
		for (i = 0; sandbox_binds != NULL && sandbox_binds[i] != NULL; i++)
			if (sandbox_binds[i][0] != '/')
				snprintf(msg, sizeof(msg), "[sandbox] binds: \"%s\" is not an absolute path", sandbox_binds[i]);
		if (sandbox_binds == NULL)
			sandbox_binds = empty_list;
		keyline = sandbox.keys[0].line;
	}
	FreeLanguage(&sandbox);
	for (i = 0; msg[0] == '\0' && i < ntable; i++)
		if (Interpret(&table[i], &keyline, msg, sizeof(msg)) != 0 && msg[0] == '\0')
			snprintf(msg, sizeof(msg), "out of memory");
	if (msg[0] == '\0' && ntable == 0)
		snprintf(msg, sizeof(msg), "no language");
	if (msg[0] != '\0')
	{
		if (keyline > 0)
			snprintf(err, errlen, "%s:%d: %s", path, keyline, msg);
		else
			snprintf(err, errlen, "%s: %s", path, msg);
		languages_free();
		return -1;
	}
	return 0;
}

int
languages_count(void)
{
	return ntable;
}

Language *
language_at(int i)
{
	return i >= 0 && i < ntable ? &table[i] : NULL;
}

const Language *
language_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (int i = 0; i < ntable; i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}

char	  **
languages_sandbox_binds(void)
{
	return sandbox_binds;
}

int
language_expand(char *const *tmpl, const LanguageVars *vars, char *buf, size_t buflen,
				const char **argv, int maxargs)
{
	size_t		used = 0;
	int			n = 0;

	for (; *tmpl != NULL; tmpl++)
	{
		const char *s = *tmpl;

		if (n >= maxargs - 1)
			return -1;
		argv[n++] = buf + used;
		while (*s != '\0')
		{
			char		num[32];
			const char *add = NULL;
			size_t		skip = 0;

			if (strncmp(s, "{memory_total_mb}", 17) == 0)
			{
				snprintf(num, sizeof(num), "%lld", (vars->total_kb + 1023) / 1024);
				add = num;
				skip = 17;
			}
			else if (strncmp(s, "{memory_kb}", 11) == 0)
			{
				snprintf(num, sizeof(num), "%lld", vars->memory_kb);
				add = num;
				skip = 11;
			}
			else if (strncmp(s, "{memory_mb}", 11) == 0)
			{
				snprintf(num, sizeof(num), "%lld", (vars->memory_kb + 1023) / 1024);
				add = num;
				skip = 11;
			}
			if (add == NULL)
			{
				if (used + 2 > buflen)
					return -1;
				buf[used++] = *s++;
				continue;
			}
			if (used + strlen(add) + 1 > buflen)
				return -1;
			memcpy(buf + used, add, strlen(add));
			used += strlen(add);
			s += skip;
		}
		if (used + 1 > buflen)
			return -1;
		buf[used++] = '\0';
	}
	argv[n] = NULL;
	return 0;
}

/* Runs argv on the host and keeps the first non-empty output line in buf. */
static void
ReadVersion(char *const *argv, char *buf, size_t buflen)
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
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
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
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return;
	line = out;
	while (*line == '\n' || *line == ' ')
		line++;
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	snprintf(buf, buflen, "%.200s", Trim(line));
}

void
language_detect_version(Language *l)
{
	ReadVersion(l->version, l->version_text, sizeof(l->version_text));
}

/* Thread body of languages_detect_versions: one language. */
static void *
DetectThread(void *arg)
{
	language_detect_version(arg);
	return NULL;
}

void
languages_detect_versions(void)
{
	pthread_t	threads[MAX_LANGUAGES];
	int			started[MAX_LANGUAGES];

	/* all at once: some runtimes take a good part of a second to say who they are */
	for (int i = 0; i < ntable; i++)
		started[i] = pthread_create(&threads[i], NULL, DetectThread, &table[i]) == 0;
	for (int i = 0; i < ntable; i++)
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			language_detect_version(&table[i]);
}

const char *
language_version(const char *id)
{
	const Language *l = language_find(id);

	return l == NULL ? "" : l->version_text;
}
