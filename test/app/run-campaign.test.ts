// Real campaigns of the misbehave fixture model: real make, real processes, real signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli } from '../helpers/cli.js';
import { journalRuns, misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';
import { alive, childrenOf, gone } from '../helpers/processes.js';
import { planDocument } from '../helpers/campaign-artifacts.js';
import { mergeShards } from '../../src/app/merge-shards.js';
import { mergeResults } from '../../src/app/merge.js';
import { withoutLinkedRunFiles } from '../../src/adapters/results/artifact-files.js';
import { filesBelow } from '../../src/action/main.js';

const run = (dir: string, ...args: string[]) =>
  runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache'), ...args]);

test('every outcome is recorded; only crashes and timeouts are retried', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ${b=ok,crash,exit3,nothing,corrupt}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stderr);
  const byRun = new Map<number, string[]>();
  for (const rec of journalRuns(dir))
    byRun.set(rec.run, [...(byRun.get(rec.run) ?? []), `${rec.attempt}:${rec.status}`]);
  assert.deepEqual(Object.fromEntries(byRun), {
    0: ['1:ok'],
    1: ['1:crashed', '2:crashed'],
    2: ['1:failed'],
    3: ['1:no-results'],
    4: ['1:bad-results'],
  });
  const crash = journalRuns(dir).find((x) => x.run === 1);
  assert.equal(crash?.signal, 'SIGSEGV');
  const exit3 = journalRuns(dir).find((x) => x.run === 2);
  assert.equal(exit3?.exitCode, 3);
  // the summary names each failure with the command that reproduces it
  assert.match(r.stdout, /failed +4/);
  assert.match(
    r.stdout,
    /M #2 \(\$b=exit3, \$repetition=0\): failed: exit status 3: misbehave was asked to fail -- in module/,
  );
  assert.match(
    r.stdout,
    /\$ cd .* && OPP_CAMPAIGN_RUN_FILE=\S+ OPP_CAMPAIGN_RUN_KEY=\S+ out\/misbehave -u Cmdenv -c M -r 2 /,
  );
  // pasted, a reproduce command writes apart: .runs/ keeps only succeeded runs' files
  const corrupt = journalRuns(dir).find((x) => x.run === 4)?.command ?? '';
  assert.match(corrupt, /--result-dir=\S*\/results\/\.opp-campaign\/reproduce( |$)/);
  execFileSync('sh', ['-c', corrupt], { stdio: 'ignore' });
  assert.deepEqual(readdirSync(join(dir, 'results', '.opp-campaign', 'reproduce')), [
    'M-b=corrupt-#0.sca',
  ]);
  // files of runs that did not succeed are set aside, out of runs/
  assert.deepEqual(readdirSync(join(dir, 'results', '.runs')), ['M-b=ok-#0.sca']);
  assert.deepEqual(readdirSync(join(dir, 'results', '.opp-campaign', 'incomplete')).sort(), [
    'M-b=corrupt-#0.sca',
    'M-b=crash-#0.sca',
  ]);
  assert.match(r.stdout, /\nFiles that 2 unfinished or failed run\(s\) wrote: .*incomplete/);
  const log = readFileSync(join(dir, 'results', 'logs', 'M-2.log'), 'utf8');
  assert.match(log, /<!> Error:/);
  // the merged dataset: the one good run; runs.csv lists the failed ones from the journal
  assert.deepEqual(
    runsCsv(dir).map((row) => [row.get('runnumber'), row.get('status'), row.get('run') !== '']),
    [
      ['0', 'ok', true],
      ['1', 'crashed', false],
      ['2', 'failed', false],
      ['3', 'no-results', false],
      ['4', 'bad-results', false],
    ],
  );
  assert.equal(runsCsv(dir)[2]?.get('exit_code'), '3');
  assert.equal(runsCsv(dir)[2]?.get('log'), 'logs/M-2.log');
  assert.match(
    r.stdout,
    /\nResults: .*results\/ {2}\(report\.html, results\.sca, \*\.vec, scalars\.csv, runs\.csv;/,
  );
});

test("a failed run's reproduce command sets the campaign file's env:, pasted it fails as the run did", async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = 1\n',
    MISBEHAVE_CAMPAIGN + "env: { MISBEHAVE: exit3, PLAIN: 'a b', Q: \"it's\" }\n",
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stderr);
  const command = journalRuns(dir)[0]?.command ?? '';
  assert.match(command, / MISBEHAVE=exit3 PLAIN='a b' Q='it'\\''s' OPP_CAMPAIGN_RUN_FILE=\S+ /);
  assert.match(
    r.stdout,
    /\$ cd .* && MISBEHAVE=exit3 PLAIN='a b' Q='it'\\''s' OPP_CAMPAIGN_RUN_FILE=/,
  );
  // pasted into a shell without the campaign's env, the run fails as it did (before: it succeeded)
  const env = { ...process.env };
  delete env['MISBEHAVE'];
  const pasted = spawnSync('sh', ['-c', command], { env, stdio: 'ignore' });
  assert.equal(pasted.status, 3);
});

test('a retry cures a flaky run', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = flaky:marker.txt\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(
    journalRuns(dir).map((x) => `${x.attempt}:${x.status}`),
    ['1:crashed', '2:ok'],
  );
  // the summary names it, with its first failure: a crash that goes away is worth a look
  assert.match(
    r.stdout,
    /\nSucceeded only on a retry \(a crash that goes away is often a bug of the model's: see their \.attempt logs\): M #0 \(first: killed by SIGSEGV/,
  );
  // what the crashed attempt wrote was set aside, and is gone now that the run succeeded
  const aside = join(dir, 'results', '.opp-campaign', 'incomplete');
  assert.deepEqual(existsSync(aside) ? readdirSync(aside) : [], []);
});

test('without an OMNeT++ program to ask, unknown option names are warnings at their lines', async () => {
  // misbehave is no OMNeT++: it refuses `-q`, so the names are checked against OMNeT++ 6.1's list
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\nsim-time-limt = 5s\n**.behaviour = ok\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(
    r.stderr.includes(
      `\nopp-campaign: warning: ${dir}/omnetpp.ini:4: Unknown configuration option: sim-time-limt\n`,
    ),
    r.stderr,
  );
  assert.deepEqual(
    journalRuns(dir).map((x) => x.status),
    ['ok'],
  );
});

test('a config that names no network stops the campaign before the build, naming those that do', async () => {
  const dir = misbehaveProject(
    '[General]\n**.behaviour = ok\n[Config M]\ndescription = "the one"\nnetwork = Net\n',
    MISBEHAVE_CAMPAIGN.replace('configs: [M]\n', ''),
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(
    r.stderr,
    `opp-campaign: error: ${dir}/omnetpp.ini:1: config General names no network (network= is missing ` +
      'or empty): OMNeT++ would stop every run of it with "No network specified"; configs that ' +
      'name one: M (the one): choose with -c NAME\n',
  );
  assert.ok(!existsSync(join(dir, 'out')), 'nothing was built');
  assert.ok(!existsSync(join(dir, 'results')), 'no results folder');
  // the runs' command line may name it
  const given = await run(dir, '--', '--network=Net');
  assert.equal(given.code, 0, given.stdout + given.stderr);
});

test('a config of more runs than OMNeT++ runs (1,000,001) stops the campaign before the build, even for a few runs of it', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=0..999}\n**.y = ${y=0..1000}\n**.behaviour = ok\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir, '-r', '0..1');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `^opp-campaign: error: ${dir}/omnetpp.ini:3: config M has 1001000 runs: OMNeT\\+\\+ 6\\.1 runs no run of a config of more than 1000001 `,
    ),
  );
  assert.ok(!existsSync(join(dir, 'out')), 'nothing was built');
  assert.ok(!existsSync(join(dir, 'results')), 'no results folder');
});

test('[General] run for want of -c: its failure names the configs that could run instead', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n**.behaviour = exit3\n[Config M]\ndescription = "the one"\n**.behaviour = ok\n',
    MISBEHAVE_CAMPAIGN.replace('configs: [M]\n', ''),
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /\n\nConfig General ran because no -c was given; the ini's other configs: M \(the one\): choose with -c NAME\n/,
  );
  // asked for by name, it is what the user meant
  const asked = await run(dir, '-c', 'General', '--force');
  assert.equal(asked.code, 1);
  assert.doesNotMatch(asked.stdout, /ran because no -c was given/);
});

