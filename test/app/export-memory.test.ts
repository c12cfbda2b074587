// `export` reads its inputs in batches of runs in output order (adapters/results/export-batches.ts)
// rather than loading the whole dataset: its output is byte for byte what the whole load gives
// (batches of a few runs, runs spread over several files, rows of runs interleaved in a file),
// and an export of many runs fits a heap the whole load does not (a child process with V8's heap
// capped; no timing involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { readResults } from '../../src/adapters/results/export-batches.js';
import { loadResults } from '../../src/adapters/results/load.js';
import { openDatabase } from '../../src/adapters/results/sqlite-api.js';
import { exportResults } from '../../src/app/export.js';
import {
  SQLITE_RESULT_SCHEMA,
  exportCsvRecords,
  exportJson,
  filterResults,
  parseResultFilter,
  sortRunsForOutput,
} from '../../src/core/results/index.js';
import { spawnCli } from '../helpers/cli.js';

interface Shape {
  readonly runs: number;
  readonly config: number;
  readonly scalars: number;
  /** Rows of a run apart (run by run in the item tables) rather than together. */
  readonly interleaved?: boolean;
  /** Only every `every`th run (a second file of some of the runs). */
  readonly every?: number;
}

const runName = (i: number): string => `Big-${i}-20261205-10:00:00-${5000 + i}`;
/** Run i's run number: not its place in the file, so that the output order is not the file's. */
const runNumber = (i: number, n: number): number => (i * 37) % n;

/** An SQLite result file of `shape`, made by SQL (fast, and no opp-campaign code involved). */
function sqliteFile(path: string, s: Shape): void {
  const db = openDatabase(path, 'write');
  const every = s.every ?? 1;
  const n = s.runs;
  const seq = (name: string, count: number): string =>
    `${name}(${name}) AS (SELECT 0 UNION ALL SELECT ${name} + 1 FROM ${name} WHERE ${name} < ${count - 1})`;
  const runs = `WITH RECURSIVE ${seq('i', n)}`;
  const items = `WITH RECURSIVE ${seq('i', n)}, ${seq('k', s.scalars)}`;
  const itemOrder = s.interleaved ? 'k, i' : 'i, k';
  const mine = `i % ${every} = 0`;
  db.exec(SQLITE_RESULT_SCHEMA);
  db.exec('BEGIN;');
  db.exec(`${runs} INSERT INTO run (runId, runName, simtimeExp)
    SELECT i + 1, 'Big-' || i || '-20261205-10:00:00-' || (5000 + i), -12 FROM i WHERE ${mine};`);
  db.exec(`${runs} INSERT INTO runAttr (runId, attrName, attrValue)
    SELECT i + 1, 'configname', CASE WHEN i % 3 = 0 THEN 'Alt' ELSE 'Big' END FROM i WHERE ${mine}
    UNION ALL SELECT i + 1, 'runnumber', (i * 37) % ${n} FROM i WHERE ${mine};`);
  db.exec(`${runs} INSERT INTO runItervar (runId, itervarName, itervarValue)
    SELECT i + 1, 'x', i % 10 FROM i WHERE ${mine};`);
  db.exec(`WITH RECURSIVE ${seq('i', n)}, ${seq('k', s.config)}
    INSERT INTO runConfig (runId, configKey, configValue, configOrder)
    SELECT i + 1, '**.host[' || k || '].app.sendInterval', 'exponential(' || k || '.5s) + uniform(0s, ' || i || 'ms)', k
    FROM i, k WHERE ${mine} ORDER BY i, k;`);
  db.exec(`${items} INSERT INTO scalar (runId, moduleName, scalarName, scalarValue)
    SELECT i + 1, 'Net.host[' || (k % 10) || ']', 'stat' || k || ':mean', i * 0.5 + k / 7.0
    FROM i, k WHERE ${mine} ORDER BY ${itemOrder};`);
  db.exec(`INSERT INTO scalarAttr (scalarId, attrName, attrValue)
    SELECT scalarId, 'unit', 's' FROM scalar WHERE scalarId % 5 = 0;`);
  db.exec(`${runs} INSERT INTO parameter (runId, moduleName, paramName, paramValue)
    SELECT i + 1, 'Net.host[0]', 'sendInterval', '"exponential(' || i || 's)"' FROM i WHERE ${mine};`);
  db.exec(`${items} INSERT INTO statistic (runId, moduleName, statName, isHistogram, isWeighted,
      statCount, statSum, statSqrsum, statMin, statMax)
    SELECT i + 1, 'Net.sink', 'delay' || k, k % 2, 0, 10 + k, 5.0 * k, 30.0 * k, 0.0, k + 1.0
    FROM i, k WHERE ${mine} AND k < 2 ORDER BY ${itemOrder};`);
  db.exec(`INSERT INTO statisticAttr (statId, attrName, attrValue)
    SELECT statId, 'title', 'delay of ' || statName FROM statistic;`);
  db.exec(`WITH RECURSIVE ${seq('b', 5)} INSERT INTO histogramBin (statId, lowerEdge, binValue)
    SELECT statId, b - 1.0, b * 2.0 FROM statistic, b WHERE isHistogram = 1 ORDER BY statId, b;`);
  db.exec('COMMIT;');
  db.close();
}

