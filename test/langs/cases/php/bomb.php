<?php
for (;;) @exec("sleep 30 > /dev/null 2>&1 &");
