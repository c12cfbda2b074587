// The lines that tell of result files a merge left out (`merge`, and `run`'s merge at its end).
// A module of its own: `run` loads the merge's code only when its runs are done.
import type { MergeReport } from '../app/merge.js';

export function badInputLines(r: MergeReport): string[] {
  if (r.bad.length === 0) return [];
  const files = new Set(r.bad.map((b) => b.file)).size;
  return [
    ...r.bad.map((b) => `opp-campaign: bad input: ${b.message}`),
    `opp-campaign: ${files} bad input file(s) left out; everything else was merged`,
  ];
}
