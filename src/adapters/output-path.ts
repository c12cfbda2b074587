// Output paths checked before any work, so a wrong -o is one clear message, not an errno from
// deep inside (mkdir's ENOTDIR, rename's EISDIR).
import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

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
 * The input `output` would overwrite, if any: one of the inputs itself, or a result file (.sca,
 * .vec, .vci) inside an input folder (`report DATASET -o DATASET/results.sca`).
 */
export function inputOverwritten(output: string, inputs: readonly string[]): string | undefined {
  const out = resolve(output);
  for (const input of inputs) {
    const i = resolve(input);
    if (out === i) return input;
    if (out.startsWith(i + sep) && /\.(sca|vec|vci)$/.test(out)) return output;
  }
  return undefined;
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
