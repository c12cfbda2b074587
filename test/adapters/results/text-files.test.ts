import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextLinesSync } from '../../../src/adapters/results/text-files.js';
import { LineSplitter } from '../../../src/core/results/index.js';
import { readTextHeader } from '../../../src/adapters/results/merge-inputs.js';

const FIX = join(import.meta.dirname, '../../fixtures/results/text');

test('readTextLinesSync: growing chunks from a small first read give the lines LineSplitter gives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-lines-'));
  try {
    // lines of many lengths, \r\n and lone \r among them (some at a chunk's end), characters of
    // two to four bytes (some cut by a chunk's end), an empty line, and a last line with no end
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++)
      parts.push(
        'x'.repeat(i % 97) +
          (i % 5 === 0 ? 'é€😀' : '') +
          (i % 7 === 0 ? '\r\n' : i % 11 === 0 ? '\r' : i % 13 === 0 ? '\n\n' : '\n'),
      );
    const file = join(dir, 'lines.txt');
    // a byte-order mark first: kept, as LineSplitter keeps it
    const bytes = Buffer.from('\uFEFF' + parts.join('') + 'last é');
    writeFileSync(file, bytes);
    const splitter = new LineSplitter();
    const reference = [...splitter.push(bytes), ...splitter.end()].map((l) => [
      l.text,
      l.terminated,
    ]);
    assert.ok(reference.length > 3000);
    const lines = (first?: number) =>
      [...readTextLinesSync(file, first)].flatMap((b) =>
        b.lines.map((l, i) => [l, !(b.unterminated && i === b.lines.length - 1)]),
      );
    for (const first of [undefined, 1, 7, 4096]) assert.deepEqual(lines(first), reference);
    // a file that ends with its terminator has no unterminated line
    writeFileSync(file, 'a\r\nb\r');
    assert.deepEqual(lines(1), [
      ['a', true],
      ['b', true],
    ]);
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
