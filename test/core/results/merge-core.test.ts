// The pure parts of merging: run order, the merge plan, SQLite value encoding, runs.csv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../../src/core/campaign/journal.js';
import {
  compareNames,
  csvColumn,
  formatCsv,
  histogramBinRows,
  journalColumns,
  journalOnlyRow,
  parseCsv,
  parseItervarsText,
  parseRunsCsv,
  planMerge,
  resultRunRow,
  runsTable,
  simtimeExpOf,
  simtimeToRaw,
  sortRunsForOutput,
  sortedMap,
  type RunInfo,
  type ScannedInput,
} from '../../../src/core/results/index.js';

const run = (
  runName: string,
  attrs: Record<string, string> = {},
  itervars: Record<string, string> = {},
  config: Array<[string, string]> = [],
): RunInfo => ({
  runName,
  attributes: sortedMap(Object.entries(attrs)),
  itervars: sortedMap(Object.entries(itervars)),
  configEntries: config,
});
const pure = (n: number, when = '0'): RunInfo =>
  run(`Pure-${n}-${when}`, { configname: 'Pure', runnumber: String(n) });

test('runs are ordered by config, run number (numerically), then run id', () => {
  const runs = [pure(10), run('B-0-x', { configname: 'B', runnumber: '0' }), pure(9), pure(9, '-')];
  assert.deepEqual(
    sortRunsForOutput(runs).map((r) => r.runName),
    ['B-0-x', 'Pure-9--', 'Pure-9-0', 'Pure-10-0'],
  );
});

test('the merge plan skips merged runs, names repeated ones, orders files by their runs', () => {
  const input = (file: string, ...runs: Array<[RunInfo, ...Array<'scalar' | 'vector'>]>) =>
    ({
      file,
      runs: runs.map(([r, ...kinds]) => ({ runName: r.runName, header: r, kinds })),
    }) satisfies ScannedInput;
  const plan = planMerge(
    [
      input('p10.sca', [pure(10), 'scalar']),
      input('p2.sca', [pure(2), 'scalar']),
      input('p2.vec', [pure(2), 'vector']),
      input('copy/p2.sca', [pure(2), 'scalar']),
      input('p1.sca', [pure(1), 'scalar']),
      input('db.vec', [pure(1), 'vector'], [pure(3), 'scalar', 'vector']),
    ],
    { scalar: new Set(['Pure-1-0']), vector: new Set() },
  );
  assert.deepEqual(
    plan.files.map((f) => [f.file, [...f.scalar], [...f.vector]]),
    [
      ['db.vec', ['Pure-3-0'], ['Pure-1-0', 'Pure-3-0']],
      ['p2.sca', ['Pure-2-0'], []],
      ['p2.vec', [], ['Pure-2-0']],
      ['p10.sca', ['Pure-10-0'], []],
    ],
  );
  assert.deepEqual(plan.present, [{ file: 'p1.sca', runName: 'Pure-1-0', kind: 'scalar' }]);
  assert.deepEqual(plan.repeated, [
    { file: 'copy/p2.sca', runName: 'Pure-2-0', kind: 'scalar', first: 'p2.sca' },
  ]);
});

test('simulation times become int64 mantissas of the run time scale, exactly or not at all', () => {
  const cases: Array<[string, number, number | bigint | undefined]> = [
    ['0', -12, 0],
    ['180', -12, 180e12],
    ['0.073687478407', -12, 73687478407],
    ['-1.5', -12, -1500000000000],
    ['9223372.036854775807', -12, 9223372036854775807n],
    ['9223372.036854775808', -12, undefined],
    ['0.0000000000001', -12, undefined],
    ['1.25', -9, 1250000000],
    ['NaN', -12, undefined],
    ['+Inf', -12, undefined],
    ['-Inf', -12, undefined],
    ['Nil', -12, undefined],
  ];
  for (const [t, exp, raw] of cases) assert.equal(simtimeToRaw(t, exp), raw, t);
  const withRes = (v: string) => run('r', {}, {}, [['simtime-resolution', v]]);
  assert.equal(simtimeExpOf(run('r')), -12);
  assert.equal(simtimeExpOf(withRes('ns')), -9);
  assert.equal(simtimeExpOf(withRes('100ps')), -10);
  assert.equal(simtimeExpOf(withRes('-15')), -15);
  assert.equal(simtimeExpOf(withRes('bogus')), -12);
  assert.equal(simtimeExpOf(run('r', {}, {}, [['simtime-scale', '-6']])), -6);
});

test('histograms are stored as OMNeT++ stores them: underflows at -inf, overflows at the last edge', () => {
  assert.deepEqual(
    histogramBinRows({ binEdges: [0, 1, 2], binValues: [5, 6], underflows: 1, overflows: 2 }),
    [
      [-Infinity, 1],
      [0, 5],
      [1, 6],
      [2, 2],
    ],
  );
  assert.deepEqual(
    histogramBinRows({ binEdges: [], binValues: [], underflows: 0, overflows: 0 }),
    [],
  );
});

const record = (over: Partial<RunRecord>): RunRecord => ({
  t: 'run',
  key: 'k1',
  config: 'Pure',
  run: 4,
  attempt: 2,
  status: 'crashed',
  exitCode: null,
  signal: 'SIGSEGV',
  wallMs: 1234,
  peakKiB: 4000,
  build: 'b',
  log: 'logs/Pure-4.log',
  files: [],
  itervars: '$numHosts=10, $s="a, $b", $repetition=1',
  message: 'killed by SIGSEGV',
  ...over,
});

