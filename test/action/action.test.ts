// The bundled action (dist/index.js), run as the runner runs it, with the local-folder
// artifact store standing in for GitHub's artifact service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalRuns, misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';
import { runCli } from '../helpers/cli.js';
import { runAction } from './run-action.js';
import { contentListing } from '../helpers/content-listing.js';

const INI =
  '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..10}\n**.behaviour = ${b=ok,ok,ok,ok,ok,ok,ok,ok,exit3,ok ! x}\n';

test('plan -> 3 shards -> merge: outputs, summaries, annotations, artifacts', async () => {
  const workspace = misbehaveProject(INI, MISBEHAVE_CAMPAIGN);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '3' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  assert.deepEqual(JSON.parse(plan.outputs['matrix'] ?? ''), { shard: [0, 1, 2] });
  assert.equal(plan.outputs['runs'], '10');
  assert.equal(plan.outputs['shards'], '3');
  assert.match(plan.summary, /10 runs of M in 3 shards/);
  assert.deepEqual(readdirSync(artifactDir), ['campaign-plan']);

  // each job checks out its own copy of the repository
  const checkout = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-checkout-'));
    cpSync(workspace, dir, { recursive: true });
    return dir;
  };
  const shards = await Promise.all(
    [0, 1, 2].map((k) =>
      runAction({
        workspace: checkout(),
        artifactDir,
        inputs: { command: 'shard', 'shard-index': String(k), parallelism: '2' },
      }),
    ),
  );
  // run 8 (x=9) exits 3: in shard 2 (runs 7..9); that shard fails, the others pass
  assert.deepEqual(
    shards.map((s) => s.code),
    [0, 0, 1],
    shards.map((s) => s.stdout + s.stderr).join('\n----\n'),
  );
  assert.deepEqual(
    shards.map((s) => s.outputs['runs']),
    ['4', '3', '3'],
  );
  const failing = shards[2];
  assert.ok(failing);
  assert.equal(failing.outputs['failed'], '1');
  assert.ok(
    failing.annotations.some(
      (a) =>
        a.level === 'error' &&
        /M #8 \(\$x=9, \$b=exit3, \$repetition=0\): failed: exit status 3: misbehave was asked to fail -- /.test(
          a.message,
        ),
    ),
    failing.stdout,
  );
  assert.match(failing.summary, /## Shard 2/);
  assert.match(
    failing.summary,
    /\| `M` \| 8 \| `\$x=9, \$b=exit3, \$repetition=0` \| \*\*`failed`\*\* \|/,
  );
  // the failing shard still uploaded everything it had
  assert.ok(existsSync(join(artifactDir, 'campaign-shard-2', 'journal.jsonl')));
  assert.equal(
    readdirSync(join(artifactDir, 'campaign-shard-2', '.runs')).filter((f) => f.endsWith('.sca'))
      .length,
    2,
  );

  const merge = await runAction({ workspace, artifactDir, inputs: { command: 'merge' } });
  assert.equal(merge.code, 1, 'a failed run fails the merge');
  assert.equal(merge.outputs['succeeded'], '9');
  assert.equal(merge.outputs['failed'], '1');
  assert.equal(merge.outputs['missing'], '0');
  assert.match(merge.summary, /## Campaign incomplete/);
  assert.match(merge.summary, /\| 10 \| 9 \| 1 \| 0 \|/);
  assert.match(merge.summary, /\n {2}opp-campaign run \. -f omnetpp\.ini -c M -r 8\n/);
  assert.ok(
    merge.annotations.some(
      (a) => a.level === 'error' && /1 runs failed, 0 are missing/.test(a.message),
    ),
  );
  const results = join(artifactDir, 'campaign-results');
  assert.equal(readdirSync(join(results, '.runs')).filter((f) => f.endsWith('.sca')).length, 9);
  assert.ok(existsSync(join(results, 'logs', 'M-8.log')), 'the failed run’s log is in the results');
  // the merged dataset: OMNeT++ SQLite files, CSV-R scalars and a run index with outcomes
  for (const f of ['results.sca', 'scalars.csv', 'runs.csv', 'report.html'])
    assert.ok(existsSync(join(results, f)), f);
  // written through node:sqlite by the bundle alone (the copy the runner runs has no node_modules)
  assert.equal(
    readFileSync(join(results, 'results.sca')).subarray(0, 16).toString('latin1'),
    'SQLite format 3\0',
  );
  const index = readFileSync(join(results, 'runs.csv'), 'utf8').trim().split('\n');
  assert.equal(index.length, 11, 'a header and one row per run, the failed one included');
  assert.match(index.find((l) => l.includes(',failed,')) ?? '', /,3,/);
  assert.equal(readFileSync(merge.outputs['summary-file'] ?? '', 'utf8'), merge.summary);

  const partial = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'merge' },
  });
  assert.equal(partial.code, 1);
  assert.ok(partial.annotations.some((a) => /artifact 'campaign-plan' not found/.test(a.message)));
});

