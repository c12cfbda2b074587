import { createHash } from '../hash.js';
import { hasRawBytes, iniBytes } from '../ini/text.js';

/**
 * A run's identity across machines, invocations and ini edits: a hash of what defines the
 * simulation (config name, every resolved config entry in precedence order, repetition and
 * seed set), not of its run number, so that inserting a value into a list does not make
 * finished runs look new. Two runs with the same key simulate the same thing.
 */
export function runKey(parts: {
  config: string;
  entries: readonly { key: string; value: string }[];
  repetition: string;
  seedset: string;
}): string {
  const h = createHash('sha256');
  h.update('opp-campaign run v1\n');
  h.update(`config\t${parts.config}\n`);
  h.update(`repetition\t${parts.repetition}\n`);
  h.update(`seedset\t${parts.seedset}\n`);
  for (const e of parts.entries) {
    const line = `entry\t${e.key}\t${e.value}\n`;
    // a byte that is not UTF-8 (see iniText) as itself: as a string it would hash as U+FFFD
    h.update(hasRawBytes(line) ? iniBytes(line) : line);
  }
  return h.digest('hex').slice(0, 20);
}
