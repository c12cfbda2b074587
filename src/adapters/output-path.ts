// Output paths checked before any work, so a wrong -o is one clear message, not an errno from
// deep inside (mkdir's ENOTDIR, rename's EISDIR).
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

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
 */
export function inputClash(output: string, inputs: readonly string[]): string | undefined {
  const out = realPath(resolve(output));
  for (const input of inputs) {
    const i = realPath(resolve(input));
    if (out === i) return `would overwrite the input ${input}`;
    if (out.startsWith(i + sep) && /\.(sca|vec|vci)$/.test(out))
      return existsSync(out)
        ? `would overwrite the input ${output}`
        : `would put a file named as a result file, but not one, into ${dirname(output) === '.' ? 'the input folder' : dirname(output)} (in the input ${input}), where a later read of it takes it for one: name it without .sca, .vec or .vci, or write it elsewhere`;
  }
  return undefined;
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
