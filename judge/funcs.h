/*
 * funcs.h
 *    Function problems in the judge: the per-language drivers (judge/drivers/
 *    <language>.drv, read once at start), the program that wraps a candidate's
 *    function in its language's driver, the test input as the driver reads it,
 *    and the verdict of a test from the driver's result.
 *
 * A driver file is text: lines before the first "@@" are comments; "@@ key:
 * value" sets a one-line key; "@@ key" alone starts a block that runs to the
 * next "@@" line (its last newline dropped).  docs/judge.md lists the keys.
 *
 * Threads: funcs_load() runs once before any worker starts; afterwards the
 * drivers are read-only.  Every other function is re-entrant and works on
 * caller-owned memory; returned strings are malloc'd and freed by the caller.
 */
#ifndef INTERVIEW_FUNCS_H
#define INTERVIEW_FUNCS_H

#include <stddef.h>

#define FUNCS_MAX_PARAMS 16
#define FUNCS_MARKER_LEN 32

typedef struct FuncDriver FuncDriver;

/* A signature type: scalar kind (0 int, 1 long, 2 double, 3 bool, 4 string) and array depth. */
typedef struct FuncType {
	const char *name;			/* "int[]" */
	int			scalar;
	int			depth;
} FuncType;

typedef struct FuncSig {
	char		function[72];
	int			nparams;
	char		names[FUNCS_MAX_PARAMS][72];
	const FuncType *params[FUNCS_MAX_PARAMS];
	const FuncType *returns;
} FuncSig;

/*
 * Loads every <language>.drv of dir (replacing what was loaded).  Returns the
 * number of drivers, or -1 with err naming the file and line.
 */
int			funcs_load(const char *dir, char *err, size_t errlen);

/*
 * funcs_load() of dir, or when dir is NULL or "" of drivers/ beside the
 * running binary when it exists, else /etc/interview-judge/drivers.  Logs
 * the outcome on stderr; a failure leaves function problems without drivers.
 */
void		funcs_load_default(const char *dir);

/* The directory drivers were loaded from ("" before funcs_load). */
const char *funcs_dir(void);

/* The driver of a language, or NULL when it has none. */
const FuncDriver *funcs_driver(const char *language);

/* 1 when the driver reads its arguments as JSON, 0 for tokens. */
int			funcs_input_json(const FuncDriver *d);

/* The languages with a driver, in name order; *n set.  Borrowed. */
const char *const *funcs_languages(int *n);

/*
 * The driver's starter keys as a JSON object (for set_language_driver):
 * malloc'd, or NULL when out of memory.
 */
char	   *funcs_starter_json(const FuncDriver *d);

/* Parses a signature's JSON text; 0 ok, -1 with err. */
int			funcs_parse_signature(const char *json, FuncSig *sig, char *err, size_t errlen);

/*
 * The program to compile: the candidate's code wrapped in the driver.
 * malloc'd (NUL-terminated, *len set), NULL when out of memory.
 */
char	   *funcs_program(const FuncDriver *d, const FuncSig *sig, const char *code,
						  size_t code_len, size_t *len);

/* Fills marker with FUNCS_MARKER_LEN random hex digits and a NUL. */
void		funcs_marker(char *marker);

/*
 * The program's stdin for a test: the marker line, then the arguments as
 * the driver reads them.  malloc'd (*len set); NULL with err when the test's
 * input is not an argument list of the signature.
 */
char	   *funcs_input(const FuncDriver *d, const FuncSig *sig, const char *input, size_t input_len,
						const char *marker, size_t *len, char *err, size_t errlen);

/*
 * Splits a finished program's output: *prints_len is the length of what the
 * candidate printed (the output before the driver's marker line); returns
 * the result JSON text (pointing into out, *result_len set), or NULL when
 * the driver printed no result.
 */
const char *funcs_split(const char *out, size_t out_len, const char *marker,
						size_t *prints_len, size_t *result_len);

/*
 * Whether a result is JSON of the signature's return type: 1 yes, 0 no
 * (detail says what was returned instead).
 */
int			funcs_result_type(const FuncSig *sig, const char *result, size_t result_len,
							  char *detail, size_t detail_len);

/*
 * Compares a result with the expected JSON under a checker ("exact",
 * "tokens", "float:EPS", "unordered"; NULL is exact).  1 accepted, 0 wrong
 * (detail says why, e.g. the result has the wrong type).
 */
int			funcs_check(const FuncSig *sig, const char *result, size_t result_len,
						const char *expected, size_t expected_len, const char *checker,
						char *detail, size_t detail_len);

#endif							/* INTERVIEW_FUNCS_H */
