// Splits a byte stream into lines the way OMNeT++'s FileReader does: a line ends at "\n",
// "\r\n" or a lone "\r"; the last line may lack a terminator. Each line keeps its byte offset,
// which the vector file index records.

import { Buffer, isUtf8 } from 'node:buffer';

export interface TextLine {
  /** The line without its terminator, decoded as UTF-8. */
  readonly text: string;
  /** 1-based line number. */
  readonly lineNo: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** False only for a last line that has no line terminator. */
  readonly terminated: boolean;
}

const EMPTY = Buffer.alloc(0);

/** Push-style line splitter: feed byte chunks, get complete lines back. */
export class LineSplitter {
  private carry: Buffer = EMPTY;
  private carryOffset = 0;
  private consumed: number;
  private lineNo: number;
  /** The previous chunk ended in "\r": a "\n" starting the next chunk belongs to it. */
  private pendingCR = false;

  /** `startOffset`/`firstLineNo`: where the first chunk sits in the file (for block reads). */
  constructor(startOffset = 0, firstLineNo = 1) {
    this.consumed = startOffset;
    this.lineNo = firstLineNo - 1;
  }

  push(chunk: Uint8Array): TextLine[] {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let bufOffset = this.consumed;
    this.consumed += buf.length;
    if (this.pendingCR && buf.length > 0) {
      this.pendingCR = false;
      if (buf[0] === 10) {
        buf = buf.subarray(1);
        bufOffset++;
      }
    }
    let data: Buffer;
    let dataOffset: number;
    if (this.carry.length > 0) {
      data = Buffer.concat([this.carry, buf]);
      dataOffset = this.carryOffset;
    } else {
      data = buf;
      dataOffset = bufOffset;
    }
    const lines: TextLine[] = [];
    const n = data.length;
    let start = 0;
    let nextCR = data.indexOf(13);
    while (start < n) {
      let lf = data.indexOf(10, start);
      if (lf < 0) lf = n;
      if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf(13, start);
      let stop: number;
      let next: number;
      if (nextCR >= 0 && nextCR < lf) {
        stop = nextCR;
        if (nextCR + 1 < n) next = data[nextCR + 1] === 10 ? nextCR + 2 : nextCR + 1;
        else {
          next = n;
          this.pendingCR = true;
        }
      } else if (lf < n) {
        stop = lf;
        next = lf + 1;
      } else break;
      lines.push({
        text: decodeLine(data, start, stop),
        lineNo: ++this.lineNo,
        offset: dataOffset + start,
        terminated: true,
      });
      start = next;
    }
    this.carry = start < n ? Buffer.from(data.subarray(start)) : EMPTY;
    this.carryOffset = dataOffset + start;
    return lines;
  }

  /** The unterminated last line, if any. */
  end(): TextLine[] {
    if (this.carry.length === 0) return [];
    const line: TextLine = {
      text: decodeLine(this.carry, 0, this.carry.length),
      lineNo: ++this.lineNo,
      offset: this.carryOffset,
      terminated: false,
    };
    this.carry = EMPTY;
    return [line];
  }
}

/** Splits a whole text (already in memory) into lines with the same rules. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The same line rules over decoded text, a chunk at a time, for readers that need neither byte
 * offsets nor line numbers (a .sca's records): one decode of each chunk and string searches,
 * instead of a decode and a search in native code for every line.
 */
export class TextLineSplitter {
  private carry = '';
  /** The previous chunk ended in "\r": a "\n" starting the next chunk belongs to it. */
  private pendingCR = false;

  /** Appends the lines that `text` (the next decoded chunk) completes to `out`. */
  push(text: string, out: string[]): void {
    let s = text;
    if (this.pendingCR && s.length > 0) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === 10) s = s.slice(1);
    }
    if (this.carry !== '') s = this.carry + s;
    const n = s.length;
    let start = 0;
    if (s.indexOf('\r') < 0)
      for (let lf = s.indexOf('\n'); lf >= 0; lf = s.indexOf('\n', start)) {
        out.push(s.slice(start, lf));
        start = lf + 1;
      }
    else
      while (start < n) {
        let i = start;
        let c = 0;
        while (i < n && (c = s.charCodeAt(i)) !== 10 && c !== 13) i++;
        if (i >= n) break;
        out.push(s.slice(start, i));
        if (c === 10) start = i + 1;
        else if (i + 1 < n) start = s.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        else {
          start = n;
          this.pendingCR = true;
        }
      }
    this.carry = start < n ? s.slice(start) : '';
  }

  /** The unterminated last line, if any. */
  end(): string | undefined {
    const last = this.carry;
    this.carry = '';
    return last === '' ? undefined : last;
  }
}

/**
 * A line's text: UTF-8, as OMNeT++ 6.1 writes; a line that is not UTF-8 (an older or
 * hand-written result file in Latin-1: "Caf\xE9") is read as Latin-1, each byte the character
 * of its code, so that it comes out as its characters ("Café" in UTF-8), not as U+FFFD: nothing
 * of it is lost (opp_scavetool copies the bytes as they are).
 */
export function decodeLine(data: Buffer, start: number, stop: number): string {
  const text = data.toString('utf8', start, stop);
  return text.includes('\uFFFD') && !isUtf8(data.subarray(start, stop))
    ? data.toString('latin1', start, stop)
    : text;
}

/**
 * Bytes of whole lines ("\n" or "\r" ended) as text, each line as decodeLine reads it (one
 * decode for the whole when it is all UTF-8).
 */
export function decodeLines(data: Buffer): string {
  const text = data.toString('utf8');
  if (!text.includes('\uFFFD') || isUtf8(data)) return text;
  let out = '';
  let cr = data.indexOf(13);
  for (let start = 0; start < data.length;) {
    // a line ends at "\n" or at "\r" (a lone "\r" ends one, as LineSplitter has it)
    const lf = data.indexOf(10, start);
    if (cr >= 0 && cr < start) cr = data.indexOf(13, start);
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    const stop = end < 0 ? data.length : end + 1;
    out += decodeLine(data, start, stop);
    start = stop;
  }
  return out;
}
