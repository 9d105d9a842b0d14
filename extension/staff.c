/* staff.c: placeholder until implemented. */
#include "interview.h"

PG_FUNCTION_INFO_V1(create_company);
PG_FUNCTION_INFO_V1(create_problem);
PG_FUNCTION_INFO_V1(set_code_template);
PG_FUNCTION_INFO_V1(add_test_case);
PG_FUNCTION_INFO_V1(assign_problem);

Datum
create_company(PG_FUNCTION_ARGS)
{
	elog(ERROR, "create_company is not implemented yet");
	PG_RETURN_NULL();
}

Datum
create_problem(PG_FUNCTION_ARGS)
{
	elog(ERROR, "create_problem is not implemented yet");
	PG_RETURN_NULL();
}

Datum
set_code_template(PG_FUNCTION_ARGS)
{
	elog(ERROR, "set_code_template is not implemented yet");
	PG_RETURN_NULL();
}

Datum
add_test_case(PG_FUNCTION_ARGS)
{
	elog(ERROR, "add_test_case is not implemented yet");
	PG_RETURN_NULL();
}

Datum
assign_problem(PG_FUNCTION_ARGS)
{
	elog(ERROR, "assign_problem is not implemented yet");
	PG_RETURN_NULL();
}

