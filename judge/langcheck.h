/*
 * langcheck.h
 *    The judge's start-up check of its languages: each language's hello
 *    program is judged like a submission (judge_run, the real sandbox) on
 *    the input "world"; a language whose program does not print "hello
 *    world" is not offered.  And the registration of what is offered with
 *    interview.set_languages.
 *
 * Threads: call after judge_init() and before any worker starts; it runs its
 * own threads and returns when they are done.
 */
#ifndef INTERVIEW_LANGCHECK_H
#define INTERVIEW_LANGCHECK_H

#include <stddef.h>
#include <libpq-fe.h>

/*
 * Detects every language's version, then checks every language still available, nthreads at a time, each thread on
 * its own sandbox slot (the first free from first_slot on). A language that
 * fails is marked unavailable with the reason (languages.h). With use_cache,
 * a language whose entry, version and base binds are those of a check that
 * passed before (recorded in the box root) is not checked again.
 * 0 ok; -1 with err when no slot could be had.
 */
int			langcheck_run(int first_slot, int nthreads, int use_cache, char *err, size_t errlen);

/* malloc'd JSON array [{"id","name","version"}] of the available languages; NULL on allocation failure. */
char	   *langcheck_json(void);

/*
 * Logs one line per language (its version, or why it was dropped) through
 * log and registers the available ones with interview.set_languages on conn
 * (errors logged too).
 */
void		langcheck_register(PGconn *conn, void (*log) (const char *fmt,...));

#endif							/* INTERVIEW_LANGCHECK_H */
