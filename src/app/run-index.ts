// runs.csv: one row per run of the journal's final state, until the results merge lands.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalState } from '../core/campaign/journal.js';

const csv = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function writeRunIndex(outDir: string, state: JournalState): void {
  const rows = [...state.runs.values()].sort((a, b) =>
    a.config === b.config ? a.run - b.run : a.config < b.config ? -1 : 1,
  );
  const lines = ['key,config,run,itervars,status,attempt,exitCode,signal,wallMs,peakKiB,log,files'];
  for (const r of rows)
    lines.push(
      [
        r.key,
        r.config,
        r.run,
        r.itervars,
        r.status,
        r.attempt,
        r.exitCode,
        r.signal,
        r.wallMs,
        r.peakKiB,
        r.log,
        r.files.map((f) => f.path).join(' '),
      ]
        .map(csv)
        .join(','),
    );
  writeFileSync(join(outDir, 'runs.csv'), lines.join('\n') + '\n');
}
