// Plays workflows/campaign.yml on this machine: parsed with @actions/workflow-parser (the parser
// of GitHub's own language service), expressions evaluated with @actions/expressions on real
// outputs, the plan step, then every shard concurrently as separate processes, then merge, with
// the local-folder store standing in for the artifact service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
  isString,
  isMapping,
  isBasicExpression,
} from '@actions/workflow-parser';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import YAML from 'yaml';
import { runCli } from '../helpers/cli.js';
import { COMMENT_LIMIT, commentBody, commentMarker } from '../../src/app/summary.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN, REPO } from '../helpers/project.js';
import { cancelLikeRunner, runPost, startAction, type ActionResult } from './run-action.js';

const WORKFLOWS = join(REPO, 'workflows');
const ACTION = 'your-org/opp-campaign@v1';

async function load(file: string) {
  const content = readFileSync(join(WORKFLOWS, file), 'utf8');
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  const template = parsed.value
    ? await convertWorkflowTemplate(parsed.context, parsed.value)
    : undefined;
  return {
    errors: [...errors, ...(template?.errors ?? []).map((e) => e.Message)],
    template,
    root: parsed.value,
  };
}

test('every workflow file parses without errors', async () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) assert.deepEqual((await load(f)).errors, [], f);
});

type Ctx = Record<string, unknown>;

function toData(v: unknown): data.ExpressionData {
  if (v === null || v === undefined) return new data.Null();
  if (typeof v === 'string') return new data.StringData(v);
  if (typeof v === 'number') return new data.NumberData(v);
  if (typeof v === 'boolean') return new data.BooleanData(v);
  if (Array.isArray(v)) {
    const a = new data.Array();
    for (const x of v) a.add(toData(x));
    return a;
  }
  const d = new data.Dictionary();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) d.add(k, toData(x));
  return d;
}

function fromData(d: data.ExpressionData): unknown {
  if (d instanceof data.Dictionary)
    return Object.fromEntries(d.pairs().map((p) => [p.key, fromData(p.value)]));
  if (d instanceof data.Array) return d.values().map(fromData);
  if (d instanceof data.Null) return null;
  return (d as { value: unknown }).value;
}

function evaluate(expr: string, ctx: Ctx): unknown {
  const lexed = new Lexer(expr).lex();
  const ast = new Parser(lexed.tokens, Object.keys(ctx), []).parse();
  return fromData(new Evaluator(ast, toData(ctx) as data.Dictionary).evaluate());
}

/** A token's value: literal text, or an expression (`${{ }}`) evaluated in `ctx`. */
function value(token: unknown, ctx: Ctx): unknown {
  if (isBasicExpression(token as never)) return evaluate((token as { expr: string }).expr, ctx);
  if (isString(token as never)) return (token as { value: string }).value;
  if (isMapping(token as never))
    return Object.fromEntries(
      [...((token as { map?: { key: { value: string }; value: unknown }[] }).map ?? [])].map(
        (p) => [p.key.value, value(p.value, ctx)],
      ),
    );
  return (token as { value?: unknown }).value;
}

/** A child of a mapping token by key, or an item of a sequence token by index. */
function child(token: unknown, key: string | number): unknown {
  if (token === undefined || token === null) return undefined;
  if (typeof key === 'number') return (token as { seq?: unknown[] }).seq?.[key];
  return (token as { map?: { key: { value: string }; value: unknown }[] }).map?.find(
    (p) => p.key.value === key,
  )?.value;
}
const at = (token: unknown, ...path: (string | number)[]): unknown => path.reduce(child, token);

/** The workflow's own `env:` (literal values), as the `env` context of its steps. */
function workflowEnv(root: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((value(at(root, 'env'), {}) as Record<string, unknown> | undefined) ?? {}).map(
      ([k, v]) => [k, String(v)],
    ),
  );
}

function actionStep(root: unknown, jobId: string): unknown {
  const steps = (at(root, 'jobs', jobId, 'steps') as { seq: unknown[] }).seq;
  const step = steps.find(
    (s) => (at(s, 'uses') as { value?: string } | undefined)?.value === ACTION,
  );
  assert.ok(step, `job ${jobId} uses ${ACTION}`);
  return step;
}

function inputsOf(step: unknown, ctx: Ctx): Record<string, string> {
  const w = value(at(step, 'with'), ctx) as Record<string, unknown> | undefined;
  return Object.fromEntries(
    Object.entries(w ?? {}).map(([k, v]) => [
      k,
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '',
    ]),
  );
}

