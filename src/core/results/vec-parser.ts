// The text vector file (.vec) and its index (.vci), with the semantics of OMNeT++ 6.1's
// src/scave/vectorfileindexer.cc (scanning a .vec into an index), indexfilereader.cc (reading
// a .vci), vectorfileindex.cc (run data lines) and indexedvectorfilereader.cc (reading the data
// lines of one block).
//
// A .vec file is a run header, vector declarations ("vector <id> <module> <name> [<columns>]"
// followed by their attr lines), and data lines "<id> <col1> <col2>..." whose columns the
// declaration names: E = event number, T = simulation time, V = value. The index records, for
// each vector, the blocks (runs of consecutive data lines of that vector) with their byte
// offset, size, and statistics, so that a vector's data can be read without scanning the file.

import { parseCDouble, parseCInt, parseCLong } from './cnum.js';
import { ResultFileError } from './errors.js';
import type { TextLine } from './lines.js';
import {
  EMPTY_STATISTICS,
  adjoinStatistics,
  makeUnweightedStatistics,
  sortedMap,
  type AttributeMap,
  type RunInfo,
  type Statistics,
  type VectorDatum,
  type VectorResult,
  type VectorSummary,
} from './model.js';
import { separateItervarsFromAttrs } from './sca-parser.js';
import { parseSimtime, SIMTIME_NIL, type SimTime } from './simtime.js';
import { TokenizeError, tokenizeLine } from './tokenizer.js';

/** The vector file's size and modification time (seconds) as the .vci "file" line records them. */
export interface FileFingerprint {
  readonly size: number;
  readonly mtime: number;
}

export interface VectorBlock {
  readonly vectorId: number;
  /** Byte offset of the block's first line in the .vec file. */
  readonly offset: number;
  /** Byte length of the block (up to the next block, or the end of the file). */
  readonly size: number;
  /** Line number of the block's first line, when the index was made by scanning. */
  readonly lineNo?: number | undefined;
  readonly startEventNum: number;
  readonly endEventNum: number;
  readonly startTime: SimTime;
  readonly endTime: SimTime;
  /** Statistics of the block's values; `count` is its number of lines. */
  readonly statistics: Statistics;
}

export interface IndexedVector {
  readonly vectorId: number;
  readonly module: string;
  readonly name: string;
  readonly columns: string;
  readonly attributes: AttributeMap;
  readonly blocks: readonly VectorBlock[];
  readonly summary: VectorSummary;
  /** Line of the declaration (in the .vec or .vci file). */
  readonly line: number;
}

export interface VectorFileIndex {
  /** From the .vci "file" line; undefined for an index made by scanning, or a .vci without it. */
  readonly fingerprint?: FileFingerprint | undefined;
  /** The run header, as recorded (iteration variables not yet separated from attributes). */
  readonly run: RunInfo;
  /** Vectors in declaration order. */
  readonly vectors: readonly IndexedVector[];
  /** All blocks in file order. */
  readonly blocks: readonly VectorBlock[];
}

// --- mutable building blocks ---------------------------------------------------------------

class RunData {
  runName = '';
  runSeen = false;
  attributes = new Map<string, string>();
  itervars = new Map<string, string>();
  configEntries: Array<readonly [string, string]> = [];

  /** VectorFileIndex::RunData::parseLine(); false when the line is not a run header line. */
  parseLine(tokens: string[], fail: (reason: string) => never): boolean {
    const n = tokens.length;
    switch (tokens[0]) {
      case 'attr':
        if (n < 3) fail("'attr <name> <value>' expected");
        this.attributes.set(tokens[1] ?? '', tokens[2] ?? '');
        if (tokens[1] === 'runNumber' && parseCInt(tokens[2] ?? '') === undefined)
          fail('runNumber: an integer expected');
        return true;
      case 'itervar':
        if (n < 3) fail("'itervar <name> <value>' expected");
        this.itervars.set(tokens[1] ?? '', tokens[2] ?? '');
        return true;
      case 'config':
        if (n < 3) fail("'config <key> <value>' expected");
        this.configEntries.push([tokens[1] ?? '', tokens[2] ?? '']);
        return true;
      case 'param':
        if (n < 3) fail("'param <namePattern> <value>' expected");
        this.configEntries.push([tokens[1] ?? '', tokens[2] ?? '']);
        return true;
      case 'run':
        if (n < 2) fail('missing run name');
        this.runName = tokens[1] ?? '';
        this.runSeen = true;
        return true;
      default:
        return false;
    }
  }

