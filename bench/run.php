<?php
/*
 * bench/run.php: shmx against its peers, in one run, one comparable row per case.
 *
 * Each file in bench/cases/*.php returns a list of cases:
 *   [
 *     'group'  => 'Segment',                 // table section
 *     'case'   => 'read 64 B',               // what is measured
 *     'shmx'   => ['label' => 'Segment::read', 'run' => callable],
 *     'peer'   => ['label' => 'shmop_read',   'run' => callable],   // optional
 *     'target' => 1.0,                        // optional: shmx must be >= target x peer
 *     'needs'  => ['shmop'],                  // optional: extensions the peer needs
 *   ]
 * A 'run' callable takes an iteration count $n and does $n operations. It returns null (the
 * harness timed the call) or an array ['seconds' => float, 'lost' => int] when it measures
 * itself (cases that fork workers, where only the workers' time counts, and where the
 * number of lost updates is part of the result). Setup belongs outside the callable (in the
 * case file) or in an optional 'setup' => callable(): void and 'teardown' => callable(): void
 * of the side.
 *
 * Each side is calibrated to run about 0.2 s, then measured 5 times; the best rate counts.
 * Usage: php bench/run.php [filter]   (filter: substring of group or case)
 */

$filter = $argv[1] ?? '';
$cases = [];
/* Required inside a function, so that a case file's own variables cannot clobber ours. */
$load = static fn(string $file): array => require $file;
foreach (glob(__DIR__ . '/cases/*.php') as $file) {
    foreach ($load($file) as $case) {
        $cases[] = $case;
    }
}

function bench_side(array $side): array
{
    ($side['setup'] ?? null) && $side['setup']();
    $measure = function (int $n) use ($side): array {
        $t0 = hrtime(true);
        $r = ($side['run'])($n);
        $t = (hrtime(true) - $t0) / 1e9;
        if (is_array($r)) {
            return [$r['seconds'], $r['lost'] ?? 0];
        }
        return [$t, 0];
    };
    $n = $side['iterations'] ?? 0;
    if ($n <= 0) {
        $n = 100;
        for (;;) {
            [$t] = $measure($n);
            if ($t >= 0.05 || $n >= 100_000_000) {
                break;
            }
            $n = (int)min($n * max(2, 0.1 / max($t, 1e-6)), 100_000_000);
        }
        $n = max(1, (int)($n * 0.2 / max($t, 1e-6)));
    }
    $best = 0.0;
    $lost = 0;
    for ($i = 0; $i < ($side['repeat'] ?? 5); $i++) {
        [$t, $l] = $measure($n);
        $best = max($best, $n / max($t, 1e-9));
        $lost += $l;
    }
    ($side['teardown'] ?? null) && $side['teardown']();
    return ['rate' => $best, 'lost' => $lost];
}

function fmt_rate(float $r): string
{
    if ($r >= 1e6) {
        return sprintf('%.2fM/s', $r / 1e6);
    }
    if ($r >= 1e3) {
        return sprintf('%.1fk/s', $r / 1e3);
    }
    return sprintf('%.0f/s', $r);
}

$rows = [];
$missed = 0;
printf("shmx %s, PHP %s, %s, %d cores\n\n", phpversion('shmx'), PHP_VERSION, php_uname('m'), (int)trim((string)@shell_exec('nproc')));
printf("| %-10s | %-26s | %-24s | %-11s | %-24s | %-11s | %-7s | %-6s |\n", 'group', 'case', 'shmx', 'rate', 'peer', 'rate', 'ratio', 'target');
printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", str_repeat('-', 12), str_repeat('-', 28), str_repeat('-', 26), str_repeat('-', 13), str_repeat('-', 26), str_repeat('-', 13), str_repeat('-', 9), str_repeat('-', 8));
foreach ($cases as $case) {
    if ($filter !== '' && stripos($case['group'] . ' ' . $case['case'], $filter) === false) {
        continue;
    }
    foreach ($case['needs'] ?? [] as $ext) {
        if (!extension_loaded($ext)) {
            fprintf(STDERR, "skipping %s / %s: extension %s not loaded\n", $case['group'], $case['case'], $ext);
            continue 2;
        }
    }
    $s = bench_side($case['shmx']);
    $p = isset($case['peer']) ? bench_side($case['peer']) : null;
    $ratio = $p ? $s['rate'] / max($p['rate'], 1e-9) : null;
    $target = $case['target'] ?? null;
    $ok = $target === null || ($ratio !== null && $ratio >= $target);
    if ($s['lost'] || ($p && $p['lost'])) {
        $ok = $ok && !$s['lost'];
    }
    $missed += $ok ? 0 : 1;
    $lost = fn(array $r) => $r['lost'] ? sprintf(' (%d lost)', $r['lost']) : '';
    printf("| %-10s | %-26s | %-24s | %11s | %-24s | %11s | %7s | %-6s |\n",
        $case['group'], $case['case'],
        $case['shmx']['label'] . $lost($s), fmt_rate($s['rate']),
        $p ? $case['peer']['label'] . $lost($p) : '-', $p ? fmt_rate($p['rate']) : '-',
        $ratio !== null ? sprintf('%.2fx', $ratio) : '-',
        $target !== null ? sprintf('%s%.1fx', $ok ? '>=' : 'MISS ', $target) : '');
}
echo "\n", $missed ? "$missed case(s) missed their target\n" : "every case met its target\n";
