// The report model from small hand-made inputs: statistics, the choice of scalars, the join of
// journal facts and results, charts, durations, Markdown and the page's escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildReportModel,
  factsOfResults,
  defaultScalarChoices,
  meanCi,
  missingNote,
  missingNotes,
  parseScalarSpec,
  renderReportHtml,
  runValue,
  oneRun,
  scalarWarnings,
  scalarsMarkdown,
  tQuantile95,
  ScalarSpecError,
  type ResultRun,
  type RunFacts,
} from '../../src/core/report/index.js';
import { durationHistogram, niceStep } from '../../src/core/report/durations.js';
import { numericAxis } from '../../src/core/report/charts.js';
import { sortedMap, type ScalarResult } from '../../src/core/results/index.js';

// --- builders ----------------------------------------------------------------------------------

const scalar = (runName: string, module: string, name: string, value: number): ScalarResult => ({
  type: 'scalar',
  runName,
  module,
  name,
  value,
  attributes: new Map(),
  file: 'x.sca',
});

/** A result run of config C with run number n and itervars (nesting order) plus repetition. */
function resultRun(
  n: number,
  vars: Array<[string, string]>,
  rep: number,
  scalars: Array<[string, string, number]>,
  config = 'C',
): ResultRun {
  const runName = `${config}-${n}-20260101-10:00:0${n % 10}-${100 + n}`;
  return {
    run: {
      runName,
      attributes: sortedMap([
        ['configname', config],
        ['runnumber', String(n)],
        ['repetition', String(rep)],
        ['iterationvars', vars.map(([k, v]) => `$${k}=${v}`).join(', ')],
        ['datetime', `20260101-10:00:0${n % 10}`],
        ['network', 'Net'],
      ]),
      itervars: sortedMap(vars),
      configEntries: [],
    },
    scalars: scalars.map(([m, name, v]) => scalar(runName, m, name, v)),
  };
}

function facts(
  n: number,
  vars: Array<[string, string]>,
  rep: number,
  over: Partial<RunFacts> = {},
): RunFacts {
  return {
    key: `k${n}`,
    config: 'C',
    run: n,
    status: 'ok',
    exitCode: 0,
    signal: null,
    wallMs: 1000 + n * 100,
    peakKiB: 2048,
    attempt: 1,
    itervars: [...vars, ['repetition', String(rep)]].map(([k, v]) => `$${k}=${v}`).join(', '),
    log: `logs/C-${n}.log`,
    build: 'b1',
    ...over,
  };
}

/** x in {1,2,3} (outer), y in {a,b} (inner), 3 repetitions: 18 runs; s = x*10 + rep. */
function study(): { facts: RunFacts[]; results: ResultRun[] } {
  const f: RunFacts[] = [];
  const r: ResultRun[] = [];
  let n = 0;
  for (const x of ['1', '2', '3'])
    for (const y of ['"a"', '"b"'])
      for (let rep = 0; rep < 3; rep++, n++) {
        const vars: Array<[string, string]> = [
          ['x', x],
          ['y', y],
        ];
        f.push(facts(n, vars, rep));
        r.push(
          resultRun(n, vars, rep, [
            ['Net.server', 's', Number(x) * 10 + rep],
            ['Net.server', 'const', 5],
            ['Net.host[0]', 'h', n],
            ['Net.host[1]', 'h', n + 1],
          ]),
        );
      }
  return { facts: f, results: r };
}

// --- statistics --------------------------------------------------------------------------------

test("Student's t quantiles match the published table", () => {
  const table: Array<[number, number]> = [
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [9, 2.262],
    [19, 2.093],
    [29, 2.045],
    [60, 2.0],
    [120, 1.98],
    [100000, 1.96],
  ];
  for (const [df, t] of table) assert.equal(tQuantile95(df).toFixed(3), t.toFixed(3), `df=${df}`);
});

test('mean and 95% interval; no interval from one value; NaN left out', () => {
  const s = meanCi([1, 2, 3, 4, NaN]);
  assert.equal(s?.n, 4);
  assert.equal(s?.mean, 2.5);
  // s = 1.2910, t(3) = 3.1824: half width 2.0543
  assert.equal(s?.lo?.toFixed(4), '0.4457');
  assert.equal(s?.hi?.toFixed(4), '4.5543');
  assert.deepEqual(meanCi([7]), { n: 1, mean: 7, lo: undefined, hi: undefined, min: 7, max: 7 });
  assert.equal(meanCi([]), undefined);
});

// --- choosing scalars --------------------------------------------------------------------------

