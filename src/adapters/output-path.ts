// Output paths checked before any work, so a wrong -o is one clear message, not an errno from
// deep inside (mkdir's ENOTDIR, rename's EISDIR).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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
