// Writes OMNeT++ SQLite result files (the schema and value encoding of OMNeT++ 6.1's
// SqliteScalarFileWriter and SqliteVectorFileWriter): runs with their attributes, iteration
// variables and config entries; scalars, parameters, statistics and histograms; vectors with
// their summary columns and data. Records come from text files one by one; SQLite inputs are
// copied table to table inside SQLite (ATTACH + INSERT ... SELECT), so no input is held in memory.
// Each input is added in one transaction, so a bad input leaves no trace.

import {
  VECTOR_DATA_INDEX,
  SQLITE_RESULT_SCHEMA,
  histogramBinRows,
  statisticRow,
  type AttributeMap,
  type ParameterResult,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
  type VectorSummaryCollector,
} from '../../core/results/index.js';
import { openDatabase, type Database, type Statement } from './sqlite-api.js';

/** Data rows per multi-row INSERT: one native call per batch instead of per row. */
const ROWS_PER_INSERT = 256;

export type SqliteKind = 'scalar' | 'vector';

/** The tables of each kind, parents first: [table, id column, child tables keyed by that id]. */
const TABLES: Record<SqliteKind, ReadonlyArray<readonly [string, string, readonly string[]]>> = {
  scalar: [
    ['scalar', 'scalarId', ['scalarAttr']],
    ['parameter', 'paramId', ['paramAttr']],
    ['statistic', 'statId', ['statisticAttr', 'histogramBin']],
  ],
  vector: [['vector', 'vectorId', ['vectorAttr', 'vectorData']]],
};

const COLUMNS: Readonly<Record<string, string>> = {
  scalar: 'moduleName, scalarName, scalarValue',
  parameter: 'moduleName, paramName, paramValue',
  statistic:
    'moduleName, statName, isHistogram, isWeighted, statCount, statMean, statStddev, statSum, ' +
    'statSqrsum, statMin, statMax, statWeights, statWeightedSum, statSqrSumWeights, ' +
    'statWeightedSqrSum',
  vector:
    'moduleName, vectorName, vectorCount, vectorMin, vectorMax, vectorSum, vectorSumSqr, ' +
    'startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw',
  scalarAttr: 'attrName, attrValue',
  paramAttr: 'attrName, attrValue',
  statisticAttr: 'attrName, attrValue',
  vectorAttr: 'attrName, attrValue',
  histogramBin: 'lowerEdge, binValue',
  vectorData: 'eventNumber, simtimeRaw, value',
};

/** The run names an SQLite result file holds. */
export function runNamesOf(db: Database): Set<string> {
  const names = db.prepare('SELECT runName FROM run;').pluck().all() as string[];
  return new Set(names);
}

/** Rows per multi-row INSERT of records (bound values stay far below SQLite's limit). */
const RECORD_ROWS_PER_INSERT = 64;

/**
 * Rows of one table waiting to be inserted, RECORD_ROWS_PER_INSERT to a statement: one native
 * call per batch instead of per row. Rows keep the order they were added in.
 */
class RowBuffer {
  private values: unknown[] = [];
  private readonly width: number;
  private readonly byCount = new Map<number, Statement>();

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly columns: string,
  ) {
    this.width = columns.split(',').length;
  }

  add(...row: unknown[]): void {
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
    if (this.values.length >= RECORD_ROWS_PER_INSERT * this.width) this.flush();
  }

  private statement(rows: number): Statement {
    let s = this.byCount.get(rows);
    if (s === undefined) {
      const row = `(${placeholders(this.width)})`;
      s = this.db.prepare(
        `INSERT INTO ${this.table} (${this.columns}) VALUES ${Array(rows).fill(row).join(', ')};`,
      );
      this.byCount.set(rows, s);
    }
    return s;
  }

  flush(): void {
    const v = this.values;
    if (v.length === 0) return;
    this.values = [];
    const n = v.length / this.width;
    for (let at = 0; at < n; at += RECORD_ROWS_PER_INSERT) {
      const rows = Math.min(RECORD_ROWS_PER_INSERT, n - at);
      this.statement(rows).run(v.slice(at * this.width, (at + rows) * this.width));
    }
  }

  discard(): void {
    this.values = [];
  }
}

