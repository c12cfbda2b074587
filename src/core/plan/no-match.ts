// A run filter that selects no run at all is most often a slip (`$numHosts==99` where the
// values are 10, 15 and 20): opp_run prints an empty run list and opp_runall runs nothing with
// exit status 0. Said before anything is built, with the values each iteration variable takes.
import type { IniConfig } from '../ini/config.js';

/** Values of a variable listed in the message, at most. */
const MAX_VALUES = 12;

/**
 * The message for a filter that selects none of the runs of `configs`: their run counts and
 * the values of their iteration variables (as `-q runs` shows them, in run order).
 */
export function noRunsSelected(ini: IniConfig, configs: readonly string[], filter: string): string {
  const parts = configs.map((name) => {
    const values = new Map<string, string[]>();
    let count = 0;
    for (const r of ini.config(name).runs()) {
      count++;
      for (const [variable, value] of iterationValues(r.info)) {
        const seen = values.get(variable) ?? [];
        if (!seen.includes(value) && seen.length <= MAX_VALUES) seen.push(value);
        values.set(variable, seen);
      }
    }
    const vars = [...values]
      .filter(([variable]) => variable !== 'repetition')
      .map(([variable, vs]) => {
        const shown = vs.slice(0, MAX_VALUES).join(', ');
        return `$${variable} = ${shown}${vs.length > MAX_VALUES ? ', ...' : ''}`;
      });
    return `${name} has ${count} run(s)${vars.length > 0 ? ` (${vars.join('; ')})` : ''}`;
  });
  return `the run filter ${JSON.stringify(filter)} selects no run: ${parts.join('; ')}`;
}

/** `$x=1, $y=a, b, $0=2, $repetition=0` (a run's info line; `$0` an unnamed variable) as pairs. */
function iterationValues(info: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // each pair starts with `$name=` at the start or after ", " (a value may hold ", " itself)
  const starts = [...info.matchAll(/(?:^|, )\$([A-Za-z0-9_]+)=/g)];
  starts.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const next = starts[i + 1];
    const to = next === undefined ? info.length : (next.index ?? info.length);
    out.push([m[1] ?? '', info.slice(from, to)]);
  });
  return out;
}
