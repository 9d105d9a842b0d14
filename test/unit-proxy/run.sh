#!/bin/sh
# Suite unit-proxy: the proxy's GraphQL front half without a database.
#   unit.t           C unit tests (lexer, parser, every validation rule, limits,
#                    coercion, introspection) under ASan and UBSan
#   cache.t          C unit tests of the document cache (LRU eviction, the
#                    comment-free key, entries held by running requests)
#                    under ASan and UBSan
#   limits.t         C unit tests of the per-address limits (loopback clients
#                    for /metrics, connections, login bucket) under ASan and UBSan
#   differential.t   graphql-js and the proxy agree on a corpus of documents
#   coercion.t       variable coercion agrees with graphql-js (values, messages)
#   introspection.t  graphql-js builds a client schema from our introspection
#   fuzz.t           a bounded libFuzzer run of parser + validator
# Run alone: sh test/unit-proxy/run.sh (FUZZ_SECONDS=20 by default).
set -eu
cd "$(dirname "$0")/../.."
mkdir -p test/out
make -s -C proxy gql-check fuzz-gql
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# shellcheck disable=SC2046
cc -std=gnu11 -g -O1 $SAN -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -D_GNU_SOURCE \
    -Iproxy/graphql -o test/out/gql_test test/unit-proxy/gql_test.c \
    $(ls proxy/graphql/gql_*.c | grep -v '_main\.c$') -ljansson
# the cache with what it calls (compiler, counters, the pool's bookkeeping);
# -iquote: proxy/limits.h must not hide <limits.h>
# shellcheck disable=SC2046
cc -std=gnu11 -g -O1 $SAN -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -D_GNU_SOURCE \
    -isystem "$(pg_config --includedir)" -iquote proxy -iquote proxy/graphql \
    -o test/out/cache_test test/unit-proxy/cache_test.c proxy/execute_cache.c \
    proxy/execute_state.c proxy/compile.c proxy/pool.c \
    $(ls proxy/graphql/gql_*.c | grep -v '_main\.c$') -ljansson -lpq
cc -std=gnu11 -g -O1 $SAN -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -D_GNU_SOURCE \
    -iquote proxy -o test/out/limits_test test/unit-proxy/limits_test.c proxy/limits.c -lpthread
if [ ! -d node_modules/graphql ]; then
    echo "unit-proxy: node_modules/graphql missing: run make deps (npm ci)" >&2
    exit 1
fi
prove --exec sh test/unit-proxy/unit.t test/unit-proxy/cache.t test/unit-proxy/limits.t \
    test/unit-proxy/differential.t \
    test/unit-proxy/coercion.t test/unit-proxy/introspection.t test/unit-proxy/fuzz.t
