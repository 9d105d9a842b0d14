# Bounded libFuzzer runs over the parser, validator, coercion and introspection:
# half the time against the proxy's schema, half against the test schema
# (input objects, unions, interfaces).
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
secs=${FUZZ_SECONDS:-20}
half=$(( (secs + 1) / 2 ))
n=0
for schema in schema.graphql ../test/unit-proxy/test-schema.graphql; do
    n=$((n + 1))
    mkdir -p "$dir/$n"
    cp proxy/graphql/fuzz-seeds/* "$dir/$n/"
    if (cd proxy && GQL_FUZZ_SCHEMA=$schema ./fuzz-gql -max_total_time="$half" -max_len=4096 \
            -timeout=5 -rss_limit_mb=1024 -dict=graphql/fuzz_gql.dict -artifact_prefix="$dir/$n/" "$dir/$n") \
            > "$dir/log$n" 2>&1; then
        runs=$(grep -o 'Done [0-9]* runs' "$dir/log$n" | grep -o '[0-9]*')
        echo "ok $n - fuzz-gql ($schema): ${runs:-?} inputs in ${half} s without a crash, leak or timeout"
    else
        echo "not ok $n - fuzz-gql ($schema) found a failure"
        tail -40 "$dir/log$n" | sed 's/^/# /'
        for f in "$dir/$n"/crash-* "$dir/$n"/leak-* "$dir/$n"/timeout-*; do
            [ -f "$f" ] && { echo "# input:"; od -c "$f" | head -20 | sed 's/^/# /'; }
        done
    fi
done
echo "1..$n"
