// A shard that finds no published build for its fingerprint either waits for the job that is
// building it or builds itself, whichever should finish first. Each building job leaves a
// marker (when it started, how long its last build of the project took); each runner knows how
// long its own last build took (its ccache may make it much faster than a cold build).
//
// The rule, with E = the builder's expected time (its marker's, else ours), D = its start + E:
//   1. a marker, E known:   wait until D + grace, unless our own build (when we know its time)
//                           would be done by D anyway; past D + grace the builder is presumed
//                           gone and we build.
//   2. a marker, E unknown: build (nobody can say how long waiting would take).
//   3. no marker, but the plan has a `build` job: wait up to BUILD_JOB_START_MS for it to
//      start (its marker) or publish; then build.
//   4. nobody is building: build.

export interface BuildMarker {
  readonly job: string;
  readonly startedMs: number;
  /** The builder's last build time of this project on its runner, when it had one. */
  readonly expectedMs: number | undefined;
}

export interface WaitFacts {
  readonly nowMs: number;
  /** When this shard began looking for the build. */
  readonly lookingSinceMs: number;
  readonly markers: readonly BuildMarker[];
  readonly buildJobDeclared: boolean;
  /** This runner's last build time of the project, when known. */
  readonly ownEstimateMs: number | undefined;
}

export type WaitDecision =
  | { readonly action: 'build'; readonly reason: string }
  | { readonly action: 'wait'; readonly untilMs: number; readonly reason: string };

/** How long a declared build job may take to show up before shards stop waiting for it. */
export const BUILD_JOB_START_MS = 120_000;

/** Slack past a builder's expected end before it is presumed gone. */
export const graceMs = (expectedMs: number): number => Math.max(30_000, expectedMs / 4);

const s = (ms: number): string => `${Math.round(ms / 1000)}s`;

export function decideMissingBuild(f: WaitFacts): WaitDecision {
  const own = f.ownEstimateMs;
  const timed = f.markers
    .map((m) => ({ m, expected: m.expectedMs ?? own }))
    .filter((x): x is { m: BuildMarker; expected: number } => x.expected !== undefined)
    .map((x) => ({ ...x, doneMs: x.m.startedMs + x.expected }))
    .sort((a, b) => a.doneMs - b.doneMs);
  const best = timed[0];
  if (best) {
    const deadline = best.doneMs + graceMs(best.expected);
    if (f.nowMs >= deadline)
      return {
        action: 'build',
        reason: `the build by ${best.m.job} is overdue (expected ${s(best.expected)}, started ${s(f.nowMs - best.m.startedMs)} ago)`,
      };
    const remaining = Math.max(0, best.doneMs - f.nowMs);
    if (own !== undefined && own < remaining)
      return {
        action: 'build',
        reason: `building here (~${s(own)}) is faster than waiting for ${best.m.job} (~${s(remaining)})`,
      };
    return {
      action: 'wait',
      untilMs: deadline,
      reason: `waiting for ${best.m.job}, which should finish in ~${s(remaining)}${own === undefined ? '' : ` (building here: ~${s(own)})`}`,
    };
  }
  if (f.markers.length > 0)
    return {
      action: 'build',
      reason: 'a build is in progress, but nobody knows how long it takes',
    };
  if (f.buildJobDeclared && f.nowMs < f.lookingSinceMs + BUILD_JOB_START_MS)
    return {
      action: 'wait',
      untilMs: f.lookingSinceMs + BUILD_JOB_START_MS,
      reason: 'waiting for the build job to start',
    };
  return {
    action: 'build',
    reason: f.buildJobDeclared
      ? 'the build job published nothing and is not building'
      : 'no build published and none in progress',
  };
}
