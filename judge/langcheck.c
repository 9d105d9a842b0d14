/*
 * langcheck.c
 *    The start-up check of every language: its hello program (languages.conf)
 *    is judged by judge_run() like a submission, with one test: input
 *    "world", expected "hello world".  What fails is marked unavailable with
 *    the reason; what passes is recorded in <box root>/languages-checked
 *    (a line "<id> <hash of the entry, its version and the base binds>"), so
 *    the next start skips a check whose inputs did not change.
 *
 *    Runs before the workers: the table is written here (available, reason)
 *    by one thread per language at a time, each on its own sandbox slot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "judge.h"
#include "langcheck.h"
#include "languages.h"

#define CACHE_NAME "languages-checked"
#define MAX_THREADS 16

/* What the checking threads share. */
typedef struct CheckState {
	int			next;			/* next language index (atomic) */
	int			first_slot;
	int			use_cache;
	char		cache[8192];	/* the cache file as read at start */
	int			slot_error;
	char		err[256];
} CheckState;

/* FNV-1a over s, continuing from h. */
static unsigned long long
Fnv(unsigned long long h, const char *s)
{
	for (; *s != '\0'; s++)
	{
		h ^= (unsigned char) *s;
		h *= 1099511628211ULL;
	}
	return h ^ 0xff;
}

/* The hash of what a check depends on: the entry as written, the version and the base binds. */
static unsigned long long
EntryHash(const Language *l)
{
	unsigned long long h = 14695981039346656037ULL;

	h = Fnv(h, l->id);
	for (int i = 0; i < l->nkeys; i++)
	{
		h = Fnv(h, l->keys[i].key);
		h = Fnv(h, l->keys[i].value);
	}
	h = Fnv(h, l->version_text);
	for (char **b = languages_sandbox_binds(); *b != NULL; b++)
		h = Fnv(h, *b);
	return h;
}

/* Checks one language; 0 passed, else the reason is in l->reason. */
static int
CheckOne(Language *l, int slot)
{
	JudgeTest	test = {.test_case_id = 1, .ordinal = 1, .input = "world\n", .input_len = 6,
	.expected = "hello world\n", .expected_len = 12};
	JudgeJob	job = {.submission_id = 0, .language = l->id, .code = l->hello,
		.code_len = strlen(l->hello), .time_limit_ms = 5000, .memory_limit_kb = 262144,
	.ntests = 1, .tests = &test, .worker = slot};
	JudgeResult res;
	char		err[200];
	int			rc = judge_run(&job, &res, NULL, NULL, err, sizeof(err));

	if (rc != 0)
	{
		snprintf(l->reason, sizeof(l->reason), "hello program: sandbox failure: %s", err);
		return -1;
	}
	if (strcmp(res.verdict, "AC") != 0)
	{
		const char *out = res.compile_output ? res.compile_output : res.failed_output ? res.failed_output : "";
		const char *detail = res.ntests > 0 ? res.tests[0].detail : "";
		char		first[160];

		snprintf(first, sizeof(first), "%s", out);
		first[strcspn(first, "\n")] = '\0';
		snprintf(l->reason, sizeof(l->reason), "hello program: %s%s%s%s%s", res.verdict,
				 detail[0] ? " " : "", detail, first[0] ? ": " : "", first);
	}
	judge_result_free(&res);
	return l->reason[0] == '\0' ? 0 : -1;
}

/* A checking thread: takes languages one by one on its own slot. */
static void *
CheckThread(void *arg)
{
	CheckState *st = arg;
	int			slot,
				fd = judge_slot_acquire(st->first_slot, &slot, st->err, sizeof(st->err));

	if (fd < 0)
	{
		__atomic_store_n(&st->slot_error, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	for (;;)
	{
		int			i = __atomic_fetch_add(&st->next, 1, __ATOMIC_RELAXED);
		Language   *l = language_at(i);
		char		line[128];

		if (l == NULL)
			break;
		if (!l->available)
			continue;
		snprintf(line, sizeof(line), "\n%s %016llx\n", l->id, EntryHash(l));
		if (st->use_cache && strstr(st->cache, line) != NULL)
			continue;
		if (CheckOne(l, slot) != 0)
			l->available = 0;
	}
	judge_slot_release(fd);
	return NULL;
}

/* Reads the cache file into buf (starting with a newline, so every line is "\n<id> <hash>\n"). */
static void
CacheRead(const char *path, char *buf, size_t buflen)
{
	int			fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t		n = -1;

	buf[0] = '\n';
	if (fd >= 0)
	{
		n = read(fd, buf + 1, buflen - 2);
		close(fd);
	}
	buf[n > 0 ? n + 1 : 1] = '\0';
}

/* Writes the cache of the languages that passed (a new file renamed over the old). */
static void
CacheWrite(const char *path)
{
	char		tmp[PATH_MAX + 32];
	FILE	   *f;

	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long) getpid());
	f = fopen(tmp, "we");
	if (f == NULL)
		return;
	for (int i = 0; i < languages_count(); i++)
	{
		const Language *l = language_at(i);

		if (l->available)
			fprintf(f, "%s %016llx\n", l->id, EntryHash(l));
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

int
langcheck_run(int first_slot, int nthreads, int use_cache, char *err, size_t errlen)
{
	CheckState	st;
	pthread_t	threads[MAX_THREADS];
	char		path[PATH_MAX];
	int			started = 0;

	languages_detect_versions();
	memset(&st, 0, sizeof(st));
	st.first_slot = first_slot;
	st.use_cache = use_cache;
	snprintf(path, sizeof(path), "%s/%s", judge_box_root(), CACHE_NAME);
	CacheRead(path, st.cache, sizeof(st.cache));
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	if (nthreads > languages_count())
		nthreads = languages_count();
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&threads[started], NULL, CheckThread, &st) == 0)
			started++;
	if (started == 0)
		CheckThread(&st);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (st.slot_error && st.next == 0)
	{
		snprintf(err, errlen, "%s", st.err);
		return -1;
	}
	CacheWrite(path);
	return 0;
}

char *
langcheck_json(void)
{
	json_t	   *list = json_array();
	char	   *out = NULL;
	int			bad = list == NULL;

	for (int i = 0; !bad && i < languages_count(); i++)
	{
		const Language *l = language_at(i);
		json_t	   *o;

		if (!l->available)
			continue;
		o = json_pack("{s:s, s:s, s:s}", "id", l->id, "name", l->name, "version", l->version_text);
		bad = o == NULL || json_array_append_new(list, o) != 0;
	}
	if (!bad)
		out = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	return out;
}

void
langcheck_register(PGconn *conn, void (*log) (const char *fmt,...))
{
	char	   *json = langcheck_json();
	PGresult   *res;

	for (int i = 0; i < languages_count(); i++)
	{
		const Language *l = language_at(i);

		if (l->available)
			log("language %s version=\"%s\"", l->id, l->version_text);
		else
			log("language %s dropped: %s", l->id, l->reason);
	}
	if (json == NULL)
	{
		log("error: languages: out of memory");
		return;
	}
	res = PQexecParams(conn, "SELECT interview.set_languages($1::jsonb)", 1, NULL,
					   (const char *const *) &json, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		log("error: set_languages: %s", PQresultErrorMessage(res));
	else
		log("languages registered: %s available", PQgetvalue(res, 0, 0));
	PQclear(res);
	free(json);
}
