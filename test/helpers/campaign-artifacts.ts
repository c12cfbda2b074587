// Artifacts of a campaign as the Action uploads them, built for tests: the plan (plan.json) and
// the merged results (.runs/ with a small OMNeT++ .sca per successful run, journal.jsonl, logs/
// of failed runs, runs.csv, summary.md).
import { serializeRecord, type RunRecord } from '../../src/core/campaign/journal.js';
import type { PlanDocument } from '../../src/core/plan/plan-document.js';
import { makeZip, type ZipEntrySpec } from './zip-writer.js';

export interface RunSpec {
  readonly config: string;
  readonly run: number;
  readonly key: string;
  readonly status: RunRecord['status'];
  /** Distinguishes executions of the same run (OMNeT++ puts a pid in the run id). */
  readonly pid?: number;
  /**
   * It wrote a vector file too: the artifact holds it once, at the top (the dataset's file, a
   * hard link of the run's own in .runs/ where the merge job ran), and the journal names it in
   * .runs/.
   */
  readonly vector?: boolean;
  /** The shard's own command that reproduces the run (a failed run's, on its runner). */
  readonly command?: string;
}

export function planDocument(
  commit: string,
  shards: readonly (readonly (readonly [string, number, string])[])[],
): PlanDocument {
  return {
    version: 1,
    commit,
    ini: ['omnetpp.ini'],
    configs: [...new Set(shards.flat().map(([c]) => c))].sort(),
    filter: undefined,
    totalRuns: shards.reduce((n, s) => n + s.length, 0),
    shards: shards.map((runs, index) => ({ index, expectedMs: undefined, runs })),
  };
}

export function planZip(plan: PlanDocument): Buffer {
  return makeZip([{ name: 'plan.json', data: JSON.stringify(plan) }]);
}

export function vecFile(r: RunSpec): string {
  return [
    'version 3',
    `run ${r.config}-${r.run}-20260101-00:00:00-${r.pid ?? 100}`,
    `attr configname ${r.config}`,
    `attr runnumber ${r.run}`,
    'vector 0 Net.host queueLength ETV',
    `0\t1\t0.5\t${r.run}`,
    `0\t2\t1.5\t${r.run + 1}`,
    '',
  ].join('\n');
}

export function scaFile(r: RunSpec): string {
  return [
    'version 3',
    `run ${r.config}-${r.run}-20260101-00:00:00-${r.pid ?? 100}`,
    `attr configname ${r.config}`,
    `attr runnumber ${r.run}`,
    `attr iterationvars "$x=${r.run}"`,
    'attr network Net',
    `itervar x ${r.run}`,
    'config network Net',
    '',
    `scalar Net.host rx ${r.run * 10}`,
    '',
  ].join('\n');
}

/** `runsDir`: where the run's files are (`runs`: an artifact of an earlier version). */
export function runRecord(r: RunSpec, runsDir = '.runs'): RunRecord {
  const sca = `${runsDir}/${r.config}-#${r.run}.sca`;
  return {
    t: 'run',
    key: r.key,
    config: r.config,
    run: r.run,
    attempt: 1,
    status: r.status,
    exitCode: r.status === 'ok' ? 0 : 1,
    signal: null,
    wallMs: 1500,
    peakKiB: 20_480,
    build: 'build-1',
    log: `logs/${r.config}-${r.run}.log`,
    files:
      r.status === 'ok'
        ? [
            { path: sca, size: Buffer.byteLength(scaFile(r)), mtimeMs: 1_767_225_000_000 },
            ...(r.vector
              ? [
                  {
                    path: `${runsDir}/${r.config}-#${r.run}.vec`,
                    size: Buffer.byteLength(vecFile(r)),
                    mtimeMs: 1_767_225_000_000,
                  },
                ]
              : []),
          ]
        : [],
    itervars: `$x=${r.run}`,
    ...(r.command !== undefined ? { command: r.command } : {}),
  };
}

/** The merge job's results artifact for these runs (`runsDir` as in runRecord). */
export function resultsZip(
  runs: readonly RunSpec[],
  extra: readonly ZipEntrySpec[] = [],
  runsDir = '.runs',
): Buffer {
  const entries: ZipEntrySpec[] = [{ name: `${runsDir}/` }, { name: 'logs/' }];
  for (const r of runs)
    if (r.status === 'ok') {
      entries.push({ name: `${runsDir}/${r.config}-#${r.run}.sca`, data: scaFile(r) });
      if (r.vector) entries.push({ name: `${r.config}-#${r.run}.vec`, data: vecFile(r) });
    } else
      entries.push({
        name: `logs/${r.config}-${r.run}.log`,
        data: `<!> Error: run ${r.run} failed\n`,
      });
  entries.push(
    {
      name: 'journal.jsonl',
      data: runs.map((r) => serializeRecord(runRecord(r, runsDir))).join(''),
    },
    { name: 'runs.csv', data: 'run,config,runnumber\n' },
    { name: 'summary.md', data: '## Campaign\n' },
    ...extra,
  );
  return makeZip(entries);
}
