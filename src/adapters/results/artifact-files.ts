// A merged results folder as an artifact carries it. The dataset's vector files (and their
// indexes) at the top of the folder are hard links of the runs' own in .runs/: one file under two
// names, which an archive would hold twice. The artifact carries each once, at the top, and
// `fetch` links it back into .runs/, where the journal names it, so a fetched folder is whole
// again (a later merge or a resume finds every run's files).
import { existsSync, mkdirSync, opendirSync, statSync, type Dir } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { RESULTS_VEC, RUNS_DIR } from '../../core/campaign/layout.js';
import { readJournalAt } from '../journal-file.js';
import { keptPlaces, setAsideKept } from './set-aside.js';
import { asRecorded } from './recorded-file.js';
import { indexFileName } from './vector-files.js';
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
 * that the folder's journal names there and that are missing, from the file of the same name at
 * the top of `dir` when it is the recorded one: its size, and where the record has the content's
 * SHA-256, that content (see asRecorded: the file gets its recorded time back). How many it
 * restored.
 */
export function relinkRunFiles(dir: string): number {
  return relink(dir, false).restored;
}

/** What relinkUnpackedArtifact did. */
export interface Relinked {
  /** Run files linked back into RUNS_DIR. */
  readonly restored: number;
  /**
   * Top files (names) that are not the run's recorded file (another size or content): moved,
   * with their .vci, to NOT_RECORDED_DIR (relative to the folder), not linked in.
   */
  readonly setAside: readonly string[];
}

/** Where relinkUnpackedArtifact moves a top vector file that is not its run's (a dot folder). */
export const NOT_RECORDED_DIR = join('.opp-campaign', 'not-recorded');

/**
 * The warning for top files of `dir` (as the user named it) set aside by relinkUnpackedArtifact
 * or by a swap (unlinkedTopFiles).
 */
export function notRecordedWarning(dir: string, names: readonly string[]): string {
  const aside = join(dir, NOT_RECORDED_DIR);
  return `${names.length} vector file(s) at the top of ${dir} are no run's recorded file (not the size or content its journal records, or not in ${join(dir, RUNS_DIR)}/ at all), set aside in ${aside}/ (not merged; a run whose file it was runs again): ${names.join(', ')}`;
}

function relink(dir: string, hashedOnly: boolean): Relinked {
  const journal = join(dir, 'journal.jsonl');
  if (!existsSync(journal)) return { restored: 0, setAside: [] };
  let restored = 0;
  const setAside: string[] = [];
  for (const rec of readJournalAt(journal).runs.values()) {
    if (rec.status !== 'ok') continue;
    for (const f of rec.files) {
      // exactly RUNS_DIR/NAME: nothing outside the folder is ever written
      if (dirname(f.path) !== RUNS_DIR) continue;
      const own = join(dir, f.path);
      const top = join(dir, basename(f.path));
      if (existsSync(own)) continue;
      const st = statSync(top, { throwIfNoEntry: false });
      if (st === undefined) continue;
      // (a record without a hash, of an earlier version's artifact: its size is all there is,
      // as for fetch)
      const recorded = st.size === f.size && (f.sha256 === undefined || asRecorded(top, f, st));
      if (!recorded) {
        // the top file is not the run's: kept aside (a rebuild would replace it), not linked in;
        // the run, its file missing, runs again
        if (hashedOnly && st.isFile() && f.path.endsWith('.vec')) {
          const aside = join(dir, NOT_RECORDED_DIR);
          setAsideKept([top, indexFileName(top)], dir, aside);
          setAside.push(basename(f.path));
        }
        continue;
      }
      mkdirSync(dirname(own), { recursive: true });
      linkOrCopy(top, own);
      restored++;
    }
  }
  return { restored, setAside };
}

/**
 * Of the given top vector files of `dir` (names) that a swap would remove, those that are the
 * only name of their content (no hard link, and no file of that name and size in RUNS_DIR: a
 * file put there by hand, or the only copy of a run's) are to be moved, with their .vci, to
 * NOT_RECORDED_DIR instead: their names, and the renames (relative to `dir`) that the swap makes
 * for them, so that nothing moves unless the swap happens. The others (and the .vci of each) can
 * go: nothing is lost (a top file copied where links cannot be made has its twin in RUNS_DIR).
 */
export function unlinkedTopFiles(
  dir: string,
  names: readonly string[],
): { names: string[]; renames: Array<[string, string]> } {
  const out: { names: string[]; renames: Array<[string, string]> } = { names: [], renames: [] };
  const aside = join(dir, NOT_RECORDED_DIR);
  for (const name of names) {
    const top = join(dir, name);
    const st = statSync(top, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile() || st.nlink > 1) continue;
    const twin = statSync(join(dir, RUNS_DIR, name), { throwIfNoEntry: false });
    if (twin?.isFile() && twin.size === st.size) continue;
    const files = [top, indexFileName(top)];
    const places = keptPlaces(files, dir, aside);
    mkdirSync(aside, { recursive: true });
    files.forEach((f, i) => {
      const to = places[i];
      if (to !== undefined) out.renames.push([relative(dir, f), relative(dir, to)]);
    });
    out.names.push(name);
  }
  return out;
}

/**
 * A results folder that is the merge job's artifact unpacked by hand (not by fetch): its vector
 * files are at the top only. Links them back into RUNS_DIR as fetch does, for the runs whose
 * records came from the merge job (with the content's hash, which then decides whether the file
 * is the run's: see asRecorded); a top file that is not its run's is set aside. Each top vector
 * file is judged on its own; a local results folder, whose top vector files are all in RUNS_DIR
 * too, costs a look at its top folder and a stat per vector file there.
 */
export function relinkUnpackedArtifact(dir: string): Relinked {
  let alone = false;
  let d: Dir | undefined;
  try {
    d = opendirSync(dir);
    for (let e = d.readSync(); e !== null && !alone; e = d.readSync())
      // (the SQLite layout's results.vec is the dataset's own, no run's)
      if (
        e.name.endsWith('.vec') &&
        e.name !== RESULTS_VEC &&
        !existsSync(join(dir, RUNS_DIR, e.name))
      )
        alone = true;
  } catch {
    return { restored: 0, setAside: [] };
  } finally {
    d?.closeSync();
  }
  return alone ? relink(dir, true) : { restored: 0, setAside: [] };
}
