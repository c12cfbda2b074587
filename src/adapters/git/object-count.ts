// Counts the objects in a repository's object store (loose ones and those in packs, from the
// pack indexes), submodules' stores under .git/modules included. Before and after a fetch,
// the difference is what the fetch brought, whichever git implementation fetched.
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function packIndexCount(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8 + 256 * 4);
    readSync(fd, head, 0, head.length, 0);
    // v2 indexes start with "\377tOc" and a version; v1 indexes start with the fan-out table
    const v2 = head.readUInt32BE(0) === 0xff744f63;
    return head.readUInt32BE((v2 ? 8 : 0) + 255 * 4);
  } finally {
    closeSync(fd);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function storeCount(objects: string): number {
  let n = 0;
  for (const d of list(objects)) if (/^[0-9a-f]{2}$/.test(d)) n += list(join(objects, d)).length;
  for (const f of list(join(objects, 'pack')))
    if (f.endsWith('.idx')) n += packIndexCount(join(objects, 'pack', f));
  return n;
}

/** Objects in `gitdir` and in every submodule repository under `gitdir/modules`. */
export function countObjects(gitdir: string): number {
  let n = storeCount(join(gitdir, 'objects'));
  const modules = join(gitdir, 'modules');
  const walk = (dir: string): void => {
    for (const name of list(dir)) {
      const p = join(dir, name);
      if (!statSync(p).isDirectory()) continue;
      if (list(p).includes('objects') && list(p).includes('HEAD')) n += countObjects(p);
      else walk(p);
    }
  };
  walk(modules);
  return n;
}
