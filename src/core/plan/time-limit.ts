// A config with no sim-time-limit whose model never stops by itself runs until OMNeT++'s
// simulation time overflows ("simtime_t: overflow adding ..."), seconds to hours later: the
// queuenet sample's TandemFifos and CQN, tictoc's first steps. The IDE's user stops such a run by
// hand; a campaign's user is told what to set.
import { unquote } from '../ini/text.js';
import type { IniConfig } from '../ini/config.js';

/** OMNeT++'s words when simulation time overflows. */
const OVERFLOW = /simtime_t: overflow/;

/**
 * The configs of `failed` runs that stopped because simulation time overflowed and that set no
 * sim-time-limit (their own or inherited, nor `--sim-time-limit=` among `runArgs`), in the order
 * first seen.
 */
export function overflowedWithoutLimit(
  ini: IniConfig,
  failed: ReadonlyArray<{ readonly config: string; readonly message: string }>,
  runArgs: readonly string[],
): string[] {
  if (runArgs.some((a) => a.startsWith('--sim-time-limit='))) return [];
  // each config looked up once, however many of its runs overflowed
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of failed) {
    if (seen.has(f.config) || !OVERFLOW.test(f.message)) continue;
    seen.add(f.config);
    const limit = unquote(ini.config(f.config).lookup('sim-time-limit')?.value ?? '').trim();
    if (limit === '') out.push(f.config);
  }
  return out;
}
