// The one-run path of staging (addOneRunScalarFile) must add exactly what addTextScalarFile
// adds, and make the run's part of scalars.csv exactly as storedRunCsv makes it from the
// records; any file it does not take is left whole to addTextScalarFile, with nothing added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addOneRunScalarFile,
  addTextScalarFile,
} from '../../../src/adapters/results/merge-files.js';
import { ResultDbWriter } from '../../../src/adapters/results/result-db-writer.js';
import { openDatabase } from '../../../src/adapters/results/sqlite-api.js';
import {
  storedRunCsv,
  type ResultItem,
  type RunCsv,
  type RunInfo,
} from '../../../src/core/results/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opp-one-run-'));
const TABLES = [
  'run',
  'runAttr',
  'runItervar',
  'runConfig',
  'scalar',
  'scalarAttr',
  'parameter',
  'paramAttr',
  'statistic',
  'statisticAttr',
  'histogramBin',
];

/** Every row of every table, in rowid order (NaN and -0 as SQLite keeps them). */
function dump(db: string): string {
  const d = openDatabase(db, 'read');
  try {
    return TABLES.map(
      (t) => `${t}: ${JSON.stringify(d.prepare(`SELECT * FROM ${t} ORDER BY rowid;`).all())}`,
    ).join('\n');
  } finally {
    d.close();
  }
}

interface Added {
  readonly runs: readonly RunInfo[];
  readonly csv: RunCsv | undefined;
  readonly rows: string;
}

/** What staging does with `file` the general way: addTextScalarFile, storedRunCsv of its items. */
async function general(file: string): Promise<Added> {
  const db = join(tmp(), 'general.sca');
  const w = ResultDbWriter.open(db, true);
  const items: ResultItem[] = [];
  const runs = await w.transactionAsync(() =>
    addTextScalarFile(w, file, 'all', (i) => items.push(i)),
  );
  w.close('scalar');
  const run = runs[0];
  return {
    runs,
    csv: runs.length === 1 && run ? storedRunCsv(run, items) : undefined,
    rows: dump(db),
  };
}

/** The one-run path, into a file that has a run already (ids go on from there). */
function oneRun(file: string, before?: string): Added | undefined {
  const db = join(tmp(), 'one.sca');
  const w = ResultDbWriter.open(db, true);
  const r = addOneRunScalarFile(w, file);
  w.close('scalar');
  if (before !== undefined) assert.equal(dump(db), before, 'nothing added');
  assert.notEqual(r, 'sqlite', file);
  return r === 'sqlite' ? undefined : r && { runs: [r.run], csv: r.csv, rows: dump(db) };
}

const EMPTY = (() => {
  const db = join(tmp(), 'empty.sca');
  ResultDbWriter.open(db, true).close('scalar');
  return dump(db);
})();

async function assertSame(file: string): Promise<void> {
  const fast = oneRun(file);
  assert.ok(fast, `${file} taken by the one-run path`);
  const slow = await general(file);
  assert.deepEqual(fast.runs, slow.runs, file);
  assert.deepEqual(fast.csv, slow.csv, file);
  assert.equal(fast.rows, slow.rows, file);
}

const FIXTURES = [
  join(import.meta.dirname, '../../fixtures/results/text'),
  join(import.meta.dirname, '../../fixtures/omnetpp-6.1/results/text'),
  // OMNeT++'s own files, where this machine has them (not in a fresh clone)
  join(import.meta.dirname, '../../../../shared/omnetpp-6.1/results/text'),
];

test('OMNeT++ scalar files: the same rows, run header and scalars.csv part as the general way', async () => {
  let n = 0;
  for (const dir of FIXTURES.filter((d) => existsSync(d)))
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.sca'))) {
      await assertSame(join(dir, f));
      n++;
    }
  assert.ok(n >= 4, `${n} files`);
});

const HEAD =
  'version 3\nrun Edge-0-20240101-10:00:00-1\nattr configname Edge\nattr runnumber 0\n' +
  'attr iterationvars "$x=0, $y=\\"a b\\""\nitervar x 0\nitervar y "\\"a b\\""\n' +
  'config network Net\nconfig **.x 0\nconfig description "a, \\"quoted\\" one"\n\n';

