// Builds zip archives byte by byte for tests: well-formed ones shaped like GitHub's artifact zips
// (deflate, data descriptors, UTF-8 names, Unix modes) and crafted ones (`../` names, absolute
// paths, symlinks, headers that lie about sizes, entries sharing bytes).
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/core/archive/crc32.js';

export interface ZipEntrySpec {
  readonly name: string;
  readonly data?: Buffer | string;
  /** Unix mode with its type bits (0o100644 a file, 0o120777 a symlink, 0o40755 a folder). */
  readonly mode?: number;
  readonly method?: 0 | 8;
  /** "Version made by" host: 3 Unix (default), 0 MS-DOS. */
  readonly host?: number;
  /** Lie in the headers: the uncompressed size to declare. */
  readonly declaredSize?: number;
  /** Sizes and CRC after the data (general purpose flag bit 3), as streaming zippers write. */
  readonly dataDescriptor?: boolean;
  /** Point the central directory entry at this offset instead of its own local header. */
  readonly localOffset?: number;
}

export function makeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    const raw = Buffer.from(e.data ?? '');
    const method = e.method ?? (raw.length > 0 ? 8 : 0);
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const size = e.declaredSize ?? raw.length;
    const name = Buffer.from(e.name);
    const flags = 0x0800 | (e.dataDescriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x6000, 10); // 12:00
    local.writeUInt16LE(0x5a21, 12); // 2025-01-01
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    offsets.push(offset);
    const descriptor = Buffer.alloc(e.dataDescriptor ? 16 : 0);
    if (e.dataDescriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    parts.push(local, name, body, descriptor);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(((e.host ?? 3) << 8) | 20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x6000, 12);
    cd.writeUInt16LE(0x5a21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    const mode = e.mode ?? (e.name.endsWith('/') ? 0o40755 : 0o100644);
    cd.writeUInt32LE((mode * 0x10000 + (e.name.endsWith('/') ? 0x10 : 0)) >>> 0, 38);
    cd.writeUInt32LE(e.localOffset ?? offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + body.length + descriptor.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}
