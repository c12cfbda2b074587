import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Scenario } from '../../src/core/ini/scenario.js';
import { runCli } from '../helpers/cli.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-plan-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('a bad ini: one message with file and line, nothing on stdout, exit 1', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\n**.a = 1\n**.b = "unterminated\n' });
  const r = await runCli(['plan', 'omnetpp.ini', '-a'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'opp-campaign: error: omnetpp.ini:3: Unterminated string constant\n');
});

test('a ${name} that names no variable: an error where OMNeT++ unrolls the config, not in -a', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = X\n**.a = ${y}\n' });
  // as opp_run 6.1: `-q numruns`, `-q runnumbers` and `-q runs` fail, `-a` counts 1 run
  for (const q of ['numruns', 'runnumbers', 'runs']) {
    const r = await runCli(['plan', '-q', q], dir);
    assert.equal(r.code, 1, q);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'opp-campaign: error: omnetpp.ini:3: Scenario generator: No such variable: ${y}\n',
    );
  }
  const all = await runCli(['plan', '-a'], dir);
  assert.equal(all.stdout, 'Config General: 1\n');
});

test('several configs with a query: said as such (no -q given: the default count)', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\n[Config A]\n[Config B]\n' });
  const r = await runCli(['plan', '-c', 'A', '-c', 'B'], dir);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^opp-campaign: error: plan: -q numruns \(the default\) answers for one config, not 2 \(several go with --json\)\n/,
  );
});

test('errors in included files name the included file', async () => {
  const dir = project({
    'omnetpp.ini': '[General]\ninclude more.ini\n',
    'more.ini': '\n[Config X]\nextends = Nope\n',
  });
  const r = await runCli(['plan', '-a'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /more\.ini:3: No such config: Nope/);
  const missing = await runCli(['plan', 'nope.ini', '-a'], dir);
  assert.match(missing.stderr, /plan: nope\.ini: no such file or folder/);
  assert.equal(missing.code, 2);
  // -f's file too, with a folder or not, as run's -f (before: exit 1, "Cannot open ini file
  // 'nope.ini'" and no help hint)
  for (const args of [
    ['plan', '-f', 'nope.ini', '-a'],
    ['plan', '.', '-f', 'nope.ini'],
  ]) {
    const given = await runCli(args, dir);
    assert.equal(
      given.stderr,
      "opp-campaign: error: plan: -f nope.ini: no such file\nRun 'opp-campaign plan --help' for usage.\n",
      args.join(' '),
    );
    assert.equal(given.code, 2);
  }
});

test('unknown config, unknown query, and usage errors', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\n**.a = ${a=1,2}\n' });
  const unknown = await runCli(['plan', '-c', 'Nope', '-q', 'runs'], dir);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No such config: Nope/);
  // a wrong command line: exit 2, with the values there are (before: exit 1, none listed)
  const q = await runCli(['plan', '-q', 'run'], dir);
  assert.equal(q.code, 2);
  assert.equal(
    q.stderr,
    "opp-campaign: error: plan: unrecognized -q argument 'run': one of numruns, runnumbers, runs, rundetails, sectioninheritance\nRun 'opp-campaign plan --help' for usage.\n",
  );
  assert.equal((await runCli(['plan', '-q', 'NumRuns'], dir)).stdout, '2\n'); // (any case)
  const flag = await runCli(['plan', '--frobnicate'], dir);
  assert.equal(flag.code, 2);
  assert.match(
    flag.stderr,
    /plan: unknown option --frobnicate\n[\s\S]*opp-campaign plan --help' for usage/,
  );
  const both = await runCli(['plan', '-a', '--json'], dir);
  assert.equal(both.code, 2);
  const max = await runCli(['plan', '--max-runs', 'lots'], dir);
  assert.equal(max.code, 2);
  const cmd = await runCli(['frobnicate'], dir);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command 'frobnicate'\n/);
  // a typo's closest command (before: "unknown command 'rnu'" alone)
  const typo = await runCli(['rnu', '.'], dir);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^opp-campaign: error: unknown command 'rnu'; did you mean 'run'\?\n/);
});

test('an ini saved as Latin-1: two different values give two different run keys', async () => {
  const keyOf = async (value: string): Promise<string> => {
    const dir = project({});
    // "été" and "ütü" in Latin-1: both U+FFFD...U+FFFD when read as UTF-8
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      Buffer.from(`[General]\n**.s = "${value}"\n`, 'latin1'),
    );
    const r = await runCli(['plan', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { runs: { key: string }[] }).runs[0]?.key ?? '';
  };
  assert.notEqual(await keyOf('\xe9t\xe9'), await keyOf('\xfct\xfc'));
});

