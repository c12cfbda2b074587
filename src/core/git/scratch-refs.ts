// Scratch refs hold snapshots of uncommitted work: `refs/opp-campaign/<UTC time>-<sha12>`.
// The creation time is in the name, so listing and pruning by age need only `ls-remote`.

export const SCRATCH_PREFIX = 'refs/opp-campaign/';

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]+$/;

/** The ref a snapshot of `sha` taken at `nowMs` is pushed to. */
export function scratchRefName(sha: string, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${SCRATCH_PREFIX}${stamp}-${sha.slice(0, 12)}`;
}

/** When a scratch ref was made (ms since the epoch), or undefined for names we did not make. */
export function scratchRefTime(ref: string): number | undefined {
  const m = STAMP.exec(ref.slice(SCRATCH_PREFIX.length));
  if (!ref.startsWith(SCRATCH_PREFIX) || !m) return undefined;
  const [y = 0, mo = 1, d, h, mi, s] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The refs `--prune` deletes: all of them, or with `olderThanMs` those made longer ago than
 * that. A ref whose age cannot be told (not named by us) is kept when an age is given.
 */
export function refsToPrune(
  refs: readonly string[],
  nowMs: number,
  olderThanMs: number | undefined,
): string[] {
  return refs.filter((r) => {
    if (!r.startsWith(SCRATCH_PREFIX)) return false;
    if (olderThanMs === undefined) return true;
    const t = scratchRefTime(r);
    return t !== undefined && nowMs - t > olderThanMs;
  });
}

/** One line saying which untracked files a snapshot adds (the first few named), or none. */
export function untrackedNote(files: readonly string[], shown = 5): string | undefined {
  if (files.length === 0) return undefined;
  const names = files.slice(0, shown).join(', ');
  const more = files.length > shown ? `, and ${files.length - shown} more` : '';
  return `the snapshot adds ${files.length} untracked file${files.length === 1 ? '' : 's'}: ${names}${more}`;
}