/** The tables text records go to with their id columns (children take the parent's id). */
const RECORD_TABLES = {
  runAttr: 'runId, attrName, attrValue',
  runItervar: 'runId, itervarName, itervarValue',
  runConfig: 'runId, configKey, configValue, configOrder',
  scalar: 'scalarId, runId, moduleName, scalarName, scalarValue',
  parameter: 'paramId, runId, moduleName, paramName, paramValue',
  statistic: `statId, runId, ${COLUMNS['statistic']}`,
  scalarAttr: 'scalarId, attrName, attrValue',
  paramAttr: 'paramId, attrName, attrValue',
  statisticAttr: 'statId, attrName, attrValue',
  vectorAttr: 'vectorId, attrName, attrValue',
  histogramBin: 'statId, lowerEdge, binValue',
} as const;

type RecordTable = keyof typeof RECORD_TABLES;

/** The tables whose ids records take from a counter of this writer's own. */
type IdTable = 'scalar' | 'parameter' | 'statistic';

const ID_COLUMN: Readonly<Record<IdTable, string>> = {
  scalar: 'scalarId',
  parameter: 'paramId',
  statistic: 'statId',
};

export class ResultDbWriter {
  private readonly stmts = new Map<string, Statement>();
  private readonly freshFile: boolean;
  /** Records not inserted yet (see flushRecords), by table. */
  private readonly buffers = new Map<RecordTable, RowBuffer>();
  /**
   * The id the next record of each table gets (AUTOINCREMENT's: past the table's sequence and
   * its largest id), read when first needed after anything but records changed the file.
   */
  private nextIds: Record<IdTable, number> | undefined;

  private constructor(
    readonly path: string,
    private readonly db: Database,
    fresh: boolean,
  ) {
    this.freshFile = fresh;
  }

