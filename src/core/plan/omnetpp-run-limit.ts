// OMNeT++ 6.1 counts a config's runs before it sets up any one of them (Scenario::getNumRuns),
// and gives up past 1,000,001: every run of a larger config fails with "Could not compute
// number of runs in config NAME: Are you sure you want to generate more than one million
// runs?", whatever its run number and however few runs a filter selects. A campaign of such a
// config would build, then fail each of its runs: it is refused at the plan, at the config's
// heading. Only where the program is OMNeT++ (the omnetpp preset): `plan` counts past the limit
// on purpose, and a `command` preset's program need not be OMNeT++.
import { IniError } from '../ini/errors.js';
import type { IniConfig } from '../ini/config.js';

/** The most runs a config may have for OMNeT++ 6.1 to run any of them. */
export const OMNETPP_MAX_RUNS = 1_000_001;

/**
 * The error for the first of `configs` with more runs than OMNeT++ runs, if any. `countTo`: how
 * far to count (at least OMNETPP_MAX_RUNS), for a count that serves a larger limit afterwards.
 */
export function overOmnetppRunLimit(
  ini: IniConfig,
  configs: readonly string[],
  countTo = OMNETPP_MAX_RUNS,
): IniError | undefined {
  for (const name of configs) {
    const n = ini.config(name).count(Math.max(countTo, OMNETPP_MAX_RUNS));
    if (n <= OMNETPP_MAX_RUNS) continue;
    const section = ini.doc.sections.find((s) => s.name === name);
    const count = Number.isFinite(n) ? `${n} runs` : `more than ${OMNETPP_MAX_RUNS} runs`;
    return new IniError(
      `config ${name} has ${count}: OMNeT++ 6.1 runs no run of a config of more than ${OMNETPP_MAX_RUNS} ` +
        `(each stops with "Are you sure you want to generate more than one million runs?", whatever its run number). ` +
        `Split its runs over configs of at most ${OMNETPP_MAX_RUNS} runs: move a variable out of it into configs that extend it, each with a part of that variable's values, and run them together (-c A -c B)`,
      section ? { file: section.file, line: section.line } : undefined,
    );
  }
  return undefined;
}
