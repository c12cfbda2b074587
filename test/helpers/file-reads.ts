// How often code under test opens files for reading (fs.openSync with 'r', as readTail and
// readTailLines open them), counted through Node's own fs module: its ES module exports are
// brought in line with the wrapped function, so modules that imported `openSync` see it too.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** Runs `f` with every fs.openSync(path, 'r') of a path ending in `suffix` counted. */
export async function countReads<T>(
  suffix: string,
  f: () => Promise<T>,
): Promise<{ result: T; reads: number }> {
  const original = fs.openSync;
  let reads = 0;
  fs.openSync = (path: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode | null) => {
    if (String(path).endsWith(suffix) && flags === 'r') reads++;
    return original(path, flags, mode);
  };
  syncBuiltinESMExports();
  try {
    return { result: await f(), reads };
  } finally {
    fs.openSync = original;
    syncBuiltinESMExports();
  }
}