  info(): RunInfo {
    return {
      runName: this.runName,
      attributes: sortedMap(this.attributes),
      itervars: sortedMap(this.itervars),
      configEntries: [...this.configEntries],
    };
  }
}

/** A vector declaration with the blocks found so far (mutable while an index is built). */
export class VectorIndexEntry {
  attributes = new Map<string, string>();
  blocks: VectorBlock[] = [];
  statistics: Statistics = EMPTY_STATISTICS;
  startEventNum = -1;
  endEventNum = -1;
  startTime: SimTime = '0';
  endTime: SimTime = '0';

  constructor(
    readonly vectorId: number,
    readonly module: string,
    readonly name: string,
    readonly columns: string,
    readonly line: number,
  ) {}

  addBlock(block: VectorBlock): void {
    if (this.statistics.count === 0) {
      this.startEventNum = block.startEventNum;
      this.startTime = block.startTime;
    }
    this.endEventNum = block.endEventNum;
    this.endTime = block.endTime;
    this.statistics = adjoinStatistics(this.statistics, block.statistics);
    this.blocks.push(block);
  }

  freeze(): IndexedVector {
    return {
      vectorId: this.vectorId,
      module: this.module,
      name: this.name,
      columns: this.columns,
      attributes: sortedMap(this.attributes),
      blocks: this.blocks,
      summary: {
        statistics: this.statistics,
        startEventNum: this.startEventNum,
        endEventNum: this.endEventNum,
        startTime: this.startTime,
        endTime: this.endTime,
      },
      line: this.line,
    };
  }
}

/** Block statistics accumulated value by value (Statistics::collect). */
class BlockBuilder {
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  sumSquares = 0;
  startEventNum = -1;
  endEventNum = -1;
  startTime: SimTime = '0';
  endTime: SimTime = '0';

  constructor(
    readonly vectorId: number,
    readonly offset: number,
    readonly lineNo: number,
  ) {}

  collect(eventNumber: number, simtime: SimTime, value: number): void {
    if (this.count === 0) {
      this.startEventNum = eventNumber;
      this.startTime = simtime;
    }
    this.endEventNum = eventNumber;
    this.endTime = simtime;
    this.count++;
    this.min = this.min < value ? this.min : value;
    this.max = this.max > value ? this.max : value;
    this.sum += value;
    this.sumSquares += value * value;
  }

  finish(size: number): VectorBlock {
    return {
      vectorId: this.vectorId,
      offset: this.offset,
      size,
      lineNo: this.lineNo,
      startEventNum: this.startEventNum,
      endEventNum: this.endEventNum,
      startTime: this.startTime,
      endTime: this.endTime,
      statistics: makeUnweightedStatistics(
        this.count,
        this.min,
        this.max,
        this.sum,
        this.sumSquares,
      ),
    };
  }
}

function tokens(text: string, fail: (reason: string) => never): string[] {
  try {
    return tokenizeLine(text);
  } catch (e) {
    if (e instanceof TokenizeError) fail(e.message);
    throw e;
  }
}

/**
 * An event number of a data line, or undefined when malformed. One outside 0..2^53-1 is refused:
 * OMNeT++ counts events from 0, and a larger one (strtoll clamps at int64's end) could not be
 * stored exactly (SQLite would store it as REAL).
 */
function eventNumber(token: string, fail: (reason: string) => never): number | undefined {
  const e = parseCLong(token);
  if (e !== undefined && (e < 0 || e > Number.MAX_SAFE_INTEGER))
    fail(`event number ${token} out of range (0 to 2^53-1)`);
  return e;
}

