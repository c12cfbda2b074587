// The demo campaign's report.html, opened in headless Chromium (Debian's chromium, driven by
// playwright-core): no console errors, no network requests, one grid cell per run, the charts'
// series and points as the demo's iteration variables make them, a hover with the run's facts,
// and a screenshot kept in test-output/report.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { RunRecord } from '../../src/core/campaign/journal.js';
import { runCli } from '../helpers/cli.js';
import { journalRuns, REPO } from '../helpers/project.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(REPO, 'test-output', 'report.png');
// the demo: $numHosts in 10,15,20 (outer), $iaMean in 1,2,3,4,5,7,9, two repetitions
const NUM_HOSTS = 3;
const IA_MEAN = 7;
const RUNS = NUM_HOSTS * IA_MEAN * 2;

/** What each chart card says and what Chart.js drew in it (the tests' tsconfig has no DOM). */
interface ChartFacts {
  xVar: string;
  scalar: string;
  series: string;
  points: string;
  drawn: number[];
  withCi: boolean;
}
const CHART_FACTS = `[...document.querySelectorAll('.chart-card')].map((card) => {
  const chart = Chart.getChart(card.querySelector('canvas'));
  return {
    xVar: card.dataset.xvar,
    scalar: card.dataset.scalar,
    series: card.dataset.series,
    points: card.dataset.points,
    drawn: chart ? chart.data.datasets.map((d) => d.data.length) : [],
    withCi: !!chart && chart.data.datasets.every((d) => d.data.every((p) => p.lo !== null)),
  };
})`;

