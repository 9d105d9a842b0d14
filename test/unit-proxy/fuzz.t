# A bounded libFuzzer run over the parser, validator, coercion and introspection.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp proxy/fuzz-seeds/* "$dir/"
secs=${FUZZ_SECONDS:-20}
if (cd proxy && GQL_FUZZ_SCHEMA=schema.graphql ./fuzz-gql -max_total_time="$secs" -max_len=4096 \
        -timeout=5 -rss_limit_mb=1024 -dict=fuzz_gql.dict -artifact_prefix="$dir/" "$dir") \
        > "$dir/log" 2>&1; then
    runs=$(grep -o 'Done [0-9]* runs' "$dir/log" | grep -o '[0-9]*')
    echo "ok 1 - fuzz-gql: ${runs:-?} inputs in ${secs} s without a crash, leak or timeout"
else
    echo "not ok 1 - fuzz-gql found a failure"
    tail -40 "$dir/log" | sed 's/^/# /'
    for f in "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-*; do
        [ -f "$f" ] && { echo "# input:"; od -c "$f" | head -20 | sed 's/^/# /'; }
    done
fi
echo "1..1"
