// npm run bench: our figures next to the baseline's, from one run, as ratios.
// Baselines are measured here and now where they can run (xargs, make, opp_run when on PATH);
// OMNeT++'s own figures, where opp_run is absent, are the ones recorded on a 2-core machine in
// shared/omnetpp-6.1/README.md and are labelled as recorded.
// `npm run bench -- plan`, `-- run`, `-- git`, `-- merge`, `-- omnetpp` or `-- report` runs one
// group.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  campaignVsXargs,
  hundredThousandRuns,
  noChangeRebuild,
  tenMillisecondRuns,
} from './campaign.js';
import { buildRows, gitRows } from './git.js';
import { measure } from './measure.js';
import { mergeRows } from './merge.js';
import { omnetppRows } from './omnetpp.js';
import { reportRows } from './report.js';

// the command users run (bin/opp-campaign loads dist/cli.js, with Node's compile cache)
const CLI = join(import.meta.dirname, '..', 'bin', 'opp-campaign');
const INI = join(import.meta.dirname, 'large.ini');
const RSS = join(import.meta.dirname, 'report-rss.mjs');

interface Figure {
  seconds: number;
  peakMiB: number | undefined;
  /** user + system CPU seconds, with children (shown as a ratio: steadier on a busy machine) */
  cpuSeconds?: number | undefined;
}
interface Row {
  name: string;
  ours: Figure;
  base: (Figure & { source: string }) | undefined;
  target: string;
}

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function planRow(
  name: string,
  config: string,
  q: string,
  recorded: Figure | undefined,
  target: string,
): Promise<Row> {
  const ours = await measure(process.execPath, [
    '--import',
    RSS,
    CLI,
    'plan',
    INI,
    '-c',
    config,
    '-q',
    q,
  ]);
  if (ours.code !== 0) throw new Error(`${name}: exit ${ours.code}: ${ours.stderr}`);
  let base: Row['base'];
  if (onPath('opp_run')) {
    const m = await measure('opp_run', ['-s', '-f', INI, '-c', config, '-q', q]);
    base = { ...m, source: 'opp_run, measured now' };
  } else if (recorded) {
    base = { ...recorded, source: 'opp_run, recorded in shared/omnetpp-6.1 (not on PATH here)' };
  }
  return { name, ours, base, target };
}

const fmt = (f: Figure | undefined): string =>
  f
    ? `${f.seconds.toFixed(3)} s ${f.peakMiB === undefined ? '' : `${f.peakMiB.toFixed(0)} MiB`}`
    : 'n/a';

function print(rows: Row[]): void {
  console.log(
    'benchmark'.padEnd(38) +
      'ours'.padEnd(20) +
      'baseline'.padEnd(20) +
      'ours/baseline'.padEnd(36) +
      'target; baseline',
  );
  for (const r of rows) {
    const t = r.base ? `${(r.ours.seconds / r.base.seconds).toFixed(3)}x time` : '';
    const m =
      r.base?.peakMiB !== undefined && r.ours.peakMiB !== undefined
        ? `, ${(r.ours.peakMiB / r.base.peakMiB).toFixed(2)}x mem`
        : '';
    const cpu =
      r.base?.cpuSeconds !== undefined && r.ours.cpuSeconds !== undefined
        ? `, ${(r.ours.cpuSeconds / r.base.cpuSeconds).toFixed(2)}x cpu`
        : '';
    console.log(
      r.name.padEnd(38) +
        fmt(r.ours).padEnd(20) +
        fmt(r.base).padEnd(20) +
        `${t}${m}${cpu}`.padEnd(36) +
        `${r.target}; ${r.base?.source ?? ''}`,
    );
  }
}

const groups = process.argv.slice(2);
const want = (g: string) => groups.length === 0 || groups.includes(g);
const rows: Row[] = [];
if (want('plan')) {
  rows.push(
    await planRow(
      'plan -q numruns, 1,000,000 runs',
      'Million',
      'numruns',
      { seconds: 22, peakMiB: 2.3 * 1024 },
      'target < 0.5 s, < 200 MB',
    ),
  );
  rows.push(
    await planRow(
      'plan -q runs, 100,000 runs',
      'HundredK',
      'runs',
      { seconds: 1.7, peakMiB: 250 },
      'target < 1 s, < 200 MB',
    ),
  );
  rows.push(
    await planRow(
      'plan -q numruns, 1M runs + constraint',
      'MillionConstrained',
      'numruns',
      undefined,
      'no target (enumerates every run)',
    ),
  );
}
/** A group's row (its baseline named apart) as printed. */
const toRow = (c: {
  name: string;
  ours: Figure;
  base: Figure | undefined;
  baseName: string;
  target: string;
}): Row => ({
  name: c.name,
  ours: c.ours,
  base: c.base ? { ...c.base, source: c.baseName } : undefined,
  target: c.target,
});
if (want('run'))
  rows.push(
    ...[
      await campaignVsXargs(),
      ...(await tenMillisecondRuns()),
      await noChangeRebuild(),
      await hundredThousandRuns(),
    ].map(toRow),
  );
if (want('git')) rows.push(...[...(await gitRows()), ...(await buildRows())].map(toRow));
if (want('merge')) rows.push(...(await mergeRows()).map(toRow));
if (want('omnetpp')) rows.push(...(await omnetppRows()).map(toRow));
if (want('report')) rows.push(...(await reportRows()));
print(rows);
