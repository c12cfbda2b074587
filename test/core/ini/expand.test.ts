// Each construct of the run expander, directly, on small in-memory ini texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IniConfig,
  IniError,
  query,
  readIniFiles,
  TooManyRunsError,
} from '../../../src/core/ini/index.js';
import { planRuns } from '../../../src/core/plan/plan.js';

const ini = (text: string, files: Record<string, string> = {}) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : files[p])));
const runs = (text: string, config = 'General', q = 'runs', filter?: string) => [
  ...query(ini(text), config, q, filter === undefined ? {} : { filter }),
];
const throwsIni = (f: () => unknown, re: RegExp, line?: number) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof IniError, String(e));
    assert.match(e.message, re);
    if (line !== undefined) assert.equal(e.location?.line, line, e.describe());
    return true;
  });

test('lists, ranges with units dropped, descending and floating steps printed with %g', () => {
  assert.deepEqual(runs('**.a = ${x=1..2, 5..20 step 7, "s", 1s..3s}'), [
    'Run 0: $x=1, $repetition=0',
    'Run 1: $x=2, $repetition=0',
    'Run 2: $x=5, $repetition=0',
    'Run 3: $x=12, $repetition=0',
    'Run 4: $x=19, $repetition=0',
    'Run 5: $x="s", $repetition=0',
    'Run 6: $x=1, $repetition=0',
    'Run 7: $x=2, $repetition=0',
    'Run 8: $x=3, $repetition=0',
  ]);
  assert.deepEqual(runs('**.a = ${x=1..9 step 0.1}', 'General', 'numruns'), ['81']);
  assert.deepEqual(
    runs('**.a = ${x=-2.043e10..3E10 step 1e10}').map((l) => l.split(': ')[1]),
    [
      '$x=-2.043e+10, $repetition=0',
      '$x=-1.043e+10, $repetition=0',
      '$x=-4.3e+08, $repetition=0',
      '$x=9.57e+09, $repetition=0',
      '$x=1.957e+10, $repetition=0',
      '$x=2.957e+10, $repetition=0',
    ],
  );
  assert.deepEqual(runs('**.a = ${x=5..1}', 'General', 'numruns'), ['0']);
});

test('a variable that refers to another becomes an inner loop; cycles are errors', () => {
  assert.deepEqual(runs('**.b = ${b=$a..2}\n**.a = ${a=1..2}'), [
    'Run 0: $a=1, $b=1, $repetition=0',
    'Run 1: $a=1, $b=2, $repetition=0',
    'Run 2: $a=2, $b=2, $repetition=0',
  ]);
  throwsIni(
    () => runs('**.a = ${a=1..$b}\n**.b = ${b=1..$a}', 'General', 'numruns'),
    /Cycle detected/,
  );
  throwsIni(
    () => runs('**.a = ${a=1..$nope}', 'General', 'numruns'),
    /Undefined variable \$nope/,
    1,
  );
});

test('iteration-nesting-order puts the listed variables outside', () => {
  const text = 'iteration-nesting-order = repetition, *\nrepeat = 2\n**.a = ${a=1,2}\n';
  assert.deepEqual(runs(text), [
    'Run 0: $repetition=0, $a=1',
    'Run 1: $repetition=0, $a=2',
    'Run 2: $repetition=1, $a=1',
    'Run 3: $repetition=1, $a=2',
  ]);
  throwsIni(
    () => runs('iteration-nesting-order = zz\n**.a = ${a=1,2}\n'),
    /Undefined variable \$zz specified as part of the iteration variable nesting order/,
  );
});

