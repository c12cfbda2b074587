import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  batchOptions,
  campaignArgProblem,
  fromTemplate,
  runCommand,
  shellQuote,
  splitWords,
  TemplateError,
} from '../../../src/core/campaign/command.js';
import { renderRunFile, recordedValue } from '../../../src/core/campaign/run-file.js';
import {
  checkResultEnds,
  checkResultText,
  checkSqliteHeader,
  classify,
  isSqliteHeader,
  parseCmdenvStatus,
} from '../../../src/core/campaign/outcome.js';

const input = {
  config: 'Study',
  runNumber: 7,
  iniFiles: ['omnetpp.ini', 'extra.ini'],
  resultDir: '/r/runs',
  runFile: '/r/x.run',
  key: 'abc',
};

test('omnetpp preset: the model executable, or opp_run with libraries and NED path', () => {
  assert.deepEqual(
    runCommand(
      { preset: 'omnetpp', program: 'out/aloha', libraries: [], nedPath: [], args: ['-s'] },
      input,
    ),
    {
      command: 'out/aloha',
      args: [
        '-u',
        'Cmdenv',
        '-c',
        'Study',
        '-r',
        '7',
        '-f',
        'omnetpp.ini',
        '-f',
        'extra.ini',
        '--result-dir=/r/runs',
        '-s',
      ],
    },
  );
  // an executable gets its NED path too (the IDE's layout: src/ and simulations/)
  assert.deepEqual(
    runCommand(
      {
        preset: 'omnetpp',
        program: 'src/wizard',
        libraries: [],
        nedPath: ['src', 'simulations'],
        args: [],
      },
      input,
    ).args.slice(0, 4),
    ['-n', 'src:simulations', '-u', 'Cmdenv'],
  );
  assert.deepEqual(
    runCommand(
      {
        preset: 'omnetpp',
        libraries: ['../inet/src/INET'],
        nedPath: ['.', '../inet/src'],
        args: [],
      },
      input,
    ),
    {
      command: 'opp_run',
      args: [
        '-l',
        '../inet/src/INET',
        '-n',
        '.:../inet/src',
        '-u',
        'Cmdenv',
        '-c',
        'Study',
        '-r',
        '7',
        '-f',
        'omnetpp.ini',
        '-f',
        'extra.ini',
        '--result-dir=/r/runs',
      ],
    },
  );
});

test('command templates: words split like a shell, placeholders filled, no shell', () => {
  assert.deepEqual(
    fromTemplate(`./sim --cfg {config} -r{run} "--out={resultdir}/x y" {ini} 'a;b'`, input),
    {
      command: './sim',
      args: ['--cfg', 'Study', '-r7', '--out=/r/runs/x y', 'omnetpp.ini', 'extra.ini', 'a;b'],
    },
  );
  assert.throws(() => fromTemplate('./sim {nope}', input), TemplateError);
  assert.throws(() => fromTemplate('"open', input), /unclosed/);
  assert.throws(() => fromTemplate('   ', input), /empty/);
  assert.deepEqual(splitWords(`a\\ b "c\\"d" ''`), ['a b', 'c"d', '']);
  assert.equal(
    shellQuote({ command: './sim', args: ['a b', "it's"] }, { K: 'v' }),
    `K=v ./sim 'a b' 'it'\\''s'`,
  );
});

test('classification of a finished run', () => {
  const exit0 = { status: 'exited' as const, exitCode: 0, signal: null };
  assert.equal(classify(exit0, [{ path: 'a.sca', problem: null }]).status, 'ok');
  assert.equal(classify(exit0, [{ path: 'a.sca', problem: undefined }]).status, 'no-results');
  assert.equal(classify(exit0, [{ path: 'a.sca', problem: 'truncated' }]).status, 'bad-results');
  assert.equal(classify({ status: 'exited', exitCode: 3, signal: null }, []).status, 'failed');
  assert.equal(
    classify({ status: 'signaled', exitCode: null, signal: 'SIGSEGV' }, []).message,
    'killed by SIGSEGV',
  );
  // SIGKILL is most often the kernel's out-of-memory killer: said, with where the peak is
  assert.match(
    classify({ status: 'signaled', exitCode: null, signal: 'SIGKILL' }, []).message ?? '',
    /^killed by SIGKILL \(out of memory\? the kernel's OOM killer sends it; runs\.csv has the run's peak memory\)$/,
  );
  assert.equal(
    classify({ status: 'timeout', exitCode: null, signal: 'SIGTERM' }, []).status,
    'timeout',
  );
});

