// A merged results folder as an artifact carries it. The dataset's vector files (and their
// indexes) at the top of the folder are hard links of the runs' own in .runs/: one file under two
// names, which an archive would hold twice. The artifact carries each once, at the top, and
// `fetch` links it back into .runs/, where the journal names it, so a fetched folder is whole
// again (a later merge or a resume finds every run's files).
import { existsSync, mkdirSync, opendirSync, statSync, type Dir } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RUNS_DIR } from '../../core/campaign/layout.js';
import { readJournalAt } from '../journal-file.js';
import { linkOrCopy } from './vector-store.js';

/**
 * `files` (relative to `root`) without those directly in RUNS_DIR that are the same file (a hard
 * link) as the one of the same name at the top of `root`.
 */
export function withoutLinkedRunFiles(root: string, files: readonly string[]): string[] {
  return files.filter((f) => {
    if (dirname(f) !== RUNS_DIR) return true;
    const top = statSync(join(root, basename(f)), { throwIfNoEntry: false });
    const own = statSync(join(root, f), { throwIfNoEntry: false });
    return !(top && own && top.ino === own.ino && top.dev === own.dev);
  });
}

/**
 * Links back into RUNS_DIR (or copies, where links cannot be made) the files of successful runs
 * that the folder's journal names there and that are missing, from the file of the same name and
 * size at the top of `dir`. How many it restored.
 */
export function relinkRunFiles(dir: string, opts: { readonly hashedOnly?: boolean } = {}): number {
  const journal = join(dir, 'journal.jsonl');
  if (!existsSync(journal)) return 0;
  let restored = 0;
  for (const rec of readJournalAt(journal).runs.values()) {
    if (rec.status !== 'ok') continue;
    for (const f of rec.files) {
      // exactly RUNS_DIR/NAME: nothing outside the folder is ever written
      if (dirname(f.path) !== RUNS_DIR) continue;
      if (opts.hashedOnly === true && f.sha256 === undefined) continue;
      const own = join(dir, f.path);
      const top = join(dir, basename(f.path));
      if (existsSync(own) || statSync(top, { throwIfNoEntry: false })?.size !== f.size) continue;
      mkdirSync(dirname(own), { recursive: true });
      linkOrCopy(top, own);
      restored++;
    }
  }
  return restored;
}

/**
 * A results folder that is the merge job's artifact unpacked by hand (not by fetch): its vector
 * files are at the top only. Links them back into RUNS_DIR as fetch does, for the runs whose
 * records came from the merge job (with the content's hash, which then decides whether the file
 * is the run's: see asRecorded). A local results folder, whose first top vector file is in
 * RUNS_DIR too, costs a look at its top folder. How many it restored.
 */
export function relinkUnpackedArtifact(dir: string): number {
  // (read until the first: a dataset's top folder can hold a vector file per run)
  let first: string | undefined;
  let d: Dir | undefined;
  try {
    d = opendirSync(dir);
    for (let e = d.readSync(); e !== null && first === undefined; e = d.readSync())
      if (e.name.endsWith('.vec')) first = e.name;
  } catch {
    return 0;
  } finally {
    d?.closeSync();
  }
  if (first === undefined || existsSync(join(dir, RUNS_DIR, first))) return 0;
  return relinkRunFiles(dir, { hashedOnly: true });
}
