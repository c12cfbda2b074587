// Merging as runs finish: scalar files staged while a campaign runs are copied by the merge
// instead of parsed again, as long as they are unchanged; anything else is read by the merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../src/app/merge.js';
import { ScalarStaging } from '../../src/app/scalar-staging.js';
import { scanInput } from '../../src/adapters/results/merge-inputs.js';
import { writeExport } from '../../src/adapters/results/load.js';
import { exportSqliteScalarsCsv } from '../../src/adapters/results/sqlite-csv.js';
import { sqliteHeaders } from '../../src/app/merge-vectors.js';

const FIX = join(import.meta.dirname, '../fixtures/results/text');
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `opp-staging-${name}-`));

async function staged(dir: string, files: readonly string[]): Promise<ScalarStaging> {
  const staging = new ScalarStaging(join(dir, '.opp-campaign', 'staged.sca'));
  staging.add(files.map((f) => join(dir, f)));
  await staging.finish();
  return staging;
}

const SCA = [
  `${RUN2}.sca`,
  'PureAlohaExperiment-numHosts=10,iaMean=2-#1.sca',
  'SlottedAloha2-#0.sca',
];

test('staged scalar files are not parsed again (the staging file becomes results.sca); the dataset is the same', async () => {
  const dir = tmp('in');
  cpSync(FIX, dir, { recursive: true });
  const plain = tmp('plain');
  await mergeResults({ inputs: SCA.map((f) => join(dir, f)), outDir: plain });
  const file = join(dir, `${RUN2}.sca`);
  utimesSync(file, 1_700_000_000, 1_700_000_000); // a time that can be set again exactly
  const staging = await staged(dir, SCA);
  // the same size and time, other contents: only a merge that copies the staged runs keeps
  // the value the file had when it was staged
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(
    /^(scalar Aloha\.server duration) (\d)/m,
    (_, a: string, d: string) => `${a} ${d === '9' ? '8' : '9'}`,
  );
  assert.notEqual(changed, text);
  writeFileSync(file, changed);
  utimesSync(file, 1_700_000_000, 1_700_000_000);
  const out = tmp('out');
  const report = await mergeResults({
    inputs: SCA.map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.deepEqual(report.bad, []);
  assert.equal(report.added.scalar.length, 3);
  for (const f of ['scalars.csv', 'runs.csv'])
    assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(plain, f), 'utf8'), f);
  // every staged run merged into a new scalar file: the staging file became it
  assert.equal(existsSync(staging.db), false);
  assert.deepEqual(
    sqliteHeaders(join(out, 'results.sca'))
      .map((r) => r.runName)
      .sort(),
    sqliteHeaders(join(plain, 'results.sca'))
      .map((r) => r.runName)
      .sort(),
  );
  staging.dispose();
});

