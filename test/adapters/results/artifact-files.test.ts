// A merged folder's vector files travel once in an artifact (at the top, not also as their hard
// links in .runs/), and a fetch links them back where the journal names them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  relinkRunFiles,
  unlinkedTopFiles,
  withoutLinkedRunFiles,
} from '../../../src/adapters/results/artifact-files.js';

function mergedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-artifact-files-'));
  mkdirSync(join(dir, '.runs'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, '.runs', 'a.sca'), 'sca a');
  writeFileSync(join(dir, '.runs', 'a.vec'), 'vec a');
  writeFileSync(join(dir, '.runs', 'a.vci'), 'vci a');
  linkSync(join(dir, '.runs', 'a.vec'), join(dir, 'a.vec'));
  linkSync(join(dir, '.runs', 'a.vci'), join(dir, 'a.vci'));
  // a copy, not a link (a file system without links): it travels twice
  writeFileSync(join(dir, '.runs', 'b.vec'), 'vec b');
  copyFileSync(join(dir, '.runs', 'b.vec'), join(dir, 'b.vec'));
  // a link deeper down is not the dataset's
  mkdirSync(join(dir, 'logs', '.runs'));
  linkSync(join(dir, 'a.vec'), join(dir, 'logs', '.runs', 'a.vec'));
  writeFileSync(join(dir, 'results.sca'), 'merged');
  return dir;
}

test("the artifact's files: each linked vector file once, at the top", () => {
  const dir = mergedFolder();
  const files = [
    '.runs/a.sca',
    '.runs/a.vci',
    '.runs/a.vec',
    '.runs/b.vec',
    '.runs/gone.vec',
    'a.vci',
    'a.vec',
    'b.vec',
    'logs/.runs/a.vec',
    'results.sca',
  ];
  assert.deepEqual(withoutLinkedRunFiles(dir, files), [
    '.runs/a.sca',
    '.runs/b.vec',
    '.runs/gone.vec',
    'a.vci',
    'a.vec',
    'b.vec',
    'logs/.runs/a.vec',
    'results.sca',
  ]);
});

const record = (key: string, status: string, files: [string, number][]) =>
  JSON.stringify({
    t: 'run',
    key,
    config: 'C',
    run: 0,
    attempt: 1,
    status,
    exitCode: 0,
    signal: null,
    wallMs: 1,
    peakKiB: null,
    build: 'b',
    log: `logs/${key}.log`,
    files: files.map(([path, size]) => ({ path, size, mtimeMs: 1 })),
    itervars: '',
  }) + '\n';

test('fetch: the files the journal names in .runs/ linked back from the top, nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-artifact-files-'));
  for (const [f, text] of [
    ['a.vec', 'vec a'],
    ['a.vci', 'vci a'],
    ['b.vec', 'vec b'],
    ['c.vec', 'vec c, of another size'],
  ] as const)
    writeFileSync(join(dir, f), text);
  writeFileSync(join(dir, 'secret'), 'x');
  writeFileSync(
    join(dir, 'journal.jsonl'),
    record('a', 'ok', [
      ['.runs/a.sca', 5], // not at the top either: stays missing
      ['.runs/a.vec', 5],
      ['.runs/a.vci', 5],
    ]) +
      record('b', 'failed', [['.runs/b.vec', 5]]) +
      record('c', 'ok', [['.runs/c.vec', 5]]) +
      record('d', 'ok', [
        ['.runs/../secret', 1],
        ['elsewhere/a.vec', 5],
      ]),
  );
  assert.equal(relinkRunFiles(dir), 2);
  assert.equal(statSync(join(dir, '.runs', 'a.vec')).ino, statSync(join(dir, 'a.vec')).ino);
  assert.equal(readFileSync(join(dir, '.runs', 'a.vci'), 'utf8'), 'vci a');
  for (const f of ['.runs/a.sca', '.runs/b.vec', '.runs/c.vec', 'elsewhere'])
    assert.ok(!existsSync(join(dir, f)), f);
  assert.equal(relinkRunFiles(dir), 0, 'once');
  assert.equal(relinkRunFiles(mkdtempSync(join(tmpdir(), 'opp-artifact-files-'))), 0, 'no journal');
});

test("a swap sets aside only top vector files that are their content's only copy: a copy of a run file (where links cannot be made) can go, a hand-put file or one of another size is kept aside", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-artifact-aside-'));
  mkdirSync(join(dir, '.runs'));
  // a: copied, not linked (its twin in .runs/ has the same size); b: no twin; c: a twin of another size; d: linked
  writeFileSync(join(dir, '.runs', 'a.vec'), 'vec a');
  copyFileSync(join(dir, '.runs', 'a.vec'), join(dir, 'a.vec'));
  writeFileSync(join(dir, 'b.vec'), 'vec b');
  writeFileSync(join(dir, 'b.vci'), 'vci b');
  writeFileSync(join(dir, '.runs', 'c.vec'), 'vec c, longer');
  writeFileSync(join(dir, 'c.vec'), 'vec c');
  writeFileSync(join(dir, '.runs', 'd.vec'), 'vec d');
  linkSync(join(dir, '.runs', 'd.vec'), join(dir, 'd.vec'));
  const aside = unlinkedTopFiles(dir, ['a.vec', 'b.vec', 'c.vec', 'd.vec', 'gone.vec']);
  assert.deepEqual(aside.names.sort(), ['b.vec', 'c.vec']);
  // nothing moves until the swap makes its renames
  assert.ok(existsSync(join(dir, 'b.vec')) && existsSync(join(dir, 'c.vec')));
  for (const [from, to] of aside.renames)
    if (existsSync(join(dir, from))) renameSync(join(dir, from), join(dir, to));
  assert.ok(existsSync(join(dir, 'a.vec')) && existsSync(join(dir, 'd.vec')));
  assert.ok(!existsSync(join(dir, 'b.vec')) && !existsSync(join(dir, 'b.vci')));
  const asideDir = join(dir, '.opp-campaign', 'not-recorded');
  assert.equal(readFileSync(join(asideDir, 'b.vec'), 'utf8'), 'vec b');
  assert.equal(readFileSync(join(asideDir, 'b.vci'), 'utf8'), 'vci b');
  assert.equal(readFileSync(join(asideDir, 'c.vec'), 'utf8'), 'vec c');
  rmSync(dir, { recursive: true, force: true });
});
