import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  LineSplitter,
  ResultFileError,
  ResultSet,
  ScalarFileParser,
  VectorBlockReader,
  VectorFileIndexer,
  VectorIndexFileParser,
  compareNames,
  fingerprintFromIndexLines,
  isDiskFull,
  isIndexUpToDate,
  makeUnweightedStatistics,
  makeWeightedStatistics,
  resultsFromIndex,
  separateItervarsFromAttrs,
  simtimeFromRaw,
  sortedMap,
  tokenizeLine
} from "./chunk-XGZ5LFLB.js";

// src/adapters/output-path.ts
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
function fileInTheWay(path) {
  let p = resolve(path);
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) return void 0;
    p = parent;
  }
  return statSync(p).isDirectory() ? void 0 : p;
}

// src/adapters/results/dataset-folder.ts
import {
  closeSync,
  existsSync as existsSync2,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from "node:fs";
import { join } from "node:path";
var FolderBusyError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "FolderBusyError";
  }
};
var LOCK = ".merge.lock";
var SWAP = ".merge-swap.json";
var tempPath = (dir, file) => join(dir, `.${file}.${process.pid}.tmp`);
function lockFolder(dir, files) {
  const path = join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}
`, { flag: "wx" });
      break;
    } catch (e) {
      if (e.code !== "EEXIST" || attempt > 0) throw e;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new FolderBusyError(
          `another merge (process ${pid}) is writing ${dir} (if it is not, remove ${path})`
        );
      rmSync(path, { force: true });
    }
  }
  try {
    completeSwap(dir);
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
  const leftovers = /* @__PURE__ */ new Set([...files.map((f) => `.${f}.`), `${SWAP}.`]);
  for (const f of readdirSync(dir))
    if (/\.(tmp|old)$/.test(f) && [...leftovers].some((p) => f.startsWith(p)))
      rmSync(join(dir, f), { force: true, recursive: true });
  return () => rmSync(path, { force: true });
}
var IncompleteDatasetError = class extends Error {
  constructor(dir) {
    super(
      `${dir}: a merge was replacing its files and did not finish (killed?); merge into it again to complete it (opp-campaign merge ${dir} -o ${dir}), or wait for the running merge`
    );
    this.dir = dir;
    this.name = "IncompleteDatasetError";
  }
  dir;
  userFacing = true;
};
function checkComplete(dir) {
  if (existsSync2(join(dir, SWAP))) throw new IncompleteDatasetError(dir);
}
function crashPoint(step) {
  if (process.env["OPP_CAMPAIGN_TEST_KILL_IN_SWAP"] === String(step))
    process.kill(process.pid, "SIGKILL");
}
function swapIn(dir, swap) {
  const temp = join(dir, `${SWAP}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify(swap));
  fsyncPath(temp);
  renameSync(temp, join(dir, SWAP));
  fsyncPath(dir);
  try {
    performSwap(dir, swap);
  } catch (e) {
    const code = e.code;
    if (typeof code !== "string" || isDiskFull(e)) throw e;
    throw new SwapFailedError(dir, e);
  }
}
var SwapFailedError = class extends Error {
  userFacing = true;
  constructor(dir, cause) {
    super(
      `${dir}: could not put the merged files in place (${cause.message}); they are kept, and the next merge into the folder puts them in place (opp-campaign merge ${dir} -o ${dir})`
    );
    this.name = "SwapFailedError";
  }
};
function performSwap(dir, swap) {
  swap.renames.forEach(([from, to], i) => {
    crashPoint(i);
    if (existsSync2(join(dir, from))) renameSync(join(dir, from), join(dir, to));
  });
  for (const f of swap.removals) rmSync(join(dir, f), { force: true, recursive: true });
  fsyncPath(dir);
  rmSync(join(dir, SWAP), { force: true });
  fsyncPath(dir);
}
function swapRecorded(dir) {
  return existsSync2(join(dir, SWAP));
}
function completeSwap(dir) {
  const path = join(dir, SWAP);
  if (!existsSync2(path)) return;
  let swap;
  try {
    swap = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new IncompleteDatasetError(dir);
  }
  performSwap(dir, swap);
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function fsyncPath(path) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// src/adapters/results/load.ts
import { createWriteStream } from "node:fs";
import { readdir, stat as stat2 } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/adapters/results/sqlite-files.ts
import { open } from "node:fs/promises";

// src/adapters/results/sqlite-api.ts
import { existsSync as existsSync3 } from "node:fs";
import { createRequire } from "node:module";
var SqliteUnavailableError = class extends Error {
  constructor(cause) {
    super(
      `opp-campaign needs Node.js 22.13 or later for SQLite result files (node:sqlite); this is Node.js ${process.version}`,
      { cause }
    );
    this.name = "SqliteUnavailableError";
  }
  /** A message for the user, not an internal error (see cli/errors.ts). */
  userFacing = true;
};
var require2 = createRequire(import.meta.url);
var sqlite;
function sqliteModule() {
  if (sqlite !== void 0) return sqlite;
  const original = process.emitWarning;
  const emit = original.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const text3 = typeof warning === "string" ? warning : warning.message;
    if (!/SQLite/i.test(text3)) emit(warning, ...rest);
  };
  try {
    sqlite = require2("node:sqlite");
  } catch (e) {
    throw new SqliteUnavailableError(e);
  } finally {
    process.emitWarning = original;
  }
  return sqlite;
}
function bindable(params) {
  const list = params.length === 1 && Array.isArray(params[0]) ? params[0] : params;
  const hasBoolean = list.some((v) => typeof v === "boolean");
  return hasBoolean ? list.map((v) => typeof v === "boolean" ? Number(v) : v) : list;
}
var NodeStatement = class {
  constructor(stmt) {
    this.stmt = stmt;
  }
  stmt;
  arrays = false;
  first = false;
  run(...params) {
    return this.stmt.run(...bindable(params));
  }
  get(...params) {
    const row = this.stmt.get(...bindable(params));
    return this.first && row !== void 0 ? row[0] : row;
  }
  all(...params) {
    const rows2 = this.stmt.all(...bindable(params));
    return this.first ? rows2.map((r) => r[0]) : rows2;
  }
  iterate(...params) {
    const it = this.stmt.iterate(...bindable(params));
    if (!this.first) return it;
    return (function* () {
      for (const r of it) yield r[0];
    })();
  }
  raw(raw = true) {
    this.arrays = raw;
    this.stmt.setReturnArrays(raw || this.first);
    return this;
  }
  pluck(on = true) {
    this.first = on;
    this.stmt.setReturnArrays(on || this.arrays);
    return this;
  }
  safeIntegers(on = true) {
    this.stmt.setReadBigInts(on);
    return this;
  }
};
var NodeDatabase = class {
  constructor(db) {
    this.db = db;
  }
  db;
  prepare(sql) {
    return new NodeStatement(this.db.prepare(sql));
  }
  exec(sql) {
    this.db.exec(sql);
    return this;
  }
  close() {
    this.db.close();
  }
  get inTransaction() {
    return this.db.isTransaction;
  }
};
function openDatabase(path, mode) {
  const { DatabaseSync } = sqliteModule();
  if (mode === "read" && !existsSync3(path)) {
    throw new Error(`unable to open database file: ${path} does not exist`);
  }
  return new NodeDatabase(
    mode === "read" ? new DatabaseSync(path, { readOnly: true }) : new DatabaseSync(path)
  );
}

