// The SQLite and text fixtures hold the same simulation (same configuration and seeds), written
// by the two output managers: the records read from them must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadResults, type LoadedResults } from '../../../src/adapters/results/index.js';
import {
  formatG,
  type ResultItem,
  type ResultType,
  type VectorDatum,
} from '../../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';

const load = (dir: string): Promise<LoadedResults> =>
  loadResults([join(FIX, dir, `${RUN2}.sca`), join(FIX, dir, `${RUN2}.vec`)]);

/** An item without what necessarily differs (file, line, run id), doubles at 14 digits. */
function comparable(item: ResultItem): unknown {
  const g = (v: number): string => formatG(v, 14);
  const common = {
    keys: Object.keys(item)
      .filter((k) => k !== 'line')
      .sort(),
    module: item.module,
    name: item.name,
    attributes: [...item.attributes],
  };
  switch (item.type) {
    case 'scalar':
      return { ...common, value: g(item.value) };
    case 'parameter':
      return { ...common, value: item.value };
    case 'statistic':
    case 'histogram': {
      const s = item.statistics;
      return {
        ...common,
        count: s.count,
        min: g(s.min),
        max: g(s.max),
        sum: g(s.sumWeightedValues),
        sqrsum: g(s.sumWeightedSquaredValues),
        // text files hold bin edges with 14 significant digits, SQLite ones exactly
        edges: item.histogram?.binEdges.map(g),
        bins: item.histogram && [
          ...item.histogram.binValues,
          item.histogram.underflows,
          item.histogram.overflows,
        ],
      };
    }
    case 'vector':
      return { ...common, columns: item.columns, count: item.summary?.statistics.count };
  }
}

test('SQLite and text files of the same simulation give the same records', async () => {
  const text = await load('text');
  const sqlite = await load('sqlite');
  const [tRun] = text.results.runs;
  const [sRun] = sqlite.results.runs;
  assert.ok(tRun && sRun);
  assert.equal(text.results.runs.length, 1);
  assert.equal(sqlite.results.runs.length, 1);
  assert.deepEqual([...sRun.attributes.keys()], [...tRun.attributes.keys()]);
  assert.deepEqual(sRun.itervars, tRun.itervars);
  assert.equal(sRun.attributes.get('configname'), tRun.attributes.get('configname'));
  // SQLite runs record their output manager classes; each of the two files adds its entries
  const sqliteConfig = sRun.configEntries.filter(([k]) => !k.startsWith('output'));
  const textConfig = tRun.configEntries.filter(([k]) => k !== 'cmdenv-redirect-output');
  const half = sqliteConfig.slice(0, sqliteConfig.length / 2);
  assert.deepEqual(sqliteConfig, [...half, ...half]);
  assert.deepEqual(
    half.map(([k]) => k),
    textConfig.map(([k]) => k),
  );

  for (const type of ['scalar', 'parameter', 'statistic', 'histogram', 'vector'] as ResultType[]) {
    const t = [...text.results.items([type])].map(comparable);
    const s = [...sqlite.results.items([type])].map(comparable);
    assert.deepEqual(s, t, `${type} records`);
  }
  assert.equal([...text.results.items(['histogram'])].length, 2);
  assert.equal([...text.results.items(['vector'])].length, 11);

  const points = async (r: LoadedResults): Promise<VectorDatum[][]> => {
    const all: VectorDatum[][] = [];
    for (const v of r.results.items(['vector'])) {
      if (v.type !== 'vector') continue;
      const list: VectorDatum[] = [];
      for await (const batch of r.data.readVectorData(v)) list.push(...batch);
      all.push(list);
    }
    return all;
  };
  assert.deepEqual(await points(sqlite), await points(text));
});

test('scalarsOnly (what the report reads of results.sca): the scalars and the runs, without their config entries', async () => {
  const sca = join(FIX, 'sqlite', `${RUN2}.sca`);
  const whole = await loadResults([sca]);
  const some = await loadResults([sca], { scalarsOnly: true });
  const types = (r: LoadedResults) => new Set([...r.results.items()].map((i) => i.type));
  assert.deepEqual([...types(some)], ['scalar']);
  assert.ok(types(whole).size > 1);
  assert.deepEqual(
    [...some.results.items()].map(comparable),
    [...whole.results.items(['scalar'])].map(comparable),
  );
  const [run] = some.results.runs;
  const [full] = whole.results.runs;
  assert.ok(run && full && full.configEntries.length > 0);
  assert.deepEqual(run.configEntries, []);
  assert.deepEqual([...run.attributes], [...full.attributes]);
  assert.deepEqual([...run.itervars], [...full.itervars]);
});