test("a failed run: the shard's and merge's summaries and the comment show the `opp-campaign run` that reruns it from a clone, no runner path", async () => {
  // the model in a subfolder of the repository
  const repo = mkdtempSync(join(tmpdir(), 'opp-repo-'));
  cpSync(misbehaveProject(INI, MISBEHAVE_CAMPAIGN), join(repo, 'sim'), { recursive: true });
  const clone = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-checkout-'));
    cpSync(repo, dir, { recursive: true });
    return dir;
  };
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const inputs = { 'project-dir': 'sim' };
  const plan = await runAction({
    workspace: clone(),
    artifactDir,
    inputs: { ...inputs, command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace: clone(),
    artifactDir,
    inputs: { ...inputs, command: 'shard', 'shard-index': '0', parallelism: '2' },
  });
  assert.equal(shard.code, 1, shard.stdout + shard.stderr);
  // the shard's journal keeps the command that reproduces the run on its runner
  assert.match(
    readFileSync(join(artifactDir, 'campaign-shard-0', 'journal.jsonl'), 'utf8'),
    /OPP_CAMPAIGN_RUN_FILE=/,
  );
  const merge = await runAction({
    workspace: clone(),
    artifactDir,
    inputs: { ...inputs, command: 'merge' },
  });
  assert.equal(merge.code, 1, merge.stdout + merge.stderr);
  const comment = readFileSync(merge.outputs['comment-file'] ?? '', 'utf8');
  const command = 'opp-campaign run sim -f omnetpp.ini -c M -r 8';
  for (const [name, text] of [
    ['shard summary', shard.summary],
    ['merge summary', merge.summary],
    ['comment', comment],
  ] as const) {
    assert.ok(!text.includes(tmpdir()), `${name}: no path of the runner (${tmpdir()}):\n${text}`);
    assert.ok(!text.includes('OPP_CAMPAIGN_RUN_FILE'), `${name}: no run file:\n${text}`);
    assert.ok(text.includes(`\n  ${command}\n`), `${name}: the command:\n${text}`);
    assert.ok(
      text.includes(
        'from the top of a clone of the repository at commit `0123456789abcdef0123456789abcdef01234567`',
      ),
      `${name}: where it runs:\n${text}`,
    );
  }
  // the command, as shown, runs that run again in a clone of the repository
  const here = clone();
  const r = await runCli(
    [...command.split(' ').slice(1), '--progress', 'plain', '--ccache-dir', join(here, 'cache')],
    here,
  );
  assert.notEqual(r.code, 0, r.stdout + r.stderr);
  const runs = journalRuns(join(here, 'sim'));
  assert.deepEqual(
    runs.map((x) => [x.config, x.run, x.itervars, x.status, x.exitCode]),
    [['M', 8, '$x=9, $b=exit3, $repetition=0', 'failed', 3]],
  );
});

test("a shard's timeout and retries inputs that differ from the campaign file's: in the summaries' command, which the CLI runs", async () => {
  const workspace = misbehaveProject(INI, MISBEHAVE_CAMPAIGN); // timeout: 5s, retries: 1
  const clone = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-checkout-'));
    cpSync(workspace, dir, { recursive: true });
    return dir;
  };
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace: clone(),
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1', runs: '7..8' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace: clone(),
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0', timeout: '1.5m', retries: '0' },
  });
  assert.equal(shard.code, 1, shard.stdout + shard.stderr);
  const merge = await runAction({ workspace: clone(), artifactDir, inputs: { command: 'merge' } });
  assert.equal(merge.code, 1, merge.stdout + merge.stderr);
  const comment = readFileSync(merge.outputs['comment-file'] ?? '', 'utf8');
  const command = 'opp-campaign run . -f omnetpp.ini -c M -r 8 --timeout 90s --retries 0';
  for (const [name, text] of [
    ['shard summary', shard.summary],
    ['merge summary', merge.summary],
    ['comment', comment],
  ] as const)
    assert.ok(text.includes(`\n  ${command}\n`), `${name}: the command:\n${text}`);
  // what fetch reads back to show the same command
  assert.deepEqual(
    JSON.parse(
      readFileSync(join(artifactDir, 'campaign-results', '.opp-campaign', 'rerun.json'), 'utf8'),
    ),
    {
      projectDir: '.',
      ini: ['omnetpp.ini'],
      commit: '0123456789abcdef0123456789abcdef01234567',
      timeoutMs: 90_000,
      retries: 0,
    },
  );
  // the CLI takes the command as shown: it runs that run again
  const here = clone();
  const r = await runCli(
    [...command.split(' ').slice(1), '--progress', 'plain', '--ccache-dir', join(here, 'cache')],
    here,
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.deepEqual(
    journalRuns(here).map((x) => [x.config, x.run, x.status, x.exitCode, x.attempt]),
    [['M', 8, 'failed', 3, 1]],
  );
});