/** A simulation time of a data line, or undefined when malformed; negative or infinite is refused. */
function dataTime(token: string, fail: (reason: string) => never): SimTime | undefined {
  const t = parseSimtime(token);
  if (t === undefined) return undefined;
  if (t.startsWith('-')) fail(`negative simulation time ${token}`);
  if (t === 'NaN' || t === '+Inf') fail(`simulation time ${token} is not a number`);
  return t;
}

function parseVersion(t: string[], fail: (reason: string) => never): void {
  if (t.length < 2) fail('missing version number');
  const version = parseCInt(t[1] ?? '');
  if (version === undefined) fail('version is not a number');
  if (version !== 2 && version !== 3)
    fail('unsupported file version (version 2 or version 3 expected)');
}

/** One parsed data line of a .vec file. */
export interface VectorDataLine {
  readonly vectorId: number;
  readonly datum: VectorDatum;
  readonly lineNo: number;
  readonly offset: number;
}

export interface VectorFileParserOptions {
  /** Accept a last line without a line terminator (by default reported as a truncated file). */
  readonly allowUnterminatedLastLine?: boolean;
}

/**
 * Push-style .vec parser: feed it the file's lines (with their byte offsets) in order. It keeps
 * the run header and the vector declarations, and returns each data line parsed. Unlike
 * OMNeT++'s indexer, which counts and skips lines it does not recognize, it rejects them.
 */
export class VectorFileParser {
  private readonly runData = new RunData();
  private readonly declared: VectorIndexEntry[] = [];
  private readonly byId = new Map<number, VectorIndexEntry>();
  private lastDecl: VectorIndexEntry | undefined;

  constructor(
    readonly fileName: string,
    private readonly options: VectorFileParserOptions = {},
  ) {}

  /** The vector declarations seen so far, with their attributes (blocks are not tracked here). */
  get vectors(): readonly VectorIndexEntry[] {
    return this.declared;
  }

  /** The run header seen so far. */
  get run(): RunInfo {
    return this.runData.info();
  }

  /** The declaration a data line's vector id refers to. */
  vectorById(id: number): VectorIndexEntry | undefined {
    return this.byId.get(id);
  }

  private lineNo = 0;
  private readonly fail = (reason: string): never => {
    throw new ResultFileError(reason, this.fileName, this.lineNo);
  };

  pushLine(line: TextLine): VectorDataLine | undefined {
    this.lineNo = line.lineNo;
    const fail = this.fail;
    const t = tokens(line.text, fail);
    const first = t[0];
    if (first === undefined || first.startsWith('#')) return undefined;
    if (!line.terminated && !this.options.allowUnterminatedLastLine)
      fail('last line has no line terminator (truncated file?)');
    switch (first) {
      case 'run':
        if (this.runData.runSeen && t[1] !== undefined && t[1] !== this.runData.runName)
          fail('more than one run in vector file');
        this.runData.parseLine(t, fail);
        return undefined;
      case 'config':
      case 'param':
      case 'itervar':
        this.runData.parseLine(t, fail);
        return undefined;
      case 'attr':
        if (this.lastDecl === undefined) this.runData.parseLine(t, fail);
        else {
          if (t.length < 3) fail('Missing attribute name or value');
          this.lastDecl.attributes.set(t[1] ?? '', t[2] ?? '');
        }
        return undefined;
      case 'vector': {
        if (t.length < 4) fail('Broken vector declaration');
        const id = parseCInt(t[1] ?? '');
        if (id === undefined) fail('Malformed vector in vector declaration');
        if (!this.runData.runSeen) fail("vector declaration before the 'run' line");
        const c = t[4];
        const columns = c === undefined || /^[0-9]/.test(c) ? 'TV' : c;
        const earlier = this.byId.get(id ?? -1);
        // data lines name their vector by id: a second declaration would relabel them
        if (earlier !== undefined)
          fail(`vector id ${id ?? ''} declared again (first declared on line ${earlier.line})`);
        const entry = new VectorIndexEntry(id ?? -1, t[2] ?? '', t[3] ?? '', columns, line.lineNo);
        this.declared.push(entry);
        this.byId.set(entry.vectorId, entry);
        this.lastDecl = entry;
        return undefined;
      }
      case 'version':
        parseVersion(t, fail);
        return undefined;
      default: {
        const vectorId = parseCInt(first);
        if (vectorId === undefined) return fail('unrecognized line');
        const vector = this.byId.get(vectorId);
        if (vector === undefined) return fail('Missing vector declaration');
        let eventNumberOf = -1;
        let simtime: SimTime = SIMTIME_NIL;
        let value = NaN;
        const columns = vector.columns;
        for (let i = 0; i < columns.length; i++) {
          const token = t[i + 1];
          if (token === undefined) return fail('Data line too short');
          switch (columns[i]) {
            case 'T': {
              const s = dataTime(token, fail);
              if (s === undefined) return fail('Malformed simulation time');
              simtime = s;
              break;
            }
            case 'V': {
              const v = parseCDouble(token);
              if (v === undefined) return fail('Malformed data value');
              value = v;
              break;
            }
            case 'E': {
              const e = eventNumber(token, fail);
              if (e === undefined) return fail('Malformed event number');
              eventNumberOf = e;
              break;
            }
            default:
              break;
          }
        }
        return {
          vectorId,
          datum: { eventNumber: eventNumberOf, simtime, value },
          lineNo: line.lineNo,
          offset: line.offset,
        };
      }
    }
  }
}

