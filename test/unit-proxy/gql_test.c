/*
 * gql_test.c - unit tests (TAP) of the proxy's GraphQL lexer, parser,
 * schema model, validation rules, value coercion and introspection.
 * Built with -fsanitize=address,undefined by run.sh; needs no database.
 *
 * Usage: gql_test PROXY_SCHEMA TEST_SCHEMA
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "graphql.h"
#include "tap.h"

static GqlSchema *proxy_schema;
static GqlSchema *test_schema;

/* Parses src; returns the document or NULL (error in *err). */
static GqlDocument *
Parse(GqlArena *a, const char *src, GqlError **err)
{
    return gql_parse(a, src, strlen(src), NULL, err);
}

/* The document parses. */
static void
ParseOk(const char *src, const char *name)
{
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    GqlDocument *d = Parse(a, src, &err);

    Ok(d != NULL, "parse ok: %s", name);
    if (!d && err)
        printf("# %s\n", err->message);
    gql_arena_free(a);
}

/* The document fails to parse at line:col with a message containing part. */
static void
ParseFails(const char *src, int line, int col, const char *part, const char *name)
{
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    GqlDocument *d = Parse(a, src, &err);
    int         good = d == NULL && err && strcmp(err->code, GQL_CODE_PARSE_FAILED) == 0 &&
        err->nlocations == 1 && err->locations[0].line == line && err->locations[0].column == col &&
        strstr(err->message, part) != NULL;

    Ok(good, "parse error: %s", name);
    if (!good)
        printf("# got %s at %d:%d\n", err ? err->message : "(no error)",
               err && err->nlocations ? err->locations[0].line : 0,
               err && err->nlocations ? err->locations[0].column : 0);
    gql_arena_free(a);
}

/* The string value of argument "a" of the first field of `{ f(a: <literal>) }`. */
static void
StringValue(const char *literal, const char *expect, size_t expect_len, const char *name)
{
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    char       *src = gql_arena_printf(a, "{ f(a: %s) }", literal);
    GqlDocument *d = Parse(a, src, &err);
    const GqlValue *v = d ? d->definitions->selection_set->selections->args->value : NULL;
    int         good = v && v->kind == GQL_VALUE_STRING && v->len == expect_len &&
        memcmp(v->str, expect, expect_len) == 0;

    Ok(good, "string value: %s", name);
    if (!good)
        printf("# got %s\n", v ? v->str : err ? err->message : "(nothing)");
    gql_arena_free(a);
}

/* Validates src against schema; returns the errors' rule list "A,B" (static buffer) or "valid". */
static const char *
Validate(GqlSchema *schema, const char *src, const GqlLimits *limits)
{
    static char out[1024];
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    GqlDocument *d = Parse(a, src, &err);
    GqlErrors   errs = {a, NULL, NULL, 0, 0};

    if (d == NULL)
        snprintf(out, sizeof(out), "parse: %s", err ? err->message : "?");
    else if (gql_validate(schema, d, limits, &errs))
        snprintf(out, sizeof(out), "valid");
    else
    {
        out[0] = '\0';
        for (GqlError *e = errs.first; e; e = e->next)
        {
            if (strcmp(e->code, GQL_CODE_VALIDATION_FAILED) != 0 || e->nlocations == 0)
                snprintf(out + strlen(out), sizeof(out) - strlen(out), "%sBADERROR", out[0] ? "," : "");
            snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? "," : "",
                     e->rule ? e->rule : "?");
        }
        printf("# %s: %s\n", errs.first->rule, errs.first->message);
    }
    gql_arena_free(a);
    return out;
}

/* Invalid with errors of rule and possibly also (and no other). */
static void
InvalidAlso(const char *rule, const char *also, const char *src)
{
    const char *r = Validate(test_schema, src, NULL);
    char        buf[1024];
    int         only = 1;
    int         seen = 0;

    snprintf(buf, sizeof(buf), "%s", r);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
    {
        if (strcmp(tok, rule) == 0)
            seen = 1;
        else if (strcmp(tok, also) != 0)
            only = 0;
    }
    Ok(seen && only, "%s: invalid: %s", rule, src);
    if (!seen || !only)
        printf("# got %s\n", r);
}

/* Valid against the test schema. */
static void
Valid(const char *rule, const char *src)
{
    const char *r = Validate(test_schema, src, NULL);

    Ok(strcmp(r, "valid") == 0, "%s: valid: %s", rule, src);
    if (strcmp(r, "valid") != 0)
        printf("# got %s\n", r);
}

/* Invalid against the test schema, with an error of rule (and only of that rule). */
static void
Invalid(const char *rule, const char *src)
{
    const char *r = Validate(test_schema, src, NULL);
    char        buf[1024];
    int         only = 1;

    snprintf(buf, sizeof(buf), "%s", r);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (strcmp(tok, rule) != 0)
            only = 0;
    Ok(strcmp(r, "valid") != 0 && strncmp(r, "parse", 5) != 0 && only, "%s: invalid: %s", rule, src);
    if (!only || strcmp(r, "valid") == 0)
        printf("# got %s\n", r);
}