test(
  'bytes that are not UTF-8: printed and made into result file names as opp_run does, from the bytes',
  { skip: needsOmnetpp() },
  async () => {
    const dir = project({ 'Net.ned': 'network Net {}\n' });
    // Latin-1 é beside valid UTF-8 ï and a C1 byte: before, plan printed é as UTF-8 and named
    // the result file caf#ffffffc3#ffffffa9 (OMNeT++ writes caf#ffffffe9: no-results, rerun)
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      Buffer.from(
        '[General]\nnetwork = Net\n[Config A]\n**.mode = "${mode=ok,caf\xe9}"\n**.x = "na\xc3\xafve \x80"\n',
        'latin1',
      ),
    );
    const opp = (args: string[]): Buffer => {
      const r = spawnSync(join(theOmnetpp().bin, 'opp_run'), args, {
        cwd: dir,
        env: theOmnetpp().env,
      });
      assert.equal(r.status, 0, r.stderr.toString());
      return r.stdout;
    };
    for (const q of ['runs', 'rundetails']) {
      const r = await runCli(['plan', '-c', 'A', '-q', q], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdoutBytes, opp(['-s', '-c', 'A', '-q', q]), q);
    }
    assert.deepEqual((await runCli(['plan', '-a'], dir)).stdoutBytes, opp(['-s', '-a']));
    const json = await runCli(['plan', '-c', 'A', '--json'], dir);
    const runs = (JSON.parse(json.stdout) as { runs: { resultFiles: { scalar: string } }[] }).runs;
    opp(['-u', 'Cmdenv', '-n', '.', '-c', 'A', '-r', '1']);
    assert.equal(runs[1]?.resultFiles.scalar, 'results/A-mode=caf#ffffffe9-#0.sca');
    assert.ok(existsSync(join(dir, runs[1]?.resultFiles.scalar ?? '')));
    rmSync(dir, { recursive: true, force: true });
  },
);

test('--max-runs refuses a config before any output', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\n**.a = ${a=1..100}\n**.b = ${b=1..100}\n' });
  const r = await runCli(['plan', '-q', 'runs', '--max-runs', '5000'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /expands to 10000 runs, more than the limit of 5000/);
  // the CLI's own words for it (the action names its input instead)
  assert.match(r.stderr, /more than the limit of 5000 \(raise it with --max-runs\)\n$/);
});

