// Which archives may be extracted, decided before a byte is written. An artifact is data from
// the network: an entry must not name a place outside the target folder (absolute paths, `..`,
// drive letters, backslashes) nor a `.git` folder (core/archive/safe-path.ts), must not be a
// link or a device, must not collide with another entry, and the sizes must be plausible
// (declared totals within the limits, no compression ratio deflate cannot reach, no two entries
// sharing bytes: the "overlapping files" zip bomb).
import {
  ArchiveRefusedError,
  hasControlCharacters,
  LOCAL_HEADER_SIZE,
  type CentralEntry,
} from './zip-format.js';
import { isDotGit } from './safe-path.js';

export interface ExtractLimits {
  /** The most bytes all files may have together once extracted. */
  readonly maxTotalBytes: number;
  /** The most bytes one file may have. */
  readonly maxFileBytes: number;
  readonly maxEntries: number;
  /** Refuse an entry that claims a better ratio than deflate can achieve (about 1032:1). */
  readonly maxRatio: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxTotalBytes: 16 * 2 ** 30,
  maxFileBytes: 8 * 2 ** 30,
  maxEntries: 5_000_000,
  maxRatio: 1100,
};

export interface SafeEntry {
  /** Path segments below the target folder, each a plain name. */
  readonly segments: readonly string[];
  readonly directory: boolean;
  /** Unix permission bits worth keeping: only the executable bits, never setuid or sticky. */
  readonly executable: boolean;
  readonly entry: CentralEntry;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const UNIX_HOSTS = new Set([3, 19]);
const MAX_NAME_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

/**
 * Checks every entry of the central directory; returns them in file order with safe paths, or
 * throws ArchiveRefusedError naming the first problem. `dataEnd` is where the central directory
 * starts: no entry's data may reach past it.
 */
export function checkEntries(
  entries: readonly CentralEntry[],
  limits: ExtractLimits,
  dataEnd: number,
): SafeEntry[] {
  if (entries.length > limits.maxEntries)
    throw new ArchiveRefusedError(
      `${entries.length} entries, more than the limit of ${limits.maxEntries}`,
    );
  const safe = entries.map((e) => checkEntry(e, limits));
  let total = 0;
  for (const s of safe) {
    total += s.entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new ArchiveRefusedError(
        `the files would take more than ${limits.maxTotalBytes} bytes (the size limit)`,
      );
  }
  checkCollisions(safe);
  checkOverlaps(safe, dataEnd);
  return safe;
}

function checkEntry(e: CentralEntry, limits: ExtractLimits): SafeEntry {
  const segments = safeSegments(e.name);
  const type = UNIX_HOSTS.has(e.hostSystem) ? (e.externalAttributes >>> 16) & S_IFMT : 0;
  if (type === S_IFLNK) throw new ArchiveRefusedError('symbolic links are not extracted', e.name);
  const directory = e.name.endsWith('/') || type === S_IFDIR;
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
    throw new ArchiveRefusedError(
      'not a regular file or folder (a device, pipe or socket)',
      e.name,
    );
  if (e.flags & 0x1) throw new ArchiveRefusedError('encrypted entries are not supported', e.name);
  if (e.method !== 0 && e.method !== 8)
    throw new ArchiveRefusedError(`compression method ${e.method} is not supported`, e.name);
  if (directory && e.uncompressedSize !== 0)
    throw new ArchiveRefusedError('a folder entry with contents', e.name);
  if (e.uncompressedSize > limits.maxFileBytes)
    throw new ArchiveRefusedError(
      `${e.uncompressedSize} bytes, more than the limit of ${limits.maxFileBytes} for one file`,
      e.name,
    );
  if (e.method === 0 && e.compressedSize !== e.uncompressedSize)
    throw new ArchiveRefusedError('a stored entry whose two sizes differ', e.name);
  if (e.uncompressedSize > 2 ** 20 && e.uncompressedSize / e.compressedSize > limits.maxRatio)
    throw new ArchiveRefusedError(
      `claims ${e.uncompressedSize} bytes from ${e.compressedSize} (a zip bomb?)`,
      e.name,
    );
  const mode = UNIX_HOSTS.has(e.hostSystem) ? e.externalAttributes >>> 16 : 0;
  return { segments, directory, executable: !directory && (mode & 0o111) !== 0, entry: e };
}

/**
 * The entry's path as plain segments below the target, or a refusal: absolute paths (`/x`,
 * `C:x`, `//host`), `..`, backslashes (a separator on Windows) and control characters are never
 * accepted, nor a `.git` segment in any spelling git refuses; `.` and empty segments (`a//b`, `./a`) are dropped.
 */
export function safeSegments(name: string): string[] {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw new ArchiveRefusedError('name too long', name);
  if (hasControlCharacters(name))
    throw new ArchiveRefusedError('control characters in the name', name);
  if (name.includes('\\'))
    throw new ArchiveRefusedError('a backslash in the name (a Windows path?)', name);
  if (name.startsWith('/')) throw new ArchiveRefusedError('an absolute path', name);
  if (/^[A-Za-z]:/.test(name)) throw new ArchiveRefusedError('a drive letter', name);
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..'))
    throw new ArchiveRefusedError('a path that leaves the target folder (..)', name);
  if (segments.some(isDotGit))
    throw new ArchiveRefusedError('a .git folder (its config could run commands)', name);
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    throw new ArchiveRefusedError('a path segment too long', name);
  if (segments.length === 0) throw new ArchiveRefusedError('an empty name', name);
  return segments;
}

/**
 * Two entries for one path, or a file where another entry needs a folder, would make the result
 * depend on the order of extraction; names that differ only in case collide on macOS and
 * Windows. All are refused.
 */
function checkCollisions(entries: readonly SafeEntry[]): void {
  const kinds = new Map<string, { name: string; directory: boolean }>();
  for (const e of entries) {
    const parts = e.segments.map((s) => s.normalize('NFC').toLowerCase());
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const seen = kinds.get(prefix);
      if (seen && !seen.directory)
        throw new ArchiveRefusedError(`a file '${seen.name}' is also a folder`, e.entry.name);
      if (!seen) kinds.set(prefix, { name: prefix, directory: true });
    }
    const key = parts.join('/');
    const seen = kinds.get(key);
    if (seen && !(seen.directory && e.directory))
      throw new ArchiveRefusedError(
        `collides with another entry ('${seen.name}': same name, or names differing in case)`,
        e.entry.name,
      );
    kinds.set(key, { name: e.entry.name, directory: e.directory });
  }
}

/** Entries sorted by position must follow each other: shared bytes mean a crafted archive. */
function checkOverlaps(entries: readonly SafeEntry[], dataEnd: number): void {
  const byOffset = [...entries].sort(
    (a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset,
  );
  let end = 0;
  for (const e of byOffset) {
    if (e.entry.localHeaderOffset < end)
      throw new ArchiveRefusedError('overlaps another entry (a zip bomb?)', e.entry.name);
    end = minimalEnd(e.entry);
    if (end > dataEnd)
      throw new ArchiveRefusedError('its data reaches into the central directory', e.entry.name);
  }
}

/** The least end of an entry: a local header with the same name and no extra field. */
function minimalEnd(e: CentralEntry): number {
  return e.localHeaderOffset + LOCAL_HEADER_SIZE + Buffer.byteLength(e.name) + e.compressedSize;
}