test('scalar specs: module pattern, then the scalar name (which may hold colons)', () => {
  const c = parseScalarSpec('**.server:channelUtilization:last');
  assert.equal(c.name, 'channelUtilization:last');
  assert.ok(c.matchesModule('Aloha.server'));
  assert.ok(!c.matchesModule('Aloha.host[0]'));
  for (const bad of ['noColon', ':name', 'module:', 'a{b:c'])
    assert.throws(() => parseScalarSpec(bad), ScalarSpecError, bad);
  const hosts = parseScalarSpec('**.host[*]:h');
  assert.equal(
    runValue(hosts, [scalar('r', 'N.host[0]', 'h', 1), scalar('r', 'N.host[1]', 'h', 3)]),
    2,
    'the mean over the matching modules',
  );
  assert.equal(runValue(hosts, [scalar('r', 'N.server', 'h', 1)]), undefined);
});

test('default scalars: in every run, varying first, then names few modules record', () => {
  const { results } = study();
  const runs = results.map((r) => r.scalars);
  assert.deepEqual(
    defaultScalarChoices(runs).map((c) => c.label),
    ['Net.server:s', 'Net.host[0]:h', 'Net.host[1]:h', 'Net.server:const'],
  );
  assert.deepEqual(
    defaultScalarChoices(runs, 2).map((c) => c.label),
    ['Net.server:s', 'Net.host[0]:h'],
  );
  // a scalar missing from one run is not a default
  const partial = runs.map((s, i) => (i === 3 ? s.filter((x) => x.name !== 's') : s));
  assert.ok(!defaultScalarChoices(partial).some((c) => c.label === 'Net.server:s'));
  assert.deepEqual(defaultScalarChoices([]), []);
});

test('default scalars per config: each config charted as if it were alone', () => {
  const { facts: cFacts, results: cResults } = study();
  // config D records other scalars than C (fifo's Fifo1 and TandemQueueExperiment)
  const dFacts: RunFacts[] = [];
  const dResults: ResultRun[] = [];
  for (let n = 0; n < 4; n++) {
    const vars: Array<[string, string]> = [['z', String(n % 2)]];
    dFacts.push({ ...facts(n, vars, n >> 1), key: `d${n}`, config: 'D' });
    dResults.push(resultRun(n, vars, n >> 1, [['Net.fifo', 'len', n * 3 + (n % 2)]], 'D'));
  }
  const both = buildReportModel({
    facts: [...cFacts, ...dFacts],
    results: [...cResults, ...dResults],
    campaigns: [],
  });
  const alone = (f: RunFacts[], r: ResultRun[]) =>
    buildReportModel({ facts: f, results: r, campaigns: [] }).charts;
  const chartsOf = (config: string) => both.charts.filter((c) => c.config === config);
  assert.deepEqual(chartsOf('C'), alone(cFacts, cResults));
  assert.deepEqual(chartsOf('D'), alone(dFacts, dResults));
  assert.equal(chartsOf('D').length, 1);
  assert.deepEqual(both.scalars, [
    'Net.server:s',
    'Net.host[0]:h',
    'Net.host[1]:h',
    'Net.server:const',
    'Net.fifo:len',
  ]);
  assert.doesNotMatch(renderReportHtml(both), /id="no-chart"/);
});

// --- the model ---------------------------------------------------------------------------------

test('charts: one per varying variable, a line per value of the other, mean ± CI per point', () => {
  const { facts: f, results } = study();
  const m = buildReportModel({ facts: f, results, campaigns: [], scalars: ['**.server:s'] });
  assert.equal(m.runs.length, 18);
  assert.equal(m.scalarsFrom, 'campaign file');
  assert.deepEqual(m.scalarsNotFound, []);
  assert.deepEqual(
    m.charts.map((c) => [
      c.xVar,
      c.seriesVar,
      c.series.length,
      c.series.map((s) => s.points.length),
    ]),
    [
      ['x', 'y', 2, [3, 3]],
      ['y', 'x', 3, [2, 2, 2]],
    ],
  );
  const vsX = m.charts[0];
  assert.ok(vsX);
  assert.equal(vsX.xNumeric, true);
  assert.deepEqual(vsX.xValues, [1, 2, 3]);
  assert.equal(vsX.series[0]?.label, '$y="a"');
  const p = vsX.series[0]?.points[1];
  // x=2: values 20, 21, 22: mean 21, s = 1, t(2) = 4.3027: ±2.4841
  assert.equal(p?.x, 2);
  assert.equal(p?.n, 3);
  assert.equal(p?.mean, 21);
  assert.equal(p?.lo?.toFixed(4), '18.5159');
  const vsY = m.charts[1];
  assert.equal(vsY?.xNumeric, false, 'quoted strings are categories');
  assert.deepEqual(vsY?.xValues, ['"a"', '"b"']);
});