test('a staging file that holds runs the merge leaves out, or a merge into scalars already there, is copied from, not taken whole', async () => {
  const dir = tmp('in-part');
  cpSync(FIX, dir, { recursive: true });
  const out = tmp('out-part');
  // three runs staged, two merged
  const staging = await staged(dir, SCA);
  const first = await mergeResults({
    inputs: SCA.slice(0, 2).map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.deepEqual(first.bad, []);
  assert.equal(existsSync(staging.db), true);
  const names = (): string[] =>
    sqliteHeaders(join(out, 'results.sca'))
      .map((r) => r.runName)
      .sort();
  const [a, b, c] = await Promise.all(
    SCA.map(async (f) => (await scanInput(join(dir, f))).runs[0]?.runName ?? ''),
  );
  assert.deepEqual(names(), [a, b].sort());
  // the third added to the dataset: OUT's scalar file is not replaced by the staging file
  const second = await mergeResults({
    inputs: SCA.map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.deepEqual(second.bad, []);
  assert.deepEqual(names(), [a, b, c].sort());
  assert.equal(existsSync(staging.db), true);
  staging.dispose();
});

test('a file changed since it was staged, or one that could not be staged, is read by the merge', async () => {
  const dir = tmp('in2');
  cpSync(FIX, dir, { recursive: true });
  const bad = join(dir, 'bad.sca');
  writeFileSync(bad, 'version 3\nrun Bad-0\nscalar a b\n');
  const staging = await staged(dir, [...SCA, 'bad.sca']);
  assert.equal(staging.lookup(bad), undefined);
  const file = join(dir, `${RUN2}.sca`);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/^(scalar Aloha\.server duration) \S+/m, '$1 12345'),
  );
  assert.equal(staging.lookup(file), undefined);
  const out = tmp('out2');
  const report = await mergeResults({
    inputs: [...SCA, 'bad.sca'].map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.deepEqual(
    report.bad.map((b) => b.message.replace(`${dir}/`, '')),
    ["bad.sca:3: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected"],
  );
  assert.match(
    readFileSync(join(out, 'scalars.csv'), 'utf8'),
    /,scalar,Aloha\.server,duration,,,12345,/,
  );
  staging.dispose();
});

test('staging reads a .sca once and describes it as scanInput does (a file of two runs too)', async () => {
  const dir = tmp('scan');
  cpSync(FIX, dir, { recursive: true });
  // two runs in one file: the second run's lines after the first's
  const two = join(dir, 'two.sca');
  writeFileSync(
    two,
    readFileSync(join(dir, SCA[0] ?? ''), 'utf8') +
      readFileSync(join(dir, SCA[2] ?? ''), 'utf8').replace(/^version \d+\n/, ''),
  );
  const files = [...SCA, 'two.sca'];
  const staging = await staged(dir, files);
  for (const f of files) {
    const path = join(dir, f);
    const scanned = await scanInput(path);
    assert.deepEqual(staging.lookup(path)?.scanned, scanned, f);
    assert.deepEqual(
      staging.lookup(path)?.runs,
      scanned.runs.map((r) => r.runName),
    );
  }
  assert.equal(staging.lookup(two)?.runs.length, 2);
  staging.dispose();
});

test('a vector file’s index is checked while staging; one changed since is checked again', async () => {
  const dir = tmp('vci');
  cpSync(FIX, dir, { recursive: true });
  const vec = join(dir, `${RUN2}.vec`);
  const vci = `${vec.slice(0, -4)}.vci`;
  // as OMNeT++ left them: the .vec at the time its index records
  const recorded = Number(/^file \d+ (\d+)/.exec(readFileSync(vci, 'utf8'))?.[1]);
  utimesSync(vec, recorded, recorded);
  const staging = await staged(dir, [`${RUN2}.vec`]);
  assert.equal(staging.lookup(vec)?.index?.path, vci, 'a finished index is checked once');
  let out = '';
  const merged = async (name: string): Promise<string[]> => {
    out = tmp(name);
    const report = await mergeResults({ inputs: [vec], outDir: out, staged: staging });
    assert.deepEqual(report.added.vector.length, 1);
    return readdirSync(out).filter((f) => f.endsWith('.vci'));
  };
  // unchanged: the merge takes the index it was given, linked beside the .vec (a campaign
  // removes a run's .vci before it runs the run again: the dataset's stays as it is)
  assert.deepEqual(await merged('vci-same'), [`${RUN2}.vci`]);
  const placed = join(out, `${RUN2}.vci`);
  assert.equal(statSync(placed).nlink, 2, 'the run’s own index, linked');
  assert.equal(statSync(placed).ino, statSync(vci).ino);
  assert.equal(readFileSync(placed, 'utf8'), readFileSync(vci, 'utf8'));
  assert.ok(Math.abs(statSync(placed).mtimeMs - statSync(vci).mtimeMs) < 1, 'its time kept');
  // the index broken since: checked again, found unfinished, and left out
  writeFileSync(vci, 'not an index\n');
  assert.deepEqual(await merged('vci-changed'), []);
  staging.dispose();
});

test('scalars.csv is put together from parts exported as each run was staged, the same text as the export of the merged file; runs with other columns make it exported whole', async () => {
  const dir = tmp('csv');
  cpSync(FIX, dir, { recursive: true });
  // a run with scalars only: its rows have no statistics or histogram columns
  writeFileSync(
    join(dir, 'plain.sca'),
    'version 3\nrun Plain-0-20240101-10:00:00-1\nattr configname Plain\nattr runnumber 0\n' +
      'scalar net.host speed 12.5\nattr unit mps\nscalar net.host count 3\n',
  );
  const exported = async (out: string): Promise<string> => {
    const path = join(tmp('export'), 'scalars.csv');
    await writeExport(exportSqliteScalarsCsv(join(out, 'results.sca')), path);
    return readFileSync(path, 'utf8');
  };
  for (const [files, fromParts] of [
    [SCA, true],
    [[...SCA, 'plain.sca'], false],
  ] as const) {
    const staging = await staged(dir, files);
    const made: boolean[] = [];
    const write = staging.writeScalarsCsv.bind(staging);
    staging.writeScalarsCsv = (runs, dest) => {
      made.push(write(runs, dest));
      return made[made.length - 1] ?? false;
    };
    const out = tmp('csv-out');
    const report = await mergeResults({
      // in an order other than the export's: the parts are sorted as its runs are
      inputs: files.map((f) => join(dir, f)).reverse(),
      outDir: out,
      staged: staging,
    });
    assert.equal(report.added.scalar.length, files.length);
    assert.deepEqual(made, [fromParts], files.join());
    const csv = readFileSync(join(out, 'scalars.csv'), 'utf8');
    assert.equal(csv, await exported(out));
    if (fromParts) {
      // the runs in any order: the parts go in the export's order
      const again = join(tmp('again'), 'scalars.csv');
      assert.ok(write(sqliteHeaders(join(out, 'results.sca')).reverse(), again));
      assert.equal(readFileSync(again, 'utf8'), csv);
    }
    assert.equal(
      csv.split('\n').filter((l) => /,scalar,/.test(l)).length,
      3 * 7 + (fromParts ? 0 : 2),
    );
    staging.dispose();
  }
});

test('parts made from the records as they were staged are the export of the merged file: NaN, -0, infinities, weighted and empty statistics, histograms, attributes in any order, commas and quotes', async () => {
  const dir = tmp('edge');
  cpSync(FIX, dir, { recursive: true });
  const head = (n: number): string =>
    `version 3\nrun Edge-${n}-20240101-10:00:0${n}-1\nattr configname Edge\nattr runnumber ${n}\n` +
    `attr iterationvars "$x=${n}"\nitervar x ${n}\nconfig network Net\nconfig **.x ${n}\n\n`;
  const items =
    'par net.host p 5\nattr unit s\nattr mutable true\n' +
    // fields with commas and quotes, quoted in the export
    'par net.host "q, r" "\\"x, y\\""\nattr unit "m,s"\nattr "a\\"b" c\n' +
    'scalar net.host nanv nan\nscalar net.host negz -0\nattr unit m\nattr title "minus zero"\n' +
    'scalar net.host pinf inf\nscalar net.host ninf -inf\n' +
    'statistic net.host empty\nfield count 0\nfield mean nan\nfield stddev nan\nfield min nan\n' +
    'field max nan\nfield sum 0\nfield sqrsum 0\n' +
    'statistic net.host weighted\nfield count 3\nfield mean 1.2\nfield stddev 0.5\nfield min -0\n' +
    'field max 2\nfield weights 2.5\nfield weightedSum 3\nfield sqrSumWeights 2.25\n' +
    'field weightedSqrSum 4.5\nattr unit s\nattr interpolationmode none\n' +
    'statistic net.host hist\nfield count 4\nfield mean 1.5\nfield stddev 1\nfield min 0\n' +
    'field max 3\nfield sum 6\nfield sqrsum 14\nattr unit s\nbin -inf 0\nbin 0 1\nbin 1 2\n' +
    'bin 2 1\nbin 3 0\n' +
    'statistic net.host weightedHist\nfield count 2\nfield mean 0.5\nfield min -1\nfield max 1\n' +
    'field weights 1.5\nfield weightedSum -0\nfield sqrSumWeights 1.25\nfield weightedSqrSum 1.5\n' +
    'bin -inf 0\nbin -1 0.5\nbin 0 1\nbin 1 0\n' +
    // a statistic after the histograms: the export has every statistic first
    'statistic net.host late\nfield count 1\nfield mean 2\nfield min 2\nfield max 2\nfield sum 2\n' +
    'field sqrsum 4\n';
  const files = ['edge0.sca', 'edge1.sca'];
  // the same items in another order of attributes in the second run
  writeFileSync(join(dir, 'edge0.sca'), head(0) + items);
  writeFileSync(
    join(dir, 'edge1.sca'),
    head(1) + items.replace('attr unit s\nattr mutable true\n', 'attr mutable true\nattr unit s\n'),
  );
  const staging = await staged(dir, files);
  const made: boolean[] = [];
  const write = staging.writeScalarsCsv.bind(staging);
  staging.writeScalarsCsv = (runs, dest) => {
    made.push(write(runs, dest));
    return made[made.length - 1] ?? false;
  };
  const out = tmp('edge-out');
  const report = await mergeResults({
    inputs: files.map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.deepEqual(report.bad, []);
  assert.deepEqual(made, [true]);
  const csv = readFileSync(join(out, 'scalars.csv'), 'utf8');
  const path = join(tmp('edge-export'), 'scalars.csv');
  await writeExport(exportSqliteScalarsCsv(join(out, 'results.sca')), path);
  assert.equal(csv, readFileSync(path, 'utf8'));
  // what SQLite gives back: -0 as 0, NaN as NaN; the histogram's bins
  assert.match(csv, /^Edge-0-[^,]*,scalar,net\.host,negz,,,0,/m);
  assert.match(csv, /^Edge-0-[^,]*,scalar,net\.host,nanv,,,NaN,/m);
  assert.match(csv, /^Edge-0-[^,]*,param,net\.host,"q, r",,,"""x, y""",/m);
  assert.match(csv, /^Edge-0-[^,]*,attr,net\.host,"q, r","a""b",c,/m);
  assert.match(csv, /,statistic,net\.host,weighted,,,,3,2\.5,1\.2,0\.75,0,2,/m);
  assert.match(csv, /,histogram,net\.host,hist,,,,4,4,1\.5,1\.29\d*,0,3,0,0,"0 1 2 3","1 2 1"$/m);
  staging.dispose();
});

test('a staging of more runs than go into one commit keeps every run and every row', async () => {
  // 300 runs (commits after the 256th and at the end), one of them bad, in the middle
  const dir = tmp('many');
  const files: string[] = [];
  for (let i = 0; i < 300; i++) {
    const name = `Many-${i}.sca`;
    const bad = i === 200;
    writeFileSync(
      join(dir, name),
      `version 3\nrun Many-${i}-20261205-00:00:00-1\nattr configname Many\nattr runnumber ${i}\n` +
        `itervar i ${i}\nconfig sim-time-limit 1s\npar Net.a p ${i}\nattr unit s\n` +
        (bad ? 'scalar Net.a x\n' : `scalar Net.a x ${i}\n`),
    );
    files.push(name);
  }
  const staging = await staged(dir, files);
  const out = tmp('many-out');
  const report = await mergeResults({
    inputs: files.map((f) => join(dir, f)),
    outDir: out,
    staged: staging,
  });
  assert.equal(report.added.scalar.length, 299);
  assert.equal(report.bad.length, 1);
  // the job summary's table of key scalars, made when asked for
  assert.match(report.scalarsTable, /\*\*`Net\.a:x`\*\*/);
  const plain = tmp('many-plain');
  await mergeResults({ inputs: files.map((f) => join(dir, f)), outDir: plain });
  for (const f of ['scalars.csv', 'runs.csv'])
    assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(plain, f), 'utf8'), f);
  // the staged runs (copied from the staging file: the bad file is not one of them) hold what
  // the merge of the files holds
  for (const d of [out, plain])
    await writeExport(exportSqliteScalarsCsv(join(d, 'results.sca')), join(d, 'export.csv'));
  assert.equal(
    readFileSync(join(out, 'export.csv'), 'utf8'),
    readFileSync(join(plain, 'export.csv'), 'utf8'),
  );
  staging.dispose();
});
