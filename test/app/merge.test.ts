// Merging real result files (the OMNeT++ 6.1 fixtures, text and SQLite) into real SQLite files,
// read back with the SQLite reader and checked against opp_scavetool's own exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadResults } from '../../src/adapters/results/index.js';
import { openDatabase, type Database } from '../../src/adapters/results/sqlite-api.js';
import { mergeResults, type MergeReport } from '../../src/app/merge.js';
import { mergeSummary } from '../../src/cli/merge-command.js';
import { ResultDbWriter } from '../../src/adapters/results/result-db-writer.js';
import { contentListing } from '../helpers/content-listing.js';
import { runCli } from '../helpers/cli.js';
import {
  SQLITE_RESULT_SCHEMA,
  exportCsvRecords,
  sortRunsForOutput,
} from '../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../fixtures/results');
const SHARED = '/work/shared/omnetpp-6.1/results';
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `opp-merge-${name}-`));

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

/** CSV-R of result files/folders, runs sorted as merges sort them. */
async function csvOf(paths: string[]): Promise<string> {
  const { results, data } = await loadResults(paths);
  const runOrder = sortRunsForOutput([...results.runs]).map((r) => r.runName);
  return text(exportCsvRecords(results, data, { runOrder }));
}

/**
 * The documented difference: loaded together, results.sca and results.vec each contribute a
 * run's config entries (as OMNeT++'s own SQLite files do), so they can appear twice in a row.
 */
function collapseConfig(lines: string[]): string[] {
  const config = lines.filter((l) => /^[^,]*,config,/.test(l));
  const half = config.slice(0, config.length / 2);
  if (config.length % 2 !== 0 || half.join('\n') !== config.slice(half.length).join('\n'))
    return lines;
  let seen = 0;
  return lines.filter((l) => !/^[^,]*,config,/.test(l) || seen++ < half.length);
}

/** Run id -> its lines (config rows collapsed), and the header. */
function byRun(csv: string): Map<string, string[]> {
  const runs = new Map<string, string[]>();
  const [header = '', ...rest] = csv.split('\n');
  runs.set('(header)', [header]);
  for (const l of rest) {
    if (l === '') continue;
    const run = l.slice(0, l.indexOf(','));
    runs.set(run, [...(runs.get(run) ?? []), l]);
  }
  for (const [k, v] of runs) runs.set(k, collapseConfig(v));
  return runs;
}

const read = (dir: string, f: string): Buffer => readFileSync(join(dir, f));
const OUTPUTS = ['results.sca', 'scalars.csv', 'runs.csv'];
/** The vector files of a merged folder (and their indexes): name -> contents. */
const vectorFiles = (dir: string): Map<string, Buffer> =>
  new Map(
    readdirSync(dir)
      .filter((f) => /\.(vec|vci)$/.test(f))
      .map((f) => [f, read(dir, f)]),
  );

/** A copy of the fixtures (text and SQLite), so tests may add files next to them. */
function fixtures(): { dir: string; text: string; sqlite: string } {
  const dir = tmp('in');
  cpSync(FIX, dir, { recursive: true, filter: (src) => !src.includes('expected') });
  return { dir, text: join(dir, 'text'), sqlite: join(dir, 'sqlite') };
}

async function checkAgainstScavetool(
  root: string,
  expectedDir: string,
  vectors: 'files' | 'sqlite',
): Promise<MergeReport> {
  const out = join(tmp('out'), 'merged');
  const report = await mergeResults({
    inputs: [join(root, 'text'), join(root, 'sqlite')],
    outDir: out,
    vectors,
  });
  assert.deepEqual(report.bad, []);
  const merged = byRun(await csvOf([out]));
  const scalars = byRun(readFileSync(join(out, 'scalars.csv'), 'utf8'));
  for (const [file, got] of [
    ['all-text.csv', merged],
    ['all-sqlite.csv', merged],
    ['scalars-text.csv', scalars],
  ] as const) {
    const expected = byRun(readFileSync(join(expectedDir, file), 'utf8'));
    for (const [run, lines] of expected)
      assert.deepEqual(got.get(run), lines, `${file}: ${run === '(header)' ? 'header' : run}`);
  }
  return report;
}

for (const vectors of ['files', 'sqlite'] as const) {
  test(`merged files hold what opp_scavetool exports from the inputs, text and SQLite alike (vectors: ${vectors})`, async () => {
    const report = await checkAgainstScavetool(FIX, join(FIX, 'expected'), vectors);
    assert.deepEqual(report.added.scalar.length, 4);
    assert.deepEqual(report.added.vector.length, 2);
  });

  test(
    `the whole ground truth merges to what opp_scavetool exports from it (vectors: ${vectors})`,
    { skip: existsSync(SHARED) ? false : `${SHARED} not present` },
    async () => {
      const report = await checkAgainstScavetool(SHARED, join(SHARED, 'scavetool'), vectors);
      assert.equal(report.added.scalar.length, 23);
      assert.equal(report.added.vector.length, 23);
    },
  );
}

