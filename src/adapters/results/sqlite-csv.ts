// `opp_scavetool export -F CSV-R` of an SQLite scalar file, streamed from the database in a
// chosen run order: run metadata, then scalars, parameters, statistics and histograms, each run
// by run (items of a run in id order; a run's statistics before its histograms), as
// exportCsvRecords() writes a ResultSet. Rows come from SQLite cursors sorted by SQLite (which
// spills large sorts to disk), so memory does not grow with the number of results.

import {
  CsvRecordsFormatter,
  histogramFromBinRows,
  sortRunsForOutput,
  sortedMap,
  statisticsFromRow,
  type CsvContents,
  type CsvExportOptions,
  type ParameterResult,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
} from '../../core/results/index.js';
import { readSqliteRunHeaders } from './merge-inputs.js';
import { openDatabase, type Database, type Statement } from './sqlite-api.js';

const FLUSH_SIZE = 1 << 16;

type Row = unknown[];
const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';
/** Lets timers and signals through between chunks (the database reads are synchronous). */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A read-only connection with the run order in a temp table `ord(runId, rank)`: each cursor
 * gets its own connection, so that each cursor reads its own ordered scan.
 */
function orderedConnection(path: string, ranks: ReadonlyMap<number, number>): Database {
  const db = openDatabase(path, 'read');
  db.exec('CREATE TEMP TABLE ord (runId INTEGER PRIMARY KEY, rank INTEGER NOT NULL);');
  const ins = db.prepare('INSERT INTO temp.ord (runId, rank) VALUES (?, ?);');
  db.exec('BEGIN;');
  for (const [id, rank] of ranks) ins.run(id, rank);
  db.exec('COMMIT;');
  return db;
}

/** Rows of `sql` grouped by their first column (consecutive rows with equal keys). */
function* grouped(rows: Iterable<Row>): Generator<[unknown, Row[]]> {
  let key: unknown;
  let group: Row[] = [];
  for (const r of rows) {
    if (group.length > 0 && r[0] !== key) {
      yield [key, group];
      group = [];
    }
    key = r[0];
    group.push(r);
  }
  if (group.length > 0) yield [key, group];
}

/** Follows an ordered cursor of (id, ...) rows alongside the items it belongs to. */
class Follower {
  private pending: [unknown, Row[]] | undefined;
  private readonly it: Generator<[unknown, Row[]]>;
  constructor(rows: Iterable<Row>) {
    this.it = grouped(rows);
    this.pending = this.next();
  }
  private next(): [unknown, Row[]] | undefined {
    const n = this.it.next();
    return n.done ? undefined : n.value;
  }
  /** The rows of `id`, which must be asked for in the cursor's order. */
  take(id: unknown): Row[] {
    if (this.pending === undefined || this.pending[0] !== id) return [];
    const rows = this.pending[1];
    this.pending = this.next();
    return rows;
  }
}

const attrMap = (rows: readonly Row[]): Map<string, string> =>
  sortedMap(rows.map((r) => [str(r[1]), str(r[2])] as const));

/** The tables an export reads. */
type ScalarTable =
  | 'scalar'
  | 'scalarAttr'
  | 'parameter'
  | 'paramAttr'
  | 'statistic'
  | 'statisticAttr'
  | 'histogramBin';

/**
 * `FROM <table> <alias>`, joined to the rank order of the `ord` temp table when `ranked`; `child`:
 * a table of items' attributes or bins, joined to its items.
 */