/* Lexer and parser cases. */
static void
TestParser(void)
{
    ParseOk("{ a }", "shorthand query");
    ParseOk("query { a } ", "anonymous query");
    ParseOk("query Q($a: Int = 1, $b: [String!]! = [\"x\"] @d) @dir { x: a(b: $a) @skip(if: true) }",
            "named query, variables, defaults, directives, alias");
    ParseOk("mutation M { a } subscription S { b }", "mutation and subscription");
    ParseOk("{ ...F ... on T { a } ... @include(if: true) { b } } fragment F on T { c }",
            "fragments and inline fragments");
    ParseOk("{ a(i: 0, j: -12, f: 1.5, g: -0.5e10, h: 2E+3, s: \"x\", b: true, c: false, n: null, e: ENUM,"
            " l: [1, [2]], o: {x: 1, y: {z: []}}) }", "all literal forms");
    ParseOk("# comment\n{ a, b,, c } # trailing\n", "comments and commas");
    ParseOk("\xEF\xBB\xBF{ a }", "byte order mark");
    ParseOk("{\r\n a\r b\n}", "CR, LF and CRLF line terminators");
    ParseOk("type T { a: Int } extend type T { b: Int }", "type system definitions parse");
    ParseOk("{ a(x: \"caf\xC3\xA9 \xF0\x9F\x98\x80\") }", "UTF-8 in strings");
    ParseFails("", 1, 1, "Unexpected <EOF>", "empty document");
    ParseFails("{ }", 1, 3, "Expected Name, found \"}\"", "empty selection set");
    ParseFails("{ a", 1, 4, "Expected Name, found <EOF>", "unclosed selection set");
    ParseFails("{ a(x: 01) }", 1, 9, "unexpected digit after 0", "leading zero");
    ParseFails("{ a(x: 1.) }", 1, 10, "expected digit", "float without fraction digits");
    ParseFails("{ a(x: 1e) }", 1, 10, "expected digit", "float without exponent digits");
    ParseFails("{ a(x: 12abc) }", 1, 10, "expected digit", "number followed by a name");
    ParseFails("{ a(x: \"abc) }", 1, 15, "Unterminated string", "unterminated string");
    ParseFails("{ a(x: \"a\nb\") }", 1, 10, "Unterminated string", "line break in string");
    ParseFails("{ a(x: \"\\q\") }", 1, 9, "Invalid character escape", "bad escape");
    ParseFails("{ a(x: \"\\u12G4\") }", 1, 9, "Invalid Unicode escape", "bad unicode escape");
    ParseFails("{ a(x: \"\\uD800\") }", 1, 9, "Invalid Unicode escape", "lone leading surrogate");
    ParseFails("{ a(x: \"\\uDC00\") }", 1, 9, "Invalid Unicode escape", "lone trailing surrogate");
    ParseFails("{ a(x: \"\\u{110000}\") }", 1, 9, "Invalid Unicode escape", "code point too large");
    ParseFails("{ a(x: \"\\u{}\") }", 1, 9, "Invalid Unicode escape", "empty braces");
    ParseFails("{ a(x: \"\"\"abc) }", 1, 17, "Unterminated string", "unterminated block string");
    ParseFails("{ a \xFF }", 1, 5, "Invalid UTF-8", "invalid UTF-8 byte");
    ParseFails("{ a(x: \"\xC0\xAF\") }", 1, 9, "Invalid UTF-8", "overlong UTF-8");
    ParseFails("{ a(x: \"\xED\xA0\x80\") }", 1, 9, "Invalid UTF-8", "UTF-8 encoded surrogate");
    ParseFails("{ a .. b }", 1, 5, "Unexpected character", "two dots");
    ParseFails("{ a(x: 'y') }", 1, 8, "single quote", "single quote");
    ParseFails("{ a \x01 }", 1, 5, "Invalid character", "control character");
    ParseFails("query Q($a: Int = $b) { a }", 1, 19, "Unexpected variable \"$b\" in constant value",
               "variable in default value");
    ParseFails("{ ...on }", 1, 9, "Expected Name", "inline fragment needs a type after on");
    ParseFails("fragment on on T { a }", 1, 10, "Unexpected Name \"on\"", "fragment named on");
    ParseFails("{ a(b: ) }", 1, 8, "Unexpected \")\"", "argument without value");
    ParseFails("query Q() { a }", 1, 9, "Expected \"$\"", "empty variable list");
    ParseFails("\"desc\" { a }", 1, 1, "not supported on shorthand queries", "description on a shorthand query");
    ParseFails("\"desc\" extend type T { a: Int }", 1, 1, "only GraphQL definitions support descriptions",
               "description on an extension");
    ParseOk("\"op\" query Q(\"var\" $a: Int) { a(x: $a) } \"\"\"frag\"\"\" fragment F on T { a }",
            "descriptions on operations, variables and fragments (draft)");
    ParseFails("{ a }\n  }", 2, 3, "Unexpected \"}\"", "position on the second line");
    ParseFails("{ a(x: \"\xC3\xA9\xC3\xA9\" y: $) }", 1, 17, "Expected Name", "columns count code points");

    StringValue("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "a\"b\\c/d\b\f\n\r\t", 12, "simple escapes");
    StringValue("\"\\u00e9\"", "\xC3\xA9", 2, "\\u escape");
    StringValue("\"\\uD83D\\uDE00\"", "\xF0\x9F\x98\x80", 4, "surrogate pair escape");
    StringValue("\"\\u{1F600}\"", "\xF0\x9F\x98\x80", 4, "\\u{} escape");
    StringValue("\"\\u{00000041}\"", "A", 1, "\\u{} with leading zeros");
    StringValue("\"\\u0000x\"", "\0x", 2, "NUL escape keeps the length");
    StringValue("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"",
                "Hello,\n  World!\n\nYours,\n  GraphQL.", 34, "block string indentation");
    StringValue("\"\"\"  first\n  second\"\"\"", "  first\nsecond", 14, "block string keeps first-line indent");
    StringValue("\"\"\"a \\\"\"\" b\"\"\"", "a \"\"\" b", 7, "escaped triple quote in block string");
    StringValue("\"\"\"\\n\\u0041\"\"\"", "\\n\\u0041", 8, "no escapes in block strings");
    StringValue("\"\"\"\r\n  x\r\n  y\r\n\"\"\"", "x\ny", 3, "block string CRLF");
    StringValue("\"\"\"\t\t\"\"\"", "", 0, "blank block string");

    {
        GqlArena   *a = gql_arena_new();
        GqlError   *err = NULL;
        GqlDocument *d = Parse(a, "query Q($v: [Int!]!) {\n  x: f(a: 1) @skip(if: $v) {\n    ...F\n  }\n}\n"
                               "fragment F on T { g }", &err);
        const GqlDefinition *op = d ? d->definitions : NULL;
        const GqlSelection *s = op ? op->selection_set->selections : NULL;

        Ok(d && op->kind == GQL_DEF_OPERATION && op->operation == GQL_OP_QUERY &&
           strcmp(op->name, "Q") == 0, "operation node");
        Ok(op && op->variables && op->variables->type->kind == GQL_TYPEREF_NON_NULL &&
           op->variables->type->of->kind == GQL_TYPEREF_LIST &&
           op->variables->type->of->of->kind == GQL_TYPEREF_NON_NULL &&
           strcmp(op->variables->type->of->of->of->name, "Int") == 0, "variable type [Int!]!");
        Ok(s && strcmp(s->alias, "x") == 0 && strcmp(s->name, "f") == 0 && s->pos.line == 2 &&
           s->pos.column == 3, "field alias, name and position");
        Ok(s && s->directives && strcmp(s->directives->name, "skip") == 0 &&
           s->directives->args->value->kind == GQL_VALUE_VARIABLE, "field directive with variable");
        Ok(s && s->selection_set->selections->kind == GQL_SEL_FRAGMENT_SPREAD &&
           s->selection_set->selections->pos.line == 3 && s->selection_set->selections->pos.column == 5,
           "fragment spread and position");
        Ok(d && d->definitions->next->kind == GQL_DEF_FRAGMENT &&
           strcmp(d->definitions->next->type_condition, "T") == 0, "fragment definition");
        gql_arena_free(a);
    }
    {
        /* limits: nesting, tokens and size are enforced by the parser itself */
        GqlParseLimits lim = {1000, 20, 5};
        GqlArena   *a = gql_arena_new();
        GqlError   *err = NULL;
        size_t      n = 200000;

        Ok(gql_parse(a, "{a{b{c{d{e{f}}}}}}", 18, &lim, &err) == NULL && err &&
           strstr(err->message, "maximum depth"), "nesting limit");
        Ok(gql_parse(a, "{a b c d e f g h i j k l m n o p q r s t u v}", 45, &lim, &err) == NULL && err &&
           strstr(err->message, "tokens"), "token limit");
        Ok(gql_parse(a, "{ a }", 2000, &lim, &err) == NULL && err && strstr(err->message, "larger"),
           "size limit");
        /* hostile nesting with default limits must fail cleanly, not overflow the stack */
        {
            char       *doc = malloc(n + 1);

            if (doc == NULL)
            {
                printf("Bail out! malloc failed\n");
                exit(1);
            }
            memcpy(doc, "{ a(x: ", 7);
            memset(doc + 7, '[', n - 7);
            doc[n] = '\0';
            Ok(gql_parse(a, doc, n, NULL, &err) == NULL && err != NULL && strstr(err->message, "depth"),
               "200 KB of nested lists is rejected");
            for (size_t i = 0; i < n; i++)
                doc[i] = i % 2 ? 'a' : '{';
            Ok(gql_parse(a, doc, n, NULL, &err) == NULL && err != NULL && strstr(err->message, "depth"),
               "200 KB of nested selection sets is rejected");
            free(doc);
        }
        gql_arena_free(a);
    }
}

