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
 * Each side is calibrated to run about 0.2 s of CPU time, then the sides are measured in
 * alternating rounds ('repeat', default 7). Rates are each side's median round; the ratio is
 * the median of the rounds' shmx/peer ratios.
 * Usage: php bench/run.php [--json FILE] [--svg FILE] [filter]   (filter: substring of group or case)
 *   --json FILE  also writes the results as JSON (the machine's description and one object per
 *                row); bench/chart.php turns such a file into an SVG chart
 *   --svg FILE   also draws the chart of this run into FILE (bench/chart.php)
 */

require_once __DIR__ . '/chart.php';

$filter = '';
$json_out = $svg_out = null;
for ($i = 1; $i < $argc; $i++) {
    if ($argv[$i] === '--json' || $argv[$i] === '--svg') {
        if (!isset($argv[$i + 1])) {
            fprintf(STDERR, "%s needs a file name\n", $argv[$i]);
            exit(2);
        }
        if ($argv[$i] === '--json') {
            $json_out = $argv[++$i];
        } else {
            $svg_out = $argv[++$i];
        }
    } else {
        $filter = $argv[$i];
    }
}
$cases = [];
/* Required inside a function, so that a case file's own variables cannot clobber ours. */
$load = static fn(string $file): array => require $file;
foreach (glob(__DIR__ . '/cases/*.php') as $file) {
    foreach ($load($file) as $case) {
        $cases[] = $case;
    }
}

/* CPU seconds this process has used: an in-process case is timed on it, so that other load on
 * the machine (a wall clock counts time spent descheduled) does not distort the comparison. */
function bench_cpu(): float
{
    $r = getrusage();
    return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6;
}

/* One timed run of $n operations: [seconds, lost]. */
function bench_once(array $side, int $n): array
{
    $t0 = bench_cpu();
    $r = ($side['run'])($n);
    $t = bench_cpu() - $t0;
    if (is_array($r)) {
        return [$r['seconds'], $r['lost'] ?? 0];
    }
    return [$t, 0];
}

/* How many operations make a run of about 0.2 s. */
function bench_calibrate(array $side): int
{
    if (($side['iterations'] ?? 0) > 0) {
        return $side['iterations'];
    }
    $n = 100;
    for (;;) {
        [$t] = bench_once($side, $n);
        if ($t >= 0.05 || $n >= 100_000_000) {
            break;
        }
        $n = (int)min($n * max(2, 0.1 / max($t, 1e-6)), 100_000_000);
    }
    return max(1, (int)($n * 0.2 / max($t, 1e-6)));
}

/* The middle value (the mean of the two middle ones for an even count). */
function bench_median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

/* Measures the sides of a case in alternating rounds (shmx, peer, shmx, peer, ...). A side's
 * rate is its median round; the ratio is the median of the rounds' shmx/peer ratios, so that a
 * burst of load from elsewhere, which hits one round of one side, moves neither. */
function bench_case(array $sides): array
{
    $n = $rates = $lost = [];
    foreach ($sides as $k => $side) {
        ($side['setup'] ?? null) && $side['setup']();
        $n[$k] = bench_calibrate($side);
        $rates[$k] = [];
        $lost[$k] = 0;
    }
    $rounds = max(array_map(fn($side) => $side['repeat'] ?? 7, $sides));
    for ($i = 0; $i < $rounds; $i++) {
        foreach ($sides as $k => $side) {
            [$t, $l] = bench_once($side, $n[$k]);
            $rates[$k][] = $n[$k] / max($t, 1e-9);
            $lost[$k] += $l;
        }
    }
    $out = [];
    foreach ($sides as $k => $side) {
        ($side['teardown'] ?? null) && $side['teardown']();
        $out[$k] = ['rate' => bench_median($rates[$k]), 'lost' => $lost[$k]];
    }
    if (isset($rates['shmx'], $rates['peer'])) {
        $out['ratio'] = bench_median(array_map(fn($a, $b) => $a / max($b, 1e-9), $rates['shmx'], $rates['peer']));
    }
    return $out;
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
$machine = [
    'shmx' => phpversion('shmx'), 'php' => PHP_VERSION, 'arch' => php_uname('m'),
    'cores' => (int)trim((string)@shell_exec('nproc')), 'date' => gmdate('Y-m-d'),
];
printf("shmx %s, PHP %s, %s, %d cores\n\n", $machine['shmx'], $machine['php'], $machine['arch'], $machine['cores']);
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
    $r = bench_case(array_filter(['shmx' => $case['shmx'], 'peer' => $case['peer'] ?? null]));
    $s = $r['shmx'];
    $p = $r['peer'] ?? null;
    $ratio = $r['ratio'] ?? null;
    $target = $case['target'] ?? null;
    $ok = $target === null || ($ratio !== null && $ratio >= $target);
    if ($s['lost'] || ($p && $p['lost'])) {
        $ok = $ok && !$s['lost'];
    }
    $missed += $ok ? 0 : 1;
    $lost = fn(array $r) => $r['lost'] ? sprintf(' (%d lost)', $r['lost']) : '';
    $rows[] = [
        'group' => $case['group'], 'case' => $case['case'],
        'shmx' => ['label' => $case['shmx']['label'], 'rate' => $s['rate'], 'lost' => $s['lost']],
        'peer' => $p ? ['label' => $case['peer']['label'], 'rate' => $p['rate'], 'lost' => $p['lost']] : null,
        'ratio' => $ratio, 'target' => $target, 'met' => $ok,
    ];
    printf("| %-10s | %-26s | %-24s | %11s | %-24s | %11s | %7s | %-6s |\n",
        $case['group'], $case['case'],
        $case['shmx']['label'] . $lost($s), fmt_rate($s['rate']),
        $p ? $case['peer']['label'] . $lost($p) : '-', $p ? fmt_rate($p['rate']) : '-',
        $ratio !== null ? sprintf('%.2fx', $ratio) : '-',
        $target !== null ? sprintf('%s%.1fx', $ok ? '>=' : 'MISS ', $target) : '');
}
echo "\n", $missed ? "$missed case(s) missed their target\n" : "every case met its target\n";
$results = ['machine' => $machine, 'rows' => $rows];
if ($json_out !== null) {
    file_put_contents($json_out, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    echo "results written to $json_out\n";
}
if ($svg_out !== null) {
    file_put_contents($svg_out, bench_chart_svg($results));
    echo "chart written to $svg_out\n";
}
