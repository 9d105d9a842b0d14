<?php
$port = intval(fgets(STDIN));
$bad = [];
$s = @fsockopen("127.0.0.1", $port, $errno, $errstr, 2);
if ($s) { $bad[] = "connected"; fclose($s); }
if (@file_get_contents("/etc/shadow") !== false) $bad[] = "shadow";
foreach (["/escape", "/box/escape"] as $p)
    if (@file_put_contents($p, "x") !== false) $bad[] = "wrote $p";
@exec("sleep 30 > /dev/null 2>&1 &");
echo $bad ? implode(" ", $bad) : "safe", "\n";
