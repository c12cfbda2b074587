// The progress of a campaign on GitHub Actions, from its jobs (plan, `shard (K)` matrix jobs,
// merge) and the plan's shard sizes: shards queued, running, done and failed, runs finished out
// of the total, elapsed time and an ETA. Pure: the time is passed in.
//
// Runs finish shard by shard as far as the API can tell (a job reports when it ends, not per
// run), so the ETA is built from finished shards: their time per run, applied to what the
// running shards still have to do, then to the queued shards as runner slots free up.

export interface JobState {
  readonly name: string;
  /** queued, in_progress, completed, waiting, requested, pending */
  readonly status: string;
  readonly conclusion: string | null;
  readonly startedAtMs: number | undefined;
  readonly completedAtMs: number | undefined;
}

export interface ShardCounts {
  readonly total: number | undefined;
  readonly queued: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
}

export type Phase = 'queued' | 'planning' | 'running' | 'merging' | 'completed';

export interface CampaignProgress {
  readonly phase: Phase;
  readonly shards: ShardCounts;
  /** Runs of finished shards and the plan's total; undefined until the plan is known. */
  readonly runs: { readonly finished: number; readonly total: number } | undefined;
  readonly elapsedMs: number;
  readonly etaMs: number | undefined;
}

export interface ProgressInput {
  readonly runStatus: string;
  readonly runStartedAtMs: number;
  readonly jobs: readonly JobState[];
  /** Runs per shard index, from the plan artifact; undefined until it has been read. */
  readonly shardRuns: readonly number[] | undefined;
  readonly nowMs: number;
}

/** The matrix job `shard (3)`, also when the workflow is called from another: `caller / shard (3)`. */
export function shardIndexOf(jobName: string): number | undefined {
  const m = /(?:^|\/ )shard \((\d+)\)$/.exec(jobName);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** The job named `name` (also as `caller / name`). */
export function jobNamed(jobs: readonly JobState[], name: string): JobState | undefined {
  return jobs.find((j) => j.name === name || j.name.endsWith(` / ${name}`));
}

const FAILED = new Set(['failure', 'cancelled', 'timed_out', 'startup_failure', 'stale']);

export function campaignProgress(p: ProgressInput): CampaignProgress {
  const shardJobs = p.jobs
    .map((j) => ({ job: j, index: shardIndexOf(j.name) }))
    .filter((s): s is { job: JobState; index: number } => s.index !== undefined);
  let queued = 0;
  let running = 0;
  let done = 0;
  let failed = 0;
  let finishedRuns = 0;
  for (const { job, index } of shardJobs) {
    if (job.status === 'completed') {
      if (job.conclusion !== null && FAILED.has(job.conclusion)) failed++;
      else done++;
      finishedRuns += p.shardRuns?.[index] ?? 0;
    } else if (job.status === 'in_progress') running++;
    else queued++;
  }
  const total = p.shardRuns?.length ?? (shardJobs.length > 0 ? shardJobs.length : undefined);
  // shards the matrix has not created yet are queued too
  if (total !== undefined && shardJobs.length < total) queued += total - shardJobs.length;
  const runs =
    p.shardRuns === undefined
      ? undefined
      : { finished: finishedRuns, total: p.shardRuns.reduce((a, b) => a + b, 0) };
  return {
    phase: phaseOf(p),
    shards: { total, queued, running, done, failed },
    runs,
    elapsedMs: Math.max(0, p.nowMs - p.runStartedAtMs),
    etaMs: p.runStatus === 'completed' ? 0 : eta(shardJobs, p.shardRuns, p.nowMs),
  };
}

function phaseOf(p: ProgressInput): Phase {
  if (p.runStatus === 'completed') return 'completed';
  const merge = jobNamed(p.jobs, 'merge');
  if (merge && merge.status !== 'queued' && merge.status !== 'waiting') return 'merging';
  if (p.jobs.some((j) => shardIndexOf(j.name) !== undefined)) return 'running';
  const plan = jobNamed(p.jobs, 'plan');
  return plan && plan.status === 'in_progress' ? 'planning' : p.jobs.length ? 'running' : 'queued';
}

/** Time still needed, from the time per run that finished shards took; undefined before any. */
function eta(
  shards: readonly { job: JobState; index: number }[],
  shardRuns: readonly number[] | undefined,
  now: number,
): number | undefined {
  const size = (i: number): number => shardRuns?.[i] ?? 0;
  let ms = 0;
  let runs = 0;
  for (const { job, index } of shards)
    if (
      job.status === 'completed' &&
      job.startedAtMs !== undefined &&
      job.completedAtMs !== undefined
    ) {
      ms += job.completedAtMs - job.startedAtMs;
      runs += size(index);
    }
  if (runs === 0) return undefined;
  const perRun = ms / runs;
  const active = shards.filter((s) => s.job.status === 'in_progress');
  // queued: jobs not started yet, and shards of the plan the matrix has not created yet
  const created = new Set(shards.map((s) => s.index));
  const waiting = [
    ...shards
      .filter((s) => s.job.status !== 'in_progress' && s.job.status !== 'completed')
      .map((s) => s.index),
    ...(shardRuns ?? []).map((_, i) => i).filter((i) => !created.has(i)),
  ];
  // each running shard holds a runner slot until its expected end; queued shards take the
  // earliest free slot (at least one slot, the one a finished shard had)
  const slots = active.map((s) =>
    Math.max(0, (s.job.startedAtMs ?? now) + size(s.index) * perRun - now),
  );
  if (slots.length === 0) slots.push(0);
  for (const i of waiting) {
    slots.sort((a, b) => a - b);
    slots[0] = slots[0]! + size(i) * perRun;
  }
  return Math.round(Math.max(...slots));
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** `running | shards 2 queued, 3 running, 10 done, 1 failed of 16 | runs 650/1000 | 12:03 elapsed | ETA 4:10` */
export function formatProgress(p: CampaignProgress): string {
  const s = p.shards;
  const parts: string[] = [p.phase];
  if (s.total !== undefined)
    parts.push(
      `shards ${s.queued} queued, ${s.running} running, ${s.done} done, ${s.failed} failed of ${s.total}`,
    );
  if (p.runs) parts.push(`runs ${p.runs.finished}/${p.runs.total}`);
  parts.push(`${formatDuration(p.elapsedMs)} elapsed`);
  if (p.phase !== 'completed')
    parts.push(`ETA ${p.etaMs === undefined ? '?' : formatDuration(p.etaMs)}`);
  return parts.join(' | ');
}
