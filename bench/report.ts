// Report benchmarks (issue 10): report.html of a 10,000-run campaign — the time to build the
// page, its size, and the time headless Chromium takes to open and render it (target < 3 s,
// < 5 MB). The campaign is synthetic (three iteration variables of ten values, ten repetitions,
// 1% of runs failed), made in memory, so the figures are the report's own.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  buildReportModel,
  renderReportHtml,
  type ResultRun,
  type RunFacts,
} from '../src/core/report/index.js';
import { sortedMap, type ScalarResult } from '../src/core/results/index.js';

const CHROMIUM = '/usr/bin/chromium';

export interface ReportRow {
  name: string;
  ours: { seconds: number; peakMiB: number | undefined };
  base: undefined;
  target: string;
}

function campaign(count: number): { facts: RunFacts[]; results: ResultRun[] } {
  const facts: RunFacts[] = [];
  const results: ResultRun[] = [];
  for (let n = 0; n < count; n++) {
    const vars: Array<[string, string]> = [
      ['numHosts', String(10 + 5 * (Math.floor(n / 1000) % 10))],
      ['iaMean', String(1 + (Math.floor(n / 100) % 10))],
      ['slotTime', `${10 * (Math.floor(n / 10) % 10)}ms`],
    ];
    const rep = n % 10;
    const failed = n % 100 === 99;
    const text = [...vars, ['repetition', String(rep)]].map(([k, v]) => `$${k}=${v}`).join(', ');
    facts.push({
      key: `key${n}`,
      config: 'Study',
      run: n,
      status: failed ? 'failed' : 'ok',
      exitCode: failed ? 1 : 0,
      signal: null,
      wallMs: 20_000 + ((n * 7919) % 60_000),
      peakKiB: 50_000 + (n % 977),
      attempt: 1,
      itervars: text,
      log: `logs/Study-${n}.log`,
      message: failed
        ? 'exit status 1: <!> Error in module (Host) Net.host[3]: queue overflow'
        : undefined,
      command: failed ? `out/sim -u Cmdenv -c Study -r ${n} -f omnetpp.ini` : undefined,
      build: 'b1',
    });
    if (failed) continue;
    const runName = `Study-${n}-20260101-10:00:00-${1000 + n}`;
    const scalar = (module: string, name: string, value: number): ScalarResult => ({
      type: 'scalar',
      runName,
      module,
      name,
      value,
      attributes: new Map(),
      file: 'results.sca',
    });
    const x = Number(vars[1]?.[1]);
    const scalars = [
      scalar('Net.server', 'channelUtilization:last', 0.2 / x + rep * 0.001),
      scalar('Net.server', 'collidedFrames:last', 1000 / x + rep),
      scalar('Net.server', 'receivedFrames:last', 500 * x + rep),
      scalar('Net.server', 'duration', 1800),
    ];
    for (let h = 0; h < 20; h++) scalars.push(scalar(`Net.host[${h}]`, 'sent:count', h + rep));
    results.push({
      run: {
        runName,
        attributes: sortedMap([
          ['configname', 'Study'],
          ['runnumber', String(n)],
          ['repetition', String(rep)],
          ['iterationvars', vars.map(([k, v]) => `$${k}=${v}`).join(', ')],
          ['datetime', '20260101-10:00:00'],
          ['network', 'Net'],
        ]),
        itervars: sortedMap(vars),
        configEntries: [],
      },
      scalars,
    });
  }
  return { facts, results };
}

export async function reportRows(count = 10_000): Promise<ReportRow[]> {
  const input = campaign(count);
  const t0 = performance.now();
  const html = renderReportHtml(buildReportModel({ ...input, campaigns: [] }));
  const buildSeconds = (performance.now() - t0) / 1000;
  const mb = Buffer.byteLength(html) / 1e6;
  const rows: ReportRow[] = [
    {
      name: `report.html ${count.toLocaleString('en')} runs: build`,
      ours: { seconds: buildSeconds, peakMiB: undefined },
      base: undefined,
      target: `file < 5 MB: ${mb.toFixed(2)} MB`,
    },
  ];
  if (!existsSync(CHROMIUM)) {
    console.error(`report bench: ${CHROMIUM} is absent, the page was not opened`);
    return rows;
  }
  const dir = mkdtempSync(join(tmpdir(), 'opp-bench-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  mkdirSync(join(dir, 'profile'));
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const start = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // the first frame painted after the script drew everything
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))');
    const seconds = (performance.now() - start) / 1000;
    const cells = await page.locator('#run-grid .cell').count();
    if (errors.length || cells !== count)
      throw new Error(`report bench: ${cells} cells, errors: ${errors.join('; ')}`);
    rows.push({
      name: `report.html ${count.toLocaleString('en')} runs: open+render`,
      ours: { seconds, peakMiB: undefined },
      base: undefined,
      target: 'target < 3 s (headless Chromium)',
    });
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
