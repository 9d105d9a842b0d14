/*
 * gql_ast.h - the GraphQL abstract syntax tree and its arena.
 *
 * One tree type serves executable documents (operations, fragments) and the
 * type system (SDL: the schema file).  Every node carries the line/column
 * (1-based, column counted in Unicode code points) where it starts.
 *
 * Ownership: every node, string and error lives in one GqlArena; nothing in
 * a tree is freed on its own.  A request creates one arena, parses,
 * validates and compiles into it, and frees it once with gql_arena_free().
 * Lists are singly linked through `next`, in document order.
 *
 * Nodes must never be freed one by one.
 */
#ifndef GQL_AST_H
#define GQL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* ---- arena ------------------------------------------------------------ */

typedef struct GqlArena GqlArena;

/* Creates an empty arena; NULL when out of memory. Free with gql_arena_free. */
GqlArena   *gql_arena_new(void);
/* Frees the arena and everything allocated in it. NULL is allowed. */
void        gql_arena_free(GqlArena *arena);
/* Zeroed, 16-byte aligned memory owned by the arena; NULL when out of memory. */
void       *gql_arena_alloc(GqlArena *arena, size_t size);
/* NUL-terminated copy of len bytes owned by the arena; NULL when out of memory. */
char       *gql_arena_strndup(GqlArena *arena, const char *s, size_t len);
/* NUL-terminated copy of s owned by the arena; NULL when out of memory. */
char       *gql_arena_strdup(GqlArena *arena, const char *s);
/* printf into the arena; NULL when out of memory. */
char       *gql_arena_printf(GqlArena *arena, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for limits and metrics). */
size_t      gql_arena_used(const GqlArena *arena);
/* FNV-1a hash of a name, for the open-addressed tables of names. */
size_t      gql_hash_name(const char *s);

/* ---- positions and errors ------------------------------------------- */

typedef struct GqlPos
{
    int         line;           /* 1-based; 0 when unknown */
    int         column;         /* 1-based, in code points */
} GqlPos;

#define GQL_ERROR_MAX_LOCATIONS 16

/* error codes (extensions.code) */
#define GQL_CODE_PARSE_FAILED       "GRAPHQL_PARSE_FAILED"
#define GQL_CODE_VALIDATION_FAILED  "GRAPHQL_VALIDATION_FAILED"
#define GQL_CODE_BAD_USER_INPUT     "BAD_USER_INPUT"
#define GQL_CODE_OPERATION_NOT_FOUND "OPERATION_RESOLUTION_FAILURE"

/* One GraphQL error, spec shape: message, locations, extensions.code. */
typedef struct GqlError
{
    const char *message;        /* full sentence, arena-owned */
    const char *code;           /* one of GQL_CODE_* (static string) */
    const char *rule;           /* validation rule name, e.g. "NoFragmentCycles"; NULL otherwise */
    int         nlocations;
    GqlPos      locations[GQL_ERROR_MAX_LOCATIONS];
    struct GqlError *next;
} GqlError;

/* A list of errors allocated in one arena. Zero-initialise, then set arena. */
typedef struct GqlErrors
{
    GqlArena   *arena;
    GqlError   *first;
    GqlError   *last;
    int         count;
    int         max;            /* stop recording after this many (0: 100) */
} GqlErrors;

/* Appends an error with one location (pos.line 0: none); returns it (NULL when full or OOM). */
GqlError   *gql_error_add(GqlErrors *errs, const char *code, const char *rule,
                          GqlPos pos, const char *fmt, ...)
            __attribute__((format(printf, 5, 6)));
/* Adds one more location to an error returned by gql_error_add. */
void        gql_error_add_location(GqlError *err, GqlPos pos);
/*
 * The errors as a JSON array in spec shape:
 * [{"message":..., "locations":[{"line":..,"column":..}], "extensions":{"code":...}}].
 * New reference.
 */
json_t     *gql_errors_to_json(const GqlErrors *errs);
/* One error in spec shape (new reference). */
json_t     *gql_error_to_json(const GqlError *err);

