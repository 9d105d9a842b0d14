/*
 * favicon.h
 *	  The proxy's built-in /favicon.ico (favicon.c): declarations only.
 */
#ifndef INTERVIEW_FAVICON_H
#define INTERVIEW_FAVICON_H

#include <stddef.h>

/* The icon's bytes (static storage, never freed); *len gets their count. */
const unsigned char *favicon_builtin(size_t *len);

#endif