let dir = '';
let results = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opp-report-'));
  cpSync(join(REPO, 'examples', 'aloha'), dir, {
    recursive: true,
    filter: (src) => !/[/\\](out|results)$/.test(src),
  });
  // the shared ccache folder: the demo compiles once per machine, not once per test run
  const r = await runCli(['run', dir, '--progress', 'plain']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  results = join(dir, 'results');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('opp-campaign run leaves report.html next to the merged results', () => {
  const html = readFileSync(join(results, 'report.html'), 'utf8');
  assert.match(html, /<title>Campaign report: PureAlohaExperiment<\/title>/);
  assert.match(html, /<div id="run-grid" data-runs="42">/);
  assert.match(html, /data-charts="8"/, 'four default scalars against two variables');
  assert.ok(!/<(link|img|iframe)\b|src=|@import|url\(http/i.test(html), 'nothing is loaded');
  assert.ok(Buffer.byteLength(html) < 1024 * 1024);
});

test('opp-campaign report: result files and a journal, chosen scalars', async () => {
  const out = join(dir, 'elsewhere', 'page.html');
  const r = await runCli([
    'report',
    join(results, '.runs'),
    '--journal',
    join(results, 'journal.jsonl'),
    '-s',
    '**.server:channelUtilization:last',
    '-o',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Report of 42 runs, 2 charts: .*page\.html/);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /data-charts="2"/);
  assert.match(html, /chosen on the command line \(<code>--scalar<\/code>\)/);
  assert.equal(r.stderr, '');
  // a scalar no run has: said, not just 0 charts
  const typo = await runCli([
    'report',
    results,
    '-s',
    '**.server:channelUtilisation:last',
    '-o',
    out,
  ]);
  assert.equal(typo.code, 0, typo.stderr);
  assert.equal(
    typo.stderr,
    'opp-campaign: warning: no run has the scalar **.server:channelUtilisation:last; did you mean **.server:channelUtilization:last? (--scalar MODULE:NAME)\n',
  );
  // log links are relative to the page
  assert.match(html, /"\.\.\/results\/logs\/PureAlohaExperiment-0\.log"/);
  // result files chosen one by one: the runs given, not every run of the journal beside them
  const two = readdirSync(join(results, '.runs'))
    .filter((f) => f.endsWith('.sca'))
    .slice(0, 2)
    .map((f) => join(results, '.runs', f));
  const chosen = await runCli(['report', ...two, '-o', out]);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.match(chosen.stdout, /^Report of 2 runs, /);
  const picked = readFileSync(out, 'utf8');
  assert.match(picked, /<div id="run-grid" data-runs="2">/);
  // a report of those runs: the campaign they came from finished, nothing said to be missing
  assert.doesNotMatch(picked, /planned runs have not run|campaign was interrupted/);
  // one run chosen: no chart, and why (before: "Report of 1 runs, 0 charts", the page saying no
  // iteration variable takes more than one value)
  const single = await runCli(['report', two[0] as string, '-o', out]);
  assert.equal(single.code, 0, single.stderr);
  assert.match(
    single.stdout,
    /^Report of 1 run, 0 charts \(the report holds one run, nothing to chart across runs\): /,
  );
  assert.match(
    readFileSync(out, 'utf8'),
    /id="no-chart">No chart: the report holds one run, nothing to chart across runs\./,
  );
  const missing = await runCli(['report', join(dir, 'nothing'), '-o', out]);
  assert.equal(missing.code, 2); // a wrong command line, as merge's (before: 1)
  assert.match(missing.stderr, /report: .*nothing: no such file or folder; no page was written/);
  const usage = await runCli(['report', results, '-o', out, '-s', 'channelUtilization']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--scalar 'channelUtilization' is not "module pattern:scalar name"/);
});

test('report of chosen result files the journal beside them does not match: each run once', async () => {
  const out = join(dir, 'elsewhere', 'matched.html');
  const sca = readdirSync(join(results, '.runs'))
    .filter((f) => f.endsWith('.sca'))
    .sort()
    .slice(0, 2);
  // copied elsewhere next to a journal whose records of their run numbers say failed (a later
  // campaign of another build, a hand-edited journal): the files are runs of their own (before:
  // each counted twice, once failed without results, once succeeded from its file)
  const picked = join(dir, 'picked');
  mkdirSync(picked, { recursive: true });
  for (const f of sca) cpSync(join(results, '.runs', f), join(picked, f));
  const numbers = sca.map((f) =>
    Number(/^attr runnumber (\d+)$/m.exec(readFileSync(join(picked, f), 'utf8'))?.[1]),
  );
  const journal = readFileSync(join(results, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const rec = JSON.parse(l) as { t: string; run?: number; status?: string };
      return JSON.stringify(
        rec.t === 'run' && numbers.includes(rec.run ?? -1) ? { ...rec, status: 'failed' } : rec,
      );
    });
  writeFileSync(join(picked, 'journal.jsonl'), `${journal.join('\n')}\n`);
  const r = await runCli(['report', ...sca.map((f) => join(picked, f)), '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Report of 2 runs, /);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<div id="run-grid" data-runs="2">/);
  assert.match(html, /data-status="ok">2 ok</);
  assert.ok(!html.includes('data-status="failed"'), 'no run failed');
  // the per-run vector files of the merged folder, chosen: the runs chosen, not also every
  // other run of its runs.csv (before: 42 runs)
  const vec = readdirSync(results)
    .filter((f) => f.endsWith('.vec') && f !== 'results.vec')
    .sort()
    .slice(0, 2);
  const v = await runCli(['report', ...vec.map((f) => join(results, f)), '-o', out]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^Report of 2 runs, /);
  // the journal's own files, chosen from .runs: still joined with their records (logs)
  const own = await runCli(['report', ...sca.map((f) => join(results, '.runs', f)), '-o', out]);
  assert.match(own.stdout, /^Report of 2 runs, /);
  assert.equal(
    (readFileSync(out, 'utf8').match(/logs\/PureAlohaExperiment-\d+\.log/g) ?? []).length > 0,
    true,
  );
});

test('report of a journal with unreadable records: a warning for each, the page counts them apart', async () => {
  const edited = join(dir, 'edited');
  const partial = join(dir, 'partial');
  mkdirSync(edited, { recursive: true });
  mkdirSync(partial, { recursive: true });
  const lines = readFileSync(join(results, 'journal.jsonl'), 'utf8').split('\n');
  // line 1 is the campaign's record; lines 2-4 runs: one cut short, one of an unknown status,
  // one without its log
  const recs = [2, 3, 4].map((n) => JSON.parse(lines[n - 1] ?? '') as RunRecord);
  lines[1] = (lines[1] ?? '').slice(0, 30);
  lines[2] = JSON.stringify({ ...recs[1], status: 'weird' });
  const { log: _log, ...noLog } = recs[2] as RunRecord;
  lines[3] = JSON.stringify(noLog);
  writeFileSync(join(edited, 'journal.jsonl'), lines.join('\n'));
  // the results of every run but those three
  const theirs = new Set(recs.flatMap((r) => r.files.map((f) => basename(f.path))));
  for (const f of readdirSync(join(results, '.runs')))
    if (f.endsWith('.sca') && !theirs.has(f)) cpSync(join(results, '.runs', f), join(partial, f));
  const out = join(dir, 'elsewhere', 'unreadable.html');
  const r = await runCli(['report', partial, '--journal', edited, '-o', out]);
  assert.equal(r.code, 0, r.stderr); // as before: a report is written of what could be read
  const journal = join(edited, 'journal.jsonl');
  const warnings = r.stderr.split('\n').filter((l) => l.includes('journal.jsonl:'));
  assert.equal(warnings.length, 3, r.stderr);
  assert.ok(
    warnings[0]?.endsWith(
      `journal.jsonl:2: unreadable line (not JSON: cut short, or edited), skipped`,
    ),
    warnings[0],
  );
  assert.ok(
    warnings[1]?.endsWith(`journal.jsonl:3: bad run record (status "weird" is unknown), skipped`),
    warnings[1],
  );
  assert.ok(
    warnings[2]?.endsWith(`journal.jsonl:4: bad run record (log is missing), skipped`),
    warnings[2],
  );
  assert.ok(
    warnings.every(
      (w) => w.startsWith('opp-campaign: warning: ') && w.includes(basename(dirname(journal))),
    ),
  );
  assert.match(r.stdout, /^Report of 39 runs, /);
  const html = readFileSync(out, 'utf8');
  // the three runs are missing, and the page does not say they have not run (before: "3 of the
  // 42 planned runs have not run (the campaign was interrupted, or is still running)", no word of
  // the records skipped)
  assert.match(
    html,
    /<strong>3 of the 42 planned runs are not here<\/strong>: the campaign was interrupted or is still running, or their journal records are among the unreadable ones\./,
  );
  assert.match(
    html,
    /<p class="not-run" id="unreadable-records"><strong>3 journal records were unreadable<\/strong>/,
  );
  assert.match(
    html,
    /<code>\.\.\/edited\/journal\.jsonl:3<\/code> bad run record: status &quot;weird&quot; is unknown/,
  );
});

test(
  'report.html in headless Chromium: no errors, no requests, a cell per run, charts as expected',
  { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)` },
  async () => {
    const page = join(results, 'report.html');
    const url = pathToFileURL(page).href;
    const profile = mkdtempSync(join(tmpdir(), 'opp-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const errors: string[] = [];
      const requests: string[] = [];
      await context.route('**/*', async (route) => {
        if (route.request().url() === url) return route.continue();
        requests.push(route.request().url());
        return route.abort();
      });
      context.on('request', (req) => {
        if (req.url() !== url) requests.push(req.url());
      });
      const tab = await context.newPage();
      tab.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      await tab.goto(url);
      await tab.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });

      // the grid: one cell per run of the journal, coloured by status, linked to its log
      const records = journalRuns(dir);
      assert.equal(records.length, RUNS);
      assert.equal(await tab.locator('#run-grid .cell').count(), RUNS);
      assert.equal(await tab.locator('#run-grid .cell.s-ok').count(), RUNS);
      assert.equal(await tab.locator('#run-grid .grid-row:not(.grid-head)').count(), NUM_HOSTS);
      // the variable is said once above the rows, each row labelled with its value and with its
      // whole "$numHosts=value" as its tooltip
      assert.deepEqual(await tab.locator('#run-grid .grid-head').allTextContents(), ['$numHosts']);
      const labels = await tab.evaluate<[string, string][]>(
        "[...document.querySelectorAll('#run-grid .grid-row:not(.grid-head) .grid-label')].map((l) => [l.textContent, l.title])",
      );
      assert.equal(labels.length, NUM_HOSTS);
      for (const [text, title] of labels) assert.equal(title, `$numHosts=${text}`);
      const hrefs = await tab.evaluate<string[]>(
        "[...document.querySelectorAll('#run-grid a.cell')].map((c) => c.getAttribute('href'))",
      );
      assert.equal(hrefs.length, RUNS);
      for (const href of hrefs) assert.ok(existsSync(join(results, href)), href);

      // hovering a cell shows the run's iteration variables, duration and exit status
      const run19 = records.find((r) => r.run === 19);
      assert.ok(run19);
      const cell = tab.locator('#run-grid .cell[aria-label="PureAlohaExperiment #19: ok"]');
      await cell.hover();
      const tip = tab.locator('#tooltip');
      assert.equal(await tip.isVisible(), true);
      const text = await tip.innerText();
      assert.match(text, /\$numHosts=15, \$iaMean=3, \$repetition=1/);
      assert.match(text, new RegExp(`duration\\s+${run19.wallMs} ms`));
      assert.match(text, /exit status\s+exit code 0/);
      assert.equal(await cell.getAttribute('href'), 'logs/PureAlohaExperiment-19.log');

      // the charts, as Chart.js holds them: per scalar, one vs $numHosts (a line per $iaMean
      // value, 3 points each) and one vs $iaMean (a line per $numHosts value, 7 points each)
      const charts = await tab.evaluate<ChartFacts[]>(CHART_FACTS);
      assert.equal(charts.length, 8);
      for (const c of charts) {
        const [lines, points] = c.xVar === 'numHosts' ? [IA_MEAN, NUM_HOSTS] : [NUM_HOSTS, IA_MEAN];
        assert.deepEqual(
          c.drawn,
          new Array<number>(lines).fill(points),
          `${c.scalar} vs ${c.xVar}`,
        );
        assert.equal(c.series, String(lines));
        assert.equal(c.points, c.drawn.join(','));
        assert.equal(c.withCi, true, 'two repetitions give every point an interval');
      }
      assert.deepEqual([...new Set(charts.map((c) => c.xVar))], ['numHosts', 'iaMean']);
      assert.ok(charts.some((c) => c.scalar === 'Aloha.server:channelUtilization:last'));

      // the duration histogram counts every run
      const durations = await tab.evaluate<number[]>(
        "Chart.getChart('duration-chart').data.datasets[0].data",
      );
      assert.equal(
        durations.reduce((a, b) => a + b, 0),
        RUNS,
      );
      assert.equal(await tab.locator('#slowest tbody tr').count(), 10);

      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await tab.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [], 'the page asked for nothing but itself');
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
);
