// Exports of the fixtures must equal opp_scavetool's output byte for byte (see
// test/fixtures/results/README.md for how the expected files were cut from the ground truth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadResults } from '../../../src/adapters/results/index.js';
import {
  exportCsvRecords,
  exportJson,
  listResults,
  listRuns,
} from '../../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const SHARED = '/work/shared/omnetpp-6.1/results';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

/** opp_scavetool's run order (not reproducible, see README) as the expected file shows it. */
const csvRunOrder = (csv: string): string[] => [
  ...new Set([...csv.matchAll(/^([^,\n]+),runattr,/gm)].map((m) => m[1] ?? '')),
];
const jsonRunOrder = (json: string): string[] =>
  [...json.matchAll(/^ {4}"(.*)" : \{$/gm)].map((m) => m[1] ?? '');

/**
 * opp_scavetool's CSV-R with the item rows of each block (scalars, parameters, statistics and
 * histograms, vectors) put in the run order of its metadata rows (stably: a run's items keep
 * their order), as ours lists them: opp_scavetool lists items in ID (load) order.
 */
function itemsInRunOrder(csv: string): string {
  // records: a quoted field may hold a newline
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(csv.slice(start, i + 1));
      start = i + 1;
    }
  }
  const order = csvRunOrder(csv);
  const rank = new Map(order.map((name, i) => [name, i]));
  const block: Record<string, number> = {
    scalar: 0,
    param: 1,
    statistic: 2,
    histogram: 2,
    vector: 3,
  };
  const head: string[] = [];
  const groups: Array<{ block: number; rank: number; text: string }> = [];
  for (const r of records) {
    const [run = '', type = ''] = r.split(',', 2);
    const last = groups[groups.length - 1];
    if (type === 'attr' && last !== undefined) last.text += r;
    else if (block[type] === undefined) head.push(r);
    else groups.push({ block: block[type] ?? 0, rank: rank.get(run) ?? -1, text: r });
  }
  groups.sort((x, y) => x.block - y.block || x.rank - y.rank);
  return head.join('') + groups.map((g) => g.text).join('') + csv.slice(start);
}

/** Files of a folder with a suffix, sorted: what the shell glob `dir/*suffix` gives. */
const glob = (dir: string, suffix: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));

/** Equality with a short report of the first differing line. */
function assertSameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const i = a.findIndex((l, k) => l !== e[k]);
  const at = i < 0 ? Math.min(a.length, e.length) : i;
  assert.fail(
    `${what} differs at line ${at + 1}:\n  actual:   ${a[at]?.slice(0, 200)}\n  expected: ${e[at]?.slice(0, 200)}`,
  );
}

async function checkExports(root: string, expectedDir: string): Promise<void> {
  const read = (f: string): string => readFileSync(join(expectedDir, f), 'utf8');
  const sca = glob(join(root, 'text'), '.sca');
  const vec = glob(join(root, 'text'), '.vec');

  const scalars = await loadResults(sca);
  const csv = itemsInRunOrder(read('scalars-text.csv'));
  assertSameText(
    await text(exportCsvRecords(scalars.results, scalars.data, { runOrder: csvRunOrder(csv) })),
    csv,
    'scalars-text.csv',
  );
  const json = read('scalars-text.json');
  assertSameText(
    await text(exportJson(scalars.results, scalars.data, { runOrder: jsonRunOrder(json) })),
    json,
    'scalars-text.json',
  );
  assertSameText(listRuns(scalars.results), read('query-runs.txt'), 'query --list-runs');
  assertSameText(listResults(scalars.results), read('query-l-scalars.txt'), 'query -l');

  // all-text.csv: the .sca and .vec files of the runs that have both
  const paired = sca.filter((f) => vec.includes(f.replace(/\.sca$/, '.vec')));
  const all = await loadResults([...paired, ...vec]);
  const allCsv = itemsInRunOrder(read('all-text.csv'));
  assertSameText(
    await text(exportCsvRecords(all.results, all.data, { runOrder: csvRunOrder(allCsv) })),
    allCsv,
    'all-text.csv',
  );

  const sqlite = await loadResults(glob(join(root, 'sqlite'), ''));
  const sqliteCsv = itemsInRunOrder(read('all-sqlite.csv'));
  assertSameText(
    await text(exportCsvRecords(sqlite.results, sqlite.data, { runOrder: csvRunOrder(sqliteCsv) })),
    sqliteCsv,
    'all-sqlite.csv',
  );
}

test('exports of the fixtures equal opp_scavetool output byte for byte (items in run order)', async () => {
  await checkExports(FIX, join(FIX, 'expected'));
});

test(
  'exports of the whole ground truth equal opp_scavetool output byte for byte (items in run order)',
  { skip: existsSync(SHARED) ? false : `${SHARED} not present` },
  async () => {
    await checkExports(SHARED, join(SHARED, 'scavetool'));
  },
);

test('without runOrder, runs come in load order; loading a folder finds .sca then .vec', async () => {
  const { results, data, files } = await loadResults([join(FIX, 'text')]);
  assert.deepEqual(
    files.map((f) => f.slice(FIX.length + 1)),
    [
      'text/PureAlohaExperiment-numHosts=10,iaMean=2-#0.sca',
      'text/PureAlohaExperiment-numHosts=10,iaMean=2-#1.sca',
      'text/SlottedAloha2-#0.sca',
      'text/PureAlohaExperiment-numHosts=10,iaMean=2-#0.vec',
    ],
  );
  const csv = await text(exportCsvRecords(results, data, { types: ['scalar'] }));
  assert.deepEqual(csvRunOrder(csv), [
    'PureAlohaExperiment-2-20261125-19:11:08-14264',
    'PureAlohaExperiment-3-20261125-19:11:08-14264',
    'SlottedAloha2-0-20261125-19:11:08-14269',
  ]);
  assert.equal(csv.split('\n')[0], 'run,type,module,name,attrname,attrvalue,value');
});

test('JSON export of vectors: time, value and event number lists of the data', async () => {
  const run2 = join(FIX, 'text/PureAlohaExperiment-numHosts=10,iaMean=2-#0');
  const { results, data } = await loadResults([`${run2}.sca`, `${run2}.vec`]);
  const json = JSON.parse(await text(exportJson(results, data))) as Record<
    string,
    { vectors: Array<{ name: string; time: number[]; value: number[]; eventnumber: number[] }> }
  >;
  const vectors = Object.values(json)[0]?.vectors ?? [];
  assert.equal(vectors.length, 11);
  const first = [...results.items(['vector'])][0];
  assert.ok(first?.type === 'vector');
  const points = [];
  for await (const batch of data.readVectorData(first)) points.push(...batch);
  assert.equal(vectors[0]?.name, first.name);
  assert.deepEqual(
    vectors[0]?.time,
    points.map((p) => Number(p.simtime)),
  );
  assert.deepEqual(
    vectors[0]?.value,
    points.map((p) => p.value),
  );
  assert.deepEqual(
    vectors[0]?.eventnumber,
    points.map((p) => p.eventNumber),
  );
});