/* One valid and one invalid case per validation rule (test schema). */
static void
TestRules(void)
{
    Valid("ExecutableDefinitions", "query Q { dog { ...F } } fragment F on Dog { name }");
    Invalid("ExecutableDefinitions", "{ dog { name } } type Cow { name: String }");
    Invalid("ExecutableDefinitions", "{ dog { name } } extend type Dog { color: String }");
    Valid("UniqueOperationNames", "query A { dog { name } } query B { dog { name } }");
    Invalid("UniqueOperationNames", "query A { dog { name } } mutation A { setName(name: \"x\") { name } }");
    Valid("LoneAnonymousOperation", "{ dog { name } }");
    Invalid("LoneAnonymousOperation", "{ dog { name } } query B { dog { name } }");
    Valid("SingleFieldSubscriptions", "subscription S { newDog { name } }");
    Invalid("SingleFieldSubscriptions", "subscription S { newDog { name } newCat { name } }");
    Invalid("SingleFieldSubscriptions", "subscription S { ...F } fragment F on SubscriptionRoot { newDog { name } newCat { name } }");
    Invalid("SingleFieldSubscriptions", "subscription S { __typename }");
    Valid("KnownTypeNames", "query Q($a: DogCommand!) { dog { doesKnowCommand(dogCommand: $a) ... on Being { name } } }");
    Invalid("KnownTypeNames", "query Q($a: Kitty) { dog { name @skip(if: $a) } }");
    Invalid("KnownTypeNames", "{ dog { ... on Kitty { name } } }");
    Valid("FragmentsOnCompositeTypes", "{ dog { ...F ... on Pet { name } } } fragment F on CatOrDog { __typename }");
    Invalid("FragmentsOnCompositeTypes", "{ dog { ...F } } fragment F on FurColor { __typename }");
    Invalid("FragmentsOnCompositeTypes", "{ dog { ... on Boolean { name } } }");
    Valid("VariablesAreInputTypes", "query Q($a: String, $b: Boolean!, $c: ComplexInput) { dog { name } "
          "complicatedArgs { stringArgField(stringArg: $a) complexArgField(complexArg: $c) } "
          "human { pets { name(surname: true) } } cat { name(surname: false) } b: dog { isHousetrained(atOtherHomes: true) } "
          "c: dog { isAtLocation(x: 1) } d: complicatedArgs { stringListNonNullArgField(stringListNonNullArg: []) } "
          "e: complicatedArgs { booleanArgField(booleanArg: true) } f: complicatedArgs { intArgField(intArg: 1) } "
          "dogOrHuman { __typename } being { name } canine { barkVolume } "
          "g: complicatedArgs { stringListArgField(stringListArg: [\"a\"]) } "
          "h: dog { doesKnowCommand(dogCommand: SIT) } "
          "i: complicatedArgs { enumArgField(enumArg: TAN) } "
          "j: dog @include(if: true) { name } "
          "k: complicatedArgs { idArgField(idArg: 1) } "
          "l: dog { barks @skip(if: false) } "
          "m: complicatedArgs { floatArgField(floatArg: 1) } "
          "n: dog { owner { iq } } "
          "o: human(id: \"1\") { relatives { iq } } "
          "p: complicatedArgs { multipleOpts } "
          "q: complicatedArgs { multipleReqs(req1: 1, req2: 2) } "
          "r: dog @include(if: $b) { name } }");
    InvalidAlso("VariablesAreInputTypes", "NoUnusedVariables", "query Q($a: Dog) { dog { name } }");
    InvalidAlso("VariablesAreInputTypes", "NoUnusedVariables", "query Q($a: [CatOrDog!]) { dog { name } }");
    Valid("ScalarLeafs", "{ dog { barks } }");
    Invalid("ScalarLeafs", "{ dog }");
    Invalid("ScalarLeafs", "{ dog { barks { x } } }");
    Invalid("ScalarLeafs", "{ dog { doesKnowCommand(dogCommand: SIT) { x } } }");
    Valid("FieldsOnCorrectType", "{ pet { __typename name ... on Dog { barks } } catOrDog { __typename } }");
    Invalid("FieldsOnCorrectType", "{ dog { meows } }");
    Invalid("FieldsOnCorrectType", "{ catOrDog { name } }");
    Invalid("FieldsOnCorrectType", "{ dog { __schema { types { name } } } }");
    Valid("UniqueFragmentNames", "{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { barks }");
    Invalid("UniqueFragmentNames", "{ dog { ...A } } fragment A on Dog { name } fragment A on Dog { barks }");
    Valid("KnownFragmentNames", "{ dog { ...A } } fragment A on Dog { name }");
    Invalid("KnownFragmentNames", "{ dog { ...Missing } }");
    Valid("NoUnusedFragments", "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { name }");
    Invalid("NoUnusedFragments", "{ dog { name } } fragment A on Dog { name }");
    Valid("PossibleFragmentSpreads", "{ pet { ...D } catOrDog { ... on Pet { name } } being { ... on DogOrHuman { __typename } } } fragment D on Dog { barks }");
    Invalid("PossibleFragmentSpreads", "{ dog { ...C } } fragment C on Cat { meows }");
    Invalid("PossibleFragmentSpreads", "{ human { ... on CatOrDog { __typename } } }");
    Invalid("PossibleFragmentSpreads", "{ cat { ... on DogOrHuman { __typename } } }");
    Valid("NoFragmentCycles", "{ dog { ...A ...B } } fragment A on Dog { ...B } fragment B on Dog { name }");
    Invalid("NoFragmentCycles", "{ dog { ...A } } fragment A on Dog { ...A }");
    Invalid("NoFragmentCycles", "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { owner { pets { ... on Dog { ...A } } } }");
    Valid("UniqueVariableNames", "query Q($a: Int, $b: Int) { complicatedArgs { multipleOpts(opt1: $a, opt2: $b) } }");
    Invalid("UniqueVariableNames", "query Q($a: Int, $a: Int) { complicatedArgs { intArgField(intArg: $a) } }");
    Valid("NoUndefinedVariables", "query Q($a: Int) { complicatedArgs { ...F } } fragment F on ComplicatedArgs { intArgField(intArg: $a) }");
    Invalid("NoUndefinedVariables", "query Q { complicatedArgs { intArgField(intArg: $a) } }");
    Invalid("NoUndefinedVariables", "query Q { complicatedArgs { ...F } } fragment F on ComplicatedArgs { intArgField(intArg: $a) }");
    Valid("NoUnusedVariables", "query Q($a: Boolean!) { dog @include(if: $a) { name } }");
    Invalid("NoUnusedVariables", "query Q($a: Int) { dog { name } }");
    Valid("KnownDirectives", "query Q @onQuery { dog @onField { ...F @onFragmentSpread ... @onInlineFragment { name } } } fragment F on Dog @onFragmentDefinition { name }");
    Invalid("KnownDirectives", "{ dog @unknown { name } }");
    Invalid("KnownDirectives", "query Q @onField { dog { name } }");
    Invalid("KnownDirectives", "{ dog @mapping(sql: \"x\") { name } }");
    Invalid("KnownDirectives", "query Q($a: Int @onField) { complicatedArgs { intArgField(intArg: $a) } }");
    Valid("UniqueDirectivesPerLocation", "{ dog @onField @again @again { name @skip(if: false) @include(if: true) } }");
    Invalid("UniqueDirectivesPerLocation", "{ dog @onField @onField { name } }");
    Valid("KnownArgumentNames", "{ dog { doesKnowCommand(dogCommand: SIT) name @skip(if: false) } }");
    Invalid("KnownArgumentNames", "{ dog { doesKnowCommand(command: SIT, dogCommand: SIT) } }");
    Invalid("KnownArgumentNames", "{ dog { name @skip(unless: false, if: true) } }");
    Valid("UniqueArgumentNames", "{ complicatedArgs { multipleOpts(opt1: 1, opt2: 2) } }");
    Invalid("UniqueArgumentNames", "{ complicatedArgs { multipleOpts(opt1: 1, opt1: 2) } }");
    Valid("ValuesOfCorrectType", "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intField: 4, "
          "stringListField: \"one\", enumField: TAN, nested: {requiredField: false}}) } "
          "a: complicatedArgs { floatArgField(floatArg: 1e3) } b: complicatedArgs { idArgField(idArg: \"x\") } "
          "c: complicatedArgs { intArgField(intArg: -2147483648) } d: complicatedArgs { urlArgField(urlArg: {any: [1]}) } "
          "e: complicatedArgs { stringListArgField(stringListArg: null) } f: complicatedArgs { intArgField(intArg: null) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { intArgField(intArg: \"3\") } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { intArgField(intArg: 2147483648) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { intArgField(intArg: 1.0) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { stringArgField(stringArg: 1) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { booleanArgField(booleanArg: \"true\") } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { idArgField(idArg: 1.5) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { floatArgField(floatArg: \"1\") } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { enumArgField(enumArg: \"TAN\") } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { enumArgField(enumArg: PURPLE) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { stringListNonNullArgField(stringListNonNullArg: [\"a\", null]) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { complexArgField(complexArg: {intField: 4}) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, unknown: 1}) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { complexArgField(complexArg: [{requiredField: true}]) } }");
    Invalid("ValuesOfCorrectType", "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, nested: {requiredField: 1}}) } }");
    Invalid("ValuesOfCorrectType", "query Q($a: Int = \"x\") { complicatedArgs { intArgField(intArg: $a) } }");
    Invalid("ValuesOfCorrectType", "{ dog { name @skip(if: \"yes\") } }");
    Valid("ProvidedRequiredArguments", "{ complicatedArgs { multipleOptAndReq(req1: 1, req2: 2) nonNullFieldWithDefault } }");
    Invalid("ProvidedRequiredArguments", "{ complicatedArgs { multipleReqs(req1: 1) } }");
    Invalid("ProvidedRequiredArguments", "{ dog { name @skip } }");
    Invalid("ProvidedRequiredArguments", "{ dog @withArgs(opt: \"y\") { name } }");
    Valid("VariablesInAllowedPosition", "query Q($a: Int = 1, $b: Int, $c: [String!], $d: Boolean = true) { "
          "complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) nonNullFieldWithDefault(arg: $b) "
          "stringListArgField(stringListArg: $c) } dog @skip(if: $d) { name } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: String) { complicatedArgs { intArgField(intArg: $a) } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: [String]) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: $a) } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: Int = null) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: Boolean) { complicatedArgs { complexArgField(complexArg: {requiredField: $a}) } }");
    Invalid("VariablesInAllowedPosition", "query Q($a: Boolean) { ...F } fragment F on QueryRoot { dog @include(if: $a) { name } }");
    Valid("OverlappingFieldsCanBeMerged", "{ dog { name name otherName: nickname ...F doesKnowCommand(dogCommand: SIT) "
          "doesKnowCommand(dogCommand: SIT) } pet { ... on Dog { volume: barkVolume } ... on Cat { volume: meowVolume } } } "
          "fragment F on Dog { name nickname }");
    Invalid("OverlappingFieldsCanBeMerged", "{ dog { name: nickname name } }");
    Invalid("OverlappingFieldsCanBeMerged", "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }");
    Invalid("OverlappingFieldsCanBeMerged", "{ dog { isAtLocation(x: 1) isAtLocation } }");
    Invalid("OverlappingFieldsCanBeMerged", "{ catOrDog { ... on Dog { x: barks } ... on Cat { x: meowVolume } } }");
    Invalid("OverlappingFieldsCanBeMerged", "{ dog { owner { iq } owner { iq: name } } }");
    Invalid("OverlappingFieldsCanBeMerged", "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: barks }");
    Invalid("OverlappingFieldsCanBeMerged", "{ human { relatives { name } x: pets { name } } human { relatives: pets { name } } }");
    Valid("UniqueInputFieldNames", "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, nested: {requiredField: true}}) } }");
    Invalid("UniqueInputFieldNames", "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, requiredField: false}) } }");
    Valid("MaxIntrospectionDepth", "{ __schema { types { fields { type { fields { name } } } } } }");
    Invalid("MaxIntrospectionDepth", "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }");
    Invalid("MaxIntrospectionDepth", "{ __type(name: \"Dog\") { ...T } } fragment T on __Type { fields { type { interfaces { possibleTypes { name } } } } }");
    Valid("KnownOperationTypes", "mutation { setName(name: \"x\") { name } }");
    {
        char        err[256];
        GqlSchema  *mini = gql_schema_parse("type Query { a: Int }", 21, err, sizeof(err));
        const char *r = mini ? Validate(mini, "subscription { a }", NULL) : err;

        Ok(strcmp(r, "KnownOperationTypes") == 0, "KnownOperationTypes: invalid: subscription without a root type");
        r = mini ? Validate(mini, "mutation { a }", NULL) : err;
        Ok(strcmp(r, "KnownOperationTypes") == 0, "KnownOperationTypes: invalid: mutation without a root type");
        gql_schema_free(mini);
    }
}

