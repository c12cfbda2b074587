// runs.csv: one row per run of a merged dataset, for pandas & co. Columns:
//
//   run, config, runnumber, repetition, iterationvars     the run id and its attributes
//   itervar:NAME ...                                      one column per iteration variable
//   key, status, exit_code, signal, duration_ms, peak_kib, attempt, log, message
//                                                         from a campaign journal, when known
//
// Runs known only from a journal (failed without results, or succeeded in a campaign whose
// runs write no result files) have an empty `run`. Rows are
// sorted like the runs of the merged files (config, run number, run id); itervar columns by
// name. The journal columns appear when at least one row has journal information.

import type { RunRecord } from '../campaign/journal.js';
import { compareNames, type RunInfo } from './model.js';
import { compareRunKeys } from './run-order.js';

export const BASE_COLUMNS = ['run', 'config', 'runnumber', 'repetition', 'iterationvars'] as const;
export const JOURNAL_COLUMNS = [
  'key',
  'status',
  'exit_code',
  'signal',
  'duration_ms',
  'peak_kib',
  'attempt',
  'log',
  'message',
] as const;
const ITERVAR_PREFIX = 'itervar:';

/** A row as column name -> value (missing columns are empty). */
export type RunsRow = ReadonlyMap<string, string>;

/** The journal columns of a run record; `log` is the log's path as runs.csv should show it. */
export function journalColumns(rec: RunRecord, log: string): Map<string, string> {
  const str = (v: number | string | null | undefined): string =>
    v === null || v === undefined ? '' : String(v);
  return new Map([
    ['key', rec.key],
    ['status', rec.status],
    ['exit_code', str(rec.exitCode)],
    ['signal', str(rec.signal)],
    ['duration_ms', str(rec.wallMs)],
    ['peak_kib', str(rec.peakKiB)],
    ['attempt', str(rec.attempt)],
    ['log', log],
    ['message', str(rec.message)],
  ]);
}

/** The row of a merged run: its attributes and itervars, plus journal columns if known. */
export function resultRunRow(run: RunInfo, journal?: ReadonlyMap<string, string>): RunsRow {
  const row = new Map<string, string>([
    ['run', run.runName],
    ['config', run.attributes.get('configname') ?? ''],
    ['runnumber', run.attributes.get('runnumber') ?? ''],
    ['repetition', run.attributes.get('repetition') ?? ''],
    ['iterationvars', run.attributes.get('iterationvars') ?? ''],
  ]);
  for (const [k, v] of run.itervars) row.set(ITERVAR_PREFIX + k, v);
  for (const [k, v] of journal ?? []) row.set(k, v);
  return row;
}

/**
 * Splits a journal's "$numHosts=10, $iaMean=1, $repetition=0" into variables (a value runs up
 * to the next ", $name=").
 */
export function parseItervarsText(text: string): Array<[string, string]> {
  const re = /(?:^|, )\$([A-Za-z_][A-Za-z0-9_]*)=/g;
  const marks = [...text.matchAll(re)];
  return marks.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    return [m[1] ?? '', text.slice(start, end)];
  });
}

/**
 * The row of a run known only from the journal (it failed and left no merged results, or it
 * succeeded and was to write none).
 */
export function journalOnlyRow(rec: RunRecord, log: string): RunsRow {
  const vars = parseItervarsText(rec.itervars);
  const rep = vars.find(([k]) => k === 'repetition');
  const itervars = vars.filter(([k]) => k !== 'repetition');
  const row = new Map<string, string>([
    ['run', ''],
    ['config', rec.config],
    ['runnumber', String(rec.run)],
    ['repetition', rep?.[1] ?? ''],
    ['iterationvars', itervars.map(([k, v]) => `$${k}=${v}`).join(', ')],
  ]);
  for (const [k, v] of itervars) row.set(ITERVAR_PREFIX + k, v);
  for (const [k, v] of journalColumns(rec, log)) row.set(k, v);
  return row;
}

/**
 * What an earlier runs.csv knows: the journal columns of each run id, and the rows of runs known
 * only from a journal (by key). A merge keeps them where it has no fresher information.
 */
export function previousJournalInfo(previous: readonly RunsRow[]): {
  journalOf: Map<string, Map<string, string>>;
  journalOnly: Map<string, RunsRow>;
} {
  const journalOf = new Map<string, Map<string, string>>();
  const journalOnly = new Map<string, RunsRow>();
  for (const row of previous) {
    const run = row.get('run') ?? '';
    const key = row.get('key') ?? '';
    if (key === '') continue;
    if (run !== '') journalOf.set(run, new Map(JOURNAL_COLUMNS.map((c) => [c, row.get(c) ?? ''])));
    else journalOnly.set(key, row);
  }
  return { journalOf, journalOnly };
}

const rowKey = (row: RunsRow) => {
  const n = Number(row.get('runnumber') ?? '');
  return {
    config: row.get('config') ?? '',
    runNumber: Number.isSafeInteger(n) && n >= 0 ? n : -1,
    runName: row.get('run') ?? '',
  };
};