/**
 * Builds a vector file's index by scanning it (VectorFileIndexer::generateIndex): feed every
 * line, then call end() with the file size.
 */
export class VectorFileIndexer {
  private readonly parser: VectorFileParser;
  private readonly blocks: VectorBlock[] = [];
  private current: BlockBuilder | undefined;
  private currentVector: VectorIndexEntry | undefined;

  constructor(
    readonly fileName: string,
    options: VectorFileParserOptions = {},
  ) {
    this.parser = new VectorFileParser(fileName, options);
  }

  pushLine(line: TextLine): void {
    const data = this.parser.pushLine(line);
    if (data === undefined) return;
    if (this.current === undefined || data.vectorId !== this.current.vectorId) {
      this.closeBlock(line.offset);
      this.current = new BlockBuilder(data.vectorId, line.offset, line.lineNo);
      this.currentVector = this.parser.vectorById(data.vectorId);
    }
    const d = data.datum;
    this.current.collect(d.eventNumber, d.simtime, d.value);
  }

  private closeBlock(endOffset: number): void {
    if (this.current === undefined || this.currentVector === undefined) return;
    const block = this.current.finish(endOffset - this.current.offset);
    this.currentVector.addBlock(block);
    this.blocks.push(block);
    this.current = undefined;
  }

  /**
   * Finishes the index. As OMNeT++ writes only vectors that have data into the .vci it then
   * loads, vectors without data lines are left out.
   */
  end(fileSize: number): VectorFileIndex {
    this.closeBlock(fileSize);
    return {
      fingerprint: undefined,
      run: this.parser.run,
      vectors: this.parser.vectors.filter((v) => v.blocks.length > 0).map((v) => v.freeze()),
      blocks: this.blocks,
    };
  }
}

/** Parser for a .vci index file (IndexFileReader::parseLine). */
export class VectorIndexFileParser {
  private readonly runData = new RunData();
  private readonly vectors: VectorIndexEntry[] = [];
  private readonly byId = new Map<number, VectorIndexEntry>();
  private readonly blocks: VectorBlock[] = [];
  private fingerprint: FileFingerprint | undefined;
  private lineNo = 0;

  constructor(readonly fileName: string) {}

