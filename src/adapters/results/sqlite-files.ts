// OMNeT++'s SQLite result format (written by src/envir/sqliteoutscalarmgr.cc and
// sqliteoutvectormgr.cc), read as OMNeT++ 6.1's SqliteResultFileLoader and
// SqliteVectorDataReader do (src/scave/sqliteresultfileloader.cc, sqlitevectordatareader.cc).

import { closeSync, openSync, readSync } from 'node:fs';
import {
  ResultFileError,
  makeUnweightedStatistics,
  runConflict,
  makeWeightedStatistics,
  simtimeFromRaw,
  sortedMap,
  type Histogram,
  type ParameterResult,
  type ResultItem,
  type ResultType,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
  type VectorDatum,
  type VectorResult,
} from '../../core/results/index.js';
import { openDatabase, type Database, type Statement } from './sqlite-api.js';

function database(path: string): Database {
  return openDatabase(path, 'read');
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** SqliteResultFileUtils::isSqliteFile(): at least 100 bytes, starting with the SQLite header. */
export function isSqliteFile(path: string): Promise<boolean> {
  // plain reads: three turns of the thread pool cost more than reading 100 bytes
  return new Promise((done) => done(isSqliteFileSync(path)));
}

export function isSqliteFileSync(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const bytesRead = readSync(fd, buf, 0, 100, 0);
    return bytesRead === 100 && buf.toString('latin1', 0, 16) === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

type Row = unknown[];
const int = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
const real = (v: unknown): number =>
  v === null || v === undefined ? NaN : typeof v === 'bigint' ? Number(v) : Number(v);
const text = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? String(v)
      : v instanceof Uint8Array
        ? Buffer.from(v).toString('utf8')
        : '';

/** Where the other value of a run's attribute or itervar is when one file gives it twice. */
const SAME_FILE = 'earlier in the same file';
const BAD_EDGES = 'Bin edges must be strictly increasing';
const BAD_BINS =
  'Invalid statId in histogramBin table, or isHistogram field in the corresponding statistic table record is not set';

/** The runs and items of an SQLite result file, in the order OMNeT++ loads them. */
export interface SqliteFileContents {
  readonly runs: RunInfo[];
  /** Items grouped as OMNeT++ adds them: scalars, parameters, vectors, then statistics. */
  readonly items: ResultItem[];
  /** simtimeExp of each vector (by vectorId), needed to read its data. */
  readonly simtimeExps: ReadonlyMap<number, number>;
}

function wrap<T>(displayName: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResultFileError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ResultFileError(`Cannot read SQLite result file: ${msg}`, displayName);
  }
}

/**
 * Reads an SQLite result file's runs and items (not vector data); with `scalarsOnly`, of the
 * items only its scalars, and the runs without their config entries (what the report needs of a
 * merged results.sca: a campaign of 100,000 runs has millions of config rows).
 */
export function readSqliteFile(
  path: string,
  displayName: string = path,
  scalarsOnly = false,
): SqliteFileContents {
  return wrap(displayName, () => {
    const db = database(path);
    try {
      return load(db, displayName, scalarsOnly ? SCALARS_ONLY : EVERYTHING);
    } finally {
      db.close();
    }
  });
}

/** What load() reads: which runs (a WHERE clause of each table's rows), which items, config. */
export interface SqliteReadScope {
  /** The item types read (statistics and histograms come together). */
  readonly types: ReadonlySet<ResultType>;
  /** Whether the runs' config entries are read. */
  readonly config: boolean;
  /** A condition on the rows of `table` (aliased as itself), with its parameters; none: all. */
  readonly where?: (table: SqliteTable) => readonly [string, readonly unknown[]];
}

export type SqliteTable =
  | 'run'
  | 'runAttr'
  | 'runConfig'
  | 'runItervar'
  | 'scalar'
  | 'scalarAttr'
  | 'parameter'
  | 'paramAttr'
  | 'vector'
  | 'vectorAttr'
  | 'statistic'
  | 'statisticAttr'
  | 'histogramBin';

const ALL_TYPES: ReadonlySet<ResultType> = new Set([
  'parameter',
  'scalar',
  'statistic',
  'histogram',
  'vector',
]);
const EVERYTHING: SqliteReadScope = { types: ALL_TYPES, config: true };
const SCALARS_ONLY: SqliteReadScope = { types: new Set(['scalar']), config: false };

/** Reads the runs and items of an open SQLite result file that `scope` selects. */
export function readSqliteScope(
  db: Database,
  displayName: string,
  scope: SqliteReadScope,
): SqliteFileContents {
  return wrap(displayName, () => load(db, displayName, scope));
}

/** Each database's statements, prepared once (a batch reader runs the same queries per batch). */
const prepared = new WeakMap<Database, Map<string, Statement>>();

function rows(db: Database, sql: string, params: readonly unknown[] = []): IterableIterator<Row> {
  let statements = prepared.get(db);
  if (statements === undefined) prepared.set(db, (statements = new Map<string, Statement>()));
  let st = statements.get(sql);
  if (st === undefined) statements.set(sql, (st = db.prepare(sql).raw(true).safeIntegers(true)));
  return st.iterate(...params);
}

function attrsById(
  db: Database,
  sql: string,
  params: readonly unknown[] = [],
): Map<number, Array<[string, string]>> {
  const m = new Map<number, Array<[string, string]>>();
  for (const r of rows(db, sql, params)) {
    const id = int(r[0]);
    const list = m.get(id);
    const pair: [string, string] = [text(r[1]), text(r[2])];
    if (list) list.push(pair);
    else m.set(id, [pair]);
  }
  return m;
}

function load(db: Database, file: string, scope: SqliteReadScope): SqliteFileContents {
  // the rows of `table` the scope selects: ' WHERE ...' (or nothing) and its parameters
  const where = (table: SqliteTable, and = ''): [string, readonly unknown[]] => {
    const [cond, params] = scope.where?.(table) ?? ['', []];
    const all = [cond, and].filter((c) => c !== '');
    return [all.length > 0 ? ` WHERE ${all.join(' AND ')}` : '', params];
  };
  const q = (
    head: string,
    table: SqliteTable,
    tail: string,
    and = '',
  ): [string, readonly unknown[]] => {
    const [w, params] = where(table, and);
    return [`${head}${w}${tail}`, params];
  };
  const want = (t: ResultType): boolean => scope.types.has(t);
  const fail = (reason: string): never => {
    throw new ResultFileError(`Cannot read SQLite result file: ${reason}`, file);
  };
  interface RunBuild {
    runName: string;
    attrs: Map<string, string>;
    itervars: Map<string, string>;
    config: Array<[string, string]>;
  }
  const runsById = new Map<number, RunBuild>();
  const names = new Set<string>();
  for (const r of rows(db, ...q('SELECT runId, runName FROM run', 'run', ' ORDER BY runId;'))) {
    const runName = text(r[1]);
    if (names.has(runName)) fail('Non-unique runId in run table');
    names.add(runName);
    runsById.set(int(r[0]), { runName, attrs: new Map(), itervars: new Map(), config: [] });
  }
  const runOf = (id: unknown): RunBuild => {
    const run = runsById.get(int(id));
    return run ?? fail(`invalid runId ${int(id)}`);
  };
  for (const r of rows(
    db,
    ...q('SELECT runId, attrName, attrValue FROM runAttr', 'runAttr', ';'),
  )) {
    const run = runOf(r[0]);
    const old = run.attrs.get(text(r[1]));
    if (old !== undefined && old !== text(r[2]))
      fail(runConflict(run.runName, 'attribute', text(r[1]), text(r[2]), old, SAME_FILE));
    run.attrs.set(text(r[1]), text(r[2]));
  }
  if (scope.config)
    for (const r of rows(
      db,
      ...q(
        'SELECT runId, configKey, configValue FROM runConfig',
        'runConfig',
        ' ORDER BY configOrder ASC;',
      ),
    ))
      runOf(r[0]).config.push([text(r[1]), text(r[2])]);
  for (const r of rows(
    db,
    ...q('SELECT runId, itervarName, itervarValue FROM runItervar', 'runItervar', ';'),
  )) {
    const run = runOf(r[0]);
    const old = run.itervars.get(text(r[1]));
    if (old !== undefined && old !== text(r[2]))
      fail(runConflict(run.runName, 'itervar', text(r[1]), text(r[2]), old, SAME_FILE));
    run.itervars.set(text(r[1]), text(r[2]));
  }
  const runs: RunInfo[] = [...runsById.values()].map((r) => ({
    runName: r.runName,
    attributes: sortedMap(r.attrs),
    itervars: sortedMap(r.itervars),
    configEntries: r.config,
  }));

  const items: ResultItem[] = [];
  const base = (runId: unknown, module: unknown, name: unknown) => ({
    runName: runOf(runId).runName,
    module: text(module),
    name: text(name),
    file,
  });

  const scalarAttrs = want('scalar')
    ? attrsById(db, ...q('SELECT scalarId, attrName, attrValue FROM scalarAttr', 'scalarAttr', ';'))
    : new Map<number, Array<[string, string]>>();
  for (const r of want('scalar')
    ? rows(
        db,
        ...q(
          'SELECT scalarId, runId, moduleName, scalarName, scalarValue FROM scalar',
          'scalar',
          ' ORDER BY scalarId;',
        ),
      )
    : []) {
    const s: ScalarResult = {
      ...base(r[1], r[2], r[3]),
      type: 'scalar',
      attributes: sortedMap(scalarAttrs.get(int(r[0])) ?? []),
      value: real(r[4]),
    };
    items.push(s);
  }
  const paramAttrs = want('parameter')
    ? attrsById(db, ...q('SELECT paramId, attrName, attrValue FROM paramAttr', 'paramAttr', ';'))
    : new Map<number, Array<[string, string]>>();
  for (const r of want('parameter')
    ? rows(
        db,
        ...q(
          'SELECT paramId, runId, moduleName, paramName, paramValue FROM parameter',
          'parameter',
          ' ORDER BY paramId;',
        ),
      )
    : []) {
    const p: ParameterResult = {
      ...base(r[1], r[2], r[3]),
      type: 'parameter',
      attributes: sortedMap(paramAttrs.get(int(r[0])) ?? []),
      value: text(r[4]),
    };
    items.push(p);
  }

  const simtimeExps = new Map<number, number>();
  const vectorAttrs = want('vector')
    ? attrsById(db, ...q('SELECT vectorId, attrName, attrValue FROM vectorAttr', 'vectorAttr', ';'))
    : new Map<number, Array<[string, string]>>();
  for (const r of want('vector')
    ? rows(
        db,
        ...q(
          'SELECT vectorId, runId, moduleName, vectorName, vectorCount, vectorMin, vectorMax, ' +
            'vectorSum, vectorSumSqr, startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw, ' +
            'simtimeExp FROM vector LEFT JOIN run USING (runId)',
          'vector',
          ' ORDER BY vectorId;',
        ),
      )
    : []) {
    const vectorId = int(r[0]);
    const exp = int(r[13]);
    simtimeExps.set(vectorId, exp);
    const v: VectorResult = {
      ...base(r[1], r[2], r[3]),
      type: 'vector',
      attributes: sortedMap(vectorAttrs.get(vectorId) ?? []),
      vectorId,
      columns: 'ETV',
      summary: {
        statistics: makeUnweightedStatistics(
          int(r[4]),
          real(r[5]),
          real(r[6]),
          real(r[7]),
          real(r[8]),
        ),
        startEventNum: int(r[9]),
        endEventNum: int(r[10]),
        startTime: simtimeFromRaw(BigInt((r[11] as bigint | null) ?? 0n), exp),
        endTime: simtimeFromRaw(BigInt((r[12] as bigint | null) ?? 0n), exp),
      },
    };
    items.push(v);
  }

  const stats = want('statistic') || want('histogram');
  const statAttrs = stats
    ? attrsById(
        db,
        ...q('SELECT statId, attrName, attrValue FROM statisticAttr', 'statisticAttr', ';'),
      )
    : new Map<number, Array<[string, string]>>();
  const bins = new Map<number, { edges: number[]; values: number[] }>();
  for (const r of stats
    ? rows(
        db,
        ...q(
          'SELECT statId, lowerEdge, binValue FROM histogramBin',
          'histogramBin',
          ' ORDER BY statId, lowerEdge;',
        ),
      )
    : []) {
    const id = int(r[0]);
    let b = bins.get(id);
    if (b === undefined) bins.set(id, (b = { edges: [], values: [] }));
    const edge = real(r[1]);
    const last = b.edges[b.edges.length - 1];
    if (last !== undefined && edge <= last) fail(BAD_EDGES);
    b.edges.push(edge);
    b.values.push(real(r[2]));
  }
  const histogramIds = new Set<number>();
  for (const r of stats
    ? rows(
        db,
        ...q(
          'SELECT statId, runId, moduleName, statName, isHistogram, isWeighted, statCount, ' +
            'statSum, statSqrsum, statMin, statMax, statWeights, statWeightedSum, ' +
            'statSqrSumWeights, statWeightedSqrSum FROM statistic',
          'statistic',
          ' ORDER BY statId;',
        ),
      )
    : []) {
    const id = int(r[0]);
    const isHistogram = int(r[4]) !== 0;
    const statistics =
      int(r[5]) !== 0
        ? makeWeightedStatistics(
            int(r[6]),
            real(r[9]),
            real(r[10]),
            real(r[11]),
            real(r[12]),
            real(r[13]),
            real(r[14]),
          )
        : makeUnweightedStatistics(int(r[6]), real(r[9]), real(r[10]), real(r[7]), real(r[8]));
    let histogram: Histogram | undefined;
    if (isHistogram) {
      histogramIds.add(id);
      const b = bins.get(id);
      histogram =
        b === undefined
          ? { binEdges: [], binValues: [], underflows: 0, overflows: 0 }
          : {
              binEdges: b.edges.slice(1),
              binValues: b.values.slice(1, -1),
              underflows: b.values[0] ?? 0,
              overflows: b.values[b.values.length - 1] ?? 0,
            };
    }
    const s: StatisticResult = {
      ...base(r[1], r[2], r[3]),
      type: isHistogram ? 'histogram' : 'statistic',
      attributes: sortedMap(statAttrs.get(id) ?? []),
      statistics,
      ...(histogram ? { histogram } : {}),
    };
    items.push(s);
  }
  for (const id of bins.keys()) if (!histogramIds.has(id)) fail(BAD_BINS);

  return { runs, items, simtimeExps };
}

/** A run of an SQLite file as an export in batches lists it before reading its items. */
export interface SqliteRunHead {
  readonly runId: number;
  readonly runName: string;
  /** Its configname and runnumber attributes (what the run order needs). */
  readonly attributes: ReadonlyMap<string, string>;
  /** The types it has items of. */
  readonly types: ReadonlySet<ResultType>;
}

/**
 * The runs of an open SQLite result file, and its count of items, with the checks of the whole
 * file that reading it in batches of runs (readSqliteScope) cannot make: names unique, rows of
 * runs that do not exist, bins of statistics that do not exist.
 */
export function sqliteRunHeads(
  db: Database,
  file: string,
): { runs: SqliteRunHead[]; items: number } {
  return wrap(file, () => {
    const fail = (reason: string): never => {
      throw new ResultFileError(`Cannot read SQLite result file: ${reason}`, file);
    };
    const runs = new Map<
      number,
      { runName: string; attributes: Map<string, string>; types: Set<ResultType> }
    >();
    const names = new Set<string>();
    for (const r of rows(db, 'SELECT runId, runName FROM run ORDER BY runId;')) {
      const runName = text(r[1]);
      if (names.has(runName)) fail('Non-unique runId in run table');
      names.add(runName);
      runs.set(int(r[0]), { runName, attributes: new Map(), types: new Set() });
    }
    for (const t of RUN_ROWS.filter((t) => t !== 'run'))
      for (const r of rows(
        db,
        `SELECT runId FROM ${t} WHERE runId NOT IN (SELECT runId FROM run) LIMIT 1;`,
      ))
        fail(`invalid runId ${int(r[0])}`);
    // what load() finds in a batch, found before any batch is written
    for (const [sql, reason] of [
      [
        'SELECT 1 FROM histogramBin WHERE statId NOT IN (SELECT statId FROM statistic WHERE isHistogram <> 0) LIMIT 1;',
        BAD_BINS,
      ],
      [
        'SELECT 1 FROM histogramBin GROUP BY statId, lowerEdge HAVING count(*) > 1 LIMIT 1;',
        BAD_EDGES,
      ],
    ] as const)
      for (const _ of rows(db, sql)) fail(reason);
    checkRunValues(db, file, (id) => runs.get(id)?.runName);
    for (const r of rows(
      db,
      "SELECT runId, attrName, attrValue FROM runAttr WHERE attrName IN ('configname', 'runnumber');",
    ))
      runs.get(int(r[0]))?.attributes.set(text(r[1]), text(r[2]));
    let items = 0;
    const kinds: Array<[string, (r: Row) => ResultType]> = [
      ['SELECT DISTINCT runId FROM scalar;', () => 'scalar'],
      ['SELECT DISTINCT runId FROM parameter;', () => 'parameter'],
      ['SELECT DISTINCT runId FROM vector;', () => 'vector'],
      [
        'SELECT DISTINCT runId, isHistogram <> 0 FROM statistic;',
        (r) => (int(r[1]) !== 0 ? 'histogram' : 'statistic'),
      ],
    ];
    for (const [sql, type] of kinds)
      for (const r of rows(db, sql)) runs.get(int(r[0]))?.types.add(type(r));
    for (const t of ['scalar', 'parameter', 'vector', 'statistic'])
      for (const r of rows(db, `SELECT count(*) FROM ${t};`)) items += int(r[0]);
    return { runs: [...runs].map(([runId, r]) => ({ runId, ...r })), items };
  });
}

/**
 * Throws when a run of an open SQLite result file gives one attribute or itervar twice with
 * different values, as load() reports it (the first value in table order, and the first one
 * that differs from it). `runName`: the name of a run by its id. A merge finds it as it scans
 * its inputs, so that the message names the input, not the merged file the run would be
 * copied into (found when that is read back).
 */
export function checkRunValues(
  db: Database,
  file: string,
  runName: (runId: number) => string | undefined,
): void {
  wrap(file, () => {
    for (const [table, key, value, kind] of [
      ['runAttr', 'attrName', 'attrValue', 'attribute'],
      ['runItervar', 'itervarName', 'itervarValue', 'itervar'],
    ] as const)
      for (const g of [
        ...rows(
          db,
          `SELECT runId, ${key} FROM ${table} GROUP BY runId, ${key} HAVING count(DISTINCT ${value}) > 1 LIMIT 1;`,
        ),
      ]) {
        const values = [
          ...rows(
            db,
            `SELECT ${value} FROM ${table} WHERE runId = ? AND ${key} = ? ORDER BY rowid;`,
            [g[0], g[1]],
          ),
        ].map((r) => text(r[0]));
        const first = values[0] ?? '';
        const other = values.find((v) => v !== first) ?? '';
        const name = runName(int(g[0])) ?? `#${int(g[0])}`;
        throw new ResultFileError(
          `Cannot read SQLite result file: ${runConflict(name, kind, text(g[1]), other, first, SAME_FILE)}`,
          file,
        );
      }
  });
}

/** Tables of rows of runs (a runId column). */
const RUN_ROWS = [
  'run',
  'runAttr',
  'runItervar',
  'runConfig',
  'scalar',
  'parameter',
  'vector',
  'statistic',
] as const;
/** Tables of rows of items: their item table and id column. */
const ITEM_ROWS = new Map<SqliteTable, readonly [SqliteTable, string]>([
  ['scalarAttr', ['scalar', 'scalarId']],
  ['paramAttr', ['parameter', 'paramId']],
  ['vectorAttr', ['vector', 'vectorId']],
  ['statisticAttr', ['statistic', 'statId']],
  ['histogramBin', ['statistic', 'statId']],
]);

/**
 * An SQLite result file read in batches of runs (readSqliteScope with a scope per batch): the
 * runs' batches are a temp table; each table's rows of a batch are found by the range of rowids
 * they lie in (a merged file holds a run's rows together, runs in output order), so a batch
 * reads its own rows, not the whole table.
 */
export class SqliteBatchReader {
  private readonly ranges = new Map<string, readonly [number, number]>();

  constructor(
    private readonly db: Database,
    private readonly file: string,
    batchOf: ReadonlyMap<number, number>,
  ) {
    wrap(file, () => {
      db.exec(
        'CREATE TEMP TABLE ord (runId INTEGER PRIMARY KEY, batch INTEGER NOT NULL); CREATE INDEX temp.ord_batch ON ord (batch);',
      );
      const insert = db.prepare('INSERT INTO temp.ord (runId, batch) VALUES (?, ?);');
      db.exec('BEGIN;');
      for (const [runId, batch] of batchOf) insert.run(runId, batch);
      db.exec('COMMIT;');
      // `from`: the table, joined to the table of its run ids (`runs`) when it has none
      const range = (table: SqliteTable, from: string, runs: string): void => {
        for (const r of rows(
          db,
          `SELECT o.batch, min(${table}.rowid), max(${table}.rowid) FROM ${from} CROSS JOIN temp.ord o ON o.runId = ${runs}.runId GROUP BY o.batch;`,
        ))
          this.ranges.set(`${table}/${int(r[0])}`, [int(r[1]), int(r[2])]);
      };
      for (const t of RUN_ROWS) range(t, t, t);
      for (const [t, [item, id]] of ITEM_ROWS)
        range(t, `${t} CROSS JOIN ${item} ON ${item}.${id} = ${t}.${id}`, item);
    });
  }

  /** The runs of batch `batch` (their items of `types`, their config entries when `config`). */
  read(batch: number, types: ReadonlySet<ResultType>, config: boolean): SqliteFileContents {
    const inRange = (table: SqliteTable): [string, number[]] => [
      `${table}.rowid BETWEEN ? AND ?`,
      [...(this.ranges.get(`${table}/${batch}`) ?? [1, 0])],
    ];
    const ofBatch = (table: SqliteTable): [string, number[]] => {
      const [cond, params] = inRange(table);
      return [
        `${cond} AND ${table}.runId IN (SELECT runId FROM temp.ord WHERE batch = ?)`,
        [...params, batch],
      ];
    };
    const where = (table: SqliteTable): [string, number[]] => {
      if (ITEM_ROWS.has(table)) return table === 'histogramBin' ? bins() : inRange(table);
      return ofBatch(table);
    };
    const bins = (): [string, number[]] => {
      // bins of the batch's statistics only (load() says bins of no histogram are bad)
      const [cond, params] = inRange('histogramBin');
      const [stat, statParams] = ofBatch('statistic');
      return [
        `${cond} AND histogramBin.statId IN (SELECT statId FROM statistic WHERE ${stat})`,
        [...params, ...statParams],
      ];
    };
    return readSqliteScope(this.db, this.file, { types, config, where });
  }
}

/**
 * Reads one vector's data from an SQLite vector file, in rowid order, in batches (the rows are
 * streamed from the database, not loaded at once).
 */
export async function* readSqliteVectorData(
  path: string,
  vectorId: number,
  simtimeExp: number,
  displayName: string = path,
): AsyncGenerator<VectorDatum[]> {
  const db = wrap(displayName, () => database(path));
  let iterator: IterableIterator<unknown[]> | undefined;
  try {
    const stmt = db
      .prepare(
        'SELECT eventNumber, simtimeRaw, value FROM vectorData WHERE vectorId = ? ORDER BY rowid;',
      )
      .raw(true)
      .safeIntegers(true);
    let out: VectorDatum[] = [];
    const it = wrap(displayName, () => stmt.iterate(vectorId));
    iterator = it;
    for (;;) {
      const next = wrap(displayName, () => it.next());
      if (next.done) break;
      const r = next.value;
      out.push({
        eventNumber: int(r[0]),
        simtime: simtimeFromRaw((r[1] as bigint | null) ?? 0n, simtimeExp),
        value: real(r[2]),
      });
      if (out.length >= 4096) {
        yield out;
        out = [];
        // database reads are synchronous: let other work run between batches
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (out.length > 0) yield out;
  } finally {
    iterator?.return?.();
    db.close();
  }
}
