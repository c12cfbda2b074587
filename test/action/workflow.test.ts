// Plays workflows/campaign.yml on this machine: parsed with @actions/workflow-parser (the parser
// of GitHub's own language service), expressions evaluated with @actions/expressions on real
// outputs, the plan step, then every shard concurrently as separate processes, then merge, with
// the local-folder store standing in for the artifact service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
import { runCli } from '../helpers/cli.js';
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
  const merged = join(artifactDir, 'campaign-results', 'runs');

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
  const localDir = join(workspace, 'local', 'runs');
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
    const finished = readFileSync(shardJournal, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"status":"ok"'))
      .map((l) => (JSON.parse(l) as { run: number }).run);
    for (const r of finishedBeforeCancel)
      assert.ok(finished.includes(r), `run ${r} finished before the cancel and was uploaded`);
    const shard1 = [4, 5, 6, 7];
    const expectedMissing = shard1.filter((r) => !finished.includes(r));
    assert.ok(
      expectedMissing.length > 0 && expectedMissing.length < 4,
      `cancelled after some runs: finished ${finished.join(',')}`,
    );
    assert.equal(merge.outputs['missing'], String(expectedMissing.length));
    assert.equal(merge.outputs['succeeded'], String(12 - expectedMissing.length));
    const rows = [...merge.summary.matchAll(/^\| M \| (\d+) \| 1 \|$/gm)].map((m) => Number(m[1]));
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
