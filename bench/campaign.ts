// Campaign benchmarks (issue 3): opp-campaign run against `xargs -P N` running the same
// commands; a no-change rebuild; peak memory of a 100,000-run campaign of trivial runs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../src/adapters/build.js';
import { measure, median, type Measurement } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
// the command users run (bin/opp-campaign loads dist/cli.js, with Node's compile cache)
const CLI = join(ROOT, 'bin', 'opp-campaign');
const RSS = join(import.meta.dirname, 'report-rss.mjs');
const N = cpus().length;

export interface CampaignRow {
  name: string;
  ours: Measurement;
  base: Measurement | undefined;
  baseName: string;
  target: string;
}

function project(ini: string, campaign: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bench-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'models', 'misbehave'), dir, {
    recursive: true,
    filter: (src) => !/[/\\]out$/.test(src),
  });
  writeFileSync(join(dir, 'omnetpp.ini'), ini);
  writeFileSync(join(dir, 'opp-campaign.yml'), campaign);
  execFileSync('make', ['-s'], { cwd: dir });
  return dir;
}

/** `opp-campaign run DIR` on N slots, measured. */
async function runCampaign(dir: string, ...args: string[]): Promise<Measurement> {
  const ours = await measure(process.execPath, [
    '--import',
    RSS,
    CLI,
    'run',
    dir,
    '-j',
    String(N),
    '--progress',
    'plain',
    ...args,
  ]);
  if (ours.code !== 0) throw new Error(`campaign failed: ${ours.stderr.slice(-2000)}`);
  return ours;
}

/** 200 runs of ~50 ms each, on N slots, against the same commands under `xargs -P N`. */
export async function campaignVsXargs(): Promise<CampaignRow> {
  const dir = project(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = slow:50\n**.i = ${i=1..200}\n',
    'configs: [M]\nbuild: { preset: make }\nrun: { program: out/misbehave }\n',
  );
  const ours = await runCampaign(dir, '--ccache-dir', join(dir, '.ccache'));
  mkdirSync(join(dir, 'xargs', 'logs'), { recursive: true });
  const script =
    `seq 0 199 | xargs -P ${N} -I{} sh -c 'MISBEHAVE=slow:50 ./out/misbehave -u Cmdenv -c M -r {} ` +
    `-f omnetpp.ini --result-dir=xargs/runs > xargs/logs/{}.log 2>&1'`;
  const base = await measure('sh', ['-c', script], { cwd: dir });
  rmSync(dir, { recursive: true, force: true });
  return {
    name: 'run: 200 runs x 50 ms',
    ours,
    base,
    baseName: `xargs -P ${N}`,
    target: 'target <= 1.10x',
  };
}

/**
 * `count` runs of one command (no result files) on N slots, by opp-campaign and by `xargs -P N`
 * starting the same command (argv `xargsArgs`), one run of each.
 */
async function commandRuns(count: number, command: string, xargsArgs: string) {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bench-runs-'));
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    `[General]\nnetwork = Net\n[Config T]\n**.i = \${i=1..${count / 10}}\nrepeat = 10\n`,
  );
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    `configs: [T]\nrun: { command: "${command}" }\nresults: { files: [] }\n`,
  );
  const ours = await runCampaign(dir);
  const base = await measure('sh', ['-c', `seq 1 ${count} | xargs -P ${N} ${xargsArgs}`]);
  rmSync(dir, { recursive: true, force: true });
  return { ours, base };
}

/**
 * 10 ms runs (`sleep 0.01`) against xargs: a campaign of 1,000 end to end (start, plan, runs,
 * merge), and the per-run time alone: what 1,000 more runs add (1,500 runs less 500 runs), so
 * that what a campaign does once (Node's start, the merge) drops out.
 */
export async function tenMillisecondRuns(): Promise<CampaignRow[]> {
  const ten = (count: number) => commandRuns(count, 'sleep 0.01', '-I{} sleep 0.01');
  // each size REPEAT times, the sizes taking turns, and the medians compared: one campaign's
  // time moves by several percent on a shared machine, a difference of two by more
  const times: Record<500 | 1000 | 1500, { ours: Measurement[]; base: Measurement[] }> = {
    500: { ours: [], base: [] },
    1000: { ours: [], base: [] },
    1500: { ours: [], base: [] },
  };
  for (let i = 0; i < REPEAT; i++)
    for (const count of [500, 1000, 1500] as const) {
      const r = await ten(count);
      times[count].ours.push(r.ours);
      times[count].base.push(r.base);
    }
  const med = (count: 500 | 1000 | 1500) => ({
    ours: median(times[count].ours),
    base: median(times[count].base),
  });
  const [small, whole, large] = [med(500), med(1000), med(1500)];
  const more = (a: Measurement, b: Measurement): Measurement => ({
    seconds: b.seconds - a.seconds,
    peakMiB: undefined,
    code: 0,
    stdoutBytes: 0,
    stderr: '',
  });
  const baseName = `xargs -P ${N} sleep 0.01, median of ${REPEAT}`;
  return [
    { name: 'run: 1,000 runs x 10 ms (sleep)', ...whole, baseName, target: 'end to end' },
    {
      name: 'run: 1,000 more runs x 10 ms',
      ours: more(small.ours, large.ours),
      base: more(small.base, large.base),
      baseName: `${baseName}, 1,500 less 500 runs`,
      target: 'target <= 1.10x (per-run overhead)',
    },
  ];
}

const REPEAT = Number(process.env['BENCH_RUN_REPEAT'] ?? 3);

/** The build step of a campaign when nothing changed, against plain `make`. */
export async function noChangeRebuild(): Promise<CampaignRow> {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bench-build-'));
  cpSync(join(ROOT, 'examples', 'aloha'), dir, {
    recursive: true,
    filter: (src) => !/[/\\](out|results)$/.test(src),
  });
  const req = {
    settings: { preset: 'make' as const, dir: '.', args: [] },
    projectDir: dir,
    logFile: join(dir, 'build.log'),
    ccacheDir: join(dir, '.ccache'),
  };
  const first = await build(req);
  if (!first.ok) throw new Error(first.tail.join('\n'));
  const start = process.hrtime.bigint();
  const again = await build(req);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!again.ok) throw new Error(again.tail.join('\n'));
  const base = await measure('make', ['-s'], { cwd: dir });
  rmSync(dir, { recursive: true, force: true });
  return {
    name: 'no-change rebuild (demo model)',
    ours: { seconds, peakMiB: undefined, code: 0, stdoutBytes: 0, stderr: '' },
    base,
    baseName: 'make alone',
    target: 'target < 1 s',
  };
}

/** Peak memory of the campaign process over 100,000 trivial runs (`true`). */
export async function hundredThousandRuns(count = 100_000): Promise<CampaignRow> {
  return {
    name: `run: ${count.toLocaleString('en')} trivial runs`,
    ...(await commandRuns(count, 'true', '-n 1 true')),
    baseName: `xargs -P ${N} -n 1 true`,
    target: 'target < 300 MB peak',
  };
}
