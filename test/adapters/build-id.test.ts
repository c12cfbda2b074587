import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildId } from '../../src/adapters/build-id.js';

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
