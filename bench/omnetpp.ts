// A real OMNeT++ campaign end to end (issue #13 item 4): `opp-campaign run` (plan, build check,
// runs, merged dataset, report) on OMNeT++'s own aloha sample, config PureAlohaExperiment (42
// runs, ~140 MB of vectors), on 2 slots, against `opp_runall -j2` running the same runs. Both
// are timed REPEAT times, alternating, on the same built copy of the sample; the median is shown.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { launcherPythons } from '../src/adapters/process-launcher.js';
import { measure, median, type Measurement } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
// the command users run (bin/opp-campaign loads dist/cli.js, with Node's compile cache)
const CLI = join(ROOT, 'bin', 'opp-campaign');
const REPEAT = Number(process.env['BENCH_OMNETPP_REPEAT'] ?? 9);
const CONFIG = 'PureAlohaExperiment';
// opp_runall (`#!/usr/bin/env python3`) is run by the python3 opp-campaign's own helper runs on
// (the system's, on Linux): a version manager's shim first on PATH (pyenv on the development
// machine: ~80 ms to start the real interpreter, against <10 ms) would slow the baseline by
// what has nothing to do with it
const PYTHON = launcherPythons()[0] ?? 'python3';

export interface OmnetppRow {
  name: string;
  ours: Measurement | Phase;
  base: Measurement | Phase | undefined;
  baseName: string;
  target: string;
}

/** OMNeT++'s root (OMNETPP_ROOT, or opp_run on PATH), or undefined. */
function omnetppRoot(): string | undefined {
  const env = process.env['OMNETPP_ROOT'];
  if (env !== undefined && existsSync(join(env, 'bin', 'opp_run'))) return env;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter))
    if (dir !== '' && existsSync(join(dir, 'opp_run'))) return dirname(dir);
  return undefined;
}