test('--json: every selected run with its key, variables, entries and result files', async () => {
  const dir = project({
    'omnetpp.ini':
      '[General]\nnetwork = Net\n[Config A]\nrepeat = 2\n**.a = ${a=1,2}\n**.s = "${a}-x"\n',
  });
  const r = await runCli(['plan', '-c', 'A', '-r', '$a == 2', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as {
    version: number;
    configs: { name: string; chain: string[] }[];
    filter: string;
    runs: {
      key: string;
      config: string;
      runNumber: number;
      itervars: { name: string; value: string }[];
      repetition: string;
      seedset: string;
      attrs: Record<string, string>;
      entries: { key: string; value: string }[];
      resultFiles: { scalar: string; vector: string };
    }[];
  };
  assert.equal(plan.version, 1);
  assert.deepEqual(plan.configs, [{ name: 'A', chain: ['A', 'General'] }]);
  assert.deepEqual(
    plan.runs.map((x) => [x.runNumber, x.repetition, x.seedset]),
    [
      [2, '0', '2'],
      [3, '1', '3'],
    ],
  );
  const run = plan.runs[0];
  assert.ok(run);
  assert.deepEqual(run.itervars, [{ name: 'a', value: '2' }]);
  assert.deepEqual(run.entries, [
    { key: 'repeat', value: '2' },
    { key: '**.a', value: '2' },
    { key: '**.s', value: '"2-x"' },
    { key: 'network', value: 'Net' },
  ]);
  assert.equal(run.attrs['iterationvars'], '$a=2');
  assert.equal(run.attrs['network'], 'Net');
  assert.equal(run.resultFiles.scalar, 'results/A-a=2-#0.sca');
  // identical across invocations
  const again = await runCli(['plan', '-c', 'A', '-r', '$a == 2', '--json'], dir);
  assert.equal(again.stdout, r.stdout);
});

test('--json writes nothing when the plan fails midway', async () => {
  const dir = project({
    'omnetpp.ini': '[General]\nnetwork = Net\n**.x = ${x=1,2,3}\n**.z = ${y=1..2 ! x}\n',
  });
  const counted = await runCli(['plan', '--json'], dir);
  assert.equal(counted.code, 1);
  assert.equal(counted.stdout, '');
  assert.match(counted.stderr, /omnetpp\.ini:4: .*Parallel iterator/);
  // the filter fails at the third run, after two runs were planned
  const good = project({ 'omnetpp.ini': '[General]\nnetwork = Net\n**.x = ${x=1,2,3}\n' });
  const filter = '$x < 3 || nosuchfunction()';
  const filtered = await runCli(['plan', '--json', '-r', filter], good);
  assert.equal(filtered.code, 1);
  assert.equal(filtered.stdout, '');
  assert.match(filtered.stderr, /Cannot evaluate run filter/);
});

test('an undefined variable is reported at the entry that refers to it', async () => {
  const dir = project({
    'omnetpp.ini': '[General]\nnetwork = Net\n\n[Config Bad]\n**.a = 1\n**.b = ${b=1..$nope}\n',
  });
  const r = await runCli(['plan', '-c', 'Bad', '-q', 'runs'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^opp-campaign: error: omnetpp\.ini:6: .*Undefined variable \$nope/);
  const anonymous = project({ 'omnetpp.ini': '[General]\n**.a = 1\n**.b = ${$nope}\n' });
  const a = await runCli(['plan', '-q', 'runs'], anonymous);
  assert.match(a.stderr, /^opp-campaign: error: omnetpp\.ini:3: .*Undefined variable \$nope/);
});

test('a byte-order mark at the start of an ini file: refused at line 1 as opp_run refuses it, with a hint', async () => {
  // opp_run -s -a -f omnetpp.ini: <!> Error: Line must be in the form key=value, 'omnetpp.ini' line 1
  const dir = project({ 'omnetpp.ini': '\uFEFF[General]\nnetwork = Net\n**.a = ${a=1,2}\n' });
  const r = await runCli(['plan', '-q', 'numruns'], dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^opp-campaign: error: omnetpp\.ini:1: Line must be in the form key=value \(the file starts with a byte-order mark \(BOM\).*save the file without one\)/,
  );
  // in an included file too, at its line 1
  const inc = project({
    'omnetpp.ini': '[General]\nnetwork = Net\ninclude more.ini\n',
    'more.ini': '\uFEFF\n**.a = ${a=1,2}\n',
  });
  const i = await runCli(['plan', '-q', 'numruns'], inc);
  assert.equal(i.code, 1);
  assert.match(
    i.stderr,
    /error: more\.ini:1: Line must be in the form key=value \(the file starts with a byte-order mark/,
  );
  // a parameter key after it is accepted, as opp_run accepts it (it matches no parameter)
  const key = project({ 'omnetpp.ini': '\uFEFF**.a = ${a=1,2}\nnetwork = Net\n' });
  const k = await runCli(['plan', '-q', 'numruns'], key);
  assert.equal(k.stdout, '2\n');
});

test('a NUL byte in an ini line: the line ends there, as in opp_run (refused at its line when that breaks it)', async () => {
  // opp_run: <!> Error: Unterminated string constant, 'omnetpp.ini' line 3
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = Net\n**.a = "x\0y"\n**.b = 2\n' });
  const r = await runCli(['plan', '-q', 'numruns'], dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^opp-campaign: error: omnetpp\.ini:3: Unterminated string constant \(the line has a NUL byte, .*\)/,
  );
  // what opp_run accepts (a NUL in a comment, at the end of a value, alone on a line) is accepted
  const ok = project({
    'omnetpp.ini': '[General]\nnetwork = Net\n#com\0ment\n\0\n**.a = ${a=1,2}\0 garbage\n',
  });
  const o = await runCli(['plan', '-q', 'numruns'], ok);
  assert.equal(o.stderr, '');
  assert.equal(o.stdout, '2\n');
});

test('help', async () => {
  const r = await runCli(['--help']);
  assert.match(r.stdout, /Commands:[\s\S]*run[\s\S]*plan/);
  const p = await runCli(['plan', '--help']);
  assert.match(p.stdout, /Usage: opp-campaign plan/);
});

test('a key that is no OMNeT++ option: plan prints as opp_run would, with a warning at its line', async () => {
  const dir = project({
    'omnetpp.ini':
      '[General]\nnetwork = Net\nsim-time-limt = 10s\n**.vector-recording = false\n[Config A]\n**.scalar-recordin = false\n',
  });
  const r = await runCli(['plan', '-q', 'numruns', '-c', 'A'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '1\n');
  assert.equal(
    r.stderr,
    'opp-campaign: warning: omnetpp.ini:3: Unknown configuration option: sim-time-limt\n' +
      "opp-campaign: warning: omnetpp.ini:6: Unknown per-object configuration option 'scalar-recordin' in **.scalar-recordin\n",
  );
});

test('a folder stands for its ini files, as `run DIR` takes them: omnetpp.ini, or those its campaign file names', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\n**.a = ${a=1,2}\n' });
  const parent = join(dir, '..');
  const rel = dir.slice(parent.length + 1);
  const r = await runCli(['plan', rel, '-q', 'numruns'], parent);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '2\n');
  assert.equal((await runCli(['plan', '.', '-q', 'numruns'], dir)).stdout, '2\n');
  writeFileSync(join(dir, 'other.ini'), '[General]\n**.a = ${a=1..5}\n');
  writeFileSync(join(dir, 'opp-campaign.yml'), 'ini: [other.ini]\n');
  assert.equal((await runCli(['plan', rel, '-q', 'numruns'], parent)).stdout, '5\n');
  // a file's errors name it by the path it was reached by
  writeFileSync(join(dir, 'other.ini'), '[General]\n**.a = "x\n');
  const bad = await runCli(['plan', rel, '-a'], parent);
  assert.equal(
    bad.stderr,
    `opp-campaign: error: ${join(rel, 'other.ini')}:2: Unterminated string constant\n`,
  );
});

test('a config of more runs than OMNeT++ runs: plan counts it, and warns that run would refuse it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-plan-'));
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Config Big]\n**.x = ${x=1..1001}\n**.y = ${y=1..1000}\n[Config Small]\n**.x = ${x=1..3}\n',
  );
  const big = await runCli(['plan', '-c', 'Big'], dir);
  assert.equal(big.code, 0);
  assert.equal(big.stdout, '1001000\n');
  assert.match(
    big.stderr,
    /^opp-campaign: warning: omnetpp\.ini:3: config Big has 1001000 runs: OMNeT\+\+ 6\.1 runs no run of a config of more than 1000001 /,
  );
  const small = await runCli(['plan', '-c', 'Small'], dir);
  assert.equal(small.stderr, '');
  assert.match((await runCli(['plan', '-a'], dir)).stderr, /config Big has 1001000 runs/);
});