/** The table: header and rows, sorted, with the columns the rows need. */
export function runsTable(rows: readonly RunsRow[]): { header: string[]; rows: string[][] } {
  const itervars = new Set<string>();
  let journal = false;
  for (const row of rows)
    for (const [k, v] of row) {
      if (k.startsWith(ITERVAR_PREFIX)) itervars.add(k);
      else if (k === 'key' && v !== '') journal = true;
    }
  const header = [
    ...BASE_COLUMNS,
    ...[...itervars].sort(compareNames),
    ...(journal ? JOURNAL_COLUMNS : []),
  ];
  const sorted = rows
    .map((row) => ({ row, key: rowKey(row) }))
    .sort(
      (a, b) =>
        compareRunKeys(a.key, b.key) ||
        compareNames(a.row.get('key') ?? '', b.row.get('key') ?? ''),
    );
  return { header, rows: sorted.map(({ row }) => header.map((c) => row.get(c) ?? '')) };
}

// --- CSV (RFC 4180) ------------------------------------------------------------------------

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\n').join('');
}

/**
 * Parses CSV text into records (quoted fields may hold separators, quotes and newlines). Text
 * between separators is taken a slice at a time (a character at a time, a 50,000-run runs.csv
 * took seconds).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  const special = /[",\r\n]/g;
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const m = special.exec(text);
    if (m === null) {
      field += text.slice(i);
      break;
    }
    field += text.slice(i, m.index);
    const c = m[0];
    i = m.index + 1;
    if (c === '"') {
      // a quoted part, up to its closing quote ("" is a quote); unclosed, up to the end
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          field += text.slice(i);
          i = text.length;
          break;
        }
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else {
      if (c === '\r' && text[i] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * The cells of one column of CSV text, as parseCsv's rows give them ('' where a row is short),
 * without making every row: a line with no quote, or with one quoted field, is walked to the
 * cell, nothing else taken out; another line is parsed alone. Text whose header has no such
 * column, or whose records may span lines (a line with an odd number of quotes, a CR), is parsed
 * whole. (A campaign start looks at the log column of a 50,000-run runs.csv: parsing it whole
 * took 0.3-0.9 s.)
 */
export function csvColumn(text: string, name: string): string[] {
  const whole = (): string[] => {
    const [header = [], ...rows] = parseCsv(text);
    const at = header.indexOf(name);
    return rows.map((r) => (at < 0 ? '' : (r[at] ?? '')));
  };
  const headEnd = text.indexOf('\n');
  if (headEnd < 0 || text.includes('\r')) return whole();
  const head = text.slice(0, headEnd);
  const at = head.includes('"') ? -1 : head.split(',').indexOf(name);
  if (at < 0) return whole();
  // the next quote and comma at or after a place (the places asked for only grow: the text is
  // searched once); the text's length when there is none
  let quote = -1;
  let comma = -1;
  const quoteFrom = (p: number): number => {
    if (quote < p) quote = text.indexOf('"', p);
    if (quote < 0) quote = text.length;
    return quote;
  };
  const commaFrom = (p: number): number => {
    if (comma < p) comma = text.indexOf(',', p);
    if (comma < 0) comma = text.length;
    return comma;
  };
  const cells: string[] = [];
  for (let s = headEnd + 1; s < text.length;) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 ? text.length : nl;
    // the line's quoted field, when it has one, whole (a field of its own, two quotes)
    let open = quoteFrom(s);
    let close = -1;
    if (open < e) {
      close = quoteFrom(open + 1);
      const whole1 =
        close < e &&
        quoteFrom(close + 1) >= e &&
        (open === s || text[open - 1] === ',') &&
        (close + 1 === e || text[close + 1] === ',');
      if (!whole1) {
        // an odd number of quotes: a quoted newline, the record goes on on the next line
        let quotes = 1;
        for (let q = close; q < e; q = quoteFrom(q + 1)) quotes++;
        if (quotes % 2 === 1) return whole();
        cells.push(parseCsv(text.slice(s, e))[0]?.[at] ?? '');
        s = e + 1;
        continue;
      }
    } else open = -1;
    // field by field to the column's: the quoted one up to its closing quote
    let p = s;
    for (let k = 0; k < at && p >= 0; k++) {
      const end = p === open ? close + 1 : Math.min(commaFrom(p), e);
      p = end >= e ? -1 : end + 1;
    }
    cells.push(
      p < 0
        ? ''
        : p === open
          ? text.slice(open + 1, close)
          : text.slice(p, Math.min(commaFrom(p), e)),
    );
    s = e + 1;
  }
  return cells;
}

/** Rows of a runs.csv text as column name -> value maps. */
export function parseRunsCsv(text: string): RunsRow[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((r) => new Map(header.map((h, i) => [h, r[i] ?? ''])));
}
