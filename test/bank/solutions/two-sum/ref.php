<?php
// Two Sum: one pass with a map from value to its first position.
function twoSum($nums, $target) {
    $first = [];
    foreach ($nums as $j => $x) {
        if (isset($first[$target - $x])) return [$first[$target - $x], $j];
        if (!isset($first[$x])) $first[$x] = $j;
    }
    return [];
}
