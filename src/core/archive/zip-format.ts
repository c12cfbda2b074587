// The zip format's records, read from buffers (PKWARE APPNOTE.TXT 6.3.10, sections 4.3 and 4.5):
// the end-of-central-directory record (and its zip64 variant), the central directory, and local
// file headers. Only what a single-disk archive of stored or deflated files needs; anything else
// is refused by ArchiveRefusedError so that no half-understood archive is extracted.

/** An archive that is damaged, unsupported or unsafe to extract: nothing is written. */
export class ArchiveRefusedError extends Error {
  readonly userFacing = true;
  constructor(
    readonly reason: string,
    readonly entry?: string,
  ) {
    super(entry === undefined ? reason : `entry '${printable(entry)}': ${reason}`);
    this.name = 'ArchiveRefusedError';
  }
}

const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

/** Whether `s` has control characters (which no file name should have). */
export function hasControlCharacters(s: string): boolean {
  return [...s].some(isControl);
}

/** A name as it can be shown in a message: control characters escaped, length capped. */
export function printable(name: string): string {
  const escaped = [...name]
    .map((c) => (isControl(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c))
    .join('');
  return escaped.length > 200 ? `${escaped.slice(0, 200)}...` : escaped;
}

export const SIG = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  locator64: 0x07064b50,
} as const;

export const EOCD_SIZE = 22;
export const LOCATOR64_SIZE = 20;
export const EOCD64_SIZE = 56;
export const CENTRAL_HEADER_SIZE = 46;
export const LOCAL_HEADER_SIZE = 30;
/** The EOCD record ends the file, after a comment of at most 65535 bytes. */
export const MAX_TAIL = EOCD_SIZE + 0xffff;

export interface CentralDirectoryLocation {
  readonly entries: number;
  readonly size: number;
  readonly offset: number;
  /** Where the zip64 end record is, when the plain record says to look for it. */
  readonly zip64At: number | undefined;
  /** Where the end records begin: the central directory must end exactly here. */
  readonly endAt: number;
}

/**
 * Finds the end record in the last bytes of the file (`tail` ends at `fileSize`). The match must
 * account for the whole tail (record plus its comment), so a signature inside the comment is
 * not mistaken for the record.
 */
export function readEndRecord(tail: Buffer, fileSize: number): CentralDirectoryLocation {
  const tailStart = fileSize - tail.length;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG.end) continue;
    if (i + EOCD_SIZE + tail.readUInt16LE(i + 20) !== tail.length) continue;
    const disk = tail.readUInt16LE(i + 4);
    const cdDisk = tail.readUInt16LE(i + 6);
    const onDisk = tail.readUInt16LE(i + 8);
    const entries = tail.readUInt16LE(i + 10);
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    const at = tailStart + i;
    const wants64 = entries === 0xffff || size === 0xffffffff || offset === 0xffffffff;
    const loc = i - LOCATOR64_SIZE;
    if (loc >= 0 && tail.readUInt32LE(loc) === SIG.locator64) {
      if (tail.readUInt32LE(loc + 4) !== 0 || tail.readUInt32LE(loc + 16) > 1)
        throw new ArchiveRefusedError('multi-disk archives are not supported');
      return {
        entries,
        size,
        offset,
        zip64At: safeNumber(tail.readBigUInt64LE(loc + 8)),
        endAt: tailStart + loc,
      };
    }
    if (wants64) throw new ArchiveRefusedError('zip64 end record missing');
    if (disk !== 0 || cdDisk !== 0 || onDisk !== entries)
      throw new ArchiveRefusedError('multi-disk archives are not supported');
    return { entries, size, offset, zip64At: undefined, endAt: at };
  }
  throw new ArchiveRefusedError('not a zip archive (no end of central directory record)');
}

/** The zip64 end record (`buf` starts at it); `endAt` is where the end records begin. */
export function readEnd64Record(buf: Buffer, endAt: number): CentralDirectoryLocation {
  if (buf.length < EOCD64_SIZE || buf.readUInt32LE(0) !== SIG.end64)
    throw new ArchiveRefusedError('damaged zip64 end record');
  if (buf.readUInt32LE(16) !== 0 || buf.readUInt32LE(20) !== 0)
    throw new ArchiveRefusedError('multi-disk archives are not supported');
  const onDisk = safeNumber(buf.readBigUInt64LE(24));
  const entries = safeNumber(buf.readBigUInt64LE(32));
  if (onDisk !== entries) throw new ArchiveRefusedError('multi-disk archives are not supported');
  return {
    entries,
    size: safeNumber(buf.readBigUInt64LE(40)),
    offset: safeNumber(buf.readBigUInt64LE(48)),
    zip64At: undefined,
    endAt,
  };
}

