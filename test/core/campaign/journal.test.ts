// The journal read from pieces of its text (a file a block at a time) reads as the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  JournalReader,
  badRecordWarning,
  readJournal,
  serializeRecord,
} from '../../../src/core/campaign/journal.js';
import { readJournalAt } from '../../../src/adapters/journal-file.js';
import type { RunRecord } from '../../../src/core/campaign/journal.js';

const run = (key: string, status: RunRecord['status'], message?: string): RunRecord => ({
  t: 'run',
  key,
  config: 'C',
  run: 0,
  attempt: 1,
  status,
  exitCode: status === 'ok' ? 0 : 1,
  signal: null,
  wallMs: 5,
  peakKiB: null,
  build: 'b',
  log: `logs/${key}.log`,
  files: [],
  itervars: '$x=1',
  ...(message !== undefined ? { message } : {}),
});

const TEXT =
  serializeRecord({ t: 'campaign', started: 'now', build: 'b', configs: ['C'], total: 3 }) +
  serializeRecord(run('a', 'failed', 'Überlauf – “квадрат” 🚀')) +
  '{"t":"run","key":"broken\n' + // a damaged line (line 3)
  '\n' +
  serializeRecord(run('b', 'ok')) +
  serializeRecord(run('a', 'ok')) + // a's last record wins
  '{"t":"note","x":1}\n' +
  '{"t":"run","key":"c","sta'; // torn at the end (line 8)

test('a journal read in pieces of any size is the journal read whole', () => {
  const whole = readJournal(TEXT);
  assert.deepEqual([...whole.runs.keys()], ['a', 'b']);
  assert.equal(whole.runs.get('a')?.status, 'ok');
  assert.deepEqual(whole.damagedLines, [3, 8]);
  assert.equal(whole.campaigns.length, 1);
  assert.equal(whole.campaigns[0]?.['total'], 3);
  for (const size of [1, 2, 3, 7, 64, TEXT.length]) {
    const reader = new JournalReader();
    for (let i = 0; i < TEXT.length; i += size) reader.push(TEXT.slice(i, i + size));
    assert.deepEqual(reader.end(), whole, `pieces of ${size}`);
  }
});

test('a journal file larger than a block, with characters cut by block ends, reads whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  try {
    // ~2.5 MB: three blocks; multi-byte characters everywhere, so some straddle a block's end
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++)
      lines.push(serializeRecord(run(`k${i}`, 'failed', `“${'ä€😀'.repeat(60)}” ${i}`)));
    const text = lines.join('') + TEXT;
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, text);
    const read = readJournalAt(file);
    assert.deepEqual(read, readJournal(text));
    assert.equal(read.runs.size, 6002);
    assert.equal(read.runs.get('k5999')?.message, `“${'ä€😀'.repeat(60)}” 5999`);
    assert.deepEqual(read.damagedLines, [6003, 6008]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a superseded record makes readers forget those runs, until a later record of the same key', () => {
  const text =
    serializeRecord(run('a', 'ok')) +
    serializeRecord(run('b', 'failed')) +
    serializeRecord(run('c', 'ok')) +
    serializeRecord({ t: 'superseded', keys: ['a', 'b'] }) +
    serializeRecord(run('a', 'ok', 'ran again: the ini changed back'));
  const s = readJournal(text);
  assert.deepEqual([...s.runs.keys()].sort(), ['a', 'c']);
  assert.equal(s.runs.get('a')?.message, 'ran again: the ini changed back');
  assert.deepEqual(s.damagedLines, []);
});

test('a run record with a field missing or of the wrong type is skipped and named by its line', () => {
  const required = ['key', 'config', 'status', 'build', 'log', 'files', 'itervars'];
  const optional = ['message', 'command'];
  // the numbers are facts readers show as they find them (report-hostile.test.ts)
  const lenient = ['run', 'attempt', 'exitCode', 'signal', 'wallMs', 'peakKiB'];
  const mutations: Array<[string, unknown]> = [
    ['(deleted)', undefined],
    ['null', null],
    ['a number', 3],
    ['an object', { path: 'x' }],
    ['a list', []],
    ['a boolean', true],
  ];
  let text = serializeRecord(run('good', 'ok'));
  const expected: Array<{ line: number; field: string }> = [];
  let kept = 1;
  for (const field of [...required, ...optional, ...lenient])
    for (const [what, value] of mutations) {
      const rec: Record<string, unknown> = { ...run(`k-${field}-${what}`, 'failed'), message: 'm' };
      rec['command'] = 'c';
      if (what === '(deleted)') delete rec[field];
      else rec[field] = value;
      // a list of no files is a list of files; an optional field may be left out
      const fine =
        lenient.includes(field) ||
        (field === 'files' && what === 'a list') ||
        (optional.includes(field) && what === '(deleted)');
      if (fine) kept++;
      else expected.push({ line: text.split('\n').length, field });
      text += serializeRecord(rec as unknown as RunRecord);
    }
  // a file entry of the wrong shape
  text += JSON.stringify({ ...run('k-file', 'ok'), files: [{ path: 3, size: 1, mtimeMs: 1 }] });
  text += '\n';
  expected.push({ line: text.split('\n').length - 1, field: 'files[0]' });
  const s = readJournal(text);
  assert.equal(s.runs.size, kept);
  assert.deepEqual(s.damagedLines, []);
  assert.deepEqual(
    s.badRecords.map((b) => ({ line: b.line, field: b.problem.split(' ')[0] })),
    expected,
  );
  const files = s.badRecords.filter((b) => b.problem.startsWith('files'));
  assert.deepEqual(
    files.map((b) => b.problem),
    [
      'files is missing',
      'files is not a list',
      'files is not a list',
      'files is not a list',
      'files is not a list',
      'files[0] is not {path, size, mtimeMs}',
    ],
  );
  assert.equal(
    badRecordWarning('results/journal.jsonl', { line: 7, problem: 'files is not a list' }),
    'results/journal.jsonl:7: bad run record (files is not a list), skipped',
  );
});

test('a bad run record leaves the earlier record of its key as it was', () => {
  const text =
    serializeRecord(run('a', 'ok')) + JSON.stringify({ ...run('a', 'failed'), log: null }) + '\n';
  const s = readJournal(text);
  assert.equal(s.runs.get('a')?.status, 'ok');
  assert.deepEqual(s.badRecords, [{ line: 2, problem: 'log is not a string' }]);
});

test('a run record whose status no run ends with is a bad record: its status is quoted, on one line', () => {
  const hostile = 'failed <img src="https://evil.example/t.png"> @octocat <!--';
  const text =
    serializeRecord(run('a', 'ok')) +
    JSON.stringify({ ...run('a', 'failed'), status: hostile }) +
    '\n' +
    JSON.stringify({ ...run('b', 'failed'), status: 'failed\n## Campaign complete' }) +
    '\n' +
    serializeRecord(run('c', 'timeout'));
  const s = readJournal(text);
  assert.equal(s.runs.get('a')?.status, 'ok');
  assert.equal(s.runs.has('b'), false);
  assert.equal(s.runs.get('c')?.status, 'timeout');
  assert.deepEqual(s.badRecords, [
    { line: 2, problem: 'status "failed <img src=\\"https://evil.example/t.…" is unknown' },
    { line: 3, problem: 'status "failed\\n## Campaign complete" is unknown' },
  ]);
  assert.doesNotMatch(badRecordWarning('journal.jsonl', s.badRecords[1]!), /\n/);
});
