// The command that runs one run of a GitHub campaign again from a clone of the repository. The
// shard's own reproduce command (in its journal) names the runner's folders and a run file no
// artifact holds: on an ephemeral runner they are gone when the summary is read.
import { shellQuote } from './command.js';

/** Where a campaign on GitHub ran, as a clone of the repository has it. */
export interface RerunFrom {
  /** The project folder relative to the repository's top ('.' at the top). */
  readonly projectDir: string;
  /** The campaign's ini files (the plan's), relative to the project folder. */
  readonly ini: readonly string[];
  /** The commit the campaign ran (GITHUB_SHA). */
  readonly commit: string | undefined;
}

/**
 * `opp-campaign run DIR -f INI... -c CONFIG -r N`, run from the repository's top: the campaign
 * file there gives the run the same build and arguments as the shard's. The ini files are
 * named always: an action's `ini` input may have overridden the campaign file's.
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
    ],
  });
}
