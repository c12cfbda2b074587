// Where each planned run of a campaign stands, across the campaign and the campaigns that
// resumed it: the journals are read oldest first, so a later record of a run key wins (a run
// that failed and then succeeded on resume is a success). As in the merge job, a run stopped by a
// cancelled shard ("interrupted") is missing, not failed.
import type { JournalState, RunRecord } from '../campaign/journal.js';
import type { PlanDocument } from '../plan/plan-document.js';

export interface PlannedRunRef {
  readonly config: string;
  readonly run: number;
  readonly key: string;
  readonly shard: number;
}

export interface RunAccount {
  readonly expected: number;
  readonly ok: RunRecord[];
  readonly failed: RunRecord[];
  readonly missing: PlannedRunRef[];
}

export function accountRuns(plan: PlanDocument, journals: readonly JournalState[]): RunAccount {
  const last = new Map<string, RunRecord>();
  for (const j of journals) for (const [key, rec] of j.runs) last.set(key, rec);
  const ok: RunRecord[] = [];
  const failed: RunRecord[] = [];
  const missing: PlannedRunRef[] = [];
  for (const shard of plan.shards)
    for (const [config, run, key] of shard.runs) {
      const rec = last.get(key);
      if (!rec || rec.status === 'interrupted')
        missing.push({ config, run, key, shard: shard.index });
      else if (rec.status === 'ok') ok.push(rec);
      else failed.push(rec);
    }
  return { expected: plan.totalRuns, ok, failed, missing };
}
