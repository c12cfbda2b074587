// OMNeT++'s SQLite result format (written by src/envir/sqliteoutscalarmgr.cc and
// sqliteoutvectormgr.cc), read as OMNeT++ 6.1's SqliteResultFileLoader and
// SqliteVectorDataReader do (src/scave/sqliteresultfileloader.cc, sqlitevectordatareader.cc).

import { closeSync, openSync, readSync } from 'node:fs';
import {
  ResultFileError,
  makeUnweightedStatistics,
  makeWeightedStatistics,
  simtimeFromRaw,
  sortedMap,
  type Histogram,
  type ParameterResult,
  type ResultItem,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
  type VectorDatum,
  type VectorResult,
} from '../../core/results/index.js';
import { openDatabase, type Database } from './sqlite-api.js';

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
      return load(db, displayName, scalarsOnly);
    } finally {
      db.close();
    }
  });
}

function rows(db: Database, sql: string): IterableIterator<Row> {
  return db.prepare(sql).raw(true).safeIntegers(true).iterate();
}

function attrsById(db: Database, sql: string): Map<number, Array<[string, string]>> {
  const m = new Map<number, Array<[string, string]>>();
  for (const r of rows(db, sql)) {
    const id = int(r[0]);
    const list = m.get(id);
    const pair: [string, string] = [text(r[1]), text(r[2])];
    if (list) list.push(pair);
    else m.set(id, [pair]);
  }
  return m;
}

function load(db: Database, file: string, scalarsOnly: boolean): SqliteFileContents {
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
  for (const r of rows(db, 'SELECT runId, runName FROM run ORDER BY runId;')) {
    const runName = text(r[1]);
    if (names.has(runName)) fail('Non-unique runId in run table');
    names.add(runName);
    runsById.set(int(r[0]), { runName, attrs: new Map(), itervars: new Map(), config: [] });
  }
  const runOf = (id: unknown): RunBuild => {
    const run = runsById.get(int(id));
    return run ?? fail(`invalid runId ${int(id)}`);
  };
  for (const r of rows(db, 'SELECT runId, attrName, attrValue FROM runAttr;')) {
    const run = runOf(r[0]);
    const old = run.attrs.get(text(r[1]));
    if (old !== undefined && old !== text(r[2]))
      fail('Value of run attribute conflicts with previously loaded value');
    run.attrs.set(text(r[1]), text(r[2]));
  }
  if (!scalarsOnly)
    for (const r of rows(
      db,
      'SELECT runId, configKey, configValue FROM runConfig ORDER BY configOrder ASC;',
    ))
      runOf(r[0]).config.push([text(r[1]), text(r[2])]);
  for (const r of rows(db, 'SELECT runId, itervarName, itervarValue FROM runItervar;')) {
    const run = runOf(r[0]);
    const old = run.itervars.get(text(r[1]));
    if (old !== undefined && old !== text(r[2]))
      fail('Value of iteration variable conflicts with previously loaded value');
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

  const scalarAttrs = attrsById(db, 'SELECT scalarId, attrName, attrValue FROM scalarAttr;');
  for (const r of rows(
    db,
    'SELECT scalarId, runId, moduleName, scalarName, scalarValue FROM scalar ORDER BY scalarId;',
  )) {
    const s: ScalarResult = {
      ...base(r[1], r[2], r[3]),
      type: 'scalar',
      attributes: sortedMap(scalarAttrs.get(int(r[0])) ?? []),
      value: real(r[4]),
    };
    items.push(s);
  }
  if (scalarsOnly) return { runs, items, simtimeExps: new Map() };

  const paramAttrs = attrsById(db, 'SELECT paramId, attrName, attrValue FROM paramAttr;');
  for (const r of rows(
    db,
    'SELECT paramId, runId, moduleName, paramName, paramValue FROM parameter ORDER BY paramId;',
  )) {
    const p: ParameterResult = {
      ...base(r[1], r[2], r[3]),
      type: 'parameter',
      attributes: sortedMap(paramAttrs.get(int(r[0])) ?? []),
      value: text(r[4]),
    };
    items.push(p);
  }

  const simtimeExps = new Map<number, number>();
  const vectorAttrs = attrsById(db, 'SELECT vectorId, attrName, attrValue FROM vectorAttr;');
  for (const r of rows(
    db,
    'SELECT vectorId, runId, moduleName, vectorName, vectorCount, vectorMin, vectorMax, ' +
      'vectorSum, vectorSumSqr, startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw, ' +
      'simtimeExp FROM vector LEFT JOIN run USING (runId) ORDER BY vectorId;',
  )) {
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

  const statAttrs = attrsById(db, 'SELECT statId, attrName, attrValue FROM statisticAttr;');
  const bins = new Map<number, { edges: number[]; values: number[] }>();
  for (const r of rows(
    db,
    'SELECT statId, lowerEdge, binValue FROM histogramBin ORDER BY statId, lowerEdge;',
  )) {
    const id = int(r[0]);
    let b = bins.get(id);
    if (b === undefined) bins.set(id, (b = { edges: [], values: [] }));
    const edge = real(r[1]);
    const last = b.edges[b.edges.length - 1];
    if (last !== undefined && edge <= last) fail('Bin edges must be strictly increasing');
    b.edges.push(edge);
    b.values.push(real(r[2]));
  }
  const histogramIds = new Set<number>();
  for (const r of rows(
    db,
    'SELECT statId, runId, moduleName, statName, isHistogram, isWeighted, statCount, ' +
      'statSum, statSqrsum, statMin, statMax, statWeights, statWeightedSum, ' +
      'statSqrSumWeights, statWeightedSqrSum FROM statistic ORDER BY statId;',
  )) {
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
  for (const id of bins.keys())
    if (!histogramIds.has(id))
      fail(
        'Invalid statId in histogramBin table, or isHistogram field in the corresponding statistic table record is not set',
      );

  return { runs, items, simtimeExps };
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
