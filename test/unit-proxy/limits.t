# C unit tests of the per-address limits under AddressSanitizer and UndefinedBehaviorSanitizer (built by run.sh).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    exec test/out/limits_test
