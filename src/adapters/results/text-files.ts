// Streaming access to OMNeT++'s text result files: lines with byte offsets, and .sca records.

import { Buffer } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import {
  LineSplitter,
  ScalarFileParser,
  TextLineSplitter,
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
    // a BOM is kept, as Buffer#toString keeps it
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const buf = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
    // chunks grow from `firstChunk` to CHUNK: a caller that stops after a few lines has not
    // split a whole chunk of lines it never looks at (a .vec's data after its header)
    for (let size = Math.min(Math.max(firstChunk, 1), CHUNK); ; size = Math.min(size * 2, CHUNK)) {
      const n = readSync(fd, buf, 0, size, null);
      const lines: string[] = [];
      if (n === 0) {
        splitter.push(decoder.decode(), lines);
        const last = splitter.end();
        if (last !== undefined) lines.push(last);
        if (lines.length > 0) yield { lines, unterminated: last !== undefined };
        break;
      }
      splitter.push(decoder.decode(buf.subarray(0, n), { stream: true }), lines);
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
