// Output paths checked before any work, so a wrong -o is one clear message, not an errno from
// deep inside (mkdir's ENOTDIR, rename's EISDIR).
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parseRunsCsv } from '../core/results/index.js';
import { CAMPAIGN_FILES } from './campaign-file.js';
import { readJournalAt } from './journal-file.js';
import { JOURNAL_FILE } from './results/journals.js';

/** The existing file that stops `path` from being made a folder (mkdir -p), if any. */
export function fileInTheWay(path: string): string | undefined {
  let p = resolve(path);
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) return undefined;
    p = parent;
  }
  return statSync(p).isDirectory() ? undefined : p;
}

/**
 * How `output` (a page, a CSV or JSON file: no result file) would clash with the inputs, if it
 * would, to follow "-o OUTPUT ": it is one of the inputs, or a result file (.sca, .vec, .vci)
 * inside an input folder, which it would overwrite (`report DATASET -o DATASET/results.sca`),
 * or, not there yet, which a later read of that folder would take for a result file. Paths are
 * compared with symbolic links resolved: an output that is a link is written through it.
 * An existing output is also compared (as the same file: a hard link too) with every other file
 * the command reads or names: `read` (`--journal`, `--campaign`), the campaign journals, runs.csv
 * files and campaign files of the input folders (and of their parents, where journals and
 * campaign files are looked for), and the runs' logs those journals and runs.csv files name.
 */
export function inputClash(
  output: string,
  inputs: readonly string[],
  read: readonly string[] = [],
): string | undefined {
  const out = realPath(resolve(output));
  for (const input of [...inputs, ...read]) {
    const i = realPath(resolve(input));
    if (out === i) return `would overwrite the input ${input}`;
  }
  for (const input of inputs) {
    const i = realPath(resolve(input));
    if (out.startsWith(i + sep) && /\.(sca|vec|vci)$/.test(out))
      return existsSync(out)
        ? `would overwrite the input ${output}`
        : `would put a file named as a result file, but not one, into ${dirname(output) === '.' ? 'the input folder' : dirname(output)} (in the input ${input}), where a later read of it takes it for one: name it without .sca, .vec or .vci, or write it elsewhere`;
  }
  const st = statSync(out, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile()) return undefined;
  const same = (path: string): boolean => {
    const other = statSync(path, { throwIfNoEntry: false });
    return other !== undefined && other.ino === st.ino && other.dev === st.dev;
  };
  for (const input of [...inputs, ...read])
    if (same(input)) return `would overwrite the input ${input}`;
  const what = readAlongside(out, inputs, read, same);
  return what === undefined ? undefined : `would overwrite the input ${output} (${what})`;
}

/** What `out` (an existing file) is among the files read along with the inputs, if it is one. */
function readAlongside(
  out: string,
  inputs: readonly string[],
  read: readonly string[],
  same: (path: string) => boolean,
): string | undefined {
  const folders = new Set<string>();
  const journals = new Set<string>();
  const csvs = new Set<string>();
  for (const r of read) {
    const p = resolve(r);
    journals.add(isFolder(p) ? join(p, JOURNAL_FILE) : p);
  }
  for (const input of inputs) {
    const p = resolve(input);
    const dir = isFolder(p) ? p : dirname(p);
    for (const d of [dir, dirname(dir)]) {
      folders.add(d);
      journals.add(join(d, JOURNAL_FILE));
    }
    csvs.add(join(dir, 'runs.csv'));
    // a folder's own journals and runs.csv files, at any depth (a merged folder inside it)
    if (
      isFolder(p) &&
      out.startsWith(realPath(p) + sep) &&
      [JOURNAL_FILE, 'runs.csv'].includes(basename(out))
    )
      return basename(out) === 'runs.csv' ? 'a runs.csv it reads' : 'a campaign journal it reads';
  }
  for (const j of journals) if (same(j)) return 'a campaign journal it reads';
  for (const c of csvs) if (same(c)) return 'a runs.csv it reads';
  for (const d of folders)
    for (const f of CAMPAIGN_FILES) if (same(join(d, f))) return 'the campaign file it reads';
  // the runs' logs (the report links to them): named by a journal or a runs.csv, relative to it
  // (read for an output inside its folder, or named as logs are)
  const near = (base: string): boolean => out.startsWith(base + sep) || out.endsWith('.log');
  for (const j of journals) {
    const base = realPath(dirname(j));
    if (!existsSync(j) || !near(base)) continue;
    let state;
    try {
      state = readJournalAt(j);
    } catch {
      continue;
    }
    for (const rec of state.runs.values())
      if (resolve(base, rec.log) === out) return `the log of a run that ${j} names`;
  }
  for (const c of csvs) {
    const base = realPath(dirname(c));
    if (!existsSync(c) || !near(base)) continue;
    let rows;
    try {
      rows = parseRunsCsv(readFileSync(c, 'utf8'));
    } catch {
      continue;
    }
    for (const row of rows) {
      const log = row.get('log') ?? '';
      if (log !== '' && resolve(base, log) === out) return `the log of a run that ${c} names`;
    }
  }
  return undefined;
}

function isFolder(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** The path with symbolic links resolved, as far as it exists. */
export function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realPath(parent), basename(p));
  }
}

/**
 * Whether an output must be written in place, not through a temporary file renamed over it:
 * something that is not a plain file (`-o /dev/null`, a FIFO, `/dev/stdout`: renamed over, a
 * device would be replaced by a file, system-wide when run as root), or a symbolic link (the
 * file it points to is written, the link stays).
 */
export function writtenInPlace(path: string): boolean {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st !== undefined && (!st.isFile() || st.isSymbolicLink());
}
