// `opp_scavetool export -F CSV-R` of an SQLite scalar file, streamed from the database in a
// chosen run order: run metadata, then scalars, parameters, statistics and histograms, each run
// by run (items of a run in id order; a run's statistics before its histograms), as
// exportCsvRecords() writes a ResultSet. Rows come from SQLite cursors sorted by SQLite (which
// spills large sorts to disk), so memory does not grow with the number of results.

import {
  CsvRecordsFormatter,
  makeUnweightedStatistics,
  makeWeightedStatistics,
  sortRunsForOutput,
  sortedMap,
  type CsvExportOptions,
  type Histogram,
  type ParameterResult,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
} from '../../core/results/index.js';
import { readSqliteRunHeaders } from './merge-inputs.js';
import { openDatabase, type Database } from './sqlite-api.js';

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
  let ranks = new Map<number, number>();
  const open = (): Database => {
    const db = orderedConnection(path, ranks);
    cursors.push(db);
    return db;
  };
  try {
    const exists = (sql: string): boolean => main.prepare(sql).get() !== undefined;
    const contents = {
      scalars: exists('SELECT 1 FROM scalar LIMIT 1;'),
      parameters: exists('SELECT 1 FROM parameter LIMIT 1;'),
      statistics: exists('SELECT 1 FROM statistic WHERE isHistogram = 0 LIMIT 1;'),
      histograms: exists('SELECT 1 FROM statistic WHERE isHistogram <> 0 LIMIT 1;'),
      vectors: false,
    };
    const withItems = new Set(
      main
        .prepare(
          'SELECT runId FROM scalar UNION SELECT runId FROM parameter UNION SELECT runId FROM statistic;',
        )
        .pluck()
        .all()
        .map(Number),
    );
    const headers = readSqliteRunHeaders(main, path).filter((h) => withItems.has(h.runId));
    const idOf = new Map<RunInfo, number>(headers.map((h) => [h.run, h.runId]));
    const runs = sortRunsForOutput(headers.map((h) => h.run));
    ranks = new Map(runs.map((r, i) => [idOf.get(r) ?? -1, i]));
    const nameOf = new Map(headers.map((h) => [h.runId, h.run.runName]));

    const out = new CsvRecordsFormatter(contents, options);
    out.header();
    for (const run of runs) {
      out.runMetadata(run);
      if (out.buf.length >= FLUSH_SIZE) {
        yield out.take();
        await pause();
      }
    }
    const base = (r: Row) => ({
      runName: nameOf.get(Number(r[1])) ?? '',
      module: str(r[2]),
      name: str(r[3]),
      file: path,
    });

    if (contents.scalars) {
      const attrs = new Follower(
        open()
          .prepare(
            `SELECT a.scalarId, a.attrName, a.attrValue FROM scalarAttr a
             JOIN scalar s ON s.scalarId = a.scalarId JOIN temp.ord o ON o.runId = s.runId
             ORDER BY o.rank, s.scalarId, a.attrName, a.rowid;`,
          )
          .raw(true)
          .iterate(),
      );
      for (const r of open()
        .prepare(
          `SELECT s.scalarId, s.runId, s.moduleName, s.scalarName, s.scalarValue FROM scalar s
           JOIN temp.ord o ON o.runId = s.runId ORDER BY o.rank, s.scalarId;`,
        )
        .raw(true)
        .iterate()) {
        const item: ScalarResult = {
          ...base(r),
          type: 'scalar',
          attributes: attrMap(attrs.take(r[0])),
          value: num(r[4]),
        };
        out.scalar(item);
        if (out.buf.length >= FLUSH_SIZE) {
          yield out.take();
          await pause();
        }
      }
    }

    if (contents.parameters) {
      const attrs = new Follower(
        open()
          .prepare(
            `SELECT a.paramId, a.attrName, a.attrValue FROM paramAttr a
             JOIN parameter p ON p.paramId = a.paramId JOIN temp.ord o ON o.runId = p.runId
             ORDER BY o.rank, p.paramId, a.attrName, a.rowid;`,
          )
          .raw(true)
          .iterate(),
      );
      for (const r of open()
        .prepare(
          `SELECT p.paramId, p.runId, p.moduleName, p.paramName, p.paramValue FROM parameter p
           JOIN temp.ord o ON o.runId = p.runId ORDER BY o.rank, p.paramId;`,
        )
        .raw(true)
        .iterate()) {
        const item: ParameterResult = {
          ...base(r),
          type: 'parameter',
          attributes: attrMap(attrs.take(r[0])),
          value: str(r[4]),
        };
        out.parameter(item);
        if (out.buf.length >= FLUSH_SIZE) {
          yield out.take();
          await pause();
        }
      }
    }

    if (contents.statistics || contents.histograms) {
      const order = 'ORDER BY o.rank, s.isHistogram <> 0, s.statId';
      const attrs = new Follower(
        open()
          .prepare(
            `SELECT a.statId, a.attrName, a.attrValue FROM statisticAttr a
             JOIN statistic s ON s.statId = a.statId JOIN temp.ord o ON o.runId = s.runId
             ${order}, a.attrName, a.rowid;`,
          )
          .raw(true)
          .iterate(),
      );
      const bins = new Follower(
        open()
          .prepare(
            `SELECT b.statId, b.lowerEdge, b.binValue FROM histogramBin b
             JOIN statistic s ON s.statId = b.statId JOIN temp.ord o ON o.runId = s.runId
             ${order}, b.lowerEdge;`,
          )
          .raw(true)
          .iterate(),
      );
      for (const r of open()
        .prepare(
          `SELECT s.statId, s.runId, s.moduleName, s.statName, s.isHistogram, s.isWeighted,
                  s.statCount, s.statSum, s.statSqrsum, s.statMin, s.statMax, s.statWeights,
                  s.statWeightedSum, s.statSqrSumWeights, s.statWeightedSqrSum
           FROM statistic s JOIN temp.ord o ON o.runId = s.runId ${order};`,
        )
        .raw(true)
        .iterate()) {
        const isHistogram = num(r[4]) !== 0;
        const statistics =
          num(r[5]) !== 0
            ? makeWeightedStatistics(
                num(r[6]),
                num(r[9]),
                num(r[10]),
                num(r[11]),
                num(r[12]),
                num(r[13]),
                num(r[14]),
              )
            : makeUnweightedStatistics(num(r[6]), num(r[9]), num(r[10]), num(r[7]), num(r[8]));
        const b = bins.take(r[0]);
        const histogram: Histogram | undefined = isHistogram
          ? {
              binEdges: b.slice(1).map((x) => num(x[1])),
              binValues: b.slice(1, -1).map((x) => num(x[2])),
              underflows: b.length > 0 ? num(b[0]?.[2]) : 0,
              overflows: b.length > 0 ? num(b[b.length - 1]?.[2]) : 0,
            }
          : undefined;
        const item: StatisticResult = {
          ...base(r),
          type: isHistogram ? 'histogram' : 'statistic',
          attributes: attrMap(attrs.take(r[0])),
          statistics,
          ...(histogram ? { histogram } : {}),
        };
        out.statistic(item);
        if (out.buf.length >= FLUSH_SIZE) {
          yield out.take();
          await pause();
        }
      }
    }
    if (out.buf.length > 0) yield out.take();
  } finally {
    for (const db of cursors) db.close();
    main.close();
  }
}
