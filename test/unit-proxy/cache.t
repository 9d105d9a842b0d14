# C unit tests of the document cache under AddressSanitizer and UndefinedBehaviorSanitizer (built by run.sh).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    exec test/out/cache_test proxy/schema.graphql
