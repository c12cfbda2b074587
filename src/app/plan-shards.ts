// The plan job: expand the campaign and spread its runs over at most N shards.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJournalAt } from '../adapters/journal-file.js';
import type { ConfigRuns, IniDocument } from '../core/ini/index.js';
import { missingNetwork } from '../core/plan/network.js';
import { noRunsSelected } from '../core/plan/no-match.js';
import { overOmnetppRunLimit } from '../core/plan/omnetpp-run-limit.js';
import { ResultFileCheck, resultFileError } from '../core/plan/result-clash.js';
import { resultFilesCannotFail, selectedRunKey, selectedRuns } from '../core/plan/plan.js';
import { planDocumentText } from '../core/plan/plan-document.js';
import { unlimitedConfigs } from '../core/plan/time-limit.js';
import { countSlices, shardByDuration, shardCount } from '../core/plan/shard.js';
import { loadCampaign, type SettingsOverrides } from './campaign-setup.js';

export interface PlanShardsOptions {
  readonly dir: string;
  readonly overrides: SettingsOverrides;
  readonly maxShards: number;
  /** A journal.jsonl (or a folder holding one) of an earlier campaign: run durations. */
  readonly previousRunIndex?: string;
  readonly commit?: string;
  /** Hears what was detected about the model (no campaign file, or one that leaves it out). */
  readonly say?: (line: string) => void;
  /** Gets the ini files as read for the plan (for checks of their own, without reading again). */
  readonly inspect?: (ini: IniDocument) => void;
}

/** Durations (ms) by run key from an earlier campaign's journal: its last successful attempts. */
export function readDurations(path: string): Map<string, number> {
  const file =
    existsSync(path) && statSync(path).isDirectory() ? join(path, 'journal.jsonl') : path;
  if (!existsSync(file))
    throw Object.assign(new Error(`no run index at ${file}`), { userFacing: true });
  const state = readJournalAt(file);
  const out = new Map<string, number>();
  for (const [key, rec] of state.runs) if (rec.status === 'ok') out.set(key, rec.wallMs);
  return out;
}

/** The plan job's plan: its figures, and its document written out piece by piece. */
export interface ShardPlan {
  readonly configs: readonly string[];
  readonly filter: string | undefined;
  readonly totalRuns: number;
  readonly shardCount: number;
  /** The plan document's JSON text (plan.json), in pieces: never held whole. */
  text(): Generator<string>;
}

export async function planShards(opts: PlanShardsOptions): Promise<ShardPlan> {
  const dir = resolve(opts.dir);
  // detection here fails a plan whose model cannot be found, before any shard starts
  const loaded = await loadCampaign(dir, opts.overrides);
  if (loaded.detected) opts.say?.(loaded.detected);
  const s = loaded.settings;
  const ini = loaded.ini;
  opts.inspect?.(ini.doc);
  if (s.run.preset === 'omnetpp') {
    const noNetwork = missingNetwork(ini, s.configs, s.run.args);
    if (noNetwork) throw noNetwork;
    // a config OMNeT++ runs none of (more than 1,000,001 runs): no shard starts
    const overLimit = overOmnetppRunLimit(ini, s.configs);
    if (overLimit) throw overLimit;
  }
  const req = {
    configs: s.configs,
    ...(s.runs !== undefined ? { filter: s.runs } : {}),
    ...(s.maxRuns !== undefined ? { maxRuns: s.maxRuns } : {}),
    overrides: { 'result-dir': s.resultsDir },
  };
  // One pass over the runs: each run's key, and its result files for the check below. A run
  // is kept as its config's index, its number and its key (a million runs: a few tens of MB).
  const runs = new CompactRuns(s.configs);
  const files = new ResultFileCheck(ini, req, { utf8Names: s.resultFiles.length > 0 });
  const plain = new Map<ConfigRuns, boolean>();
  for (const r of selectedRuns(ini, req)) {
    runs.push(r.runs.name, r.runNumber, selectedRunKey(r));
    // a run's result files are worked out for their errors (an output file option that names
    // no variable), though the check of default names does not need them, unless none can be
    let cannotFail = plain.get(r.placed);
    if (cannotFail === undefined)
      plain.set(r.placed, (cannotFail = resultFilesCannotFail(r.placed)));
    if (!cannotFail) r.resultFiles();
    files.add(r);
  }
  // a slip more often than not, as for `run`: the plan fails saying why, rather than a green
  // workflow that ran nothing
  if (runs.length === 0 && s.runs !== undefined)
    throw Object.assign(new Error(noRunsSelected(ini, s.configs, s.runs)), { userFacing: true });
  // runs that would overwrite one another's result files: the plan fails, as `run` does
  // (and names with a byte that is not UTF-8, unless no result file is expected)
  const problem = resultFileError(ini, files.result());
  if (problem) throw problem;
  const durations = opts.previousRunIndex ? readDurations(opts.previousRunIndex) : undefined;
  const shards =
    runs.length === 0
      ? (shardCount(0, opts.maxShards), [])
      : runs.shards(opts.maxShards, durations);
  const unlimited = s.run.preset === 'omnetpp' ? unlimitedConfigs(ini, s.configs, s.run.args) : [];
  const meta = {
    commit: opts.commit,
    ini: s.ini,
    configs: s.configs,
    filter: s.runs,
    ...(unlimited.length > 0 ? { noTimeLimit: unlimited } : {}),
  };
  return {
    configs: s.configs,
    filter: s.runs,
    totalRuns: runs.length,
    shardCount: shards.length,
    text: () =>
      planDocumentText(
        meta,
        runs.length,
        shards.map((sh) => ({
          index: sh.index,
          expectedMs: sh.expectedMs,
          runs: runs.tuples(sh.at),
        })),
      ),
  };
}