const INI = '[General]\nnetwork = Net\n[Config M]\n**.behaviour = slow:400\n**.x = ${x=1..12}\n';

interface Cancel {
  readonly shard: number;
  /** `runner`: SIGINT, 7.5 s, SIGTERM, 2.5 s, then the tree killed; `at-once`: the tree killed. */
  readonly kill: 'runner' | 'at-once';
}

async function playCampaign(cancel?: Cancel) {
  const { root } = await load('campaign.yml');
  assert.ok(root);
  const workspace = misbehaveProject(INI, MISBEHAVE_CAMPAIGN);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-wf-artifacts-'));
  // a workflow_dispatch with max-shards 3
  const base: Ctx = {
    inputs: { configs: 'M', runs: '', 'max-shards': 3 },
    github: { event_name: 'workflow_dispatch' },
    env: workflowEnv(root),
  };

  const planStep = actionStep(root, 'plan');
  const planStepId = (at(planStep, 'id') as { value: string }).value;
  const plan = await startAction({ workspace, artifactDir, inputs: inputsOf(planStep, base) }).done;
  assert.equal(plan.code, 0, plan.stdout);
  const planOutputs = value(at(root, 'jobs', 'plan', 'outputs'), {
    ...base,
    steps: { [planStepId]: { outputs: plan.outputs } },
  }) as Record<string, string>;
  const needs = { plan: { outputs: planOutputs, result: 'success' } };

  const matrix = value(at(root, 'jobs', 'shard', 'strategy', 'matrix'), { ...base, needs }) as {
    shard: number[];
  };
  assert.deepEqual(matrix, { shard: [0, 1, 2] });
  const shardStep = actionStep(root, 'shard');
  const started = matrix.shard.map((k) => {
    const inputs = inputsOf(shardStep, { ...base, needs, matrix: { shard: k } });
    // every job checks out its own copy of the repository
    const checkout = mkdtempSync(join(tmpdir(), `opp-wf-shard${k}-`));
    cpSync(workspace, checkout, { recursive: true, filter: (src) => !/[/\\]out$/.test(src) });
    return {
      k,
      handle: startAction({
        workspace: checkout,
        artifactDir,
        inputs: { ...inputs, parallelism: '2' },
      }),
    };
  });
  /** Runs of the cancelled shard that had finished (journal says ok) when it was cancelled. */
  let finishedBeforeCancel: number[] = [];
  let signals: NodeJS.Signals[] = [];
  if (cancel) {
    // let the shard finish a run, then cancel it as the runner does
    const victim = started.find((s) => s.k === cancel.shard);
    assert.ok(victim);
    const journal = join(
      victim.handle.runnerTemp,
      'opp-campaign',
      `shard-${cancel.shard}`,
      'journal.jsonl',
    );
    const okRuns = (): number[] =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.includes('"status":"ok"'))
            .map((l) => (JSON.parse(l) as { run: number }).run)
        : [];
    let exited = false;
    void victim.handle.done.then(() => (exited = true));
    while (okRuns().length === 0 && !exited) await new Promise((r) => setTimeout(r, 25));
    finishedBeforeCancel = okRuns();
    signals = await cancelLikeRunner(victim.handle, cancel.kill);
  }
  const shardResults: ActionResult[] = await Promise.all(started.map((s) => s.handle.done));
  // the runner runs each job's post steps at its end, after a cancelled step too
  const posts = await Promise.all(started.map((s) => runPost(s.handle)));
  const mergeStep = actionStep(root, 'merge');
  const merge = await startAction({
    workspace,
    artifactDir,
    inputs: inputsOf(mergeStep, { ...base, needs }),
  }).done;
  return { workspace, artifactDir, shardResults, posts, merge, finishedBeforeCancel, signals };
}

/**
 * Runs the steps of campaign-comment.yml with bash, as the runner would, with a stand-in for the
 * GitHub CLI that serves `gh run download` from the local artifact folder (one folder per
 * artifact, as `--pattern` extracts them) and records `gh pr comment`.
 */