// src/adapters/results/sqlite-files.ts
function database(path) {
  return openDatabase(path, "read");
}
var SQLITE_HEADER = "SQLite format 3\0";
async function isSqliteFile(path) {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(100);
    const { bytesRead } = await fh.read(buf, 0, 100, 0);
    return bytesRead === 100 && buf.toString("latin1", 0, 16) === SQLITE_HEADER;
  } finally {
    await fh.close();
  }
}
var int = (v) => typeof v === "bigint" ? Number(v) : Number(v ?? 0);
var real = (v) => v === null || v === void 0 ? NaN : typeof v === "bigint" ? Number(v) : Number(v);
var text = (v) => typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : "";
function wrap(displayName, f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResultFileError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ResultFileError(`Cannot read SQLite result file: ${msg}`, displayName);
  }
}
function readSqliteFile(path, displayName = path, scalarsOnly = false) {
  return wrap(displayName, () => {
    const db = database(path);
    try {
      return load(db, displayName, scalarsOnly);
    } finally {
      db.close();
    }
  });
}
function rows(db, sql) {
  return db.prepare(sql).raw(true).safeIntegers(true).iterate();
}
function attrsById(db, sql) {
  const m = /* @__PURE__ */ new Map();
  for (const r of rows(db, sql)) {
    const id = int(r[0]);
    const list = m.get(id);
    const pair = [text(r[1]), text(r[2])];
    if (list) list.push(pair);
    else m.set(id, [pair]);
  }
  return m;
}
function load(db, file, scalarsOnly) {
  const fail = (reason) => {
    throw new ResultFileError(`Cannot read SQLite result file: ${reason}`, file);
  };
  const runsById = /* @__PURE__ */ new Map();
  const names = /* @__PURE__ */ new Set();
  for (const r of rows(db, "SELECT runId, runName FROM run ORDER BY runId;")) {
    const runName = text(r[1]);
    if (names.has(runName)) fail("Non-unique runId in run table");
    names.add(runName);
    runsById.set(int(r[0]), { runName, attrs: /* @__PURE__ */ new Map(), itervars: /* @__PURE__ */ new Map(), config: [] });
  }
  const runOf = (id) => {
    const run = runsById.get(int(id));
    return run ?? fail(`invalid runId ${int(id)}`);
  };
  for (const r of rows(db, "SELECT runId, attrName, attrValue FROM runAttr;")) {
    const run = runOf(r[0]);
    const old = run.attrs.get(text(r[1]));
    if (old !== void 0 && old !== text(r[2]))
      fail("Value of run attribute conflicts with previously loaded value");
    run.attrs.set(text(r[1]), text(r[2]));
  }
  for (const r of rows(
    db,
    "SELECT runId, configKey, configValue FROM runConfig ORDER BY configOrder ASC;"
  ))
    runOf(r[0]).config.push([text(r[1]), text(r[2])]);
  for (const r of rows(db, "SELECT runId, itervarName, itervarValue FROM runItervar;")) {
    const run = runOf(r[0]);
    const old = run.itervars.get(text(r[1]));
    if (old !== void 0 && old !== text(r[2]))
      fail("Value of iteration variable conflicts with previously loaded value");
    run.itervars.set(text(r[1]), text(r[2]));
  }
  const runs = [...runsById.values()].map((r) => ({
    runName: r.runName,
    attributes: sortedMap(r.attrs),
    itervars: sortedMap(r.itervars),
    configEntries: r.config
  }));
  const items = [];
  const base = (runId, module, name) => ({
    runName: runOf(runId).runName,
    module: text(module),
    name: text(name),
    file
  });
  const scalarAttrs = attrsById(db, "SELECT scalarId, attrName, attrValue FROM scalarAttr;");
  for (const r of rows(
    db,
    "SELECT scalarId, runId, moduleName, scalarName, scalarValue FROM scalar ORDER BY scalarId;"
  )) {
    const s = {
      ...base(r[1], r[2], r[3]),
      type: "scalar",
      attributes: sortedMap(scalarAttrs.get(int(r[0])) ?? []),
      value: real(r[4])
    };
    items.push(s);
  }
  if (scalarsOnly) return { runs, items, simtimeExps: /* @__PURE__ */ new Map() };
  const paramAttrs = attrsById(db, "SELECT paramId, attrName, attrValue FROM paramAttr;");
  for (const r of rows(
    db,
    "SELECT paramId, runId, moduleName, paramName, paramValue FROM parameter ORDER BY paramId;"
  )) {
    const p = {
      ...base(r[1], r[2], r[3]),
      type: "parameter",
      attributes: sortedMap(paramAttrs.get(int(r[0])) ?? []),
      value: text(r[4])
    };
    items.push(p);
  }
  const simtimeExps = /* @__PURE__ */ new Map();
  const vectorAttrs = attrsById(db, "SELECT vectorId, attrName, attrValue FROM vectorAttr;");
  for (const r of rows(
    db,
    "SELECT vectorId, runId, moduleName, vectorName, vectorCount, vectorMin, vectorMax, vectorSum, vectorSumSqr, startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw, simtimeExp FROM vector LEFT JOIN run USING (runId) ORDER BY vectorId;"
  )) {
    const vectorId = int(r[0]);
    const exp = int(r[13]);
    simtimeExps.set(vectorId, exp);
    const v = {
      ...base(r[1], r[2], r[3]),
      type: "vector",
      attributes: sortedMap(vectorAttrs.get(vectorId) ?? []),
      vectorId,
      columns: "ETV",
      summary: {
        statistics: makeUnweightedStatistics(
          int(r[4]),
          real(r[5]),
          real(r[6]),
          real(r[7]),
          real(r[8])
        ),
        startEventNum: int(r[9]),
        endEventNum: int(r[10]),
        startTime: simtimeFromRaw(BigInt(r[11] ?? 0n), exp),
        endTime: simtimeFromRaw(BigInt(r[12] ?? 0n), exp)
      }
    };
    items.push(v);
  }
  const statAttrs = attrsById(db, "SELECT statId, attrName, attrValue FROM statisticAttr;");
  const bins = /* @__PURE__ */ new Map();
  for (const r of rows(
    db,
    "SELECT statId, lowerEdge, binValue FROM histogramBin ORDER BY statId, lowerEdge;"
  )) {
    const id = int(r[0]);
    let b = bins.get(id);
    if (b === void 0) bins.set(id, b = { edges: [], values: [] });
    const edge = real(r[1]);
    const last = b.edges[b.edges.length - 1];
    if (last !== void 0 && edge <= last) fail("Bin edges must be strictly increasing");
    b.edges.push(edge);
    b.values.push(real(r[2]));
  }
  const histogramIds = /* @__PURE__ */ new Set();
  for (const r of rows(
    db,
    "SELECT statId, runId, moduleName, statName, isHistogram, isWeighted, statCount, statSum, statSqrsum, statMin, statMax, statWeights, statWeightedSum, statSqrSumWeights, statWeightedSqrSum FROM statistic ORDER BY statId;"
  )) {
    const id = int(r[0]);
    const isHistogram = int(r[4]) !== 0;
    const statistics = int(r[5]) !== 0 ? makeWeightedStatistics(
      int(r[6]),
      real(r[9]),
      real(r[10]),
      real(r[11]),
      real(r[12]),
      real(r[13]),
      real(r[14])
    ) : makeUnweightedStatistics(int(r[6]), real(r[9]), real(r[10]), real(r[7]), real(r[8]));
    let histogram;
    if (isHistogram) {
      histogramIds.add(id);
      const b = bins.get(id);
      histogram = b === void 0 ? { binEdges: [], binValues: [], underflows: 0, overflows: 0 } : {
        binEdges: b.edges.slice(1),
        binValues: b.values.slice(1, -1),
        underflows: b.values[0] ?? 0,
        overflows: b.values[b.values.length - 1] ?? 0
      };
    }
    const s = {
      ...base(r[1], r[2], r[3]),
      type: isHistogram ? "histogram" : "statistic",
      attributes: sortedMap(statAttrs.get(id) ?? []),
      statistics,
      ...histogram ? { histogram } : {}
    };
    items.push(s);
  }
  for (const id of bins.keys())
    if (!histogramIds.has(id))
      fail(
        "Invalid statId in histogramBin table, or isHistogram field in the corresponding statistic table record is not set"
      );
  return { runs, items, simtimeExps };
}
async function* readSqliteVectorData(path, vectorId, simtimeExp, displayName = path) {
  const db = wrap(displayName, () => database(path));
  let iterator;
  try {
    const stmt = db.prepare(
      "SELECT eventNumber, simtimeRaw, value FROM vectorData WHERE vectorId = ? ORDER BY rowid;"
    ).raw(true).safeIntegers(true);
    let out = [];
    const it = wrap(displayName, () => stmt.iterate(vectorId));
    iterator = it;
    for (; ; ) {
      const next = wrap(displayName, () => it.next());
      if (next.done) break;
      const r = next.value;
      out.push({
        eventNumber: int(r[0]),
        simtime: simtimeFromRaw(r[1] ?? 0n, simtimeExp),
        value: real(r[2])
      });
      if (out.length >= 4096) {
        yield out;
        out = [];
        await new Promise((resolve3) => setImmediate(resolve3));
      }
    }
    if (out.length > 0) yield out;
  } finally {
    iterator?.return?.();
    db.close();
  }
}

