// The spool holds a command's output until it is complete: in memory while small, then in an
// unlinked temporary file; what comes out is byte for byte what went in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool } from '../../src/adapters/spool.js';

// the spools of this file's tests go to a temporary folder of its own: test files run two at
// once, and another one's spool may come and go in the system's meanwhile
process.env['TMPDIR'] = mkdtempSync(join(tmpdir(), 'opp-spool-test-'));

const spools = (): string[] =>
  readdirSync(tmpdir()).filter((f) => f.startsWith('opp-campaign-spool-'));

test('small output stays in memory', () => {
  const s = new Spool();
  s.write('{"a":');
  s.write('1}\n');
  assert.deepEqual(
    [...s.chunks()].map((c) => c.toString()),
    ['{"a":1}\n'],
  );
  s.close();
});

test('large output goes through a file that leaves nothing behind', () => {
  const before = spools();
  const s = new Spool(1000);
  const parts: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    const line = `{"run":${i},"text":"ä€😀 ${'x'.repeat(i % 97)}"}\n`;
    parts.push(line);
    s.write(line);
  }
  assert.deepEqual(spools(), before, 'the temporary file is unlinked while open');
  const out = Buffer.concat([...s.chunks()]);
  assert.ok(out.equals(Buffer.from(parts.join(''), 'utf8')));
  s.close();
  assert.deepEqual(spools(), before);
});