test('parallel iteration follows the position of its partner', () => {
  assert.deepEqual(runs('**.a = ${a=1,2,3}\n**.b = ${b=x,y,z,w ! a}'), [
    'Run 0: $a=1, $b=x, $repetition=0',
    'Run 1: $a=2, $b=y, $repetition=0',
    'Run 2: $a=3, $b=z, $repetition=0',
  ]);
  throwsIni(
    () => runs('**.a = ${a=1,2,3}\n**.b = ${b=x ! a}', 'General', 'numruns'),
    /Parallel iterator \$\{\.\.\.!a\} does not have enough values/,
    2,
  );
  throwsIni(
    () => runs('**.b = ${b=x ! nope}', 'General', 'numruns'),
    /Undefined variable \$nope, referenced from the definition of \$b as parallel variable/,
  );
});

test('constraints use NED expression semantics: units, strings, logic', () => {
  const text =
    '**.d = ${d=1s,500ms,2s}\n**.s = ${s="a","b"}\nconstraint = $d >= 1000ms && ($s == "a" || $d == 2s)\n';
  assert.deepEqual(runs(text), [
    'Run 0: $d=1s, $s="a", $repetition=0',
    'Run 1: $d=2s, $s="a", $repetition=0',
    'Run 2: $d=2s, $s="b", $repetition=0',
  ]);
  throwsIni(
    () => runs('**.a = ${a=1,2}\nconstraint = $a + 1\n', 'General', 'numruns'),
    /Cannot evaluate constraint expression: bool expected, but integer \(2\) found/,
    2,
  );
});

test('repeat, ${repetition} and seed-set', () => {
  const text = 'repeat = 2\nseed-set = ${repetition}\n**.a = ${a=1,2}\n';
  assert.deepEqual(runs(text, 'General', 'rundetails'), [
    'Run 0: $a=1, $repetition=0',
    '\tseed-set = 0',
    '\t**.a = 1',
    '',
    'Run 1: $a=1, $repetition=1',
    '\tseed-set = 1',
    '\t**.a = 1',
    '',
    'Run 2: $a=2, $repetition=0',
    '\tseed-set = 0',
    '\t**.a = 2',
    '',
    'Run 3: $a=2, $repetition=1',
    '\tseed-set = 1',
    '\t**.a = 2',
  ]);
  assert.deepEqual(runs('repeat = 0\n', 'General', 'numruns'), ['0']);
});

test('predefined variables, file-name encoding and result file names', () => {
  const text = [
    'network = Net',
    'runnumber-width = 3',
    'result-dir = out/${configname}',
    '[Config C]',
    'repeat = 2',
    '**.a = ${"hello, world", 2}',
    '**.n = ${n=1}',
    '**.id = "${configname}/${runnumber}/${iterationvars}/${iterationvarsf}/${iterationvarsd}/${network}/${seedset}/${experiment}/${measurement}/${replication}"',
  ].join('\n');
  const [first] = [...planRuns(ini(text), { configs: ['C'] })];
  assert.ok(first);
  const id = first.entries.find((e) => e.key === '**.id')?.value;
  assert.equal(
    id,
    '"C/000/$0="hello, world", $n=1/hello,_world,n=1-/hello,_world/n=1/Net/0/C/$0="hello, world", $n=1/#0"',
  );
  assert.equal(first.resultFiles.scalar, 'out/C/C-hello,_world,n=1-#0.sca');
  assert.equal(first.resultFiles.vector, 'out/C/C-hello,_world,n=1-#0.vec');
  assert.equal(first.attrs['runnumber'], '000');
  assert.deepEqual(first.itervars, [
    { name: '0', value: '"hello, world"' },
    { name: 'n', value: '1' },
  ]);
});

test('a quoted output-scalar-file or output-vector-file names the file without its quotes, as OMNeT++ writes it', () => {
  const text = [
    '[Config Q]',
    'output-scalar-file = "${resultdir}/q \\"x\\"-${configname}-${runnumber}.sca"',
    'output-vector-file = "${resultdir}/v-${runnumber}.vec"',
  ].join('\n');
  const [run] = [...planRuns(ini(text), { configs: ['Q'] })];
  // what opp_run 6.1 wrote for this ini: `results/q "x"-Q-0.sca`
  assert.equal(run?.resultFiles.scalar, 'results/q "x"-Q-0.sca');
  assert.equal(run?.resultFiles.vector, 'results/v-0.vec');
});