test('a third variable is pooled into the points, and the chart says so', () => {
  const f: RunFacts[] = [];
  const r: ResultRun[] = [];
  let n = 0;
  for (const a of ['1', '2'])
    for (const b of ['1', '2'])
      for (const c of ['1', '2']) {
        const vars: Array<[string, string]> = [
          ['a', a],
          ['b', b],
          ['c', c],
        ];
        f.push(facts(n, vars, 0));
        r.push(resultRun(n++, vars, 0, [['N', 'v', Number(a) + Number(b) + Number(c)]]));
      }
  const m = buildReportModel({ facts: f, results: r, campaigns: [] });
  assert.deepEqual(
    m.charts.map((c) => [c.xVar, c.seriesVar, c.pooled]),
    [
      ['a', 'b', ['c']],
      ['b', 'a', ['c']],
      ['c', 'a', ['b']],
    ],
  );
  assert.equal(m.charts[0]?.series[0]?.points[0]?.n, 2);
});

test('runs: journal facts joined to results; failures without results; results without facts', () => {
  const { facts: f, results } = study();
  const failed = facts(
    18,
    [
      ['x', '4'],
      ['y', '"a"'],
    ],
    0,
    {
      key: 'k18',
      status: 'failed',
      exitCode: 3,
      message: 'exit status 3',
      command: './sim -c C -r 18',
    },
  );
  const crashed = facts(
    19,
    [
      ['x', '4'],
      ['y', '"b"'],
    ],
    0,
    {
      key: 'k19',
      status: 'crashed',
      exitCode: null,
      signal: 'SIGSEGV',
    },
  );
  const orphan = resultRun(
    20,
    [
      ['x', '5'],
      ['y', '"a"'],
    ],
    0,
    [['Net.server', 's', 50]],
  );
  const m = buildReportModel({
    facts: [...f.slice(1), failed, crashed],
    results: [...results, orphan],
    campaigns: [],
  });
  assert.equal(m.runs.length, 21);
  assert.deepEqual(m.totals, [
    ['ok', 19],
    ['failed', 1],
    ['crashed', 1],
  ]);
  const first = m.runs[0];
  assert.equal(first?.runNumber, 0);
  assert.equal(first?.journaled, false, 'run 0 has results but no journal record');
  assert.equal(first?.wallMs, null);
  assert.deepEqual(first?.itervars, [
    ['x', '1'],
    ['y', '"a"'],
    ['repetition', '0'],
  ]);
  const r18 = m.runs.find((r) => r.runNumber === 18);
  assert.equal(r18?.status, 'failed');
  assert.equal(r18?.hasResults, false);
  assert.equal(r18?.command, './sim -c C -r 18');
  assert.deepEqual(
    m.grid.map((g) => [g.label, g.runs.length]),
    [
      ['$x=1', 6],
      ['$x=2', 6],
      ['$x=3', 6],
      ['$x=4', 2],
      ['$x=5', 1],
    ],
  );
  assert.deepEqual(
    m.slowest.slice(0, 3).map((i) => m.runs[i]?.runNumber),
    [19, 18, 17],
  );
});

test('durations: round bin widths covering every run', () => {
  assert.deepEqual([0.3, 7, 14, 30, 2100].map(niceStep), [0.5, 10, 20, 50, 2500]);
  const runs = buildReportModel({ ...study(), campaigns: [] }).runs;
  const h = durationHistogram(runs);
  assert.ok(h);
  assert.equal(
    h.counts.reduce((a, b) => a + b, 0),
    18,
  );
  assert.equal(h.edges.length, h.counts.length + 1);
  assert.ok((h.edges[0] ?? Infinity) <= 1000 && (h.edges.at(-1) ?? 0) > 2700);
  assert.equal(durationHistogram([]), null);
});

test('numeric axes need one unit for all values', () => {
  assert.deepEqual(numericAxis(['100ms', '20ms'])?.unit, 'ms');
  assert.equal(numericAxis(['1s', '100ms']), undefined);
  assert.equal(numericAxis(['1', 'x']), undefined);
  assert.deepEqual([...(numericAxis(['1e3', '-2.5'])?.of.values() ?? [])], [1000, -2.5]);
});

test('provenance: what the journal and attributes record, the rest marked not recorded', () => {
  const m = buildReportModel({
    ...study(),
    campaigns: [
      {
        t: 'campaign',
        started: '2026-01-01T10:00:00.000Z',
        build: 'b1',
        configs: ['C'],
        filter: '$x > 0',
        total: 18,
      },
    ],
  });
  const p = Object.fromEntries(m.provenance.map((i) => [i.label, i.value]));
  assert.equal(p['configs'], 'C');
  assert.equal(p['run filter'], '$x > 0');
  assert.equal(p['build'], 'b1');
  assert.equal(p['commit'], 'not recorded');
  assert.equal(p['campaign started'], '2026-01-01T10:00:00.000Z');
  // runs 0..17 start at 10:00:00..09 (n % 10); run 9 takes 1.9 s, run 17 1.7 s
  assert.equal(p['run times'], "2026-01-01 10:00:00 to 2026-01-01 10:00:10 (the runners' clocks)");
  assert.equal(p['network'], 'Net');
});