/* Our own limits. */
static void
TestLimits(void)
{
    GqlLimits   lim = {3, 6, 1, 200, 0, 0};
    const char *r;

    r = Validate(test_schema, "{ dog { owner { relatives { iq } } } }", &lim);
    Ok(strcmp(r, "MaxDepth") == 0, "depth limit (4 > 3)");
    r = Validate(test_schema, "{ dog { owner { iq } } }", &lim);
    Ok(strcmp(r, "valid") == 0, "depth 3 is allowed");
    r = Validate(test_schema, "{ dog { ...F ...G } } fragment F on Dog { name barks nickname } fragment G on Dog { barkVolume owner { iq } }", &lim);
    Ok(strcmp(r, "MaxFields") == 0, "field limit counts through fragments (7 > 6)");
    r = Validate(test_schema, "query A { dog { name barks nickname } } query B { dog { name barks nickname } }", &lim);
    Ok(strcmp(r, "MaxFields") == 0, "field limit covers all operations together (4 + 4 > 6)");
    r = Validate(test_schema, "{ a: dog { name } b: dog { name } }", &lim);
    Ok(strcmp(r, "MaxAliases") == 0, "alias limit (2 > 1)");
    r = Validate(test_schema, "{ dog { name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name name } }", &lim);
    Ok(strncmp(r, "MaxDocumentSize", 15) == 0, "document size limit");
    /* a fragment bomb: 2^30 fields if expanded; must be refused quickly */
    {
        char        doc[4096];
        size_t      n = 0;

        n += (size_t) snprintf(doc + n, sizeof(doc) - n, "{ dog { ...F0 } } fragment F30 on Dog { name }");
        for (int i = 29; i >= 0; i--)
            n += (size_t) snprintf(doc + n, sizeof(doc) - n, " fragment F%d on Dog { ...F%d ... on Dog { ...F%d } }",
                                   i, i + 1, i + 1);
        r = Validate(test_schema, doc, NULL);
        Ok(strcmp(r, "MaxFields") == 0, "fragment bomb is refused by the field limit");
    }
    /*
     * the merging check's budget: past it a document is refused as too
     * complex (a 1.4 KB document the fuzzer found, now a fuzz seed, took
     * minutes and 12 GB when a full error list hid its limit errors)
     */
    {
        const char *same = "{ dog { name name name name name name name name name name } }";
        GqlLimits   tight = {0, 0, 0, 0, 0, 20};

        r = Validate(test_schema, same, &tight);
        Ok(strcmp(r, "MaxComplexity") == 0, "a document past the merging budget is refused (10 fields of one key, budget 20)");
        r = Validate(test_schema, same, NULL);
        Ok(strcmp(r, "valid") == 0, "the same document is valid within the default budget");
    }
    /*
     * many short strings: each string's buffer is sized by the string, not by
     * the rest of the document (which made this 5000 x 50 KB = 250 MB)
     */
    {
        size_t      cap = 5000 * 24 + 64;
        char       *doc = malloc(cap);
        size_t      n = 0;
        GqlArena   *a = gql_arena_new();
        GqlError   *err = NULL;
        GqlDocument *d;

        n += (size_t) snprintf(doc + n, cap - n, "{ dog { name(s: [");
        for (int i = 0; i < 5000; i++)
            n += (size_t) snprintf(doc + n, cap - n, "\"%s%04d\\u0041\", ", i % 2 ? "s" : "\\n", i);
        n += (size_t) snprintf(doc + n, cap - n, "\"\"\"block \\\"\"\" %s\"\"\"]) } }", "end");
        d = gql_parse(a, doc, n, NULL, &err);
        Ok(d != NULL && gql_arena_used(a) < 16 * n,
           "5000 short strings in a document cost memory in proportion to the document");
        if (d == NULL && err)
            printf("#   %s\n", err->message);
        printf("#   %zu bytes of document, %zu bytes of arena\n", n, gql_arena_used(a));
        gql_arena_free(a);
        free(doc);
    }
    {
        const char *intro = "query IntrospectionQuery { __schema { queryType { name } types { ...FullType } } } "
            "fragment FullType on __Type { kind name fields(includeDeprecated: true) { name type { ...TypeRef } } } "
            "fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name "
            "ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }";

        r = Validate(proxy_schema, intro, NULL);
        Ok(strcmp(r, "valid") == 0, "deep introspection query passes the depth limit");
    }
}