test('resultdir-subdivision and command-line overrides of result-dir', () => {
  const text = 'resultdir-subdivision = true\n[Config S]\n**.a = ${a=1}\n';
  const [run] = [...planRuns(ini(text), { configs: ['S'], overrides: { 'result-dir': '/tmp/r' } })];
  assert.equal(run?.resultFiles.scalar, '/tmp/r/S/a=1/S-a=1-#0.sca');
  // the override decides where files go, not what the run is
  const [plain] = [...planRuns(ini(text), { configs: ['S'] })];
  assert.equal(plain?.key, run?.key);
  assert.equal(plain?.resultFiles.scalar, 'results/S/a=1/S-a=1-#0.sca');
});

test('run keys: stable, independent of run numbering, different for different runs', () => {
  const a = [...planRuns(ini('[Config C]\n**.x = ${x=1,2}\nseed-set = 7\n'), { configs: ['C'] })];
  const b = [...planRuns(ini('[Config C]\n**.x = ${x=0,1,2}\nseed-set = 7\n'), { configs: ['C'] })];
  assert.equal(a.length, 2);
  assert.equal(new Set(a.map((r) => r.key)).size, 2);
  assert.equal(a[0]?.key, b[1]?.key, 'x=1 is the same simulation whatever its run number');
  assert.match(a[0]?.key ?? '', /^[0-9a-f]{20}$/);
});

test('run filters: lists in their order, expressions over all variables', () => {
  const text = '**.a = ${a=1..5}\n';
  assert.deepEqual(runs(text, 'General', 'runnumbers', '4,1..2'), [' 4 1 2']);
  assert.deepEqual(runs(text, 'General', 'runnumbers', '$a > 3 || $runnumber == 0'), [' 0 3 4']);
  assert.deepEqual(runs(text, 'General', 'numruns', '"$configname" == "General"'), ['5']);
  throwsIni(() => runs(text, 'General', 'runnumbers', '1,,x'), /Cannot evaluate run filter/);
  throwsIni(
    () => runs(text, 'General', 'runnumbers', '7'),
    /Run number 7 in run list '7' is out of range 0..4/,
  );
  throwsIni(() => runs(text, 'General', 'runnumbers', '1 2'), /Syntax error in run list '1 2'/);
});

test('a config over the run limit is refused before any work, with its count', () => {
  const text = '**.a = ${a=1..1000}\n**.b = ${b=1..1000}\n';
  assert.throws(
    () => [...query(ini(text), 'General', 'runs', { maxRuns: 999_999 })],
    (e: unknown) =>
      e instanceof TooManyRunsError && e.count === 1_000_000 && /1000000 runs/.test(e.message),
  );
  assert.deepEqual(
    [...query(ini(text), 'General', 'numruns', { maxRuns: 1_000_000 })],
    ['1000000'],
  );
});

test('errors in values name the entry', () => {
  throwsIni(
    () => runs('\n**.a = ${x=1,2}\n**.b = ${x=3}\n', 'General', 'numruns'),
    /Redefinition of iteration variable \$\{x\}/,
    3,
  );
  throwsIni(
    () => runs('**.a = ${repetition=1}\n', 'General', 'numruns'),
    /\$\{repetition\} is a predefined variable/,
    1,
  );
  // (`${x=1`, its '}' missing at the end, is x = 1 to opp_run 6.1: see text.test.ts)
  throwsIni(() => runs('**.a = ${\n', 'General', 'numruns'), /Missing '\}' for '\$\{'/, 1);
  throwsIni(
    () => runs('**.a = ${nosuch}\n', 'General', 'rundetails'),
    /No such variable: \$\{nosuch\}/,
    1,
  );
  throwsIni(
    () => runs('**.a = ${x=1..y}\n', 'General', 'numruns'),
    /Parse error in expression 'y'|Cannot evaluate expression/,
  );
  throwsIni(() => runs('**.a = ${x=1..2 step 0}\n', 'General', 'numruns'), /Step is zero/);
  throwsIni(() => runs('repeat = many\n', 'General', 'numruns'), /many/, 1);
});

