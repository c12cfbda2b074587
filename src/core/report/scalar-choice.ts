// Which scalars the report charts: the campaign file's `report.scalars` ("module pattern:scalar
// name", e.g. "**.server:channelUtilization:last"), or by default a few that every run (of a config) has.

import { PatternMatcher } from '../expr/index.js';
import { closestNames } from '../ini/closest-name.js';
import { compareNames, type ScalarResult } from '../results/index.js';

export const MAX_DEFAULT_SCALARS = 4;

export interface ScalarChoice {
  /** As written, or `module:name` for a default choice. */
  readonly label: string;
  readonly name: string;
  readonly matchesModule: (module: string) => boolean;
}

export class ScalarSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScalarSpecError';
  }
}

/**
 * "module pattern:scalar name". Module names cannot hold a colon and scalar names often do
 * (`channelUtilization:last`), so the first colon separates them. The pattern has OMNeT++'s
 * syntax (`*` within a name, `**` across dots, `{0..3}`, `[*]`).
 */
export function parseScalarSpec(text: string): ScalarChoice {
  const colon = text.indexOf(':');
  const module = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (colon < 0 || module === '' || name === '')
    throw new ScalarSpecError(
      `'${text}' is not "module pattern:scalar name" (e.g. "**.server:channelUtilization:last")`,
    );
  let matcher: PatternMatcher;
  try {
    matcher = new PatternMatcher(module);
  } catch (e) {
    throw new ScalarSpecError(
      `'${text}': bad module pattern (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return { label: text, name, matchesModule: (m) => matcher.matches(m) };
}

/**
 * The value of a choice in one run: the scalar of that name in the matching module, or the mean
 * over the matching modules when the pattern matches several. Undefined when none matches.
 */
export function runValue(
  choice: ScalarChoice,
  scalars: readonly ScalarResult[],
): number | undefined {
  let sum = 0;
  let n = 0;
  for (const s of scalars)
    if (s.name === choice.name && choice.matchesModule(s.module)) {
      sum += s.value;
      n++;
    }
  return n === 0 ? undefined : sum / n;
}

/** Suggestions past which a "did you mean" names no more. */
const MAX_NEAR = 3;

/**
 * What a chosen scalar no run has was likely meant to be (`**.sink:lifetime:mean` for
 * `**.sink:lifeTime:mean`): the names the modules of its pattern recorded that differ only in
 * case or in a few letters, with the pattern as written; failing that, the recorded
 * (module, name) pairs whose module matches the pattern when case is ignored and whose name is
 * the same or close. At most three, empty when nothing is close.
 */
export function nearScalars(
  choice: ScalarChoice,
  runs: ReadonlyArray<readonly ScalarResult[]>,
): string[] {
  const pattern = choice.label.slice(0, choice.label.length - choice.name.length - 1);
  // (each module matched once: a campaign's runs repeat the same few modules)
  const matched = new Map<string, boolean>();
  const names = new Set<string>();
  for (const scalars of runs)
    for (const s of scalars) {
      let m = matched.get(s.module);
      if (m === undefined) matched.set(s.module, (m = choice.matchesModule(s.module)));
      if (m) names.add(s.name);
    }
  const near = closestNames(choice.name, [...names].sort(compareNames));
  if (near.length > 0) return near.slice(0, MAX_NEAR).map((n) => `${pattern}:${n}`);
  let loose: PatternMatcher;
  try {
    loose = new PatternMatcher(pattern.toLowerCase());
  } catch {
    return [];
  }
  const pairs = new Set<string>();
  const modules = new Map<string, boolean>();
  for (const scalars of runs)
    for (const s of scalars) {
      let m = modules.get(s.module);
      if (m === undefined) modules.set(s.module, (m = loose.matches(s.module.toLowerCase())));
      if (m) pairs.add(`${s.module}:${s.name}`);
    }
  const sorted = [...pairs].sort(compareNames);
  const closeNames = new Set(
    closestNames(
      choice.name,
      sorted.map((p) => p.slice(p.indexOf(':') + 1)),
    ),
  );
  return sorted.filter((p) => closeNames.has(p.slice(p.indexOf(':') + 1))).slice(0, MAX_NEAR);
}

/** Adds the units (`attr unit`, '' for none) of the scalars a choice matches in one run. */
export function addUnits(
  choice: ScalarChoice,
  scalars: readonly ScalarResult[],
  units: Set<string>,
): void {
  for (const s of scalars)
    if (s.name === choice.name && choice.matchesModule(s.module))
      units.add(s.attributes.get('unit') ?? '');
}

/**
 * Up to `max` (module, name) pairs that every run with scalars recorded, preferring those that
 * vary between runs, then names that few modules record (a network-wide figure over one of a
 * hundred per-host ones), then module and name in byte order: the same results always give the
 * same choice.
 */
export function defaultScalarChoices(
  runs: ReadonlyArray<readonly ScalarResult[]>,
  max = MAX_DEFAULT_SCALARS,
): ScalarChoice[] {
  const withScalars = runs.filter((r) => r.length > 0);
  if (withScalars.length === 0) return [];
  interface Seen {
    module: string;
    name: string;
    runs: number;
    first: number;
    varies: boolean;
  }
  const pairs = new Map<string, Seen>();
  withScalars.forEach((scalars, i) => {
    for (const s of scalars) {
      const key = `${s.module}\u0000${s.name}`;
      const seen = pairs.get(key);
      if (seen === undefined)
        pairs.set(key, { module: s.module, name: s.name, runs: 1, first: s.value, varies: false });
      else if (seen.runs === i) {
        // counted once per run (a module recording a name twice counts once)
        seen.runs++;
        if (!Object.is(seen.first, s.value)) seen.varies = true;
      } else if (seen.runs === i + 1 && !Object.is(seen.first, s.value)) seen.varies = true;
    }
  });
  const modulesPerName = new Map<string, number>();
  for (const p of pairs.values()) modulesPerName.set(p.name, (modulesPerName.get(p.name) ?? 0) + 1);
  return [...pairs.values()]
    .filter((p) => p.runs === withScalars.length)
    .sort(
      (a, b) =>
        Number(b.varies) - Number(a.varies) ||
        (modulesPerName.get(a.name) ?? 0) - (modulesPerName.get(b.name) ?? 0) ||
        compareNames(a.module, b.module) ||
        compareNames(a.name, b.name),
    )
    .slice(0, max)
    .map((p) => ({
      label: `${p.module}:${p.name}`,
      name: p.name,
      matchesModule: (m: string) => m === p.module,
    }));
}
