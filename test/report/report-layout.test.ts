// report.html's layout in headless Chromium at a 1280 px viewport: a 150-character config name
// wraps instead of widening the page, a count's axis does not start below zero, and a value of
// an iteration variable whose runs all failed is said under its chart, not silently left out,
// also when that leaves the variable one value (the chart is drawn with it, and the note).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)`;
const CONFIG = `Long${'x'.repeat(146)}`;
const SCALAR = 'Aloha.server:collidedFrames:last';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'opp-report-layout-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** $n in `ns` (outer), $m in 1, 2, two repetitions; the runs with $n=30 failed. */
function study(ns: readonly number[]): Array<{ i: number; n: number; m: number; rep: number }> {
  const runs = [];
  let i = 0;
  for (const n of ns)
    for (const m of [1, 2]) for (const rep of [0, 1]) runs.push({ i: i++, n, m, rep });
  return runs;
}

function writeCampaign(
  name: string,
  ns: readonly number[],
  unit?: (n: number) => string,
  outer = 'n',
): string {
  const results = join(dir, name);
  mkdirSync(join(results, 'runs'), { recursive: true });
  const runs = study(ns);
  const lines = [JSON.stringify({ t: 'campaign', configs: [CONFIG], total: runs.length })];
  for (const { i, n, m, rep } of runs) {
    const failed = n === 30;
    const vars = `$${outer}=${n}, $m=${m}`;
    lines.push(
      JSON.stringify({
        t: 'run',
        key: `k${i}`,
        config: CONFIG,
        run: i,
        attempt: 1,
        status: failed ? 'failed' : 'ok',
        exitCode: failed ? 1 : 0,
        signal: null,
        wallMs: 100 + i,
        peakKiB: 1024,
        build: 'b',
        log: `logs/${i}.log`,
        files: [],
        itervars: `${vars}, $repetition=${rep}`,
        ...(failed ? { message: 'exit status 1: boom' } : {}),
      }),
    );
    if (failed) continue;
    // a count from a few hundred to 400,000: 5% of its range is more than its least value
    const value = n === 10 ? 300 + 10 * m + rep : 400_000 + 1000 * m + rep;
    writeFileSync(
      join(results, 'runs', `${i}.sca`),
      [
        'version 3',
        `run ${CONFIG}-${i}-20260101`,
        `attr configname ${CONFIG}`,
        'attr datetime 20260101-10:00:00',
        `attr iterationvars "${vars}"`,
        'attr network Aloha',
        `attr repetition ${rep}`,
        `attr runnumber ${i}`,
        `itervar m ${m}`,
        `itervar ${outer} ${n}`,
        '',
        `scalar Aloha.server collidedFrames:last ${value}`,
        ...(unit && unit(n) !== '' ? [`attr unit ${unit(n)}`] : []),
        '',
      ].join('\n'),
    );
  }
  writeFileSync(join(results, 'journal.jsonl'), lines.join('\n') + '\n');
  return results;
}

interface Layout {
  pageWidth: number;
  overflowing: string[];
  yMin: number[];
  notes: string[];
  /** Per chart: its x variable and the points Chart.js drew, e.g. `n:1`. */
  charts: string[];
  notesVisible: boolean;
  yTitles: string[];
  /** The run grid's row labels as shown: their text, and whether any of it is cut off. */
  gridLabels: Array<{ text: string; cut: boolean }>;
  gridHeads: string[];
}
const LAYOUT = `({
  pageWidth: document.documentElement.scrollWidth,
  overflowing: [...document.querySelectorAll('h1, h2, h3, td, th, .chart-title, .chart-sub, .chart-card')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > 1280)
    .map((e) => e.className || e.tagName),
  yMin: [...document.querySelectorAll('.chart-card canvas')].map((c) => Chart.getChart(c).scales.y.min),
  notes: [...document.querySelectorAll('.chart-card')].map((c) => c.querySelector('.chart-note')?.textContent ?? ''),
  charts: [...document.querySelectorAll('.chart-card')].map((c) =>
    c.dataset.xvar + ':' + Chart.getChart(c.querySelector('canvas')).data.datasets.map((d) => d.data.length).join(',')),
  yTitles: [...document.querySelectorAll('.chart-card canvas')].map((c) => Chart.getChart(c).options.scales.y.title.text),
  gridLabels: [...document.querySelectorAll('.grid-row:not(.grid-head) .grid-label')].map((e) => ({
    text: e.textContent,
    cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
  })),
  gridHeads: [...document.querySelectorAll('.grid-head')].map((e) => e.textContent),
  notesVisible: [...document.querySelectorAll('.chart-note')].every((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible';
  }),
})`;

test(
  'report.html: long names wrap, a count starts at 0, failed values are said',
  { skip },
  async () => {
    const page = await writeReport('results', [10, 20, 30]);
    assert.match(readFileSync(page, 'utf8'), /data-charts="2"/);
    await inChromium(page, (seen) => {
      assert.ok(seen.pageWidth <= 1280, `the page is ${seen.pageWidth} px wide`);
      assert.deepEqual(seen.overflowing, []);
      // collidedFrames is never negative: its axis starts at 0, not below
      assert.equal(seen.yMin.length, 2);
      for (const min of seen.yMin) assert.ok(min >= 0, `y from ${min}`);
      // vs $n: no point at 30 (its 4 runs failed); vs $m: no line of $n=30
      assert.deepEqual(
        seen.notes,
        new Array(2).fill('No point at $n=30: its 4 runs did not succeed.'),
      );
    });
  },
);