test('a config the ini does not have: the ones it has, one in another case first', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n[Config Other]\n',
    MISBEHAVE_CAMPAIGN.replace('configs: [M]\n', ''),
  );
  const r = await run(dir, '-c', 'm');
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'opp-campaign: error: No such config: m (did you mean M? the configs of omnetpp.ini: ' +
      'General, M, Other)\n',
  );
  assert.ok(!existsSync(join(dir, 'results')), 'nothing started');
  const other = await run(dir, '-c', 'Nope');
  assert.match(
    other.stderr,
    /No such config: Nope \(the configs of omnetpp\.ini: General, M, Other\)/,
  );
});

test('a config named twice runs once; an ini with no [General] section still has General', async () => {
  const dir = misbehaveProject(
    '[Config M]\nnetwork = Net\n**.behaviour = ok\n**.n = ${n=1,2}\n',
    MISBEHAVE_CAMPAIGN.replace('configs: [M]\n', ''),
  );
  const twice = await run(dir, '-c', 'M', '-c', 'M');
  assert.equal(twice.code, 0, twice.stdout + twice.stderr);
  assert.match(twice.stdout, /\n {2}runs {7}2\n/);
  // each run once (in the order they finished)
  assert.deepEqual(
    journalRuns(dir)
      .map((r) => r.run)
      .sort(),
    [0, 1],
  );
  // as in OMNeT++, General is there without its section: here it names no network
  const general = await run(dir);
  assert.equal(general.code, 1);
  assert.match(general.stderr, /config General names no network .*configs that name one: M/);
});

test('a run filter that selects no run: said with the values the variables take, nothing built', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ${b=ok,exit3}\n**.n = ${n=1..3}\nrepeat = 2\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir, '-r', '$n==7');
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'opp-campaign: error: the run filter "$n==7" selects no run: ' +
      'M has 12 run(s) ($b = ok, exit3; $n = 1, 2, 3)\n',
  );
  assert.ok(!existsSync(join(dir, 'results')), 'nothing started');
  assert.ok(!existsSync(join(dir, 'out', 'misbehave')), 'nothing built');
  // one that selects some runs goes ahead
  const some = await run(dir, '-r', '$n==1');
  assert.match(some.stdout, /\n {2}runs {7}4\n/, some.stdout + some.stderr);
});

test('runs that overflow simulation time in a config with no sim-time-limit: the summary says what to set', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ${b=ok,overflow}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /\n\nConfig M sets no sim-time-limit, and its runs went on until simulation time overflowed: set one in its section, or give one to every run, e\.g\. -- --sim-time-limit=1000s\n/,
  );
  // with a limit (here on the command line) the failure is the model's own: no such line
  const limited = await run(dir, '--', '--sim-time-limit=5s');
  assert.equal(limited.code, 1);
  assert.doesNotMatch(limited.stdout, /sets no sim-time-limit/);
});

test('a folder that is not there, a file for a folder, a missing ini: named as given', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'opp-where-'));
  const cwd = process.cwd();
  process.chdir(parent);
  try {
    writeFileSync('omnetpp.ini', '[General]\nnetwork = Net\n');
    // a wrong command line: exit 2, with the help hint (before: exit 1)
    const absent = await runCli(['run', 'nowhere']);
    assert.equal(absent.code, 2);
    assert.equal(
      absent.stderr,
      "opp-campaign: error: run: nowhere: no such folder\nRun 'opp-campaign run --help' for usage.\n",
    );
    const file = await runCli(['run', 'omnetpp.ini']);
    assert.equal(
      file.stderr,
      "opp-campaign: error: omnetpp.ini is not a folder: give the project's folder (and its ini with -f)\n",
    );
    mkdirSync('empty');
    // the folder looked in is said, and the parent's ini (before: "Cannot open ini file
    // 'omnetpp.ini'" alone, from `run` with no DIR in a project's subfolder)
    const here = process.cwd();
    const noIni = await runCli(['run', 'empty']);
    assert.equal(
      noIni.stderr,
      `opp-campaign: error: Cannot open ini file 'empty/omnetpp.ini' (looked for in ${join(here, 'empty')}; ${here} has one: opp-campaign run .)\n`,
    );
    process.chdir('empty');
    const noDir = await runCli(['run']);
    process.chdir(here);
    assert.equal(
      noDir.stderr,
      `opp-campaign: error: Cannot open ini file 'omnetpp.ini' (looked for in ${join(here, 'empty')}; ${here} has one: opp-campaign run ..)\n`,
    );
    // an ini file named with -f that is not there: a wrong command line, as plan's (before:
    // exit 1 and "Cannot open ini file 'nope.ini'" without the help hint)
    const named = await runCli(['run', '.', '-f', 'nope.ini']);
    assert.equal(
      named.stderr,
      "opp-campaign: error: run: -f nope.ini: no such file\nRun 'opp-campaign run --help' for usage.\n",
    );
    assert.equal(named.code, 2);
    const inDir = await runCli(['run', 'empty', '-f', 'nope.ini']);
    assert.equal(
      inDir.stderr,
      `opp-campaign: error: run: -f nope.ini: no such file (looked for at ${join('empty', 'nope.ini')})\nRun 'opp-campaign run --help' for usage.\n`,
    );
    assert.equal(inDir.code, 2);
    for (const r of [file, noIni, noDir]) assert.equal(r.code, 1);
    assert.deepEqual(readdirSync(parent).sort(), ['empty', 'omnetpp.ini'], 'nothing made');
  } finally {
    process.chdir(cwd);
  }
});

test('a missing program is reported once, before any run starts', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..5}\n',
    MISBEHAVE_CAMPAIGN.replace('out/misbehave', 'out/misbehav'),
  );
  const r = await run(dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /^opp-campaign: error: the run program out\/misbehav: \S+\/out\/misbehav does not exist \(run\.program\)$/m,
  );
  assert.ok(!existsSync(join(dir, 'results', 'journal.jsonl')), 'no run started');
});

test('a timeout kills the whole process group', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = hang\n',
    MISBEHAVE_CAMPAIGN.replace('timeout: 5s', 'timeout: 1s').replace('retries: 1', 'retries: 0'),
  );
  const r = await run(dir);
  assert.equal(r.code, 1);
  const [rec] = journalRuns(dir);
  assert.equal(rec?.status, 'timeout');
  // the message says which limit it ran past
  assert.equal(
    rec?.message,
    'ran past its time limit of 1 s (--timeout, or timeout: in the campaign file); its whole process group was killed',
  );
  const log = readFileSync(join(dir, 'results', 'logs', 'M-0.log'), 'utf8');
  const helper = Number(/helper process (\d+)/.exec(log)?.[1]);
  assert.ok(helper > 0, log);
  for (let i = 0; i < 40 && alive(helper); i++) await new Promise((res) => setTimeout(res, 50));
  assert.equal(alive(helper), false, `helper ${helper} of the timed-out run is still alive`);
});

test('a second identical invocation runs nothing', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..4}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /succeeded +4/);
  const second = await run(dir);
  assert.equal(second.code, 0);
  assert.match(second.stdout, /succeeded +0/);
  assert.match(second.stdout, /skipped +4/);
  assert.equal(journalRuns(dir).length, 4);
  // a deleted result file makes its run count as not done
  const sca = readdirSync(join(dir, 'results', '.runs')).find((f) => f.endsWith('.sca'));
  assert.ok(sca);
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'results', '.runs', sca));
  const third = await run(dir);
  assert.match(third.stdout, /succeeded +1/);
  assert.match(third.stdout, /skipped +3/);
  // --force reruns all
  const forced = await run(dir, '--force');
  assert.match(forced.stdout, /succeeded +4/);
  // the merged dataset holds the reruns instead of, not next to, the runs they repeat
  const index = runsCsv(dir);
  assert.equal(index.length, 4);
  const latest = journalRuns(dir).slice(-4);
  assert.deepEqual(
    new Set(index.map((r) => r.get('run'))),
    new Set(latest.map((r) => runIdOf(dir, r.files[0]?.path ?? ''))),
  );
});

test('journal records with a field missing or mistyped: each warned of once and skipped, their runs run again', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..4}\n',
    MISBEHAVE_CAMPAIGN,
  );
  assert.equal((await run(dir)).code, 0);
  const file = join(dir, 'results', 'journal.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const breaks: Array<(r: Record<string, unknown>) => void> = [
    (r) => (r['files'] = null),
    (r) => (r['log'] = 3),
    (r) => delete r['itervars'],
  ];
  for (const [i, f] of breaks.entries()) {
    const rec = JSON.parse(lines[i + 1] ?? '') as Record<string, unknown>;
    f(rec);
    lines[i + 1] = JSON.stringify(rec);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  const again = await run(dir);
  assert.equal(again.code, 0, again.stderr + again.stdout);
  assert.doesNotMatch(again.stderr, /internal error/);
  const warnings = again.stderr.split('\n').filter((l) => l.includes('bad run record'));
  assert.deepEqual(
    warnings.map((w) => w.replace(/ \S*journal\.jsonl:/, ' journal.jsonl:')),
    [
      'opp-campaign: warning: journal.jsonl:2: bad run record (files is not a list), skipped',
      'opp-campaign: warning: journal.jsonl:3: bad run record (log is not a string), skipped',
      'opp-campaign: warning: journal.jsonl:4: bad run record (itervars is missing), skipped',
    ],
  );
  assert.match(again.stdout, /succeeded +3/);
  assert.match(again.stdout, /skipped +1/);
  assert.equal(runsCsv(dir).length, 4);
});

