// Runs of other configs that a campaign of some configs leaves in its dataset: merged with its
// own, they were made with another build when the model changed since (a campaign runs its own
// configs' runs again, not theirs). Said, with the configs to run again, so that a dataset of two
// builds is not taken for one.

/** What a run record or a report's run facts tell of it. */
export interface RunOfBuild {
  readonly config: string;
  readonly status: string;
  readonly build?: string | undefined;
}

export interface OtherBuildRuns {
  /** How many succeeded runs of other configs have another build. */
  readonly runs: number;
  /** Their configs, in the order first met. */
  readonly configs: readonly string[];
}

/**
 * The succeeded runs of configs other than `configs` whose build is not `build` (nor, when
 * given, `alsoCurrent`: an id the same build had before); undefined when there is none. A run
 * with no build recorded is not counted.
 */
export function otherBuildRuns(
  runs: Iterable<RunOfBuild>,
  configs: readonly string[],
  build: string,
  alsoCurrent?: (id: string) => boolean,
): OtherBuildRuns | undefined {
  const own = new Set(configs);
  let count = 0;
  const of = new Set<string>();
  for (const r of runs) {
    if (r.status !== 'ok' || own.has(r.config) || r.build === undefined || r.build === build)
      continue;
    if (alsoCurrent?.(r.build) === true) continue;
    count++;
    of.add(r.config);
  }
  return count === 0 ? undefined : { runs: count, configs: [...of] };
}

/** `-c A -c B`: the option that runs them again. */
export const configOptions = (configs: readonly string[]): string =>
  configs.map((c) => `-c ${/^[\w.-]+$/.test(c) ? c : `'${c.replace(/'/g, `'\\''`)}'`}`).join(' ');
