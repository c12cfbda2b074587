// The names a mistyped one was most likely meant to be: `-c PureAlohaExperimnet` for
// PureAlohaExperiment. Case is ignored; a name is close when a few letters (about one in five,
// at least 2) are added, dropped, changed or swapped.

/** Edit distance with adjacent swaps (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[s.length] as number[])[t.length] as number;
}

/** The names closest to `name`, when close enough (none otherwise), in the order given. */
export function closestNames(name: string, names: readonly string[]): string[] {
  const most = Math.max(2, Math.floor(name.length / 5));
  const scored = names.map((n) => ({ n, d: editDistance(name, n) }));
  const best = Math.min(...scored.map((x) => x.d));
  if (!(best <= most) || best >= name.length) return [];
  return scored.filter((x) => x.d === best).map((x) => x.n);
}
