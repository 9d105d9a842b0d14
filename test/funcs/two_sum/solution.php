<?php
function twoSum($nums, $target) {
    echo "debug ", count($nums), "\n";
    $seen = [];
    foreach ($nums as $i => $x) {
        if (isset($seen[$target - $x])) return [$seen[$target - $x], $i];
        $seen[$x] = $i;
    }
    return [];
}
