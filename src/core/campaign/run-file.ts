// The run file: how a simulation that is not OMNeT++ (the demo model, any other simulator)
// learns its resolved parameters. Passed as OPP_CAMPAIGN_RUN_FILE. Same line syntax as the
// header of an OMNeT++ .sca file, so a model can copy it into its result files:
//   attr NAME VALUE     run attributes (configname, iterationvars, network, resultdir, ...)
//   itervar NAME VALUE  iteration variables, sorted by name
//   config KEY VALUE    every config entry of the run, in precedence order (first match wins)
import { parseQuotedString } from '../ini/text.js';
import type { PlannedRun } from '../plan/plan.js';
import { quoteString } from '../results/tokenizer.js';
import { STRING_OPTIONS } from './string-options.js';

/** OMNeT++'s opp_needsquotes: empty, or containing space, backslash, quote or control chars. */
export function needsQuotes(s: string): boolean {
  if (s === '') return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 127 || s[i] === '\\' || s[i] === '"') return true;
  }
  return false;
}

const field = (s: string): string => (needsQuotes(s) ? quoteString(s) : s);

/** The value as OMNeT++ records a config entry: quotes of string-typed options removed. */
export function recordedValue(key: string, value: string): string {
  if (!value.startsWith('"')) return value;
  const suffix = key.slice(key.lastIndexOf('.') + 1);
  if (!STRING_OPTIONS.has(suffix)) return value;
  try {
    return parseQuotedString(value);
  } catch {
    return value;
  }
}

export function renderRunFile(run: PlannedRun): string {
  const lines = ['# opp-campaign run file v1'];
  for (const [k, v] of Object.entries(run.attrs)) lines.push(`attr ${k} ${field(v)}`);
  const itervars = [...run.itervars].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const { name, value } of itervars) lines.push(`itervar ${name} ${field(value)}`);
  for (const e of run.entries)
    lines.push(`config ${e.key} ${field(recordedValue(e.key, e.value))}`);
  return lines.join('\n') + '\n';
}
