import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  JournalIndex,
  REPORT_FILE,
  findJournals,
  journalIn,
  succeededRunFiles,
  writeFolderReport
} from "./chunk-YZN3N6A5.js";
import {
  collectMergeInputs,
  fileFingerprint,
  fsyncPath,
  indexFileName,
  inputFormat,
  isMergedFolder,
  loadResults,
  lockFolder,
  mergedFolderOf,
  openDatabase,
  readScalarFile,
  readSqliteRunHeaders,
  readTextHeader,
  scanInput,
  scanSqlite,
  swapIn,
  swapRecorded,
  tempPath,
  vectorFiles,
  writeExport
} from "./chunk-BTRHFJW2.js";
import {
  CsvRecordsFormatter,
  ResultFileError,
  SQLITE_RESULT_SCHEMA,
  VECTOR_DATA_INDEX,
  VectorFileParser,
  VectorIndexFileParser,
  VectorSummaryCollector,
  compareRunKeys,
  fingerprintFromIndexLines,
  formatCsv,
  formatG,
  histogramBinRows,
  journalColumns,
  journalOnlyRow,
  makeUnweightedStatistics,
  makeWeightedStatistics,
  parseRunsCsv,
  planMerge,
  previousJournalInfo,
  resultRunRow,
  runSortKey,
  runsTable,
  separateItervarsFromAttrs,
  simtimeExpOf,
  simtimeToRaw,
  sortRunsForOutput,
  sortedMap,
  splitLines,
  statisticRow
} from "./chunk-XGZ5LFLB.js";

// src/app/merge.ts
import { existsSync as existsSync3, mkdirSync as mkdirSync2, rmSync as rmSync3, writeFileSync } from "node:fs";
import { basename as basename3, dirname, join as join3, resolve as resolve2 } from "node:path";