test("a config with a constraint: warned past OMNeT++'s limit, counted once; a query that counts nothing says it is not checked", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-plan-'));
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n' +
      // 1,001,000 runs, stepped through one by one (a constraint that costs little to test)
      '[Config Big]\n**.x = ${x=1..1001}\n**.y = ${y=1..1000}\nconstraint = true\n',
  );
  const counts = t.mock.method(Scenario.prototype, 'count');
  const stepped = (): number =>
    counts.mock.calls.filter((c) => (c.this as { constraint?: string }).constraint !== undefined)
      .length;
  // (before: no warning, and `run -c Big` built the model for OMNeT++ to refuse every run)
  const big = await runCli(['plan', '-c', 'Big'], dir);
  assert.equal(big.code, 0, big.stderr);
  assert.equal(big.stdout, '1001000\n');
  assert.match(
    big.stderr,
    /^opp-campaign: warning: omnetpp\.ini:3: config Big has 1001000 runs: OMNeT\+\+ 6\.1 runs no run of a config of more than 1000001 /,
  );
  assert.equal(stepped(), 1, 'the warning and the query share one count');
  // a query that counts nothing: the check is said not to be made, not made
  counts.mock.resetCalls();
  const chain = await runCli(['plan', '-c', 'Big', '-q', 'sectioninheritance'], dir);
  assert.equal(chain.stdout, 'Config Big\nGeneral\n');
  assert.equal(
    chain.stderr,
    "opp-campaign: note: config Big has a constraint and 1001000 runs without it: not checked against OMNeT++ 6.1's limit of 1000001 runs (`opp-campaign plan -c Big` counts them)\n",
  );
  assert.equal(stepped(), 0);
});

test(
  'a small config with a constraint counts as opp_run counts it, without a warning (under the limit without the constraint: no count of its own)',
  { skip: needsOmnetpp() },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-plan-'));
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\n[Config C]\n**.x = ${x=1..20}\n**.y = ${y=1..15}\n**.z = ${z=$x..20 step 3}\nrepeat = 2\nconstraint = $x + $y < 17 && $z != 10\n',
    );
    const r = await runCli(['plan', '-c', 'C'], dir);
    assert.equal(r.stderr, '');
    const opp = spawnSync(
      join(theOmnetpp().bin, 'opp_run'),
      ['-s', '-q', 'numruns', '-c', 'C', 'omnetpp.ini'],
      {
        cwd: dir,
        env: theOmnetpp().env,
        encoding: 'utf8',
      },
    );
    assert.equal(opp.status, 0, opp.stderr);
    assert.equal(r.stdout, '1226\n');
    assert.equal(opp.stdout.trim().split('\n').at(-1), '1226');
  },
);

