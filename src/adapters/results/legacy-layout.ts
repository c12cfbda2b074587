// A results folder that an earlier version left (its per-run files in OUT/runs, its journal
// naming them there) is brought to today's layout before a campaign uses it, so that the runs
// it holds count as done and are merged, not run again.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEGACY_RUNS_DIR, RUNS_DIR, currentRunPath } from '../../core/campaign/layout.js';

/** One journal line with its run's file paths as they are today (a torn line as it is). */
export function currentJournalLine(line: string): string {
  if (!line.includes(`"${LEGACY_RUNS_DIR}/`)) return line;
  let rec: { t?: unknown; files?: unknown };
  try {
    rec = JSON.parse(line) as typeof rec;
  } catch {
    return line;
  }
  if (rec.t !== 'run' || !Array.isArray(rec.files)) return line;
  const files = (rec.files as { path?: unknown }[]).map((f) =>
    typeof f.path === 'string' ? { ...f, path: currentRunPath(f.path) } : f,
  );
  return JSON.stringify({ ...rec, files });
}

/**
 * Moves OUT/runs to OUT/.runs and rewrites the journal's paths, when OUT is an opp-campaign
 * results folder of the earlier layout (a journal, a runs/ folder, no .runs/). True if it did.
 */
export function adoptLegacyLayout(outDir: string): boolean {
  const legacy = join(outDir, LEGACY_RUNS_DIR);
  const journal = join(outDir, 'journal.jsonl');
  if (!existsSync(journal) || existsSync(join(outDir, RUNS_DIR))) return false;
  if (!statSync(legacy, { throwIfNoEntry: false })?.isDirectory()) return false;
  const text = readFileSync(journal, 'utf8');
  const next = text.split('\n').map(currentJournalLine).join('\n');
  // the folder first: a journal rewritten before a failed move would name files not there
  renameSync(legacy, join(outDir, RUNS_DIR));
  if (next !== text) {
    writeFileSync(journal + '.tmp', next);
    renameSync(journal + '.tmp', journal);
  }
  return true;
}