// src/adapters/results/text-files.ts
import { closeSync as closeSync2, createReadStream, openSync as openSync2, readSync } from "node:fs";
var CHUNK = 1 << 16;
async function* readLineBatches(path, options = {}) {
  const start = options.start ?? 0;
  const splitter = new LineSplitter(start, options.firstLineNo ?? 1);
  const stream = createReadStream(path, { start, highWaterMark: CHUNK });
  for await (const chunk of stream) {
    const lines = splitter.push(chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
function* readLineBatchesSync(path, firstChunk = CHUNK) {
  const fd = openSync2(path, "r");
  try {
    const splitter = new LineSplitter();
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let size = Math.min(Math.max(firstChunk, 1), CHUNK); ; size = Math.min(size * 2, CHUNK)) {
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) break;
      const lines = splitter.push(Buffer.from(buf.subarray(0, n)));
      if (lines.length > 0) yield lines;
    }
    const last = splitter.end();
    if (last.length > 0) yield last;
  } finally {
    closeSync2(fd);
  }
}
async function* readScalarFile(path, displayName = path, options = {}) {
  const parser = new ScalarFileParser(displayName, options);
  for await (const lines of readLineBatches(path)) {
    for (const line of lines) {
      const records = parser.pushLine(line.text, line.terminated);
      for (const r of records) yield r;
    }
  }
  for (const r of parser.end()) yield r;
}

// src/adapters/results/vector-files.ts
import { open as open2, stat } from "node:fs/promises";
var CHUNK2 = 1 << 16;
var BATCH = 4096;
async function fileFingerprint(path) {
  const s = await stat(path);
  return { size: s.size, mtime: Math.floor(s.mtimeMs / 1e3) };
}
function indexFileName(vecPath) {
  const dot = vecPath.lastIndexOf(".");
  return dot >= 0 ? `${vecPath.slice(0, dot)}.vci` : `${vecPath}.vci`;
}
async function readIndexFile(vciPath, displayName = vciPath) {
  const parser = new VectorIndexFileParser(displayName);
  for await (const lines of readLineBatches(vciPath))
    for (const l of lines) parser.pushLine(l.text);
  return parser.end();
}
async function scanVectorFile(vecPath, displayName = vecPath, options = {}) {
  const indexer = new VectorFileIndexer(displayName, options);
  for await (const lines of readLineBatches(vecPath)) for (const l of lines) indexer.pushLine(l);
  return indexer.end((await fileFingerprint(vecPath)).size);
}
async function exists(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
async function loadVectorIndex(vecPath, displayName = vecPath, options = {}) {
  const fingerprint = await fileFingerprint(vecPath);
  const vci = indexFileName(vecPath);
  if ((options.useIndexFile ?? true) && await exists(vci)) {
    const vciName = indexFileName(displayName);
    let recorded;
    for await (const lines of readLineBatches(vci)) {
      recorded = fingerprintFromIndexLines(
        lines.map((l) => l.text),
        vciName
      );
      break;
    }
    if (isIndexUpToDate(recorded, fingerprint))
      return { index: await readIndexFile(vci, vciName), source: "vci", fingerprint };
  }
  return {
    index: await scanVectorFile(vecPath, displayName, options),
    source: "scan",
    fingerprint
  };
}
var LineWindow = class {
  constructor(fh) {
    this.fh = fh;
  }
  fh;
  buf = Buffer.allocUnsafe(CHUNK2);
  start = 0;
  len = 0;
  eof = false;
  /** First "\r" at or after crFrom in the window (-1: none); most files have none. */
  cr = -1;
  crFrom = 0;
  /**
   * The line starting at `pos` ("\n", "\r\n" or "\r" ended, or the file's unterminated last
   * line), or undefined when the window must be refilled first.
   */
  line(pos) {
    const i = pos - this.start;
    if (i < 0 || i > this.len || i === this.len && !this.eof) return void 0;
    const data = this.buf.subarray(0, this.len);
    let lf = data.indexOf(10, i);
    if (lf < 0) lf = this.len;
    if (this.cr >= 0 && this.cr < i && this.crFrom <= i) {
      this.cr = data.indexOf(13, i);
      this.crFrom = i;
    }
    let cr = this.crFrom <= i ? this.cr : data.indexOf(13, i);
    if (cr < 0 || cr > lf) cr = this.len;
    const stop = Math.min(lf, cr);
    if (stop === this.len) {
      if (!this.eof || i === this.len) return void 0;
      return { text: data.toString("utf8", i, stop), next: this.start + stop };
    }
    let next = stop + 1;
    if (stop === cr) {
      if (next === this.len && !this.eof) return void 0;
      if (next < this.len && data[next] === 10) next++;
    }
    return { text: data.toString("utf8", i, stop), next: this.start + next };
  }
  /** Loads the window at `pos`; grows it when it already starts there (a very long line). */
  async fill(pos) {
    if (pos === this.start && this.len === this.buf.length)
      this.buf = Buffer.allocUnsafe(this.buf.length * 2);
    const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, pos);
    this.start = pos;
    this.len = bytesRead;
    this.eof = bytesRead < this.buf.length;
    this.cr = this.buf.subarray(0, bytesRead).indexOf(13);
    this.crFrom = 0;
    return bytesRead > 0;
  }
};
async function* readVectorBlocks(vecPath, vector, displayName = vecPath, expected) {
  if (expected !== void 0) {
    const now = await fileFingerprint(vecPath);
    if (now.size !== expected.size || now.mtime !== expected.mtime)
      throw new ResultFileError("vector file changed on disk since it was indexed", displayName);
  }
  const fh = await open2(vecPath, "r");
  try {
    const window = new LineWindow(fh);
    let out = [];
    const first = vector.blocks[0];
    const reader = first && new VectorBlockReader(displayName, vector, first);
    for (const block of vector.blocks) {
      if (reader === void 0) break;
      reader.startBlock(block);
      let pos = block.offset;
      while (!reader.done) {
        const line = window.line(pos);
        if (line === void 0) {
          if (!await window.fill(pos))
            throw new ResultFileError(
              `unexpected end of file in the block at byte offset ${block.offset}`,
              displayName
            );
          continue;
        }
        pos = line.next;
        const d = reader.pushLine(line.text);
        if (d === void 0) continue;
        out.push(d);
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await fh.close();
  }
}

// src/adapters/results/load.ts
async function isDirectory(path) {
  try {
    return (await stat2(path)).isDirectory();
  } catch {
    return false;
  }
}
async function collectInDirectory(dir, suffix, out) {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith(".")).sort((a, b) => compareNames(a.name, b.name));
  const prefix = dir === "." ? "" : dir.endsWith("/") ? dir : `${dir}/`;
  for (const e of entries) {
    const path = prefix + e.name;
    if (e.isDirectory() || e.isSymbolicLink() && await isDirectory(path))
      await collectInDirectory(path, suffix, out);
    else if (e.name.endsWith(suffix)) out.push(path);
  }
}
async function collectResultFiles(paths) {
  const out = [];
  for (const p of paths) {
    if (await isDirectory(p)) {
      await collectInDirectory(p, ".sca", out);
      await collectInDirectory(p, ".vec", out);
    } else out.push(p);
  }
  return out;
}
async function resultFileFormat(path) {
  let sqlite2;
  try {
    sqlite2 = await isSqliteFile(path);
  } catch (e) {
    const code = e.code ?? String(e);
    throw new ResultFileError(`Cannot open for read (${code})`, path);
  }
  if (sqlite2) return "sqlite";
  return path.endsWith(".vec") ? "text-vector" : "text";
}
var FileVectorDataSource = class {
  locations = /* @__PURE__ */ new Map();
  register(file, location) {
    this.locations.set(file, location);
  }
  readVectorData(vector) {
    const loc = this.locations.get(vector.file);
    if (loc === void 0)
      throw new ResultFileError("no vector data known for this file", vector.file);
    if (loc.kind === "sqlite")
      return readSqliteVectorData(
        loc.path,
        vector.vectorId,
        loc.simtimeExps?.get(vector.vectorId) ?? 0,
        vector.file
      );
    const indexed = loc.vectors?.get(vector.vectorId);
    if (indexed === void 0)
      throw new ResultFileError(`vector ${vector.vectorId} is not in the index`, vector.file);
    return readVectorBlocks(loc.path, indexed, vector.file, loc.fingerprint);
  }
};
async function* readResultFile(path, options = {}, vectorData) {
  const format = await resultFileFormat(path);
  if (format === "sqlite") {
    const contents = readSqliteFile(path, path, options.scalarsOnly);
    vectorData?.register(path, { kind: "sqlite", path, simtimeExps: contents.simtimeExps });
    for (const run of contents.runs) yield { type: "run", run, file: path };
    yield* contents.items;
  } else if (format === "text-vector") {
    const loaded = await loadVectorIndex(path, path, options);
    const r = resultsFromIndex(loaded.index, path);
    if (r === void 0) return;
    const vectors = new Map(loaded.index.vectors.map((v) => [v.vectorId, v]));
    vectorData?.register(path, {
      kind: "text",
      path,
      fingerprint: loaded.fingerprint,
      vectors
    });
    yield { type: "run", run: r.run, file: path };
    yield* r.vectors;
  } else {
    yield* readScalarFile(path, path, options);
  }
}
var POLICY = {
  text: "keep-first",
  "text-vector": "replace",
  sqlite: "merge"
};
async function loadResults(paths, options = {}) {
  const results = new ResultSet();
  const data = new FileVectorDataSource();
  for (const file of await collectResultFiles(paths)) {
    if (!results.addFile(file)) continue;
    const policy = POLICY[await resultFileFormat(file)];
    for await (const record of readResultFile(file, options, data)) {
      if (record.type === "run") results.addRun(file, record.run, policy);
      else results.addItem(record);
    }
  }
  return { results, data, files: results.files };
}
async function writeExport(chunks, outPath) {
  const source = Readable.from(chunks);
  if (outPath === "-") await pipeline(source, process.stdout, { end: false });
  else await pipeline(source, createWriteStream(outPath));
}

// src/adapters/results/merge-inputs.ts
import { existsSync as existsSync4 } from "node:fs";
import { open as open3, readdir as readdir2, stat as stat3 } from "node:fs/promises";
import { basename, dirname as dirname2, join as join2, resolve as resolve2 } from "node:path";
var MERGED_FILES = ["results.sca", "results.vec"];
function isMergedFolder(dir) {
  return existsSync4(join2(dir, "runs.csv")) && MERGED_FILES.some((f) => existsSync4(join2(dir, f)));
}
function mergedFolderOf(file) {
  const dir = dirname2(resolve2(file));
  const name = basename(file);
  if (!name.endsWith(".vec") && !MERGED_FILES.includes(name))
    return void 0;
  return isMergedFolder(dir) ? dir : void 0;
}
async function vectorFiles(dir) {
  return (await readdir2(dir, { withFileTypes: true })).filter((e) => !e.isDirectory() && e.name.endsWith(".vec") && !e.name.startsWith(".")).map((e) => e.name).filter((f) => f !== "results.vec").sort(compareNames).map((f) => join2(dir, f));
}
async function isDirectory2(path) {
  try {
    return (await stat3(path)).isDirectory();
  } catch {
    return false;
  }
}
async function walk(dir, suffix, out) {
  if (isMergedFolder(dir)) {
    checkComplete(dir);
    const merged = join2(dir, `results${suffix}`);
    if (existsSync4(merged)) out.push(merged);
    if (suffix === ".vec") out.push(...await vectorFiles(dir));
    return;
  }
  const entries = (await readdir2(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith(".")).sort((a, b) => compareNames(a.name, b.name));
  for (const e of entries) {
    const path = join2(dir, e.name);
    if (e.isDirectory() || e.isSymbolicLink() && await isDirectory2(path))
      await walk(path, suffix, out);
    else if (e.name.endsWith(suffix)) out.push(path);
  }
}
async function collectMergeInputs(paths, exclude = []) {
  const out = [];
  for (const p of paths) {
    if (await isDirectory2(p)) {
      await walk(p, ".sca", out);
      await walk(p, ".vec", out);
    } else out.push(p);
  }
  const seen = new Set(exclude.map((f) => resolve2(f)));
  return out.filter((f) => {
    const r = resolve2(f);
    if (seen.has(r)) return false;
    seen.add(r);
    return true;
  });
}
async function inputFormat(path) {
  let sqlite2;
  try {
    sqlite2 = await isSqliteFile(path);
  } catch (e) {
    const code = e.code ?? String(e);
    throw new ResultFileError(`Cannot open for read (${code})`, path);
  }
  if (sqlite2) return "sqlite";
  return path.endsWith(".vec") ? "text-vector" : "text";
}
async function scanInput(path) {
  const format = await inputFormat(path);
  if (format === "sqlite") return { file: path, format, runs: scanSqlite(path) };
  const kind = format === "text-vector" ? "vector" : "scalar";
  const header = await readTextHeader(path);
  const runs = [{ runName: header.runName, header, kinds: [kind] }];
  if (format === "text") {
    for (const name of await laterRunNames(path, header.runName))
      if (!runs.some((r) => r.runName === name)) runs.push({ runName: name, kinds: [kind] });
  }
  return { file: path, format, runs };
}
var HEADER_CHUNK = 4096;
var HEADER_WORDS = /* @__PURE__ */ new Set(["version", "run", "attr", "itervar", "config", "param"]);
async function readTextHeader(path) {
  return Promise.resolve(textHeader(path));
}
function textHeader(path) {
  const parser = new ScalarFileParser(path);
  let runLines = 0;
  let empty = true;
  outer: for (const lines of readLineBatchesSync(path, HEADER_CHUNK)) {
    for (const line of lines) {
      empty = false;
      const first = /^[ \t]*([^ \t]*)/.exec(line.text)?.[1] ?? "";
      const header = first === "" || first.startsWith("#") || HEADER_WORDS.has(first);
      if (!header || first === "run" && ++runLines > 1) break outer;
      parser.pushLine(line.text, line.terminated);
    }
  }
  const run = parser.end().find((r) => r.type === "run")?.run;
  if (run === void 0)
    throw new ResultFileError(
      empty ? "empty file" : "no 'run' line: not an OMNeT++ result file",
      path
    );
  const attrs = new Map(run.attributes);
  const itervars = new Map(run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  return { ...run, attributes: sortedMap(attrs), itervars: sortedMap(itervars) };
}
async function laterRunNames(path, first) {
  const names = [];
  const fh = await open3(path, "r");
  try {
    const needle = Buffer.from("\nrun ");
    const buf = Buffer.alloc(1 << 16);
    let carry = Buffer.alloc(0);
    for (; ; ) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = Buffer.concat([carry, buf.subarray(0, bytesRead)]);
      let i = chunk.indexOf(needle);
      let keepFrom = Math.max(0, chunk.length - needle.length);
      while (i >= 0) {
        const end = chunk.indexOf(10, i + 1);
        if (end < 0) {
          keepFrom = i;
          break;
        }
        const name = runLineName(chunk.toString("utf8", i + 1, end));
        if (name !== void 0 && name !== first && !names.includes(name)) names.push(name);
        i = chunk.indexOf(needle, end);
      }
      carry = chunk.subarray(keepFrom);
    }
  } finally {
    await fh.close();
  }
  return names;
}
function runLineName(line) {
  try {
    const t = tokenizeLine(line.replace(/\r$/, ""));
    return t[0] === "run" && t.length === 2 ? t[1] : void 0;
  } catch {
    return void 0;
  }
}
var text2 = (v) => typeof v === "string" ? v : v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : String(v);
function scanSqlite(path) {
  let db;
  try {
    db = openDatabase(path, "read");
    return sqliteRuns(db, path);
  } catch (e) {
    if (e instanceof ResultFileError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ResultFileError(`Cannot read SQLite result file: ${msg}`, path);
  } finally {
    db?.close();
  }
}
function readSqliteRunHeaders(db, file) {
  const fail = (reason) => {
    throw new ResultFileError(`Cannot read SQLite result file: ${reason}`, file);
  };
  const rows2 = (sql) => db.prepare(sql).raw(true).all();
  const byId = /* @__PURE__ */ new Map();
  const names = /* @__PURE__ */ new Set();
  for (const [id, name] of rows2("SELECT runId, runName FROM run ORDER BY runId;")) {
    const runName = text2(name);
    if (names.has(runName)) fail("Non-unique runId in run table");
    names.add(runName);
    byId.set(Number(id), { name: runName, attrs: /* @__PURE__ */ new Map(), itervars: /* @__PURE__ */ new Map(), config: [] });
  }
  const runOf = (id) => byId.get(Number(id)) ?? fail(`invalid runId ${text2(id)}`);
  for (const [id, k, v] of rows2("SELECT runId, attrName, attrValue FROM runAttr;"))
    runOf(id).attrs.set(text2(k), text2(v));
  for (const [id, k, v] of rows2("SELECT runId, itervarName, itervarValue FROM runItervar;"))
    runOf(id).itervars.set(text2(k), text2(v));
  for (const [id, k, v] of rows2(
    "SELECT runId, configKey, configValue FROM runConfig ORDER BY configOrder ASC;"
  ))
    runOf(id).config.push([text2(k), text2(v)]);
  return [...byId].map(([runId, b]) => ({
    runId,
    run: {
      runName: b.name,
      attributes: sortedMap(b.attrs),
      itervars: sortedMap(b.itervars),
      configEntries: b.config
    }
  }));
}
function sqliteRuns(db, file) {
  const headers = readSqliteRunHeaders(db, file);
  const known = new Set(headers.map((h) => h.runId));
  const rows2 = (sql) => db.prepare(sql).raw(true).all();
  const withItems = (tables) => {
    const ids = /* @__PURE__ */ new Set();
    for (const t of tables)
      for (const [id] of rows2(`SELECT DISTINCT runId FROM ${t};`)) {
        if (!known.has(Number(id)))
          throw new ResultFileError(
            `Cannot read SQLite result file: invalid runId ${text2(id)} in table ${t}`,
            file
          );
        ids.add(Number(id));
      }
    return ids;
  };
  const scalarRuns = withItems(["scalar", "parameter", "statistic"]);
  const vectorRuns = withItems(["vector"]);
  return headers.map(({ runId, run }) => {
    const kinds = [];
    if (scalarRuns.has(runId) || !vectorRuns.has(runId)) kinds.push("scalar");
    if (vectorRuns.has(runId)) kinds.push("vector");
    return { runName: run.runName, header: run, kinds };
  });
}

export {
  tempPath,
  lockFolder,
  swapIn,
  swapRecorded,
  fsyncPath,
  SqliteUnavailableError,
  openDatabase,
  readScalarFile,
  fileFingerprint,
  indexFileName,
  loadResults,
  writeExport,
  isMergedFolder,
  mergedFolderOf,
  vectorFiles,
  collectMergeInputs,
  inputFormat,
  scanInput,
  readTextHeader,
  scanSqlite,
  readSqliteRunHeaders,
  fileInTheWay
};