/* ---- values ------------------------------------------------------------ */

typedef enum GqlValueKind
{
    GQL_VALUE_VARIABLE,         /* $name: str = name */
    GQL_VALUE_INT,              /* str = literal text, e.g. "-12" */
    GQL_VALUE_FLOAT,            /* str = literal text, e.g. "1.5e3" */
    GQL_VALUE_STRING,           /* str = decoded UTF-8 (len bytes, may hold NUL) */
    GQL_VALUE_BOOLEAN,          /* boolean */
    GQL_VALUE_NULL,
    GQL_VALUE_ENUM,             /* str = name */
    GQL_VALUE_LIST,             /* items */
    GQL_VALUE_OBJECT            /* fields */
} GqlValueKind;

typedef struct GqlValue GqlValue;

/* One `name: value` of an object literal. */
typedef struct GqlObjectField
{
    GqlPos      pos;
    const char *name;
    GqlValue   *value;
    struct GqlObjectField *next;
} GqlObjectField;

struct GqlValue
{
    GqlValueKind kind;
    GqlPos      pos;
    const char *str;            /* see GqlValueKind */
    size_t      len;            /* strlen of str, or byte length of a string value */
    bool        boolean;
    bool        block;          /* string came from a block string """...""" */
    GqlValue   *items;          /* list items, linked through next */
    GqlObjectField *fields;     /* object fields */
    GqlValue   *next;           /* next item of the enclosing list */
};

/* ---- type references ------------------------------------------------- */

typedef enum GqlTypeRefKind
{
    GQL_TYPEREF_NAMED,
    GQL_TYPEREF_LIST,
    GQL_TYPEREF_NON_NULL
} GqlTypeRefKind;

struct GqlTypeDef;

/* A type as written: Name, [T] or T!. */
typedef struct GqlTypeRef
{
    GqlTypeRefKind kind;
    GqlPos      pos;
    const char *name;           /* NAMED only */
    struct GqlTypeRef *of;      /* LIST / NON_NULL: the wrapped type */
    const struct GqlTypeDef *def;   /* NAMED: resolved by the schema loader (SDL) or validator; may be NULL */
} GqlTypeRef;

/* ---- arguments and directives ---------------------------------------- */

/* One `name: value` argument. */
typedef struct GqlArgument
{
    GqlPos      pos;
    const char *name;
    GqlValue   *value;
    struct GqlArgument *next;
} GqlArgument;

/* An applied directive, `@name(args)`. */
typedef struct GqlDirective
{
    GqlPos      pos;
    const char *name;
    GqlArgument *args;
    struct GqlDirective *next;
} GqlDirective;

/* ---- selections ------------------------------------------------------- */

typedef enum GqlSelectionKind
{
    GQL_SEL_FIELD,
    GQL_SEL_FRAGMENT_SPREAD,
    GQL_SEL_INLINE_FRAGMENT
} GqlSelectionKind;

struct GqlSelectionSet;
struct GqlFieldDef;
struct GqlDefinition;

/* A field, a fragment spread (...Name) or an inline fragment (... on T { }). */
typedef struct GqlSelection
{
    GqlSelectionKind kind;
    GqlPos      pos;
    const char *alias;          /* FIELD: NULL when none */
    const char *name;           /* FIELD: field name; SPREAD: fragment name */
    GqlArgument *args;          /* FIELD */
    GqlDirective *directives;
    const char *type_condition; /* INLINE_FRAGMENT: NULL when absent */
    GqlPos      type_condition_pos;
    struct GqlSelectionSet *selection_set;  /* NULL when absent (leaf field, spread) */
    struct GqlSelection *next;

    /* Filled in by gql_validate() on success: */
    const struct GqlFieldDef *field_def;    /* FIELD: definition in the parent type (also for __schema/__type/__typename) */
    const struct GqlTypeDef *parent_type;   /* FIELD: the type the field was selected on */
    const struct GqlDefinition *fragment;   /* SPREAD: the fragment definition */
    GqlPos      name_pos;       /* FIELD, SPREAD: where the (field or fragment) name starts */
} GqlSelection;