test('a reader that has gone (| head -1) stops the listing there, quietly, exit 0', () => {
  // the filter fails at the last of 50000 runs: reached only if the listing goes on without
  // its reader (as it did: the error, exit 1, after head had its line)
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = X\n**.a = ${a=1..50000}\n' });
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" --import tsx src/cli/main.ts plan -f "${join(dir, 'omnetpp.ini')}" -q runs -r '$a < 50000 || nosuch(1)' | head -1; exit \${PIPESTATUS[0]}`,
    ],
    { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.stdout, 'Run 0: $a=1, $repetition=0\n');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test("-r '$processid > 0': every run, as opp_run (its own pid); '$processid == 0': none", async () => {
  // before: "Cannot evaluate run filter: Unknown iteration variable: $processid", exit 1
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = Net\n**.x = ${x=1,2,3}\n' });
  try {
    const all = await runCli(['plan', '-q', 'runnumbers', '-r', '$processid > 0'], dir);
    assert.equal(all.stderr, '');
    assert.equal(all.stdout, ' 0 1 2\n');
    const none = await runCli(['plan', '-q', 'runnumbers', '-r', '$processid == 0'], dir);
    assert.equal(none.stdout, '\n');
    const json = await runCli(['plan', '--json', '-r', '$processid > 0 && $x > 1'], dir);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      (JSON.parse(json.stdout) as { runs: { runNumber: number }[] }).runs.map((r) => r.runNumber),
      [1, 2],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a config named twice is planned once, as run runs it once (before: --json listed its runs twice)', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = Net\n[Config A]\n**.a = ${a=1,2}\n' });
  try {
    const r = await runCli(['plan', '-c', 'A', '-c', 'A', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { configs: { name: string }[]; runs: { key: string }[] };
    assert.deepEqual(
      plan.configs.map((c) => c.name),
      ['A'],
    );
    assert.equal(plan.runs.length, 2);
    const q = await runCli(['plan', '-c', 'A', '-c', 'A', '-q', 'numruns'], dir);
    assert.equal(q.code, 0, q.stderr);
    assert.equal(q.stdout, '2\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("plan DIR without -c plans the configs DIR's campaign file names, as run DIR runs them (before: General)", async () => {
  const dir = project({
    'omnetpp.ini':
      '[General]\nnetwork = Net\n[Config A]\n**.a = ${a=1,2,3}\n[Config B]\n**.b = ${b=1,2}\n',
    'opp-campaign.yml': 'configs: [A]\n',
  });
  try {
    const q = await runCli(['plan', dir], dir);
    assert.equal(q.code, 0, q.stderr);
    assert.equal(q.stdout, '3\n');
    const json = await runCli(['plan', dir, '--json'], dir);
    const plan = JSON.parse(json.stdout) as { configs: { name: string }[] };
    assert.deepEqual(
      plan.configs.map((c) => c.name),
      ['A'],
    );
    // -c still chooses
    assert.equal((await runCli(['plan', dir, '-c', 'B'], dir)).stdout, '2\n');
    // several configs: --json plans them; a query asks for one
    writeFileSync(join(dir, 'opp-campaign.yml'), 'configs: [A, B]\n');
    const both = await runCli(['plan', dir, '--json'], dir);
    assert.equal((JSON.parse(both.stdout) as { runs: unknown[] }).runs.length, 5);
    const one = await runCli(['plan', dir], dir);
    assert.equal(one.code, 2);
    assert.match(
      one.stderr,
      /plan: the campaign file names 2 configs \(A, B\); -q numruns \(the default\) answers for one: choose with -c NAME/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-r over $configname: in quotes, as opp_run takes it; unquoted refused with its words', async () => {
  const dir = project({ 'omnetpp.ini': '[General]\nnetwork = Net\n[Config A]\n**.a = ${a=1,2}\n' });
  try {
    const quoted = await runCli(['plan', '-c', 'A', '-r', '"$configname" == "A"'], dir);
    assert.equal(quoted.stdout, '2\n', quoted.stderr);
    const bare = await runCli(['plan', '-c', 'A', '-r', '$configname == "A"'], dir);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /No such variable: 'A'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
