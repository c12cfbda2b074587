import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildId, modelFilesStamp } from '../../src/adapters/build-id.js';

test('the build id follows the bytes of the program and of `-l` libraries (libNAME.so)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-buildid-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v1');
  const run = { preset: 'omnetpp' as const, libraries: ['src/model'], nedPath: [], args: [] };
  const first = buildId(dir, run);
  assert.equal(buildId(dir, run), first, 'stable');
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v2');
  assert.notEqual(buildId(dir, run), first, 'a rebuilt library is another build');
});

test("the model files' stamp changes when a build rewrites or replaces one, not otherwise", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-stamp-'));
  const run = {
    preset: 'omnetpp' as const,
    program: './model',
    libraries: ['src/model'],
    nedPath: [],
    args: [],
  };
  assert.equal(modelFilesStamp(dir, run), undefined, 'nothing built yet');
  writeFileSync(join(dir, 'model'), 'v1');
  assert.equal(modelFilesStamp(dir, run), undefined, 'a library is still missing');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v1');
  const first = modelFilesStamp(dir, run);
  assert.match(first ?? '', /^\.\/model:2:.*\nsrc\/libmodel\.so:2:/);
  assert.equal(modelFilesStamp(dir, run), first, 'unchanged');
  // the same size and a time set back: the inode still tells a replaced file apart
  const { mtime } = statSync(join(dir, 'model'));
  writeFileSync(join(dir, 'model.new'), 'v2');
  renameSync(join(dir, 'model.new'), join(dir, 'model'));
  utimesSync(join(dir, 'model'), mtime, mtime);
  assert.notEqual(modelFilesStamp(dir, run), first, 'replaced');
  const second = modelFilesStamp(dir, run);
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v22');
  assert.notEqual(modelFilesStamp(dir, run), second, 'rewritten');
  assert.equal(modelFilesStamp(dir, { preset: 'command', command: './model' }), undefined);
});
