// The artifact zip reader: well-formed archives come out byte for byte; crafted ones (paths that
// escape, links, devices, lying sizes, overlapping entries, collisions) are refused before
// anything is written, anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveRefusedError, ZipArchive } from '../../src/adapters/zip-reader.js';
import { DEFAULT_LIMITS } from '../../src/core/archive/entry-check.js';
import { readCentralDirectory, readEndRecord } from '../../src/core/archive/zip-format.js';
import { makeZip, type ZipEntrySpec } from '../helpers/zip-writer.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'opp-zip-'));
}

/** Every path below `dir` (folders end with /). */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) =>
      statSync(join(dir, n)).isDirectory()
        ? [`${prefix}${n}/`, ...tree(join(dir, n), `${prefix}${n}/`)]
        : [`${prefix}${n}`],
    );
}

async function extract(
  entries: readonly ZipEntrySpec[],
  limits = DEFAULT_LIMITS,
): Promise<{ root: string; out: string; result: unknown }> {
  const root = scratch();
  writeFileSync(join(root, 'a.zip'), makeZip(entries));
  const out = join(root, 'deep', 'out');
  mkdirSync(out, { recursive: true });
  try {
    const zip = await ZipArchive.open(join(root, 'a.zip'), limits);
    return { root, out, result: await zip.extractTo(out) };
  } catch (e) {
    return { root, out, result: e };
  }
}

test('extracts files, folders, empty files and data descriptors exactly', async () => {
  const big = Buffer.from('vector 12 Net.host[0] "channel" ETV\n'.repeat(5000));
  const { out, result } = await extract([
    { name: 'runs/' },
    { name: 'runs/General-#0.sca', data: 'version 3\nrun General-0\n', dataDescriptor: true },
    { name: 'runs/General-#0.vec', data: big, dataDescriptor: true },
    { name: 'logs/empty.log', data: '' },
    { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o100755, method: 0 },
    { name: './journal.jsonl', data: '{"t":"run"}\n' },
    { name: 'dos/file.txt', data: 'from windows', host: 0, mode: 0 },
  ]);
  assert.deepEqual(result, { files: 6, bytes: 24 + big.length + 0 + 10 + 12 + 12 });
  assert.deepEqual(tree(out), [
    'bin/',
    'bin/tool',
    'dos/',
    'dos/file.txt',
    'journal.jsonl',
    'logs/',
    'logs/empty.log',
    'runs/',
    'runs/General-#0.sca',
    'runs/General-#0.vec',
  ]);
  assert.ok(readFileSync(join(out, 'runs/General-#0.vec')).equals(big));
  assert.equal(statSync(join(out, 'bin/tool')).mode & 0o777, 0o755);
  assert.equal(statSync(join(out, 'runs/General-#0.sca')).mode & 0o777, 0o644);
});

test('reads one entry into memory without extracting', async () => {
  const root = scratch();
  writeFileSync(
    join(root, 'a.zip'),
    makeZip([
      { name: 'plan.json', data: '{"version":1}' },
      { name: 'other', data: 'x' },
    ]),
  );
  const zip = await ZipArchive.open(join(root, 'a.zip'));
  assert.equal((await zip.read('plan.json', 100))?.toString(), '{"version":1}');
  assert.equal(await zip.read('missing.json', 100), undefined);
  await assert.rejects(zip.read('plan.json', 5), /larger than 5 bytes/);
});

const refused: [string, ZipEntrySpec[], RegExp][] = [
  ['a ../ path', [{ name: '../evil.txt', data: 'x' }], /leaves the target folder/],
  ['a ../ deeper down', [{ name: 'runs/../../evil.txt', data: 'x' }], /leaves the target/],
  ['an absolute path', [{ name: '/tmp/evil.txt', data: 'x' }], /absolute path/],
  ['a drive letter', [{ name: 'C:evil.txt', data: 'x' }], /drive letter/],
  ['backslashes', [{ name: '..\\evil.txt', data: 'x' }], /backslash/],
  ['a control character', [{ name: 'a\u0000b', data: 'x' }], /control characters/],
  ['a .git folder', [{ name: '.git/config', data: '[core]' }], /a .git folder/],
  ['a .git folder entry', [{ name: 'sub/.git/' }], /a .git folder/],
  ['a .Git folder deeper down', [{ name: 'runs/x/.Git/hooks/pre-commit', data: 'x' }], /\.git/],
  ['.git with a trailing dot (NTFS)', [{ name: '.git./config', data: 'x' }], /a .git folder/],
  ['the NTFS short name of .git', [{ name: 'GIT~1/config', data: 'x' }], /a .git folder/],
  ['.git with an HFS+-ignored character', [{ name: '.g\u200cit/config', data: 'x' }], /\.git/],
  [
    'a symlink',
    [
      { name: 'ok.txt', data: 'fine' },
      { name: 'link', data: '/etc', mode: 0o120777 },
      { name: 'link/passwd', data: 'x' },
    ],
    /symbolic links are not extracted/,
  ],
  ['a device', [{ name: 'dev', data: '', mode: 0o020644 }], /device, pipe or socket/],
  ['a FIFO', [{ name: 'fifo', data: '', mode: 0o010644 }], /device, pipe or socket/],
  [
    'the same name twice',
    [
      { name: 'a.txt', data: '1' },
      { name: 'a.txt', data: '2' },
    ],
    /collides/,
  ],
  [
    'names differing only in case',
    [
      { name: 'Results.csv', data: '1' },
      { name: 'results.csv', data: '2' },
    ],
    /collides/,
  ],
  [
    'a file that is also a folder',
    [
      { name: 'a', data: '1' },
      { name: 'a/b', data: '2' },
    ],
    /is also a folder/,
  ],
];

