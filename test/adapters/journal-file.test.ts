// The journal file: every record appended is there after close, and close does not wait out
// the pause between two background flushes (the campaign's merge waits for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../src/adapters/journal-file.js';
import type { JournalRecord } from '../../src/core/campaign/journal.js';

const campaign = (n: number): JournalRecord => ({
  t: 'campaign',
  started: `2026-12-03T00:00:0${n}Z`,
  build: 'b',
  configs: ['General'],
  total: n,
});

test('close flushes what is left and does not wait out the pause between flushes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-journal-'));
  try {
    const j = new JournalFile(join(dir, 'journal.jsonl'));
    j.append(campaign(1));
    // the first flush is done and its pause (a timer) has begun; a record comes in meanwhile
    const state = j as unknown as { gap: unknown; flushing: unknown };
    for (let i = 0; state.gap === undefined; i++) {
      assert.ok(i < 5000, 'the first flush never ended');
      await new Promise((r) => setTimeout(r, 1));
    }
    j.append(campaign(2));
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    await j.close();
    assert.equal(timerFired, false, 'close waited for a timer');
    assert.equal(state.gap, undefined);
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    assert.deepEqual(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { total: number }).total),
      [1, 2],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