/** A text vector file of run i (one run a file, as a merged folder keeps them). */
function vecFile(path: string, i: number, n: number): void {
  const lines = [
    'version 3',
    `run ${runName(i)}`,
    `attr configname ${i % 3 === 0 ? 'Alt' : 'Big'}`,
    `attr runnumber ${runNumber(i, n)}`,
    `itervar x ${i % 10}`,
    `config **.vector-recording true`,
    '',
    'vector 0 Net.sink queueLength:vector ETV',
    'vector 1 Net.host[1] sent:vector ETV',
    ...Array.from({ length: 12 }, (_, k) => `${k % 2}\t${k * 3 + i}\t${k * 0.25}\t${(k * i) % 7}`),
    '',
  ];
  writeFileSync(path, lines.join('\n'));
}

/**
 * A text .sca of `shape` (the runs, attributes and iteration variables of sqliteFile's), as
 * opp_scavetool or `cat` merges them: every 5th run's section is met again later in the file
 * (its items added to the run's), and a run section of no items.
 */
function textScaFile(path: string, s: Shape & { readonly crlf?: boolean }): void {
  const every = s.every ?? 1;
  const n = s.runs;
  const out: string[] = ['version 3'];
  const again: string[] = [];
  for (let i = 0; i < n; i += every) {
    out.push(
      `run ${runName(i)}`,
      `attr configname ${i % 3 === 0 ? 'Alt' : 'Big'}`,
      `attr runnumber ${runNumber(i, n)}`,
      `itervar x ${i % 10}`,
    );
    for (let k = 0; k < s.config; k++)
      out.push(
        `config **.host[${k}].app.sendInterval "exponential(${k}.5s) + uniform(0s, ${i}ms)"`,
      );
    out.push('', `par Net.host[0] sendInterval ${i}s`);
    for (let k = 0; k < s.scalars; k++) {
      out.push(`scalar Net.host[${k % 10}] stat${k}:mean ${i * 0.5 + k / 7}`);
      if (k % 5 === 0) out.push('attr unit s');
    }
    out.push(
      'statistic Net.sink delay0',
      'field count 10',
      'field mean 1.5',
      'field sum 15',
      'attr title "delay of delay0"',
      'statistic Net.sink delay1',
      'field count 11',
      'field sum 5',
      'bin -inf 0',
      'bin 0 2',
      'bin 1 4',
    );
    if (i % 5 === 0) again.push(`run ${runName(i)}`, `scalar Net.sink again ${i}`, '');
    if (again.length > 9) out.push(...again.splice(0, 3));
  }
  out.push(...again, `run Empty-20261205-10:00:00-1`, 'attr configname Big', 'attr runnumber 1');
  writeFileSync(path, out.join(s.crlf ? '\r\n' : '\n') + (s.crlf ? '\r\n' : '\n'));
}

