// A config with no sim-time-limit whose model never stops by itself runs until OMNeT++'s
// simulation time overflows ("simtime_t: overflow adding ..."), seconds to hours later: the
// queuenet sample's TandemFifos and CQN, tictoc's first steps. The IDE's user stops such a run by
// hand; a campaign's user is told what to set: at the end of a local campaign, and in the merge
// job's summary (the plan job, which has the ini, records which configs set no limit).
import { unquote } from '../ini/text.js';
import type { IniConfig } from '../ini/config.js';

/** OMNeT++'s words when simulation time overflows. */
const OVERFLOW = /simtime_t: overflow/;

/**
 * Those of `configs` that set no sim-time-limit (their own or inherited, nor
 * `--sim-time-limit=` among `runArgs`).
 */
export function unlimitedConfigs(
  ini: IniConfig,
  configs: readonly string[],
  runArgs: readonly string[],
): string[] {
  if (runArgs.some((a) => a.startsWith('--sim-time-limit='))) return [];
  return configs.filter(
    (c) => unquote(ini.config(c).lookup('sim-time-limit')?.value ?? '').trim() === '',
  );
}

/**
 * The configs among `unlimited` of `failed` runs that stopped because simulation time
 * overflowed, in the order first seen.
 */
export function overflowedConfigs(
  failed: ReadonlyArray<{ readonly config: string; readonly message?: string }>,
  unlimited: readonly string[],
): string[] {
  const out: string[] = [];
  for (const f of failed)
    if (!out.includes(f.config) && unlimited.includes(f.config) && OVERFLOW.test(f.message ?? ''))
      out.push(f.config);
  return out;
}

/**
 * The configs of `failed` runs that stopped because simulation time overflowed and that set no
 * sim-time-limit (see unlimitedConfigs), in the order first seen.
 */
export function overflowedWithoutLimit(
  ini: IniConfig,
  failed: ReadonlyArray<{ readonly config: string; readonly message?: string }>,
  runArgs: readonly string[],
): string[] {
  // only the configs that overflowed are looked up (a plan of many configs: each built anew)
  const overflowed = overflowedConfigs(
    failed,
    failed.map((f) => f.config),
  );
  return unlimitedConfigs(ini, overflowed, runArgs);
}

/**
 * What to tell the user of such configs (one sentence for them all); `everyRun`: how to give
 * every run a limit there.
 */
export function timeLimitHint(configs: readonly string[], everyRun: string): string {
  const one = configs.length === 1;
  const names = one
    ? configs[0]
    : `${configs.slice(0, -1).join(', ')} and ${configs[configs.length - 1]}`;
  return one
    ? `Config ${names} sets no sim-time-limit, and its runs went on until simulation time overflowed: set one in its section, or give one to every run, e.g. ${everyRun}`
    : `Configs ${names} set no sim-time-limit, and their runs went on until simulation time overflowed: set one in their sections, or give one to every run, e.g. ${everyRun}`;
}
