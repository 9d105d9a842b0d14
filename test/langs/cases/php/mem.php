<?php
$a = [];
for (;;) $a[] = str_repeat("x", 16 << 20);