test('result file check', () => {
  assert.equal(checkResultText('version 3\nrun r1\nscalar m s 1\n'), null);
  assert.match(checkResultText('version 3\nrun r1\nscalar m s') ?? '', /truncated/);
  assert.match(checkResultText('') ?? '', /empty/);
  assert.match(checkResultText('garbage\n') ?? '', /version/);
  assert.match(checkResultText('version 3\nscalar m s 1\n') ?? '', /run/);
  assert.match(checkResultText('version 3\nrun r\n%%%\n') ?? '', /line 3/);
});

test('result file check from its two ends', () => {
  const head = 'version 3\nrun r1\nattr configname M\nvector 0 m v ETV\n0\t1\t0';
  assert.equal(checkResultEnds(head, '.5\t1\n0\t2\t1\t2\n'), null);
  // the tail's first line is a fragment: not judged
  assert.equal(checkResultEnds(head, '%%%garbage\n0\t2\t1\t2\n'), null);
  assert.match(checkResultEnds(head, '\n0\t2\t1') ?? '', /truncated/);
  assert.match(checkResultEnds(head, 'x\n%%%\n0\t2\t1\t2\n') ?? '', /near its end.*%%%/);
  assert.match(checkResultEnds('garbage', '\n') ?? '', /version/);
  assert.match(checkResultEnds('version 3\nscalar m s 1\n', '\n') ?? '', /run/);
});

test('SQLite header: recognised, and its announced size checked against the file', () => {
  const header = new Uint8Array(100);
  header.set([...'SQLite format 3\0'].map((c) => c.charCodeAt(0)));
  const view = new DataView(header.buffer);
  view.setUint16(16, 4096);
  view.setUint32(24, 7); // file change counter
  view.setUint32(92, 7); // version-valid-for: the size field below is valid
  view.setUint32(28, 10); // 10 pages
  assert.ok(isSqliteHeader(header));
  assert.ok(!isSqliteHeader(new TextEncoder().encode('version 3\nrun r1\n')));
  assert.equal(checkSqliteHeader(header, 40960), null);
  assert.match(checkSqliteHeader(header, 40000) ?? '', /truncated: 40000 bytes of the 40960/);
  assert.match(checkSqliteHeader(header.subarray(0, 50), 50) ?? '', /truncated/);
  view.setUint32(92, 6); // stale size field: the file's own size counts
  assert.equal(checkSqliteHeader(header, 40000), null);
  view.setUint16(16, 1); // 65536-byte pages
  view.setUint32(92, 7);
  assert.match(checkSqliteHeader(header, 40960) ?? '', /655360/);
});

test('Cmdenv status lines', () => {
  assert.deepEqual(
    parseCmdenvStatus(
      '** Event #5598   t=180   Elapsed: 0.00138s (0m 00s)  100% completed  (100% total)',
    ),
    { event: 5598, simTime: '180', percent: 100 },
  );
  assert.equal(parseCmdenvStatus('     Speed:     ev/sec=0'), undefined);
});

test('Cmdenv status lines of OMNeT++ 6.1 (aloha, express mode): t= with a time limit and without (before: nothing without a limit)', () => {
  const statuses = (file: string) =>
    readFileSync(join(import.meta.dirname, '../../fixtures/omnetpp-6.1/cmdenv', file), 'utf8')
      .split('\n')
      .map(parseCmdenvStatus)
      .filter((s) => s !== undefined);
  // no sim-time-limit or cpu-time-limit: the line has no "% completed"
  assert.deepEqual(statuses('status-no-limit.txt'), [
    { event: 0, simTime: '0', percent: undefined },
    { event: 75776, simTime: '2325.711234585491', percent: undefined },
  ]);
  assert.deepEqual(statuses('status-sim-time-limit.txt'), [
    { event: 0, simTime: '0', percent: 0 },
    { event: 196864, simTime: '6056.902717578761', percent: 30 },
  ]);
});

test('run file: .sca header syntax, string options recorded unquoted', () => {
  const text = renderRunFile({
    key: 'k',
    config: 'C',
    runNumber: 0,
    itervars: [
      { name: 'n', value: '10' },
      { name: 'a', value: '"x y"' },
    ],
    repetition: '0',
    seedset: '0',
    attrs: { configname: 'C', iterationvars: '$n=10, $a="x y"' },
    entries: [
      { key: 'description', value: '"a study"' },
      { key: '**.s', value: '"quoted"' },
      { key: '**.x', value: 'uniform(0m, 1000m)' },
    ],
    resultFiles: { scalar: 's', vector: 'v' },
  });
  assert.equal(
    text,
    [
      '# opp-campaign run file v1',
      'attr configname C',
      'attr iterationvars "$n=10, $a=\\"x y\\""',
      'itervar a "\\"x y\\""',
      'itervar n 10',
      'config description "a study"',
      'config **.s "\\"quoted\\""',
      'config **.x "uniform(0m, 1000m)"',
      '',
    ].join('\n'),
  );
  assert.equal(recordedValue('**.network', '"Net"'), 'Net');
  assert.equal(recordedValue('**.typename', '"A" "B"'), '"A" "B"');
});