for (const [what, entries, message] of refused)
  test(`refuses ${what}, writing nothing anywhere`, async () => {
    const { root, out, result } = await extract(entries);
    assert.ok(result instanceof ArchiveRefusedError, String(result));
    assert.match(result.message, message);
    assert.deepEqual(tree(root), ['a.zip', 'deep/', 'deep/out/']);
    assert.deepEqual(readdirSync(out), []);
  });

test('refuses a file larger than the limit, and a total larger than the limit', async () => {
  const limits = { ...DEFAULT_LIMITS, maxFileBytes: 1000, maxTotalBytes: 1500 };
  const one = await extract([{ name: 'big', data: Buffer.alloc(1001) }], limits);
  assert.match(String(one.result), /1001 bytes, more than the limit of 1000/);
  const total = await extract(
    [
      { name: 'a', data: Buffer.alloc(800) },
      { name: 'b', data: Buffer.alloc(800) },
    ],
    limits,
  );
  assert.match(String(total.result), /more than 1500 bytes/);
  assert.deepEqual(readdirSync(total.out), []);
});

test('refuses a header that claims an impossible ratio (zip bomb)', async () => {
  const { result } = await extract([{ name: 'bomb', data: 'tiny', declaredSize: 3 * 2 ** 30 }]);
  assert.match(String(result), /claims 3221225472 bytes from \d+ \(a zip bomb\?\)/);
});

test('stops inflating when an entry yields more than it declares', async () => {
  const { out, result } = await extract([
    { name: 'liar', data: Buffer.alloc(200_000), declaredSize: 1000 },
  ]);
  assert.match(String(result), /more data than its header declares/);
  // the partial file is the caller's to discard (it extracts into a folder of its own)
  assert.ok(statSync(join(out, 'liar')).size <= 200_000);
});

test('refuses entries that share bytes (overlapping zip bomb)', async () => {
  const { result } = await extract([
    { name: 'a', data: 'same bytes' },
    { name: 'b', data: 'same bytes', localOffset: 0 },
  ]);
  assert.match(String(result), /overlaps another entry|local header names another file/);
});

test('refuses damaged and foreign files', async () => {
  const root = scratch();
  writeFileSync(join(root, 'not.zip'), 'PK but not really a zip archive');
  await assert.rejects(ZipArchive.open(join(root, 'not.zip')), /not a zip archive/);
  const good = makeZip([{ name: 'a.txt', data: 'hello hello hello' }]);
  writeFileSync(join(root, 'cut.zip'), good.subarray(0, good.length - 30));
  await assert.rejects(ZipArchive.open(join(root, 'cut.zip')), ArchiveRefusedError);
  const flipped = Buffer.from(good);
  flipped[37] = flipped[37]! ^ 0xff; // a byte of the compressed data
  writeFileSync(join(root, 'flipped.zip'), flipped);
  const out = join(root, 'out');
  mkdirSync(out);
  await assert.rejects(
    (await ZipArchive.open(join(root, 'flipped.zip'))).extractTo(out),
    /CRC mismatch|invalid|data than its header/,
  );
});

test('the end record is found past a comment that contains its signature', () => {
  const zip = makeZip([{ name: 'a', data: 'x' }]);
  const comment = Buffer.from('PK\u0005\u0006 a tricky comment');
  const withComment = Buffer.concat([zip, comment]);
  withComment.writeUInt16LE(comment.length, zip.length - 2);
  const loc = readEndRecord(withComment, withComment.length);
  assert.equal(loc.entries, 1);
  assert.equal(loc.endAt, zip.length - 22);
});

test('zip64 sizes are read from the extra field', () => {
  const name = Buffer.from('huge.vec');
  const cd = Buffer.alloc(46 + name.length + 4 + 24);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE((3 << 8) | 45, 4);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(0xffffffff, 20);
  cd.writeUInt32LE(0xffffffff, 24);
  cd.writeUInt16LE(name.length, 28);
  cd.writeUInt16LE(28, 30);
  cd.writeUInt32LE(0xffffffff, 42);
  name.copy(cd, 46);
  const x = 46 + name.length;
  cd.writeUInt16LE(1, x);
  cd.writeUInt16LE(24, x + 2);
  cd.writeBigUInt64LE(5_000_000_000n, x + 4);
  cd.writeBigUInt64LE(1_000_000_000n, x + 12);
  cd.writeBigUInt64LE(4_500_000_000n, x + 20);
  const [e] = readCentralDirectory(cd, 1);
  assert.equal(e?.uncompressedSize, 5_000_000_000);
  assert.equal(e?.compressedSize, 1_000_000_000);
  assert.equal(e?.localHeaderOffset, 4_500_000_000);
});
