import { createHash, hashHex } from '../hash.js';
import { hasRawBytes, iniBytes } from '../ini/text.js';

/**
 * The config options that shape the plan, not what any run of it simulates: how many
 * repetitions there are (each run's own repetition and seed set are in its key), which runs a
 * constraint keeps, a config's description. Their entries are not in a run's key, so that
 * `repeat = 3` after `repeat = 2` leaves the first two repetitions' runs done. Everything else
 * (time limits, seeds, RNG, every parameter, result recording) stays in the key.
 */
export const PLAN_ONLY_OPTIONS: ReadonlySet<string> = new Set([
  'repeat',
  'constraint',
  'description',
]);

interface KeyParts {
  config: string;
  entries: readonly { key: string; value: string }[];
  repetition: string;
  seedset: string;
}

/**
 * A run's identity across machines, invocations and ini edits: a hash of what defines the
 * simulation (config name, every resolved config entry in precedence order but those of
 * PLAN_ONLY_OPTIONS, repetition and seed set), not of its run number, so that inserting a
 * value into a list or adding repetitions does not make finished runs look new. Two runs with
 * the same key simulate the same thing.
 */
export function runKey(parts: KeyParts): string {
  return keyOf(parts, PLAN_ONLY_OPTIONS);
}

/**
 * MIGRATION (remove, with execute.ts' use of it, in the release after the first one that ships
 * it): the key as opp-campaign made it before PLAN_ONLY_OPTIONS were left out, every entry
 * hashed; undefined where that is the key as it is (no entry of those options). A finished run
 * journaled under it is taken as done once (see execute.ts), so that the upgrade does not rerun
 * every run of a config with `repeat`.
 */
export function legacyRunKey(parts: KeyParts): string | undefined {
  return parts.entries.some((e) => PLAN_ONLY_OPTIONS.has(e.key))
    ? keyOf(parts, new Set())
    : undefined;
}

function keyOf(parts: KeyParts, leftOut: ReadonlySet<string>): string {
  // the lines hashed as one text (in one call, not one a line: a million runs' keys)
  let text =
    'opp-campaign run v1\n' +
    `config\t${parts.config}\n` +
    `repetition\t${parts.repetition}\n` +
    `seedset\t${parts.seedset}\n`;
  for (let i = 0; i < parts.entries.length; i++) {
    const e = parts.entries[i] as { key: string; value: string };
    if (leftOut.has(e.key)) continue;
    const line = `entry\t${e.key}\t${e.value}\n`;
    if (hasRawBytes(line)) return withRawBytes(text, parts.entries.slice(i), leftOut);
    text += line;
  }
  return hashHex('sha256', text).slice(0, 20);
}

/** The key of a run with a byte that is not UTF-8 (see iniText): each such line as its bytes. */
function withRawBytes(
  head: string,
  entries: readonly { key: string; value: string }[],
  leftOut: ReadonlySet<string>,
): string {
  const h = createHash('sha256');
  h.update(head);
  for (const e of entries) {
    if (leftOut.has(e.key)) continue;
    const line = `entry\t${e.key}\t${e.value}\n`;
    // a byte that is not UTF-8 as itself: as a string it would hash as U+FFFD
    h.update(hasRawBytes(line) ? iniBytes(line) : line);
  }
  return h.digest('hex').slice(0, 20);
}