  pushLine(text: string): void {
    const lineNo = ++this.lineNo;
    const fail = (reason: string): never => {
      throw new ResultFileError(reason, this.fileName, lineNo);
    };
    const t = tokens(text, fail);
    const n = t.length;
    const first = t[0];
    if (first === undefined || first.startsWith('#')) return;
    if (first === 'vector') {
      if (n < 5) fail('invalid vector declaration');
      const id = parseCInt(t[1] ?? '');
      if (id === undefined) return fail('invalid vector id');
      const earlier = this.byId.get(id);
      if (earlier !== undefined)
        fail(`vector id ${id} declared again (first declared on line ${earlier.line})`);
      const entry = new VectorIndexEntry(id, t[2] ?? '', t[3] ?? '', t[4] ?? '', lineNo);
      this.vectors.push(entry);
      this.byId.set(id, entry);
    } else if (first === 'attr' && this.vectors.length > 0) {
      if (n !== 3) fail('malformed vector attribute');
      this.vectors[this.vectors.length - 1]?.attributes.set(t[1] ?? '', t[2] ?? '');
    } else if (first === 'file') {
      if (n < 3) fail('missing file attributes');
      const size = parseCLong(t[1] ?? '');
      if (size === undefined) return fail('file size is not a number');
      const mtime = parseCLong(t[2] ?? '');
      if (mtime === undefined) return fail('modification date is not a number');
      this.fingerprint = { size, mtime };
    } else if (first === 'version') {
      parseVersion(t, fail);
    } else if (this.runData.parseLine(t, fail)) {
      return;
    } else {
      if (n < 10) fail('missing fields from block');
      const id = parseCInt(first);
      if (id === undefined) return fail('malformed vector id');
      const vector = this.byId.get(id);
      if (vector === undefined) return fail('missing vector definition');
      let i = 1;
      const offset = parseCLong(t[i++] ?? '');
      if (offset === undefined) return fail('invalid file offset');
      const size = parseCLong(t[i++] ?? '');
      if (size === undefined) return fail('invalid block size');
      let startEventNum = -1;
      let endEventNum = -1;
      let startTime: SimTime = '0';
      let endTime: SimTime = '0';
      let statistics: Statistics = EMPTY_STATISTICS;
      const has = (c: string): boolean => vector.columns.includes(c);
      if (has('E')) {
        const a = parseCLong(t[i++] ?? '');
        const b = parseCLong(t[i++] ?? '');
        if (a === undefined || b === undefined) return fail('invalid event numbers');
        startEventNum = a;
        endEventNum = b;
      }
      if (has('T')) {
        const a = parseSimtime(t[i++] ?? '');
        const b = parseSimtime(t[i++] ?? '');
        if (a === undefined || b === undefined) return fail('invalid simulation time');
        startTime = a;
        endTime = b;
      }
      if (has('V')) {
        const count = parseCLong(t[i++] ?? '');
        const min = parseCDouble(t[i++] ?? '');
        const max = parseCDouble(t[i++] ?? '');
        const sum = parseCDouble(t[i++] ?? '');
        const sumSqr = parseCDouble(t[i] ?? '');
        if (
          count === undefined ||
          min === undefined ||
          max === undefined ||
          sum === undefined ||
          sumSqr === undefined
        )
          return fail('invalid statistics data');
        statistics = makeUnweightedStatistics(count, min, max, sum, sumSqr);
      }
      const block: VectorBlock = {
        vectorId: id,
        offset,
        size,
        startEventNum,
        endEventNum,
        startTime,
        endTime,
        statistics,
      };
      vector.addBlock(block);
      this.blocks.push(block);
    }
  }

  end(): VectorFileIndex {
    return {
      fingerprint: this.fingerprint,
      run: this.runData.info(),
      vectors: this.vectors.map((v) => v.freeze()),
      blocks: this.blocks,
    };
  }
}

/** Reads just the "file" line of a .vci (IndexFileReader::readRecordedFingerprint). */
export function fingerprintFromIndexLines(
  lines: Iterable<string>,
  fileName: string,
): FileFingerprint | undefined {
  let lineNo = 0;
  for (const text of lines) {
    lineNo++;
    const fail = (reason: string): never => {
      throw new ResultFileError(reason, fileName, lineNo);
    };
    const t = tokens(text, fail);
    if (t.length === 0 || (t[0] ?? '').startsWith('#')) continue;
    if (t[0] !== 'file') return undefined;
    if (t.length < 3) fail('missing file attributes');
    const size = parseCLong(t[1] ?? '');
    if (size === undefined) return fail('file size is not a number');
    const mtime = parseCLong(t[2] ?? '');
    if (mtime === undefined) return fail('modification date is not a number');
    return { size, mtime };
  }
  return undefined;
}