test("an earlier version's results folder (runs/): moved to .runs/, its runs count as done", async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0, first.stderr);
  // what an earlier version left: the per-run files in runs/, the journal naming them there
  const out = join(dir, 'results');
  renameSync(join(out, '.runs'), join(out, 'runs'));
  const journal = join(out, 'journal.jsonl');
  writeFileSync(
    journal,
    readFileSync(journal, 'utf8').replaceAll('"path":".runs/', '"path":"runs/'),
  );
  const again = await run(dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stderr + again.stdout,
    /is a results folder of an earlier version: moved its runs\/ to \.runs\//,
  );
  assert.match(again.stdout, /skipped +3/);
  assert.ok(!existsSync(join(out, 'runs')));
  assert.equal(runsCsv(dir).length, 3);
});

test("a results folder copied without its files' times (cp -r): its runs are run again, and the summary says why", async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0, first.stderr);
  // as `cp -r` copies: the files' times are those of the copy, not those the journal recorded
  const copy = join(dir, 'elsewhere');
  cpSync(join(dir, 'results'), copy, { recursive: true });
  const again = await run(dir, '--results', copy);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /succeeded +3/);
  assert.match(again.stdout, /skipped +0/);
  const why = again.stdout.split('\n').filter((l) => l.startsWith('Ran again'));
  assert.deepEqual(why, [
    'Ran again 3 run(s) the journal records as done: their result files are not as it recorded them (changed or gone since, or copied without their times: cp -a and rsync -a keep them)',
  ]);
  // once run again, they are done: nothing more to say
  const third = await run(dir, '--results', copy);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /skipped +3/);
  assert.doesNotMatch(third.stdout, /Ran again/);
});

test("the merge job's results artifact unpacked by hand (new file times, vector files at its top only): a run on it keeps its runs; a file changed in content, same size, runs again", async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = vector\n**.x = ${x=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0, first.stderr);
  // the merge job over the campaign as one shard, and the files its artifact holds (each
  // vector file once, at the top), unpacked: every file with the time of the extraction (here
  // a day later), none as the journal recorded it
  const keys = journalRuns(dir).map((r): [string, number, string] => [r.config, r.run, r.key]);
  const merged = join(dir, 'merged');
  await mergeShards(
    planDocument('0'.repeat(40), [keys]),
    [{ index: 0, dir: join(dir, 'results') }],
    merged,
  );
  const unpacked = join(dir, 'unpacked');
  const later = Date.now() / 1000 + 86_400;
  const carried = withoutLinkedRunFiles(merged, filesBelow(merged));
  assert.ok(
    carried.some((f) => f.endsWith('.vec')) && !carried.some((f) => /\.runs\/.*\.vec$/.test(f)),
  );
  const unpack = (to: string): void => {
    for (const f of carried) {
      mkdirSync(join(to, f, '..'), { recursive: true });
      cpSync(join(merged, f), join(to, f));
      utimesSync(join(to, f), later, later);
    }
  };
  unpack(unpacked);
  const vecs = carried.filter((f) => f.endsWith('.vec')).sort();
  assert.equal(vecs.length, 3);
  const rebuild = (at: string) =>
    mergeResults({ inputs: [join(at, '.runs')], outDir: at, mode: 'rebuild' });
  // a top .vec that is not its run's recorded file (same size, other content; another size):
  // set aside and named, not linked in nor deleted; its run runs again
  const altered = join(dir, 'altered');
  unpack(altered);
  const [same = '', longer = '', kept = ''] = vecs;
  const vecText = readFileSync(join(altered, same), 'latin1');
  const changed = vecText.replace(/\t(\d)\n/, (_m, d: string) => `\t${(+d + 1) % 10}\n`);
  assert.equal(changed.length, vecText.length);
  assert.notEqual(changed, vecText);
  writeFileSync(join(altered, same), changed, 'latin1');
  utimesSync(join(altered, same), later, later);
  appendFileSync(join(altered, longer), '\n');
  const r = await rebuild(altered);
  for (const v of [same, longer]) {
    assert.ok(!existsSync(join(altered, '.runs', v)), v);
    assert.ok(existsSync(join(altered, '.opp-campaign', 'not-recorded', v)), v);
  }
  assert.equal(r.added.vector.length, 1);
  assert.deepEqual([...r.notRecorded].sort(), [same, longer].sort());
  assert.ok(existsSync(join(altered, '.runs', kept)));
  const rerun = await run(dir, '--results', altered);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, /succeeded +2/);
  assert.match(rerun.stdout, /skipped +1/);
  // each top .vec judged on its own: the first one listed has its twin in .runs/ (as in a local
  // results folder), the others do not
  const mixed = join(dir, 'mixed');
  unpack(mixed);
  const listed = readdirSync(mixed).filter((f) => f.endsWith('.vec'));
  const firstVec = listed[0] ?? '';
  const recorded = (name: string) =>
    journalRuns(dir)
      .flatMap((r) => r.files)
      .find((f) => f.path === `.runs/${name}`);
  const t = (recorded(firstVec)?.mtimeMs ?? 0) / 1000;
  utimesSync(join(mixed, firstVec), t, t);
  linkSync(join(mixed, firstVec), join(mixed, '.runs', firstVec));
  assert.equal((await rebuild(mixed)).added.vector.length, 3);
  for (const v of vecs) assert.ok(existsSync(join(mixed, '.runs', v)), v);
  const again = await run(dir, '--results', unpacked);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /succeeded +0/);
  assert.match(again.stdout, /skipped +3/);
  assert.doesNotMatch(again.stdout, /Ran again/);
  assert.equal(readdirSync(join(unpacked, '.runs')).filter((f) => f.endsWith('.vec')).length, 3);
  // the dataset merged after it holds the kept runs
  assert.equal(readFileSync(join(unpacked, 'runs.csv'), 'utf8').trim().split('\n').length, 4);
  // a result file changed in content (its size as recorded, a new time): its run runs again
  const sca = readdirSync(join(unpacked, '.runs')).filter((f) => f.endsWith('.sca'))[0] ?? '';
  const path = join(unpacked, '.runs', sca);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('value 42', 'value 43'));
  assert.equal(readFileSync(path, 'utf8').length, text.length);
  assert.notEqual(readFileSync(path, 'utf8'), text);
  utimesSync(path, later, later);
  const third = await run(dir, '--results', unpacked);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /succeeded +1/);
  assert.match(third.stdout, /skipped +2/);
  assert.match(third.stdout, /^Ran again 1 run\(s\) the journal records as done/m);
  rmSync(dir, { recursive: true, force: true });
});

test('a .vec put by hand at the top of a results folder, then a `run` that runs a run again: the .vec is set aside in .opp-campaign/not-recorded/ with one `opp-campaign: warning:` line (before: deleted without a word)', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = vector\n**.x = ${x=1..2}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0, first.stderr);
  const out = join(dir, 'results');
  const vec = readdirSync(out).filter((f) => f.endsWith('.vec'))[0] ?? '';
  const text = readFileSync(join(out, vec), 'utf8');
  cpSync(join(out, vec), join(out, 'Foreign-#0.vec'));
  // a run's result file gone: that run runs again, and the dataset is merged anew
  const sca = readdirSync(join(out, '.runs')).filter((f) => f.endsWith('.sca'))[0] ?? '';
  rmSync(join(out, '.runs', sca));
  const again = await run(dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /succeeded +1/);
  const warnings = (again.stdout + again.stderr)
    .split('\n')
    .filter((l) => l.includes('Foreign-#0.vec'));
  assert.equal(warnings.length, 1, again.stdout + again.stderr);
  assert.match(
    warnings[0] ?? '',
    /^opp-campaign: warning: 1 vector file\(s\) at the top of .* are no run's recorded file .*not-recorded\/ \(not merged; a run whose file it was runs again\): Foreign-#0\.vec$/,
  );
  assert.ok(!existsSync(join(out, 'Foreign-#0.vec')));
  assert.equal(
    readFileSync(join(out, '.opp-campaign', 'not-recorded', 'Foreign-#0.vec'), 'utf8'),
    text,
  );
  assert.equal(runsCsv(dir).length, 2);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the real CLI as a child process; resolves when the journal has `n` finished runs. */
