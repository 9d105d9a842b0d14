/* accounts.c: placeholder until implemented. */
#include "interview.h"

PG_FUNCTION_INFO_V1(interview_register);
PG_FUNCTION_INFO_V1(login);
PG_FUNCTION_INFO_V1(authenticate);
PG_FUNCTION_INFO_V1(logout);
PG_FUNCTION_INFO_V1(create_staff);

Datum
interview_register(PG_FUNCTION_ARGS)
{
	elog(ERROR, "interview_register is not implemented yet");
	PG_RETURN_NULL();
}

Datum
login(PG_FUNCTION_ARGS)
{
	elog(ERROR, "login is not implemented yet");
	PG_RETURN_NULL();
}

Datum
authenticate(PG_FUNCTION_ARGS)
{
	elog(ERROR, "authenticate is not implemented yet");
	PG_RETURN_NULL();
}

Datum
logout(PG_FUNCTION_ARGS)
{
	elog(ERROR, "logout is not implemented yet");
	PG_RETURN_NULL();
}

Datum
create_staff(PG_FUNCTION_ARGS)
{
	elog(ERROR, "create_staff is not implemented yet");
	PG_RETURN_NULL();
}

