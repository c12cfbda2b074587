// The command that runs one run of a GitHub campaign again from a clone of the repository. The
// shard's own reproduce command (in its journal) names the runner's folders and a run file no
// artifact holds: on an ephemeral runner they are gone when the summary is read.
import { parseJsonObject } from '../json-object.js';
import { shellQuote } from './command.js';

/** Where a campaign on GitHub ran, as a clone of the repository has it. */
export interface RerunFrom {
  /** The project folder relative to the repository's top ('.' at the top). */
  readonly projectDir: string;
  /** The campaign's ini files (the plan's), relative to the project folder. */
  readonly ini: readonly string[];
  /** The commit the campaign ran (GITHUB_SHA). */
  readonly commit: string | undefined;
  /**
   * The action's `timeout` and `retries` inputs, only where they were given and differ from the
   * campaign file's (which the clone reads anyway): `--timeout` and `--retries` of the command.
   */
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/**
 * Where the shards' and the merge job's RerunFrom is kept in their artifacts (JSON), so that the
 * merge job learns the shards' inputs and `opp-campaign fetch` what the merge job knew.
 */
export const RERUN_FILE = '.opp-campaign/rerun.json';

/**
 * The action's `timeout` and `retries` inputs that the command must name: those given that
 * differ from the campaign file's (`file`: what `opp-campaign run` in a clone would use).
 */
export function rerunOverrides(
  inputs: { readonly timeoutMs: number | undefined; readonly retries: number | undefined },
  file: { readonly timeoutMs: number | undefined; readonly retries: number },
): Pick<RerunFrom, 'timeoutMs' | 'retries'> {
  return {
    ...(inputs.timeoutMs !== undefined && inputs.timeoutMs !== file.timeoutMs
      ? { timeoutMs: inputs.timeoutMs }
      : {}),
    ...(inputs.retries !== undefined && inputs.retries !== file.retries
      ? { retries: inputs.retries }
      : {}),
  };
}

/**
 * `opp-campaign run DIR -f INI... -c CONFIG -r N [--timeout DUR] [--retries N]`, run from the
 * repository's top: the campaign file there gives the run the same build and arguments as the
 * shard's. The ini files are named always: an action's `ini` input may have overridden the
 * campaign file's.
 */
export function rerunCommand(from: RerunFrom, config: string, run: number): string {
  return shellQuote({
    command: 'opp-campaign',
    args: [
      'run',
      from.projectDir,
      ...from.ini.flatMap((f) => ['-f', f]),
      '-c',
      config,
      '-r',
      String(run),
      ...(from.timeoutMs !== undefined ? ['--timeout', durationArg(from.timeoutMs)] : []),
      ...(from.retries !== undefined ? ['--retries', String(from.retries)] : []),
    ],
  });
}

/** Milliseconds as `--timeout` reads them: `2h`, `10m`, `90s`, `1500ms`. */
export function durationArg(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** RERUN_FILE of an artifact that names no commit as a commit (7 to 64 hex digits). */
export class RerunFileError extends Error {
  readonly userFacing = true;
}

/** A commit as `git checkout` takes it, and nothing else: 7 to 64 hex digits (SHA-1 or SHA-256). */
export const isCommitId = (s: string): boolean => /^[0-9a-f]{7,64}$/i.test(s);

/**
 * A RerunFrom read back from RERUN_FILE (`source`: its name in messages); undefined for another
 * shape (an earlier version's). An artifact's file is untrusted: its commit is printed for users
 * to paste (`git checkout COMMIT`), so one that is no commit is bad input (RerunFileError).
 */
export function parseRerun(text: string, source: string): RerunFrom | undefined {
  const r = parseJsonObject(text);
  if (r === undefined) return undefined;
  const commit = r['commit'];
  // ('' is none: a job without GITHUB_SHA)
  if (typeof commit === 'string' && commit !== '' && !isCommitId(commit))
    throw new RerunFileError(
      `${source}: commit ${JSON.stringify(commit.length > 80 ? `${commit.slice(0, 80)}…` : commit)} is not a commit (7 to 64 hex digits)`,
    );
  const count = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0;
  if (
    typeof r['projectDir'] !== 'string' ||
    !Array.isArray(r['ini']) ||
    !r['ini'].every((f) => typeof f === 'string') ||
    !(r['commit'] === undefined || typeof r['commit'] === 'string') ||
    !(r['timeoutMs'] === undefined || (typeof r['timeoutMs'] === 'number' && r['timeoutMs'] > 0)) ||
    !(r['retries'] === undefined || count(r['retries']))
  )
    return undefined;
  return {
    projectDir: r['projectDir'],
    ini: r['ini'],
    commit: r['commit'],
    ...(r['timeoutMs'] !== undefined ? { timeoutMs: r['timeoutMs'] } : {}),
    ...(r['retries'] !== undefined ? { retries: r['retries'] as number } : {}),
  };
}
