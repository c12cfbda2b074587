// Marks of where each table of an SQLite scalar file ended at some moment, kept in a temp table
// of one connection: what was added since (a run just staged) can then be read on its own, by
// row id ranges, without an index (see runCsvParts in sqlite-csv.ts).
import type { Database } from './sqlite-api.js';

/** The tables of an SQLite scalar file whose rows a connection can mark (see markRows). */
export type MarkedTable = (typeof MARKED)[number];
const MARKED = [
  'run',
  'runAttr',
  'runItervar',
  'runConfig',
  'scalar',
  'scalarAttr',
  'parameter',
  'paramAttr',
  'statistic',
  'statisticAttr',
  'histogramBin',
] as const;

/** A condition on `alias` of `table`: a row added since the connection's last markRows. */
export const sinceMark = (table: MarkedTable, alias?: string): string =>
  `${alias ? `${alias}.` : ''}rowid > (SELECT id FROM temp.mark WHERE t = '${table}')`;

/**
 * Marks the last row of each table of `db` now (in a temp table of this connection): a
 * `marked` export then reads only the rows added after. The same SQL text each time, so a
 * caching connection (see cachedStatements) prepares it once.
 */
export function markRows(db: Database): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS mark (t TEXT PRIMARY KEY, id INTEGER NOT NULL);');
  db.prepare(
    `INSERT OR REPLACE INTO temp.mark (t, id) ${MARKED.map(
      (t) => `SELECT '${t}', coalesce(max(rowid), 0) FROM ${t}`,
    ).join(' UNION ALL ')};`,
  ).run();
}
