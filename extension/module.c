/*
 * module.c
 *	  The module's initialisation: the GUCs of every file, then the
 *	  interview prefix reserved so that nothing else can be SET under it.
 *
 * It sits above the files it initialises; none of them calls it. It must
 * not hold state of its own.
 */
#include "interview.h"

#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Module load: each file's GUCs and callbacks, then the reserved prefix. */
void
_PG_init(void)
{
	IdentityInit();
	ThrottleDefineGucs();
	RunDefineGucs();
	MarkGUCPrefixReserved("interview");
}