function startCampaign(dir: string) {
  const { child, exited, output } = spawnCli([
    'run',
    dir,
    '--progress',
    'plain',
    '--ccache-dir',
    join(dir, 'cache'),
    '-j',
    '2',
  ]);
  const finishedRuns = async (n: number): Promise<void> => {
    const journal = join(dir, 'results', 'journal.jsonl');
    for (let i = 0; i < 600; i++) {
      if (existsSync(journal) && journalRuns(dir).length >= n) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`no ${n} finished runs in time:\n${output()}`);
  };
  return { child, exited, finishedRuns, output };
}

const SLOW_INI =
  '[General]\nnetwork = Net\n[Config M]\n**.behaviour = slow:300\n**.i = ${i=1..8}\n';

function assertCompleteOnce(dir: string): void {
  const ok = journalRuns(dir).filter((r) => r.status === 'ok');
  const keys = ok.map((r) => r.key);
  assert.equal(new Set(keys).size, 8, 'every run succeeded');
  assert.equal(keys.length, 8, 'no run succeeded twice');
  const scas = readdirSync(join(dir, 'results', '.runs')).filter((f) => f.endsWith('.sca'));
  assert.equal(scas.length, 8);
  // the merged dataset holds each run once, under the run id of its successful execution
  const index = runsCsv(dir);
  assert.deepEqual(
    index.map((r) => [r.get('runnumber'), r.get('status')]),
    [0, 1, 2, 3, 4, 5, 6, 7].map((n) => [String(n), 'ok']),
  );
  const runIds = new Set(ok.map((r) => runIdOf(dir, r.files[0]?.path ?? '')));
  assert.deepEqual(new Set(index.map((r) => r.get('run'))), runIds);
}

/** runs.csv of a campaign as column -> value maps. */
function runsCsv(dir: string): Array<Map<string, string>> {
  const [header = '', ...rows] = readFileSync(join(dir, 'results', 'runs.csv'), 'utf8')
    .trim()
    .split('\n');
  const cols = header.split(',');
  // the misbehave runs' values hold no commas or quotes
  return rows.map((row) => new Map(row.split(',').map((v, i) => [cols[i] ?? '', v])));
}

/** The run id on the `run` line of a result file of the campaign. */
const runIdOf = (dir: string, path: string): string =>
  /^run (\S+)$/m.exec(readFileSync(join(dir, 'results', path), 'utf8'))?.[1] ?? '';

test('a rerun with every run done says when it merges (a 50,000-run rerun was silent for 40 s), and that none ran', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.i = ${i=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir);
  assert.equal(first.code, 0);
  assert.match(first.stderr, /\nrunning 3 run\(s\) of M on \d slot\(s\)\n/);
  const r = await run(dir);
  assert.equal(r.code, 0, r.stderr);
  // (before: "running 3 run(s) of M on 2 slot(s)", "merging 3 run(s)", as if they ran)
  assert.doesNotMatch(r.stderr, /running 3 run/);
  assert.match(
    r.stderr,
    /\nall 3 run\(s\) of M done already with this build: nothing to run\nmerging the 3 run\(s\) done already into \S*results \(none ran\)\.\.\.\n/,
  );
  assert.doesNotMatch(r.stdout, /Ran again/);
});

test('a rerun after the model changed says why every run ran again', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.i = ${i=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  assert.equal((await run(dir)).code, 0);
  // another build of the model (its executable's bytes, as a rebuild after a .cc edit makes them)
  appendFileSync(join(dir, 'out', 'misbehave'), '\0');
  const r = await run(dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n {2}succeeded +3\n/);
  // (before: nothing said why)
  assert.match(
    r.stdout,
    /\nRan again 3 run\(s\) that had succeeded with another build or command: since they ran, the model's program, libraries or NED files changed, or the runs' arguments \(after -- or run\.args\), the OMNeT\+\+ installation, or the campaign file's env or sidecars\n/,
  );
});

test('SIGKILL of opp-campaign mid-way: the next invocation completes the rest', async () => {
  const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
  const c = startCampaign(dir);
  await c.finishedRuns(3);
  c.child.kill('SIGKILL');
  assert.equal((await c.exited).signal, 'SIGKILL');
  // the runs it had going are stopped with it (by its process launcher), not left to run on
  const running = join(dir, 'results', '.opp-campaign', 'running');
  const listed = readdirSync(running).flatMap((f) =>
    [...readFileSync(join(running, f), 'utf8').matchAll(/^\+ (\d+) /gm)].map((m) => Number(m[1])),
  );
  assert.ok(listed.length > 0, 'the killed campaign listed its runs');
  for (const pid of listed) assert.ok(await gone(pid), `run ${pid} outlived its campaign`);
  const done = journalRuns(dir).length;
  const r = await run(dir, '-j', '2');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`skipped +${done} `));
  assertCompleteOnce(dir);
});

for (const [signal, what, status] of [
  ['SIGINT', 'Ctrl-C', 130],
  ['SIGHUP', 'A closed terminal (SIGHUP)', 129],
  ['SIGTERM', 'SIGTERM', 143],
] as const)
  test(`${what} stops cleanly with status ${status} (128 + the signal's number); the next invocation completes the rest`, async () => {
    const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
    const c = startCampaign(dir);
    await c.finishedRuns(2);
    c.child.kill(signal);
    const exit = await c.exited;
    assert.equal(exit.code, status, c.output());
    assert.match(c.output(), /Campaign interrupted/);
    assert.match(
      c.output(),
      /merge the runs done with this build \(.*\): opp-campaign run \S+ .*-j 2 --merge-only\n/,
    );
    // every run is counted: succeeded, stopped part-way, or not run
    const count = (label: string): number =>
      Number(new RegExp(`\\n {2}${label} +(\\d+)`).exec(c.output())?.[1] ?? NaN);
    const stopped = journalRuns(dir).filter((r) => r.status === 'interrupted').length;
    assert.equal(count('stopped'), stopped, c.output());
    assert.equal(count('succeeded') + count('stopped') + count('not run'), 8, c.output());
    // nothing is left running, and the journal is whole
    for (const r of journalRuns(dir)) assert.ok(['ok', 'interrupted'].includes(r.status), r.status);
    assert.deepEqual(readdirSync(join(dir, 'results', '.opp-campaign', 'running')), []);
    const r = await run(dir, '-j', '2');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assertCompleteOnce(dir);
  });

test('Ctrl-C before any run succeeded: no merge command is offered (there is nothing to merge)', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = hang\n**.i = ${i=1..2}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const c = startCampaign(dir);
  for (let i = 0; i < 600 && !/running 2 run\(s\)/.test(c.output()); i++)
    await new Promise((res) => setTimeout(res, 50));
  await new Promise((res) => setTimeout(res, 300));
  c.child.kill('SIGINT');
  const exit = await c.exited;
  assert.equal(exit.code, 130, c.output());
  assert.match(c.output(), /Campaign interrupted/);
  assert.match(c.output(), /\n {2}succeeded +0\n/);
  // (before: "merge the runs that succeeded: opp-campaign merge OUT/.runs -o OUT --rebuild",
  // which, pasted, failed: no .sca or .vec files)
  assert.doesNotMatch(c.output(), /opp-campaign merge/);
  assert.match(
    c.output(),
    /Results: not merged \(interrupted before any run succeeded\); run again to finish\n/,
  );
});

