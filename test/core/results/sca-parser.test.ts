import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ResultFileError,
  ScalarFileParser,
  splitLines,
  statisticsMean,
  statisticsStddev,
  type ScaRecord,
} from '../../../src/core/results/index.js';

function parse(text: string, file = 'test.sca'): ScaRecord[] {
  const p = new ScalarFileParser(file);
  const out: ScaRecord[] = [];
  const lines = splitLines(text);
  lines.forEach((l, i) => out.push(...p.pushLine(l, i < lines.length - 1 || text.endsWith('\n'))));
  out.push(...p.end());
  return out;
}

const SAMPLE = `version 3
run r1
attr configname General
attr b "x y"
itervar n 10
config **.n 10
config sim-time-limit 1s

scalar top.a s1 1.5
attr unit s
par top.a p "\\"str\\""
statistic top.a st
field count 3
field mean 2
field min 1
field max 3
field sum 6
field sqrsum 14
attr title t
statistic top.a h
field count 2
field weights 2
field weightedSum 3
field sqrSumWeights 2
field weightedSqrSum 5
field min 1
field max 2
bin -inf 0
bin 0 1
bin 1 0.5
bin 1 0.5
bin 2 0
run r2
scalar top.b s2 -inf
`;

test('parses runs, scalars, parameters, statistics and histograms', () => {
  const records = parse(SAMPLE);
  assert.deepEqual(
    records.map((r) =>
      r.type === 'run' ? `run ${r.run.runName}` : `${r.type} ${r.name}@${r.line}`,
    ),
    [
      'run r1',
      'scalar s1@9',
      'parameter p@11',
      'statistic st@12',
      'histogram h@20',
      'run r2',
      'scalar s2@34',
    ],
  );
  const run = records[0];
  assert.ok(run?.type === 'run');
  assert.deepEqual(
    [...run.run.attributes],
    [
      ['b', 'x y'],
      ['configname', 'General'],
    ],
  );
  assert.deepEqual([...run.run.itervars], [['n', '10']]);
  assert.deepEqual(run.run.configEntries, [
    ['**.n', '10'],
    ['sim-time-limit', '1s'],
  ]);
  const [, s1, p, st, h, , s2] = records;
  assert.ok(s1?.type === 'scalar' && p?.type === 'parameter' && s2?.type === 'scalar');
  assert.equal(s1.value, 1.5);
  assert.deepEqual([...s1.attributes], [['unit', 's']]);
  assert.equal(p.value, '"str"');
  assert.equal(s2.value, -Infinity);
  assert.equal(s2.runName, 'r2');
  assert.ok(st?.type === 'statistic' && h?.type === 'histogram');
  assert.equal(st.statistics.count, 3);
  assert.equal(statisticsMean(st.statistics), 2);
  assert.equal(statisticsStddev(st.statistics), 1);
  assert.ok(h.statistics.weighted);
  assert.equal(statisticsMean(h.statistics), 1.5);
  // the first bin is the underflow, the last the overflow; equal edges are merged
  assert.deepEqual(h.histogram, {
    binEdges: [0, 1, 2],
    binValues: [1, 1],
    underflows: 0,
    overflows: 0,
  });
});

test('version 2: iteration variables are taken from run attributes', () => {
  const records = parse(
    'version 2\nrun r\nattr iterationvars "$x=1, $y=2"\nattr x 1\nattr y 2\nattr z 3\nscalar m s 0\n',
  );
  const run = records[0];
  assert.ok(run?.type === 'run');
  assert.deepEqual(
    [...run.run.itervars],
    [
      ['x', '1'],
      ['y', '2'],
    ],
  );
  assert.deepEqual(
    [...run.run.attributes].map(([k]) => k),
    ['iterationvars', 'z'],
  );
});

function parseError(text: string): string {
  try {
    parse(text, 'corrupt.sca');
  } catch (e) {
    assert.ok(e instanceof ResultFileError, String(e));
    return e.message;
  }
  assert.fail('no error');
}

test('malformed input gives file:line errors', () => {
  assert.equal(
    parseError('version 3\nrun r\nscalar m s 1x\n'),
    'corrupt.sca:3: invalid value column',
  );
  assert.equal(
    parseError('version 3\nrun r\nscalar m s\n'),
    "corrupt.sca:3: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected",
  );
  assert.equal(
    parseError('version 3\nscalar m s 1\n'),
    "corrupt.sca:2: stray 'scalar' line, must be under a 'run'",
  );
  assert.equal(parseError('version 3\nrun r\nhello world\n'), 'corrupt.sca:3: unrecognized line');
  assert.equal(
    parseError('version 4\n'),
    'corrupt.sca:1: unsupported file version (version 2 or version 3 expected)',
  );
  assert.equal(parseError('run r\nattr title "unterminated\n'), 'corrupt.sca:2: Unmatched quote');
  assert.equal(
    parseError('run r\nstatistic m s\nbin 1 0\nbin 0 1\n'),
    'corrupt.sca:4: bin edges must be increasing',
  );
  assert.equal(
    parseError('run r\nscalar m s 1\nfield count 1\n'),
    "corrupt.sca:3: stray 'field' line, must be under a 'statistic'",
  );
  assert.equal(
    parseError('run r\nscalar m s 1\nconfig a b\n'),
    "corrupt.sca:3: stray 'config' line, must be under a 'run' line",
  );
  // a file cut in the middle of a line
  assert.equal(
    parseError('run r\nscalar m s 1\nscalar m t'),
    'corrupt.sca:3: last line has no line terminator (truncated file?)',
  );
});
