// Streaming access to OMNeT++'s text result files: lines with byte offsets, and .sca records.

import { Buffer } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import {
  LineSplitter,
  ScalarFileParser,
  decodeLines,
  TextLineSplitter,
  tokenizeLine,
  type ResultType,
  type RunInfo,
  type ScaRecord,
  type TextLine,
  type TextParserOptions,
} from '../../core/results/index.js';

const CHUNK = 1 << 16;

export interface LineReadOptions {
  /** Byte offset to start at (a line start); default 0. */
  readonly start?: number;
  /** Line number of the first line read; default 1. */
  readonly firstLineNo?: number;
}

/** Reads a file as batches of lines (each batch one chunk's worth), without holding it whole. */
export async function* readLineBatches(
  path: string,
  options: LineReadOptions = {},
): AsyncGenerator<TextLine[]> {
  const start = options.start ?? 0;
  const splitter = new LineSplitter(start, options.firstLineNo ?? 1);
  const stream = createReadStream(path, { start, highWaterMark: CHUNK });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const lines = splitter.push(chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** Lines of a file read synchronously (see readTextLinesSync), a chunk's worth at a time. */
export interface TextLineBatch {
  readonly lines: readonly string[];
  /** The batch's last line is the file's last and has no line terminator. */
  readonly unterminated: boolean;
}

/** The read buffer of readTextLinesSync (each chunk is decoded before anything else runs). */
let readBuffer: Buffer | undefined;

/**
 * A file's lines, read synchronously and decoded a chunk at a time (UTF-8, as LineSplitter
 * decodes each line): for a .sca's records and for the first lines of a file (a run header),
 * where a stream's setup and event-loop turns cost more than the reading. The first read is
 * `firstChunk` bytes; each next one is twice the last, up to 64 KiB.
 */
export function* readTextLinesSync(path: string, firstChunk = CHUNK): Generator<TextLineBatch> {
  const fd = openSync(path, 'r');
  try {
    const splitter = new TextLineSplitter();
    const buf = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
    // the bytes of the last line begun, in pieces (each line is decoded whole: UTF-8, or Latin-1
    // when it is not UTF-8, see decodeLine); a BOM is kept, as Buffer#toString keeps it
    let begun: Buffer[] = [];
    // chunks grow from `firstChunk` to CHUNK: a caller that stops after a few lines has not
    // split a whole chunk of lines it never looks at (a .vec's data after its header)
    for (let size = Math.min(Math.max(firstChunk, 1), CHUNK); ; size = Math.min(size * 2, CHUNK)) {
      const n = readSync(fd, buf, 0, size, null);
      const lines: string[] = [];
      if (n === 0) {
        splitter.push(decodeLines(Buffer.concat(begun)), lines);
        const last = splitter.end();
        if (last !== undefined) lines.push(last);
        if (lines.length > 0) yield { lines, unterminated: last !== undefined };
        break;
      }
      // up to the chunk's last line end ("\n", or a "\r" the splitter takes as one)
      const chunk = buf.subarray(0, n);
      const cut = Math.max(chunk.lastIndexOf(10), chunk.lastIndexOf(13)) + 1;
      if (cut === 0) {
        begun.push(Buffer.from(chunk));
        continue;
      }
      const whole =
        begun.length === 0
          ? chunk.subarray(0, cut)
          : Buffer.concat([...begun, chunk.subarray(0, cut)]);
      splitter.push(decodeLines(whole), lines);
      begun = cut < n ? [Buffer.from(chunk.subarray(cut))] : [];
      if (lines.length > 0) yield { lines, unterminated: false };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a text result file (.sca; also a .vec without using its index) record by record: run
 * headers, scalars, parameters, statistics, histograms, vector declarations. Records carry
 * `displayName` as their file (default: the path).
 */
export async function* readScalarFile(
  path: string,
  displayName: string = path,
  options: TextParserOptions = {},
): AsyncGenerator<ScaRecord> {
  for await (const batch of readScalarBatches(path, displayName, options))
    for (const r of batch) yield r;
}

/** Chunks read between two turns of the event loop (a long file lets timers through). */
const CHUNKS_PER_TURN = 16;

/**
 * The same records, a chunk's worth at a time: read with plain reads (a stream's setup and its
 * turns cost more than the parse of a small file) and handed over in arrays (not an await per
 * record); the event loop gets a turn every CHUNKS_PER_TURN chunks (1 MiB).
 */
export async function* readScalarBatches(
  path: string,
  displayName: string = path,
  options: TextParserOptions = {},
): AsyncGenerator<ScaRecord[]> {
  const parser = new ScalarFileParser(displayName, options);
  let chunks = 0;
  for (const { lines, unterminated } of readTextLinesSync(path)) {
    const out: ScaRecord[] = [];
    const terminated = lines.length - (unterminated ? 1 : 0);
    for (let i = 0; i < lines.length; i++) parser.pushLineInto(out, lines[i] ?? '', i < terminated);
    if (out.length > 0) yield out;
    if (++chunks % CHUNKS_PER_TURN === 0) await new Promise<void>((r) => setImmediate(r));
  }
  const last = parser.end();
  if (last.length > 0) yield [...last];
}

/** A stretch of a text result file: from a `run` line to the next one (or the end). */
export interface ScaRange {
  /** Byte offset of the `run` line. */
  readonly start: number;
  /** Byte offset of the next `run` line; Infinity: the end of the file. */
  readonly end: number;
  /** Line number of the `run` line. */
  readonly firstLineNo: number;
}

/** A run's section of a text result file: its header and what it holds. */
export interface ScaSection extends ScaRange {
  readonly run: RunInfo;
  readonly types: ReadonlySet<ResultType>;
  readonly items: number;
}

/**
 * A file's lines with byte offsets, read synchronously from `start` to `end` (a line start, or
 * Infinity: to the end), each read at most a chunk and no further than `end`.
 */
function* readOffsetLinesSync(fd: number, range: ScaRange): Generator<TextLine[]> {
  const splitter = new LineSplitter(range.start, range.firstLineNo);
  const buf = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
  for (let pos = range.start; pos < range.end;) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, range.end - pos), pos);
    if (n === 0) break;
    pos += n;
    // the lines are decoded (and a partial last one copied) before the buffer is read into again
    const lines = splitter.push(buf.subarray(0, n));
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/**
 * Reads a text result file (.sca) whole, as readScalarBatches does (the same checks, the same
 * errors), keeping of it only where each run's section starts and ends, its run header and the
 * types and number of its items: what a reader of some runs at a time needs (readScalarRanges).
 * The sections come in file order, each when it has been read (none is held).
 */
export async function* scanScalarSections(
  path: string,
  displayName: string = path,
  options: TextParserOptions = {},
): AsyncGenerator<ScaSection> {
  interface Open {
    start: number;
    firstLineNo: number;
    run?: RunInfo;
    types: Set<ResultType>;
    items: number;
  }
  let sections: ScaSection[] = [];
  let current: Open | undefined;
  const close = (end: number): void => {
    if (current === undefined) return;
    const { run, ...rest } = current;
    if (run !== undefined) sections.push({ ...rest, run, end });
  };
  const parser = new ScalarFileParser(displayName, options);
  const out: ScaRecord[] = [];
  // records come out one line late: those a line completes belong to the section before it
  const take = (): void => {
    for (const r of out)
      if (current === undefined)
        continue; // (the parser refuses items before a run)
      else if (r.type === 'run') current.run = r.run;
      else {
        current.types.add(r.type);
        current.items++;
      }
    out.length = 0;
  };
  const fd = openSync(path, 'r');
  try {
    let chunks = 0;
    for (const lines of readOffsetLinesSync(fd, { start: 0, end: Infinity, firstLineNo: 1 })) {
      for (const line of lines) {
        const runLine = parser.runLineNo;
        parser.pushLineInto(out, line.text, line.terminated);
        take();
        if (parser.runLineNo !== runLine) {
          close(line.offset);
          current = { start: line.offset, firstLineNo: line.lineNo, types: new Set(), items: 0 };
        }
      }
      if (sections.length > 0) {
        yield* sections;
        sections = [];
      }
      if (++chunks % CHUNKS_PER_TURN === 0) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    closeSync(fd);
  }
  out.push(...parser.end());
  take();
  close(Infinity);
  yield* sections;
}

/** The item types a line starting an item can start (`statistic`: either, as bin lines say). */
const ITEM_WORDS = new Map<string, readonly ResultType[]>([
  ['scalar', ['scalar']],
  ['par', ['parameter']],
  ['vector', ['vector']],
  ['statistic', ['statistic', 'histogram']],
  ['run', []],
]);

/** A line's first word when it is one of ITEM_WORDS (checked first char first: every line). */
function itemWord(text: string): string | undefined {
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) {
    const first = tokenizeLine(text)[0];
    return first !== undefined && ITEM_WORDS.has(first) ? first : undefined;
  }
  // s(calar|tatistic), p(ar), v(ector), r(un)
  if (c !== 115 && c !== 112 && c !== 118 && c !== 114) return undefined;
  const end = text.search(/[ \t]/);
  const word = end < 0 ? text : text.slice(0, end);
  return ITEM_WORDS.has(word) ? word : undefined;
}

export interface RangeReadOptions extends TextParserOptions {
  /** Only each section's run header. */
  readonly headerOnly?: boolean;
  /** The item types wanted: the lines of others are passed over unread (default: all). */
  readonly types?: ReadonlySet<ResultType>;
}

/**
 * The records of some sections of a text result file (as scanScalarSections found them: it
 * checked every line), read in the order given (file order: a run met twice keeps its first
 * header). Adjacent sections are read as one.
 */
export async function* readScalarRanges(
  path: string,
  ranges: readonly ScaRange[],
  options: RangeReadOptions = {},
  displayName: string = path,
): AsyncGenerator<ScaRecord[]> {
  // (a header is read up to its first item's line, which is read to end it)
  const types = options.headerOnly === true ? undefined : options.types;
  const skipped =
    types === undefined
      ? undefined
      : new Set(
          [...ITEM_WORDS]
            .filter(([w, t]) => w !== 'run' && !t.some((x) => types.has(x)))
            .map(([w]) => w),
        );
  const joined: ScaRange[] = [];
  for (const r of ranges) {
    const last = joined[joined.length - 1];
    if (!options.headerOnly && last !== undefined && last.end === r.start)
      joined[joined.length - 1] = { ...last, end: r.end };
    else joined.push(r);
  }
  const fd = openSync(path, 'r');
  try {
    let chunks = 0;
    for (const range of joined) {
      const parser = new ScalarFileParser(displayName, options, range.firstLineNo);
      let out: ScaRecord[] = [];
      let header = false;
      let skipping = false;
      for (const lines of readOffsetLinesSync(fd, range)) {
        if (skipped === undefined || skipped.size === 0)
          for (const line of lines) parser.pushLineInto(out, line.text, line.terminated);
        else
          for (const line of lines) {
            // an item of a type not wanted: its line and those up to the next item's
            const word = itemWord(line.text);
            if (word !== undefined) skipping = skipped.has(word);
            if (skipping) parser.skipLine();
            else parser.pushLineInto(out, line.text, line.terminated);
          }
        if (options.headerOnly) {
          const run = out.find((r) => r.type === 'run');
          if (run !== undefined) {
            yield [run];
            header = true;
            break;
          }
        } else if (out.length > 0) {
          yield out;
          out = [];
        }
        if (++chunks % CHUNKS_PER_TURN === 0) await new Promise<void>((r) => setImmediate(r));
      }
      if (header) continue;
      out.push(...parser.end());
      if (options.headerOnly) {
        const run = out.find((r) => r.type === 'run');
        if (run !== undefined) yield [run];
      } else if (out.length > 0) yield out;
    }
  } finally {
    closeSync(fd);
  }
}
