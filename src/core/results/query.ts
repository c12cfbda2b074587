// `opp_scavetool query --list-runs` and `query -l` (src/scave/opp_scavetool.cc): runs sorted by
// name; values printed as std::ostream prints them (%g, 6 significant digits); the table
// aligned by opp_format_table() (columns padded to the widest cell plus two spaces).

import { formatG, formatInt64 } from './cnum.js';
import { compareNames, statisticsMean, type RunInfo } from './model.js';
import type { ResultSet } from './result-set.js';

const g = (v: number): string => formatG(v, 6);

function sortRuns(runs: readonly RunInfo[]): RunInfo[] {
  return [...runs].sort((a, b) => compareNames(a.runName, b.runName));
}

const utf8 = new TextEncoder();
const byteLength = (s: string): number => utf8.encode(s).length;

/** opp_format_table(text, spacing): aligns tab-separated columns with spaces. */
export function formatTable(text: string, spacing = 2): string {
  const lines = text.split('\n');
  const widths: number[] = [];
  for (const line of lines) {
    const items = line.split('\t');
    if (items.length < 2) continue;
    items.forEach((item, col) => {
      const w = byteLength(item);
      if ((widths[col] ?? -1) < w) widths[col] = w;
    });
  }
  return lines
    .map((line) => {
      const items = line.split('\t');
      return items
        .map((item, col) => {
          if (col === items.length - 1) return item;
          const padding = Math.max(spacing, (widths[col] ?? 0) + spacing - byteLength(item));
          return item + ' '.repeat(padding);
        })
        .join('');
    })
    .join('\n');
}

/** `opp_scavetool query --list-runs`: one run id per line, sorted. */
export function listRuns(results: ResultSet): string {
  return formatTable(
    sortRuns(results.runsWithItems())
      .map((r) => `${r.runName}\n`)
      .join(''),
  );
}

/** `opp_scavetool query -l` (--list-results): per run, its items as an aligned table. */
export function listResults(results: ResultSet): string {
  let out = '';
  for (const run of sortRuns(results.runsWithItems())) {
    const name = run.runName;
    out += `${name}:\n\n`;
    for (const s of results.itemsOfRun(name, 'scalar'))
      if (s.type === 'scalar') out += `scalar\t${s.module}\t${s.name}\t${g(s.value)}\n`;
    for (const p of results.itemsOfRun(name, 'parameter'))
      if (p.type === 'parameter') out += `parameter\t${p.module}\t${p.name}\t${p.value}\n`;
    for (const v of results.itemsOfRun(name, 'vector')) {
      if (v.type !== 'vector') continue;
      out += `vector\t${v.module}\t${v.name}\tvectorId=${v.vectorId}`;
      const s = v.summary?.statistics;
      if (s !== undefined && s.count >= 0)
        out += `\tcount=${formatInt64(s.count)}\tmean=${g(statisticsMean(s))}\tmin=${g(s.min)}\tmax=${g(s.max)}`;
      out += '\n';
    }
    for (const h of results.itemsOfRun(name, 'statistic')) {
      if (h.type !== 'statistic') continue;
      const s = h.statistics;
      out += `statistics\t${h.module}\t${h.name}\tcount=${formatInt64(s.count)}\tmean=${g(statisticsMean(s))}\tmin=${g(s.min)}\tmax=${g(s.max)}\n`;
    }
    for (const h of results.itemsOfRun(name, 'histogram')) {
      if (h.type !== 'histogram') continue;
      const s = h.statistics;
      const bins = h.histogram?.binValues.length ?? 0;
      out += `histogram\t${h.module}\t${h.name}\tcount=${formatInt64(s.count)}\tmean=${g(statisticsMean(s))}\tmin=${g(s.min)}\tmax=${g(s.max)}\t#bins=${bins}\n`;
    }
    out += '\n';
  }
  return formatTable(out);
}
