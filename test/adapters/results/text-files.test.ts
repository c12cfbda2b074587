import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLineBatchesSync } from '../../../src/adapters/results/text-files.js';
import { readTextHeader } from '../../../src/adapters/results/merge-inputs.js';

const FIX = join(import.meta.dirname, '../../fixtures/results/text');

test('readLineBatchesSync: growing chunks from a small first read give the same lines and offsets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-lines-'));
  try {
    // lines of many lengths, \r\n and \r among them, and a last line with no end
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push('x'.repeat(i % 97) + (i % 7 === 0 ? '\r\n' : '\n'));
    const file = join(dir, 'lines.txt');
    writeFileSync(file, parts.join('') + 'last');
    const lines = (first?: number) =>
      [...readLineBatchesSync(file, first)]
        .flat()
        .map((l) => [l.text, l.lineNo, l.offset, l.terminated]);
    const whole = lines();
    assert.equal(whole.length, 3001);
    for (const first of [1, 7, 4096]) assert.deepEqual(lines(first), whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readTextHeader of a .vec larger than its first reads gives the run header its .sca has', async () => {
  const run = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
  const vec = await readTextHeader(join(FIX, `${run}.vec`));
  const sca = await readTextHeader(join(FIX, `${run}.sca`));
  assert.equal(vec.runName, sca.runName);
  assert.deepEqual([...vec.attributes], [...sca.attributes]);
  assert.deepEqual([...vec.itervars], [...sca.itervars]);
  assert.ok(readFileSync(join(FIX, `${run}.vec`)).length > 4096 * 4);
});