test('Markdown: a table per scalar, a row per value of each variable', () => {
  const m = buildReportModel({ ...study(), campaigns: [], scalars: ['Net.server:s'] });
  const md = scalarsMarkdown(m);
  assert.match(md, /\*\*`Net\.server:s`\*\*/);
  assert.match(md, /\| variable \| value \| runs \| mean \| 95% CI \| min \| max \|/);
  // x=2: 20,21,22 for y=a and y=b: mean 21 over 6 runs
  assert.match(md, /\| `\$x` \| `2` \| 6 \| 21 \| 20\.\d+ … 21\.\d+ \| 20 \| 22 \|/);
  assert.match(md, /\| `\$y` \| `"a"` \| 9 \| 21 \|/);
  assert.equal(scalarsMarkdown(buildReportModel({ facts: [], results: [], campaigns: [] })), '');
});

test('the page escapes what runs report: no markup or script end from the data', () => {
  const evil = '</script><script>alert(1)</script><b>';
  const m = buildReportModel({
    facts: [facts(0, [['x', '1']], 0, { status: 'failed', message: evil, command: evil })],
    results: [],
    campaigns: [{ t: 'campaign', configs: [evil] }],
  });
  const html = renderReportHtml(m);
  const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  assert.ok(data?.[1]);
  assert.ok(!data[1].includes('<'));
  assert.equal(JSON.stringify(JSON.parse(data[1])).includes(evil), true);
  assert.ok(!html.includes('<b>'));
  assert.equal((html.match(/<script/g) ?? []).length, 3, 'data, Chart.js, the page script');
  assert.equal(renderReportHtml(m), html, 'the same model gives the same page');
});

test('Markdown: markup in scalar names and values is text', () => {
  const m = buildReportModel({ ...study(), campaigns: [], scalars: ['Net.server:s'] });
  const evil = { ...m, scalars: ['a`<img src=x>`b'] };
  const rows = m.scalarTable.map((r) => ({ ...r, scalar: 'a`<img src=x>`b', value: '<b>1|2' }));
  const md = scalarsMarkdown({ ...evil, scalarTable: rows });
  assert.match(md, /\*\*``a`<img src=x>`b``\*\*/, 'a code span that no backtick ends');
  assert.match(md, /\| `<b>1\\\|2` \|/, 'a code span, its pipe escaped for the table');
  assert.ok(!md.replace(/``.*?``|`[^`]*`/g, '').includes('<'));
});

test('Markdown: iteration values and names from runs are code spans, no mention, image or link', () => {
  const m = buildReportModel({ ...study(), campaigns: [], scalars: ['Net.server:s'] });
  const hostile = [
    '"@octocat"',
    '"![t](https://example.com/x.png)"',
    '"[click](https://evil.example)"',
    '<!--',
  ];
  const rows = m.scalarTable.map((r, i) => ({
    ...r,
    config: i % 2 ? '@octocat' : 'C',
    variable: 'tag[x](https://evil.example)',
    value: hostile[i % hostile.length] as string,
  }));
  const md = scalarsMarkdown({ ...m, scalarTable: rows });
  const lines = md.split('\n').filter((l) => l.startsWith('| `'));
  assert.ok(lines.length >= hostile.length, md);
  for (const line of lines) {
    // every cell the runs gave is a whole code span; outside code spans only our own text
    const cells = line.split(' | ').map((c) => c.replace(/^\| | \|$/g, ''));
    for (const c of cells.slice(0, 3)) assert.match(c, /^`[^`]+`$/, line);
    assert.doesNotMatch(line.replace(/`[^`]*`/g, ''), /[@![\]<]/, line);
  }
  for (const h of hostile) assert.ok(md.includes(`\`${h}\``), h);
});

test('an interrupted or unfinished campaign: the page says how many planned runs have not run', () => {
  const { facts: f, results: all } = study();
  const campaign = (total: number, configs = ['C']) => ({ t: 'campaign', configs, total });
  // the last campaign planned 20 runs of C; 18 are here (one of them interrupted, no results)
  f[17] = { ...(f[17] as RunFacts), status: 'interrupted' };
  const results = all.slice(0, 17);
  const m = buildReportModel({ facts: f, results, campaigns: [campaign(5), campaign(20)] });
  assert.deepEqual(m.notRun, { missing: 2, planned: 20 });
  const html = renderReportHtml(m);
  assert.match(html, /<strong>18 runs<\/strong>.*17 ok.*1 interrupted/s);
  assert.match(html, /id="not-run"><strong>2 of the 20 planned runs have not run<\/strong>/);
  // every planned run here (or more, from earlier campaigns), a record without a total, runs
  // of other configs: nothing said
  for (const campaigns of [
    [campaign(18)],
    [campaign(20), campaign(3)],
    [{ t: 'campaign', configs: ['C'] }],
    [],
  ]) {
    const done = buildReportModel({ facts: f, results, campaigns });
    assert.equal(done.notRun, null);
    assert.doesNotMatch(renderReportHtml(done), /planned runs/);
  }
  assert.deepEqual(
    buildReportModel({ facts: f, results, campaigns: [campaign(4, ['D'])] }).notRun,
    {
      missing: 4,
      planned: 4,
    },
  );
});

