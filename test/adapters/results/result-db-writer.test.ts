// Text records go into an SQLite result file in multi-row inserts with ids the writer counts
// itself: every attribute and histogram bin must still belong to its own item, whatever else the
// file had or got in between (runs copied from another SQLite file, an input taken back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResults } from '../../../src/adapters/results/index.js';
import { addTextScalarFile } from '../../../src/adapters/results/merge-files.js';
import { ResultDbWriter } from '../../../src/adapters/results/result-db-writer.js';
import { openDatabase } from '../../../src/adapters/results/sqlite-api.js';
import type { ResultItem, ResultSet } from '../../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';

/** Each run's items as text: type, module, name, value and attributes, and a histogram's bins. */
function items(set: ResultSet): string[] {
  const line = (i: ResultItem): string =>
    JSON.stringify([
      i.type,
      i.module,
      i.name,
      'value' in i ? i.value : undefined,
      [...i.attributes],
      'histogram' in i ? i.histogram : undefined,
      'statistics' in i ? i.statistics.count : undefined,
    ]);
  return set.runs
    .flatMap((r) =>
      (['scalar', 'parameter', 'statistic', 'histogram'] as const).flatMap((t) =>
        set.itemsOfRun(r.runName, t).map((i) => `${r.runName} ${line(i)}`),
      ),
    )
    .sort();
}

test('records added around a copy from another SQLite file and an input taken back keep their own attributes and bins', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-writer-'));
  const text1 = join(FIX, 'text', 'SlottedAloha2-#0.sca');
  const text2 = join(FIX, 'text', 'PureAlohaExperiment-numHosts=10,iaMean=2-#1.sca');
  const sqlite = join(FIX, 'sqlite', `${RUN2}.sca`);
  // the first file again as another run
  const text3 = join(dir, 'again.sca');
  writeFileSync(text3, readFileSync(text1, 'utf8').replace(/^run (\S+)/m, 'run $1-again'));
  // a run whose first thousands of items go in before its last line fails: none may stay
  const bad = join(dir, 'bad.sca');
  const many = Array.from({ length: 5000 }, (_, i) => `par Net.m${i} x ${i}\nattr unit m\n`);
  writeFileSync(bad, `version 3\nrun Bad-0\nattr configname Bad\n${many.join('')}scalar a b\n`);
  const out = join(dir, 'out.sca');
  const w = ResultDbWriter.open(out, true);
  await w.transactionAsync(() => addTextScalarFile(w, text1, 'all'));
  const copied = (await loadResults([sqlite])).results.runs.map((r) => r.runName);
  w.copyFromSqlite(sqlite, copied, 'scalar');
  await w.transactionAsync(() => addTextScalarFile(w, text2, 'all'));
  await assert.rejects(w.transactionAsync(() => addTextScalarFile(w, bad, 'all')));
  await w.transactionAsync(() => addTextScalarFile(w, text3, 'all'));
  w.close('scalar');

  const written = await loadResults([out]);
  const inputs = await loadResults([text1, sqlite, text2, text3]);
  assert.equal(written.results.runs.length, 4);
  assert.deepEqual(items(written.results), items(inputs.results));

  // every child row belongs to an item, and the sequences are past every id
  const db = openDatabase(out, 'read');
  try {
    for (const [child, parent, id] of [
      ['scalarAttr', 'scalar', 'scalarId'],
      ['paramAttr', 'parameter', 'paramId'],
      ['statisticAttr', 'statistic', 'statId'],
      ['histogramBin', 'statistic', 'statId'],
    ] as const)
      assert.equal(
        db
          .prepare(
            `SELECT COUNT(*) FROM ${child} WHERE ${id} NOT IN (SELECT ${id} FROM ${parent});`,
          )
          .pluck()
          .get(),
        0,
        child,
      );
    for (const [table, id] of [
      ['scalar', 'scalarId'],
      ['parameter', 'paramId'],
      ['statistic', 'statId'],
    ] as const)
      assert.equal(
        db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = '${table}';`).pluck().get(),
        db.prepare(`SELECT MAX(${id}) FROM ${table};`).pluck().get(),
        table,
      );
  } finally {
    db.close();
  }
});

test('held inputs are savepoints of one transaction: a bad one is taken back alone; the rest is there once released, and on close', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-writer-'));
  const text1 = join(FIX, 'text', 'SlottedAloha2-#0.sca');
  const text2 = join(FIX, 'text', 'PureAlohaExperiment-numHosts=10,iaMean=2-#1.sca');
  const bad = join(dir, 'bad.sca');
  const many = Array.from({ length: 5000 }, (_, i) => `par Net.m${i} x ${i}\nattr unit m\n`);
  writeFileSync(bad, `version 3\nrun Bad-0\nattr configname Bad\n${many.join('')}scalar a b\n`);
  const out = join(dir, 'out.sca');
  const w = ResultDbWriter.open(out, true);
  w.lockExclusively();
  w.hold();
  await w.transactionAsync(() => addTextScalarFile(w, text1, 'all'));
  await assert.rejects(w.transactionAsync(() => addTextScalarFile(w, bad, 'all')));
  w.release();
  w.hold();
  await w.transactionAsync(() => addTextScalarFile(w, text2, 'all'));
  w.close('scalar');
  const written = await loadResults([out]);
  const inputs = await loadResults([text1, text2]);
  assert.deepEqual(
    written.results.runs.map((r) => r.runName),
    inputs.results.runs.map((r) => r.runName),
  );
  assert.deepEqual(items(written.results), items(inputs.results));
  // the run's attributes, iteration variables and config entries (inserted in batches) too
  const db = openDatabase(out, 'read');
  try {
    const count = (t: string): unknown => db.prepare(`SELECT COUNT(*) FROM ${t};`).pluck().get();
    const inRuns = inputs.results.runs;
    assert.equal(
      count('runAttr'),
      inRuns.reduce((n, r) => n + r.attributes.size, 0),
    );
    assert.equal(
      count('runConfig'),
      inRuns.reduce((n, r) => n + r.configEntries.length, 0),
    );
    assert.equal(
      count('runItervar'),
      inRuns.reduce((n, r) => n + r.itervars.size, 0),
    );
  } finally {
    db.close();
  }
});