/**
 * The run and the vector declarations an index describes, as loadVectorsFromIndex() adds them:
 * iteration variables separated from run attributes (version 2 files), every vector the index
 * lists, with its summary. Returns no run when the index has no vectors.
 */
export function resultsFromIndex(
  index: VectorFileIndex,
  fileName: string,
): { run: RunInfo; vectors: VectorResult[] } | undefined {
  if (index.vectors.length === 0) return undefined;
  const attrs = new Map(index.run.attributes);
  const itervars = new Map(index.run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  const run: RunInfo = {
    runName: index.run.runName,
    attributes: sortedMap(attrs),
    itervars: sortedMap(itervars),
    configEntries: index.run.configEntries,
  };
  const vectors = index.vectors.map((v): VectorResult => ({
    type: 'vector',
    runName: run.runName,
    module: v.module,
    name: v.name,
    attributes: v.attributes,
    file: fileName,
    line: v.line,
    vectorId: v.vectorId,
    columns: v.columns,
    summary: v.summary,
  }));
  return { run, vectors };
}

const HEADER_WORDS = new Set(['vector', 'attr', 'version', 'run', 'config', 'param', 'itervar']);

/**
 * Parses the data lines of one block (IndexedVectorFileReader::loadBlock): feed the lines that
 * start at the block's offset until `done`; the block's count says how many data lines belong
 * to it. Header, declaration, comment and empty lines inside the range are skipped (OMNeT++
 * would stop with an error on them).
 */
export class VectorBlockReader {
  private dataLines = 0;
  private pushed = 0;
  private count: number;
  private block: VectorBlock;

  constructor(
    readonly fileName: string,
    private readonly vector: { readonly vectorId: number; readonly columns: string },
    block: VectorBlock,
  ) {
    this.block = block;
    this.count = block.statistics.count;
  }

  /** Continues with another block of the same vector. */
  startBlock(block: VectorBlock): void {
    this.block = block;
    this.count = block.statistics.count;
    this.dataLines = 0;
    this.pushed = 0;
  }

  get done(): boolean {
    return this.dataLines >= this.count;
  }

  private readonly fail = (reason: string): never => {
    const b = this.block;
    const i = this.pushed - 1;
    if (b.lineNo !== undefined) throw new ResultFileError(reason, this.fileName, b.lineNo + i);
    throw new ResultFileError(
      `${reason} (in the block at byte offset ${b.offset}, line ${i + 1} of the block)`,
      this.fileName,
    );
  };

  pushLine(text: string): VectorDatum | undefined {
    this.pushed++;
    const fail = this.fail;
    const t = tokens(text, fail);
    const first = t[0];
    if (first === undefined || first.startsWith('#') || HEADER_WORDS.has(first)) return undefined;
    this.dataLines++;
    const columns = this.vector.columns;
    if (t.length < columns.length + 1) fail('Line is too short');
    if (parseCInt(first) !== this.vector.vectorId) fail('Missing or unexpected vector id');
    let eventNumberOf = -1;
    let simtime: SimTime = SIMTIME_NIL;
    let value = NaN;
    for (let j = 0; j < columns.length; j++) {
      const token = t[j + 1] ?? '';
      switch (columns[j]) {
        case 'E': {
          const e = eventNumber(token, fail);
          if (e === undefined) return fail('Malformed event number');
          eventNumberOf = e;
          break;
        }
        case 'T': {
          const s = dataTime(token, fail);
          if (s === undefined) return fail('Malformed simulation time');
          simtime = s;
          break;
        }
        case 'V': {
          const v = parseCDouble(token);
          if (v === undefined) return fail('Malformed vector value');
          value = v;
          break;
        }
        default:
          return fail('Unknown column');
      }
    }
    return { eventNumber: eventNumberOf, simtime, value };
  }
}

/** True when the .vci's recorded fingerprint says it describes the .vec as it is now. */
export function isIndexUpToDate(
  recorded: FileFingerprint | undefined,
  actual: FileFingerprint,
): boolean {
  // no "file" line: OMNeT++ assumes the index is being written, hence up to date
  if (recorded === undefined) return true;
  return recorded.size === actual.size && recorded.mtime === actual.mtime;
}