/** The plan job of a workspace with this ini and campaign file, which must fail: its error at omnetpp.ini. */
async function refusedPlan(ini: string, campaign = MISBEHAVE_CAMPAIGN) {
  const plan = await runAction({
    workspace: misbehaveProject(ini, campaign),
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan' },
  });
  assert.equal(plan.code, 1);
  const a = plan.annotations.find((x) => x.level === 'error' && x.props['file'] === 'omnetpp.ini');
  assert.ok(a, plan.stdout);
  return { plan, line: a.props['line'], message: a.message };
}

test("a run past the shard's timeout input: its message names the input, not the CLI's --timeout", async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = hang\n',
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0', timeout: '1s', retries: '0' },
  });
  assert.equal(shard.code, 1, shard.stdout + shard.stderr);
  const said =
    /ran past its time limit of 1 s \(the input timeout, or timeout: in the campaign file\)/;
  assert.ok(
    shard.annotations.some((a) => a.level === 'error' && said.test(a.message)),
    shard.stdout,
  );
  assert.doesNotMatch(shard.stdout + shard.summary, /--timeout, or/);
});

test('a bad ini fails the plan with an annotation at its file and line', async () => {
  const { line, message } = await refusedPlan(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3 step 0}\n',
  );
  assert.equal(line, '4');
  assert.match(message, /Step is zero/);
});

test("a model in a subfolder (project-dir): the annotations name the ini file from the repository's top", async () => {
  const planIn = async (ini: string) => {
    const workspace = mkdtempSync(join(tmpdir(), 'opp-repo-'));
    cpSync(misbehaveProject(ini, MISBEHAVE_CAMPAIGN), join(workspace, 'sim'), { recursive: true });
    return runAction({
      workspace,
      artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
      inputs: { command: 'plan', 'project-dir': 'sim' },
    });
  };
  const bad = await planIn('[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3 step 0}\n');
  assert.equal(bad.code, 1);
  const error = bad.annotations.find((x) => x.level === 'error');
  assert.equal(error?.props['file'], 'sim/omnetpp.ini', bad.stdout);
  assert.equal(error?.props['line'], '4');
  const odd = await planIn('[General]\nnetwork = Net\n[Config M]\nsim-time-limt = 1s\n');
  assert.equal(odd.code, 0, odd.stdout);
  const warning = odd.annotations.find((x) => x.level === 'warning');
  assert.equal(warning?.props['file'], 'sim/omnetpp.ini', odd.stdout);
  assert.equal(warning?.props['line'], '4');
});

test("a campaign file's error and an included ini's: annotated at their files from the repository's top, titled with their own names", async () => {
  const planIn = async (ini: string, campaign: string, files: Record<string, string> = {}) => {
    const workspace = mkdtempSync(join(tmpdir(), 'opp-repo-'));
    cpSync(misbehaveProject(ini, campaign), join(workspace, 'sim'), { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(workspace, 'sim', f), text);
    const r = await runAction({
      workspace,
      artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
      inputs: { command: 'plan', 'project-dir': 'sim' },
    });
    assert.equal(r.code, 1, r.stdout);
    assert.ok(!r.stdout.includes(workspace), `no runner path:\n${r.stdout}`);
    const error = r.annotations.find((x) => x.level === 'error' && x.props['file']);
    assert.ok(error, r.stdout);
    return error;
  };
  const yml = await planIn(INI, MISBEHAVE_CAMPAIGN.replace('timeout:', 'timeut:'));
  assert.deepEqual(
    [yml.props['file'], yml.props['line'], yml.props['title']],
    ['sim/opp-campaign.yml', '5', 'opp-campaign.yml'],
  );
  assert.match(yml.message, /^sim\/opp-campaign\.yml:5: .*'timeut'/);
  const included = await planIn(
    '[General]\nnetwork = Net\ninclude params.ini\n',
    MISBEHAVE_CAMPAIGN,
    { 'params.ini': '[Config M]\n**.x = ${x=1..3 step 0}\n' },
  );
  assert.deepEqual(
    [included.props['file'], included.props['line'], included.props['title']],
    ['sim/params.ini', '2', 'params.ini'],
  );
});

test('a config that names no network fails the plan at its heading, naming those that do', async () => {
  const { line, message } = await refusedPlan(
    '[General]\n**.x = 1\n[Config M]\nnetwork = Net\n',
    MISBEHAVE_CAMPAIGN.replace('configs: [M]', 'configs: [General]'),
  );
  assert.equal(line, '1');
  // in the action's own terms: its input, not the CLI's -c
  assert.match(
    message,
    /config General names no network .*; configs that name one: M: choose one with the input configs$/,
  );
  assert.doesNotMatch(message, /-c NAME/);
});

test('a config of more runs than the max-runs input: the plan fails naming the input, not a CLI option', async () => {
  const plan = await runAction({
    workspace: misbehaveProject(INI, MISBEHAVE_CAMPAIGN),
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan', 'max-runs': '3' },
  });
  assert.equal(plan.code, 1);
  const errors = plan.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  assert.deepEqual(
    errors,
    ['Config M expands to 10 runs, more than the limit of 3 (raise it with the input max-runs)'],
    plan.stdout,
  );
  assert.doesNotMatch(plan.stdout, /--max-runs/);
});

test('a config of more runs than OMNeT++ runs fails the plan at its heading: no shard starts', async () => {
  const { plan, line, message } = await refusedPlan(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=0..999}\n**.y = ${y=0..1000}\n',
  );
  assert.equal(line, '3');
  assert.match(message, /^config M has 1001000 runs: OMNeT\+\+ 6\.1 runs no run/);
  assert.equal(plan.outputs['matrix'], undefined);
});