/* The response key of a field: its alias, else its name. */
#define GQL_RESPONSE_KEY(sel) ((sel)->alias ? (sel)->alias : (sel)->name)

/* `{ ... }` */
typedef struct GqlSelectionSet
{
    GqlPos      pos;
    GqlSelection *selections;
} GqlSelectionSet;

/* ---- type system (SDL) ------------------------------------------------ */

typedef enum GqlTypeKind
{
    GQL_KIND_SCALAR,
    GQL_KIND_OBJECT,
    GQL_KIND_INTERFACE,
    GQL_KIND_UNION,
    GQL_KIND_ENUM,
    GQL_KIND_INPUT_OBJECT
} GqlTypeKind;

/* An argument definition or input object field: `name: Type = default @dirs`. */
typedef struct GqlInputValueDef
{
    GqlPos      pos;
    const char *description;    /* NULL when none */
    const char *name;
    GqlTypeRef *type;
    GqlValue   *default_value;  /* NULL when none */
    GqlDirective *directives;
    struct GqlInputValueDef *next;
} GqlInputValueDef;

/* A field of an object or interface type. */
typedef struct GqlFieldDef
{
    GqlPos      pos;
    const char *description;
    const char *name;
    GqlInputValueDef *args;
    GqlTypeRef *type;
    GqlDirective *directives;   /* applied directives, e.g. @column(name: "...") */
    const struct GqlTypeDef *owner; /* set by the schema loader */
    struct GqlFieldDef *next;
} GqlFieldDef;

/* One value of an enum type. */
typedef struct GqlEnumValueDef
{
    GqlPos      pos;
    const char *description;
    const char *name;
    GqlDirective *directives;
    struct GqlEnumValueDef *next;
} GqlEnumValueDef;

/* A name in `implements A & B` or `union U = A | B`, or a root operation type. */
typedef struct GqlNameRef
{
    GqlPos      pos;
    const char *name;
    const struct GqlTypeDef *def;   /* resolved by the schema loader */
    struct GqlNameRef *next;
} GqlNameRef;

/* A named type definition (or, with extend set, a type extension). */
typedef struct GqlTypeDef
{
    GqlTypeKind kind;
    GqlPos      pos;
    const char *description;
    const char *name;
    bool        extend;         /* `extend type ...` */
    bool        builtin;        /* Int, String, __Schema, ... (added by the loader) */
    GqlNameRef *interfaces;     /* OBJECT, INTERFACE */
    GqlDirective *directives;   /* applied directives, e.g. @table(name: "interview.company") */
    GqlFieldDef *fields;        /* OBJECT, INTERFACE */
    GqlInputValueDef *input_fields; /* INPUT_OBJECT */
    GqlEnumValueDef *enum_values;   /* ENUM */
    GqlNameRef *members;        /* UNION */
    struct GqlTypeDef *next;    /* next type in the schema model */
} GqlTypeDef;

/* Directive locations, a bit mask. */
enum
{
    GQL_LOC_QUERY = 1 << 0,
    GQL_LOC_MUTATION = 1 << 1,
    GQL_LOC_SUBSCRIPTION = 1 << 2,
    GQL_LOC_FIELD = 1 << 3,
    GQL_LOC_FRAGMENT_DEFINITION = 1 << 4,
    GQL_LOC_FRAGMENT_SPREAD = 1 << 5,
    GQL_LOC_INLINE_FRAGMENT = 1 << 6,
    GQL_LOC_VARIABLE_DEFINITION = 1 << 7,
    GQL_LOC_SCHEMA = 1 << 8,
    GQL_LOC_SCALAR = 1 << 9,
    GQL_LOC_OBJECT = 1 << 10,
    GQL_LOC_FIELD_DEFINITION = 1 << 11,
    GQL_LOC_ARGUMENT_DEFINITION = 1 << 12,
    GQL_LOC_INTERFACE = 1 << 13,
    GQL_LOC_UNION = 1 << 14,
    GQL_LOC_ENUM = 1 << 15,
    GQL_LOC_ENUM_VALUE = 1 << 16,
    GQL_LOC_INPUT_OBJECT = 1 << 17,
    GQL_LOC_INPUT_FIELD_DEFINITION = 1 << 18
};
#define GQL_LOC_EXECUTABLE_MASK ((1 << 8) - 1)
#define GQL_LOC_COUNT 19

