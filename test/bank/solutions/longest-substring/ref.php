<?php
// Longest substring without repeats: a sliding window and each character's last position.
function lengthOfLongestSubstring($s) {
    $last = array_fill(0, 128, -1);
    $start = 0;
    $best = 0;
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $c = ord($s[$i]);
        if ($last[$c] >= $start) $start = $last[$c] + 1;
        $last[$c] = $i;
        if ($i - $start + 1 > $best) $best = $i - $start + 1;
    }
    return $best;
}