test('debug-on-errors is switched off for the runs of a config that sets it, unless run.args sets it', () => {
  const omnetpp = { preset: 'omnetpp' as const, libraries: [], nedPath: [], args: [] };
  const on = [{ key: 'debug-on-errors', value: 'true' }];
  assert.deepEqual(batchOptions(omnetpp, on), ['--debug-on-errors=false']);
  assert.deepEqual(batchOptions(omnetpp, [{ key: 'debug-on-errors', value: 'false' }]), []);
  assert.deepEqual(batchOptions(omnetpp, []), [], 'OMNeT++ defaults to false: nothing to add');
  assert.deepEqual(batchOptions({ ...omnetpp, args: ['--debug-on-errors=true'] }, on), []);
  assert.deepEqual(batchOptions({ preset: 'command', command: 'sim {run}' }, on), []);
});

test("cmdenv-interactive is switched off for a config that sets it: a campaign's run has no one to answer", () => {
  const omnetpp = { preset: 'omnetpp' as const, libraries: [], nedPath: [], args: [] };
  const entries = [
    { key: 'cmdenv-interactive', value: 'true' },
    { key: 'debug-on-errors', value: 'true' },
  ];
  assert.deepEqual(batchOptions(omnetpp, entries), [
    '--debug-on-errors=false',
    '--cmdenv-interactive=false',
  ]);
  assert.deepEqual(batchOptions(omnetpp, [{ key: 'cmdenv-interactive', value: 'false' }]), []);
});

test('extra run arguments that would change what a run runs are refused, with where to choose it', () => {
  const at = (args: string[]) => {
    const p = campaignArgProblem(args);
    return p && { index: p.index, shown: /^'[^']*'/.exec(p.message)?.[0] };
  };
  assert.equal(
    campaignArgProblem(['--sim-time-limit=1s', '-n', 'a:b', '-l', 'x', '-s', '-m']),
    undefined,
  );
  assert.equal(
    campaignArgProblem(['--cmdenv-interactive=false', '-x', 'a.b', '-i', 'img']),
    undefined,
  );
  assert.deepEqual(at(['--sim-time-limit=1s', '-c', 'Fifo2']), { index: 1, shown: "'-c Fifo2'" });
  assert.deepEqual(at(['-cFifo2']), { index: 0, shown: "'-cFifo2'" });
  assert.deepEqual(at(['-r', '3']), { index: 0, shown: "'-r 3'" });
  assert.deepEqual(at(['-f', 'other.ini']), { index: 0, shown: "'-f other.ini'" });
  assert.deepEqual(at(['-u', 'Qtenv']), { index: 0, shown: "'-u Qtenv'" });
  assert.deepEqual(at(['-q', 'numruns']), { index: 0, shown: "'-q numruns'" });
  assert.deepEqual(at(['--result-dir=/tmp/x']), { index: 0, shown: "'--result-dir=/tmp/x'" });
  assert.deepEqual(at(['--cmdenv-interactive=true']), {
    index: 0,
    shown: "'--cmdenv-interactive=true'",
  });
  // options that change which runs there are, or what the plan records of them (checked live:
  // `--repeat=1` makes 3 runs of TicToc18's 12, and its run 2 another simulation)
  for (const a of [
    '--repeat=1',
    '--constraint=$N>2',
    '--iteration-nesting-order=N,*',
    '--seed-set=7',
    '--output-scalar-file=x.sca',
    '--output-vector-file=x.vec',
    '--experiment-label=e',
  ])
    assert.deepEqual(at(['--sim-time-limit=1s', a]), { index: 1, shown: `'${a}'` });
  assert.match(
    campaignArgProblem(['--repeat=1'])?.message ?? '',
    /it changes how many runs there are and which is which; opp-campaign plans the runs from the ini files, so set repeat there/,
  );
  // per-run options that leave the plan as it is stay allowed
  assert.equal(
    campaignArgProblem(['--**.vector-recording=false', '--cpu-time-limit=1s']),
    undefined,
  );
  // a word that is no option is an ini file to OMNeT++; an option's value is not
  assert.deepEqual(at(['-l', 'lib', 'extra.ini']), { index: 2, shown: "'extra.ini'" });
  assert.match(
    campaignArgProblem(['-c', 'X'])?.message ?? '',
    /choose configs with -c NAME before --/,
  );
});
