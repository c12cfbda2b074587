// Campaign journals next to merge inputs: `journal.jsonl` in an input folder or its parent (for
// an input file: in its folder or that folder's parent). A journal's run records name the result
// files each run wrote (relative to the journal's folder), with their size and mtime.

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BadRecord, RunRecord } from '../../core/campaign/journal.js';
import { readJournalAt } from '../journal-file.js';
import { asRecorded } from './recorded-file.js';

export interface Journal {
  /** The folder the journal's paths are relative to. */
  readonly dir: string;
  /** The last record of each run key. */
  readonly runs: readonly RunRecord[];
  /** Its campaign records (see JournalState). */
  readonly campaigns: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Run records it skipped (see JournalState). */
  readonly badRecords?: readonly BadRecord[];
  /** Lines it skipped that are not JSON (see JournalState). */
  readonly damagedLines?: readonly number[];
  /** Keys it set aside as superseded (see JournalState): rows kept elsewhere of them are dropped. */
  readonly superseded?: ReadonlySet<string>;
}

export const JOURNAL_FILE = 'journal.jsonl';

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The journals found near the given inputs, each once. */
export function findJournals(inputs: readonly string[]): Journal[] {
  const dirs: string[] = [];
  for (const input of inputs) {
    const dir = isDir(input) ? resolve(input) : dirname(resolve(input));
    for (const d of [dir, dirname(dir)])
      if (!dirs.includes(d) && existsSync(join(d, JOURNAL_FILE))) dirs.push(d);
  }
  return dirs.flatMap((dir) => journalIn(dir) ?? []);
}

/** Finds the journal record of the run that wrote a result file. */
export class JournalIndex {
  private readonly byFile = new Map<string, Array<{ rec: RunRecord; journal: Journal }>>();

  constructor(readonly journals: readonly Journal[]) {
    for (const journal of journals)
      for (const rec of journal.runs)
        for (const f of rec.files) {
          const path = resolve(journal.dir, f.path);
          const list = this.byFile.get(path) ?? [];
          list.push({ rec, journal });
          this.byFile.set(path, list);
        }
  }

  /**
   * The record whose file entry matches the file as it is on disk (path, size and mtime, or
   * content where the record has its hash: see asRecorded): the run that wrote it. A file rewritten since (by a run of a different key) has no record.
   */
  recordOf(file: string): { rec: RunRecord; journal: Journal } | undefined {
    const candidates = this.byFile.get(resolve(file));
    if (candidates === undefined) return undefined;
    let st;
    try {
      st = statSync(file);
    } catch {
      return undefined;
    }
    const path = resolve(file);
    return candidates.find(({ rec, journal }) =>
      rec.files.some((f) => resolve(journal.dir, f.path) === path && asRecorded(path, f, st)),
    );
  }
}

/** The result files of the runs a journal says succeeded, as they still are on disk. */
export function succeededRunFiles(journal: Journal): string[] {
  const files = new Set<string>();
  for (const rec of journal.runs) {
    if (rec.status !== 'ok') continue;
    const paths = rec.files.map((f) => ({ ...f, abs: resolve(journal.dir, f.path) }));
    const intact = paths.every((f) => asRecorded(f.abs, f));
    if (intact) for (const f of paths) if (/\.(sca|vec)$/.test(f.abs)) files.add(f.abs);
  }
  return [...files];
}

/** The journal of a campaign results folder, if it has one. */
export function journalIn(dir: string): Journal | undefined {
  const path = join(dir, JOURNAL_FILE);
  if (!existsSync(path)) return undefined;
  const state = readJournalAt(path);
  return {
    dir: resolve(dir),
    runs: [...state.runs.values()],
    campaigns: state.campaigns,
    badRecords: state.badRecords,
    damagedLines: state.damagedLines,
    ...(state.superseded ? { superseded: state.superseded } : {}),
  };
}