test('a run filter that selects no run: the plan fails saying why (as `run` does), not a green workflow that ran nothing', async () => {
  const workspace = misbehaveProject(INI, MISBEHAVE_CAMPAIGN);
  const plan = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan', runs: '$x > 10' },
  });
  assert.equal(plan.code, 1, plan.stdout + plan.stderr);
  assert.equal(plan.outputs['matrix'], undefined);
  const e = plan.annotations.find((x) => x.level === 'error');
  assert.equal(
    e?.message,
    'the run filter "$x > 10" selects no run: M has 10 run(s) ($x = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10; $b = ok, exit3)',
    plan.stdout,
  );
});

test('runs that would overwrite one another’s result files: the plan fails at the ini line', async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3}\nrepeat = 2\noutput-scalar-file = ${resultdir}/${configname}-${repetition}.sca\n',
    MISBEHAVE_CAMPAIGN,
  );
  const plan = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan', configs: 'M' },
  });
  assert.equal(plan.code, 1, plan.stdout + plan.stderr);
  const e = plan.annotations.find((x) => x.level === 'error');
  assert.match(
    e?.message ?? '',
    /^runs M #0, M #2 and M #4 would all write the scalar file M-0\.sca/,
    plan.stdout,
  );
  assert.equal(e?.props['line'], '6');
});

test('a run whose result file name is too long: the plan fails at the ini line', async () => {
  const workspace = misbehaveProject(
    `[General]\nnetwork = Net\n[Config M]\n**.x = \${x="${'x'.repeat(300)}"}\n`,
    MISBEHAVE_CAMPAIGN,
  );
  const plan = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan', configs: 'M' },
  });
  assert.equal(plan.code, 1, plan.stdout + plan.stderr);
  const e = plan.annotations.find((x) => x.level === 'error');
  assert.match(
    e?.message ?? '',
    /^run M #0 would write the scalar file M-x=x+\.\.\., a name of 311 bytes/,
  );
  assert.equal(e?.props['line'], '4');
});

test("runs that overflow simulation time with no sim-time-limit: the merge job's summary says what to set", async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ${b=ok,overflow}\n[Config L]\nextends = M\nsim-time-limit = 5s\n',
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', configs: 'M,L', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0', parallelism: '2' },
  });
  assert.equal(shard.code, 1, shard.stdout + shard.stderr);
  const merge = await runAction({
    workspace: mkdtempSync(join(tmpdir(), 'opp-merge-')), // the merge job checks nothing out
    artifactDir,
    inputs: { command: 'merge', 'allow-partial': 'true' },
  });
  assert.equal(merge.code, 0, merge.stdout + merge.stderr);
  assert.equal(merge.outputs['failed'], '2');
  // L's runs overflowed too (the fixture's overflow ignores the limit), but L sets a limit
  assert.match(
    merge.summary,
    /\n\nConfig M sets no sim-time-limit, and its runs went on until simulation time overflowed: set one in its section, or give one to every run, e\.g\. `run: \{ args: \['--sim-time-limit=1000s'\] \}` in opp-campaign\.yml\n/,
  );
  assert.doesNotMatch(merge.summary, /Config L sets/);
});

test("the merge job's artifact holds each run's vector file once, in the dataset at its top", async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..3}\n**.behaviour = ${b=vector,ok,vector ! x}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0', parallelism: '2' },
  });
  assert.equal(shard.code, 0, shard.stdout + shard.stderr);
  const vectors = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.vec'))
          .sort()
      : [];
  const names = ['M-x=1,b=vector-#0.vec', 'M-x=3,b=vector-#0.vec'];
  assert.deepEqual(vectors(join(artifactDir, 'campaign-shard-0', '.runs')), names);
  const merge = await runAction({
    workspace: mkdtempSync(join(tmpdir(), 'opp-merge-')),
    artifactDir,
    inputs: { command: 'merge' },
  });
  assert.equal(merge.code, 0, merge.stdout + merge.stderr);
  const results = join(artifactDir, 'campaign-results');
  assert.deepEqual(vectors(results), names);
  assert.deepEqual(vectors(join(results, '.runs')), [], 'not a second time in .runs/');
  assert.equal(readdirSync(join(results, '.runs')).filter((f) => f.endsWith('.sca')).length, 3);
});