test('hand-picked result files: no planned runs counted, and only their configs listed', () => {
  const { facts: f, results: all } = study();
  // two runs of C picked from a campaign of C, D and E that ran 20 runs, every one of them
  const campaigns = [{ t: 'campaign', configs: ['C', 'D', 'E'], total: 20, commit: 'abc' }];
  const picked = { facts: f.slice(0, 2), results: all.slice(0, 2), campaigns };
  const m = buildReportModel({ ...picked, handPicked: true });
  assert.equal(m.notRun, null);
  const html = renderReportHtml(m);
  assert.doesNotMatch(html, /planned runs/);
  const item = (model: typeof m, label: string) =>
    model.provenance.find((p) => p.label === label)?.value;
  assert.equal(item(m, 'configs'), 'C');
  assert.equal(item(m, 'commit'), 'abc', "the campaign's other facts stay");
  // the same inputs as a campaign's results (a folder): the shortfall and the campaign's configs
  const folder = buildReportModel(picked);
  assert.deepEqual(folder.notRun, { missing: 18, planned: 20 });
  assert.equal(item(folder, 'configs'), 'C, D, E');
});

test('hand-picked result files: only the campaigns that ran them give the build, start and commit', () => {
  const { facts: all, results } = study();
  // before: every campaign of the journal was listed (its build, when it started)
  const f = all.map((x) => ({ ...x, build: 'b1' }));
  const campaigns = [
    { t: 'campaign', started: '2026-01-01T00:00:00Z', build: 'b0', configs: ['C'], commit: 'old' },
    { t: 'campaign', started: '2026-02-01T00:00:00Z', build: 'b9', configs: ['X'], commit: 'x' },
    { t: 'campaign', started: '2026-03-01T00:00:00Z', build: 'b1', configs: ['C'], commit: 'abc' },
  ];
  const m = buildReportModel({
    facts: f.slice(0, 2),
    results: results.slice(0, 2),
    campaigns,
    handPicked: true,
  });
  const item = (label: string) => m.provenance.find((p) => p.label === label)?.value;
  assert.equal(item('build'), 'b1');
  assert.equal(item('campaign started'), '2026-03-01T00:00:00Z');
  assert.equal(item('commit'), 'abc');
});

test("a campaign's results: the provenance lists the configs and builds of the runs it holds, not of campaigns whose runs were run again or set aside", () => {
  const { facts: all, results } = study();
  const f = all.map((x) => ({ ...x, build: 'b1' }));
  const campaigns = [
    // config Gone renamed since (its runs set aside), C run again with another build
    { t: 'campaign', started: '2026-01-01T00:00:00Z', build: 'b0', configs: ['C', 'Gone'] },
    { t: 'campaign', started: '2026-03-01T00:00:00Z', build: 'b1', configs: ['C'] },
  ];
  const m = buildReportModel({ facts: f, results, campaigns });
  const item = (label: string) => m.provenance.find((p) => p.label === label)?.value;
  // before: "C, Gone", "b0, b1" and 2026-01-01
  assert.equal(item('configs'), 'C');
  assert.equal(item('build'), 'b1');
  assert.equal(item('campaign started'), '2026-03-01T00:00:00Z');
  // runs of the earlier build that the dataset still holds keep its campaign
  const mixed = f.map((x, i) => (i < 3 ? { ...x, build: 'b0' } : x));
  const both = buildReportModel({ facts: mixed, results, campaigns });
  const of = (label: string) => both.provenance.find((p) => p.label === label)?.value;
  assert.equal(of('build'), 'b0, b1');
  assert.equal(of('campaign started'), '2026-01-01T00:00:00Z');
});

