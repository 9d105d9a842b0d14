/*
 * languages.h
 *    The table of languages the judge runs: compile command, run command,
 *    source file name and limit adjustments.  Adding a language is one entry
 *    in languages.c.  The table is constant; the version cache is filled once
 *    by languages_detect_versions() before workers start.
 */
#ifndef INTERVIEW_LANGUAGES_H
#define INTERVIEW_LANGUAGES_H

#define LANG_MAX_ARGS 16

typedef struct Language {
	const char *id;				/* as in interview.language */
	const char *source;			/* file name of the source in the box */
	const char *compile[LANG_MAX_ARGS];	/* argv, NULL-terminated; run in /box */
	const char *run[LANG_MAX_ARGS];	/* argv, NULL-terminated; run in /box */
	const char *version[LANG_MAX_ARGS];	/* argv printing the version (host side) */
	const char *output;			/* file the compile step must produce, or NULL */
	int			time_percent;	/* run CPU limit = limit * time_percent / 100 + time_extra_ms */
	int			time_extra_ms;
	int			memory_extra_kb;	/* added to the cgroup memory limit (runtime overhead) */
	long long	as_extra_kb;	/* added to RLIMIT_AS when no memory cgroup (-1: no RLIMIT_AS) */
	int			pids;			/* processes and threads per run */
	int			nofile;			/* open files per run */
} Language;

/* The entry for id, or NULL when the judge does not know it. */
const Language *language_find(const char *id);

/* Runs every language's version command once and caches the first line. */
void		languages_detect_versions(void);

/* Cached version string of a language, "" when unknown. */
const char *language_version(const char *id);

#endif							/* INTERVIEW_LANGUAGES_H */