test('merge -o OUT while a campaign runs in OUT: refused, naming the campaign; the campaign merges as usual', async () => {
  const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
  const c = startCampaign(dir);
  await c.finishedRuns(2);
  const out = join(dir, 'results');
  const r = await runCli(['merge', join(out, '.runs'), '-o', out, '--rebuild']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(
    r.stderr.split('\n')[0],
    `opp-campaign: error: merge: ${out} is the results folder of a campaign that is still running (process ${c.child.pid}, since ${/since (\S+)\)/.exec(r.stderr)?.[1] ?? '?'}); nothing was merged. Its runs are still being written, and it merges them into ${out} itself when it ends: merge once it has, or stop it first`,
  );
  assert.ok(!existsSync(join(out, 'results.sca')), 'nothing was merged');
  assert.equal((await c.exited).code, 0, c.output());
  assertCompleteOnce(dir);
  // once it has ended, the merge is taken
  const again = await runCli(['merge', join(out, '.runs'), '-o', out, '--rebuild']);
  assert.equal(again.code, 0, again.stderr);
});

test('output whose reader has gone (| head, a tee stopped by the same Ctrl-C): the campaign goes on, Ctrl-C still stops it cleanly', async () => {
  const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
  const c = startCampaign(dir);
  await c.finishedRuns(2);
  // the progress lines go to a pipe no one reads any more: EPIPE; the campaign goes on
  c.child.stderr?.destroy();
  await c.finishedRuns(4);
  c.child.stdout?.destroy();
  c.child.kill('SIGINT');
  const exit = await c.exited;
  assert.equal(exit.code, 130, c.output());
  assert.doesNotMatch(c.output(), /EPIPE|\n\s+at /);
  for (const r of journalRuns(dir)) assert.ok(['ok', 'interrupted'].includes(r.status), r.status);
  assert.deepEqual(readdirSync(join(dir, 'results', '.opp-campaign', 'running')), []);
  assert.ok(!existsSync(join(dir, 'results', '.opp-campaign', 'lock')), 'the folder let go');
});

for (const [what, campaignFile, built] of [
  ['the build', 'build: { preset: make }\nrun: { program: ./sim }\n', 'sim'],
  [
    "a referenced project's build",
    'build: { preset: none }\nrun: { program: ./sim }\nprojects: [{ name: lib, path: ../lib, build: { preset: make } }]\n',
    'lib',
  ],
] as const)
  test(`Ctrl-C during ${what} stops it (no compiler left working) with status 130`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-build-interrupt-'));
    const dir = join(root, 'sim');
    const buildDir = join(root, built);
    mkdirSync(dir, { recursive: true });
    mkdirSync(buildDir, { recursive: true });
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
    // a build that takes long: make, and a child of make's that writes its pid (and, had it
    // not been stopped, a file once done)
    writeFileSync(
      join(buildDir, 'Makefile'),
      "all:\n\tsh -c 'echo $$$$ > compiler.pid; exec sleep 30'\n\ttouch finished\n",
    );
    writeFileSync(join(dir, 'opp-campaign.yml'), campaignFile);
    try {
      const c = spawnCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(root, 'cache')]);
      const pidFile = join(buildDir, 'compiler.pid');
      for (
        let i = 0;
        i < 400 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
        i++
      )
        await new Promise((res) => setTimeout(res, 25));
      const compiler = Number(readFileSync(pidFile, 'utf8'));
      c.child.kill('SIGINT'); // to opp-campaign alone, as `kill -INT` or a CI's cancel sends it
      const exit = await c.exited;
      assert.equal(exit.code, 130, c.output());
      assert.match(
        c.output(),
        /opp-campaign: interrupted before any run started; nothing was run\n/,
      );
      assert.doesNotMatch(c.output(), /build failed|build of project .* failed|\n\s+at /);
      assert.ok(await gone(compiler), 'the build was stopped with the campaign');
      assert.ok(!existsSync(join(buildDir, 'finished')), 'the build was stopped, not waited for');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

/**
 * A make that takes long the first time (a child of make's writes its pid and sleeps) and, the
 * next time, says whether that child still runs (a moment on, a zombie not counted: a killed
 * process may take a moment to end, and a while to be reaped).
 */
const SLOW_MAKEFILE =
  "all:\n\tif [ -e compiler.pid ]; then sleep 0.2; grep -qs '^State:.[^Z]' /proc/$$(cat compiler.pid)/status && echo RACE > race; else sh -c 'echo $$$$ > compiler.pid; exec sleep 60'; fi\n";

for (const [what, campaignFile, built] of [
  ['the build', 'build: { preset: make }\nrun: { program: ./sim }\n', 'sim'],
  [
    // INET's build, say: hours of it, with as much reason to be killed
    "a referenced project's build",
    'build: { preset: none }\nrun: { program: ./sim }\nprojects: [{ name: lib, path: ../lib, build: { preset: make } }]\n',
    'lib',
  ],
] as const)
  test(`SIGKILL of opp-campaign during ${what}: the next campaign stops the build it left going before it builds`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-build-killed-'));
    const dir = join(root, 'sim');
    const buildDir = join(root, built);
    mkdirSync(dir, { recursive: true });
    mkdirSync(buildDir, { recursive: true });
    writeFileSync(join(buildDir, 'Makefile'), SLOW_MAKEFILE);
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
    writeFileSync(join(dir, 'opp-campaign.yml'), campaignFile);
    const c = spawnCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(root, 'cache')]);
    const pidFile = join(buildDir, 'compiler.pid');
    for (
      let i = 0;
      i < 400 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
      i++
    )
      await new Promise((res) => setTimeout(res, 25));
    const compiler = Number(readFileSync(pidFile, 'utf8'));
    c.child.kill('SIGKILL');
    assert.equal((await c.exited).signal, 'SIGKILL');
    assert.ok(alive(compiler), 'the killed campaign could not stop its build');
    try {
      const r = await run(dir);
      assert.match(r.stderr, /stopped 1 process group\(s\) \(runs, or a build\) left behind/);
      assert.ok(!alive(compiler), 'the build the killed campaign left is stopped');
      assert.ok(!existsSync(join(buildDir, 'race')), 'a second make ran beside the first');
    } finally {
      if (alive(compiler)) process.kill(compiler, 'SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });

test('the process launcher killed mid-campaign: its runs are stopped and run again, the rest started without it', async () => {
  const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
  const c = startCampaign(dir);
  await c.finishedRuns(2);
  const helper = childrenOf(c.child.pid as number).find((p) => p.comm.startsWith('python'));
  assert.ok(helper, 'the campaign has its python3 helper');
  process.kill(helper.pid, 'SIGKILL');
  const exit = await c.exited;
  assert.equal(exit.code, 0, c.output());
  assertCompleteOnce(dir);
  const statuses = journalRuns(dir).map((r) => r.status);
  assert.ok(!statuses.includes('spawn-error'), statuses.join(' '));
});

test('a second run on the same results folder is refused; the first runs on undisturbed', async () => {
  const dir = misbehaveProject(SLOW_INI, MISBEHAVE_CAMPAIGN);
  const first = startCampaign(dir);
  await first.finishedRuns(1);
  const second = await run(dir, '-j', '2');
  assert.equal(second.code, 1, second.stdout + second.stderr);
  assert.match(
    second.stderr,
    new RegExp(`results is in use by another opp-campaign \\(process ${first.child.pid}, since `),
  );
  assert.doesNotMatch(second.stdout + second.stderr, /left behind/);
  const exit = await first.exited;
  assert.equal(exit.code, 0, first.output());
  assertCompleteOnce(dir);
  // the folder is free again
  const third = await run(dir, '-j', '2');
  assert.equal(third.code, 0, third.stdout + third.stderr);
  assert.match(third.stdout, /skipped +8 /);
});

/** Config T of four runs of `true` (no result files) in `dir`. */
function fourTrueRuns(dir: string): void {
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Config T]\n**.i = ${i=1..4}\n',
  );
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    'configs: [T]\nrun: { command: "true" }\nresults: { files: [] }\n',
  );
}

