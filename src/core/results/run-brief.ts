// A run header as a merge keeps it for every run: its id, the attributes that order and list it
// (runs.csv, the merged files' run order) and its iteration variables. A header as read holds
// every attribute and config entry, often as slices of the text block it was parsed from (a
// 4 KB read kept alive by a run id): 10-16 KB a run, which a merge of 50,000 runs cannot keep.
// A brief one is a few hundred bytes: its strings are copies, the repeated ones (names, config
// names, values of iteration variables) shared among runs.

import type { RunInfo } from './model.js';

/** The attributes a brief header keeps (see runSortKey and runs.csv's columns). */
export const BRIEF_ATTRIBUTES: ReadonlySet<string> = new Set([
  'configname',
  'runnumber',
  'repetition',
  'iterationvars',
]);

/** Strings shared among brief headers; not grown past this many. */
const SHARED_LIMIT = 1 << 16;

/** A string that holds nothing but its own characters (not a slice of a larger one). */
const ownCopy = (s: string): string =>
  s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);

/**
 * Makes brief headers; strings seen before are shared (up to SHARED_LIMIT distinct ones, then
 * copied).
 */
export class RunBriefs {
  private readonly shared = new Map<string, string>();

  private share(s: string): string {
    const known = this.shared.get(s);
    if (known !== undefined) return known;
    const copy = ownCopy(s);
    if (this.shared.size < SHARED_LIMIT) this.shared.set(copy, copy);
    return copy;
  }

  /** The brief header of `run` (config entries dropped, other attributes too). */
  brief(run: RunInfo): RunInfo {
    const attributes = new Map<string, string>();
    for (const [k, v] of run.attributes)
      if (BRIEF_ATTRIBUTES.has(k)) attributes.set(this.share(k), this.share(v));
    const itervars = new Map<string, string>();
    for (const [k, v] of run.itervars) itervars.set(this.share(k), this.share(v));
    return { runName: ownCopy(run.runName), attributes, itervars, configEntries: [] };
  }
}

const everywhere = new RunBriefs();

/** The brief header of `run` (see RunBriefs), its repeated strings shared process-wide. */
export const briefRun = (run: RunInfo): RunInfo => everywhere.brief(run);