test('the round trip: a CSV-R export of the merged files equals one of the inputs', async () => {
  const { text: t, sqlite } = fixtures();
  const out = tmp('rt');
  await mergeResults({ inputs: [t, sqlite], outDir: out });
  const merged = byRun(await csvOf([out]));
  const inputs = byRun(await csvOf([t, sqlite]));
  assert.deepEqual([...merged.keys()].sort(), [...inputs.keys()].sort());
  for (const [run, lines] of inputs) assert.deepEqual(merged.get(run), lines, run);
  // scalars.csv is opp_scavetool's export of results.sca, runs by config and run number
  const sca = await loadResults([join(out, 'results.sca')]);
  const runOrder = sortRunsForOutput([...sca.results.runs]).map((r) => r.runName);
  assert.equal(
    readFileSync(join(out, 'scalars.csv'), 'utf8'),
    await text(exportCsvRecords(sca.results, sca.data, { runOrder })),
  );
});

test('vectors: a file per run, the inputs linked, a .vci copied when it describes its .vec', async () => {
  const { text: t, sqlite } = fixtures();
  // OMNeT++ wrote the .vci for the .vec as it was then: give the copy its recorded time
  const vec = join(t, `${RUN2}.vec`);
  const recorded = Number(
    /^file \d+ (\d+)/.exec(readFileSync(join(t, `${RUN2}.vci`), 'utf8'))?.[1],
  );
  utimesSync(vec, recorded, recorded);
  const out = tmp('files');
  await mergeResults({ inputs: [t, sqlite], outDir: out });
  const store = out;
  // both inputs are called RUN2.vec: the second gets a name made unique by its run id
  const names = [...vectorFiles(out).keys()].sort();
  assert.equal(names.length, 3);
  assert.deepEqual(names.slice(0, 2), [`${RUN2}.vci`, `${RUN2}.vec`]);
  assert.match(names[2] ?? '', /^PureAlohaExperiment-numHosts=10,iaMean=2-#0~[0-9a-f]{10}\.vec$/);
  assert.equal(statSync(join(store, `${RUN2}.vec`)).ino, statSync(vec).ino, 'text .vec linked');
  assert.equal(
    statSync(join(store, names[2] ?? '')).ino,
    statSync(join(sqlite, `${RUN2}.vec`)).ino,
    'SQLite .vec of one run linked',
  );
  assert.notEqual(statSync(join(store, `${RUN2}.vci`)).ino, statSync(join(t, `${RUN2}.vci`)).ino);
  assert.ok(read(store, `${RUN2}.vci`).equals(read(t, `${RUN2}.vci`)), '.vci copied');
  // a .vci that does not describe its .vec (here: the file's time changed) is not taken
  const later = join(tmp('stale'), 'in');
  cpSync(t, later, { recursive: true });
  utimesSync(join(later, `${RUN2}.vec`), recorded + 5, recorded + 5);
  const out2 = tmp('files2');
  await mergeResults({ inputs: [later], outDir: out2 });
  assert.deepEqual([...vectorFiles(out2).keys()], [`${RUN2}.vec`]);
});

test('merged files have OMNeT++ schema and index; text vectors are stored as OMNeT++ stores them', async () => {
  const out = tmp('schema');
  await mergeResults({
    inputs: [join(FIX, 'text'), join(FIX, 'sqlite')],
    outDir: out,
    vectors: 'sqlite',
  });
  const omnetpp = openDatabase(join(FIX, 'sqlite', `${RUN2}.vec`), 'read');
  const merged = openDatabase(join(out, 'results.vec'), 'read');
  try {
    const schema = (db: Database, type: string) =>
      db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = '${type}' ORDER BY rowid`)
        .all()
        .map((r) => ({ ...(r as object) }));
    assert.deepEqual(schema(merged, 'table'), schema(omnetpp, 'table'));
    assert.deepEqual(schema(merged, 'index'), [
      { name: 'vectorData_idx', sql: 'CREATE INDEX vectorData_idx ON vectorData (vectorId)' },
    ]);
    assert.ok(SQLITE_RESULT_SCHEMA.startsWith('CREATE TABLE run\n'));
    // the text run and OMNeT++'s SQLite run are the same simulation: the vectors the merge
    // converted from text must equal what OMNeT++'s SQLite writer recorded (values at the 14
    // digits text files keep)
    const g = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(14)) : v);
    const vectors = (db: Database, run: string) =>
      db
        .prepare(
          `SELECT moduleName, vectorName, vectorCount, vectorMin, vectorMax, vectorSum,
                  startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw, simtimeExp
           FROM vector JOIN run USING (runId) WHERE runName LIKE '${run}' ORDER BY vectorId`,
        )
        .all()
        .map((r) => Object.values(r as object).map(g));
    const data = (db: Database, run: string) =>
      db
        .prepare(
          `SELECT v.vectorName, d.eventNumber, d.simtimeRaw, typeof(d.simtimeRaw), d.value
           FROM vectorData d JOIN vector v USING (vectorId) JOIN run USING (runId)
           WHERE runName LIKE '${run}' ORDER BY v.vectorId, d.rowid`,
        )
        .all()
        .map((r) => Object.values(r as object).map(g));
    const fromText = 'PureAlohaExperiment-2-%-14264';
    assert.equal(vectors(omnetpp, '%').length, 11);
    assert.deepEqual(vectors(merged, fromText), vectors(omnetpp, '%'));
    assert.deepEqual(data(merged, fromText), data(omnetpp, '%'));
  } finally {
    omnetpp.close();
    merged.close();
  }
});

test('vectors a text .vec declares but never wrote are kept, as OMNeT++ stores them in SQLite', async () => {
  // opp_run 6.1, aloha PureAloha1 with **.vector-recording=false: 21 vectors declared, no data
  const out = tmp('empty-vectors');
  await mergeResults({ inputs: [join(FIX, 'empty-vectors')], outDir: out, vectors: 'sqlite' });
  const db = openDatabase(join(out, 'results.vec'), 'read');
  try {
    const rows = db
      .prepare(
        `SELECT moduleName, vectorName, vectorCount, vectorMin, vectorMax, vectorSum, vectorSumSqr,
                startEventNum, endEventNum, startSimtimeRaw, endSimtimeRaw FROM vector ORDER BY vectorId`,
      )
      .all()
      .map((r) => Object.values(r as Record<string, unknown>));
    assert.equal(rows.length, 21);
    // what OMNeT++'s SqliteOutputVectorManager wrote for the same run
    assert.deepEqual(rows[0], [
      'Aloha.server',
      'serverChannelState:vector',
      0,
      Infinity,
      -Infinity,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    const attrs = db.prepare('SELECT COUNT(*) AS n FROM vectorAttr').get() as { n: number };
    assert.ok(attrs.n > 0, 'their attributes too');
  } finally {
    db.close();
  }
});

test('merging twice gives identical files; merging again into OUT changes nothing', async () => {
  const { text: t, sqlite } = fixtures();
  const [a, b] = [tmp('a'), tmp('b')];
  await mergeResults({ inputs: [t, sqlite], outDir: a });
  await mergeResults({ inputs: [t, sqlite], outDir: b });
  for (const f of OUTPUTS) assert.ok(read(a, f).equals(read(b, f)), `${f} byte for byte`);
  assert.deepEqual(vectorFiles(a), vectorFiles(b));
  const before = OUTPUTS.map((f) => read(a, f));
  const mtime = statSync(join(a, 'results.sca')).mtimeMs;
  const vectorsBefore = vectorFiles(a);
  const again = await mergeResults({ inputs: [t, sqlite], outDir: a });
  assert.equal(again.added.scalar.length + again.added.vector.length, 0);
  assert.equal(again.present.length, 6);
  OUTPUTS.forEach((f, i) => assert.ok(read(a, f).equals(before[i] ?? Buffer.alloc(0)), f));
  assert.equal(statSync(join(a, 'results.sca')).mtimeMs, mtime, 'SQLite file not rewritten');
  assert.deepEqual(vectorFiles(a), vectorsBefore);
  assert.deepEqual(
    readdirSync(a).sort(),
    ['report.html', 'results.sca', 'runs.csv', 'scalars.csv', ...vectorsBefore.keys()].sort(),
    'no temporary or lock files left',
  );
});

test('incremental: A, then A+B, holds what A+B at once holds; CSVs are byte-identical', async () => {
  const { text: t, sqlite } = fixtures();
  const [step, once] = [tmp('step'), tmp('once')];
  const first = await mergeResults({ inputs: [sqlite], outDir: step });
  assert.equal(first.added.scalar.length, 1);
  const second = await mergeResults({ inputs: [t, sqlite], outDir: step });
  assert.deepEqual(
    second.present.map((p) => `${p.kind}:${p.runName}`),
    [
      'scalar:PureAlohaExperiment-2-20261125-19:11:08-14270',
      'vector:PureAlohaExperiment-2-20261125-19:11:08-14270',
    ],
  );
  assert.equal(second.added.scalar.length, 3);
  await mergeResults({ inputs: [t, sqlite], outDir: once });
  for (const f of ['scalars.csv', 'runs.csv'])
    assert.ok(read(step, f).equals(read(once, f)), `${f} byte for byte`);
  assert.deepEqual(byRun(await csvOf([step])), byRun(await csvOf([once])));
  // the same files; only which of two runs whose files have the same name keeps the plain name
  // depends on the order they came in
  const contents = (dir: string) =>
    [...vectorFiles(dir).values()].sort((x, y) => Buffer.compare(x, y));
  assert.deepEqual(contents(step), contents(once));
});

test('bad inputs are listed with file and line; everything else is merged', async () => {
  const { dir, text: t, sqlite } = fixtures();
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  const sca = readFileSync(join(t, `${RUN2}.sca`), 'utf8');
  // a truncated copy (cut inside a line) and a garbled one
  writeFileSync(join(bad, 'truncated.sca'), sca.slice(0, 3000).replace(/^run \S+/m, 'run Trunc-1'));
  writeFileSync(join(bad, 'garbled.sca'), sca.replace(/^scalar (.*)$/m, 'scalar $1 extra words'));
  writeFileSync(join(bad, 'notes.sca'), 'just some notes\n');
  writeFileSync(join(bad, 'empty.vec'), '');
  const vec = readFileSync(join(t, `${RUN2}.vec`), 'utf8');
  writeFileSync(join(bad, 'cut.vec'), vec.slice(0, 50000).replace(/^run \S+/m, 'run Cut-1'));
  writeFileSync(join(bad, 'version4.sca'), sca.replace('version 3', 'version 4'));
  const junk = Buffer.from(readFileSync(join(sqlite, `${RUN2}.sca`)));
  junk.fill(0x55, 4096, 16384);
  writeFileSync(join(bad, 'corrupt-db.sca'), junk);
  const out = tmp('bad');
  const report = await mergeResults({ inputs: [t, sqlite, bad], outDir: out });
  const messages = report.bad.map((b) => b.message.replace(`${bad}/`, ''));
  const lineCount = (s: string): number => s.split('\n').length;
  const firstScalar = sca.split('\n').findIndex((l) => l.startsWith('scalar ')) + 1;
  assert.deepEqual(messages.sort(), [
    'corrupt-db.sca: Cannot read SQLite result file: database disk image is malformed',
    `cut.vec:${lineCount(vec.slice(0, 50000))}: last line has no line terminator (truncated file?)`,
    'empty.vec: empty file',
    `garbled.sca:${firstScalar}: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected`,
    "notes.sca: no 'run' line: not an OMNeT++ result file",
    `truncated.sca:${lineCount(sca.slice(0, 3000))}: last line has no line terminator (truncated file?)`,
    'version4.sca:1: unsupported file version (version 2 or version 3 expected)',
  ]);
  // the good files are all there; nothing of the bad ones
  assert.equal(report.added.scalar.length, 4);
  assert.equal(report.added.vector.length, 2);
  const merged = await loadResults([out]);
  assert.equal(merged.results.runs.length, 4);
  assert.ok(!merged.results.runs.some((r) => /^(Trunc|Cut)/.test(r.runName)));
});

test('an SQLite input that fails while its runs are copied is listed as bad; the rest is merged', async () => {
  const { dir, text: t, sqlite } = fixtures();
  const bad = join(dir, 'bad-sqlite');
  mkdirSync(bad);
  const broken = join(bad, 'broken.sca');
  writeFileSync(broken, readFileSync(join(sqlite, `${RUN2}.sca`)));
  // it opens and names its runs; copying them fails (node:sqlite: ERR_SQLITE_ERROR)
  const db = openDatabase(broken, 'write');
  db.exec('DROP TABLE histogramBin;');
  db.close();
  const out = tmp('bad-sqlite');
  const report = await mergeResults({ inputs: [t, bad], outDir: out });
  assert.deepEqual(
    report.bad.map((b) => b.message.replace(`${bad}/`, '')),
    ['broken.sca: Cannot read SQLite result file: no such table: src.histogramBin'],
  );
  const merged = await loadResults([out]);
  assert.deepEqual(
    merged.results.runs.map((r) => r.runName).sort(),
    [...report.added.scalar].sort(),
    'the text runs are merged, nothing of the broken file',
  );
  assert.ok(report.added.scalar.length > 0);
});

test('an SQLite input in which a run gives an attribute or an itervar twice is listed as bad by its own name; the rest is merged', async () => {
  const { dir, text: t, sqlite } = fixtures();
  const bad = join(dir, 'twice');
  mkdirSync(bad);
  // OMNeT++'s own file, and its copies with a second, different value (opp_scavetool: "Value
  // of iteration variable conflicts with previously loaded value")
  for (const [name, sql] of [
    [
      'attr.sca',
      "INSERT INTO runAttr SELECT runId, attrName, attrValue || 'x' FROM runAttr WHERE attrName = 'seedset';",
    ],
    [
      'itervar.sca',
      "INSERT INTO runItervar SELECT runId, itervarName, itervarValue || 'x' FROM runItervar WHERE itervarName = 'iaMean';",
    ],
  ] as const) {
    writeFileSync(join(bad, name), readFileSync(join(sqlite, `${RUN2}.sca`)));
    const db = openDatabase(join(bad, name), 'write');
    db.exec(sql);
    db.close();
  }
  const run = 'PureAlohaExperiment-2-20261125-19:11:08-14270';
  for (const inputs of [[join(bad, 'attr.sca')], [t, bad]]) {
    const out = tmp('twice');
    // (before: the merge failed, naming its temporary output, OUT/.results.sca.PID.tmp)
    const report = await mergeResults({ inputs, outDir: out });
    assert.deepEqual(
      report.bad.map((b) => b.message.replace(`${bad}/`, '')),
      [
        `attr.sca: Cannot read SQLite result file: run ${run}: run attribute seedset is 2x here, 2 earlier in the same file`,
        `itervar.sca: Cannot read SQLite result file: run ${run}: iteration variable iaMean is 2x here, 2 earlier in the same file`,
      ].slice(0, inputs.length === 1 ? 1 : 2),
    );
    const merged = await loadResults([out]);
    assert.deepEqual(
      merged.results.runs.map((r) => r.runName).sort(),
      [...report.added.scalar].sort(),
    );
    assert.ok(!report.added.scalar.includes(run));
    assert.equal(report.added.scalar.length, inputs.length === 1 ? 0 : 3);
  }
});

for (const vectors of ['files', 'sqlite'] as const)
  test(`an SQLite input whose scalars copy and whose vectors fail adds none of its runs (vectors: ${vectors})`, async () => {
    const { dir, text: t, sqlite } = fixtures();
    const bad = join(dir, 'half-sqlite');
    mkdirSync(bad);
    // one file holding a run's scalars and vectors (OMNeT++ writes both to one file when the
    // two output options name it), whose vector attributes are gone
    const both = join(bad, 'both.sca');
    writeFileSync(both, readFileSync(join(sqlite, `${RUN2}.vec`)));
    const db = openDatabase(both, 'write');
    db.prepare('ATTACH DATABASE ? AS s;').run(join(sqlite, `${RUN2}.sca`));
    assert.deepEqual(
      db.prepare('SELECT runId, runName FROM s.run;').all(),
      db.prepare('SELECT runId, runName FROM main.run;').all(),
    );
    for (const table of ['scalar', 'scalarAttr', 'parameter', 'paramAttr', 'statistic'].concat([
      'statisticAttr',
      'histogramBin',
    ]))
      db.exec(`INSERT INTO main.${table} SELECT * FROM s.${table};`);
    db.exec('DETACH DATABASE s;');
    db.exec('DROP TABLE vectorAttr;');
    db.close();
    const out = tmp(`half-sqlite-${vectors}`);
    const report = await mergeResults({ inputs: [t, bad], outDir: out, vectors });
    assert.deepEqual(
      report.bad.map((b) => b.message.replace(`${bad}/`, '')),
      ['both.sca: Cannot read SQLite result file: no such table: src.vectorAttr'],
    );
    const merged = await loadResults([out]);
    const names = merged.results.runs.map((r) => r.runName);
    assert.ok(names.length > 0);
    assert.ok(!names.includes('PureAlohaExperiment-2-20261125-19:11:08-14270'), names.join());
    assert.deepEqual(
      names.sort(),
      [...new Set([...report.added.scalar, ...report.added.vector])].sort(),
    );
    assert.ok(!readFileSync(join(out, 'runs.csv'), 'utf8').includes('19:11:08-14270'));
  });

test('when the scalars of an input whose vectors fail cannot be taken back, the merge is given up and OUT stays as it was', async (t) => {
  const { dir, text: tx, sqlite } = fixtures();
  const bad = join(dir, 'half-sqlite-undo');
  mkdirSync(bad);
  // as above: one SQLite file with a run's scalars and vectors, its vector attributes gone
  const both = join(bad, 'both.sca');
  writeFileSync(both, readFileSync(join(sqlite, `${RUN2}.vec`)));
  const db = openDatabase(both, 'write');
  db.prepare('ATTACH DATABASE ? AS s;').run(join(sqlite, `${RUN2}.sca`));
  for (const table of ['scalar', 'scalarAttr', 'parameter', 'paramAttr', 'statistic'].concat([
    'statisticAttr',
    'histogramBin',
  ]))
    db.exec(`INSERT INTO main.${table} SELECT * FROM s.${table};`);
  db.exec('DETACH DATABASE s;');
  db.exec('DROP TABLE vectorAttr;');
  db.close();
  const out = tmp('half-sqlite-undo');
  await mergeResults({
    inputs: [join(tx, 'PureAlohaExperiment-numHosts=10,iaMean=2-#1.sca')],
    outDir: out,
  });
  const before = contentListing(out);
  // an SQLite error of the kind an unreadable input gives: it must not make this one more bad
  // input while the merge goes on with its scalars in
  t.mock.method(ResultDbWriter.prototype, 'removeRuns', () => {
    throw Object.assign(new Error('database table is locked'), {
      code: 'ERR_SQLITE_ERROR',
      errcode: 6,
    });
  });
  // the text runs alone would merge: not with a file half in
  await assert.rejects(mergeResults({ inputs: [tx, bad], outDir: out }), (e: Error) => {
    assert.equal(e.name, 'MergeError');
    assert.equal(
      e.message,
      `${both}: its vectors could not be merged (no such table: src.vectorAttr), and its ` +
        'scalars, copied already, could not be taken back (database table is locked); nothing was merged',
    );
    return true;
  });
  assert.deepEqual(contentListing(out), before, 'OUT is as it was');
});

for (const vectors of ['files', 'sqlite'] as const)
  test(`bad vector data is refused with file:line and left out (vectors: ${vectors})`, async () => {
    const { dir, text: t } = fixtures();
    const bad = join(dir, 'badvec');
    mkdirSync(bad);
    const vec = readFileSync(join(t, `${RUN2}.vec`), 'utf8');
    const lines = vec.split('\n');
    const firstData = lines.findIndex((l) => /^\d+\t/.test(l));
    const variant = (name: string, change: (ls: string[]) => void): number => {
      const ls = [...lines];
      change(ls);
      writeFileSync(join(bad, name), ls.join('\n').replace(/^run \S+/m, `run ${name}`));
      return firstData + 1;
    };
    // a second declaration of vector 0 just before its data: the data would get its name
    const dup = variant('dup.vec', (ls) =>
      ls.splice(firstData, 0, 'vector 0 Aloha.server other:vector ETV'),
    );
    const big = variant('big.vec', (ls) => {
      ls[firstData] = (ls[firstData] ?? '').replace(/^(\d+)\t\d+/, '$1\t99999999999999999999');
    });
    const neg = variant('neg.vec', (ls) => {
      ls[firstData] = (ls[firstData] ?? '').replace(/^(\d+\t\d+)\t[^\t]+/, '$1\t-2.5');
    });
    const out = tmp('badvec');
    const report = await mergeResults({ inputs: [bad], outDir: out, vectors });
    assert.deepEqual(report.bad.map((b) => b.message.replace(`${bad}/`, '')).sort(), [
      `big.vec:${big}: event number 99999999999999999999 out of range (0 to 2^53-1)`,
      `dup.vec:${dup}: vector id 0 declared again (first declared on line ${lines.findIndex((l) => l.startsWith('vector 0 ')) + 1})`,
      `neg.vec:${neg}: negative simulation time -2.5`,
    ]);
    assert.deepEqual(report.added.vector, []);
    const merged = await loadResults([out]);
    assert.equal(merged.results.runs.length, 0);
  });

test('the same run id in two inputs: an identical copy is skipped, a different one is bad', async () => {
  const { dir, text: t } = fixtures();
  const copies = join(dir, 'copies');
  mkdirSync(copies);
  copyFileSync(join(t, `${RUN2}.sca`), join(copies, 'same.sca'));
  const sca = readFileSync(join(t, `${RUN2}.sca`), 'utf8');
  writeFileSync(
    join(copies, 'changed.sca'),
    sca.replace(/^(scalar Aloha.server duration) .*$/m, '$1 99'),
  );
  // the same results under other iteration variable values: no duplicate either
  mkdirSync(join(copies, 'other'));
  assert.match(sca, /^itervar iaMean /m);
  writeFileSync(
    join(copies, 'other', 'itervar.sca'),
    sca.replace(/^(itervar iaMean) .*$/m, '$1 77'),
  );
  const report = await mergeResults({ inputs: [t, copies], outDir: tmp('dup') });
  assert.deepEqual(
    report.duplicates.map((d) => [d.file.replace(`${dir}/`, ''), d.first.replace(`${dir}/`, '')]),
    [['copies/same.sca', `text/${RUN2}.sca`]],
  );
  const bad = [...report.bad].sort((a, b) => a.file.localeCompare(b.file));
  assert.equal(bad.length, 2);
  assert.match(
    bad[0]?.message ?? '',
    /copies\/changed\.sca: run PureAlohaExperiment-2-\S+ is also in .*text\/PureAlohaExperiment.*, with different scalar results; the copy in .* was left out/,
  );
  assert.match(
    bad[1]?.message ?? '',
    /copies\/other\/itervar\.sca: run PureAlohaExperiment-2-\S+ is also in .*, with different run attributes or iteration variables; the copy in .* was left out/,
  );
});

test('an interrupted merge leaves OUT as it was', async () => {
  const { text: t, sqlite } = fixtures();
  const out = tmp('abort');
  await mergeResults({ inputs: [sqlite], outDir: out });
  const before = OUTPUTS.map((f) => read(out, f));
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(mergeResults({ inputs: [t], outDir: out, signal: abort.signal }), {
    name: 'AbortError',
  });
  OUTPUTS.forEach((f, i) => assert.ok(read(out, f).equals(before[i] ?? Buffer.alloc(0)), f));
  assert.deepEqual(
    readdirSync(out).sort(),
    ['report.html', ...OUTPUTS, ...vectorFiles(out).keys()].sort(),
  );
});

test('runs.csv takes status, exit code, duration and log from a campaign journal', async () => {
  const campaign = tmp('campaign');
  const runs = join(campaign, '.runs');
  mkdirSync(runs);
  const files = [`${RUN2}.sca`, `${RUN2}.vec`, 'SlottedAloha2-#0.sca'];
  for (const f of files) copyFileSync(join(FIX, 'text', f), join(runs, f));
  const entry = (f: string) => {
    const st = statSync(join(runs, f));
    return { path: `.runs/${f}`, size: st.size, mtimeMs: st.mtimeMs };
  };
  const rec = (o: object) =>
    JSON.stringify({
      t: 'run',
      attempt: 1,
      exitCode: 0,
      signal: null,
      wallMs: 120,
      peakKiB: 5000,
      build: 'b',
      files: [],
      ...o,
    });
  writeFileSync(
    join(campaign, 'journal.jsonl'),
    [
      JSON.stringify({ t: 'campaign', started: 'x', build: 'b', configs: [], total: 3 }),
      rec({
        key: 'k2',
        config: 'PureAlohaExperiment',
        run: 2,
        status: 'ok',
        log: 'logs/PureAlohaExperiment-2.log',
        files: [entry(files[0] ?? ''), entry(files[1] ?? '')],
        itervars: '$numHosts=10, $iaMean=2, $repetition=0',
      }),
      rec({
        key: 'k5',
        config: 'PureAlohaExperiment',
        run: 5,
        status: 'failed',
        exitCode: 3,
        log: 'logs/PureAlohaExperiment-5.log',
        itervars: '$numHosts=10, $iaMean=5, $repetition=1',
        message: 'exit status 3',
      }),
      '',
    ].join('\n'),
  );
  const out = join(campaign, 'merged');
  const report = await mergeResults({ inputs: [runs], outDir: out });
  assert.equal(report.journalOnlyRuns, 1);
  const csv = readFileSync(join(out, 'runs.csv'), 'utf8').split('\n');
  assert.equal(
    csv[0],
    'run,config,runnumber,repetition,iterationvars,itervar:iaMean,itervar:numHosts,key,status,exit_code,signal,duration_ms,peak_kib,attempt,log,message',
  );
  assert.deepEqual(csv.slice(1), [
    'PureAlohaExperiment-2-20261125-19:11:08-14264,PureAlohaExperiment,2,0,"$numHosts=10, $iaMean=2",2,10,k2,ok,0,,120,5000,1,../logs/PureAlohaExperiment-2.log,',
    ',PureAlohaExperiment,5,1,"$numHosts=10, $iaMean=5",5,10,k5,failed,3,,120,5000,1,../logs/PureAlohaExperiment-5.log,exit status 3',
    'SlottedAloha2-0-20261125-19:11:08-14269,SlottedAloha2,0,0,,,,,,,,,,,,',
    '',
  ]);
  // merging the merged folder elsewhere keeps the journal's columns (from its runs.csv), with
  // the log paths relative to the new folder
  const again = join(tmp('again'), 'out');
  const fromJournal = await mergeResults({ inputs: [out], outDir: again });
  const rebased = csv.join('\n').replaceAll('../logs/', `${relative(again, campaign)}/logs/`);
  assert.equal(readFileSync(join(again, 'runs.csv'), 'utf8'), rebased);
  assert.match(
    mergeSummary(fromJournal).join('\n'),
    /runs\.csv {5}3 run\(s\), 1 of them known only from the journal \(no results\)/,
  );
  // the merged folder copied where no journal is near: the failed run is known from its runs.csv
  // (before: "known only from the journal", with no journal read)
  const copy = join(tmp('copy'), 'ds');
  cpSync(out, copy, { recursive: true });
  const fromCsv = await mergeResults({ inputs: [copy], outDir: join(tmp('third'), 'out') });
  assert.equal(fromCsv.journalOnlyRuns, 0);
  assert.deepEqual(fromCsv.runsCsvOnlyRuns, [{ file: join(copy, 'runs.csv'), runs: 1 }]);
  assert.ok(
    mergeSummary(fromCsv).includes(
      `  runs.csv     3 run(s), 1 of them known only from ${relative(process.cwd(), join(copy, 'runs.csv'))} (no results)`,
    ),
    mergeSummary(fromCsv).join('\n'),
  );
  // --rebuild of an OUT from a merged folder keeps what the folder's runs.csv says (status
  // columns, the failed run's row), as without it; OUT's own rows go (before: rebuilt, runs.csv
  // had the 2 runs with results only, their status columns empty)
  const rebuilt = join(tmp('rebuilt'), 'out');
  await mergeResults({ inputs: [join(FIX, 'text', 'SlottedAloha2-#0.sca')], outDir: rebuilt });
  writeFileSync(
    join(rebuilt, 'runs.csv'),
    readFileSync(join(rebuilt, 'runs.csv'), 'utf8') + ',Gone,9,0,,,,kg,failed,1,,5,5,1,,x\n',
  );
  const r = await mergeResults({ inputs: [copy], outDir: rebuilt, mode: 'rebuild' });
  assert.equal(r.rebuilt, true);
  assert.deepEqual(r.runsCsvOnlyRuns, [{ file: join(copy, 'runs.csv'), runs: 1 }]);
  assert.equal(
    readFileSync(join(rebuilt, 'runs.csv'), 'utf8'),
    csv.join('\n').replaceAll('../logs/', `${relative(rebuilt, join(copy, '..'))}/logs/`),
  );
});

/** A campaign folder's .runs with one run's .sca (OMNeT++'s), and a valid journal record of it. */
function oneGoodRun(campaign: string): { runs: string; good: Record<string, unknown> } {
  const runs = join(campaign, '.runs');
  mkdirSync(runs);
  const file = `${RUN2}.sca`;
  copyFileSync(join(FIX, 'text', file), join(runs, file));
  const st = statSync(join(runs, file));
  const good = {
    t: 'run',
    key: 'k2',
    config: 'PureAlohaExperiment',
    run: 2,
    attempt: 1,
    status: 'ok',
    exitCode: 0,
    signal: null,
    wallMs: 120,
    peakKiB: 5000,
    build: 'b',
    log: 'logs/PureAlohaExperiment-2.log',
    files: [{ path: `.runs/${file}`, size: st.size, mtimeMs: st.mtimeMs }],
    itervars: '$numHosts=10, $iaMean=2, $repetition=0',
  };
  return { runs, good };
}

test('journal records with a field missing or mistyped: each skipped with one warning line, the rest merged', async () => {
  const campaign = tmp('bad-records');
  const { runs, good } = oneGoodRun(campaign);
  // each crashed the merge: `rec.files is not iterable`, `"paths[1]" argument must be of type
  // string`, `...reading 'matchAll'`
  const mutations: Array<[string, unknown]> = [
    ['files', undefined],
    ['files', null],
    ['files', 7],
    ['files', { path: 'x' }],
    ['log', undefined],
    ['log', null],
    ['log', 7],
    ['itervars', undefined],
    ['itervars', {}],
    ['itervars', 7],
  ];
  const lines = [JSON.stringify(good)];
  for (const [i, [field, value]] of mutations.entries()) {
    const rec: Record<string, unknown> = { ...good, key: `bad${i}`, run: 10 + i, status: 'failed' };
    if (value === undefined) delete rec[field];
    else rec[field] = value;
    lines.push(JSON.stringify(rec));
  }
  writeFileSync(join(campaign, 'journal.jsonl'), lines.join('\n') + '\n');
  const out = join(campaign, 'merged');
  const r = await runCli(['merge', runs, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.trimEnd().split('\n');
  assert.equal(warnings.length, mutations.length, r.stderr);
  assert.match(
    warnings[1] ?? '',
    /^opp-campaign: warning: \S*journal\.jsonl:3: bad run record \(files is not a list\), skipped$/,
  );
  assert.match(warnings[4] ?? '', /journal\.jsonl:6: bad run record \(log is missing\), skipped$/);
  // the good record's columns are in runs.csv; the bad ones are not
  const csv = readFileSync(join(out, 'runs.csv'), 'utf8').split('\n');
  assert.equal(csv.length, 3, csv.join('\n'));
  assert.match(csv[1] ?? '', /,k2,ok,0,/);
});

test('journal lines that are JSON but no record ([1,2], null, 42, "s", {"t":"bogus"}): merge and report warn of each at its line, the rest is read', async () => {
  const campaign = tmp('not-records');
  const { runs, good } = oneGoodRun(campaign);
  const lines = ['[1,2]', 'null', '42', '"s"', '{"t":"bogus"}', '{}', JSON.stringify(good)];
  writeFileSync(join(campaign, 'journal.jsonl'), lines.join('\n') + '\n');
  const expected = [
    'journal.jsonl:1: not a journal record (a list, not an object), skipped',
    'journal.jsonl:2: not a journal record (null, not an object), skipped',
    'journal.jsonl:3: not a journal record (a number, not an object), skipped',
    'journal.jsonl:4: not a journal record (a string, not an object), skipped',
    'journal.jsonl:5: not a journal record (t "bogus" is no record type this version knows), skipped',
    'journal.jsonl:6: not a journal record (t is missing), skipped',
  ];
  const out = join(campaign, 'merged');
  const merged = await runCli(['merge', runs, '-o', out]);
  assert.equal(merged.code, 0, merged.stderr);
  const warned = (stderr: string): string[] =>
    stderr
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/^opp-campaign: warning: \S*?(journal\.jsonl)/, '$1'));
  assert.deepEqual(warned(merged.stderr), expected);
  assert.match(readFileSync(join(out, 'runs.csv'), 'utf8').split('\n')[1] ?? '', /,k2,ok,0,/);
  const page = join(campaign, 'page.html');
  const report = await runCli(['report', campaign, '-o', page]);
  assert.equal(report.code, 0, report.stderr);
  assert.deepEqual(
    warned(report.stderr).filter((l) => l.startsWith('journal')),
    expected,
  );
  assert.match(
    readFileSync(page, 'utf8'),
    /journal\.jsonl:5<\/code> not a journal record: t &quot;bogus&quot; is no record type this version knows/,
  );
});