/** A shard of CompactRuns: its runs' places in the plan. */
interface CompactShard {
  readonly index: number;
  readonly expectedMs: number | undefined;
  readonly at: Iterable<number>;
}

/** The planned runs in run order, each as its config, run number and key. */
class CompactRuns {
  private readonly config: number[] = [];
  private readonly number: number[] = [];
  /** The keys (20 hex digits) as 10 bytes each: a million strings would take ~100 MB. */
  private keys = Buffer.alloc(KEY_BYTES * 1024);
  length = 0;

  constructor(private readonly configs: readonly string[]) {}

  push(config: string, runNumber: number, key: string): void {
    this.config.push(this.configs.indexOf(config));
    this.number.push(runNumber);
    const at = this.length * KEY_BYTES;
    if (at + KEY_BYTES > this.keys.length) {
      const more = Buffer.alloc(this.keys.length * 2);
      this.keys.copy(more);
      this.keys = more;
    }
    // a key not of 20 hex digits would not come back as it was
    if (this.keys.write(key, at, 'hex') !== KEY_BYTES || !/^[0-9a-f]{20}$/.test(key))
      throw new Error(`internal error: run key '${key}' is not 20 hex digits`);
    this.length++;
  }

  private key(i: number): string {
    return this.keys.toString('hex', i * KEY_BYTES, (i + 1) * KEY_BYTES);
  }

  /** Shards as shardByCount and shardByDuration cut them, by place in the plan. */
  shards(maxShards: number, durations: ReadonlyMap<string, number> | undefined): CompactShard[] {
    if (durations) {
      const all = Array.from({ length: this.length }, (_, i) => ({
        key: this.key(i),
        config: this.configs[this.config[i] as number] as string,
        runNumber: this.number[i] as number,
        i,
      }));
      return shardByDuration(all, maxShards, durations).map((sh) => ({
        index: sh.index,
        expectedMs: sh.expectedMs,
        at: sh.runs.map((r) => r.i),
      }));
    }
    return countSlices(this.length, maxShards).map(([from, to], index) => ({
      index,
      expectedMs: undefined,
      at: range(from, to),
    }));
  }

  *tuples(at: Iterable<number>): Generator<readonly [string, number, string]> {
    for (const i of at)
      yield [
        this.configs[this.config[i] as number] as string,
        this.number[i] as number,
        this.key(i),
      ];
  }
}

const KEY_BYTES = 10;

/** The runs [from, to) as an iterable that can be walked more than once. */
function range(from: number, to: number): Iterable<number> {
  return {
    *[Symbol.iterator]() {
      for (let i = from; i < to; i++) yield i;
    },
  };
}
