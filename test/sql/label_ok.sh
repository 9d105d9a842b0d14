# label_ok.sh: sourced by the test/sql/*.t shell tests. Needs $out (the file
# psql printed into), $n and $failed set by the caller.

# ok LABEL WANT DESCRIPTION: compares the value printed as "LABEL|value".
ok() {
    n=$((n + 1))
    have="$(grep "^$1|" "$out" | head -n 1 | cut -d'|' -f2-)"
    if [ "$have" = "$2" ]; then
        echo "ok $n - $3"
    else
        echo "not ok $n - $3"
        echo "#   have: '$have'"
        echo "#   want: '$2'"
        failed=$((failed + 1))
    fi
}
