// Mean and confidence interval of values near Number.MAX_VALUE (their sum overflows), and the
// same results to the last bit as the straightforward formula for ordinary values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  buildReportModel,
  meanCi,
  renderReportHtml,
  tQuantile95,
} from '../../src/core/report/index.js';
import { sortedMap, type ScalarResult } from '../../src/core/results/index.js';

/** The formula as it was before values near MAX_VALUE were scaled: sum, mean, squared deviations. */
function straightforward(xs: readonly number[]): { mean: number; lo?: number; hi?: number } {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { mean };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const half = tQuantile95(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean, lo: mean - half, hi: mean + half };
}

/** A deterministic pseudo-random sequence (xorshift32), as [0, 1) values. */
function randoms(seed: number, count: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out.push((s >>> 0) / 2 ** 32);
  }
  return out;
}

test('values near Number.MAX_VALUE: a finite mean and interval (their sum overflows)', () => {
  const huge = 1.797e308;
  const same = meanCi([huge, huge, huge, huge]);
  assert.deepEqual(same, { n: 4, mean: huge, lo: huge, hi: huge, min: huge, max: huge });

  const max = Number.MAX_VALUE;
  const near = [0.5, 0.6, 0.55, 0.45, 0.5].map((f) => f * max);
  const spread = meanCi(near);
  assert.ok(spread);
  // the plain formula's arithmetic on the values divided by 2^1023, so the same rounding
  const scaled = straightforward(near.map((x) => x / 2 ** 1023));
  assert.equal(spread.mean, scaled.mean * 2 ** 1023);
  assert.equal(spread.lo, (scaled.lo ?? NaN) * 2 ** 1023);
  assert.equal(spread.hi, (scaled.hi ?? NaN) * 2 ** 1023);
  assert.ok(spread.mean > 0.51 * max && spread.mean < 0.53 * max);
  assert.ok(Number.isFinite(spread.lo) && Number.isFinite(spread.hi));

  // values of 1e299..1e300: their sum fits, their squared deviations (1e598) overflow
  const wide = randoms(4242, 7).map((r) => r * 1e300);
  const w = meanCi(wide);
  const ws = straightforward(wide.map((x) => x / 2 ** 996));
  assert.ok(Number.isFinite(w?.lo) && Number.isFinite(w?.hi));
  assert.equal(w?.lo, (ws.lo ?? NaN) * 2 ** 996);

  // three equal values: their scaled sum rounds (as 3 * 1.9 does), so within an ulp or two
  const negative = meanCi([-huge, -huge, -huge]);
  assert.ok(negative && Math.abs(negative.mean / -huge - 1) < 1e-15, String(negative?.mean));
  assert.ok(negative && Math.abs((negative.lo ?? NaN) / -huge - 1) < 1e-15);

  // one value: no interval, its mean the value
  assert.deepEqual(meanCi([max]), { n: 1, mean: max, lo: undefined, hi: undefined, min: max, max });
});

test('ordinary values: the same mean and interval to the last bit as the plain formula', () => {
  const sets: number[][] = [
    [1, 2, 3, 4],
    [20, 21, 22],
    [0.1, 0.2, 0.3, 0.7, 1e-9],
    [1.6458941150922328, 1.645894115092233, 1.6458941150922333],
    [-5, 3.25, 1e12, -1e-300, 7],
    randoms(12345, 30).map((r) => r * 1e6 - 5e5),
    randoms(777, 200).map((r) => Math.exp(r * 40 - 20)),
    randoms(4242, 7).map((r) => r * 1e150),
  ];
  for (const xs of sets) {
    const now = meanCi(xs);
    const before = straightforward(xs);
    assert.ok(now);
    assert.ok(Object.is(now.mean, before.mean), `mean of ${xs.join(' ')}`);
    assert.ok(Object.is(now.lo, before.lo), `lo of ${xs.join(' ')}`);
    assert.ok(Object.is(now.hi, before.hi), `hi of ${xs.join(' ')}`);
  }
});

const CHROMIUM = '/usr/bin/chromium';

/** The report model of 4 runs ($x in 0, 1; 2 repetitions) whose scalar Weird.wm:huge is 1.797e308. */
function hugeModel(): ReturnType<typeof buildReportModel> {
  const huge = 1.797e308;
  const results = [0, 1, 2, 3].map((n) => {
    const runName = `C-${n}-20260101-10:00:0${n}-${100 + n}`;
    const x = String(n % 2);
    const scalar: ScalarResult = {
      type: 'scalar',
      runName,
      module: 'Weird.wm',
      name: 'huge',
      value: huge,
      attributes: new Map(),
      file: 'x.sca',
    };
    return {
      run: {
        runName,
        attributes: sortedMap([
          ['configname', 'C'],
          ['runnumber', String(n)],
          ['repetition', String(Math.floor(n / 2))],
          ['iterationvars', `$x=${x}`],
        ]),
        itervars: sortedMap([['x', x]]),
        configEntries: [],
      },
      scalars: [scalar],
    };
  });
  return buildReportModel({ facts: [], results, campaigns: [], scalars: ['Weird.wm:huge'] });
}

test("the report's chart points of a scalar near Number.MAX_VALUE have values (not null)", () => {
  const huge = 1.797e308;
  const m = hugeModel();
  const points = m.charts.flatMap((c) => c.series.flatMap((s) => s.points));
  assert.equal(points.length, 2);
  for (const p of JSON.parse(JSON.stringify(points)) as Array<{ mean: unknown; lo: unknown }>) {
    assert.equal(p.mean, huge);
    assert.equal(p.lo, huge);
  }
});

test(
  'the page draws a chart of values near Number.MAX_VALUE (Chart.js does not hang on its axis)',
  { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)` },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-huge-page-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(hugeModel()));
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const errors: string[] = [];
      const tab = await context.newPage();
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(file).href);
      await tab.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
      assert.deepEqual(errors, []);
      assert.equal(await tab.locator('#scalar-charts canvas').count(), 1);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
