// A results folder of an earlier version (per-run files in runs/, the journal naming them there)
// is moved to today's layout (.runs/) once, with its journal's paths; anything else is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adoptLegacyLayout,
  currentJournalLine,
} from '../../../src/adapters/results/legacy-layout.js';
import { currentRunPath } from '../../../src/core/campaign/layout.js';

const record = (paths: string[]) =>
  JSON.stringify({
    t: 'run',
    key: 'k',
    status: 'ok',
    files: paths.map((path) => ({ path, size: 3, mtimeMs: 1.5 })),
  });

test('a journal path in runs/ becomes one in .runs/; others stay', () => {
  assert.equal(currentRunPath('runs/a.sca'), '.runs/a.sca');
  assert.equal(currentRunPath('runs/sub/a.vec'), '.runs/sub/a.vec');
  assert.equal(currentRunPath('.runs/a.sca'), '.runs/a.sca');
  assert.equal(currentRunPath('logs/runs/a.log'), 'logs/runs/a.log');
  assert.equal(currentRunPath('runsx/a.sca'), 'runsx/a.sca');
});

test('journal lines: run records rewritten, torn and other lines kept as they are', () => {
  assert.equal(
    currentJournalLine(record(['runs/a.sca', 'runs/a.vec'])),
    record(['.runs/a.sca', '.runs/a.vec']),
  );
  const torn = '{"t":"run","files":[{"path":"runs/a.sca"';
  assert.equal(currentJournalLine(torn), torn);
  const campaign = '{"t":"campaign","note":"runs/ named in passing"}';
  assert.equal(currentJournalLine(campaign), campaign);
  assert.equal(currentJournalLine(''), '');
});

function legacyFolder(): string {
  const out = mkdtempSync(join(tmpdir(), 'opp-legacy-'));
  mkdirSync(join(out, 'runs'));
  writeFileSync(join(out, 'runs', 'a.sca'), 'sca');
  writeFileSync(join(out, 'journal.jsonl'), `${record(['runs/a.sca'])}\n{"t":"run","fi\n`);
  return out;
}

test("an earlier version's folder: runs/ moved to .runs/ (times kept), the journal rewritten", () => {
  const out = legacyFolder();
  const before = statSync(join(out, 'runs', 'a.sca')).mtimeMs;
  assert.equal(adoptLegacyLayout(out), true);
  assert.ok(!existsSync(join(out, 'runs')));
  assert.equal(statSync(join(out, '.runs', 'a.sca')).mtimeMs, before);
  assert.equal(
    readFileSync(join(out, 'journal.jsonl'), 'utf8'),
    `${record(['.runs/a.sca'])}\n{"t":"run","fi\n`,
  );
  assert.equal(adoptLegacyLayout(out), false, 'once');
});

test('left alone: no journal, a .runs/ already there, runs/ a file', () => {
  const noJournal = mkdtempSync(join(tmpdir(), 'opp-legacy-'));
  mkdirSync(join(noJournal, 'runs'));
  assert.equal(adoptLegacyLayout(noJournal), false);
  assert.ok(existsSync(join(noJournal, 'runs')));

  const both = legacyFolder();
  mkdirSync(join(both, '.runs'));
  assert.equal(adoptLegacyLayout(both), false);
  assert.ok(existsSync(join(both, 'runs', 'a.sca')));
  assert.match(readFileSync(join(both, 'journal.jsonl'), 'utf8'), /"path":"runs\/a.sca"/);

  const file = mkdtempSync(join(tmpdir(), 'opp-legacy-'));
  writeFileSync(join(file, 'runs'), 'not a folder');
  writeFileSync(join(file, 'journal.jsonl'), '');
  assert.equal(adoptLegacyLayout(file), false);

  assert.equal(adoptLegacyLayout(join(file, 'missing')), false);
});