test('chosen scalars that no chart shows: a warning each, its hint where they were chosen, a note on the page', () => {
  const { facts: f, results } = study();
  const nan = results.map((r) => ({
    ...r,
    scalars: [...r.scalars, scalar(r.run.runName, 'Net.server', 'q', NaN)],
  }));
  const chosen = ['Net.server:s', 'Net.sink:S', 'Net.server:q'];
  const fromFile = buildReportModel({ facts: f, results: nan, campaigns: [], scalars: chosen });
  assert.deepEqual(scalarWarnings(fromFile), [
    'no run has the scalar Net.sink:S (report.scalars in the campaign file: "module pattern:scalar name")',
    'the scalar Net.server:q is NaN or infinite in every run that has it: no chart',
  ]);
  const html = renderReportHtml(fromFile);
  assert.ok(fromFile.charts.length > 0);
  assert.match(
    html,
    /<p class="hint" id="scalars-not-charted">Not charted: no run recorded <code>Net\.sink:S<\/code> \(no module and scalar name matched\); <code>Net\.server:q<\/code> is NaN or infinite in every run that has it\.<\/p>/,
  );
  const fromLine = buildReportModel({
    facts: f,
    results: nan,
    campaigns: [],
    scalars: chosen.slice(0, 2),
    scalarsFrom: 'command line',
  });
  assert.deepEqual(scalarWarnings(fromLine), [
    'no run has the scalar Net.sink:S (--scalar MODULE:NAME)',
  ]);
  // every chosen scalar charted, or none (the page's no-chart line says so): no note
  for (const scalars of [['Net.server:s'], ['Net.sink:S']])
    assert.doesNotMatch(
      renderReportHtml(buildReportModel({ facts: f, results, campaigns: [], scalars })),
      /scalars-not-charted/,
    );
});

test('charts: a value whose runs all failed is listed as missing, with why; a count is non-negative', () => {
  const { facts: f, results } = study();
  // x=3's six runs failed: no results
  for (let n = 12; n < 18; n++) f[n] = { ...(f[n] as RunFacts), status: 'failed' };
  const m = buildReportModel({
    facts: f,
    results: results.slice(0, 12),
    campaigns: [],
    scalars: ['Net.server:s'],
  });
  const vsX = m.charts.find((c) => c.xVar === 'x');
  assert.deepEqual(vsX?.missing, [{ variable: 'x', value: '3', runs: 6, failed: 6 }]);
  assert.equal(vsX?.nonNegative, true);
  assert.equal(
    missingNote({ variable: 'x', value: '3', runs: 6, failed: 6 }),
    'No point at $x=3: its 6 runs did not succeed.',
  );
  assert.equal(
    missingNote({ variable: 'x', value: '3', runs: 1, failed: 0 }),
    'No point at $x=3: its run recorded no value.',
  );
  const all = buildReportModel({ ...study(), campaigns: [], scalars: ['Net.server:s'] });
  assert.ok(all.charts.every((c) => c.missing.length === 0));
});

test('charts: a value whose runs recorded nan is said to have recorded nan, not no value', () => {
  const { facts: f, results } = study();
  // x=3 (runs 12..17): s is nan in runs 12..16 and missing from run 17; x=2 with y="a" (runs 6..8): nan
  const nan = results.map((r, n) => ({
    ...r,
    scalars: r.scalars.flatMap((s) =>
      s.name !== 's' || (n < 12 && (n < 6 || n > 8)) ? [s] : n === 17 ? [] : [{ ...s, value: NaN }],
    ),
  }));
  const m = buildReportModel({ facts: f, results: nan, campaigns: [], scalars: ['Net.server:s'] });
  const vsX = m.charts.find((c) => c.xVar === 'x');
  assert.deepEqual(vsX?.missing, [
    { variable: 'x', value: '3', runs: 6, failed: 0, nonFinite: 5 },
    {
      variable: 'x',
      value: '2',
      line: { variable: 'y', value: '"a"' },
      runs: 3,
      failed: 0,
      nonFinite: 3,
    },
  ]);
  assert.deepEqual(missingNotes(vsX?.missing ?? []), [
    'No point at $x=3: its 6 runs recorded nan or inf (5) or no value (1).',
    'No point at $x=2 for $y="a": its 3 runs recorded nan or inf.',
  ]);
  assert.equal(
    missingNote({ variable: 'x', value: '3', runs: 4, failed: 2, nonFinite: 2 }),
    'No point at $x=3: 2 of its 4 runs did not succeed, the others recorded nan or inf.',
  );
});

