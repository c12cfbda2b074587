import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file below `dir` (relative path, size, SHA-256), sorted: what a later reader would get.
 * Not times: ccache refreshes the time of an entry it reads (its least-recently-used order).
 */
export function contentListing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const data = readFileSync(p);
        out.push(
          `${relative(dir, p)} ${data.length} ${createHash('sha256').update(data).digest('hex')}`,
        );
      } else out.push(`${relative(dir, p)} (${e.isSymbolicLink() ? 'link' : 'other'})`);
    }
  };
  walk(dir);
  return out.sort();
}
