// A small zip reader for downloaded artifacts: the whole central directory is read and checked
// (core/archive/entry-check.ts) and every local header compared with it before anything is
// written; then files are streamed out one by one, each into a new file opened with O_EXCL and
// O_NOFOLLOW (an existing file or link is never written through), its size and CRC checked as
// it inflates, so a lying header cannot produce more bytes than it declared.
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, realpath, type FileHandle } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { crc32 } from '../core/archive/crc32.js';
import {
  checkEntries,
  DEFAULT_LIMITS,
  type ExtractLimits,
  type SafeEntry,
} from '../core/archive/entry-check.js';
import {
  ArchiveRefusedError,
  EOCD64_SIZE,
  LOCAL_HEADER_SIZE,
  MAX_TAIL,
  readCentralDirectory,
  readEnd64Record,
  readEndRecord,
  readLocalHeader,
  type CentralDirectoryLocation,
} from '../core/archive/zip-format.js';

/** The most bytes of central directory read into memory (about 2 million entries). */
const MAX_CENTRAL_DIRECTORY = 256 * 2 ** 20;

export interface ExtractReport {
  readonly files: number;
  readonly bytes: number;
}

interface Located extends SafeEntry {
  /** Where the entry's compressed bytes start. */
  readonly dataAt: number;
}

export class ZipArchive {
  private constructor(
    private readonly path: string,
    readonly entries: readonly Located[],
  ) {}

  /** Reads and checks the archive's index; throws ArchiveRefusedError for anything unsafe. */
  static async open(path: string, limits: ExtractLimits = DEFAULT_LIMITS): Promise<ZipArchive> {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const loc = await locateCentralDirectory(fh, size);
      if (loc.size > MAX_CENTRAL_DIRECTORY)
        throw new ArchiveRefusedError(`a central directory of ${loc.size} bytes is too large`);
      if (loc.offset + loc.size !== loc.endAt)
        throw new ArchiveRefusedError('the central directory is not where the end record says');
      const cd = await readAt(fh, loc.offset, loc.size);
      const safe = checkEntries(readCentralDirectory(cd, loc.entries), limits, loc.offset);
      return new ZipArchive(path, await locateData(fh, safe, loc.offset));
    } finally {
      await fh.close();
    }
  }

  /**
   * Extracts every entry below `dest`, an empty folder the caller created for this purpose.
   * `only` limits extraction to the entries it accepts (their path joined with `/`); `signal`
   * stops it between entries and within one (Ctrl-C), throwing its reason.
   */
  async extractTo(
    dest: string,
    only?: (path: string) => boolean,
    signal?: AbortSignal,
  ): Promise<ExtractReport> {
    const root = await realpath(dest);
    const checkedDirs = new Set<string>([root]);
    let files = 0;
    let bytes = 0;
    for (const e of this.entries) {
      signal?.throwIfAborted();
      if (only && !only(e.segments.join('/'))) continue;
      const target = resolve(root, ...e.segments);
      if (!target.startsWith(root + sep))
        throw new ArchiveRefusedError('a path that leaves the target folder', e.entry.name);
      if (e.directory) {
        await ensureDir(root, target, checkedDirs);
        continue;
      }
      await ensureDir(root, dirname(target), checkedDirs);
      const fh = await open(
        target,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        e.executable ? 0o755 : 0o644,
      );
      // the stream closes the handle when it finishes or fails
      await pipeline([...this.streams(e), fh.createWriteStream()], signal ? { signal } : {});
      files++;
      bytes += e.entry.uncompressedSize;
    }
    return { files, bytes };
  }

  /** The contents of the file entry at `path` (segments joined with `/`), or undefined. */
  async read(path: string, maxBytes: number): Promise<Buffer | undefined> {
    const e = this.entries.find((x) => !x.directory && x.segments.join('/') === path);
    if (!e) return undefined;
    if (e.entry.uncompressedSize > maxBytes)
      throw new ArchiveRefusedError(`larger than ${maxBytes} bytes`, e.entry.name);
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done): void {
        chunks.push(chunk);
        done();
      },
    });
    await pipeline([...this.streams(e), sink]);
    return Buffer.concat(chunks);
  }

  private streams(e: Located): [NodeJS.ReadableStream, ...NodeJS.ReadWriteStream[]] {
    // createReadStream cannot read an empty range (end < start)
    const source =
      e.entry.compressedSize === 0
        ? Readable.from([])
        : createReadStream(this.path, {
            start: e.dataAt,
            end: e.dataAt + e.entry.compressedSize - 1,
          });
    const check = new EntryCheck(e);
    return e.entry.method === 8 ? [source, createInflateRaw(), check] : [source, check];
  }
}