test('charts: a point of one line whose runs all failed is noted (before: the line skipped it silently)', () => {
  const { facts: f, results: all } = study();
  // x=3 with y="b" (runs 15..17) failed; x=3 has points on the line of y="a"
  for (let n = 15; n < 18; n++) f[n] = { ...(f[n] as RunFacts), status: 'failed' };
  const results = all.filter((_, n) => n < 15);
  const m = buildReportModel({ facts: f, results, campaigns: [], scalars: ['Net.server:s'] });
  const vsX = m.charts.find((c) => c.xVar === 'x');
  const vsY = m.charts.find((c) => c.xVar === 'y');
  const point = {
    variable: 'x',
    value: '3',
    line: { variable: 'y', value: '"b"' },
    runs: 3,
    failed: 3,
  };
  assert.deepEqual(vsX?.missing, [point]);
  assert.deepEqual(vsY?.missing, [
    { variable: 'y', value: '"b"', line: { variable: 'x', value: '3' }, runs: 3, failed: 3 },
  ]);
  assert.deepEqual(missingNotes(vsX?.missing ?? []), [
    'No point at $x=3 for $y="b": its 3 runs did not succeed.',
  ]);
  assert.match(
    renderReportHtml(m),
    /No point at \$x=3 for \$y=\\"b\\": its 3 runs did not succeed\./,
  );
  // many: five said, the rest summed up
  const many = Array.from({ length: 8 }, (_, i) => ({ ...point, value: String(i) }));
  const notes = missingNotes([{ variable: 'x', value: '9', runs: 2, failed: 2 }, ...many]);
  assert.equal(notes.length, 7);
  assert.equal(notes[0], 'No point at $x=9: its 2 runs did not succeed.');
  assert.equal(notes[6], 'No point at 3 more ($x, $y) pairs: their 9 runs did not succeed.');
});