/* Runs coerce_variables for op text and variables JSON; returns the result or NULL. */
static json_t *
Coerce(const char *src, const char *vars, char *msg, size_t msglen)
{
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    GqlDocument *d = Parse(a, src, &err);
    GqlErrors   errs = {a, NULL, NULL, 0, 0};
    json_t     *in = vars ? json_loads(vars, JSON_DECODE_ANY, NULL) : NULL;
    json_t     *out = NULL;

    msg[0] = '\0';
    if (d && gql_validate(test_schema, d, NULL, &errs))
        out = gql_coerce_variables(test_schema, d->definitions, in, &errs);
    if (errs.first)
        snprintf(msg, msglen, "%s|%s", errs.first->code, errs.first->message);
    json_decref(in);
    gql_arena_free(a);
    return out;
}

/* Variable coercion cases. */
static void
TestCoercion(void)
{
    char        msg[512];
    json_t     *r;
    char       *s;
    const char *q1 = "query Q($i: Int, $n: Int!, $d: Int = 7, $l: [String!], $e: FurColor, $id: ID, $f: Float,"
        " $c: ComplexInput) { a: complicatedArgs { intArgField(intArg: $i) nonNullIntArgField(nonNullIntArg: $n)"
        " b: intArgField(intArg: $d) stringListNonNullArgField(stringListNonNullArg: $l) enumArgField(enumArg: $e)"
        " idArgField(idArg: $id) floatArgField(floatArg: $f) complexArgField(complexArg: $c) } }";

    r = Coerce(q1, "{\"i\": 1, \"n\": 2, \"l\": \"one\", \"e\": \"TAN\", \"id\": 42, \"f\": 3,"
               " \"c\": {\"requiredField\": true}}", msg, sizeof(msg));
    s = r ? json_dumps(r, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    Ok(s && strcmp(s, "{\"c\":{\"nonNullField\":false,\"requiredField\":true},\"d\":7,\"e\":\"TAN\",\"f\":3.0,"
                   "\"i\":1,\"id\":\"42\",\"l\":[\"one\"],\"n\":2}") == 0,
       "coercion: defaults, list wrapping, ID from int, Float from int, input defaults");
    if (s)
        printf("# %s\n", s);
    free(s);
    json_decref(r);
    r = Coerce(q1, "{\"i\": 1}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "BAD_USER_INPUT|Variable \"$n\" of required type \"Int!\" was not provided."),
       "coercion: missing required variable");
    r = Coerce(q1, "{\"n\": null}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "must not be null"), "coercion: null for a non-null variable");
    r = Coerce(q1, "{\"n\": \"1\"}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "got invalid value \"1\"; Int cannot represent non-integer value"),
       "coercion: string for Int");
    r = Coerce(q1, "{\"n\": 4294967296}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "32-bit"), "coercion: Int out of range");
    r = Coerce(q1, "{\"n\": 1, \"e\": \"PURPLE\"}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "does not exist in \"FurColor\" enum"), "coercion: unknown enum value");
    r = Coerce(q1, "{\"n\": 1, \"l\": [\"a\", null]}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "not to be null"), "coercion: null item in [String!]");
    r = Coerce(q1, "{\"n\": 1, \"c\": {\"intField\": 1}}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "requiredField"), "coercion: missing required input field");
    r = Coerce(q1, "{\"n\": 1, \"c\": {\"requiredField\": true, \"bogus\": 1}}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "\"bogus\" is not defined"), "coercion: unknown input field");
    r = Coerce(q1, "{\"n\": 1, \"id\": true}", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "ID cannot represent"), "coercion: boolean for ID");
    r = Coerce(q1, "[1]", msg, sizeof(msg));
    Ok(r == NULL && strstr(msg, "object"), "coercion: variables must be an object");
    r = Coerce(q1, "{\"n\": 1, \"i\": null}", msg, sizeof(msg));
    s = r ? json_dumps(r, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    Ok(s && strcmp(s, "{\"d\":7,\"i\":null,\"n\":1}") == 0, "coercion: explicit null kept, absent left out");
    free(s);
    json_decref(r);

    /* argument coercion and CollectFields with skip/include */
    {
        GqlArena   *a = gql_arena_new();
        GqlError   *err = NULL;
        GqlDocument *d = Parse(a, "query Q($s: Boolean!, $v: Int!) { ...F dog @skip(if: $s) { name } "
                               "complicatedArgs { multipleOptAndReq(req1: 1, req2: $v) } } "
                               "fragment F on QueryRoot { cat { name } dog { barks } }", &err);
        GqlErrors   errs = {a, NULL, NULL, 0, 0};
        json_t     *vars;
        GqlFieldGroup *g;
        const GqlSelectionSet *set;
        json_t     *args;

        Ok(d && gql_validate(test_schema, d, NULL, &errs), "collect: document is valid");
        json_t     *given = json_pack("{s:b,s:i}", "s", 0, "v", 5);

        vars = gql_coerce_variables(test_schema, d->definitions, given, &errs);
        json_decref(given);
        set = d->definitions->selection_set;
        g = gql_collect_fields(a, test_schema, d, gql_schema_query_type(test_schema), &set, 1, vars);
        Ok(g && strcmp(g->response_key, "cat") == 0 && g->next && strcmp(g->next->response_key, "dog") == 0 &&
           g->next->nfields == 2 && g->next->next && g->next->next->next == NULL,
           "collect: fragment fields first, dog merged from two places");
        json_object_set_new(vars, "s", json_true());
        g = gql_collect_fields(a, test_schema, d, gql_schema_query_type(test_schema), &set, 1, vars);
        Ok(g && g->next && g->next->nfields == 1, "collect: @skip(if: $s) drops the field");
        {
            const GqlSelection *ca = d->definitions->selection_set->selections->next->next;
            const GqlSelection *f = ca->selection_set->selections;

            args = gql_coerce_arguments(test_schema, f->field_def->args, f->args, vars, &errs, f->pos);
            s = args ? json_dumps(args, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
            Ok(s && strcmp(s, "{\"opt1\":0,\"opt2\":0,\"req1\":1,\"req2\":5}") == 0,
               "arguments: literal, variable and defaults");
            free(s);
            json_decref(args);
            json_object_del(vars, "v");
            args = gql_coerce_arguments(test_schema, f->field_def->args, f->args, vars, &errs, f->pos);
            Ok(args == NULL && errs.last && strcmp(errs.last->code, GQL_CODE_BAD_USER_INPUT) == 0 &&
               strstr(errs.last->message, "was provided the variable \"$v\" which was not provided a runtime value"),
               "arguments: missing variable for a required argument");
            json_object_set_new(vars, "v", json_null());
            args = gql_coerce_arguments(test_schema, f->field_def->args, f->args, vars, &errs, f->pos);
            Ok(args == NULL && errs.last && strstr(errs.last->message, "of non-null type \"Int!\" must not be null"),
               "arguments: null variable for a non-null argument");
        }
        json_decref(vars);
        gql_arena_free(a);
    }
}

/* Introspection answers. */
static void
TestIntrospection(void)
{
    GqlArena   *a = gql_arena_new();
    GqlError   *err = NULL;
    GqlDocument *d = Parse(a, "{ __typename t: __type(name: \"Dog\") { name kind interfaces { name } "
                           "fields { name } f2: fields(includeDeprecated: true) { name isDeprecated deprecationReason } } "
                           "e: __type(name: \"DogCommand\") { enumValues { name } } "
                           "u: __type(name: \"Url\") { specifiedByURL } n: __type(name: \"Nope\") { name } "
                           "__schema { queryType { name } subscriptionType { name } directives { name } } "
                           "c: __type(name: \"ComplexInput\") { inputFields { name defaultValue type { kind ofType { name } } } } }", &err);
    GqlErrors   errs = {a, NULL, NULL, 0, 0};
    json_t     *data = NULL;
    char       *s = NULL;

    Ok(d && gql_validate(test_schema, d, NULL, &errs), "introspection query is valid");
    if (d && errs.count == 0)
    {
        Ok(gql_is_introspection_only(test_schema, d, d->definitions, NULL), "introspection only");
        data = gql_introspect_operation(test_schema, d, d->definitions, NULL, &errs);
        s = data ? json_dumps(data, JSON_COMPACT) : NULL;
    }
    Ok(s && strstr(s, "\"__typename\":\"QueryRoot\""), "__typename on the root");
    Ok(s && strstr(s, "\"t\":{\"name\":\"Dog\",\"kind\":\"OBJECT\",\"interfaces\":[{\"name\":\"Being\"},{\"name\":\"Pet\"},{\"name\":\"Canine\"}]"),
       "__type: name, kind, interfaces");
    Ok(s && !strstr(s, "\"fields\":[{\"name\":\"name\"},{\"name\":\"nickname\"},{\"name\":\"barkVolume\"},{\"name\":\"barks\"},{\"name\":\"doesKnowCommand\"},{\"name\":\"isHousetrained\"},{\"name\":\"isAtLocation\"},{\"name\":\"owner\"},{\"name\":\"oldName\"}")
       && strstr(s, "{\"name\":\"owner\"},{\"name\":\"homepage\"}]"), "deprecated fields hidden by default");
    Ok(s && strstr(s, "{\"name\":\"oldName\",\"isDeprecated\":true,\"deprecationReason\":\"No longer supported\"}"),
       "deprecated field with includeDeprecated");
    Ok(s && strstr(s, "\"e\":{\"enumValues\":[{\"name\":\"SIT\"},{\"name\":\"HEEL\"},{\"name\":\"DOWN\"}]}"),
       "enum values without the deprecated one");
    Ok(s && strstr(s, "\"u\":{\"specifiedByURL\":\"https://url.spec.whatwg.org/\"}"), "specifiedByURL");
    Ok(s && strstr(s, "\"n\":null"), "unknown __type is null");
    Ok(s && strstr(s, "\"subscriptionType\":{\"name\":\"SubscriptionRoot\"}"), "root types");
    Ok(s && strstr(s, "{\"name\":\"onQuery\"}") && !strstr(s, "\"mapping\""),
       "executable directives listed, type-system-only directives hidden");
    Ok(s && strstr(s, "{\"name\":\"nonNullField\",\"defaultValue\":\"false\",\"type\":{\"kind\":\"NON_NULL\",\"ofType\":{\"name\":\"Boolean\"}}}"),
       "input fields with default values and wrapped types");
    if (s)
        printf("# %.300s\n", s);
    free(s);
    json_decref(data);
    gql_arena_free(a);
}

/* The proxy's schema model: mapping directives are reachable. */
static void
TestSchemaModel(void)
{
    char        err[512];
    const GqlTypeDef *q = gql_schema_query_type(proxy_schema);
    const GqlTypeDef *dog = gql_schema_type(test_schema, "Dog");
    const GqlFieldDef *nick = dog ? gql_type_field(dog, "nickname") : NULL;
    GqlSchema  *bad;

    Ok(q && strcmp(q->name, "Query") == 0 && gql_type_field(q, "allCompanies") != NULL,
       "proxy schema: Query.allCompanies");
    Ok(gql_schema_mutation_type(proxy_schema) && gql_type_field(gql_schema_mutation_type(proxy_schema), "startInterview"),
       "proxy schema: Mutation.startInterview");
    Ok(gql_schema_type(proxy_schema, "Judgement") && gql_type_enum_value(gql_schema_type(proxy_schema, "Judgement"), "TLE"),
       "proxy schema: Judgement enum");
    Ok(dog && strcmp(gql_directive_string(dog->directives, "mapping", "sql"), "dog") == 0,
       "applied directive on a type");
    Ok(nick && strcmp(gql_directive_string(nick->directives, "mapping", "sql"), "nick") == 0 &&
       nick->owner == dog, "applied directive on a field; field owner");
    Ok(gql_typeref_named(gql_type_field(gql_schema_type(test_schema, "Human"), "relatives")->type) ==
       gql_schema_type(test_schema, "Human"), "type refs resolved");
    bad = gql_schema_parse("type Query { a: Nope }", 22, err, sizeof(err));
    Ok(bad == NULL && strstr(err, "Unknown type \"Nope\""), "schema: unknown type rejected");
    bad = gql_schema_parse("type Query { a: Int @nope }", 27, err, sizeof(err));
    Ok(bad == NULL && strstr(err, "Unknown directive"), "schema: unknown applied directive rejected");
    bad = gql_schema_parse("input I { a: Int } type Query { a: I }", 38, err, sizeof(err));
    Ok(bad == NULL && strstr(err, "Output Type"), "schema: input type in output position rejected");
    bad = gql_schema_parse("interface N { id: ID! } type Query implements N { a: Int }", 58, err, sizeof(err));
    Ok(bad == NULL && strstr(err, "N.id expected"), "schema: missing interface field rejected");
    bad = gql_schema_parse("type Query { a: Int } extend type Query { b: Int }", 50, err, sizeof(err));
    Ok(bad != NULL && gql_type_field(gql_schema_query_type(bad), "b") != NULL, "schema: type extension merged");
    gql_schema_free(bad);
}

/* Entry point. */
int
main(int argc, char **argv)
{
    char        err[512];

    if (argc != 3)
    {
        fprintf(stderr, "usage: gql_test PROXY_SCHEMA TEST_SCHEMA\n");
        return 2;
    }
    proxy_schema = gql_schema_load_file(argv[1], err, sizeof(err));
    if (proxy_schema == NULL)
    {
        printf("Bail out! %s\n", err);
        return 1;
    }
    test_schema = gql_schema_load_file(argv[2], err, sizeof(err));
    if (test_schema == NULL)
    {
        printf("Bail out! %s\n", err);
        return 1;
    }
    TestParser();
    TestRules();
    TestLimits();
    TestCoercion();
    TestIntrospection();
    TestSchemaModel();
    printf("1..%d\n", test_no);
    gql_schema_free(proxy_schema);
    gql_schema_free(test_schema);
    return failures ? 1 : 0;
}