export interface CentralEntry {
  /** The name as stored, decoded from UTF-8. */
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** The upper byte of "version made by": 3 is Unix, 19 is macOS, 0 is MS-DOS. */
  readonly hostSystem: number;
  readonly externalAttributes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every entry of the central directory (`buf` is all of it, `count` entries long). */
export function readCentralDirectory(buf: Buffer, count: number): CentralEntry[] {
  const out: CentralEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + CENTRAL_HEADER_SIZE > buf.length || buf.readUInt32LE(p) !== SIG.central)
      throw new ArchiveRefusedError(`damaged central directory (entry ${n + 1} of ${count})`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const end = p + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (end > buf.length)
      throw new ArchiveRefusedError(`damaged central directory (entry ${n + 1} of ${count})`);
    const nameBytes = buf.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLength);
    let name: string;
    try {
      name = utf8.decode(nameBytes);
    } catch {
      throw new ArchiveRefusedError(`entry ${n + 1} has a name that is not UTF-8`);
    }
    if (buf.readUInt16LE(p + 34) !== 0)
      throw new ArchiveRefusedError('multi-disk archives are not supported', name);
    const extra = buf.subarray(
      p + CENTRAL_HEADER_SIZE + nameLength,
      p + CENTRAL_HEADER_SIZE + nameLength + extraLength,
    );
    const sizes = zip64Fields(extra, name, {
      uncompressed: buf.readUInt32LE(p + 24),
      compressed: buf.readUInt32LE(p + 20),
      offset: buf.readUInt32LE(p + 42),
    });
    out.push({
      name,
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc32: buf.readUInt32LE(p + 16),
      compressedSize: sizes.compressed,
      uncompressedSize: sizes.uncompressed,
      localHeaderOffset: sizes.offset,
      hostSystem: buf.readUInt8(p + 5),
      externalAttributes: buf.readUInt32LE(p + 38),
    });
    p = end;
  }
  if (p !== buf.length) throw new ArchiveRefusedError('damaged central directory (trailing bytes)');
  return out;
}

interface Sizes {
  uncompressed: number;
  compressed: number;
  offset: number;
}

/** APPNOTE 4.5.3: the zip64 extra field holds, in order, the values whose 32-bit field is ~0. */
function zip64Fields(extra: Buffer, name: string, plain: Sizes): Sizes {
  const wanted = (['uncompressed', 'compressed', 'offset'] as const).filter(
    (k) => plain[k] === 0xffffffff,
  );
  if (wanted.length === 0) return plain;
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q);
    const size = extra.readUInt16LE(q + 2);
    if (q + 4 + size > extra.length) break;
    if (id === 0x0001) {
      if (size < wanted.length * 8) break;
      const out = { ...plain };
      wanted.forEach((k, i) => (out[k] = safeNumber(extra.readBigUInt64LE(q + 4 + i * 8))));
      return out;
    }
    q += 4 + size;
  }
  throw new ArchiveRefusedError('zip64 sizes missing', name);
}

export interface LocalHeader {
  readonly nameLength: number;
  readonly extraLength: number;
  readonly flags: number;
  readonly method: number;
}

/** The fixed part of a local file header (`buf` holds at least its 30 bytes). */
export function readLocalHeader(buf: Buffer, name: string): LocalHeader {
  if (buf.length < LOCAL_HEADER_SIZE || buf.readUInt32LE(0) !== SIG.local)
    throw new ArchiveRefusedError('damaged local header', name);
  return {
    flags: buf.readUInt16LE(6),
    method: buf.readUInt16LE(8),
    nameLength: buf.readUInt16LE(26),
    extraLength: buf.readUInt16LE(28),
  };
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ArchiveRefusedError('sizes beyond 2^53 bytes are not supported');
  return Number(v);
}