/** A stream that keeps what is written to it (as `text`). */
function capture(): Writable & { text: string } {
  const out = new Writable({
    write: (c: Buffer, _e, done) => {
      out.text += c.toString();
      done();
    },
  }) as Writable & { text: string };
  out.text = '';
  return out;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

test('export in batches writes what the whole load writes, byte for byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-batches-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 23;
  const files = [join(dir, 'results.sca'), join(dir, 'more.sca')];
  sqliteFile(files[0] as string, { runs: n, config: 3, scalars: 4, interleaved: true });
  // a second file of every 4th run: runs in two files, their config entries and items added up
  sqliteFile(files[1] as string, { runs: n, config: 2, scalars: 2, every: 4 });
  for (const i of [0, 5, 6, 17]) {
    files.push(join(dir, `r${i}.vec`));
    vecFile(files[files.length - 1] as string, i, n);
  }
  const { whole, runOrder } = await assertBatchesAsWhole(files, (expected) =>
    assert.ok(expected.includes('queueLength:vector') && expected.includes('binedges')),
  );
  // the command's own path: the same, and the same counts
  const out = join(dir, 'out.json');
  const stdout = new Writable({ write: (_c, _e, done) => done() });
  const report = await exportResults({ inputs: files, format: 'json', output: out, stdout });
  assert.equal(
    readFileSync(out, 'utf8'),
    await text(exportJson(whole.results, whole.data, { runOrder })),
  );
  assert.deepEqual(report, { runs: n, items: [...whole.results.items()].length });
});

test('an export of 2,000 runs fits a 40 MB heap', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-memory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runs = 2000;
  sqliteFile(join(dir, 'results.sca'), { runs, config: 60, scalars: 4 });
  const out = join(dir, 'out.csv');
  // the whole load keeps every run's config entries and items: it ran out of this heap
  const cli = spawnCli(['export', join(dir, 'results.sca'), '-F', 'csv-r', '-o', out], {
    ...process.env,
    NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=40`,
  });
  const { code, signal } = await cli.exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, cli.output().slice(-2000));
  const csv = readFileSync(out, 'utf8');
  assert.equal(csv.split('\n').filter((l) => /^[^,]+,scalar,/.test(l)).length, runs * 4);
  // runs in output order: config Alt first, by run number
  assert.match(csv.split('\n')[1] ?? '', /^Big-0-20261205-10:00:00-5000,runattr,/);
});

test('a bad run in a later batch is said before any row is written (stdout stays empty)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 45;
  const file = join(dir, 'results.sca');
  sqliteFile(file, { runs: n, config: 100, scalars: 2 }); // more than a chunk (64 KB) a batch
  // the last run in output order (batches of 20: the third batch) has two values of one attribute
  const last = [...Array(n).keys()]
    .filter((i) => i % 3 !== 0)
    .sort((a, b) => runNumber(a, n) - runNumber(b, n))
    .pop() as number;
  const db = openDatabase(file, 'write');
  db.exec(
    `INSERT INTO runAttr (runId, attrName, attrValue) VALUES (${last + 1}, 'configname', 'Other');`,
  );
  db.close();
  const stdout = capture();
  await assert.rejects(exportResults({ inputs: [file], format: 'csv-r', output: '-', stdout }), {
    message: `${file}: Cannot read SQLite result file: run ${runName(last)}: run attribute configname is Other here, Big earlier in the same file`,
  });
  assert.equal(stdout.text, '');
});

test('two files disagreeing on a run of a later batch are said before any row is written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-two-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 45;
  const a = join(dir, 'a.sca');
  const b = join(dir, 'b.sca');
  sqliteFile(a, { runs: n, config: 100, scalars: 2 });
  sqliteFile(b, { runs: n, config: 1, scalars: 2, every: 2 }); // every other run again
  // the last run in output order that both files hold (the third batch of 20): b says another x
  const last = [...Array(n).keys()]
    .filter((i) => i % 2 === 0 && i % 3 !== 0)
    .sort((x, y) => runNumber(x, n) - runNumber(y, n))
    .pop() as number;
  const db = openDatabase(b, 'write');
  db.exec(`UPDATE runItervar SET itervarValue = 'other' WHERE runId = ${last + 1};`);
  db.close();
  for (const format of ['csv-r', 'json'] as const) {
    const stdout = capture();
    await assert.rejects(exportResults({ inputs: [a, b], format, output: '-', stdout }), {
      message: `${b}: run ${runName(last)}: iteration variable x is other here, ${last % 10} in ${a}`,
    });
    assert.equal(stdout.text, '', format);
  }
});

/** The export of `files` by a whole load and by readResults in batches of 1, 4, 7 and 100 runs. */
async function assertBatchesAsWhole(
  files: readonly string[],
  check?: (expected: string) => void,
): Promise<{ whole: Awaited<ReturnType<typeof loadResults>>; runOrder: string[] }> {
  const whole = await loadResults(files);
  const runOrder = sortRunsForOutput([...whole.results.runs]).map((r) => r.runName);
  for (const batchRuns of [1, 4, 7, 100])
    for (const format of ['csv-r', 'json'] as const) {
      const batched = await readResults(files, batchRuns);
      assert.ok(batched, 'read in batches');
      try {
        const [expected, actual] =
          format === 'json'
            ? [
                await text(exportJson(whole.results, whole.data, { runOrder })),
                await text(exportJson(batched.results, batched.data)),
              ]
            : [
                await text(exportCsvRecords(whole.results, whole.data, { runOrder })),
                await text(exportCsvRecords(batched.results, batched.data)),
              ];
        check?.(expected);
        assert.equal(actual, expected, `${format}, ${batchRuns} runs a batch`);
        assert.equal(batched.runs, whole.results.runsWithItems().length);
        assert.equal(batched.items, [...whole.results.items()].length);
      } finally {
        batched.close();
      }
    }
  return { whole, runOrder };
}

test('text .sca files in batches: what the whole load writes, byte for byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-text-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 23;
  const merged = join(dir, 'merged.sca');
  textScaFile(merged, { runs: n, config: 3, scalars: 6 });
  const crlf = join(dir, 'crlf.sca');
  // some of the runs again, in another file (their header kept from the first), CRLF line ends
  textScaFile(crlf, { runs: n, config: 1, scalars: 2, every: 4, crlf: true });
  const sqlite = join(dir, 'results.sca');
  sqliteFile(sqlite, { runs: n, config: 2, scalars: 2, every: 3 });
  const vec = join(dir, 'r5.vec');
  vecFile(vec, 5, n);
  const whole = await loadResults([merged]);
  assert.ok(whole.results.fileRunsOf(runName(10))[0]?.scalars.some((s) => s.name === 'again'));
  for (const files of [[merged], [crlf, merged], [merged, sqlite, vec, crlf], [vec, crlf, sqlite]])
    await assertBatchesAsWhole(files);
});

test('an export of a text .sca of 1,500 runs fits a 40 MB heap', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-text-memory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runs = 1500;
  const file = join(dir, 'merged.sca');
  textScaFile(file, { runs, config: 60, scalars: 4 });
  const out = join(dir, 'out.csv');
  // the whole load keeps every run's config entries and items: it ran out of this heap
  const cli = spawnCli(['export', file, '-F', 'csv-r', '-o', out], {
    ...process.env,
    NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=40`,
  });
  const { code, signal } = await cli.exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, cli.output().slice(-2000));
  const csv = readFileSync(out, 'utf8');
  assert.equal(csv.split('\n').filter((l) => /^[^,]+,scalar,/.test(l)).length, runs * 4 + runs / 5);
  assert.match(csv.split('\n')[1] ?? '', /^Big-0-20261205-10:00:00-5000,runattr,/);
});

