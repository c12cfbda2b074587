// The run filter that selects exactly the runs to redo. The campaign workflow takes configs and
// one filter (`-r`) that applies to every config (src/core/ini/run-filter.ts): a run-number list
// is checked against each config's run count, so it can only serve one config. Several configs
// get an expression over the predefined variables instead; `$configname` is substituted as text
// before the expression is parsed (as OMNeT++ does), hence the quotes around it:
//
//   "$configname" == "A" && ($runnumber == 7 || $runnumber >= 0 && $runnumber <= 3) || ...
//
// One campaign, one results artifact, one dispatch.

export interface RunToRedo {
  readonly config: string;
  readonly run: number;
}

export interface ResumeSelection {
  readonly configs: string[];
  readonly filter: string;
}

/** GitHub's limit for all inputs of one dispatch together. */
export const MAX_INPUTS_LENGTH = 65_535;

export class ResumeFilterError extends Error {
  readonly userFacing = true;
}

export function resumeSelection(runs: readonly RunToRedo[]): ResumeSelection {
  const byConfig = new Map<string, number[]>();
  for (const r of runs) {
    const list = byConfig.get(r.config) ?? [];
    list.push(r.run);
    byConfig.set(r.config, list);
  }
  const configs = [...byConfig.keys()].sort();
  if (configs.length === 0) throw new ResumeFilterError('there are no runs to redo');
  if (configs.length === 1) return { configs, filter: runNumberList(byConfig.get(configs[0]!)!) };
  const terms = configs.map((c) => {
    if (/["\\,]/.test(c))
      throw new ResumeFilterError(
        `config '${c}' has a quote, backslash or comma in its name: resume one config at a time`,
      );
    return `"$configname" == "${c}" && (${runNumberExpression(byConfig.get(c)!)})`;
  });
  return { configs, filter: terms.join(' || ') };
}

/** Sorted, unique ranges of the numbers: [[0,3],[7,7]]. */
export function ranges(numbers: readonly number[]): [number, number][] {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** `0..3,7`: OMNeT++'s run-number list syntax. */
export function runNumberList(numbers: readonly number[]): string {
  return ranges(numbers)
    .map(([a, b]) => (a === b ? String(a) : b === a + 1 ? `${a},${b}` : `${a}..${b}`))
    .join(',');
}

function runNumberExpression(numbers: readonly number[]): string {
  return ranges(numbers)
    .map(([a, b]) => (a === b ? `$runnumber == ${a}` : `$runnumber >= ${a} && $runnumber <= ${b}`))
    .join(' || ');
}