/* Name of a location bit ("FIELD_DEFINITION"), for introspection and messages. */
const char *gql_location_name(unsigned location_bit);

/* `directive @name(args) repeatable on LOCATIONS` */
typedef struct GqlDirectiveDef
{
    GqlPos      pos;
    const char *description;
    const char *name;
    GqlInputValueDef *args;
    bool        repeatable;
    unsigned    locations;      /* GQL_LOC_* bits */
    bool        builtin;        /* skip, include, deprecated, specifiedBy */
    struct GqlDirectiveDef *next;
} GqlDirectiveDef;

/* `schema { query: Q mutation: M }` (or its extension) */
typedef struct GqlSchemaDef
{
    GqlPos      pos;
    const char *description;
    bool        extend;
    GqlDirective *directives;
    GqlNameRef *query;
    GqlNameRef *mutation;
    GqlNameRef *subscription;
} GqlSchemaDef;

/* ---- documents -------------------------------------------------------- */

typedef enum GqlOperationType
{
    GQL_OP_QUERY,
    GQL_OP_MUTATION,
    GQL_OP_SUBSCRIPTION
} GqlOperationType;

/* `$name: Type = default @dirs` */
typedef struct GqlVariableDef
{
    GqlPos      pos;
    const char *name;           /* without the $ */
    GqlTypeRef *type;
    GqlValue   *default_value;  /* NULL when none */
    GqlDirective *directives;
    struct GqlVariableDef *next;
    const char *description;    /* draft-spec description, NULL when none */
    GqlPos      name_pos;       /* the name after the $ */
} GqlVariableDef;

typedef enum GqlDefinitionKind
{
    GQL_DEF_OPERATION,
    GQL_DEF_FRAGMENT,
    GQL_DEF_TYPE,               /* type_def (type, interface, enum, ..., and extensions) */
    GQL_DEF_DIRECTIVE,          /* directive_def */
    GQL_DEF_SCHEMA              /* schema_def */
} GqlDefinitionKind;

/* A top-level definition of a document. */
typedef struct GqlDefinition
{
    GqlDefinitionKind kind;
    GqlPos      pos;
    GqlOperationType operation; /* OPERATION */
    const char *name;           /* OPERATION: NULL when anonymous; FRAGMENT: its name */
    GqlVariableDef *variables;  /* OPERATION */
    const char *type_condition; /* FRAGMENT */
    GqlPos      type_condition_pos;
    GqlDirective *directives;
    GqlSelectionSet *selection_set; /* OPERATION, FRAGMENT */
    GqlTypeDef *type_def;       /* TYPE */
    GqlDirectiveDef *directive_def; /* DIRECTIVE */
    GqlSchemaDef *schema_def;   /* SCHEMA */
    struct GqlDefinition *next;
    const char *description;    /* OPERATION, FRAGMENT: draft-spec description, NULL when none */
    GqlPos      name_pos;       /* OPERATION, FRAGMENT: where the name starts */
} GqlDefinition;

/* A parsed document. */
typedef struct GqlDocument
{
    GqlArena   *arena;          /* borrowed: the arena the document lives in */
    GqlDefinition *definitions;
    size_t      length;         /* source bytes */
    int         token_count;
    int         max_depth;      /* deepest selection-set nesting seen by the parser */
} GqlDocument;

/* Name of an operation type: "query", "mutation", "subscription". */
const char *gql_operation_name(GqlOperationType op);

#endif                          /* GQL_AST_H */