async function playComment(
  artifactDir: string,
  /** The pull request's comments so far, as GitHub's REST API lists them. */
  comments: readonly { id: number; user: { login: string }; body: string }[] = [],
  /** `commentsFail`: listing the pull request's comments fails; `mayFail`: a failing step ends
   *  the job (its status returned) instead of failing the test. */
  opts: { commentsFail?: boolean; mayFail?: boolean } = {},
): Promise<{
  pr: string;
  body: string;
  stdout: string;
  stderr: string;
  status: number | null;
  edited: Record<string, string>;
}> {
  const { root } = await load('campaign-comment.yml');
  const work = mkdtempSync(join(tmpdir(), 'opp-wf-comment-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/bash
set -eu
if [ "$1 $2" = "run download" ]; then
  shift 3
  while [ $# -gt 0 ]; do case $1 in --repo) shift 2;; --pattern) pattern=$2; shift 2;; --dir) dir=$2; shift 2;; *) exit 2;; esac; done
  found=0
  for a in "$FAKE_ARTIFACTS"/$pattern; do [ -d "$a" ] || continue; mkdir -p "$dir"; cp -r "$a" "$dir/"; found=1; done
  [ $found = 1 ] || { echo "no valid artifacts found to download" >&2; exit 1; }
elif [ "$1 $2 $3" = "api --method PATCH" ]; then
  # an earlier comment edited: its id and new body recorded
  id=\${4##*/}; shift 4
  while [ $# -gt 0 ]; do case $1 in -F) cp "\${2#body=@}" "$FAKE_OUT/edited-$id"; shift 2;; *) exit 2;; esac; done
elif [ "$1 $2" = "api repos/o/r/issues/7/comments" ]; then
  # the pull request's comments (FAKE_COMMENTS, a JSON array), through the workflow's own --jq;
  # FAKE_COMMENTS_FAIL: GitHub's API fails (a rate limit, a 502), after printing nothing
  [ -z "\${FAKE_COMMENTS_FAIL:-}" ] || { echo "HTTP 502: Bad Gateway" >&2; exit 1; }
  jq=""; while [ $# -gt 0 ]; do case $1 in --jq) jq=$2; shift 2;; *) shift;; esac; done
  jq -r "$jq" "\${FAKE_COMMENTS:-/dev/null}"
elif [ "$1" = "api" ]; then
  # the run's artifacts, as the --jq filter of campaign-comment.yml selects them (by prefix)
  [ "$2" = "repos/o/r/actions/runs/42/artifacts" ] || exit 2
  jq=""; while [ $# -gt 0 ]; do case $1 in --jq) jq=$2; shift 2;; *) shift;; esac; done
  prefix=$(printf '%s' "$jq" | sed -n 's/.*startswith("\\([^"]*\\)").*/\\1/p')
  [ -n "$prefix" ] || exit 2
  for a in "$FAKE_ARTIFACTS"/"$prefix"*; do [ -d "$a" ] && basename "$a"; done; true
elif [ "$1 $2" = "pr comment" ]; then
  echo "$3" > "$FAKE_OUT/pr"
  shift 3
  while [ $# -gt 0 ]; do case $1 in --repo) shift 2;; --body-file) cp "$2" "$FAKE_OUT/body"; shift 2;; *) exit 2;; esac; done
else
  exit 2
fi
`,
    { mode: 0o755 },
  );
  const ctx: Ctx = {
    github: {
      token: 'ghs_token',
      event: { workflow_run: { id: 42, event: 'pull_request', pull_requests: [{ number: 7 }] } },
    },
  };
  const steps = (at(root, 'jobs', 'comment', 'steps') as { seq: unknown[] }).seq;
  const commentsFile = join(work, 'comments.json');
  writeFileSync(commentsFile, JSON.stringify(comments));
  let stdout = '';
  let stderr = '';
  let status: number | null = 0;
  for (const [i, step] of steps.entries()) {
    const env = value(at(step, 'env'), ctx) as Record<string, string | number>;
    const script = (at(step, 'run') as { value: string }).value;
    // the script is a file run with the step's shell, as GitHub's runner does it
    const file = join(work, `step-${i}.sh`);
    writeFileSync(file, script);
    const shellToken = at(step, 'shell');
    const [shell, ...args] = githubShell(
      shellToken === undefined ? undefined : String(value(shellToken, ctx)),
    );
    const r = spawnSync(shell as string, [...args, file], {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
        GITHUB_REPOSITORY: 'o/r',
        FAKE_ARTIFACTS: artifactDir,
        FAKE_OUT: work,
        FAKE_COMMENTS: commentsFile,
        ...(opts.commentsFail ? { FAKE_COMMENTS_FAIL: '1' } : {}),
        ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
      },
    });
    stdout += r.stdout;
    stderr += r.stderr;
    status = r.status;
    if (!opts.mayFail) assert.equal(r.status, 0, r.stdout + r.stderr);
    if (r.status !== 0) break;
  }
  const read = (f: string): string =>
    existsSync(join(work, f)) ? readFileSync(join(work, f), 'utf8') : '';
  const edited = Object.fromEntries(
    readdirSync(work)
      .filter((f) => f.startsWith('edited-'))
      .map((f) => [f.slice('edited-'.length), read(f)]),
  );
  return { pr: read('pr').trim(), body: read('body'), stdout, stderr, status, edited };
}

/**
 * The command line GitHub's runner runs a `run:` step's script file with, on Linux: its `shell:`
 * (bash: `--noprofile --norc -eo pipefail`), or without one `bash -e` (no pipefail).
 */
function githubShell(shell: string | undefined): string[] {
  if (shell === undefined || shell === '') return ['bash', '-e'];
  if (shell === 'bash') return ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
  if (shell === 'sh') return ['sh', '-e'];
  throw new Error(`no stand-in for shell: ${shell}`);
}

/** A result file without what differs between two executions of the same run. */
const normalise = (text: string): string =>
  text
    .split('\n')
    .filter(
      (l) => !/^(run |attr (datetime|datetimef|processid|resultdir) |config result-dir )/.test(l),
    )
    .join('\n');

test('campaign.yml: plan, 3 shards at once, merge; results equal a local run', async () => {
  const { workspace, artifactDir, shardResults, merge } = await playCampaign();
  assert.deepEqual(
    shardResults.map((s) => s.code),
    [0, 0, 0],
    shardResults.map((s) => s.stdout).join('\n'),
  );
  assert.equal(merge.code, 0, merge.stdout);
  assert.equal(merge.outputs['succeeded'], '12');
  const merged = join(artifactDir, 'campaign-results', '.runs');
  // then campaign-comment.yml, as GitHub starts it when the run completes
  const comment = await playComment(artifactDir);
  assert.equal(comment.pr, '7');
  const marker = '\n<!-- opp-campaign comment: campaign -->\n';
  // the action ends the comment with the marker: the workflow posts it as it is
  assert.equal(comment.body, readFileSync(merge.outputs['comment-file'] ?? '', 'utf8'));
  assert.ok(comment.body.endsWith(marker), comment.body);
  assert.match(comment.body, /## Campaign complete/);
  // the next campaign of the pull request edits that comment instead of adding one (not a
  // person's comment that quotes the marker, nor another prefix's)
  const again = await playComment(artifactDir, [
    { id: 11, user: { login: 'github-actions[bot]' }, body: `older${marker}` },
    { id: 12, user: { login: 'someone' }, body: `quoting${marker}` },
    {
      id: 13,
      user: { login: 'github-actions[bot]' },
      body: 'x\n<!-- opp-campaign comment: wifi -->\n',
    },
  ]);
  assert.equal(again.pr, '', 'no new comment');
  assert.deepEqual(Object.keys(again.edited), ['11']);
  assert.equal(again.edited['11'], comment.body);
  assert.match(again.stdout, /updated the campaign's comment 11 on pull request 7/);

  const local = await runCli([
    'run',
    workspace,
    '-c',
    'M',
    '--results',
    join(workspace, 'local'),
    '--progress',
    'plain',
  ]);
  assert.equal(local.code, 0, local.stderr);
  const localDir = join(workspace, 'local', '.runs');
  const names = readdirSync(localDir).sort();
  assert.deepEqual(readdirSync(merged).sort(), names);
  for (const f of names.filter((n) => n.endsWith('.sca')))
    assert.equal(
      normalise(readFileSync(join(merged, f), 'utf8')),
      normalise(readFileSync(join(localDir, f), 'utf8')),
      f,
    );
});

for (const kill of ['runner', 'at-once'] as const)
  test(`campaign.yml: a shard cancelled mid-way (${kill === 'runner' ? "the runner's SIGINT, SIGTERM, kill" : 'its tree killed at once'}); its post step uploads; merge reports exactly the missing runs`, async () => {
    const { artifactDir, shardResults, posts, merge, finishedBeforeCancel, signals } =
      await playCampaign({ shard: 1, kill });
    assert.notEqual(shardResults[1]?.code, 0);
    assert.equal(signals[0], kill === 'runner' ? 'SIGINT' : 'SIGKILL');
    for (const p of posts) assert.equal(p.code, 0, p.stdout + p.stderr);
    assert.equal(merge.code, 1);
    // what the cancelled shard did finish is in its artifact; everything else of it is missing
    const shardJournal = join(artifactDir, 'campaign-shard-1', 'journal.jsonl');
    assert.ok(existsSync(shardJournal), 'the post step of a cancelled shard uploads what it has');
    const records = readFileSync(shardJournal, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"t":"run"'))
      .map((l) => JSON.parse(l) as { run: number; status: string; signal: string | null });
    const finished = records.filter((r) => r.status === 'ok').map((r) => r.run);
    for (const r of finishedBeforeCancel)
      assert.ok(finished.includes(r), `run ${r} finished before the cancel and was uploaded`);
    // the tree is killed leaves first: a simulation killed before opp-campaign itself may be
    // recorded, as a run killed by SIGKILL (failed), in the moment opp-campaign has left
    const killed = records
      .filter((r) => r.status === 'crashed' && r.signal === 'SIGKILL')
      .map((r) => r.run);
    if (kill === 'runner') assert.deepEqual(killed, []);
    const shard1 = [4, 5, 6, 7];
    const expectedMissing = shard1.filter((r) => !finished.includes(r) && !killed.includes(r));
    assert.ok(
      expectedMissing.length + killed.length > 0 && finished.length < 4,
      `cancelled after some runs: finished ${finished.join(',')}`,
    );
    assert.equal(merge.outputs['missing'], String(expectedMissing.length));
    assert.equal(merge.outputs['failed'], String(killed.length));
    assert.equal(merge.outputs['succeeded'], String(12 - expectedMissing.length - killed.length));
    const rows = [...merge.summary.matchAll(/^\| `M` \| (\d+) \| 1 \|$/gm)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(rows, expectedMissing);
    // every run that finished before the cancel is in the merged results, with its files
    const results = join(artifactDir, 'campaign-results');
    const mergedOk = new Map(
      readFileSync(join(results, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"status":"ok"'))
        .map((l) => JSON.parse(l) as { run: number; files: { path: string }[] })
        .map((r) => [r.run, r.files] as const),
    );
    for (const r of finishedBeforeCancel) {
      const files = mergedOk.get(r);
      assert.ok(files && files.length > 0, `run ${r} is in the merged journal`);
      for (const f of files) assert.ok(existsSync(join(results, f.path)), f.path);
    }
  });

// --- what campaign.yml asks of GitHub ------------------------------------------------------------

const workflowYaml = (file: string) =>
  YAML.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as {
    on: Record<string, { paths?: string[]; workflows?: string[] } | null>;
    permissions?: Record<string, string>;
    jobs: Record<
      string,
      {
        permissions?: Record<string, string>;
        if?: string;
        steps?: { uses?: string; run?: string; shell?: string; env?: Record<string, string> }[];
      }
    >;
  };

test('campaign.yml asks only for contents and actions, read: what a workflow_call caller must grant', () => {
  const wf = workflowYaml('campaign.yml');
  // GitHub checks a called workflow's permissions before any `if:`: a job asking for more makes
  // every caller that grants less fail at start-up
  const allowed = { contents: 'read', actions: 'read' };
  assert.deepEqual(wf.permissions, allowed);
  for (const [id, job] of Object.entries(wf.jobs))
    for (const [scope, level] of Object.entries(job.permissions ?? {}))
      assert.ok(
        level === 'none' || (allowed as Record<string, string>)[scope] === level,
        `job ${id} asks for ${scope}: ${level}`,
      );
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  assert.match(readme, /caller must\s+grant\s+`contents: read`\s+and\s+`actions: read`/);
});

test('campaign.yml called twice in one run: each call its own artifact prefix and concurrency group', async () => {
  const { root } = await load('campaign.yml');
  const ctx = (prefix?: string): Ctx => ({
    inputs: {
      configs: '',
      runs: '',
      'max-shards': 32,
      ...(prefix ? { 'artifact-prefix': prefix } : {}),
    },
    github: { event_name: 'push', workflow: 'ci', ref: 'refs/heads/main' },
    matrix: { shard: 0 },
    env: workflowEnv(root),
  });
  const group = (c: Ctx) => value(at(root, 'concurrency', 'group'), c);
  assert.notEqual(group(ctx('wifi')), group(ctx('lte')));
  assert.equal(group(ctx()), 'campaign-ci-push-refs/heads/main-campaign');
  for (const job of ['plan', 'build', 'shard', 'merge']) {
    assert.equal(inputsOf(actionStep(root, job), ctx('wifi'))['artifact-prefix'], 'wifi', job);
    assert.equal(inputsOf(actionStep(root, job), ctx())['artifact-prefix'], 'campaign', job);
    // the model's folder: the workflow's PROJECT_DIR on a push, a dispatch's or caller's input
    assert.equal(inputsOf(actionStep(root, job), ctx())['project-dir'], '.', job);
    const moved: Ctx = { ...ctx(), env: { PROJECT_DIR: 'sim' } };
    assert.equal(inputsOf(actionStep(root, job), moved)['project-dir'], 'sim', job);
    const given: Ctx = {
      ...moved,
      inputs: { ...(moved['inputs'] as object), 'project-dir': 'other' },
    };
    assert.equal(inputsOf(actionStep(root, job), given)['project-dir'], 'other', job);
  }
  const wf = workflowYaml('campaign.yml') as unknown as {
    on: Record<
      'workflow_dispatch' | 'workflow_call',
      { inputs: Record<string, { default?: unknown }> }
    >;
  };
  assert.ok('project-dir' in wf.on.workflow_dispatch.inputs, 'a dispatch can name the folder');
  // a caller or a dispatch that gives no folder gets the input's default: PROJECT_DIR then
  for (const event of ['workflow_dispatch', 'workflow_call'] as const) {
    const unset: Ctx = {
      ...ctx(),
      env: { PROJECT_DIR: 'sim' },
      inputs: {
        ...(ctx()['inputs'] as object),
        'project-dir': wf.on[event].inputs['project-dir']?.default,
      },
    };
    for (const job of ['plan', 'build', 'shard', 'merge'])
      assert.equal(
        inputsOf(actionStep(root, job), unset)['project-dir'],
        'sim',
        `${event}: ${job}`,
      );
  }
});

/** GitHub's path filter patterns: `*` within a folder, `**` across folders (cheat sheet). */
function pathPattern(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

test('campaign.yml concurrency: a push supersedes only pushes to its branch, a pull request only its own campaign; a dispatch or a re-run cancels nothing', async () => {
  const { root } = await load('campaign.yml');
  assert.equal(value(at(root, 'concurrency', 'cancel-in-progress'), {}), true);
  const group = (
    event: string,
    ref: string,
    runId: number,
    prefix?: string,
    attempt = '1',
  ): unknown =>
    value(at(root, 'concurrency', 'group'), {
      inputs: prefix ? { 'artifact-prefix': prefix } : {},
      github: { event_name: event, workflow: 'campaign', ref, run_id: runId, run_attempt: attempt },
    });
  const main = 'refs/heads/main';
  // same group: the later run cancels the earlier one
  assert.equal(group('push', main, 1), group('push', main, 2), 'a push supersedes a push');
  assert.equal(
    group('pull_request', 'refs/pull/7/merge', 1),
    group('pull_request', 'refs/pull/7/merge', 2),
    "a pull request's update supersedes its campaign",
  );
  // other groups: neither cancels the other
  const apart: [string, unknown, unknown][] = [
    [
      'a dispatch on main and a push to main',
      group('workflow_dispatch', main, 1),
      group('push', main, 2),
    ],
    [
      'a push to main and a dispatch on main',
      group('push', main, 1),
      group('workflow_dispatch', main, 2),
    ],
    [
      'two dispatches on main',
      group('workflow_dispatch', main, 1),
      group('workflow_dispatch', main, 2),
    ],
    [
      'two pull requests',
      group('pull_request', 'refs/pull/7/merge', 1),
      group('pull_request', 'refs/pull/8/merge', 2),
    ],
    ['pushes to two branches', group('push', main, 1), group('push', 'refs/heads/dev', 2)],
    ['two prefixes', group('push', main, 1, 'wifi'), group('push', main, 2, 'lte')],
    // "Re-run failed jobs" of an earlier push's run enters the group again: it must not cancel
    // the newer push's campaign (nor a newer pull request update's), nor be cancelled by it
    [
      "a re-run of an earlier push's run and a newer push",
      group('push', main, 1, undefined, '2'),
      group('push', main, 2),
    ],
    [
      "a re-run of a pull request's earlier run and its newer update",
      group('pull_request', 'refs/pull/7/merge', 1, undefined, '3'),
      group('pull_request', 'refs/pull/7/merge', 2),
    ],
  ];
  for (const [what, a, b] of apart) assert.notEqual(a, b, what);
});

test('campaign.yml: every job checks out submodules; max-shards reaches the plan step as given', async () => {
  const { root } = await load('campaign.yml');
  const wf = YAML.parse(readFileSync(join(WORKFLOWS, 'campaign.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  // an ini may include a file of a submodule: the plan job reads the ini, the merge job the
  // campaign file, as the build and shard jobs do
  for (const [job, { steps }] of Object.entries(wf.jobs)) {
    const checkouts = steps.filter((st) => st.uses?.startsWith('actions/checkout@'));
    assert.equal(checkouts.length, 1, job);
    assert.equal(checkouts[0]?.with?.['submodules'], 'recursive', job);
  }
  const maxShards = (inputs: Record<string, unknown>): string | undefined =>
    inputsOf(actionStep(root, 'plan'), {
      inputs,
      github: { event_name: 'workflow_dispatch' },
      env: workflowEnv(root),
    })['max-shards'];
  // a caller's 0 reaches the action, which refuses it (input 'max-shards' must be ... from 1)
  assert.equal(maxShards({ 'max-shards': 0 }), '0');
  assert.equal(maxShards({ 'max-shards': 5 }), '5');
  // a push has no inputs: empty, the action's default (32)
  assert.equal(maxShards({}), '');
});

test('path filters: sources, build files, campaign files in any folder and the workflow itself', () => {
  const wf = workflowYaml('campaign.yml');
  const changed = [
    'omnetpp.ini',
    'simulations/x.ini',
    'src/Node.ned',
    'src/Packet.msg',
    'src/Node.cc',
    'src/Node.cpp',
    'src/Node.cxx',
    'src/Node.h',
    'src/Node.hpp',
    'Makefile',
    'src/makefrag',
    '.oppfeatures',
    'inet/.oppfeatures',
    'inet/.oppfeaturestate',
    'inet/.nedexclusions',
    'src/Logic.sm',
    '.nedfolders',
    'inet/.nedfolders',
    '.oppbuildspec',
    'queueinglib/.oppbuildspec',
    '.project',
    'opp-campaign.yml',
    'studies/wifi/opp-campaign.yml',
    'simulations/routing.xml', // xmldoc() input
    '.github/workflows/campaign.yml',
  ];
  for (const event of ['push', 'pull_request']) {
    const patterns = (wf.on[event]?.paths ?? []).map(pathPattern);
    for (const f of changed)
      assert.ok(
        patterns.some((p) => p.test(f)),
        `${event}: a change to ${f} starts the campaign`,
      );
    assert.ok(!patterns.some((p) => p.test('README.md')), `${event}: README.md does not`);
  }
});

test('actions/checkout is a node24 release (v5+); the README names the runner version node24 needs', () => {
  for (const f of readdirSync(WORKFLOWS).filter((x) => /\.ya?ml$/.test(x)))
    for (const job of Object.values(workflowYaml(f).jobs))
      for (const step of job.steps ?? []) {
        const m = /^actions\/checkout@v(\d+)/.exec(step.uses ?? '');
        if (m) assert.ok(Number(m[1]) >= 5, `${f}: ${step.uses} runs on node20`);
      }
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  assert.match(readme, /2\.327\.1/);
  assert.match(readme, /actions\/checkout@v5/);
  // the runner ships node20 and node24 (runner-image/Dockerfile): other actions may be either
  assert.doesNotMatch(readme, /must be a node24 release/);
  assert.match(readme, /the runner ships both \(`externals\/node20` and\s+`externals\/node24`\)/);
  assert.match(
    readFileSync(join(REPO, 'runner-image', 'Dockerfile'), 'utf8'),
    /externals\/node20 and node24/,
  );
});

test("campaign-comment.yml: a summary near GitHub's 65,536 characters is posted within them, its marker once", async () => {
  const marker = commentMarker('campaign');
  const md = `## Campaign incomplete\n\n${'x'.repeat(COMMENT_LIMIT - 25)}\n`;
  assert.equal(md.length, COMMENT_LIMIT);
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  mkdirSync(join(artifactDir, 'campaign-comment'));
  writeFileSync(
    join(artifactDir, 'campaign-comment', 'comment.md'),
    commentBody(md, 'https://github.com/o/r/actions/runs/42/attempts/1', marker),
  );
  const c = await playComment(artifactDir);
  assert.equal(c.pr, '7');
  assert.ok(c.body.length <= COMMENT_LIMIT, `${c.body.length} characters`);
  assert.equal(c.body.split(marker).length, 2, 'the marker once');
  assert.ok(c.body.endsWith(`\n${marker}\n`));
  // a comment.md of an older release, without the marker: the workflow adds it
  writeFileSync(join(artifactDir, 'campaign-comment', 'comment.md'), '## Campaign complete\n');
  const old = await playComment(artifactDir);
  assert.equal(old.body, `## Campaign complete\n\n${marker}\n`);
});

test('campaign-comment.yml: listing the comments fails: the job fails and posts no second comment', async () => {
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  mkdirSync(join(artifactDir, 'campaign-comment'));
  writeFileSync(join(artifactDir, 'campaign-comment', 'comment.md'), '## Campaign complete\n');
  const marker = commentMarker('campaign');
  const c = await playComment(
    artifactDir,
    [{ id: 11, user: { login: 'github-actions[bot]' }, body: `older\n${marker}\n` }],
    { commentsFail: true, mayFail: true },
  );
  assert.notEqual(c.status, 0, c.stdout);
  assert.match(c.stderr, /HTTP 502/);
  assert.equal(c.pr, '', 'no second comment');
  assert.deepEqual(c.edited, {});
});

test('every run step with more than one command, in the workflows and a composite action.yml, declares shell: bash (pipefail)', () => {
  const steps: [string, { run?: string; shell?: string }][] = [];
  for (const f of readdirSync(WORKFLOWS).filter((x) => /\.ya?ml$/.test(x)))
    for (const [id, job] of Object.entries(workflowYaml(f).jobs))
      for (const step of job.steps ?? []) steps.push([`${f}: job ${id}`, step]);
  const action = YAML.parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps?: { run?: string; shell?: string }[] };
  };
  if (action.runs.using === 'composite')
    for (const step of action.runs.steps ?? []) steps.push(['action.yml', step]);
  const checked = steps.filter(([, st]) => st.run !== undefined);
  assert.ok(checked.length > 0, 'the comment step runs a script');
  for (const [where, st] of checked) {
    const commands = (st.run ?? '').split('\n').filter((l) => l.trim() && !/^\s*#/.test(l));
    if (commands.length > 1 || /\|/.test(st.run ?? ''))
      assert.equal(st.shell, 'bash', `${where}: ${commands[0]?.trim() ?? ''}`);
  }
});

test('campaign-comment.yml: a run without a comment artifact (no merge job) is a notice, not a failure', async () => {
  const none = mkdtempSync(join(tmpdir(), 'opp-wf-noartifact-'));
  mkdirSync(join(none, 'campaign-shard-1'));
  const c = await playComment(none);
  assert.equal(c.pr, '', 'nothing commented');
  assert.match(
    c.stdout,
    /::notice::no campaign-comment artifact in run 42: its merge job did not run/,
  );
});

test('campaign-comment.yml: its own job and token comment after a same-repository pull request', async () => {
  const { root, errors } = await load('campaign-comment.yml');
  assert.deepEqual(errors, []);
  const wf = workflowYaml('campaign-comment.yml');
  assert.deepEqual(wf.on['workflow_run']?.workflows, ['campaign']);
  assert.deepEqual(wf.permissions, { actions: 'read', 'pull-requests': 'write' });
  const cond = (at(root, 'jobs', 'comment', 'if') as { expr?: string; value?: string }) ?? {};
  const expr = cond.expr ?? cond.value ?? '';
  const run = (event: string, conclusion: string, prs: unknown[]) =>
    evaluate(expr, {
      github: { event: { workflow_run: { event, conclusion, pull_requests: prs } } },
    });
  assert.equal(run('pull_request', 'failure', [{ number: 7 }]), true);
  assert.equal(run('pull_request', 'success', [{ number: 7 }]), true);
  assert.equal(run('pull_request', 'cancelled', [{ number: 7 }]), false, 'superseded');
  assert.equal(run('pull_request', 'success', []), false, 'a fork: no pull request listed');
  assert.equal(run('push', 'success', []), false);
});