test('a resumed campaign says how many runs are done already (before: "running 4 run(s)" with 2 of them to be skipped)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-resumed-'));
  try {
    fourTrueRuns(dir);
    const first = await runCli(['run', dir, '--progress', 'plain', '-r', '0,1']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const r = await runCli(['run', dir, '--progress', 'plain', '-j', '8']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout + r.stderr,
      /running up to 2 of 4 run\(s\) of T on 2 slot\(s\) \(2 done already\)\n/,
    );
    assert.match(r.stdout, /skipped +2 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the process launcher is started only when a run is to start: not by a campaign whose every run is done (run again to merge)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-launcher-'));
  // the helper's python3, through a script that counts its starts (OPP_CAMPAIGN_PYTHON)
  const starts = join(dir, 'starts');
  const python = join(dir, 'python');
  writeFileSync(python, `#!/bin/sh\necho x >> '${starts}'\nexec /usr/bin/python3 "$@"\n`, {
    mode: 0o755,
  });
  const count = (): number =>
    existsSync(starts) ? readFileSync(starts, 'utf8').split('\n').length - 1 : 0;
  const before = process.env['OPP_CAMPAIGN_PYTHON'];
  process.env['OPP_CAMPAIGN_PYTHON'] = python;
  try {
    fourTrueRuns(dir);
    const first = await runCli(['run', dir, '--progress', 'plain', '-r', '0,1']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(count(), 1, 'the first campaign starts its helper');
    // runs left: the helper is started for them
    const rest = await runCli(['run', dir, '--progress', 'plain']);
    assert.equal(rest.code, 0, rest.stdout + rest.stderr);
    assert.equal(count(), 2, 'a resumed campaign with runs left starts its helper');
    // every run done: merged again, no helper (before: one started, and under a low
    // `ulimit -n` its spawn failed where the merge alone would work)
    const again = await runCli(['run', dir, '--progress', 'plain']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(
      again.stdout + again.stderr,
      /all 4 run\(s\) of T done already with this build: nothing to run/,
    );
    assert.match(again.stdout + again.stderr, /merging the 4 run\(s\) done already/);
    assert.equal(count(), 2, 'no helper started for a campaign with nothing to run');
  } finally {
    if (before === undefined) delete process.env['OPP_CAMPAIGN_PYTHON'];
    else process.env['OPP_CAMPAIGN_PYTHON'] = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run list that names a run twice runs it once, and counts it once', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\n**.i = ${i=1..3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const r = await run(dir, '-r', '0,0,2', '-j', '8');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  // no more slots than runs
  assert.match(r.stdout + r.stderr, /running 2 run\(s\) of M on 2 slot\(s\)/);
  assert.match(r.stdout + r.stderr, /\[2\/2\] /);
  assert.deepEqual(
    journalRuns(dir)
      .map((x) => x.run)
      .sort(),
    [0, 2],
  );
});

test('a run filter expression (iteration variables, $runnumber) runs the runs it selects, each once, counted once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-filter-'));
  try {
    fourTrueRuns(dir);
    // worked out once, then checked and planned from that list (before: evaluated three times)
    const r = await runCli([
      'run',
      dir,
      '--progress',
      'plain',
      '-j',
      '8',
      '-r',
      '$i % 2 == 0 || $runnumber == 0',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /running 3 run\(s\) of T on 3 slot\(s\)/);
    assert.deepEqual(
      journalRuns(dir)
        .map((x) => x.run)
        .sort(),
      [0, 1, 3],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("OMNeT++'s option check of the model as it was is dropped when the build replaces the model", async () => {
  // a stand-in model whose option check says what it is (checks.log); the make that the campaign
  // runs replaces it by a version that accepts what the older one refused
  const dir = mkdtempSync(join(tmpdir(), 'opp-early-check-'));
  const model = (version: string, accept: boolean): string =>
    [
      '#!/bin/sh',
      'case "$*" in *sectioninheritance*)',
      `  echo ${version} >> checks.log`,
      accept ? '  exit 0;;' : '  echo "<!> Error: Unknown configuration option: x-y" >&2; exit 1;;',
      'esac',
      'exit 0',
      '',
    ].join('\n');
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\nx-y = 1\n');
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    'build: { preset: make }\nrun: { program: ./model }\n',
  );
  // the copy waits: the check of the old model has ended long before
  writeFileSync(
    join(dir, 'Makefile'),
    'model: model.in\n\tsleep 0.5; cp model.in model; chmod +x model\n',
  );
  writeFileSync(join(dir, 'model.in'), model('v1', false));
  execFileSync('make', ['-s'], { cwd: dir });
  const before = new Date(Date.now() - 10_000);
  utimesSync(join(dir, 'model'), before, before);
  writeFileSync(join(dir, 'model.in'), model('v2', true));
  const first = await run(dir);
  assert.doesNotMatch(first.stderr, /Unknown configuration option/, first.stdout + first.stderr);
  assert.equal(journalRuns(dir).length, 1, 'the run ran');
  assert.deepEqual(readFileSync(join(dir, 'checks.log'), 'utf8').split('\n'), ['v1', 'v2', '']);
  // nothing to build: the check made as the build started is the one taken, not made again
  await run(dir, '--force');
  assert.deepEqual(readFileSync(join(dir, 'checks.log'), 'utf8').split('\n'), [
    'v1',
    'v2',
    'v2',
    '',
  ]);
});

test(
  "OMNeT++'s option check of a program that leaves a helper running (sleep &): its answer is taken when the program exits, and the helper is stopped",
  { timeout: 45_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-check-helper-'));
    // a launcher script that starts a helper holding its output open, then refuses an option
    writeFileSync(
      join(dir, 'model'),
      [
        '#!/bin/sh',
        'case "$*" in *sectioninheritance*)',
        '  sleep 600 & echo $! > helper.pid',
        '  echo "<!> Error: Unknown configuration option: x-y" >&2; exit 1;;',
        'esac',
        'exit 0',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\nx-y = 1\n');
    writeFileSync(join(dir, 'opp-campaign.yml'), 'build: none\nrun: { program: ./model }\n');
    const r = await run(dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /omnetpp\.ini:3: Unknown configuration option: x-y/);
    // (before: the check waited 60 s for the output to close, twice, and left the helper running)
    const pid = Number(readFileSync(join(dir, 'helper.pid'), 'utf8'));
    // gone, or a zombie its new parent has yet to reap
    const running = (): boolean => {
      try {
        return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && running(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(running(), false, `the helper ${pid} is still running`);
  },
);

test("OMNeT++'s refusal of the configuration at start (not over an option's name) stops the campaign before any run, at the file and line it names", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-check-refused-'));
  const model = (refusal: string): string =>
    [
      '#!/bin/sh',
      'case "$*" in *sectioninheritance*)',
      `  echo "<!> Error: ${refusal}" >&2; exit 1;;`,
      'esac',
      'echo ran >> runs.log',
      'exit 0',
      '',
    ].join('\n');
  writeFileSync(
    join(dir, 'model'),
    model("Line must be in the form key=value, 'omnetpp.ini' line 2"),
    {
      mode: 0o755,
    },
  );
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
  writeFileSync(join(dir, 'opp-campaign.yml'), 'build: none\nrun: { program: ./model }\n');
  const r = await run(dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /error: \S*\/omnetpp\.ini:2: OMNeT\+\+ refused to start the runs: Line must be in the form key=value\n/,
  );
  assert.equal(existsSync(join(dir, 'runs.log')), false, 'no run started');
  // (before: ignored, and every run started)
  // a program that does not know the check's query refuses nothing: the runs start
  writeFileSync(join(dir, 'model'), model('Invalid command-line option -s, try -h for help'));
  const o = await run(dir);
  assert.doesNotMatch(o.stderr, /refused to start/, o.stdout + o.stderr);
  rmSync(join(dir, 'runs.log'));
  writeFileSync(join(dir, 'model'), model("Unrecognized -q argument 'sectioninheritance'"));
  const q = await run(dir);
  assert.doesNotMatch(q.stderr, /refused to start/, q.stdout + q.stderr);
  assert.equal(readFileSync(join(dir, 'runs.log'), 'utf8'), 'ran\n', 'the run started');
  rmSync(dir, { recursive: true, force: true });
});

test('the results folder removed while the campaign runs: said as such, exit 1, the runs stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-results-removed-'));
  // run 1 removes the results folder; run 0 runs on (it would for 30 s) and must be stopped
  writeFileSync(
    join(dir, 'model'),
    [
      '#!/bin/sh',
      'case "$*" in *sectioninheritance*) exit 0;; esac',
      'case "$*" in *"-r 1 "*) rm -rf results; exit 0;; esac',
      'echo $$ > run0.pid',
      'exec sleep 30',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.a = ${a=1,2}\n');
  writeFileSync(join(dir, 'opp-campaign.yml'), 'build: none\nrun: { program: ./model }\n');
  const r = await run(dir, '-j', '2');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  // (before: "cannot open '.../results/.opp-campaign/runfiles/....run': no such file or folder")
  assert.match(
    r.stderr,
    /^opp-campaign: error: the results folder \S+\/results was removed while the campaign ran: runs stopped; nothing to merge/m,
  );
  assert.doesNotMatch(r.stderr, /ENOENT/);
  assert.equal(existsSync(join(dir, 'results')), false, 'not made again');
  if (existsSync(join(dir, 'run0.pid'))) {
    const pid = Number(readFileSync(join(dir, 'run0.pid'), 'utf8'));
    assert.equal(alive(pid), false, `run 0 (${pid}) is still running`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test("a failed run's error: control characters shown escaped on the terminal (the log keeps them); one of 3 MB by its start, cut, pointing at the log", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-cause-'));
  writeFileSync(
    join(dir, 'model'),
    [
      '#!/bin/sh',
      'case "$*" in *sectioninheritance*) exit 0;; esac',
      'case "$*" in',
      `  *"-r 0 "*) printf '\\n<!> Error: bad \\033]0;title\\007 value\\033[2J\\n' >&2;;`,
      `  *) printf '\\n<!> Error: huge ' >&2; head -c 3000000 /dev/zero | tr '\\0' x >&2; printf '\\n' >&2;;`,
      'esac',
      'exit 1',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.a = ${a=1,2}\n');
  writeFileSync(join(dir, 'opp-campaign.yml'), 'build: none\nrun: { program: ./model }\n');
  const r = await run(dir, '-j', '2');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  // (before: the ESC, BEL and the screen's clearing went to the terminal as they were)
  const shown = r.stdout + r.stderr;
  assert.ok(!shown.includes('\x1b') && !shown.includes('\x07'), shown.slice(0, 2000));
  assert.match(
    r.stdout,
    /General #0 .*: failed: exit status 1: bad \\x1b\]0;title\\x07 value\\x1b\[2J\n/,
  );
  assert.ok(
    readFileSync(join(dir, 'results', 'logs', 'General-0.log'), 'utf8').includes(
      '\x1b]0;title\x07',
    ),
  );
  // (before: "exit status 1" alone)
  assert.match(
    r.stdout,
    /General #1 .*: failed: exit status 1: huge x{400,}… \(cut: all of it is in the run's log\)\n {4}log: /,
  );
  rmSync(dir, { recursive: true, force: true });
});

test('a results folder whose path is too long for SQLite (over ~450 bytes) is refused before any run, as is merge -o into it', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\n',
    MISBEHAVE_CAMPAIGN,
  );
  const long = join(dir, ...Array.from({ length: 3 }, () => 'd'.repeat(200)));
  const r = await run(dir, '--results', long);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /^opp-campaign: error: the results folder's path is \d+ bytes long: the merged results\.sca is an SQLite file, and SQLite opens no file of a path over 512 bytes/,
  );
  assert.ok(!existsSync(join(dir, 'out')), 'nothing was built');
  assert.ok(!existsSync(long), 'no results folder');
  // (before: every run ran, then the merge failed: "internal error: unable to open database file")
  const m = await runCli(['merge', dir, '-o', long]);
  assert.equal(m.code, 1, m.stdout + m.stderr);
  assert.match(m.stderr, /the results folder's path is \d+ bytes long/);
});

test('a value put before the others (seed-set = ${repetition}): the runs done stay done, with their results, under the number they ran as', async () => {
  const ini = (values: string) =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\nseed-set = \${repetition}\n**.n = \${n=${values}}\n`;
  const dir = misbehaveProject(ini('2,3'), MISBEHAVE_CAMPAIGN);
  assert.equal((await run(dir, '-c', 'M')).code, 0);
  writeFileSync(join(dir, 'omnetpp.ini'), ini('1,2,3'));
  const r = await run(dir, '-c', 'M');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /succeeded +1\n {2}skipped +2 /);
  // n=2 was run 0 and is run 1 now: the same simulation, kept (its files say it ran as run 0)
  assert.doesNotMatch(r.stdout, /Set aside/);
  assert.equal(runsCsv(dir).length, 3);
  assert.equal(
    readdirSync(join(dir, 'results', '.runs')).filter((f) => f.endsWith('.sca')).length,
    3,
  );
});

test('a changed ini: earlier runs it no longer has are set aside, and the dataset, runs.csv and the report hold the runs of the ini as it is', async () => {
  const ini = (values: string, rest = '') =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\n**.n = \${n=${values}}\n${rest}`;
  const dir = misbehaveProject(
    ini('1,2,3', '[Config Other]\n**.behaviour = ok\n'),
    MISBEHAVE_CAMPAIGN,
  );
  const first = await run(dir, '-c', 'M', '-c', 'Other');
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const rows = (): string[] =>
    runsCsv(dir)
      .map((r) => `${r.get('config')}#${r.get('runnumber')}:${r.get('itervars') ?? ''}`)
      .sort();
  assert.equal(rows().length, 4);
  // a value changed: run 2 is another simulation now; Other's run is not this campaign's
  writeFileSync(join(dir, 'omnetpp.ini'), ini('1,2,4', '[Config Other]\n**.behaviour = ok\n'));
  const second = await run(dir, '-c', 'M');
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /succeeded +1\n {2}skipped +2 /);
  assert.match(
    second.stdout,
    /Set aside 1 earlier run\(s\) that the ini no longer has \(changed since\): their files are in .*results\/\.opp-campaign\/superseded \(under their paths in .*results: \.runs\/\.\.\.\), out of the dataset/,
  );
  const listed = rows();
  assert.equal(listed.length, 4, listed.join(' '));
  assert.equal(new Set(listed.map((r) => r.split(':')[0])).size, 4, 'each run number once');
  assert.ok(!listed.some((r) => r.includes('n=3')), listed.join(' '));
  assert.ok(
    listed.some((r) => r.startsWith('Other#0')),
    'the other config stays',
  );
  const runs = readdirSync(join(dir, 'results', '.runs'));
  assert.ok(!runs.some((f) => f.includes('n=3')), runs.join(' '));
  assert.ok(
    readdirSync(join(dir, 'results', '.opp-campaign', 'superseded', '.runs')).some((f) =>
      f.includes('n=3'),
    ),
  );
  // the report counts the runs of the dataset: M's three and Other's one, not the one set aside
  assert.match(
    readFileSync(join(dir, 'results', 'report.html'), 'utf8'),
    /<div id="run-grid" data-runs="4">/,
  );
  // fewer runs (a value removed): with no run filter, the config's runs beyond the plan go too
  writeFileSync(join(dir, 'omnetpp.ini'), ini('1,2', '[Config Other]\n**.behaviour = ok\n'));
  const third = await run(dir, '-c', 'M');
  assert.equal(third.code, 0, third.stdout + third.stderr);
  assert.match(third.stdout, /Set aside 1 earlier run/);
  assert.equal(rows().length, 3, rows().join(' '));
  // with a run filter only the runs it plans are compared: nothing else is set aside
  writeFileSync(join(dir, 'omnetpp.ini'), ini('1,2,5', '[Config Other]\n**.behaviour = ok\n'));
  await run(dir, '-c', 'M');
  writeFileSync(join(dir, 'omnetpp.ini'), ini('1,2', '[Config Other]\n**.behaviour = ok\n'));
  const filtered = await run(dir, '-c', 'M', '-r', '0');
  assert.equal(filtered.code, 0, filtered.stdout + filtered.stderr);
  assert.doesNotMatch(filtered.stdout, /Set aside/);
  assert.equal(rows().length, 4, rows().join(' '));
});

test('failed runs a changed ini replaced leave runs.csv and the report (before: kept from the earlier runs.csv, 6 rows for 3 runs); no folder is named when they made no files', async () => {
  const ini = (b: string) =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = ${b}\n**.n = \${n=1,2,3}\n`;
  const dir = misbehaveProject(ini('exit3'), MISBEHAVE_CAMPAIGN);
  const first = await run(dir);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.equal(runsCsv(dir).length, 3);
  const earlierRows = readFileSync(join(dir, 'results', 'runs.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .join('\n');
  writeFileSync(join(dir, 'omnetpp.ini'), ini('ok'));
  const second = await run(dir);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /Set aside 3 earlier run\(s\) that the ini no longer has/);
  assert.doesNotMatch(second.stdout, /their files are in/);
  assert.ok(!existsSync(join(dir, 'results', '.opp-campaign', 'superseded')));
  const rows = runsCsv(dir);
  assert.deepEqual(rows.map((r) => `${r.get('runnumber')}:${r.get('status')}`).sort(), [
    '0:ok',
    '1:ok',
    '2:ok',
  ]);
  const html = readFileSync(join(dir, 'results', 'report.html'), 'utf8');
  assert.match(html, /<div id="run-grid" data-runs="3">/);
  // a runs.csv that still has the earlier rows (written by a version before this fix): the
  // report of the folder and a merge of it again leave them out too
  const csv = join(dir, 'results', 'runs.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8') + earlierRows);
  assert.equal(runsCsv(dir).length, 6);
  const page = join(dir, 'again.html');
  const report = await runCli(['report', join(dir, 'results'), '-o', page]);
  assert.equal(report.code, 0, report.stdout + report.stderr);
  assert.match(readFileSync(page, 'utf8'), /<div id="run-grid" data-runs="3">/);
  const merged = await runCli(['merge', join(dir, 'results'), '-o', join(dir, 'results')]);
  assert.equal(merged.code, 0, merged.stdout + merged.stderr);
  assert.equal(runsCsv(dir).length, 3);
});

test('a campaign without result files (a clean exit is success): runs.csv has a row for every run, succeeded ones too (before: the failed ones only)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-nofiles-'));
  try {
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\n[Config T]\n**.i = ${i=1..3}\n',
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'configs: [T]\nrun: { command: \'sh -c "[ {run} != 1 ]"\' }\nresults: { files: [] }\n',
    );
    const r = await runCli(['run', dir, '--progress', 'plain']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const rows = runsCsv(dir);
    assert.deepEqual(
      rows.map(
        (x) => `${x.get('config')}#${x.get('runnumber')}:${x.get('itervar:i')}:${x.get('status')}`,
      ),
      ['T#0:1:ok', 'T#1:2:failed', 'T#2:3:ok'],
    );
    for (const x of rows) {
      assert.match(x.get('log') ?? '', /^logs\/T-\d\.log$/);
      assert.match(x.get('duration_ms') ?? '', /^\d+$/);
    }
    assert.match(
      readFileSync(join(dir, 'results', 'report.html'), 'utf8'),
      /<div id="run-grid" data-runs="3">/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed ini, the campaign Ctrl-C\'d after the new runs started: the next run says where the earlier runs\' files are (before: "they made no result files")', async () => {
  // run 1 hangs unless the command line says otherwise (the files' names stay the same)
  const ini = (p: number) =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = \${b=vector,hang ! i}\n**.p = ${p}\n**.i = \${i=1,2}\n`;
  const dir = misbehaveProject(ini(1), MISBEHAVE_CAMPAIGN);
  try {
    const first = await run(dir, '--', '--**.behaviour=vector');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // with 2 slots both runs started (their earlier files set aside), run 0 ended, 1 hangs
    writeFileSync(join(dir, 'omnetpp.ini'), ini(2));
    const c = startCampaign(dir);
    await c.finishedRuns(3);
    c.child.kill('SIGINT');
    assert.equal((await c.exited).code, 130, c.output());
    const aside = join(dir, 'results', '.opp-campaign', 'superseded', '.runs');
    assert.equal(readdirSync(aside).length, 4, readdirSync(aside).join(' '));
    // no file of an earlier run is left to move now
    const r = await run(dir, '--', '--**.behaviour=vector');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // run 0 ran again for its arguments alone: the line names them (before: the build only)
    assert.match(r.stdout, /Ran again 1 run\(s\) .*the runs' arguments \(after -- or run\.args\)/);
    assert.match(
      r.stdout,
      /Set aside 2 earlier run\(s\) that the ini no longer has \(changed since\): their files are in \S*superseded/,
      r.stdout,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a parameter changed under the same run number: the earlier run is set aside whole, in superseded/, before the new run writes files of the same names', async () => {
  const ini = (p: number) =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = vector\n**.p = ${p}\n`;
  const dir = misbehaveProject(ini(1), MISBEHAVE_CAMPAIGN);
  try {
    assert.equal((await run(dir, '-c', 'M')).code, 0);
    writeFileSync(join(dir, 'omnetpp.ini'), ini(2));
    const r = await run(dir, '-c', 'M');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Set aside 1 earlier run\(s\)/);
    // the files moved as the new run started are counted (before: "they made no result files")
    assert.match(r.stdout, /their files are in \S*superseded/, r.stdout);
    const aside = join(dir, 'results', '.opp-campaign', 'superseded', '.runs');
    assert.deepEqual(readdirSync(aside).sort(), ['M-#0.sca', 'M-#0.vec']);
    // the earlier run's own files, as it wrote them; the new run's in .runs
    for (const f of ['M-#0.sca', 'M-#0.vec'])
      assert.match(readFileSync(join(aside, f), 'utf8'), /^config \*\*\.p 1$/m, f);
    assert.match(
      readFileSync(join(dir, 'results', '.runs', 'M-#0.sca'), 'utf8'),
      /^config \*\*\.p 2$/m,
    );
    assert.equal(runsCsv(dir).length, 1);
    // changed again: the run set aside before stays, this one is kept beside it (~2)
    writeFileSync(join(dir, 'omnetpp.ini'), ini(3));
    const third = await run(dir, '-c', 'M');
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.deepEqual(readdirSync(aside).sort(), [
      'M-#0.sca',
      'M-#0.vec',
      'M-#0~2.sca',
      'M-#0~2.vec',
    ]);
    for (const [f, p] of [
      ['M-#0.sca', 1],
      ['M-#0~2.sca', 2],
      ['M-#0~2.vec', 2],
    ] as const)
      assert.match(
        readFileSync(join(aside, f), 'utf8'),
        new RegExp(`^config \\*\\*\\.p ${p}$`, 'm'),
        f,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a config renamed or deleted in the ini: its runs leave the dataset (set aside); a config still there but not named this time keeps its runs', async () => {
  const ini = (other: string) =>
    `[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\n[Config ${other}]\n**.behaviour = ok\n**.n = \${n=1,2}\n[Config Kept]\n**.behaviour = ok\n`;
  const dir = misbehaveProject(ini('Other'), MISBEHAVE_CAMPAIGN);
  try {
    const first = await run(dir, '-c', 'M', '-c', 'Other', '-c', 'Kept');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(runsCsv(dir).length, 4);
    writeFileSync(join(dir, 'omnetpp.ini'), ini('Other2'));
    const second = await run(dir, '-c', 'M', '-c', 'Other2');
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /Set aside 2 earlier run\(s\)/);
    const configs = runsCsv(dir)
      .map((r) => r.get('config'))
      .sort();
    assert.deepEqual(configs, ['Kept', 'M', 'Other2', 'Other2']);
    const runs = readdirSync(join(dir, 'results', '.runs'));
    assert.ok(!runs.some((f) => f.startsWith('Other-')), runs.join(' '));
    assert.ok(
      readdirSync(join(dir, 'results', '.opp-campaign', 'superseded', '.runs')).some((f) =>
        f.startsWith('Other-'),
      ),
    );
    assert.doesNotMatch(readFileSync(join(dir, 'results', 'results.sca'), 'utf8'), /Other-/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run into a results folder holding runs merged in from elsewhere, or into a dataset merge made: refused before anything runs, every run kept', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1,2}\n[Config N]\n**.y = ${y=1,2,3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const out = join(dir, 'results');
  assert.equal((await run(dir, '-c', 'M')).code, 0);
  assert.equal((await run(dir, '-c', 'N', '--results', 'other')).code, 0);
  // another campaign's runs merged into the campaign's folder (README allows it while no
  // campaign runs there): 5 runs
  const merged = await runCli(['merge', join(dir, 'other', '.runs'), '-o', out]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal(runsCsv(dir).length, 5);
  const before = readFileSync(join(out, 'results.sca'));
  const journal = readFileSync(join(out, 'journal.jsonl'));
  // (before: "skipped 2 ... none ran", exit 0, and the dataset was back to M's 2 runs, N's 3
  // gone without a word)
  const again = await run(dir, '-c', 'M');
  assert.equal(again.code, 1, again.stdout);
  assert.match(
    again.stderr,
    /results holds 3 run\(s\) that its campaign did not make \(rows of \S+\/results\/runs\.csv that \S+\/results\/journal\.jsonl does not know, e\.g\. N #0\): runs merged in with `opp-campaign merge`\. .*nothing was run or changed\. Give the campaign a folder of its own with --results OUT, or keep the dataset elsewhere first \(opp-campaign merge \S+results -o \S+results-merged\) and make \S+results the campaign's again \(opp-campaign merge \S+results\/\.runs -o \S+results --rebuild\)/,
  );
  assert.equal(runsCsv(dir).length, 5);
  assert.deepEqual(readFileSync(join(out, 'results.sca')), before);
  assert.deepEqual(readFileSync(join(out, 'journal.jsonl')), journal);
  // the commands offered: the dataset kept elsewhere, the folder the campaign's again
  const keep = await runCli(['merge', out, '-o', join(dir, 'results-merged')]);
  assert.equal(keep.code, 0, keep.stderr);
  const own = await runCli(['merge', join(out, '.runs'), '-o', out, '--rebuild']);
  assert.equal(own.code, 0, own.stderr);
  assert.equal(runsCsv(dir).length, 2);
  const rerun = await run(dir, '-c', 'M');
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, /skipped +2/);
  // a dataset merge made (no journal) as a campaign's results folder: refused, its 5 runs kept
  // (before: its runs.csv held the campaign's 2 runs only)
  const set = join(dir, 'results-merged');
  const csv = readFileSync(join(set, 'runs.csv'), 'utf8');
  const into = await run(dir, '-c', 'M', '--results', 'results-merged');
  assert.equal(into.code, 1, into.stdout);
  assert.match(
    into.stderr,
    /results-merged holds 5 run\(s\) that its campaign did not make \(rows of \S+runs\.csv, and no campaign journal, e\.g\. M #0\).*Give the campaign a folder of its own with --results OUT$/m,
  );
  assert.equal(readFileSync(join(set, 'runs.csv'), 'utf8'), csv);
  assert.ok(!existsSync(join(set, '.opp-campaign')), 'nothing written into it');
  rmSync(dir, { recursive: true, force: true });
});
