/* interviews.c: placeholder until implemented. */
#include "interview.h"

PG_FUNCTION_INFO_V1(start_interview);
PG_FUNCTION_INFO_V1(submit_task);
PG_FUNCTION_INFO_V1(finish_interview);
PG_FUNCTION_INFO_V1(current_interview);

Datum
start_interview(PG_FUNCTION_ARGS)
{
	elog(ERROR, "start_interview is not implemented yet");
	PG_RETURN_NULL();
}

Datum
submit_task(PG_FUNCTION_ARGS)
{
	elog(ERROR, "submit_task is not implemented yet");
	PG_RETURN_NULL();
}

Datum
finish_interview(PG_FUNCTION_ARGS)
{
	elog(ERROR, "finish_interview is not implemented yet");
	PG_RETURN_NULL();
}

Datum
current_interview(PG_FUNCTION_ARGS)
{
	elog(ERROR, "current_interview is not implemented yet");
	PG_RETURN_NULL();
}