test('runs.csv: one row per run, itervar columns, journal columns, journal-only runs', () => {
  assert.deepEqual(parseItervarsText('$numHosts=10, $s="a, $b", $repetition=1'), [
    ['numHosts', '10'],
    ['s', '"a, $b"'],
    ['repetition', '1'],
  ]);
  const ok = run(
    'Pure-0-x',
    { configname: 'Pure', runnumber: '0', repetition: '0', iterationvars: '$numHosts=10' },
    { numHosts: '10' },
  );
  const slotted = run('Slotted-0-y', { configname: 'Slotted', runnumber: '0', repetition: '0' });
  const rows = [
    resultRunRow(slotted),
    journalOnlyRow(record({}), 'logs/Pure-4.log'),
    resultRunRow(ok, journalColumns(record({ key: 'k0', status: 'ok', exitCode: 0 }), 'l0')),
  ];
  const table = runsTable(rows);
  assert.deepEqual(table.header, [
    'run',
    'config',
    'runnumber',
    'repetition',
    'iterationvars',
    'itervar:numHosts',
    'itervar:s',
    'key',
    'status',
    'exit_code',
    'signal',
    'duration_ms',
    'peak_kib',
    'attempt',
    'log',
    'message',
  ]);
  assert.deepEqual(
    table.rows.map((r) => r.slice(0, 9)),
    [
      ['Pure-0-x', 'Pure', '0', '0', '$numHosts=10', '10', '', 'k0', 'ok'],
      ['', 'Pure', '4', '1', '$numHosts=10, $s="a, $b"', '10', '"a, $b"', 'k1', 'crashed'],
      ['Slotted-0-y', 'Slotted', '0', '0', '', '', '', '', ''],
    ],
  );
  const csv = formatCsv(table.header, table.rows);
  assert.ok(csv.includes(',"$numHosts=10, $s=""a, $b""",10,"""a, $b""",k1,crashed,,SIGSEGV,'));
  assert.deepEqual(parseCsv(csv), [table.header, ...table.rows]);
  assert.equal(parseRunsCsv(csv)[1]?.get('log'), 'logs/Pure-4.log');
  // without journal information there are no journal columns
  assert.deepEqual(runsTable([resultRunRow(slotted)]).header, [
    'run',
    'config',
    'runnumber',
    'repetition',
    'iterationvars',
  ]);
});

test("csvColumn: a column's cells as parseCsv gives them, for any text (quotes, quoted newlines, CR, short rows, no such column)", () => {
  const byParse = (text: string, name: string): string[] => {
    const [header = [], ...rows] = parseCsv(text);
    const at = header.indexOf(name);
    return rows.map((r) => (at < 0 ? '' : (r[at] ?? '')));
  };
  // cells of rows, some quoted (a separator, a quote, a newline inside), some broken (a lone quote)
  const cells = [
    '',
    'a',
    'logs/x.log',
    '/abs',
    '../x',
    '"q"',
    '"a,b"',
    '"x\ny"',
    '"""',
    '"',
    'a"b',
  ];
  let seed = 11;
  // (the high bits: the low ones of this generator repeat in short cycles)
  const next = (n: number): number =>
    Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
  for (let i = 0; i < 5000; i++) {
    const head = ['run', 'key', 'log', 'message'].slice(next(2)).join(',') + '\n';
    const row = (): string =>
      Array.from({ length: next(6) }, () => cells[next(next(3) === 0 ? cells.length : 5)]).join(
        ',',
      );
    const body = Array.from({ length: next(6) }, row).join('\n') + (next(3) === 0 ? '' : '\n');
    // (a CR now and then: most texts take the line-by-line way)
    const text = (next(4) === 0 ? '' : head) + body + (next(8) === 0 ? '\r\n' : '');
    for (const name of ['log', 'key', 'none'])
      assert.deepEqual(csvColumn(text, name), byParse(text, name), JSON.stringify(text));
  }
  // a runs.csv as merges write it: one quoted field (iterationvars), a quoted message
  const table =
    'run,iterationvars,key,log,message\nR,"$a=1, $b=2",k,logs/R.log,\nS,"$a=2",k2,/x/S.log,"exit 1, ""x"""\n';
  assert.deepEqual(csvColumn(table, 'log'), ['logs/R.log', '/x/S.log']);
  assert.deepEqual(csvColumn(table, 'iterationvars'), ['$a=1, $b=2', '$a=2']);
  assert.deepEqual(csvColumn(table, 'message'), ['', 'exit 1, "x"']);
});

test('sortedMap: entries sorted by name as OMNeT++ sorts them, the last value of a name kept, in any input order', () => {
  // the naive form: set all, then sort
  const naive = (entries: ReadonlyArray<readonly [string, string]>): Array<[string, string]> => {
    const m = new Map<string, string>();
    for (const [k, v] of entries) m.set(k, v);
    return [...m].sort((x, y) => compareNames(x[0], y[0]));
  };
  const names = ['a', 'b', 'B', 'aa', '', 'z\u{1F600}', 'z\uFFFF', 'ab'];
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 500; i++) {
    const entries = Array.from(
      { length: next(6) },
      (_, j) => [names[next(names.length)] ?? '', String(j)] as const,
    );
    if (i % 3 === 0) entries.sort((x, y) => compareNames(x[0], y[0])); // sorted input too
    assert.deepEqual([...sortedMap(entries)], naive(entries), JSON.stringify(entries));
  }
});