test('a chosen scalar no run has but one close to it was recorded: "did you mean" in the warning and on the page', () => {
  const { facts: f, results } = study();
  // before: only "no run has the scalar **.server:S (...)"
  const chosen = [
    '**.server:S',
    'Net.Host[*]:h',
    '**.server:cnst',
    '**.server:zzz',
    'Net.server:s',
  ];
  const m = buildReportModel({
    facts: f,
    results,
    campaigns: [],
    scalars: chosen,
    scalarsFrom: 'command line',
  });
  assert.deepEqual(scalarWarnings(m), [
    'no run has the scalar **.server:S; did you mean **.server:s? (--scalar MODULE:NAME)',
    'no run has the scalar Net.Host[*]:h; did you mean Net.host[0]:h or Net.host[1]:h? (--scalar MODULE:NAME)',
    'no run has the scalar **.server:cnst; did you mean **.server:const? (--scalar MODULE:NAME)',
    'no run has the scalar **.server:zzz (--scalar MODULE:NAME)',
  ]);
  assert.match(
    renderReportHtml(m),
    /Not charted: no run recorded <code>\*\*\.server:S<\/code>, .*\(no module and scalar name matched; did you mean <code>\*\*\.server:s<\/code> for <code>\*\*\.server:S<\/code>\?; did you mean/,
  );
  // the only chosen scalar, misspelt: the page's no-chart line names what was meant
  const only = buildReportModel({ facts: f, results, campaigns: [], scalars: ['**.server:S'] });
  assert.match(
    renderReportHtml(only),
    /No chart: no run has the chosen scalar\. Did you mean <code>\*\*\.server:s<\/code> for <code>\*\*\.server:S<\/code>\?/,
  );
});

test('a report of one run: no chart because it holds one run, said plainly', () => {
  const { facts: f, results } = study();
  const one = buildReportModel({
    facts: f.slice(0, 1),
    results: results.slice(0, 1),
    campaigns: [],
    handPicked: true,
  });
  assert.equal(one.charts.length, 0);
  const html = renderReportHtml(one);
  // before: "No chart: no iteration variable takes more than one value in the runs with the chosen scalars."
  assert.match(
    html,
    /id="no-chart">No chart: the report holds one run, nothing to chart across runs\.<\/p>/,
  );
  assert.doesNotMatch(html, /more than one value/);
  // what `report` prints after "0 charts"
  assert.equal(oneRun(one), 'the report holds one run, nothing to chart across runs');
  // two runs, one value of every variable: that reason stays
  const two = buildReportModel({
    facts: f.slice(0, 2),
    results: results.slice(0, 2),
    campaigns: [],
  });
  assert.equal(oneRun(two), undefined);
});

test('no chart: the page says why as it is (no run succeeded, no scalars recorded, none chosen found, nothing varies)', () => {
  const { facts: f, results: all } = study();
  // a model that records only statistics: its runs have no scalar, though $x takes 3 values
  const bare = all.map((r) => ({ ...r, scalars: [] }));
  const none = buildReportModel({ facts: f, results: bare, campaigns: [] });
  assert.equal(none.scalarsRecorded, false);
  const html = renderReportHtml(none);
  // before: "no chosen scalar was found in runs whose iteration variables take more than one value"
  assert.match(
    html,
    /id="no-chart">No chart: the runs recorded no scalars\. Statistics and histograms \(<code>name:stats<\/code>/,
  );
  assert.doesNotMatch(html, /take more than one value/);
  // every run failed: that is the reason, not what the runs record
  const failed = buildReportModel({
    facts: f.map((x) => ({ ...x, status: 'failed' as const, exitCode: 1 })),
    results: [],
    campaigns: [],
  });
  assert.equal(failed.runsWithResults, 0);
  assert.match(
    renderReportHtml(failed),
    new RegExp(`id="no-chart">No chart: no run succeeded \\(${f.length} did not\\)\\.`),
  );
  const chosen = buildReportModel({ ...study(), campaigns: [], scalars: ['**:hops:stats'] });
  assert.match(renderReportHtml(chosen), /No chart: no run has the chosen scalar\. Statistics/);
  // one value of every variable: that is the reason
  const one = study();
  const flat = buildReportModel({
    facts: one.facts.slice(0, 3),
    results: one.results.slice(0, 3),
    campaigns: [],
    scalars: ['Net.server:s'],
  });
  assert.match(
    renderReportHtml(flat),
    /No chart: no iteration variable takes more than one value in the runs with the chosen scalars\./,
  );
});

test('no chart because the runs whose variables vary all failed: said so, not that nothing varies', () => {
  const { facts: f, results } = study();
  const failed = (x: RunFacts): RunFacts => ({ ...x, status: 'failed', exitCode: 1 });
  // config A (no variable) succeeded; every run of C ($x, $y) failed
  const a = facts(100, [], 0, { config: 'A', key: 'ka' });
  const ar = resultRun(100, [], 0, [['Net.server', 's', 1]], 'A');
  const a2 = facts(101, [], 1, { config: 'A', key: 'kb' });
  const ar2 = resultRun(101, [], 1, [['Net.server', 's', 2]], 'A');
  for (const scalars of [undefined, ['Net.server:s']]) {
    const m = buildReportModel({
      facts: [a, a2, ...f.map(failed)],
      results: [ar, ar2],
      campaigns: [],
      ...(scalars ? { scalars } : {}),
    });
    assert.equal(m.charts.length, 0);
    const html = renderReportHtml(m);
    // before: "No chart: no iteration variable takes more than one value in the runs with the
    // chosen scalars."
    assert.match(
      html,
      /id="no-chart">No chart: config C varies \$x, \$y, but none of its 18 runs succeeded\.<\/p>/,
    );
    assert.doesNotMatch(html, /more than one value/);
  }
  // C's runs that succeeded lack the chosen scalar (the others failed)
  const lacking = buildReportModel({
    facts: [a, a2, ...f.map((x, i) => (i < 2 ? x : failed(x)))],
    results: [ar, ar2, ...results.slice(0, 2).map((r) => ({ ...r, scalars: [] }))],
    campaigns: [],
    scalars: ['Net.server:s'],
  });
  assert.match(
    renderReportHtml(lacking),
    /No chart: config C varies \$x, \$y, but its 2 runs that succeeded have no finite value of the chosen scalars\./,
  );
  // every run failed, their files (a header and parameters, no scalar) at hand: the runs failed
  const partial = buildReportModel({
    facts: f.map((x, i) => ({ ...failed(x), runName: results[i]?.run.runName ?? '' })),
    results: results.map((r) => ({ ...r, scalars: [] })),
    campaigns: [],
  });
  assert.equal(partial.runsWithResults, f.length);
  // before: "No chart: the runs recorded no scalars. Statistics and histograms ..."
  assert.match(
    renderReportHtml(partial),
    new RegExp(`id="no-chart">No chart: no run succeeded \\(${f.length} did not\\)\\.`),
  );
});

test('chosen result files: each run once, with the fact that is its own', () => {
  const r0 = resultRun(0, [['x', '1']], 0, [['Net.n', 's', 1]]);
  const r1 = resultRun(1, [['x', '2']], 0, [['Net.n', 's', 2]]);
  const failed0 = facts(0, [['x', '1']], 0, { key: 'other', status: 'failed', exitCode: 1 });
  const lists0 = facts(0, [['x', '1']], 0, { key: 'k0' });
  const failed1 = facts(1, [['x', '2']], 0, { status: 'failed', exitCode: 1 });
  const fileOf = new Map([[r0.run.runName, ['r0.sca']]]);
  const listed = new Map<RunFacts, string[]>([[lists0, ['r0.sca']]]);
  const picked = factsOfResults([failed0, lists0, failed1], [r0, r1], {
    ofRun: (name) => fileOf.get(name) ?? [],
    ofFact: (f) => listed.get(f) ?? [],
  });
  // run 0: the record listing its file, not the failed one of the same number; run 1: its
  // number's record failed, so the file is a run of its own (before: 3 runs, 2 of them failed)
  assert.deepEqual(
    picked.map((f) => [f.key, f.runName]),
    [['k0', r0.run.runName]],
  );
  const m = buildReportModel({ facts: picked, results: [r0, r1], campaigns: [], handPicked: true });
  assert.equal(m.runs.length, 2);
  assert.deepEqual(m.totals, [['ok', 2]]);
});
