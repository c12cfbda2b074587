// The plan artifact: what the plan job decided, read by every shard and by the merge job.
import type { Shard, ShardableRun } from './shard.js';
import { isCommitId } from '../campaign/rerun.js';

export const PLAN_VERSION = 1;

export interface PlanDocument {
  readonly version: typeof PLAN_VERSION;
  readonly commit: string | undefined;
  readonly ini: readonly string[];
  readonly configs: readonly string[];
  readonly filter: string | undefined;
  readonly totalRuns: number;
  /**
   * The configs that set no sim-time-limit (OMNeT++ models only): the merge job, which has no
   * ini, tells the user of one whose runs overflowed simulation time what to set.
   */
  readonly noTimeLimit?: readonly string[];
  readonly shards: readonly {
    readonly index: number;
    readonly expectedMs: number | undefined;
    /** [config, run number, key] per run, compact: a plan can hold a million runs. */
    readonly runs: readonly (readonly [string, number, string])[];
  }[];
}

export function toPlanDocument(
  meta: Omit<PlanDocument, 'version' | 'shards' | 'totalRuns'>,
  shards: readonly Shard<ShardableRun>[],
): PlanDocument {
  return {
    version: PLAN_VERSION,
    ...meta,
    totalRuns: shards.reduce((n, s) => n + s.runs.length, 0),
    shards: shards.map((s) => ({
      index: s.index,
      expectedMs: s.expectedMs,
      runs: s.runs.map((r) => [r.config, r.runNumber, r.key] as const),
    })),
  };
}

/**
 * The plan document's JSON text (JSON.stringify of toPlanDocument's document, byte for byte) in
 * pieces, a shard's runs at a time: a plan of a million runs is written without being held.
 */
export function* planDocumentText(
  meta: Omit<PlanDocument, 'version' | 'shards' | 'totalRuns'>,
  totalRuns: number,
  shards: Iterable<{
    readonly index: number;
    readonly expectedMs: number | undefined;
    readonly runs: Iterable<readonly [string, number, string]>;
  }>,
): Generator<string> {
  const head = JSON.stringify({ version: PLAN_VERSION, ...meta, totalRuns });
  yield head.slice(0, -1) + ',"shards":[';
  let firstShard = true;
  for (const s of shards) {
    const open = JSON.stringify({ index: s.index, expectedMs: s.expectedMs, runs: [] });
    let text = (firstShard ? '' : ',') + open.slice(0, -2);
    firstShard = false;
    let first = true;
    for (const run of s.runs) {
      text += (first ? '' : ',') + JSON.stringify(run);
      first = false;
      if (text.length >= 1 << 16) {
        yield text;
        text = '';
      }
    }
    yield text + ']}';
  }
  yield ']}';
}

export class PlanFormatError extends Error {
  readonly userFacing = true;
}

export function parsePlanDocument(text: string, source: string): PlanDocument {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new PlanFormatError(`${source}: not a campaign plan (${(e as Error).message})`);
  }
  const p = v as Partial<PlanDocument>;
  if (typeof v !== 'object' || v === null || p.version !== PLAN_VERSION || !Array.isArray(p.shards))
    throw new PlanFormatError(`${source}: not a version ${PLAN_VERSION} campaign plan`);
  // an artifact's plan is untrusted: its commit goes into summaries as `git checkout COMMIT`
  // and into the commands users paste, so one that is no commit is bad input ('' is none: a
  // plan job without GITHUB_SHA)
  const commit: unknown = p.commit;
  if (
    commit !== undefined &&
    commit !== null &&
    commit !== '' &&
    !(typeof commit === 'string' && isCommitId(commit))
  ) {
    const shown = typeof commit === 'string' ? commit : JSON.stringify(commit);
    throw new PlanFormatError(
      `${source}: commit ${JSON.stringify(shown.length > 80 ? `${shown.slice(0, 80)}…` : shown)} is not a commit (7 to 64 hex digits)`,
    );
  }
  return v as PlanDocument;
}
