<?php
// Balanced brackets: a stack of the expected closing brackets.
function isBalanced($strings) {
    $close = ['(' => ')', '[' => ']', '{' => '}'];
    $result = [];
    foreach ($strings as $s) {
        $stack = [];
        $ok = true;
        $n = strlen($s);
        for ($i = 0; $i < $n; $i++) {
            $c = $s[$i];
            if (isset($close[$c])) $stack[] = $close[$c];
            elseif (!$stack || array_pop($stack) !== $c) { $ok = false; break; }
        }
        $result[] = $ok && !$stack;
    }
    return $result;
}
