import { createHash, hashHex } from '../hash.js';
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
  // the lines hashed as one text (in one call, not one a line: a million runs' keys)
  let text =
    'opp-campaign run v1\n' +
    `config\t${parts.config}\n` +
    `repetition\t${parts.repetition}\n` +
    `seedset\t${parts.seedset}\n`;
  for (let i = 0; i < parts.entries.length; i++) {
    const e = parts.entries[i] as { key: string; value: string };
    const line = `entry\t${e.key}\t${e.value}\n`;
    if (hasRawBytes(line)) return withRawBytes(text, parts.entries.slice(i));
    text += line;
  }
  return hashHex('sha256', text).slice(0, 20);
}

/** The key of a run with a byte that is not UTF-8 (see iniText): each such line as its bytes. */
function withRawBytes(head: string, entries: readonly { key: string; value: string }[]): string {
  const h = createHash('sha256');
  h.update(head);
  for (const e of entries) {
    const line = `entry\t${e.key}\t${e.value}\n`;
    // a byte that is not UTF-8 as itself: as a string it would hash as U+FFFD
    h.update(hasRawBytes(line) ? iniBytes(line) : line);
  }
  return h.digest('hex').slice(0, 20);
}
