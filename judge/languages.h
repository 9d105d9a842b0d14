/*
 * languages.h
 *    The table of languages the judge runs, read from the language file
 *    (judge/languages.conf, installed as /etc/interview-judge/languages.conf;
 *    its format is described at its top and in docs/judge.md): per language
 *    its name, source file, compile steps, run command, version command,
 *    limit adjustments, the host directories its toolchain needs in the box,
 *    a hello-world program, and any further keys (for other parts of the
 *    judge, e.g. a function-problem driver), kept as written.
 *
 * Threads: languages_load() and the setters run once, before any worker
 * starts; afterwards the table is read-only and shared by every thread.
 * Strings and arrays belong to the table (freed by languages_free()).
 */
#ifndef INTERVIEW_LANGUAGES_H
#define INTERVIEW_LANGUAGES_H

#include <stddef.h>

#define LANG_MAX_STEPS 4		/* compile steps per language */
#define LANG_MAX_ARGS 64		/* argv entries of one command, NULL included */
#define LANG_DEFAULT_FILE "/etc/interview-judge/languages.conf"

typedef struct LanguageKey {
	char	   *key;
	char	   *value;
	int			line;
} LanguageKey;

typedef struct Language {
	char	   *id;				/* as in interview.language */
	char	   *name;			/* display name */
	char	   *source;			/* file name of the source in the box */
	int			ncompile;
	char	  **compile[LANG_MAX_STEPS];	/* argv templates, NULL-terminated; run in /box */
	char	  **run;			/* argv template, NULL-terminated; run in /box */
	char	  **version;		/* argv printing the version (host side) */
	char	  **env;			/* extra "NAME=value" templates for compile and run */
	char	  **binds;			/* host paths bound read-only into this language's boxes */
	char	   *output;			/* file the compile steps must produce, or NULL */
	char	   *hello;			/* a program that reads "world" and prints "hello world" */
	int			time_percent;	/* run CPU limit = limit * time_percent / 100 + time_extra_ms */
	int			time_extra_ms;
	int			memory_extra_kb;	/* added to the cgroup memory limit (runtime overhead) */
	long long	as_extra_kb;	/* added to RLIMIT_AS when no memory cgroup (-1: no RLIMIT_AS) */
	int			pids;			/* processes and threads per run */
	int			nofile;			/* open files per run */
	int			compile_cpu_ms; /* per compile step */
	int			compile_memory_kb;
	int			compile_pids;
	int			nkeys;
	LanguageKey *keys;			/* every key of the entry in file order, extra keys included */
	/* filled at start, read-only afterwards */
	int			mntns_fd;		/* template mount namespace with the binds, -1 none */
	int			available;		/* may be offered: its root was built and its check passed */
	char		version_text[256];
	char		reason[256];	/* why it is not available */
} Language;

/*
 * Values a command template may name: {memory_kb} and {memory_mb} (the
 * problem's limit), {memory_total_mb} (the run's whole memory limit, the
 * runtime's extra included).
 */
typedef struct LanguageVars {
	long long	memory_kb;
	long long	total_kb;
} LanguageVars;

/*
 * Reads the language file at path, replacing the table. 0 ok; -1 with err
 * naming the file and line (the table is then empty).
 */
int			languages_load(const char *path, char *err, size_t errlen);

/* Frees the table. */
void		languages_free(void);

/* Number of languages and the i-th, in file order. */
int			languages_count(void);
Language   *language_at(int i);

/* The entry for id (available or not), or NULL when the file has none. */
const Language *language_find(const char *id);

/* Value of any key of the entry (the first when repeated), or NULL. */
const char *language_get(const Language *l, const char *key);

/* Binds of the [sandbox] section (NULL-terminated, never NULL). */
char	  **languages_sandbox_binds(void);

/*
 * Expands a command template into argv (NULL-terminated) with the strings
 * in buf. 0 ok; -1 when buf or argv is too small.
 */
int			language_expand(char *const *tmpl, const LanguageVars *vars, char *buf, size_t buflen,
							const char **argv, int maxargs);

/* Runs the language's version command and keeps the first line of its output. */
void		language_detect_version(Language *l);

/* The same for every language, all at once (one thread each). */
void		languages_detect_versions(void);

/* Cached version string of a language, "" when unknown. */
const char *language_version(const char *id);

#endif							/* INTERVIEW_LANGUAGES_H */