test('a text .sca then an SQLite file disagreeing on a run of a later batch: said before any row', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-text-two-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 45;
  const a = join(dir, 'a.sca');
  const b = join(dir, 'b.sca');
  textScaFile(a, { runs: n, config: 100, scalars: 2 });
  sqliteFile(b, { runs: n, config: 1, scalars: 2, every: 2 });
  const last = [...Array(n).keys()]
    .filter((i) => i % 2 === 0 && i % 3 !== 0)
    .sort((x, y) => runNumber(x, n) - runNumber(y, n))
    .pop() as number;
  const db = openDatabase(b, 'write');
  db.exec(`UPDATE runItervar SET itervarValue = 'other' WHERE runId = ${last + 1};`);
  db.close();
  for (const format of ['csv-r', 'json'] as const) {
    const stdout = capture();
    await assert.rejects(exportResults({ inputs: [a, b], format, output: '-', stdout }), {
      message: `${b}: run ${runName(last)}: iteration variable x is other here, ${last % 10} in ${a}`,
    });
    assert.equal(stdout.text, '', format);
  }
});

test('a filtered export in batches: what the whole load and its filter write, byte for byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-filter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 23;
  const merged = join(dir, 'merged.sca');
  textScaFile(merged, { runs: n, config: 3, scalars: 6 });
  const sqlite = join(dir, 'results.sca');
  sqliteFile(sqlite, { runs: n, config: 2, scalars: 2, every: 3 });
  const vecs = [5, 6, 9].map((i) => join(dir, `r${i}.vec`));
  vecs.forEach((v, k) => vecFile(v, [5, 6, 9][k] as number, n));
  const files = [merged, sqlite, ...vecs];
  const whole = await loadResults(files);
  for (const expr of [
    'itervar:x =~ 3', // some runs, every type
    'NOT type =~ vector',
    'type =~ vector AND module =~ Net.sink',
    'name =~ again OR runattr:configname =~ Alt', // run attributes; items of one file only
    'config:**.host[1].app.sendInterval =~ "*uniform*"', // config entries (items passes too)
    'type =~ histogram',
    'name =~ nothing',
  ]) {
    const filter = parseResultFilter(expr);
    const selected = filterResults(whole.results, filter);
    const runOrder = sortRunsForOutput([...selected.runs]).map((r) => r.runName);
    assert.ok(expr === 'name =~ nothing' || [...selected.items()].length > 0, expr);
    for (const batchRuns of [1, 4, 100])
      for (const format of ['csv-r', 'json'] as const) {
        const batched = await readResults(files, batchRuns, filter);
        assert.ok(batched, 'read in batches');
        try {
          const [expected, actual] =
            format === 'json'
              ? [
                  await text(exportJson(selected, whole.data, { runOrder })),
                  await text(exportJson(batched.results, batched.data)),
                ]
              : [
                  await text(exportCsvRecords(selected, whole.data, { runOrder })),
                  await text(exportCsvRecords(batched.results, batched.data)),
                ];
          assert.equal(actual, expected, `-f '${expr}', ${format}, ${batchRuns} runs a batch`);
          assert.equal(batched.runs, selected.runsWithItems().length, expr);
          assert.equal(batched.items, [...selected.items()].length, expr);
        } finally {
          batched.close();
        }
      }
  }
});