test('corners: quotes and escapes, tabs, commas, comments, empty lines, attributes out of order or twice, NaN, -0, infinities, statistics between parameters', async () => {
  const dir = tmp();
  const files: Record<string, string> = {
    edge:
      HEAD +
      'par net.host p 5\nattr unit s\nattr mutable true\n' +
      'par net.host "q r" "\\"x, y\\""\n# a comment\n\nattr unit "m,s"\n' +
      'par\tnet.host[0]   t  1e-3s\nattr b 1\nattr a 2\nattr b 3\n' +
      'scalar net.host nanv nan\nscalar net.host negz -0\nattr unit m\nattr title "minus zero"\n' +
      'scalar net.host pinf inf\nscalar net.host ninf -inf\nscalar net.host big 1.23456789012345678e300\n' +
      'statistic net.host empty\nfield count 0\nfield mean nan\nfield min nan\nfield max nan\n' +
      'field sum 0\nfield sqrsum 0\n' +
      'par net.host between 1\n' +
      'statistic net.host hist\nfield count 4\nfield mean 1.5\nfield min 0\nfield max 3\n' +
      'field sum 6\nfield sqrsum 14\nattr unit s\nbin -inf 0\nbin 0 1\nbin 1 2\nbin 2 1\nbin 3 0\n' +
      'statistic net.host weighted\nfield count 3\nfield min -0\nfield max 2\nfield weights 2.5\n' +
      'field weightedSum 3\nfield sqrSumWeights 2.25\nfield weightedSqrSum 4.5\nattr unit s\n' +
      'scalar net.host last 2\n',
    // only statistics, only parameters, nothing but the header
    stats:
      HEAD +
      'statistic a b\nfield count 1\nfield min 1\nfield max 1\nfield sum 1\nfield sqrsum 1\n',
    params: HEAD + 'par a b c\n',
    header: HEAD,
    // OMNeT++ before 5.1: iteration variables as run attributes only
    version2: 'version 2\nrun Old-1\nattr iterationvars "$x=3"\nattr x 3\nscalar a b 1\n',
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.sca`), text);
    await assertSame(join(dir, `${name}.sca`));
  }
});

test('files it does not take are left to the general way, with nothing added', () => {
  const dir = tmp();
  const files: Record<string, string> = {
    twoRuns: `${HEAD}scalar a b 1\nrun Second-1\nscalar a b 2\n`,
    crlf: `${HEAD}scalar a b 1\r\n`,
    bom: `\uFEFF${HEAD}scalar a b 1\n`,
    unterminated: `${HEAD}scalar a b 1`,
    vector: `${HEAD}vector 0 a b ETV\n`,
    badValue: `${HEAD}scalar a b x\n`,
    strayField: `${HEAD}scalar a b 1\nfield count 1\n`,
    configLate: `${HEAD}scalar a b 1\nconfig k v\n`,
    noRun: 'version 3\nscalar a b 1\n',
    badBins: `${HEAD}statistic a b\nfield count 1\nbin -inf 0\n`,
    unmatchedQuote: `${HEAD}par a b "c\n`,
    empty: '',
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.sca`), text);
    assert.equal(oneRun(join(dir, `${name}.sca`), EMPTY), undefined, name);
  }
  assert.equal(oneRun(join(dir, 'missing.sca'), EMPTY), undefined);
  // over 4 MiB: not read here (a comment line makes it long)
  const long = join(dir, 'long.sca');
  writeFileSync(long, `${HEAD}scalar a b 1\n#${'x'.repeat(4 << 20)}\n`);
  assert.equal(oneRun(long, EMPTY), undefined);
});

test('an SQLite file is said to be one, with nothing added', () => {
  const db = join(tmp(), 'sqlite.sca');
  ResultDbWriter.open(db, true).close('scalar');
  const w = ResultDbWriter.open(join(tmp(), 'out.sca'), true);
  assert.equal(addOneRunScalarFile(w, db), 'sqlite');
  w.close('scalar');
  // shorter than an SQLite header: text (and not a .sca of one run)
  const short = join(tmp(), 'short.sca');
  writeFileSync(short, 'SQLite format 3\u0000');
  assert.equal(oneRun(short, EMPTY), undefined);
});

test('ids go on from the runs the file has already', async () => {
  const file = join(tmp(), 'a.sca');
  writeFileSync(file, `${HEAD}par a b 1\nattr unit s\nscalar a c 2\nattr unit m\n`);
  const db = join(tmp(), 'both.sca');
  const w = ResultDbWriter.open(db, true);
  await w.transactionAsync(() => addTextScalarFile(w, file, 'all'));
  const second = file.replace('a.sca', 'b.sca');
  writeFileSync(second, `${HEAD.replace('Edge-0-', 'Edge-1-')}par a b 3\nattr unit s\n`);
  assert.ok(addOneRunScalarFile(w, second));
  w.close('scalar');
  const d = openDatabase(db, 'read');
  try {
    const rows = (sql: string): unknown[] =>
      d
        .prepare(sql)
        .all()
        .map((r) => ({ ...(r as object) }));
    assert.deepEqual(rows('SELECT paramId, runId, paramValue FROM parameter;'), [
      { paramId: 1, runId: 1, paramValue: '1' },
      { paramId: 2, runId: 2, paramValue: '3' },
    ]);
    assert.deepEqual(rows('SELECT paramId, attrValue FROM paramAttr;'), [
      { paramId: 1, attrValue: 's' },
      { paramId: 2, attrValue: 's' },
    ]);
  } finally {
    d.close();
  }
});
