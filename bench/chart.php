<?php
/*
 * bench/chart.php: draws the results of bench/run.php as an SVG bar chart, one bar per case:
 * how many times faster shmx is than its peer (the ratio column), on a logarithmic axis with
 * 1x (parity) marked, each case's target as a tick on its bar, and the bar green where the
 * target was met, orange where it was missed, grey where the case has no target.
 *
 *   php bench/chart.php results.json > docs/bench.svg    (results.json from run.php --json)
 *   php bench/run.php --svg docs/bench.svg              (run and draw in one go)
 *
 * Only what run.php measured is drawn: cases without a peer (no ratio) are left out.
 */

function bench_chart_svg(array $results): string
{
    $rows = array_values(array_filter($results['rows'], fn($r) => $r['ratio'] !== null));
    $esc = fn(string $s): string => htmlspecialchars($s, ENT_XML1 | ENT_QUOTES);
    $label_w = 330;           /* px for "group: case" on the left */
    $plot_w = 470;            /* px for the bars */
    $value_w = 200;           /* px for the value text on the right */
    $row_h = 20;
    $top = 58;
    $width = $label_w + $plot_w + $value_w;
    $height = $top + count($rows) * $row_h + 40;

    /* A log axis from the smallest to the largest ratio or target, widened to whole 1-2-5 steps. */
    $values = [1.0];
    foreach ($rows as $r) {
        $values[] = $r['ratio'];
        if ($r['target'] !== null) {
            $values[] = $r['target'];
        }
    }
    $ticks = [];
    for ($e = -2; $e <= 4; $e++) {
        foreach ([1, 2, 5] as $m) {
            $ticks[] = $m * 10 ** $e;
        }
    }
    $lo = max(array_filter($ticks, fn($t) => $t <= min($values)));
    $hi = min(array_filter($ticks, fn($t) => $t >= max($values) * 1.05));
    $x = fn(float $v): float => $label_w + $plot_w * (log10($v) - log10($lo)) / (log10($hi) - log10($lo));

    $m = $results['machine'] ?? [];
    $title = sprintf('shmx %s vs its peers: how many times faster (log scale)', $m['shmx'] ?? '?');
    $sub = sprintf('PHP %s, %s, %d cores, %s; bar: ratio of rates (median of 7 rounds); tick: target',
        $m['php'] ?? '?', $m['arch'] ?? '?', $m['cores'] ?? 0, $m['date'] ?? '');

    $o = [];
    $o[] = sprintf('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Verdana, sans-serif" font-size="11">',
        $width, $height, $width, $height);
    $o[] = sprintf('<rect width="%d" height="%d" fill="#ffffff"/>', $width, $height);
    $o[] = sprintf('<text x="10" y="20" font-size="14" font-weight="bold">%s</text>', $esc($title));
    $o[] = sprintf('<text x="10" y="38" fill="#555555">%s</text>', $esc($sub));

    $bottom = $top + count($rows) * $row_h;
    foreach ($ticks as $t) {
        if ($t < $lo || $t > $hi) {
            continue;
        }
        $tx = $x($t);
        $o[] = sprintf('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%s"/>',
            $tx, $top - 4, $tx, $bottom, $t == 1 ? '#333333' : '#dddddd', $t == 1 ? '1.5' : '1');
        $o[] = sprintf('<text x="%.1f" y="%d" text-anchor="middle" fill="#555555">%sx</text>',
            $tx, $bottom + 14, $t < 1 ? rtrim(sprintf('%.2f', $t), '0') : (string)$t);
    }
    $o[] = sprintf('<text x="%.1f" y="%d" text-anchor="middle" fill="#555555">shmx slower | shmx faster</text>', $x(1), $bottom + 30);

    foreach ($rows as $i => $r) {
        $y = $top + $i * $row_h;
        if ($i % 2) {
            $o[] = sprintf('<rect x="0" y="%d" width="%d" height="%d" fill="#f6f6f6"/>', $y, $width, $row_h);
        }
        $color = $r['target'] === null ? '#8c96a0' : ($r['met'] ? '#3a9a4a' : '#e08a1e');
        $x0 = $x(1);
        $x1 = $x($r['ratio']);
        $o[] = sprintf('<text x="%d" y="%d" text-anchor="end">%s</text>', $label_w - 8, $y + 14,
            $esc($r['group'] . ': ' . $r['case']));
        $o[] = sprintf('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>',
            min($x0, $x1), $y + 4, max(abs($x1 - $x0), 3), $row_h - 8, $color,
            $esc(sprintf('%s vs %s', $r['shmx']['label'], $r['peer']['label'] ?? '-')));
        if ($r['target'] !== null) {
            $tx = $x($r['target']);
            $o[] = sprintf('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#000000" stroke-width="2"/>',
                $tx, $y + 1, $tx, $y + $row_h - 1);
        }
        $text = sprintf('%.2fx', $r['ratio']);
        if ($r['target'] !== null) {
            $text .= sprintf(' (target %.1fx%s)', $r['target'], $r['met'] ? '' : ', missed');
        }
        $o[] = sprintf('<text x="%d" y="%d">%s</text>', $label_w + $plot_w + 8, $y + 14, $esc($text));
    }
    $o[] = '</svg>';
    return implode("\n", $o) . "\n";
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    if ($argc !== 2) {
        fprintf(STDERR, "usage: php bench/chart.php results.json > chart.svg\n");
        exit(2);
    }
    $results = json_decode((string)file_get_contents($argv[1]), true);
    if (!is_array($results) || !isset($results['rows'])) {
        fprintf(STDERR, "%s: not the JSON that bench/run.php --json writes\n", $argv[1]);
        exit(1);
    }
    echo bench_chart_svg($results);
}