  /**
   * Opens `path` for writing: a new file gets the schema; an existing one (a copy of an earlier
   * merge) is appended to. Pragmas favour speed: the file is a temporary one, renamed into
   * place only when complete.
   */
  static open(path: string, fresh: boolean): ResultDbWriter {
    const db = openDatabase(path, 'write');
    try {
      db.exec('PRAGMA journal_mode = MEMORY;');
      db.exec('PRAGMA synchronous = OFF;');
      db.exec('PRAGMA foreign_keys = OFF;');
      db.exec('PRAGMA cache_size = -16384;');
      db.exec('PRAGMA temp_store = FILE;');
      if (fresh) db.exec(`BEGIN;\n${SQLITE_RESULT_SCHEMA}\nCOMMIT;`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new ResultDbWriter(path, db, fresh);
  }

  runNames(): Set<string> {
    return runNamesOf(this.db);
  }

  /** Keeps the file locked from the next write until it is closed (a private file). */
  lockExclusively(): void {
    this.db.exec('PRAGMA locking_mode = EXCLUSIVE;');
  }

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (s === undefined) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /**
   * Holds what later transactions add in one transaction of SQLite's, until release() or
   * close(): each of them is then a savepoint (undone alone when it fails), and the pages they
   * change are written once, not at every input (a staging file that takes a run at a time).
   */
  hold(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN;');
  }

  /** Commits what was held (see hold). */
  release(): void {
    this.flushRecords();
    if (this.db.inTransaction) this.db.exec('COMMIT;');
  }

  private begin(): boolean {
    const held = this.db.inTransaction;
    this.db.exec(held ? 'SAVEPOINT input;' : 'BEGIN;');
    return held;
  }

  private end(held: boolean): void {
    this.flushRecords();
    this.db.exec(held ? 'RELEASE input;' : 'COMMIT;');
  }

  /** Runs `f` as one transaction: all of an input's rows, or none. */
  transaction<T>(f: () => T): T {
    const held = this.begin();
    try {
      const r = f();
      this.end(held);
      return r;
    } catch (e) {
      this.rollBack(held);
      throw e;
    }
  }

  /** Undoes the open transaction (or input, when held), records not inserted yet included. */
  private rollBack(held: boolean): void {
    for (const b of this.buffers.values()) b.discard();
    this.nextIds = undefined;
    if (held) this.db.exec('ROLLBACK TO input; RELEASE input;');
    else if (this.db.inTransaction) this.db.exec('ROLLBACK;');
  }

  /** Inserts the records added so far (each table's in the order they were added). */
  private flushRecords(): void {
    for (const b of this.buffers.values()) b.flush();
  }

  private buffer(table: RecordTable): RowBuffer {
    let b = this.buffers.get(table);
    if (b === undefined)
      this.buffers.set(table, (b = new RowBuffer(this.db, table, RECORD_TABLES[table])));
    return b;
  }

  /** The id of a new record of `table`. */
  private newId(table: IdTable): number {
    if (this.nextIds === undefined) {
      const next = (t: IdTable): number =>
        1 +
        Number(
          this.db
            .prepare(
              `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '${t}'), 0), COALESCE((SELECT MAX(${ID_COLUMN[t]}) FROM ${t}), 0));`,
            )
            .pluck()
            .get(),
        );
      this.nextIds = {
        scalar: next('scalar'),
        parameter: next('parameter'),
        statistic: next('statistic'),
      };
    }
    return this.nextIds[table]++;
  }

  /** Like transaction(), for work that awaits (streamed input). */
  async transactionAsync<T>(f: () => Promise<T>): Promise<T> {
    const held = this.begin();
    try {
      const r = await f();
      this.end(held);
      return r;
    } catch (e) {
      this.rollBack(held);
      throw e;
    }
  }

  // --- records (text inputs) ----------------------------------------------------------------

  /** Adds a run row with its attributes, iteration variables and config entries; its runId. */
  addRun(run: RunInfo, simtimeExp: number): number {
    const runId = Number(
      this.stmt('INSERT INTO run (runName, simtimeExp) VALUES (?, ?);').run(run.runName, simtimeExp)
        .lastInsertRowid,
    );
    const attr = this.buffer('runAttr');
    for (const [k, v] of run.attributes) attr.add(runId, k, v);
    const itervar = this.buffer('runItervar');
    for (const [k, v] of run.itervars) itervar.add(runId, k, v);
    const config = this.buffer('runConfig');
    run.configEntries.forEach(([k, v], i) => config.add(runId, k, v, i));
    return runId;
  }

  private attrs(
    table: 'scalarAttr' | 'paramAttr' | 'statisticAttr' | 'vectorAttr',
    id: number,
    attributes: ReadonlyMap<string, string>,
  ): void {
    if (attributes.size === 0) return;
    const b = this.buffer(table);
    attributes.forEach((v, k) => b.add(id, k, v));
  }

  addScalar(runId: number, item: ScalarResult): void {
    this.addScalarOf(runId, item.module, item.name, item.value, item.attributes);
  }

  /** addScalar of a scalar given by its parts (attributes in name order). */
  addScalarOf(
    runId: number,
    module: string,
    name: string,
    value: number,
    attributes: AttributeMap,
  ): void {
    const id = this.newId('scalar');
    this.buffer('scalar').add(id, runId, module, name, value);
    this.attrs('scalarAttr', id, attributes);
  }

  addParameter(runId: number, item: ParameterResult): void {
    this.addParameterOf(runId, item.module, item.name, item.value, item.attributes);
  }

  /** addParameter of a parameter given by its parts (attributes in name order). */
  addParameterOf(
    runId: number,
    module: string,
    name: string,
    value: string,
    attributes: AttributeMap,
  ): void {
    const id = this.newId('parameter');
    this.buffer('parameter').add(id, runId, module, name, value);
    this.attrs('paramAttr', id, attributes);
  }

  addStatistic(runId: number, item: StatisticResult): void {
    const r = statisticRow(item);
    const id = this.newId('statistic');
    this.buffer('statistic').add(
      id,
      runId,
      item.module,
      item.name,
      r.isHistogram,
      r.isWeighted,
      r.statCount,
      r.statMean,
      r.statStddev,
      r.statSum,
      r.statSqrsum,
      r.statMin,
      r.statMax,
      r.statWeights,
      r.statWeightedSum,
      r.statSqrSumWeights,
      r.statWeightedSqrSum,
    );
    this.attrs('statisticAttr', id, item.attributes);
    if (item.histogram === undefined) return;
    const bins = this.buffer('histogramBin');
    for (const [edge, value] of histogramBinRows(item.histogram)) bins.add(id, edge, value);
  }

  /** The vectorId the next vector gets when none is given explicitly. */
  nextVectorId(): number {
    const seq = this.db
      .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'vector';")
      .pluck()
      .get() as number | undefined;
    return (seq ?? 0) + 1;
  }

  /** Adds a vector row (with its summary) and its attributes under the given vectorId. */
  addVector(
    runId: number,
    vectorId: number,
    module: string,
    name: string,
    attributes: ReadonlyMap<string, string>,
    s: VectorSummaryCollector,
  ): void {
    this.stmt(
      `INSERT INTO vector (vectorId, runId, ${COLUMNS['vector']}) VALUES (${placeholders(13)});`,
    ).run(
      vectorId,
      runId,
      module,
      name,
      s.count,
      s.min,
      s.max,
      s.sum,
      s.sumSqr,
      s.startEventNum,
      s.endEventNum,
      s.startRaw,
      s.endRaw,
    );
    this.attrs('vectorAttr', vectorId, attributes);
  }

  private readonly pending: unknown[] = new Array<unknown>(4 * ROWS_PER_INSERT);
  private pendingRows = 0;
  private batchInsert: Statement | undefined;

  /** Adds a vector data row; rows are inserted ROWS_PER_INSERT at a time (see flushVectorData). */
  addVectorDatum(vectorId: number, eventNumber: number, raw: number | bigint, value: number): void {
    const p = this.pending;
    const i = this.pendingRows * 4;
    p[i] = vectorId;
    p[i + 1] = eventNumber;
    p[i + 2] = raw;
    p[i + 3] = value;
    if (++this.pendingRows === ROWS_PER_INSERT) {
      this.batchInsert ??= this.db.prepare(
        `INSERT INTO vectorData (vectorId, ${COLUMNS['vectorData']}) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')};`,
      );
      this.batchInsert.run(p);
      this.pendingRows = 0;
    }
  }

  /** Inserts the rows addVectorDatum() still holds. */
  flushVectorData(): void {
    const single = this.stmt(
      `INSERT INTO vectorData (vectorId, ${COLUMNS['vectorData']}) VALUES (?, ?, ?, ?);`,
    );
    const p = this.pending;
    for (let i = 0; i < this.pendingRows * 4; i += 4)
      single.run(p[i], p[i + 1], p[i + 2], p[i + 3]);
    this.pendingRows = 0;
  }

  /** Drops the rows addVectorDatum() holds (their input failed). */
  discardVectorData(): void {
    this.pendingRows = 0;
  }

  // --- SQLite inputs ------------------------------------------------------------------------

  /**
   * Copies the given runs, with their items of `kind`, from an SQLite result file, in one
   * transaction. Runs are added in the order given; items keep their order within a run.
   */
  copyFromSqlite(path: string, runNames: readonly string[], kind: SqliteKind): void {
    const db = this.db;
    // new ids continue the tables' sequences, records added before included
    this.flushRecords();
    this.nextIds = undefined;
    // ATTACH is not allowed inside a transaction (node:sqlite opens no URIs, so the input
    // is attached read-write; it is only read)
    db.prepare('ATTACH DATABASE ? AS src;').run(path);
    try {
      this.transaction(() => this.copyAttached(runNames, kind));
    } finally {
      db.exec('DETACH DATABASE src;');
    }
  }

  private copyAttached(runNames: readonly string[], kind: SqliteKind): void {
    const db = this.db;
    db.exec(
      'DROP TABLE IF EXISTS temp.rmap; CREATE TEMP TABLE rmap (oldId INTEGER PRIMARY KEY, newId INTEGER NOT NULL);',
    );
    const oldIdOf = db
      .prepare('SELECT runId, simtimeExp FROM src.run WHERE runName = ?;')
      .raw(true);
    const addRun = db.prepare('INSERT INTO main.run (runName, simtimeExp) VALUES (?, ?);');
    const map = db.prepare('INSERT INTO temp.rmap (oldId, newId) VALUES (?, ?);');
    for (const name of runNames) {
      const row = oldIdOf.get(name) as [number, number] | undefined;
      if (row === undefined) continue;
      map.run(row[0], addRun.run(name, row[1]).lastInsertRowid);
    }
    for (const [table, cols] of [
      ['runAttr', 'attrName, attrValue'],
      ['runItervar', 'itervarName, itervarValue'],
      ['runConfig', 'configKey, configValue, configOrder'],
    ] as const)
      db.exec(
        `INSERT INTO main.${table} (runId, ${cols})
           SELECT m.newId, ${prefixed('t', cols)} FROM src.${table} t
           JOIN temp.rmap m ON m.oldId = t.runId ORDER BY m.newId, t.rowid;`,
      );
    for (const [table, idColumn, children] of TABLES[kind]) {
      // new ids continue the table's AUTOINCREMENT sequence, in (run, old id) order
      db.exec(
        `DROP TABLE IF EXISTS temp.imap;
         CREATE TEMP TABLE imap (oldId INTEGER PRIMARY KEY, newId INTEGER NOT NULL);
         INSERT INTO temp.imap (oldId, newId)
           SELECT t.${idColumn},
                  COALESCE((SELECT seq FROM main.sqlite_sequence WHERE name = '${table}'), 0)
                  + row_number() OVER (ORDER BY m.newId, t.${idColumn})
           FROM src.${table} t JOIN temp.rmap m ON m.oldId = t.runId;
         INSERT INTO main.${table} (${idColumn}, runId, ${COLUMNS[table]})
           SELECT i.newId, m.newId, ${prefixed('t', COLUMNS[table] ?? '')}
           FROM src.${table} t
           JOIN temp.imap i ON i.oldId = t.${idColumn}
           JOIN temp.rmap m ON m.oldId = t.runId
           ORDER BY i.newId;`,
      );
      for (const child of children) {
        // vector data stays in file order (readers order a vector's rows by rowid)
        const order = child === 'vectorData' ? 'c.rowid' : 'i.newId, c.rowid';
        db.exec(
          `INSERT INTO main.${child} (${idColumn}, ${COLUMNS[child]})
             SELECT i.newId, ${prefixed('c', COLUMNS[child] ?? '')}
             FROM src.${child} c JOIN temp.imap i ON i.oldId = c.${idColumn}
             ORDER BY ${order};`,
        );
      }
    }
    db.exec('DROP TABLE IF EXISTS temp.imap; DROP TABLE IF EXISTS temp.rmap;');
  }

  /**
   * Takes back runs added here (with their items of `kind`), in one transaction: an input
   * that fails part-way adds none of its runs. The runs must be ones this file did not hold
   * before they were added.
   */
  removeRuns(runNames: readonly string[], kind: SqliteKind): void {
    if (runNames.length === 0) return;
    const db = this.db;
    this.flushRecords();
    this.nextIds = undefined;
    this.transaction(() => {
      db.exec(
        'DROP TABLE IF EXISTS temp.gone; CREATE TEMP TABLE gone (runId INTEGER PRIMARY KEY);',
      );
      const add = db.prepare(
        'INSERT OR IGNORE INTO temp.gone (runId) SELECT runId FROM main.run WHERE runName = ?;',
      );
      for (const name of runNames) add.run(name);
      for (const [table, idColumn, children] of TABLES[kind]) {
        for (const child of children)
          db.exec(
            `DELETE FROM main.${child} WHERE ${idColumn} IN
               (SELECT ${idColumn} FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone));`,
          );
        db.exec(`DELETE FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone);`);
      }
      for (const table of ['runAttr', 'runItervar', 'runConfig', 'run'])
        db.exec(`DELETE FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone);`);
      db.exec('DROP TABLE temp.gone;');
    });
  }

  /** Closes the file; a vector file gets its data index (an appended one already has it). */
  close(kind: SqliteKind): void {
    this.release();
    if (kind === 'vector' && this.freshFile) this.db.exec(VECTOR_DATA_INDEX);
    this.db.close();
  }

  /** Closes without finishing (the file is to be thrown away). */
  abandon(): void {
    try {
      this.db.close();
    } catch {
      // already closed
    }
  }
}

const placeholders = (n: number): string => Array(n).fill('?').join(', ');

const prefixed = (alias: string, columns: string): string =>
  columns
    .split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');
