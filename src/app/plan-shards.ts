// The plan job: expand the campaign and spread its runs over at most N shards.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJournalAt } from '../adapters/journal-file.js';
import type { IniDocument } from '../core/ini/index.js';
import { missingNetwork } from '../core/plan/network.js';
import { noRunsSelected } from '../core/plan/no-match.js';
import { overOmnetppRunLimit } from '../core/plan/omnetpp-run-limit.js';
import { refuseResultFileClash } from '../core/plan/result-clash.js';
import { planRuns } from '../core/plan/plan.js';
import { toPlanDocument, type PlanDocument } from '../core/plan/plan-document.js';
import { unlimitedConfigs } from '../core/plan/time-limit.js';
import { shardByCount, shardByDuration, type ShardableRun } from '../core/plan/shard.js';
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

export async function planShards(opts: PlanShardsOptions): Promise<PlanDocument> {
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
  const runs: ShardableRun[] = [];
  for (const r of planRuns(ini, {
    configs: s.configs,
    ...(s.runs !== undefined ? { filter: s.runs } : {}),
    ...(s.maxRuns !== undefined ? { maxRuns: s.maxRuns } : {}),
  }))
    runs.push({ key: r.key, config: r.config, runNumber: r.runNumber });
  // a slip more often than not, as for `run`: the plan fails saying why, rather than a green
  // workflow that ran nothing
  if (runs.length === 0 && s.runs !== undefined)
    throw Object.assign(new Error(noRunsSelected(ini, s.configs, s.runs)), { userFacing: true });
  // runs that would overwrite one another's result files: the plan fails, as `run` does
  refuseResultFileClash(ini, {
    configs: s.configs,
    ...(s.runs !== undefined ? { filter: s.runs } : {}),
    ...(s.maxRuns !== undefined ? { maxRuns: s.maxRuns } : {}),
    overrides: { 'result-dir': s.resultsDir },
  });
  const durations = opts.previousRunIndex ? readDurations(opts.previousRunIndex) : undefined;
  const shards = durations
    ? shardByDuration(runs, opts.maxShards, durations)
    : shardByCount(runs, opts.maxShards);
  const unlimited = s.run.preset === 'omnetpp' ? unlimitedConfigs(ini, s.configs, s.run.args) : [];
  return toPlanDocument(
    {
      commit: opts.commit,
      ini: s.ini,
      configs: s.configs,
      filter: s.runs,
      ...(unlimited.length > 0 ? { noTimeLimit: unlimited } : {}),
    },
    runs.length === 0 ? [] : shards,
  );
}