// src/adapters/results/vec-data-lines.ts
import { open } from "node:fs/promises";
var CHUNK = 1 << 20;
async function scanLines(path, terminated, last, between) {
  const fh = await open(path, "r");
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0;
    let carryOffset = 0;
    let consumed = 0;
    let lineNo = 0;
    let pendingCR = false;
    for (; ; ) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, carry, buf.length - carry, null);
      if (bytesRead === 0) break;
      let fromOffset = consumed;
      consumed += bytesRead;
      let n = carry + bytesRead;
      if (pendingCR) {
        pendingCR = false;
        if (buf[0] === 10) {
          buf.copy(buf, 0, 1, n);
          n--;
          fromOffset++;
        }
      }
      const dataOffset = carry > 0 ? carryOffset : fromOffset;
      const data = buf.subarray(0, n);
      let start = 0;
      let nextCR = data.indexOf(13);
      while (start < n) {
        let lf = data.indexOf(10, start);
        if (lf < 0) lf = n;
        if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf(13, start);
        let stop;
        let next;
        if (nextCR >= 0 && nextCR < lf) {
          stop = nextCR;
          if (nextCR + 1 < n) next = data[nextCR + 1] === 10 ? nextCR + 2 : nextCR + 1;
          else {
            next = n;
            pendingCR = true;
          }
        } else if (lf < n) {
          stop = lf;
          next = lf + 1;
        } else break;
        terminated(data, start, stop, ++lineNo, dataOffset + start);
        start = next;
      }
      carry = n - start;
      carryOffset = dataOffset + start;
      if (carry > 0 && start > 0) buf.copy(buf, 0, start, n);
      between();
    }
    if (carry > 0)
      last({
        text: buf.toString("utf8", 0, carry),
        lineNo: ++lineNo,
        offset: carryOffset,
        terminated: false
      });
  } finally {
    await fh.close();
  }
}
var POW10 = [
  1,
  10,
  100,
  1e3,
  1e4,
  1e5,
  1e6,
  1e7,
  1e8,
  1e9,
  1e10,
  1e11,
  1e12,
  1e13,
  1e14,
  1e15,
  1e16,
  1e17,
  1e18,
  1e19,
  1e20,
  1e21,
  1e22
];
var parsed = { end: -1, value: 0 };
function parseDigits(data, i, stop, maxDigits) {
  let v = 0;
  let j = i;
  while (j < stop) {
    const c = data[j];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    j++;
  }
  parsed.end = j > i && j - i <= maxDigits ? j : -1;
  parsed.value = v;
}
function parseSimtimeRaw(data, i, stop, decimals) {
  let j = i;
  let int = 0;
  while (j < stop) {
    const c = data[j];
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
    j++;
  }
  const intDigits = j - i;
  if (intDigits === 0 || intDigits > 18 || intDigits > 1 && data[i] === 48) {
    parsed.end = -1;
    return;
  }
  let frac = 0;
  let fracDigits = 0;
  if (j < stop && data[j] === 46) {
    const f = ++j;
    while (j < stop) {
      const c = data[j];
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      j++;
    }
    fracDigits = j - f;
    if (fracDigits === 0 || fracDigits > 18 || data[j - 1] === 48) {
      parsed.end = -1;
      return;
    }
  }
  parsed.end = j;
  if (fracDigits > decimals || intDigits > 15 || decimals > 22) {
    parsed.value = -1;
    return;
  }
  const raw = int * POW10[decimals] + frac * POW10[decimals - fracDigits];
  parsed.value = raw <= Number.MAX_SAFE_INTEGER ? raw : -1;
}
function parseValue(data, i, stop) {
  let j = i;
  const negative = data[j] === 45;
  if (negative) j++;
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let fracDigits = 0;
  while (j < stop) {
    const c = data[j];
    if (c < 48 || c > 57) break;
    if (significant > 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      significant++;
    }
    digits++;
    j++;
  }
  const intDigits = digits;
  if (j < stop && data[j] === 46) {
    j++;
    while (j < stop) {
      const c = data[j];
      if (c < 48 || c > 57) break;
      if (significant > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      digits++;
      fracDigits++;
      j++;
    }
  }
  if (digits === 0 || intDigits === 0 && fracDigits === 0) {
    parsed.end = -1;
    return;
  }
  let exp = 0;
  if (j < stop && (data[j] === 101 || data[j] === 69)) {
    j++;
    let expNegative = false;
    if (j < stop && (data[j] === 43 || data[j] === 45)) expNegative = data[j++] === 45;
    const e = j;
    while (j < stop) {
      const c = data[j];
      if (c < 48 || c > 57) break;
      if (j - e < 6) exp = exp * 10 + (c - 48);
      j++;
    }
    if (j === e) {
      parsed.end = -1;
      return;
    }
    if (j - e >= 6) exp = 1e6;
    if (expNegative) exp = -exp;
  }
  if (j !== stop) {
    parsed.end = -1;
    return;
  }
  parsed.end = j;
  const e10 = exp - fracDigits;
  let v;
  if (mantissa === 0 && significant === 0) v = 0;
  else if (significant <= 15 && e10 >= -22 && e10 <= 22)
    v = e10 < 0 ? mantissa / POW10[-e10] : mantissa * POW10[e10];
  else {
    parsed.value = Number(data.toString("latin1", i, stop));
    return;
  }
  parsed.value = negative ? -v : v;
}

// src/adapters/results/merge-files.ts
function normalizeRun(run) {
  const attrs = new Map(run.attributes);
  const itervars = new Map(run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  return { ...run, attributes: sortedMap(attrs), itervars: sortedMap(itervars) };
}
async function addTextScalarFile(w, path, runs) {
  const ids = /* @__PURE__ */ new Map();
  const added = [];
  for await (const rec of readScalarFile(path)) {
    if (rec.type === "run") {
      const name = rec.run.runName;
      if ((runs === "all" || runs.has(name)) && !ids.has(name)) {
        const run = normalizeRun(rec.run);
        ids.set(name, w.addRun(run, simtimeExpOf(run)));
        added.push(run);
      }
      continue;
    }
    const runId = ids.get(rec.runName);
    if (runId === void 0) continue;
    switch (rec.type) {
      case "scalar":
        w.addScalar(runId, rec);
        break;
      case "parameter":
        w.addParameter(runId, rec);
        break;
      case "statistic":
      case "histogram":
        w.addStatistic(runId, rec);
        break;
      case "vector":
        break;
    }
  }
  return added;
}
var ID = /^\d{1,9}$/;
var EVENT = /^\d{1,15}$/;
var TIME = /^(0|[1-9]\d{0,17})(?:\.(\d{0,17}[1-9]))?$/;
var VALUE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
var CHECK_ONLY = {
  nextVectorId: () => 1,
  addRun: () => 1,
  addVectorDatum: () => void 0,
  flushVectorData: () => void 0,
  discardVectorData: () => void 0,
  addVector: () => void 0
};
async function checkTextVectorFile(path, signal) {
  return addTextVectorFile(CHECK_ONLY, path, signal);
}
async function addTextVectorFile(w, path, signal) {
  const parser = new VectorFileParser(path);
  const base = w.nextVectorId();
  const vectors = /* @__PURE__ */ new Map();
  const position = /* @__PURE__ */ new Map();
  let runId = -1;
  let exp = 0;
  const stateOf = (id) => {
    if (runId < 0) {
      const run = normalizeRun(parser.run);
      exp = simtimeExpOf(run);
      runId = w.addRun(run, exp);
    }
    const declared = parser.vectors;
    for (let i = position.size; i < declared.length; i++) {
      const e = declared[i];
      if (e !== void 0) position.set(e, i);
    }
    const entry = parser.vectorById(id);
    if (entry === void 0) throw new ResultFileError("Missing vector declaration", path);
    const v = {
      vectorId: base + (position.get(entry) ?? 0),
      entry,
      summary: new VectorSummaryCollector(),
      fields: entry.columns === "ETV" ? 4 : entry.columns === "TV" ? 3 : 0
    };
    vectors.set(id, v);
    return v;
  };
  const add = (v, event, time, value, line) => {
    const raw = simtimeToRaw(time, exp);
    if (raw === void 0)
      throw new ResultFileError(
        `simulation time ${time} cannot be stored with the run's time resolution (1e${exp}s)`,
        path,
        line
      );
    v.summary.collect(event, raw, value);
    w.addVectorDatum(v.vectorId, event, raw, value);
  };
  const fast = (line) => {
    const t = line.text;
    const c = t.charCodeAt(0);
    if (c < 48 || c > 57 || !line.terminated) return false;
    const tab1 = t.indexOf("	");
    if (tab1 < 0 || !ID.test(t.slice(0, tab1))) return false;
    const v = vectors.get(Number(t.slice(0, tab1)));
    if (v === void 0 || v.fields === 0) return false;
    const tab2 = t.indexOf("	", tab1 + 1);
    const tab3 = tab2 < 0 ? -1 : t.indexOf("	", tab2 + 1);
    const etv = v.fields === 4;
    if (tab2 < 0 || (etv ? tab3 < 0 || t.includes("	", tab3 + 1) : tab3 >= 0)) return false;
    const event = etv ? t.slice(tab1 + 1, tab2) : "";
    const time = etv ? t.slice(tab2 + 1, tab3) : t.slice(tab1 + 1, tab2);
    const value = t.slice((etv ? tab3 : tab2) + 1);
    if (etv && !EVENT.test(event) || !TIME.test(time) || !VALUE.test(value)) return false;
    add(v, etv ? Number(event) : -1, time, Number(value), line.lineNo);
    return true;
  };
  const fastBytes = (data, start, stop, lineNo) => {
    const c = data[start];
    if (c < 48 || c > 57) return false;
    parseDigits(data, start, stop, 9);
    let i = parsed.end;
    if (i < 0 || i >= stop || data[i] !== 9) return false;
    const v = vectors.get(parsed.value);
    if (v === void 0 || v.fields === 0) return false;
    let event = -1;
    if (v.fields === 4) {
      parseDigits(data, i + 1, stop, 15);
      if (parsed.end < 0 || parsed.end >= stop || data[parsed.end] !== 9) return false;
      event = parsed.value;
      i = parsed.end;
    }
    const timeStart = i + 1;
    parseSimtimeRaw(data, timeStart, stop, -exp);
    const timeEnd = parsed.end;
    if (timeEnd < 0 || timeEnd >= stop || data[timeEnd] !== 9) return false;
    const raw = parsed.value;
    parseValue(data, timeEnd + 1, stop);
    if (parsed.end < 0) return false;
    if (raw < 0) add(v, event, data.toString("latin1", timeStart, timeEnd), parsed.value, lineNo);
    else {
      v.summary.collect(event, raw, parsed.value);
      w.addVectorDatum(v.vectorId, event, raw, parsed.value);
    }
    return true;
  };
  const slow = (line) => {
    if (fast(line)) return;
    const d = parser.pushLine(line);
    if (d === void 0) return;
    const v = vectors.get(d.vectorId) ?? stateOf(d.vectorId);
    add(v, d.datum.eventNumber, d.datum.simtime, d.datum.value, d.lineNo);
  };
  try {
    signal?.throwIfAborted();
    await scanLines(
      path,
      (data, start, stop, lineNo, offset) => {
        if (stop > start && fastBytes(data, start, stop, lineNo)) return;
        slow({ text: data.toString("utf8", start, stop), lineNo, offset, terminated: true });
      },
      slow,
      () => signal?.throwIfAborted()
    );
    w.flushVectorData();
  } catch (e) {
    w.discardVectorData();
    throw e;
  }
  for (const v of [...vectors.values()].sort((a, b) => a.vectorId - b.vectorId))
    w.addVector(
      runId,
      v.vectorId,
      v.entry.module,
      v.entry.name,
      sortedMap(v.entry.attributes),
      v.summary
    );
  return runId >= 0;
}
var TYPES = {
  scalar: ["parameter", "scalar", "statistic", "histogram"],
  vector: ["vector"]
};
async function runContents(file, runName, kind) {
  const { results } = await loadResults([file]);
  const g = (v) => formatG(v, 14);
  const describe = (item) => {
    const common = [item.type, item.module, item.name, [...item.attributes]];
    switch (item.type) {
      case "scalar":
        return [...common, g(item.value)];
      case "parameter":
        return [...common, item.value];
      case "statistic":
      case "histogram": {
        const s = item.statistics;
        const h = item.histogram;
        return [
          ...common,
          [s.count, s.min, s.max, s.sumWeights, s.sumWeightedValues].map(g),
          h && [h.binEdges.map(g), h.binValues.map(g), g(h.underflows), g(h.overflows)]
        ];
      }
      case "vector": {
        const s = item.summary;
        return [
          ...common,
          s && [g(s.statistics.count), g(s.statistics.min), g(s.statistics.max)],
          s && [s.startTime, s.endTime]
        ];
      }
    }
  };
  const items = TYPES[kind].flatMap((t) => results.itemsOfRun(runName, t).map(describe));
  return JSON.stringify(items);
}

// src/adapters/results/sqlite-csv.ts
var FLUSH_SIZE = 1 << 16;
var num = (v) => v === null || v === void 0 ? NaN : Number(v);
var str = (v) => typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : "";
var pause = () => new Promise((resolve3) => setImmediate(resolve3));
function orderedConnection(path, ranks) {
  const db = openDatabase(path, "read");
  db.exec("CREATE TEMP TABLE ord (runId INTEGER PRIMARY KEY, rank INTEGER NOT NULL);");
  const ins = db.prepare("INSERT INTO temp.ord (runId, rank) VALUES (?, ?);");
  db.exec("BEGIN;");
  for (const [id, rank] of ranks) ins.run(id, rank);
  db.exec("COMMIT;");
  return db;
}
function* grouped(rows) {
  let key;
  let group = [];
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
var Follower = class {
  pending;
  it;
  constructor(rows) {
    this.it = grouped(rows);
    this.pending = this.next();
  }
  next() {
    const n = this.it.next();
    return n.done ? void 0 : n.value;
  }
  /** The rows of `id`, which must be asked for in the cursor's order. */
  take(id) {
    if (this.pending === void 0 || this.pending[0] !== id) return [];
    const rows = this.pending[1];
    this.pending = this.next();
    return rows;
  }
};
var attrMap = (rows) => sortedMap(rows.map((r) => [str(r[1]), str(r[2])]));
async function* exportSqliteScalarsCsv(path, options = {}) {
  const main = openDatabase(path, "read");
  const cursors = [];
  let ranks = /* @__PURE__ */ new Map();
  const open2 = () => {
    const db = orderedConnection(path, ranks);
    cursors.push(db);
    return db;
  };
  try {
    const exists = (sql) => main.prepare(sql).get() !== void 0;
    const contents = {
      scalars: exists("SELECT 1 FROM scalar LIMIT 1;"),
      parameters: exists("SELECT 1 FROM parameter LIMIT 1;"),
      statistics: exists("SELECT 1 FROM statistic WHERE isHistogram = 0 LIMIT 1;"),
      histograms: exists("SELECT 1 FROM statistic WHERE isHistogram <> 0 LIMIT 1;"),
      vectors: false
    };
    const withItems = new Set(
      main.prepare(
        "SELECT runId FROM scalar UNION SELECT runId FROM parameter UNION SELECT runId FROM statistic;"
      ).pluck().all().map(Number)
    );
    const headers = readSqliteRunHeaders(main, path).filter((h) => withItems.has(h.runId));
    const idOf = new Map(headers.map((h) => [h.run, h.runId]));
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
    const base = (r) => ({
      runName: nameOf.get(Number(r[1])) ?? "",
      module: str(r[2]),
      name: str(r[3]),
      file: path
    });
    if (contents.scalars) {
      const attrs = new Follower(
        open2().prepare(
          `SELECT a.scalarId, a.attrName, a.attrValue FROM scalarAttr a
             JOIN scalar s ON s.scalarId = a.scalarId JOIN temp.ord o ON o.runId = s.runId
             ORDER BY o.rank, s.scalarId, a.attrName, a.rowid;`
        ).raw(true).iterate()
      );
      for (const r of open2().prepare(
        `SELECT s.scalarId, s.runId, s.moduleName, s.scalarName, s.scalarValue FROM scalar s
           JOIN temp.ord o ON o.runId = s.runId ORDER BY o.rank, s.scalarId;`
      ).raw(true).iterate()) {
        const item = {
          ...base(r),
          type: "scalar",
          attributes: attrMap(attrs.take(r[0])),
          value: num(r[4])
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
        open2().prepare(
          `SELECT a.paramId, a.attrName, a.attrValue FROM paramAttr a
             JOIN parameter p ON p.paramId = a.paramId JOIN temp.ord o ON o.runId = p.runId
             ORDER BY o.rank, p.paramId, a.attrName, a.rowid;`
        ).raw(true).iterate()
      );
      for (const r of open2().prepare(
        `SELECT p.paramId, p.runId, p.moduleName, p.paramName, p.paramValue FROM parameter p
           JOIN temp.ord o ON o.runId = p.runId ORDER BY o.rank, p.paramId;`
      ).raw(true).iterate()) {
        const item = {
          ...base(r),
          type: "parameter",
          attributes: attrMap(attrs.take(r[0])),
          value: str(r[4])
        };
        out.parameter(item);
        if (out.buf.length >= FLUSH_SIZE) {
          yield out.take();
          await pause();
        }
      }
    }
    if (contents.statistics || contents.histograms) {
      const order = "ORDER BY o.rank, s.isHistogram <> 0, s.statId";
      const attrs = new Follower(
        open2().prepare(
          `SELECT a.statId, a.attrName, a.attrValue FROM statisticAttr a
             JOIN statistic s ON s.statId = a.statId JOIN temp.ord o ON o.runId = s.runId
             ${order}, a.attrName, a.rowid;`
        ).raw(true).iterate()
      );
      const bins = new Follower(
        open2().prepare(
          `SELECT b.statId, b.lowerEdge, b.binValue FROM histogramBin b
             JOIN statistic s ON s.statId = b.statId JOIN temp.ord o ON o.runId = s.runId
             ${order}, b.lowerEdge;`
        ).raw(true).iterate()
      );
      for (const r of open2().prepare(
        `SELECT s.statId, s.runId, s.moduleName, s.statName, s.isHistogram, s.isWeighted,
                  s.statCount, s.statSum, s.statSqrsum, s.statMin, s.statMax, s.statWeights,
                  s.statWeightedSum, s.statSqrSumWeights, s.statWeightedSqrSum
           FROM statistic s JOIN temp.ord o ON o.runId = s.runId ${order};`
      ).raw(true).iterate()) {
        const isHistogram = num(r[4]) !== 0;
        const statistics = num(r[5]) !== 0 ? makeWeightedStatistics(
          num(r[6]),
          num(r[9]),
          num(r[10]),
          num(r[11]),
          num(r[12]),
          num(r[13]),
          num(r[14])
        ) : makeUnweightedStatistics(num(r[6]), num(r[9]), num(r[10]), num(r[7]), num(r[8]));
        const b = bins.take(r[0]);
        const histogram = isHistogram ? {
          binEdges: b.slice(1).map((x) => num(x[1])),
          binValues: b.slice(1, -1).map((x) => num(x[2])),
          underflows: b.length > 0 ? num(b[0]?.[2]) : 0,
          overflows: b.length > 0 ? num(b[b.length - 1]?.[2]) : 0
        } : void 0;
        const item = {
          ...base(r),
          type: isHistogram ? "histogram" : "statistic",
          attributes: attrMap(attrs.take(r[0])),
          statistics,
          ...histogram ? { histogram } : {}
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

// src/app/merge-vectors.ts
import { existsSync, mkdirSync, rmSync as rmSync2 } from "node:fs";
import { basename as basename2, join } from "node:path";

// src/adapters/results/result-db-writer.ts
var ROWS_PER_INSERT = 256;
var TABLES = {
  scalar: [
    ["scalar", "scalarId", ["scalarAttr"]],
    ["parameter", "paramId", ["paramAttr"]],
    ["statistic", "statId", ["statisticAttr", "histogramBin"]]
  ],
  vector: [["vector", "vectorId", ["vectorAttr", "vectorData"]]]
};
var COLUMNS = {
  scalar: "moduleName, scalarName, scalarValue",
  parameter: "moduleName, paramName, paramValue",
  statistic: "moduleName, statName, isHistogram, isWeighted, statCount, statMean, statStddev, statSum, statSqrsum, statMin, statMax, statWeights, statWeightedSum, statSqrSumWeights, statWeightedSqrSum",
  vector: "moduleName, vectorName, vectorCount, vectorMin, vectorMax, vectorSum, vectorSumSqr, startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw",
  scalarAttr: "attrName, attrValue",
  paramAttr: "attrName, attrValue",
  statisticAttr: "attrName, attrValue",
  vectorAttr: "attrName, attrValue",
  histogramBin: "lowerEdge, binValue",
  vectorData: "eventNumber, simtimeRaw, value"
};
function runNamesOf(db) {
  const names = db.prepare("SELECT runName FROM run;").pluck().all();
  return new Set(names);
}
var ResultDbWriter = class _ResultDbWriter {
  constructor(path, db, fresh) {
    this.path = path;
    this.db = db;
    this.freshFile = fresh;
  }
  path;
  db;
  stmts = /* @__PURE__ */ new Map();
  freshFile;
  /**
   * Opens `path` for writing: a new file gets the schema; an existing one (a copy of an earlier
   * merge) is appended to. Pragmas favour speed: the file is a temporary one, renamed into
   * place only when complete.
   */
  static open(path, fresh) {
    const db = openDatabase(path, "write");
    try {
      db.exec("PRAGMA journal_mode = MEMORY;");
      db.exec("PRAGMA synchronous = OFF;");
      db.exec("PRAGMA foreign_keys = OFF;");
      db.exec("PRAGMA cache_size = -16384;");
      db.exec("PRAGMA temp_store = FILE;");
      if (fresh) db.exec(`BEGIN;
${SQLITE_RESULT_SCHEMA}
COMMIT;`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new _ResultDbWriter(path, db, fresh);
  }
  runNames() {
    return runNamesOf(this.db);
  }
  stmt(sql) {
    let s = this.stmts.get(sql);
    if (s === void 0) this.stmts.set(sql, s = this.db.prepare(sql));
    return s;
  }
  /** Runs `f` as one transaction: all of an input's rows, or none. */
  transaction(f) {
    this.db.exec("BEGIN;");
    try {
      const r = f();
      this.db.exec("COMMIT;");
      return r;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK;");
      throw e;
    }
  }
  /** Like transaction(), for work that awaits (streamed input). */
  async transactionAsync(f) {
    this.db.exec("BEGIN;");
    try {
      const r = await f();
      this.db.exec("COMMIT;");
      return r;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK;");
      throw e;
    }
  }
  // --- records (text inputs) ----------------------------------------------------------------
  /** Adds a run row with its attributes, iteration variables and config entries; its runId. */
  addRun(run, simtimeExp) {
    const runId = Number(
      this.stmt("INSERT INTO run (runName, simtimeExp) VALUES (?, ?);").run(run.runName, simtimeExp).lastInsertRowid
    );
    const attr = this.stmt("INSERT INTO runAttr (runId, attrName, attrValue) VALUES (?, ?, ?);");
    for (const [k, v] of run.attributes) attr.run(runId, k, v);
    const itervar = this.stmt(
      "INSERT INTO runItervar (runId, itervarName, itervarValue) VALUES (?, ?, ?);"
    );
    for (const [k, v] of run.itervars) itervar.run(runId, k, v);
    const config = this.stmt(
      "INSERT INTO runConfig (runId, configKey, configValue, configOrder) VALUES (?, ?, ?, ?);"
    );
    run.configEntries.forEach(([k, v], i) => config.run(runId, k, v, i));
    return runId;
  }
  attrs(table, id, attributes) {
    const s = this.stmt(
      `INSERT INTO ${table} (${ATTR_ID[table]}, attrName, attrValue) VALUES (?, ?, ?);`
    );
    for (const [k, v] of attributes) s.run(id, k, v);
  }
  addScalar(runId, item) {
    const id = Number(
      this.stmt(
        "INSERT INTO scalar (runId, moduleName, scalarName, scalarValue) VALUES (?, ?, ?, ?);"
      ).run(runId, item.module, item.name, item.value).lastInsertRowid
    );
    this.attrs("scalarAttr", id, item.attributes);
  }
  addParameter(runId, item) {
    const id = Number(
      this.stmt(
        "INSERT INTO parameter (runId, moduleName, paramName, paramValue) VALUES (?, ?, ?, ?);"
      ).run(runId, item.module, item.name, item.value).lastInsertRowid
    );
    this.attrs("paramAttr", id, item.attributes);
  }
  addStatistic(runId, item) {
    const r = statisticRow(item);
    const id = Number(
      this.stmt(
        `INSERT INTO statistic (runId, ${COLUMNS["statistic"]}) VALUES (${placeholders(16)});`
      ).run(
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
        r.statWeightedSqrSum
      ).lastInsertRowid
    );
    this.attrs("statisticAttr", id, item.attributes);
    if (item.histogram === void 0) return;
    const bin = this.stmt(
      "INSERT INTO histogramBin (statId, lowerEdge, binValue) VALUES (?, ?, ?);"
    );
    for (const [edge, value] of histogramBinRows(item.histogram)) bin.run(id, edge, value);
  }
  /** The vectorId the next vector gets when none is given explicitly. */
  nextVectorId() {
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'vector';").pluck().get();
    return (seq ?? 0) + 1;
  }
  /** Adds a vector row (with its summary) and its attributes under the given vectorId. */
  addVector(runId, vectorId, module, name, attributes, s) {
    this.stmt(
      `INSERT INTO vector (vectorId, runId, ${COLUMNS["vector"]}) VALUES (${placeholders(13)});`
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
      s.endRaw
    );
    this.attrs("vectorAttr", vectorId, attributes);
  }
  pending = new Array(4 * ROWS_PER_INSERT);
  pendingRows = 0;
  batchInsert;
  /** Adds a vector data row; rows are inserted ROWS_PER_INSERT at a time (see flushVectorData). */
  addVectorDatum(vectorId, eventNumber, raw, value) {
    const p = this.pending;
    const i = this.pendingRows * 4;
    p[i] = vectorId;
    p[i + 1] = eventNumber;
    p[i + 2] = raw;
    p[i + 3] = value;
    if (++this.pendingRows === ROWS_PER_INSERT) {
      this.batchInsert ??= this.db.prepare(
        `INSERT INTO vectorData (vectorId, ${COLUMNS["vectorData"]}) VALUES ${Array(ROWS_PER_INSERT).fill("(?, ?, ?, ?)").join(", ")};`
      );
      this.batchInsert.run(p);
      this.pendingRows = 0;
    }
  }
  /** Inserts the rows addVectorDatum() still holds. */
  flushVectorData() {
    const single = this.stmt(
      `INSERT INTO vectorData (vectorId, ${COLUMNS["vectorData"]}) VALUES (?, ?, ?, ?);`
    );
    const p = this.pending;
    for (let i = 0; i < this.pendingRows * 4; i += 4)
      single.run(p[i], p[i + 1], p[i + 2], p[i + 3]);
    this.pendingRows = 0;
  }
  /** Drops the rows addVectorDatum() holds (their input failed). */
  discardVectorData() {
    this.pendingRows = 0;
  }
  // --- SQLite inputs ------------------------------------------------------------------------
  /**
   * Copies the given runs, with their items of `kind`, from an SQLite result file, in one
   * transaction. Runs are added in the order given; items keep their order within a run.
   */
  copyFromSqlite(path, runNames, kind) {
    const db = this.db;
    db.prepare("ATTACH DATABASE ? AS src;").run(path);
    try {
      this.transaction(() => this.copyAttached(runNames, kind));
    } finally {
      db.exec("DETACH DATABASE src;");
    }
  }
  copyAttached(runNames, kind) {
    const db = this.db;
    db.exec(
      "DROP TABLE IF EXISTS temp.rmap; CREATE TEMP TABLE rmap (oldId INTEGER PRIMARY KEY, newId INTEGER NOT NULL);"
    );
    const oldIdOf = db.prepare("SELECT runId, simtimeExp FROM src.run WHERE runName = ?;").raw(true);
    const addRun = db.prepare("INSERT INTO main.run (runName, simtimeExp) VALUES (?, ?);");
    const map = db.prepare("INSERT INTO temp.rmap (oldId, newId) VALUES (?, ?);");
    for (const name of runNames) {
      const row = oldIdOf.get(name);
      if (row === void 0) continue;
      map.run(row[0], addRun.run(name, row[1]).lastInsertRowid);
    }
    for (const [table, cols] of [
      ["runAttr", "attrName, attrValue"],
      ["runItervar", "itervarName, itervarValue"],
      ["runConfig", "configKey, configValue, configOrder"]
    ])
      db.exec(
        `INSERT INTO main.${table} (runId, ${cols})
           SELECT m.newId, ${prefixed("t", cols)} FROM src.${table} t
           JOIN temp.rmap m ON m.oldId = t.runId ORDER BY m.newId, t.rowid;`
      );
    for (const [table, idColumn, children] of TABLES[kind]) {
      db.exec(
        `DROP TABLE IF EXISTS temp.imap;
         CREATE TEMP TABLE imap (oldId INTEGER PRIMARY KEY, newId INTEGER NOT NULL);
         INSERT INTO temp.imap (oldId, newId)
           SELECT t.${idColumn},
                  COALESCE((SELECT seq FROM main.sqlite_sequence WHERE name = '${table}'), 0)
                  + row_number() OVER (ORDER BY m.newId, t.${idColumn})
           FROM src.${table} t JOIN temp.rmap m ON m.oldId = t.runId;
         INSERT INTO main.${table} (${idColumn}, runId, ${COLUMNS[table]})
           SELECT i.newId, m.newId, ${prefixed("t", COLUMNS[table] ?? "")}
           FROM src.${table} t
           JOIN temp.imap i ON i.oldId = t.${idColumn}
           JOIN temp.rmap m ON m.oldId = t.runId
           ORDER BY i.newId;`
      );
      for (const child of children) {
        const order = child === "vectorData" ? "c.rowid" : "i.newId, c.rowid";
        db.exec(
          `INSERT INTO main.${child} (${idColumn}, ${COLUMNS[child]})
             SELECT i.newId, ${prefixed("c", COLUMNS[child] ?? "")}
             FROM src.${child} c JOIN temp.imap i ON i.oldId = c.${idColumn}
             ORDER BY ${order};`
        );
      }
    }
    db.exec("DROP TABLE IF EXISTS temp.imap; DROP TABLE IF EXISTS temp.rmap;");
  }
  /**
   * Takes back runs added here (with their items of `kind`), in one transaction: an input
   * that fails part-way adds none of its runs. The runs must be ones this file did not hold
   * before they were added.
   */
  removeRuns(runNames, kind) {
    if (runNames.length === 0) return;
    const db = this.db;
    this.transaction(() => {
      db.exec(
        "DROP TABLE IF EXISTS temp.gone; CREATE TEMP TABLE gone (runId INTEGER PRIMARY KEY);"
      );
      const add = db.prepare(
        "INSERT OR IGNORE INTO temp.gone (runId) SELECT runId FROM main.run WHERE runName = ?;"
      );
      for (const name of runNames) add.run(name);
      for (const [table, idColumn, children] of TABLES[kind]) {
        for (const child of children)
          db.exec(
            `DELETE FROM main.${child} WHERE ${idColumn} IN
               (SELECT ${idColumn} FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone));`
          );
        db.exec(`DELETE FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone);`);
      }
      for (const table of ["runAttr", "runItervar", "runConfig", "run"])
        db.exec(`DELETE FROM main.${table} WHERE runId IN (SELECT runId FROM temp.gone);`);
      db.exec("DROP TABLE temp.gone;");
    });
  }
  /** Closes the file; a vector file gets its data index (an appended one already has it). */
  close(kind) {
    if (kind === "vector" && this.freshFile) this.db.exec(VECTOR_DATA_INDEX);
    this.db.close();
  }
  /** Closes without finishing (the file is to be thrown away). */
  abandon() {
    try {
      this.db.close();
    } catch {
    }
  }
};
var ATTR_ID = {
  scalarAttr: "scalarId",
  paramAttr: "paramId",
  statisticAttr: "statId",
  vectorAttr: "vectorId"
};
var placeholders = (n) => Array(n).fill("?").join(", ");
var prefixed = (alias, columns) => columns.split(",").map((c) => `${alias}.${c.trim()}`).join(", ");

// src/adapters/results/vector-store.ts
import {
  constants,
  copyFileSync,
  linkSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync
} from "node:fs";
import { createHash } from "node:crypto";
import { basename } from "node:path";
async function storedVectorRuns(dir) {
  const out = [];
  if (!isMergedFolder(dir)) return out;
  for (const path of await vectorFiles(dir)) {
    const name = basename(path);
    if (await inputFormat(path) === "sqlite")
      for (const r of scanSqlite(path)) {
        if (r.header) out.push({ runName: r.runName, name, header: r.header });
      }
    else {
      const header = await readTextHeader(path);
      out.push({ runName: header.runName, name, header });
    }
  }
  return out;
}
var UNSAFE = /[^A-Za-z0-9._,=#@+-]/g;
function vectorFileName(taken, preferred, runName) {
  const name = preferred ?? `${runName.replace(UNSAFE, "_")}.vec`;
  if (!taken.has(name) && name !== "results.vec") return name;
  const hash = createHash("sha256").update(runName).digest("hex").slice(0, 10);
  return `${name.slice(0, -".vec".length)}~${hash}.vec`;
}
function cannotLink(e) {
  const code = e.code;
  return ["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK", "ENOSYS"].includes(code ?? "");
}
function copyWithTimes(src, dest) {
  copyFileSync(src, dest, constants.COPYFILE_FICLONE);
  const st = statSync(src);
  utimesSync(dest, st.atime, st.mtime);
}
function linkOrCopy(src, dest) {
  try {
    linkSync(src, dest);
    return "link";
  } catch (e) {
    if (!cannotLink(e)) throw e;
  }
  copyWithTimes(src, dest);
  return "copy";
}
async function finishedIndex(vecPath, runName) {
  const vci = indexFileName(vecPath);
  let text;
  try {
    text = readFileSync(vci, "utf8");
  } catch {
    return void 0;
  }
  try {
    const lines = splitLines(text);
    const recorded = fingerprintFromIndexLines(lines, vci);
    const actual = await fileFingerprint(vecPath);
    if (recorded?.size !== actual.size || recorded.mtime !== actual.mtime) return void 0;
    const parser = new VectorIndexFileParser(vci);
    for (const line of lines) parser.pushLine(line);
    return parser.end().run.runName === runName ? vci : void 0;
  } catch (e) {
    if (e instanceof ResultFileError) return void 0;
    throw e;
  }
}
function extractSqliteRun(src, runName, dest) {
  const w = ResultDbWriter.open(dest, true);
  try {
    w.copyFromSqlite(src, [runName], "vector");
    w.close("vector");
  } catch (e) {
    w.abandon();
    rmSync(dest, { force: true });
    throw e;
  }
}
var preferredName = (file) => file.endsWith(".vec") ? basename(file) : `${basename(file)}.vec`;

// src/app/merge-vectors.ts
var RESULTS_VEC = "results.vec";
async function storedHeaders(out, layout) {
  if (layout === "files") return (await storedVectorRuns(out)).map((s) => s.header);
  const path = join(out, RESULTS_VEC);
  return existsSync(path) ? sqliteHeaders(path) : [];
}
async function otherLayoutFiles(out, layout) {
  if (layout === "sqlite") return (await storedVectorRuns(out)).map((s) => join(out, s.name));
  const path = join(out, RESULTS_VEC);
  return existsSync(path) ? [path] : [];
}
function sqliteHeaders(path) {
  const db = openDatabase(path, "read");
  try {
    return readSqliteRunHeaders(db, path).map((h) => h.run);
  } finally {
    db.close();
  }
}
async function openVectorTarget(out, layout, fresh) {
  return layout === "sqlite" ? SqliteTarget.open(out, fresh) : new FolderTarget(out, fresh ? [] : await storedVectorRuns(out));
}
var SqliteTarget = class _SqliteTarget {
  constructor(out, temp, writer) {
    this.out = out;
    this.temp = temp;
    this.writer = writer;
  }
  out;
  temp;
  writer;
  static open(out, fresh) {
    const from = join(out, RESULTS_VEC);
    const temp = tempPath(out, RESULTS_VEC);
    return new _SqliteTarget(out, temp, openWriter(fresh ? void 0 : from, temp));
  }
  async addTextFile(file, signal) {
    const w = this.writer;
    return w.transactionAsync(() => addTextVectorFile(w, file, signal));
  }
  addSqliteRuns(input, names) {
    this.writer.copyFromSqlite(input.file, names, "vector");
  }
  finish() {
    this.writer.close("vector");
    fsyncPath(this.temp);
  }
  abandon() {
    this.writer.abandon();
    rmSync2(this.temp, { force: true });
  }
  headers() {
    return sqliteHeaders(this.temp);
  }
  async swap() {
    const others = (await storedVectorRuns(this.out)).map((s) => s.name);
    return {
      renames: [[basename2(this.temp), RESULTS_VEC]],
      removals: others.flatMap((name) => [name, indexFileName(name)])
    };
  }
};
function openWriter(from, to) {
  rmSync2(to, { force: true });
  const fresh = from === void 0 || !existsSync(from);
  if (!fresh) copyWithTimes(from, to);
  return ResultDbWriter.open(to, fresh);
}
var STAGING = "vectors";
var FolderTarget = class {
  /** `kept`: the vector files of OUT that the new dataset keeps. */
  constructor(out, kept) {
    this.out = out;
    this.kept = kept;
    this.staging = tempPath(out, STAGING);
    rmSync2(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging);
    this.taken = new Set(kept.map((k) => k.name));
  }
  out;
  kept;
  staging;
  staged = [];
  taken;
  name(preferred, runName) {
    const name = vectorFileName(this.taken, preferred, runName);
    this.taken.add(name);
    return name;
  }
  /** `scanned`: the file's header, when the caller has read it already. */
  async addTextFile(file, signal, scanned) {
    const header = scanned ?? await readTextHeader(file);
    const vci = await finishedIndex(file, header.runName);
    if (vci === void 0 && !await checkTextVectorFile(file, signal)) return false;
    const name = this.name(preferredName(file), header.runName);
    const dest = join(this.staging, name);
    const how = linkOrCopy(file, dest);
    if (vci !== void 0) copyWithTimes(vci, indexFileName(dest));
    this.staged.push({ name, header, index: vci !== void 0, written: how === "copy" });
    return true;
  }
  addSqliteRuns(input, names) {
    const only = input.runs.length === 1 && input.runs[0]?.kinds.join() === "vector";
    const before = this.staged.length;
    try {
      this.stageSqliteRuns(input, names, only);
    } catch (e) {
      for (const s of this.staged.splice(before)) {
        rmSync2(join(this.staging, s.name), { force: true });
        this.taken.delete(s.name);
      }
      throw e;
    }
  }
  stageSqliteRuns(input, names, only) {
    for (const runName of names) {
      const header = input.runs.find((r) => r.runName === runName)?.header;
      if (header === void 0) continue;
      if (only) {
        const name = this.name(preferredName(input.file), runName);
        const how = linkOrCopy(input.file, join(this.staging, name));
        this.staged.push({ name, header, index: false, written: how === "copy" });
      } else {
        const name = this.name(void 0, runName);
        extractSqliteRun(input.file, runName, join(this.staging, name));
        this.staged.push({ name, header, index: false, written: true });
      }
    }
  }
  finish() {
    for (const s of this.staged)
      if (s.written) {
        fsyncPath(join(this.staging, s.name));
        if (s.index) fsyncPath(indexFileName(join(this.staging, s.name)));
      }
    fsyncPath(this.staging);
  }
  abandon() {
    rmSync2(this.staging, { recursive: true, force: true });
  }
  /** The vector files OUT holds now (as a merged folder; none when it is not one yet). */
  async storedNames() {
    return isMergedFolder(this.out) ? (await vectorFiles(this.out)).map((f) => basename2(f)) : [];
  }
  headers() {
    return [...this.kept.map((k) => k.header), ...this.staged.map((s) => s.header)];
  }
  async swap() {
    const stage = basename2(this.staging);
    const renames = [];
    const removals = [];
    const keep = new Set(this.kept.map((k) => k.name));
    for (const s of this.staged) {
      keep.add(s.name);
      const vci = indexFileName(s.name);
      renames.push([join(stage, s.name), s.name]);
      if (s.index) renames.push([join(stage, vci), vci]);
      else removals.push(vci);
    }
    for (const old of await this.storedNames())
      if (!keep.has(old)) removals.push(old, indexFileName(old));
    removals.push(stage);
    if (existsSync(join(this.out, RESULTS_VEC))) removals.push(RESULTS_VEC);
    return { renames, removals };
  }
};

// src/app/merge-runs-csv.ts
import { existsSync as existsSync2, readFileSync as readFileSync2 } from "node:fs";
import { join as join2, relative, resolve } from "node:path";
function previousRows(out, inputFiles) {
  const dirs = [out];
  for (const f of inputFiles) {
    const dir = mergedFolderOf(f);
    if (dir !== void 0 && !dirs.includes(dir)) dirs.push(dir);
  }
  return dirs.flatMap((dir) => {
    const csv = join2(dir, "runs.csv");
    if (!existsSync2(csv)) return [];
    return parseRunsCsv(readFileSync2(csv, "utf8")).map((row) => {
      const log = row.get("log") ?? "";
      if (log === "" || dir === out) return row;
      return new Map(row).set("log", relative(out, resolve(dir, log)));
    });
  });
}
function runsCsvRows(out, headers, inputs, journals, previous) {
  const runs = /* @__PURE__ */ new Map();
  for (const run of headers) if (!runs.has(run.runName)) runs.set(run.runName, run);
  const logPath = (j, log) => relative(out, resolve(j.dir, log));
  const index = new JournalIndex(journals);
  const fresh = /* @__PURE__ */ new Map();
  for (const input of inputs) {
    const found = index.recordOf(input.file);
    if (found === void 0) continue;
    const columns = journalColumns(found.rec, logPath(found.journal, found.rec.log));
    for (const r of input.runs) fresh.set(r.runName, columns);
  }
  const earlier = previousJournalInfo(previous);
  const rows = [...runs.values()].map(
    (run) => resultRunRow(run, fresh.get(run.runName) ?? earlier.journalOf.get(run.runName))
  );
  const keys = new Set(rows.map((r) => r.get("key") ?? ""));
  let journalOnly = 0;
  for (const j of journals)
    for (const rec of j.runs)
      if (rec.status !== "ok" && !keys.has(rec.key)) {
        rows.push(journalOnlyRow(rec, logPath(j, rec.log)));
        keys.add(rec.key);
        journalOnly++;
      }
  for (const [key, row] of earlier.journalOnly)
    if (!keys.has(key)) {
      rows.push(row);
      keys.add(key);
      journalOnly++;
    }
  return { ...runsTable(rows), journalOnly };
}

// src/app/merge.ts
var MergeError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "MergeError";
  }
};
var OUTPUT_FILES = {
  sca: "results.sca",
  scalarsCsv: "scalars.csv",
  runsCsv: "runs.csv",
  report: REPORT_FILE
};
async function mergeResults(opts) {
  const out = resolve2(opts.outDir);
  mkdirSync2(out, { recursive: true });
  const layout = opts.vectors ?? "files";
  const target = (f) => join3(out, OUTPUT_FILES[f]);
  const temp = (f) => tempPath(out, OUTPUT_FILES[f]);
  const release = lockFolder(out, [...Object.values(OUTPUT_FILES), RESULTS_VEC, STAGING]);
  let vectors;
  try {
    const own = isMergedFolder(out);
    const files = (await collectMergeInputs(opts.inputs, [target("sca"), join3(out, RESULTS_VEC)])).filter((f) => !(own && f.endsWith(".vec") && dirname(resolve2(f)) === out));
    const bad = [];
    const scanned = await scanAll(files, bad, opts.staged);
    const carried = await scanAll(await otherLayoutFiles(out, layout), bad);
    let mode = opts.mode ?? "add";
    let merged = mode === "rebuild" ? noRuns() : await mergedRuns(out, layout);
    if (mode === "sync" && holdsOthers(merged, carried, scanned)) {
      mode = "rebuild";
      merged = noRuns();
    }
    const plan = planMerge(mode === "rebuild" ? scanned : [...scanned, ...carried], merged);
    const duplicates = await sortOutRepeated(plan, bad);
    const rewrite = plan.files.length > 0 || mode === "rebuild" || carried.length > 0 || !existsSync3(target("sca")) || layout === "sqlite" && !existsSync3(join3(out, RESULTS_VEC));
    let added = { scalar: [], vector: [] };
    const swap = {
      renames: [],
      removals: []
    };
    let sca = target("sca");
    let vectorRuns = () => storedHeaders(out, layout);
    if (rewrite) {
      vectors = await openVectorTarget(out, layout, mode === "rebuild");
      added = await writeResultFiles(plan, [...scanned, ...carried], {
        sca: { from: mode === "rebuild" ? void 0 : target("sca"), to: temp("sca") },
        vectors,
        bad,
        signal: opts.signal,
        staged: opts.staged
      });
      sca = temp("sca");
      const v = vectors;
      vectorRuns = () => Promise.resolve(v.headers());
      const moves = await v.swap();
      swap.renames.push([basename3(temp("sca")), OUTPUT_FILES.sca], ...moves.renames);
      swap.removals.push(...moves.removals);
    }
    await writeExport(exportSqliteScalarsCsv(sca), temp("scalarsCsv"));
    const journals = opts.journals ?? findJournals(opts.inputs);
    const previous = mode === "rebuild" ? [] : previousRows(out, files);
    const table = writeRunsCsv(
      temp("runsCsv"),
      runsCsvRows(
        out,
        [...sqliteHeaders(sca), ...await vectorRuns()],
        scanned,
        journals,
        previous
      )
    );
    const report = await writeFolderReport(out, {
      journals,
      output: temp("report"),
      dataset: { sca, runsCsv: temp("runsCsv") },
      ...opts.projectDir ? { projectDir: opts.projectDir } : {}
    });
    for (const f of ["scalarsCsv", "runsCsv", "report"]) {
      fsyncPath(temp(f));
      swap.renames.push([basename3(temp(f)), OUTPUT_FILES[f]]);
    }
    opts.signal?.throwIfAborted();
    swapIn(out, swap);
    return {
      outDir: out,
      vectors: layout,
      inputFiles: files.length,
      added,
      present: plan.present,
      duplicates,
      bad,
      rebuilt: mode === "rebuild",
      runs: table.runs,
      journalOnlyRuns: table.journalOnly,
      journals: journals.map((j) => join3(j.dir, "journal.jsonl")),
      scalarsTable: report.scalarsTable
    };
  } catch (e) {
    if (!swapRecorded(out)) {
      vectors?.abandon();
      for (const f of Object.keys(OUTPUT_FILES)) rmSync3(temp(f), { force: true });
    }
    throw e;
  } finally {
    release();
  }
}
function writeRunsCsv(path, table) {
  writeFileSync(path, formatCsv(table.header, table.rows));
  return { runs: table.rows.length, journalOnly: table.journalOnly };
}
async function scanAll(files, bad, staged) {
  const scanned = [];
  for (const file of files) {
    try {
      scanned.push(staged?.lookup(file)?.scanned ?? await scanInput(file));
    } catch (e) {
      bad.push(badInput(file, e));
    }
  }
  return scanned;
}
function badInput(file, e) {
  if (e instanceof ResultFileError) return { file, message: e.message };
  const err = e;
  if (err.code === "ERR_SQLITE_ERROR" && ![10, 13].includes((err.errcode ?? 0) & 255))
    return { file, message: `${file}: Cannot read SQLite result file: ${err.message}` };
  if (typeof err.code === "string" && /^E[A-Z]+$/.test(err.code) && err.code !== "ENOSPC")
    return { file, message: `${file}: cannot read (${err.code})` };
  throw e;
}
var noRuns = () => ({ scalar: /* @__PURE__ */ new Set(), vector: /* @__PURE__ */ new Set() });
async function mergedRuns(out, layout) {
  const unreadable = (path, e) => {
    if (e instanceof ResultFileError || e instanceof Error) {
      throw new MergeError(
        `${path} is not a readable OMNeT++ result file (${e.message}); move it away, or merge with --rebuild`
      );
    }
    throw e;
  };
  const sca = join3(out, OUTPUT_FILES.sca);
  let scalar = /* @__PURE__ */ new Set();
  try {
    if (existsSync3(sca)) scalar = new Set(sqliteHeaders(sca).map((h) => h.runName));
  } catch (e) {
    unreadable(sca, e);
  }
  let vector = /* @__PURE__ */ new Set();
  try {
    vector = new Set((await storedHeaders(out, layout)).map((h) => h.runName));
  } catch (e) {
    unreadable(e instanceof ResultFileError ? e.file : out, e);
  }
  return { scalar, vector };
}
function holdsOthers(merged, carried, inputs) {
  const names = new Set(inputs.flatMap((f) => f.runs.map((r) => r.runName)));
  const held = [
    ...merged.scalar,
    ...merged.vector,
    ...carried.flatMap((f) => f.runs.map((r) => r.runName))
  ];
  return held.some((name) => !names.has(name));
}
async function sortOutRepeated(plan, bad) {
  const duplicates = [];
  for (const r of plan.repeated) {
    let same;
    try {
      same = await runContents(r.first, r.runName, r.kind) === await runContents(r.file, r.runName, r.kind);
    } catch (e) {
      bad.push(badInput(r.file, e));
      continue;
    }
    if (same) duplicates.push(r);
    else
      bad.push({
        file: r.file,
        message: `${r.file}: run ${r.runName} is also in ${r.first}, with different ${r.kind === "scalar" ? "scalar results" : "vectors"}; the copy in ${r.file} was left out`
      });
  }
  return duplicates;
}
async function writeResultFiles(plan, scanned, t) {
  const added = { scalar: [], vector: [] };
  const byFile = new Map(scanned.map((s) => [s.file, s]));
  const scalars = openWriter(t.sca.from, t.sca.to);
  let staged = [];
  const copyStaged = () => {
    if (staged.length > 0 && t.staged) scalars.copyFromSqlite(t.staged.db, staged, "scalar");
    staged = [];
  };
  try {
    for (const pf of plan.files) {
      t.signal?.throwIfAborted();
      const input = byFile.get(pf.file);
      if (input === void 0) continue;
      const early = input.format === "text" ? t.staged?.lookup(pf.file) : void 0;
      if (early && [...pf.scalar].every((r) => early.runs.includes(r))) {
        staged.push(...early.runs.filter((r) => pf.scalar.has(r)));
        added.scalar.push(...pf.scalar);
        continue;
      }
      if (input.format !== "text-vector") copyStaged();
      try {
        if (input.format === "text") {
          await scalars.transactionAsync(() => addTextScalarFile(scalars, pf.file, pf.scalar));
          added.scalar.push(...pf.scalar);
        } else if (input.format === "text-vector") {
          if (await t.vectors.addTextFile(pf.file, t.signal, input.runs[0]?.header))
            added.vector.push(...pf.vector);
        } else {
          const names = inFileOrder(input, pf.scalar);
          if (names.length > 0) scalars.copyFromSqlite(pf.file, names, "scalar");
          const vectorNames = inFileOrder(input, pf.vector);
          try {
            if (vectorNames.length > 0) t.vectors.addSqliteRuns(input, vectorNames);
          } catch (e) {
            scalars.removeRuns(names, "scalar");
            throw e;
          }
          added.scalar.push(...names);
          added.vector.push(...vectorNames);
        }
      } catch (e) {
        t.signal?.throwIfAborted();
        t.bad.push(badInput(pf.file, e));
      }
      await new Promise((r) => setImmediate(r));
    }
    copyStaged();
    scalars.close("scalar");
    fsyncPath(t.sca.to);
    t.vectors.finish();
  } catch (e) {
    scalars.abandon();
    throw e;
  }
  return added;
}
function inFileOrder(input, names) {
  return input.runs.filter((r) => names.has(r.runName)).map((r) => ({ name: r.runName, key: r.header && runSortKey(r.header) })).sort((a, b) => a.key && b.key ? compareRunKeys(a.key, b.key) : 0).map((r) => r.name);
}
async function mergeCampaign(outDir, opts = {}) {
  const journal = journalIn(outDir);
  const journals = journal ? [journal] : [];
  return mergeResults({
    inputs: journals.flatMap(succeededRunFiles),
    outDir,
    mode: "sync",
    journals,
    ...opts
  });
}

export {
  addTextScalarFile,
  ResultDbWriter,
  mergeResults,
  mergeCampaign
};