test('include: text substitution into the current section', () => {
  const config = ini('[Config A]\ninclude part.inc\n**.c = 3\n[Config B]\n', {
    'part.inc': '**.p = ${p=1}\n',
  });
  assert.deepEqual(
    [...query(config, 'A', 'rundetails')],
    ['Run 0: $p=1, $repetition=0', '\t**.p = 1'],
  );
  assert.deepEqual([...query(config, 'B', 'numruns')], ['1']);
});

// What opp_run 6.1 printed for each (`opp_run -f x.ini -s -q runs`, checked live)
test('`${p}` with braces in another variable’s values is substituted at every restart, as `$p` is (not worked out once)', () => {
  assert.deepEqual(runs('**.p = ${p=1..3}\n**.m = ${m=${p}}\n**.q = ${q=5,6}'), [
    'Run 0: $p=1, $m=1, $q=5, $repetition=0',
    'Run 1: $p=1, $m=1, $q=6, $repetition=0',
    'Run 2: $p=2, $m=2, $q=5, $repetition=0',
    'Run 3: $p=2, $m=2, $q=6, $repetition=0',
    'Run 4: $p=3, $m=3, $q=5, $repetition=0',
    'Run 5: $p=3, $m=3, $q=6, $repetition=0',
  ]);
  // inside a longer value, in a string, and as a range bound
  assert.deepEqual(
    runs('**.p = ${p=1..2}\n**.b = ${b=${p}hn,x}').map((l) => l.slice(7)),
    [
      '$p=1, $b=1hn, $repetition=0',
      '$p=1, $b=x, $repetition=0',
      '$p=2, $b=2hn, $repetition=0',
      '$p=2, $b=x, $repetition=0',
    ],
  );
  assert.deepEqual(runs('**.p = ${p=1..3}\n**.m = ${m="x${p}y"}\nconstraint = $m != "x2y"'), [
    'Run 0: $p=1, $m="x1y", $repetition=0',
    'Run 1: $p=3, $m="x3y", $repetition=0',
  ]);
  assert.deepEqual(runs('**.p = ${p=1..3}\n**.m = ${m=1..${p}}', 'General', 'numruns'), ['6']);
  // a filter on the derived variable selects what opp_run selects
  assert.deepEqual(
    runs('**.p = ${p=1..3}\n**.m = ${m=${p}}\n**.q = ${q=5,6}', 'General', 'runnumbers', '$m==2'),
    [' 2 3'],
  );
});

test('a reference to a variable of an inner loop, which has no value yet, is refused at its line, as opp_run does', () => {
  // (the line of the variable whose values need it: line 1 here)
  // r is the inner loop here (m is defined first, and `${r}` does not order it outside)
  throwsIni(
    () => runs('**.m = ${m=${r}+1}\n**.r = ${r=1..3}'),
    /^Could not compute number of runs in config General: double expected, but nothing found in the expression '1'$/,
    1,
  );
  throwsIni(
    () => runs('**.m = ${m=${r}+1}\n**.r = ${r=a,b}'),
    /string expected, but nothing found in the expression 'a'$/,
    1,
  );
  throwsIni(
    () => runs('**.y = ${y=${repetition}, 9}\nrepeat = 2'),
    /double expected, but nothing found in the expression '0'$/,
    1,
  );
  throwsIni(
    () => runs('**.a = ${a=${a}}'),
    /string expected, but nothing found in the expression '\$\{a\}'$/,
    1,
  );
  // in the right order it is a plain dependency
  assert.deepEqual(runs('**.r = ${r=1..2}\n**.m = ${m=${r}+1}'), [
    'Run 0: $r=1, $m=1+1, $repetition=0',
    'Run 1: $r=2, $m=2+1, $repetition=0',
  ]);
});