test('a key that is no OMNeT++ option: a warning at its file and line from the plan job', async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\nsim-time-limt = 1s\n',
    MISBEHAVE_CAMPAIGN,
  );
  const plan = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan' },
  });
  assert.equal(plan.code, 0, plan.stdout);
  const a = plan.annotations.find((x) => x.level === 'warning');
  assert.ok(a, plan.stdout);
  assert.equal(a.props['file'], 'omnetpp.ini');
  assert.equal(a.props['line'], '4');
  assert.match(a.message, /^Unknown configuration option: sim-time-limt /);
});

test('wrong inputs are clear errors', async () => {
  const workspace = misbehaveProject(INI, MISBEHAVE_CAMPAIGN);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const bad = await runAction({ workspace, artifactDir, inputs: { command: 'deploy' } });
  assert.equal(bad.code, 1);
  assert.match(
    bad.stdout,
    /::error::input 'command' must be plan, build, shard or merge, not 'deploy'/,
  );
  const noIndex = await runAction({ workspace, artifactDir, inputs: { command: 'shard' } });
  assert.match(noIndex.stdout, /input 'shard-index' is required/);
  const shards = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '300' },
  });
  assert.match(shards.stdout, /input 'max-shards' must be a whole number from 1 to 256/);
  const hex = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '0x10' },
  });
  assert.match(hex.stdout, /input 'max-shards' must be a whole number from 1 to 256, not '0x10'/);
  // a boolean that is no YAML boolean: one line naming the input, and the post step says nothing
  const yes = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'allow-partial': 'yes' },
  });
  assert.equal(yes.code, 1);
  assert.equal(yes.stdout.match(/::error::/g)?.length, 1, yes.stdout);
  assert.match(yes.stdout, /::error::input 'allow-partial' must be true or false, not 'yes'\n/);
  // a compiler cache in the checkout would count among the model's sources
  const inside = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'cache-dir': '.ccache' },
  });
  assert.equal(inside.code, 1);
  assert.match(
    inside.stdout,
    /::error::input cache-dir \(\.ccache\) is inside the workspace: give a folder outside it/,
  );
});

/** A git repository holding the model, as actions/checkout leaves it: the build is shared. */
function gitProject(
  ini: string,
  campaign = MISBEHAVE_CAMPAIGN,
): { workspace: string; clone: () => string } {
  const workspace = misbehaveProject(ini, campaign);
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
  writeFileSync(join(workspace, '.gitignore'), 'out/\ncache/\n');
  git(workspace, 'init', '-q');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-qm', 'model');
  const clone = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-clone-'));
    execFileSync('git', ['clone', '-q', workspace, dir]);
    return dir;
  };
  return { workspace, clone };
}

test('the bundle talks to the artifact service through @actions/artifact', async () => {
  const { startFakeArtifactService } = await import('../helpers/fake-artifact-service.js');
  const service = await startFakeArtifactService();
  try {
    const { workspace, clone } = gitProject(
      '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..4}\n',
    );
    const plan = await runAction({
      workspace,
      inputs: { command: 'plan', 'max-shards': '2' },
      env: service.jobEnv('plan'),
    });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    for (const k of [0, 1]) {
      const shard = await runAction({
        workspace: clone(),
        inputs: { command: 'shard', 'shard-index': String(k) },
        env: service.jobEnv(`shard-${k}`),
      });
      assert.equal(shard.code, 0, shard.stdout + shard.stderr);
    }
    const merge = await runAction({
      workspace,
      inputs: { command: 'merge' },
      env: service.jobEnv('merge'),
    });
    assert.equal(merge.code, 0, merge.stdout + merge.stderr);
    assert.equal(merge.outputs['succeeded'], '4');
    const names = service
      .artifacts()
      .map((a) => a.name)
      .sort();
    const build = names.filter((n) => n.startsWith('build-'));
    assert.equal(build.filter((n) => !n.includes('.building.')).length, 1, 'one build, shared');
    assert.deepEqual(
      names.filter((n) => !n.startsWith('build-')),
      [
        'campaign-comment',
        'campaign-plan',
        'campaign-results',
        'campaign-shard-0',
        'campaign-shard-1',
      ],
    );
    // internal artifacts expire after a day; results keep the repository's retention
    const expiry = new Map(
      service.requests
        .filter((r) => r.call === 'CreateArtifact')
        .map((r) => r.body as { name: string; expires_at?: string })
        .map((b) => [b.name, b.expires_at] as const),
    );
    const day = 24 * 3600 * 1000;
    for (const name of names) {
      const at = expiry.get(name);
      if (name.startsWith('build-') || name === 'campaign-comment') {
        assert.ok(at, `${name} has an expiry`);
        const inMs = Date.parse(at) - Date.now();
        assert.ok(inMs > 0 && inMs <= day, `${name} expires within a day (${at})`);
      } else assert.equal(at, undefined, `${name} keeps the repository's retention`);
    }
    assert.deepEqual(service.violations, []);
    for (const r of [plan, merge])
      assert.ok(!r.stdout.includes(service.token), 'no token in the output');
  } finally {
    await service.close();
  }
});