export async function omnetppRows(): Promise<OmnetppRow[]> {
  const root = omnetppRoot();
  if (root === undefined) {
    console.error('omnetpp bench: no OMNeT++ (OMNETPP_ROOT, or opp_run on PATH): skipped');
    return [];
  }
  const env = { ...process.env, PATH: `${join(root, 'bin')}${delimiter}${process.env['PATH']}` };
  const work = mkdtempSync(join(tmpdir(), 'opp-bench-aloha-'));
  const dir = join(work, 'aloha');
  try {
    cpSync(join(root, 'samples', 'aloha'), dir, { recursive: true });
    for (const [cmd, args] of [
      ['opp_makemake', ['-f', '--deep']],
      ['make', ['MODE=release', '-j2']],
    ] as const) {
      const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stdout}${r.stderr}`);
    }
    // no campaign file: the model and its build are detected, as a new user would run it
    const ours: Measurement[] = [];
    const base: Measurement[] = [];
    // opp_runall runs batches of up to 5 runs in one process, as opp-campaign does by default;
    // with -b 1 a process per run, as opp-campaign with --batch 1
    const oursSingle: Measurement[] = [];
    const single: Measurement[] = [];
    // where each side's time goes: from launch to the first vector file made, and from the
    // last scalar file written to exit (the middle is the runs)
    const oursStart: number[] = [];
    const oursEnd: number[] = [];
    const baseStart: number[] = [];
    const baseEnd: number[] = [];
    const phases = (
      folder: string,
      launched: number,
      exited: number,
      start: number[],
      end: number[],
    ): void => {
      const p = phaseTimes(folder, launched, exited);
      if (p === undefined) return;
      start.push(p.start);
      end.push(p.end);
    };
    const runall = async (extra: string[]): Promise<Measurement> => {
      rmSync(join(dir, 'runall'), { recursive: true, force: true });
      const launched = Date.now();
      const b = await measure(
        PYTHON,
        [
          join(root, 'bin', 'opp_runall'),
          ...['-j2', ...extra, './aloha', '-u', 'Cmdenv', '-c', CONFIG, '--result-dir=runall'],
        ],
        { cwd: dir, env },
      );
      if (b.code !== 0) throw new Error(`opp_runall failed (exit ${b.code}): ${b.stderr}`);
      if (extra.length === 0) phases(join(dir, 'runall'), launched, Date.now(), baseStart, baseEnd);
      return b;
    };
    const campaign = async (extra: string[]): Promise<Measurement> => {
      rmSync(join(dir, 'results'), { recursive: true, force: true });
      const launched = Date.now();
      const o = await measure(
        process.execPath,
        [CLI, 'run', dir, '-c', CONFIG, '-j', '2', '--progress', 'plain', ...extra].concat([
          '--ccache-dir',
          join(work, 'ccache'),
        ]),
        { env },
      );
      if (o.code !== 0) throw new Error(`opp-campaign run failed (exit ${o.code}): ${o.stderr}`);
      if (extra.length === 0)
        phases(join(dir, 'results', '.runs'), launched, Date.now(), oursStart, oursEnd);
      return o;
    };
    for (let i = 0; i < REPEAT; i++) {
      base.push(await runall([]));
      ours.push(await campaign([]));
      single.push(await runall(['-b', '1']));
      oursSingle.push(await campaign(['--batch', '1']));
    }
    return [
      {
        name: `run: OMNeT++ aloha, 42 runs, -j 2`,
        ours: median(ours),
        base: median(base),
        baseName: `opp_runall -j2 (${PYTHON}), measured now; median of ${REPEAT}; ${paired(ours, base)}`,
        target: 'target <= 1.10x',
      },
      {
        name: `run: OMNeT++ aloha, --batch 1`,
        ours: median(oursSingle),
        base: median(single),
        baseName: `opp_runall -j2 -b 1 (${PYTHON}), measured now; median of ${REPEAT}; ${paired(oursSingle, single)}`,
        target: 'no target (a process per run on both sides)',
      },
      ...phaseRows(oursStart, baseStart, oursEnd, baseEnd),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The median of each campaign's time over that of the opp_runall run just before it, with the
 * quartiles: steadier than the ratio of the medians when the machine's speed drifts during the
 * series, and the spread says how far one series can be trusted.
 */
function paired(ours: readonly Measurement[], base: readonly Measurement[]): string {
  const ratios = ours
    .map((o, i) => o.seconds / (base[i]?.seconds ?? NaN))
    .filter((r) => Number.isFinite(r))
    .sort((a, b) => a - b);
  const at = (q: number): number | undefined => ratios[Math.round(q * (ratios.length - 1))];
  const [lo, m, hi] = [at(0.25), at(0.5), at(0.75)];
  if (lo === undefined || m === undefined || hi === undefined) return 'no pairs';
  return `paired ratios' median ${m.toFixed(3)}x (quartiles ${lo.toFixed(2)}x-${hi.toFixed(2)}x)`;
}

/** A part of a campaign's wall time (no memory figure). */
interface Phase {
  seconds: number;
  peakMiB: undefined;
}

/** The median of the times (ms) as seconds. */
const phase = (ms: readonly number[]): Phase => ({
  seconds: ([...ms].sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)] ?? NaN) / 1000,
  peakMiB: undefined,
});

/** The start and end rows, from the campaigns whose files had birth times (none: no rows). */
function phaseRows(
  oursStart: number[],
  baseStart: number[],
  oursEnd: number[],
  baseEnd: number[],
): OmnetppRow[] {
  if (oursStart.length === 0 || baseStart.length === 0) return [];
  return [
    {
      name: 'aloha: launch to first .vec',
      ours: phase(oursStart),
      base: phase(baseStart),
      baseName: `opp_runall -j2, the same runs; median of ${baseStart.length}`,
      target: 'no target (where the time goes)',
    },
    {
      name: 'aloha: last .sca to exit',
      ours: phase(oursEnd),
      base: phase(baseEnd),
      baseName: `opp_runall -j2, the same runs; median of ${baseEnd.length}`,
      target: 'no target (merged dataset and report vs none)',
    },
  ];
}

/**
 * From launch to the first vector file's birth, and from the last scalar file's write to exit
 * (ms), in the folder the runs wrote to; undefined where the file system keeps no birth times.
 */
function phaseTimes(
  folder: string,
  launched: number,
  exited: number,
): { start: number; end: number } | undefined {
  let firstVec = Infinity;
  let lastSca = -Infinity;
  for (const name of readdirSync(folder)) {
    const st = statSync(join(folder, name));
    if (name.endsWith('.vec')) firstVec = Math.min(firstVec, st.birthtimeMs || Infinity);
    if (name.endsWith('.sca')) lastSca = Math.max(lastSca, st.mtimeMs);
  }
  if (!Number.isFinite(firstVec) || !Number.isFinite(lastSca)) return undefined;
  return { start: firstVec - launched, end: exited - lastSca };
}
