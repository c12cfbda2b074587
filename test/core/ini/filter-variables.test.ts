// An expression run filter (`-r '$x < 10'`) over a large config: the filter is evaluated with
// the run's iteration variables, and the run's other variables (${seedset}, ${resultdir}, ...,
// the work of a run's set-up) are worked out for the first run only, unless the filter names
// one of them or an option they come from depends on the run. Counted through a seam (the calls
// of ConfigRuns.variables), not timed. The outputs are those of opp_run (checked live against
// OMNeT++ 6.1 when the fix was made, and by the golden tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigRuns, IniConfig, query, readIniFiles } from '../../../src/core/ini/index.js';
import { planRuns } from '../../../src/core/plan/plan.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

/** The lines of `query`, and how many times a run's variables were worked out for them. */
function counted(
  text: string,
  q: string,
  filter: string,
  config = 'General',
): { lines: string[]; variables: number } {
  const proto = ConfigRuns.prototype as { variables: ConfigRuns['variables'] };
  const original = proto.variables;
  let variables = 0;
  proto.variables = function (this: ConfigRuns, ...args) {
    variables++;
    return original.apply(this, args);
  };
  try {
    const lines =
      q === 'plan'
        ? [...planRuns(ini(text), { configs: [config], filter })].map(
            (r) => `${r.runNumber} ${r.key}`,
          )
        : [...query(ini(text), config, q, { filter })];
    return { lines, variables };
  } finally {
    proto.variables = original;
  }
}

const GRID = '[General]\nnetwork = Net\n**.a = ${a=1..40}\n**.b = ${b=1..50}\n';

test('a filter on iteration variables works out the other variables of the first run only', () => {
  // before: every one of the 2,000 runs' variables (a million runs: ~6 s of a plan's ~6.2 s)
  const numruns = counted(GRID, 'numruns', '$a < 3 && $b >= 49');
  assert.deepEqual(numruns.lines, ['4']);
  // (checkReferences works out the first run's too)
  assert.ok(numruns.variables <= 2, `variables worked out ${numruns.variables} times`);
  const runs = counted(GRID, 'runs', '$a < 3 && $b >= 49');
  assert.deepEqual(runs.lines, [
    'Run 48: $a=1, $b=49, $repetition=0',
    'Run 49: $a=1, $b=50, $repetition=0',
    'Run 98: $a=2, $b=49, $repetition=0',
    'Run 99: $a=2, $b=50, $repetition=0',
  ]);
  assert.ok(runs.variables <= 2, `variables worked out ${runs.variables} times`);
  // the plan (`plan --json`, the action's plan): the selected runs' variables, and the first's
  const plan = counted(GRID, 'plan', '$a < 3 && $b >= 49');
  assert.deepEqual(
    plan.lines.map((l) => l.split(' ')[0]),
    ['48', '49', '98', '99'],
  );
  assert.ok(plan.variables <= 5, `variables worked out ${plan.variables} times`);
});

test('a filter naming a run variable, or options that depend on the run: every run as before', () => {
  // ${runnumber} is no iteration variable: each run's variables are worked out
  const byNumber = counted(GRID, 'runnumbers', '$runnumber % 500 == 7');
  assert.deepEqual(byNumber.lines, [' 7 507 1007 1507']);
  assert.ok(byNumber.variables >= 2000);
  // a seed-set of an iteration variable fails at the run whose value is no number, as opp_run
  // does, however few runs the filter selects
  const failing =
    '[General]\nnetwork = Net\n**.a = ${a=1..3}\n**.b = ${b=1,2,x}\nseed-set = ${b}\n';
  assert.throws(
    () => counted(failing, 'numruns', '$a < 2'),
    /Error getting value of config option 'seed-set'/,
  );
});

test('a filter naming ${processid}, ${datetime}, ${datetimef} or ${runid}: their values now, as opp_run has them', () => {
  // before: "Cannot evaluate run filter: Unknown iteration variable: $processid" (opp_run lists
  // every run for `-r '$processid > 0'`, none for `-r '$processid == 0'`)
  const at = new IniConfig(
    readIniFiles(['omnetpp.ini'], () => '[General]\nnetwork = Net\n**.a = ${a=1..3}\n'),
    { processid: '4242', datetime: '20260102-03:04:05' },
  );
  const q = (filter: string, what = 'runnumbers') => [...query(at, 'General', what, { filter })];
  assert.deepEqual(q('$processid > 0'), [' 0 1 2']);
  assert.deepEqual(q('$processid == 0'), ['']);
  assert.deepEqual(q('$processid == 4242 && $a > 1'), [' 1 2']);
  assert.deepEqual(q('$processid > 0', 'numruns'), ['3']);
  // datetimef is `20260102-030405`: an integer expression (20260102 - 30405)
  assert.deepEqual(q('$datetimef == 20229697'), [' 0 1 2']);
  assert.throws(
    () => q('$datetime == 0'),
    /^IniError: Cannot evaluate run filter: Parse error in expression '20260102-03:04:05 == 0': syntax error$/m,
  );
  assert.throws(
    () => q('$runid > 0'),
    /Parse error in expression 'General-0-20260102-03:04:05-4242 > 0'/,
  );
  assert.throws(
    () => q('$processid'),
    /Cannot evaluate run filter: bool expected, but integer \(4242\) found in the expression '4242'/,
  );
  // the plan (`plan --json`, `run`, the action's plan) selects the same runs; its runs keep
  // ${processid} and ${runid} unresolved (a run's own are its process's)
  const plan = [...planRuns(at, { configs: ['General'], filter: '$processid > 0 && $a != 2' })];
  assert.deepEqual(
    plan.map((r) => r.runNumber),
    [0, 2],
  );
});