test('a build job builds once; the shards download its build', async () => {
  const { clone } = gitProject('[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..4}\n');
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  assert.equal(
    (
      await runAction({
        workspace: clone(),
        artifactDir,
        inputs: { command: 'plan', 'max-shards': '2' },
      })
    ).code,
    0,
  );
  const build = await runAction({ workspace: clone(), artifactDir, inputs: { command: 'build' } });
  assert.equal(build.code, 0, build.stdout);
  assert.match(build.summary, /Build `[0-9a-f]{12}`: built, published for the shards/);
  for (const k of [0, 1]) {
    const shard = await runAction({
      workspace: clone(),
      artifactDir,
      inputs: { command: 'shard', 'shard-index': String(k), 'build-job': 'true' },
    });
    assert.equal(shard.code, 0, shard.stdout);
    assert.match(shard.stdout, /build [0-9a-f]{12}: downloaded/);
    assert.doesNotMatch(shard.stdout, /building \(make\)/);
  }
});

/** A misbehave project whose config M has `runs` runs, planned by the action in `shards`. */
async function plannedM(runs: number, shards: number) {
  const workspace = misbehaveProject(
    `[General]\nnetwork = Net\n[Config M]\n**.x = \${x=1..${runs}}\n`,
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': String(shards) },
  });
  assert.equal(plan.code, 0, plan.stdout);
  return { workspace, artifactDir };
}

test('a shard that fails before it starts shows its own error, not a missing folder', async () => {
  const { workspace, artifactDir } = await plannedM(4, 2);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '5' },
  });
  assert.equal(shard.code, 1);
  const errors = shard.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  assert.deepEqual(errors, ['shard 5 is not in the plan (it has 2 shards: 0..1)'], shard.stdout);
  assert.doesNotMatch(shard.stdout, /ENOENT|scandir/);
  // its summary says why too
  assert.match(
    shard.summary,
    /^## Shard 5 failed before any run\n\n`shard 5 is not in the plan \(it has 2 shards: 0\.\.1\)`/,
  );
  // refused before anything is written: no artifact campaign-shard-5 for the merge to find
  assert.deepEqual(
    readdirSync(artifactDir).filter((n) => n.includes('shard')),
    [],
  );
});

test('a shard that fails before runShard (writing its own rerun.json): its summary and failure.json say why, the merge names it', async () => {
  const { workspace, artifactDir } = await plannedM(2, 1);
  // the runner's temporary folder holds a folder where the shard writes its rerun.json
  const temp = mkdtempSync(join(tmpdir(), 'opp-runner-temp-'));
  mkdirSync(join(temp, 'opp-campaign', 'shard-0', '.opp-campaign', 'rerun.json'), {
    recursive: true,
  });
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0' },
    env: { RUNNER_TEMP: temp },
  });
  assert.equal(shard.code, 1, shard.stdout);
  assert.match(shard.summary, /^## Shard 0 failed before any run\n\n`EISDIR[^`]*rerun\.json/);
  const failure = join(artifactDir, 'campaign-shard-0', '.opp-campaign', 'failure.json');
  assert.ok(existsSync(failure), 'failure.json is in the shard artifact');
  assert.match(readFileSync(failure, 'utf8'), /"cause":"EISDIR[^"]*rerun\.json/);
  const merge = await runAction({ workspace, artifactDir, inputs: { command: 'merge' } });
  assert.equal(merge.code, 1);
  assert.match(merge.summary, /- shard 0: `EISDIR[^`]*rerun\.json/);
  rmSync(temp, { recursive: true, force: true });
});

