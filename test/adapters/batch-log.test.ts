// A batch's output: run marks found while it grows (lines split across polls, chunks and a line
// longer than a mark can be), and each run's own log cut from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchLogScanner, peakSoFar } from '../../src/adapters/batch-log.js';

const mark = (n: number): string => `Preparing for running configuration C, run #${n}...\n`;

test('marks are found as the output grows, a line split between two polls included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-batchlog-'));
  try {
    const log = join(dir, 'batch.log');
    const s = new BatchLogScanner(log, 'C');
    assert.deepEqual(s.poll(), []); // no file yet
    writeFileSync(log, 'banner\n\n' + mark(3) + 'out 3\n\nPreparing for running conf');
    assert.deepEqual(s.poll(), [{ runNumber: 3, offset: 8 }]);
    const at = readFileSync(log).length - 'Preparing for running conf'.length;
    appendFileSync(log, 'iguration C, run #4...\nout 4\n');
    assert.deepEqual(s.poll(), [{ runNumber: 4, offset: at }]);
    // a line of 3 MiB (no mark, however it starts) and a mark after it
    appendFileSync(log, 'Preparing for running configuration C, run #9' + 'x'.repeat(3 << 20));
    assert.deepEqual(s.poll(), []);
    appendFileSync(log, '\n' + mark(5));
    const five = readFileSync(log).length - mark(5).length;
    // silent (-s) marks; a mark-like line inside a line is not one
    appendFileSync(log, 'C run 6: $x=1, $repetition=0\nsaid: ' + mark(7));
    const six = five + mark(5).length;
    assert.deepEqual(s.poll(), [
      { runNumber: 5, offset: five },
      { runNumber: 6, offset: six },
    ]);
    assert.deepEqual(
      s.marks.map((m) => m.runNumber),
      [3, 4, 5, 6],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each run’s log: the lines before the first run, then its own part', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-batchlog-'));
  try {
    const log = join(dir, 'batch.log');
    const big = 'y'.repeat(1.5 * (1 << 20)) + '\n'; // over one copy chunk
    writeFileSync(log, 'banner\n' + mark(1) + 'one\n' + mark(2) + big + 'End.\n');
    const s = new BatchLogScanner(log, 'C');
    s.poll();
    const [one, two] = s.marks;
    assert.ok(one && two);
    s.writeRunLog(one.offset, one.offset, two.offset, join(dir, '1.log'));
    s.writeRunLog(one.offset, two.offset, undefined, join(dir, '2.log'));
    assert.equal(readFileSync(join(dir, '1.log'), 'utf8'), 'banner\n' + mark(1) + 'one\n');
    assert.equal(readFileSync(join(dir, '2.log'), 'utf8'), 'banner\n' + mark(2) + big + 'End.\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the scanner cuts each run’s log from its open output, opened again after close', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-batchlog-'));
  try {
    const log = join(dir, 'batch.log');
    const banner = 'banner é\n'.repeat(20); // 220 bytes, a two-byte character in each line
    const two = 'two '.repeat(100) + '\n';
    writeFileSync(log, banner + mark(1) + 'one\n' + mark(2) + two);
    const s = new BatchLogScanner(log, 'C');
    s.poll();
    const [m1, m2] = s.marks;
    assert.ok(m1 && m2);
    s.writeRunLog(m1.offset, m1.offset, m2.offset, join(dir, '1.log'));
    s.writeRunLog(m1.offset, m2.offset, undefined, join(dir, '2.log'));
    assert.equal(readFileSync(join(dir, '1.log'), 'utf8'), banner + mark(1) + 'one\n');
    assert.equal(readFileSync(join(dir, '2.log'), 'utf8'), banner + mark(2) + two);
    // closed, the output is opened again when needed
    s.close();
    appendFileSync(log, mark(3));
    assert.deepEqual(
      s.poll().map((m) => m.runNumber),
      [3],
    );
    s.close();
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a running process’s peak memory so far; none for a process that is not there', () => {
  const peak = peakSoFar(process.pid);
  assert.ok(peak !== undefined && peak > 1000, String(peak));
  assert.equal(peakSoFar(undefined), undefined);
  assert.equal(peakSoFar(2 ** 22 + 12345), undefined);
});