test('a filtered export of a text .sca of 1,500 runs fits a 40 MB heap', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-filter-memory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runs = 1500;
  const file = join(dir, 'merged.sca');
  textScaFile(file, { runs, config: 60, scalars: 4 });
  const out = join(dir, 'out.csv');
  // a filter loaded the whole dataset, then filtered it: it ran out of this heap
  const cli = spawnCli(['export', file, '-F', 'csv-r', '-o', out, '-f', 'NOT name =~ stat0*'], {
    ...process.env,
    NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=40`,
  });
  const { code, signal } = await cli.exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, cli.output().slice(-2000));
  const csv = readFileSync(out, 'utf8');
  assert.equal(csv.split('\n').filter((l) => /^[^,]+,scalar,/.test(l)).length, runs * 3 + runs / 5);
  assert.ok(!csv.includes(',stat0:mean,'));
  assert.match(csv.split('\n')[1] ?? '', /^Big-0-20261205-10:00:00-5000,runattr,/);
});

test('a text .vec without .vci is indexed at the first look and its index kept for the passes: a .vec changed between passes is an error naming it (before: each pass indexed it again, and read another file); past the bound, indexed each pass, the same bytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-vec-index-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = 5;
  const files = Array.from({ length: n }, (_, i) => join(dir, `r${i}.vec`));
  files.forEach((f, i) => vecFile(f, i, n));
  const csv = async (kept?: number): Promise<string> => {
    const batched = await readResults(files, 2, undefined, 0, kept);
    assert.ok(batched !== undefined);
    try {
      return await text(exportCsvRecords(batched.results, batched.data));
    } finally {
      batched.close();
    }
  };
  // the indexes kept (all, one file's blocks: the others indexed each pass, none): the same bytes
  const all = await csv();
  assert.ok(all.includes('queueLength:vector'));
  assert.equal(await csv(1), all);
  assert.equal(await csv(0), all);
  // a .vec that grew after the first look (a run still writing it): its kept index no longer
  // describes it; the export stops, naming it
  const batched = await readResults(files, 2);
  assert.ok(batched !== undefined);
  try {
    appendFileSync(files[3] as string, '0\t100\t9\t1\n');
    await assert.rejects(text(exportCsvRecords(batched.results, batched.data)), {
      message: `${files[3]}: vector file changed on disk since it was indexed`,
    });
  } finally {
    batched.close();
  }
});