test('a shard whose build fails uploads the build log with what it has', async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..2}\n',
    MISBEHAVE_CAMPAIGN,
  );
  writeFileSync(
    join(workspace, 'misbehave.cc'),
    readFileSync(join(workspace, 'misbehave.cc'), 'utf8') + '\nthis is not C++;\n',
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout);
  // one shard is "1 shard", in the log and the plan's summary
  assert.match(plan.stdout, /planned 2 runs of M in 1 shard\n/);
  assert.match(plan.summary, /2 runs of M in 1 shard\.\n/);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0' },
  });
  assert.equal(shard.code, 1);
  assert.ok(
    shard.annotations.some((a) => a.level === 'error' && /the build failed/.test(a.message)),
    shard.stdout,
  );
  const log = join(artifactDir, 'campaign-shard-0', '.opp-campaign', 'build.log');
  assert.ok(existsSync(log), 'the build log is in the shard artifact');
  assert.match(readFileSync(log, 'utf8'), /this is not C\+\+/);
  // the shard's summary says why, with the compiler's error and where the whole log is
  assert.match(shard.summary, /^## Shard 0 failed before any run\n\n`the build failed \(make/);
  assert.match(shard.summary, /misbehave\.cc:\d+:\d+: error/);
  assert.match(shard.summary, /`\.opp-campaign\/build\.log` in the artifact `campaign-shard-0`/);
  // the merge job names the shard and its cause, not only "missing"
  const merge = await runAction({ workspace, artifactDir, inputs: { command: 'merge' } });
  assert.equal(merge.code, 1);
  assert.match(
    merge.summary,
    /### Shards that failed before any run\n\n- shard 0: `the build failed \(make[^`]*\)`: see `\.opp-campaign\/build\.log` in its artifact `campaign-shard-0`/,
  );
  assert.doesNotMatch(merge.summary, /uploaded nothing/);
  assert.ok(
    merge.annotations.some(
      (a) =>
        a.level === 'error' &&
        /2 are missing \(shards without results: 0: the build failed \(make/.test(a.message),
    ),
    merge.stdout,
  );
});

test('a pull-request shard reads the shared compiler cache and writes nothing beside it', async () => {
  const ini = '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..2}\n';
  const { workspace, clone } = gitProject(ini);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  // the runner's persistent volume: the ccache folder and what jobs keep beside it
  const shared = mkdtempSync(join(tmpdir(), 'opp-runner-cache-'));
  const env = { OPP_CAMPAIGN_CACHE_DIR: join(shared, 'ccache') };
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout);
  const copyPlan = (to: string) =>
    cpSync(join(artifactDir, 'campaign-plan'), join(to, 'campaign-plan'), { recursive: true });
  const run = async (event: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
    copyPlan(dir);
    return runAction({
      workspace: clone(),
      artifactDir: dir,
      inputs: { command: 'shard', 'shard-index': '0' },
      env: { ...env, GITHUB_EVENT_NAME: event },
    });
  };
  const push = await run('push');
  assert.equal(push.code, 0, push.stdout);
  const before = contentListing(shared);
  assert.ok(
    before.some((f) => f.startsWith('ccache/')),
    'a push job fills the cache',
  );
  const pr = await run('pull_request');
  assert.equal(pr.code, 0, pr.stdout);
  assert.match(pr.stdout, /compiler cache is read-only/);
  assert.deepEqual(
    contentListing(shared),
    before,
    'the pull request changed nothing on the volume',
  );
});

/**
 * "Re-run failed jobs": attempt 1 plans, runs two shards (one fails) and merges; attempt 2
 * re-runs the failed shard and the merge, which need the plan, the build and the other shard's
 * results from attempt 1.
 */
async function rerunFailedJobs(earlierAttempts: 'listed' | 'hidden', withToken: boolean) {
  const { startFakeArtifactService } = await import('../helpers/fake-artifact-service.js');
  const service = await startFakeArtifactService({ earlierAttempts });
  try {
    // run 3 crashes the first time only (the marker file remembers), and is not retried
    const marker = join(mkdtempSync(join(tmpdir(), 'opp-flaky-')), 'crashed-once');
    const { workspace, clone } = gitProject(
      `[General]\nnetwork = Net\n[Config M]\n**.x = \${x=1..4}\n**.behaviour = \${b=ok,ok,ok,flaky:${marker} ! x}\n`,
      MISBEHAVE_CAMPAIGN.replace('retries: 1', 'retries: 0'),
    );
    const job = (name: string, attempt: number, inputs: Record<string, string>, dir = clone()) =>
      runAction({
        workspace: dir,
        inputs: { ...inputs, ...(withToken ? { 'github-token': service.githubToken } : {}) },
        env: service.jobEnv(name, attempt),
      });
    const plan = await job('plan', 1, { command: 'plan', 'max-shards': '2' }, workspace);
    assert.equal(plan.code, 0, plan.stdout);
    const first = await Promise.all(
      [0, 1].map((k) => job(`shard-${k}`, 1, { command: 'shard', 'shard-index': String(k) })),
    );
    assert.deepEqual(
      first.map((r) => r.code),
      [0, 1],
      first.map((r) => r.stdout).join('\n----\n'),
    );
    const merge1 = await job('merge', 1, { command: 'merge' }, workspace);
    assert.equal(merge1.outputs['failed'], '1');

    const rerun = await job('shard-1', 2, { command: 'shard', 'shard-index': '1' });
    const merge2 = await job('merge', 2, { command: 'merge' }, workspace);
    return { service, rerun, merge2 };
  } catch (e) {
    await service.close();
    throw e;
  }
}

