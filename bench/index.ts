// npm run bench: our figures next to the baseline's, from one run, as ratios.
// Baselines: OMNeT++'s opp_run when it is on PATH (measured here, now); otherwise the figures
// recorded on a 2-core machine in shared/omnetpp-6.1/README.md, labelled as recorded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { measure, type Measurement } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INI = join(import.meta.dirname, 'large.ini');

interface Row {
  name: string;
  ours: Measurement;
  base: { seconds: number; peakMiB: number | undefined; source: string } | undefined;
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

const fmtS = (s: number) => `${s.toFixed(3)} s`;
const fmtM = (m: number | undefined) => (m === undefined ? 'n/a' : `${m.toFixed(0)} MiB`);

async function planRow(
  name: string,
  config: string,
  q: string,
  recorded: { s: number; mib: number },
  target: string,
): Promise<Row> {
  const args = [
    '--import',
    join(import.meta.dirname, 'report-rss.mjs'),
    CLI,
    'plan',
    INI,
    '-c',
    config,
    '-q',
    q,
  ];
  const ours = await measure(process.execPath, args);
  if (ours.code !== 0) throw new Error(`${name}: exit ${ours.code}: ${ours.stderr}`);
  let base: Row['base'];
  if (onPath('opp_run')) {
    const m = await measure('opp_run', ['-s', '-f', INI, '-c', config, '-q', q]);
    base = { seconds: m.seconds, peakMiB: m.peakMiB, source: 'opp_run, measured now' };
  } else {
    base = {
      seconds: recorded.s,
      peakMiB: recorded.mib,
      source: 'opp_run, recorded (not on PATH here)',
    };
  }
  return { name, ours, base, target };
}

function print(rows: Row[]): void {
  console.log(
    'benchmark'.padEnd(34) +
      'ours'.padEnd(24) +
      'baseline'.padEnd(24) +
      'ratio (ours/base)   target / baseline source',
  );
  for (const r of rows) {
    const ratio = r.base ? `${(r.ours.seconds / r.base.seconds).toFixed(3)}x time` : '';
    const mem =
      r.base?.peakMiB && r.ours.peakMiB
        ? `, ${(r.ours.peakMiB / r.base.peakMiB).toFixed(3)}x mem`
        : '';
    console.log(
      r.name.padEnd(34) +
        `${fmtS(r.ours.seconds)} ${fmtM(r.ours.peakMiB)}`.padEnd(24) +
        (r.base ? `${fmtS(r.base.seconds)} ${fmtM(r.base.peakMiB)}` : 'n/a').padEnd(24) +
        `${ratio}${mem}`.padEnd(20) +
        `${r.target}; ${r.base?.source ?? ''}`,
    );
  }
}

const rows: Row[] = [];
rows.push(
  await planRow(
    'plan -q numruns, 1,000,000 runs',
    'Million',
    'numruns',
    { s: 22, mib: 2.3 * 1024 },
    'target < 0.5 s, < 200 MB',
  ),
);
rows.push(
  await planRow(
    'plan -q runs, 100,000 runs',
    'HundredK',
    'runs',
    { s: 1.7, mib: 250 },
    'target < 1 s, < 200 MB',
  ),
);
print(rows);
