// Result filters: opp_scavetool's expression syntax over module, name, type, run, config and
// iteration variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FilterSyntaxError,
  parseResultFilter,
  sortedMap,
  type ResultItem,
  type RunInfo,
} from '../../../src/core/results/index.js';

const run = (name: string, config: string, itervars: Record<string, string>): RunInfo => ({
  runName: name,
  attributes: sortedMap([
    ['configname', config],
    ['runnumber', name.split('-')[1] ?? '0'],
  ]),
  itervars: sortedMap(Object.entries(itervars)),
  configEntries: [['sim-time-limit', '3min']],
});

const RUNS = {
  a: run('Pure-0-x', 'Pure', { numHosts: '10', iaMean: '1' }),
  b: run('Pure-1-x', 'Pure', { numHosts: '20', iaMean: '3' }),
  c: run('Slotted-0-y', 'Slotted', {}),
};

const scalar = (r: RunInfo, module: string, name: string, unit?: string): ResultItem => ({
  type: 'scalar',
  runName: r.runName,
  module,
  name,
  attributes: sortedMap(unit ? [['unit', unit]] : []),
  file: 'x.sca',
  value: 1,
});
const vector = (r: RunInfo, module: string, name: string): ResultItem => ({
  type: 'vector',
  runName: r.runName,
  module,
  name,
  attributes: new Map(),
  file: 'x.vec',
  vectorId: 0,
  columns: 'ETV',
});
const statistic = (r: RunInfo, module: string, name: string): ResultItem => ({
  type: 'statistic',
  runName: r.runName,
  module,
  name,
  attributes: new Map(),
  file: 'x.sca',
  statistics: {
    weighted: false,
    count: 0,
    min: 0,
    max: 0,
    sumWeights: 0,
    sumWeightedValues: 0,
    sumSquaredWeights: 0,
    sumWeightedSquaredValues: 0,
  },
});

const ITEMS: Array<[string, ResultItem, RunInfo]> = [
  ['a/util', scalar(RUNS.a, 'Aloha.server', 'channelUtilization:last'), RUNS.a],
  ['a/dur', scalar(RUNS.a, 'Aloha.server', 'duration', 's'), RUNS.a],
  ['a/host', scalar(RUNS.a, 'Aloha.host[3]', 'collisions'), RUNS.a],
  ['a/vec', vector(RUNS.a, 'Aloha.server', 'channelState:vector'), RUNS.a],
  ['b/util', scalar(RUNS.b, 'Aloha.server', 'channelUtilization:last'), RUNS.b],
  ['b/stat', statistic(RUNS.b, 'Aloha.server', 'collisionLength:stats'), RUNS.b],
  ['c/util', scalar(RUNS.c, 'Aloha.server', 'channelUtilization:last'), RUNS.c],
];

const select = (expr: string): string[] => {
  const f = parseResultFilter(expr);
  return ITEMS.filter(([, item, r]) => f(item, r)).map(([id]) => id);
};

test('fields, patterns and boolean operators select as opp_scavetool does', () => {
  const cases: Array<[string, string[]]> = [
    ['channelUtilization*', ['a/util', 'b/util', 'c/util']],
    ['name =~ "channelUtilization*"', ['a/util', 'b/util', 'c/util']],
    ['name=~channelUtilization:last AND config=~Pure', ['a/util', 'b/util']],
    ['module =~ "**.server" AND itervar:numHosts =~ 10', ['a/util', 'a/dur', 'a/vec']],
    ['module =~ *.host[*]', ['a/host']],
    ['module =~ Aloha.host{0..2}', []],
    ['module =~ "Aloha.host[{2..5}]"', ['a/host']],
    ['type =~ vector', ['a/vec']],
    ['type =~ statistics', ['b/stat']],
    ['type =~ statistic', ['b/stat']],
    ['NOT type =~ scalar', ['a/vec', 'b/stat']],
    ['not (type =~ scalar or type =~ vector)', ['b/stat']],
    ['itervar:iaMean =~ {2..9} OR config =~ Slotted', ['b/util', 'b/stat', 'c/util']],
    ['run =~ Pure-1-*', ['b/util', 'b/stat']],
    ['runattr:runnumber =~ 0 and name =~ d?ration', ['a/dur']],
    ['attr:unit =~ s', ['a/dur']],
    ['config:sim-time-limit =~ 3min AND config =~ Slotted', ['c/util']],
    ['itervar:numHosts =~ ""', ['c/util']],
    ['file =~ *.vec', ['a/vec']],
    ['name =~ "duration" AND (config =~ Slotted OR itervar:numHosts =~ "1?")', ['a/dur']],
  ];
  for (const [expr, expected] of cases) assert.deepEqual(select(expr), expected, expr);
});

test('filter syntax errors name the position', () => {
  const cases: Array<[string, RegExp, number]> = [
    ['', /empty filter/, 1],
    ['name =~', /a pattern expected after '=~', not the end/, 8],
    ['(name =~ x', /'\)' expected \(for the '\(' at position 1\)/, 11],
    ['name =~ x)', /unmatched '\)'/, 10],
    ['nmae =~ x', /unknown field 'nmae' \(fields: name, module,/, 1],
    ['name =~ x y', /AND or OR expected before 'y'/, 11],
    ['name =~ "abc', /unterminated string/, 9],
    ['AND x', /a pattern, a field or '\(' expected, not 'AND'/, 1],
    ['module =~ {a-', /bad pattern '\{a-': Unmatched/, 11],
  ];
  for (const [expr, message, position] of cases) {
    assert.throws(
      () => parseResultFilter(expr),
      (e: unknown) => {
        assert.ok(e instanceof FilterSyntaxError, expr);
        assert.match(e.message, message, expr);
        assert.equal(e.position, position, expr);
        assert.ok(e.message.includes(`at position ${position}`), e.message);
        return true;
      },
    );
  }
});