for (const earlierAttempts of ['listed', 'hidden'] as const)
  test(`re-run failed jobs: the shard finds attempt 1's plan and build (artifact service: earlier attempts ${earlierAttempts})`, async () => {
    const { service, rerun, merge2 } = await rerunFailedJobs(earlierAttempts, true);
    try {
      assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
      assert.match(rerun.stdout, /build [0-9a-f]{12}: downloaded/, "attempt 1's build");
      assert.equal(merge2.code, 0, merge2.stdout + merge2.stderr);
      assert.equal(merge2.outputs['succeeded'], '4');
      assert.equal(merge2.outputs['artifact'], 'campaign-results-attempt-2');
      const names = service
        .artifacts()
        .filter((a) => !a.name.startsWith('build-'))
        .map((a) => `${a.name}@${a.attempt}`)
        .sort();
      assert.deepEqual(names, [
        'campaign-comment-attempt-2@2',
        'campaign-comment@1',
        'campaign-plan@1',
        'campaign-results-attempt-2@2',
        'campaign-results@1',
        'campaign-shard-0@1',
        'campaign-shard-1-attempt-2@2',
        'campaign-shard-1@1',
      ]);
      assert.deepEqual(service.violations, []);
      const rest = service.requests.filter((r) => r.call === 'ListRunArtifacts').length;
      if (earlierAttempts === 'hidden') assert.ok(rest > 0, 'found through the REST API');
    } finally {
      await service.close();
    }
  });

test('re-run failed jobs without a token, where the service hides earlier attempts: a clear error', async () => {
  const { service, rerun } = await rerunFailedJobs('hidden', false);
  try {
    assert.equal(rerun.code, 1);
    const error = rerun.annotations.find((a) => a.level === 'error')?.message ?? '';
    assert.match(error, /artifact 'campaign-plan' not found \(this is attempt 2 of the run/);
    assert.match(error, /github-token.*actions: read/);
  } finally {
    await service.close();
  }
});

test('re-run all jobs: the plan of attempt 2 is the same as attempt 1, which keeps its name', async () => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..4}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = (attempt: number, maxShards: string) =>
    runAction({
      workspace,
      artifactDir,
      inputs: { command: 'plan', 'max-shards': maxShards },
      env: { GITHUB_RUN_ATTEMPT: String(attempt) },
    });
  assert.equal((await plan(1, '2')).code, 0);
  const again = await plan(2, '2');
  assert.equal(again.code, 0, again.stdout);
  assert.match(again.stdout, /an earlier attempt of this run uploaded the same plan/);
  assert.deepEqual(JSON.parse(again.outputs['matrix'] ?? ''), { shard: [0, 1] });
  // a second campaign in the same attempt with the same prefix: said so, not called a re-run
  const twice = await plan(1, '3');
  assert.equal(twice.code, 1);
  assert.ok(
    twice.annotations.some((a) =>
      /another campaign of the same run uses the same artifact-prefix/.test(a.message),
    ),
    twice.stdout,
  );
  const other = await plan(3, '3');
  assert.equal(other.code, 1);
  assert.ok(
    other.annotations.some((a) => /uploaded a different plan as 'campaign-plan'/.test(a.message)),
    other.stdout,
  );
});

test("the merge job's warnings for bad journal records stop at the ten GitHub shows, the rest in the log", async () => {
  const workspace = misbehaveProject(INI.replace('exit3', 'ok'), MISBEHAVE_CAMPAIGN);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '1' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const shard = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'shard', 'shard-index': '0' },
  });
  assert.equal(shard.code, 0, shard.stdout + shard.stderr);
  // twelve records a shard's journal should never hold (a run record without its files)
  const journal = join(artifactDir, 'campaign-shard-0', 'journal.jsonl');
  const bad = Array.from(
    { length: 12 },
    (_, i) => `{"t":"run","key":"bad${i}","config":"M","run":${i},"attempt":1,"status":"ok"}\n`,
  );
  writeFileSync(journal, readFileSync(journal, 'utf8') + bad.join(''));
  const merge = await runAction({ workspace, artifactDir, inputs: { command: 'merge' } });
  assert.equal(merge.code, 0, merge.stdout + merge.stderr);
  const warnings = merge.annotations.filter((a) => a.level === 'warning');
  assert.equal(warnings.length, 10, merge.stdout);
  assert.match(warnings[9]?.message ?? '', /^3 more bad journal records: see the step's log$/);
  assert.equal(merge.stdout.match(/warning: .*bad run record/g)?.length, 3, merge.stdout);
});
