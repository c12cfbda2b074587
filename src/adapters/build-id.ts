// What identifies a build for the journal: the bytes of the model executable and libraries a
// run loads. A rerun with an unchanged build can skip finished runs; any change reruns them.
import { createHash } from '../core/hash.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunSettings } from '../core/campaign/settings.js';
import { splitWords } from '../core/campaign/command.js';

const LIB_SUFFIXES = ['', '.so', '.dylib', '.dll'];

export function buildId(projectDir: string, run: RunSettings): string {
  const h = createHash('sha256');
  const files: string[] = [];
  if (run.preset === 'omnetpp') {
    if (run.program) files.push(run.program);
    for (const lib of run.libraries) files.push(lib);
    h.update(JSON.stringify(run));
  } else {
    h.update(run.command);
    const first = splitWords(run.command)[0];
    if (first && first.includes('/')) files.push(first);
  }
  for (const f of files) {
    // `-l path/name` loads path/libname.so (opp_run adds the prefix and suffix itself)
    const slash = f.lastIndexOf('/');
    const libName = `${f.slice(0, slash + 1)}lib${f.slice(slash + 1)}`;
    const candidates = [f, libName].flatMap((base) => LIB_SUFFIXES.map((sfx) => base + sfx));
    for (const candidate of candidates) {
      try {
        h.update(readFileSync(resolve(projectDir, candidate)));
        break;
      } catch {
        // try the next name; an absent file leaves the id to the settings alone
      }
    }
  }
  return h.digest('hex').slice(0, 16);
}