function rowsOf(
  ranked: boolean,
  table: ScalarTable,
  alias: string,
  child?: { readonly table: ScalarTable; readonly alias: string; readonly key: string },
  where: readonly string[] = [],
): string {
  const from = child
    ? `${child.table} ${child.alias} JOIN ${table} ${alias} ON ${alias}.${child.key} = ${child.alias}.${child.key}`
    : `${table} ${alias}`;
  const conditions = [...where];
  const join = ranked ? ` JOIN temp.ord o ON o.runId = ${alias}.runId` : '';
  return `${from}${join}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/** Where the rows of each part of an export go (the header, then every run's rows by part). */
type Part = 'header' | 'meta' | 'scalars' | 'parameters' | 'statistics';

/**
 * The export's text in parts, a part at most ~FLUSH_SIZE at a time: the header, every run's
 * metadata, scalars, parameters, statistics and histograms (run by run in each part; items of a
 * run in id order; a run's statistics before its histograms), as exportCsvRecords() writes a
 * ResultSet. Rows come from SQLite cursors sorted by SQLite (which spills large sorts to disk),
 * so memory does not grow with the number of results. `open` gives each cursor its connection.
 */
function* csvParts(
  main: Database,
  path: string,
  open: () => Database,
  options: CsvExportOptions,
  ranked: (ranks: ReadonlyMap<number, number>, runs: readonly RunInfo[]) => void,
  /** Closes the connections `open` gave: a section's cursors are done when the next begins. */
  release: () => void,
): Generator<readonly [Part, string, CsvContents]> {
  // what the file holds: a query each, no order needed
  const exists = (sql: string): boolean => main.prepare(sql).get() !== undefined;
  const contents: CsvContents = {
    scalars: exists(`SELECT 1 FROM ${rowsOf(false, 'scalar', 's')} LIMIT 1;`),
    parameters: exists(`SELECT 1 FROM ${rowsOf(false, 'parameter', 's')} LIMIT 1;`),
    statistics: exists(
      `SELECT 1 FROM ${rowsOf(false, 'statistic', 's', undefined, ['s.isHistogram = 0'])} LIMIT 1;`,
    ),
    histograms: exists(
      `SELECT 1 FROM ${rowsOf(false, 'statistic', 's', undefined, ['s.isHistogram <> 0'])} LIMIT 1;`,
    ),
    vectors: false,
  };
  const ids = (table: 'scalar' | 'parameter' | 'statistic'): unknown[] =>
    main
      .prepare(`SELECT DISTINCT s.runId FROM ${rowsOf(false, table, 's')};`)
      .pluck()
      .all();
  const withItems = new Set(
    [...ids('scalar'), ...ids('parameter'), ...ids('statistic')].map(Number),
  );
  // brief headers to sort the runs by; each run's metadata is read in that order below (a
  // header as read is 10-16 KB: never every run's at once)
  const headers = readSqliteRunHeaders(main, path, true).filter((h) => withItems.has(h.runId));
  const idOf = new Map<RunInfo, number>(headers.map((h) => [h.run, h.runId]));
  const runs = sortRunsForOutput(headers.map((h) => h.run));
  ranked(new Map(runs.map((r, i) => [idOf.get(r) ?? -1, i])), runs);
  const nameOf = new Map(headers.map((h) => [h.runId, h.run.runName]));
  const rank = 'o.rank, ';
  const rows = (st: Statement): Iterable<Row> => st.iterate();

  const out = new CsvRecordsFormatter(contents, options);
  out.header();
  yield ['header', out.take(), contents];
  if (runs.length > 0) {
    // every run's attributes, itervars and config entries, in rank order, as
    // readSqliteRunHeaders reads them (rows in file order, a later value of a name wins)
    const meta = (table: string, columns: string, order: string): Follower =>
      new Follower(
        rows(
          open()
            .prepare(
              `SELECT o.rank, ${columns} FROM ${table} t JOIN temp.ord o ON o.runId = t.runId ORDER BY o.rank, ${order};`,
            )
            .raw(true),
        ),
      );
    const attrs = meta('runAttr', 't.attrName, t.attrValue', 't.rowid');
    const itervars = meta('runItervar', 't.itervarName, t.itervarValue', 't.rowid');
    const config = meta('runConfig', 't.configKey, t.configValue', 't.configOrder, t.rowid');
    for (const [rank, brief] of runs.entries()) {
      out.runMetadata({
        runName: brief.runName,
        attributes: attrMap(attrs.take(rank)),
        itervars: attrMap(itervars.take(rank)),
        configEntries: config.take(rank).map((r) => [str(r[1]), str(r[2])] as const),
      });
      if (out.buf.length >= FLUSH_SIZE) yield ['meta', out.take(), contents];
    }
  }
  if (out.buf.length > 0) yield ['meta', out.take(), contents];
  const base = (r: Row) => ({
    runName: nameOf.get(Number(r[1])) ?? '',
    module: str(r[2]),
    name: str(r[3]),
    file: path,
  });

  if (contents.scalars) {
    release();
    const attrs = new Follower(
      rows(
        open()
          .prepare(
            `SELECT a.scalarId, a.attrName, a.attrValue
           FROM ${rowsOf(true, 'scalar', 's', { table: 'scalarAttr', alias: 'a', key: 'scalarId' })}
           ORDER BY ${rank}s.scalarId, a.attrName, a.rowid;`,
          )
          .raw(true),
      ),
    );
    for (const r of rows(
      open()
        .prepare(
          `SELECT s.scalarId, s.runId, s.moduleName, s.scalarName, s.scalarValue
         FROM ${rowsOf(true, 'scalar', 's')} ORDER BY ${rank}s.scalarId;`,
        )
        .raw(true),
    )) {
      const item: ScalarResult = {
        ...base(r),
        type: 'scalar',
        attributes: attrMap(attrs.take(r[0])),
        value: num(r[4]),
      };
      out.scalar(item);
      if (out.buf.length >= FLUSH_SIZE) yield ['scalars', out.take(), contents];
    }
    if (out.buf.length > 0) yield ['scalars', out.take(), contents];
  }

  if (contents.parameters) {
    release();
    const attrs = new Follower(
      rows(
        open()
          .prepare(
            `SELECT a.paramId, a.attrName, a.attrValue
           FROM ${rowsOf(true, 'parameter', 'p', { table: 'paramAttr', alias: 'a', key: 'paramId' })}
           ORDER BY ${rank}p.paramId, a.attrName, a.rowid;`,
          )
          .raw(true),
      ),
    );
    for (const r of rows(
      open()
        .prepare(
          `SELECT p.paramId, p.runId, p.moduleName, p.paramName, p.paramValue
         FROM ${rowsOf(true, 'parameter', 'p')} ORDER BY ${rank}p.paramId;`,
        )
        .raw(true),
    )) {
      const item: ParameterResult = {
        ...base(r),
        type: 'parameter',
        attributes: attrMap(attrs.take(r[0])),
        value: str(r[4]),
      };
      out.parameter(item);
      if (out.buf.length >= FLUSH_SIZE) yield ['parameters', out.take(), contents];
    }
    if (out.buf.length > 0) yield ['parameters', out.take(), contents];
  }

  if (contents.statistics || contents.histograms) {
    release();
    const order = `ORDER BY ${rank}s.isHistogram <> 0, s.statId`;
    const attrs = new Follower(
      rows(
        open()
          .prepare(
            `SELECT a.statId, a.attrName, a.attrValue
           FROM ${rowsOf(true, 'statistic', 's', { table: 'statisticAttr', alias: 'a', key: 'statId' })}
           ${order}, a.attrName, a.rowid;`,
          )
          .raw(true),
      ),
    );
    const bins = new Follower(
      rows(
        open()
          .prepare(
            `SELECT b.statId, b.lowerEdge, b.binValue
           FROM ${rowsOf(true, 'statistic', 's', { table: 'histogramBin', alias: 'b', key: 'statId' })}
           ${order}, b.lowerEdge;`,
          )
          .raw(true),
      ),
    );
    for (const r of rows(
      open()
        .prepare(
          `SELECT s.statId, s.runId, s.moduleName, s.statName, s.isHistogram, s.isWeighted,
                s.statCount, s.statSum, s.statSqrsum, s.statMin, s.statMax, s.statWeights,
                s.statWeightedSum, s.statSqrSumWeights, s.statWeightedSqrSum
         FROM ${rowsOf(true, 'statistic', 's')} ${order};`,
        )
        .raw(true),
    )) {
      const isHistogram = num(r[4]) !== 0;
      const statistics = statisticsFromRow(
        {
          isWeighted: num(r[5]) !== 0 ? 1 : 0,
          statCount: r[6] as number,
          statSum: r[7] as number | null,
          statSqrsum: r[8] as number | null,
          statMin: r[9] as number,
          statMax: r[10] as number,
          statWeights: r[11] as number | null,
          statWeightedSum: r[12] as number | null,
          statSqrSumWeights: r[13] as number | null,
          statWeightedSqrSum: r[14] as number | null,
        },
        num,
      );
      const histogram = isHistogram
        ? histogramFromBinRows(bins.take(r[0]).map((x) => [num(x[1]), num(x[2])] as const))
        : undefined;
      const item: StatisticResult = {
        ...base(r),
        type: isHistogram ? 'histogram' : 'statistic',
        attributes: attrMap(attrs.take(r[0])),
        statistics,
        ...(histogram ? { histogram } : {}),
      };
      out.statistic(item);
      if (out.buf.length >= FLUSH_SIZE) yield ['statistics', out.take(), contents];
    }
    if (out.buf.length > 0) yield ['statistics', out.take(), contents];
  }
}

/**
 * Yields the CSV-R text of an SQLite scalar file with runs sorted by config, run number and run
 * id (see run-order.ts).
 */
export async function* exportSqliteScalarsCsv(
  path: string,
  options: CsvExportOptions = {},
): AsyncGenerator<string> {
  const main = openDatabase(path, 'read');
  const cursors: Database[] = [];
  let ranks: ReadonlyMap<number, number> = new Map();
  const open = (): Database => {
    const db = orderedConnection(path, ranks);
    cursors.push(db);
    return db;
  };
  // a section's connections closed before the next section opens its own: at most four at
  // once (each a file descriptor, or more), not every section's (a low \`ulimit -n\`)
  const release = (): void => {
    for (const db of cursors.splice(0)) db.close();
  };
  try {
    const parts = csvParts(main, path, open, options, (r) => (ranks = r), release);
    for (const [, text] of parts) {
      if (text.length > 0) yield text;
      await pause();
    }
  } finally {
    release();
    main.close();
  }
}