/** Counts and checksums an entry's bytes as they pass; more than declared stops at once. */
class EntryCheck extends Transform {
  private count = 0;
  private crc = 0;
  constructor(private readonly e: Located) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.e.entry.uncompressedSize) {
      done(new ArchiveRefusedError('more data than its header declares', this.e.entry.name));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (this.count !== this.e.entry.uncompressedSize)
      done(new ArchiveRefusedError('less data than its header declares', this.e.entry.name));
    else if (this.crc !== this.e.entry.crc32)
      done(new ArchiveRefusedError('damaged (CRC mismatch)', this.e.entry.name));
    else done();
  }
}

async function locateCentralDirectory(
  fh: FileHandle,
  size: number,
): Promise<CentralDirectoryLocation> {
  const tailLength = Math.min(size, MAX_TAIL + 20);
  const tail = await readAt(fh, size - tailLength, tailLength);
  const loc = readEndRecord(tail, size);
  if (loc.zip64At === undefined) return loc;
  if (loc.zip64At + EOCD64_SIZE > loc.endAt)
    throw new ArchiveRefusedError('damaged zip64 end record');
  return readEnd64Record(await readAt(fh, loc.zip64At, EOCD64_SIZE), loc.zip64At);
}

/**
 * Reads each entry's local header: its name and method must match the central directory, and
 * the data must end before the next entry (or the central directory) begins.
 */
async function locateData(
  fh: FileHandle,
  entries: readonly SafeEntry[],
  dataEnd: number,
): Promise<Located[]> {
  const byOffset = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.entry.localHeaderOffset - b.e.entry.localHeaderOffset);
  const located: Located[] = [];
  for (let k = 0; k < byOffset.length; k++) {
    const { e, i } = byOffset[k]!;
    const at = e.entry.localHeaderOffset;
    const head = readLocalHeader(await readAt(fh, at, LOCAL_HEADER_SIZE), e.entry.name);
    const name = await readAt(fh, at + LOCAL_HEADER_SIZE, head.nameLength);
    if (!name.equals(Buffer.from(e.entry.name)))
      throw new ArchiveRefusedError('its local header names another file', e.entry.name);
    if (head.method !== e.entry.method || (head.flags & 1) !== (e.entry.flags & 1))
      throw new ArchiveRefusedError('its local header disagrees with the directory', e.entry.name);
    const dataAt = at + LOCAL_HEADER_SIZE + head.nameLength + head.extraLength;
    const next = byOffset[k + 1]?.e.entry.localHeaderOffset ?? dataEnd;
    if (dataAt + e.entry.compressedSize > next)
      throw new ArchiveRefusedError('overlaps another entry (a zip bomb?)', e.entry.name);
    located[i] = { ...e, dataAt };
  }
  return entries.map((_, i) => located[i]!);
}

async function ensureDir(root: string, dir: string, checked: Set<string>): Promise<void> {
  if (checked.has(dir)) return;
  await mkdir(dir, { recursive: true });
  // we create no links, but the folder is checked anyway: it must resolve below the target
  const real = await realpath(dir);
  if (real !== root && !real.startsWith(root + sep))
    throw new ArchiveRefusedError(`folder ${dir} resolves outside the target folder`);
  checked.add(dir);
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new ArchiveRefusedError('the archive is truncated');
    got += bytesRead;
  }
  return buf;
}

export { ArchiveRefusedError, DEFAULT_LIMITS, type ExtractLimits };