test(
  'report.html: a variable of two values, every run of one failed: its chart with the other, and a note',
  { skip },
  async () => {
    // before: $n had one value left among the runs with results, so no chart of it and no note
    const page = await writeReport('two-values', [10, 30]);
    assert.match(readFileSync(page, 'utf8'), /data-charts="2"/);
    await inChromium(page, (seen) => {
      // vs $n: a line per $m, one point each; vs $m: the line of $n=10
      assert.deepEqual(seen.charts, ['n:1,1', 'm:2']);
      assert.deepEqual(
        seen.notes,
        new Array(2).fill('No point at $n=30: its 4 runs did not succeed.'),
      );
      assert.ok(seen.notesVisible, 'the notes are on screen');
    });
  },
);

test(
  "report.html: the y axis has the scalar's unit when every run records the same one",
  { skip },
  async () => {
    // before: the y title was the scalar's name alone, its `attr unit` dropped
    await inChromium(await writeReport('unit', [10, 20], () => 'B'), (seen) => {
      assert.deepEqual(seen.yTitles, new Array(2).fill('collidedFrames:last (B)'));
    });
    // runs that disagree (one records no unit): no unit said rather than a wrong one
    await inChromium(await writeReport('units', [10, 20], (n) => (n === 10 ? 'B' : '')), (seen) => {
      assert.deepEqual(seen.yTitles, new Array(2).fill('collidedFrames:last'));
    });
  },
);

test(
  "report.html: the run grid's row labels show the values that tell them apart",
  { skip },
  async () => {
    // before: "$serviceTimeMeanOfTheFirstQueue…" on every row, the value cut off (150 px)
    const outer = 'serviceTimeMeanOfTheFirstQueue';
    await inChromium(await writeReport('grid', [10, 20], undefined, outer), (seen) => {
      assert.deepEqual(seen.gridHeads, [`$${outer}`]);
      assert.deepEqual(seen.gridLabels, [
        { text: '10', cut: false },
        { text: '20', cut: false },
      ]);
    });
    // the variable name once above its values; a row label never cut
    await inChromium(await writeReport('grid-short', [10, 20, 30]), (seen) => {
      assert.deepEqual(seen.gridHeads, ['$n']);
      assert.deepEqual(
        seen.gridLabels.map((l) => l.text),
        ['10', '20', '30'],
      );
    });
  },
);

test('report of runs that recorded only statistics: the page and the warning say so', async () => {
  // TicToc18 records statistics and histograms, no scalar: before, "no chosen scalar was found in
  // runs whose iteration variables take more than one value" though $N took 3 values
  const runs = join(dir, 'stats', 'runs');
  mkdirSync(runs, { recursive: true });
  for (const [i, n] of [2, 4, 6].entries())
    writeFileSync(
      join(runs, `${i}.sca`),
      [
        'version 3',
        `run TicToc18-${i}-20260101`,
        'attr configname TicToc18',
        `attr iterationvars "$N=${n}"`,
        'attr network TicToc18',
        'attr repetition 0',
        `attr runnumber ${i}`,
        `itervar N ${n}`,
        '',
        'statistic TicToc18.tic[1] hopCount:stats',
        'field count 2',
        'field mean 3',
        'field stddev 1.4142135623731',
        'field min 2',
        'field max 4',
        'field sum 6',
        'field sqrsum 20',
        '',
      ].join('\n'),
    );
  const page = join(dir, 'stats', 'report.html');
  const r = await runCli(['report', runs, '-o', page]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(page, 'utf8'), /No chart: the runs recorded no scalars\./);
  const s = await runCli(['report', runs, '-s', '**.tic[1]:hopCount:stats', '-o', page]);
  assert.equal(
    s.stderr,
    'opp-campaign: warning: no run has the scalar **.tic[1]:hopCount:stats: the runs recorded no scalars (statistics and histograms are not charted)\n',
  );
});

/** report.html of a campaign as writeCampaign writes it, with the chosen scalar. */
async function writeReport(
  name: string,
  ns: readonly number[],
  unit?: (n: number) => string,
  outer = 'n',
): Promise<string> {
  const results = writeCampaign(name, ns, unit, outer);
  const page = join(results, 'report.html');
  const r = await runCli(['report', join(results, 'runs'), '-s', SCALAR, '-o', page]);
  assert.equal(r.code, 0, r.stderr);
  return page;
}

/** One headless Chromium for the file's tests (a launch costs seconds). */
let browser: { context: BrowserContext; profile: string } | undefined;
after(async () => {
  if (!browser) return;
  await browser.context.close();
  rmSync(browser.profile, { recursive: true, force: true });
});

/** Opens `page` in headless Chromium, checks it raised no error, and hands over its layout. */
async function inChromium(page: string, check: (seen: Layout) => void): Promise<void> {
  if (!browser) {
    const profile = mkdtempSync(join(tmpdir(), 'opp-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    browser = { context, profile };
  }
  const tab = await browser.context.newPage();
  try {
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    const seen = await tab.evaluate<Layout>(LAYOUT);
    assert.deepEqual(errors, []);
    check(seen);
  } finally {
    await tab.close();
  }
}
