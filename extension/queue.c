/* queue.c: placeholder until implemented. */
#include "interview.h"

PG_FUNCTION_INFO_V1(claim_submission);
PG_FUNCTION_INFO_V1(extend_lease);
PG_FUNCTION_INFO_V1(report_verdict);
PG_FUNCTION_INFO_V1(release_submission);
PG_FUNCTION_INFO_V1(set_language_version);

Datum
claim_submission(PG_FUNCTION_ARGS)
{
	elog(ERROR, "claim_submission is not implemented yet");
	PG_RETURN_NULL();
}

Datum
extend_lease(PG_FUNCTION_ARGS)
{
	elog(ERROR, "extend_lease is not implemented yet");
	PG_RETURN_NULL();
}

Datum
report_verdict(PG_FUNCTION_ARGS)
{
	elog(ERROR, "report_verdict is not implemented yet");
	PG_RETURN_NULL();
}

Datum
release_submission(PG_FUNCTION_ARGS)
{
	elog(ERROR, "release_submission is not implemented yet");
	PG_RETURN_NULL();
}

Datum
set_language_version(PG_FUNCTION_ARGS)
{
	elog(ERROR, "set_language_version is not implemented yet");
	PG_RETURN_NULL();
}

