// Runs the bundled action the way the runner does: Node 24 runs `dist/index.js` of a copy of what
// the release tag holds (no node_modules; test/helpers/action-copy.ts), with INPUT_* variables,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files and GITHUB_WORKSPACE; reads back
// outputs, summary and workflow commands (annotations). `runPost` runs the action's `post:`
// step with the state the main step saved (STATE_* variables), and `cancelLikeRunner` cancels a
// step as actions/runner does (src/Runner.Sdk/ProcessInvoker.cs, CancelAndKillProcessTree).
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionCopy, actionNode } from '../helpers/action-copy.js';

export interface ActionResult {
  code: number | null;
  signal: string | null;
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
  annotations: { level: string; props: Record<string, string>; message: string }[];
}

/** Parses the `name<<DELIMITER` blocks that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (!m) continue;
    const [, name, delim] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] as string);
    out[name] = value.join('\n');
  }
  return out;
}

export function parseAnnotations(stdout: string): ActionResult['annotations'] {
  const out: ActionResult['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').trim().split(',').filter(Boolean)) {
      const [k, ...v] = kv.split('=');
      if (k) props[k] = v.join('=');
    }
    out.push({
      level: m[1] as string,
      props,
      message: (m[3] as string).replace(/%0A/g, '\n').replace(/%25/g, '%'),
    });
  }
  return out;
}

export interface Job {
  workspace: string;
  /** A folder standing in for the artifact service; without it, `env` must point at one. */
  artifactDir?: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}

export interface StepHandle {
  done: Promise<ActionResult>;
  kill: (sig: NodeJS.Signals) => void;
  pid: number | undefined;
  runnerTemp: string;
  /** The job's environment (inputs included), for its post step. */
  env: Record<string, string>;
  /** The GITHUB_STATE file of this step: `core.saveState` writes here. */
  stateFile: string;
}

/** Starts the action's main step as a job; `kill` lets a test stop it mid-way. */
export function startAction(job: Job): StepHandle {
  const temp = mkdtempSync(join(tmpdir(), 'opp-action-job-'));
  mkdirSync(join(temp, 'runner-temp'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? temp,
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: join(temp, 'runner-temp'),
    ...(job.artifactDir ? { OPP_CAMPAIGN_ARTIFACT_DIR: job.artifactDir } : {}),
    OPP_CAMPAIGN_CACHE_DIR: join(temp, 'cache'),
    ...job.env,
  };
  for (const [k, v] of Object.entries(job.inputs))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  return startStep(env, join(temp, 'main'));
}

/**
 * Runs the action's post step as the runner does at the end of the job, also after a
 * cancelled main step: the same environment, plus STATE_NAME for each value the main step saved.
 */
export function runPost(main: StepHandle): Promise<ActionResult> {
  const state = existsSync(main.stateFile)
    ? parseOutputFile(readFileSync(main.stateFile, 'utf8'))
    : {};
  const env = { ...main.env };
  for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v;
  return startStep(env, join(main.stateFile, '..', '..', 'post')).done;
}

function startStep(jobEnv: Record<string, string>, files: string): StepHandle {
  mkdirSync(files, { recursive: true });
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  const stateFile = join(files, 'state');
  for (const f of [outputFile, summaryFile, stateFile]) writeFileSync(f, '');
  const env = {
    ...jobEnv,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
  };
  const child = spawn(actionNode(), [join(actionCopy(), 'dist', 'index.js')], {
    cwd: jobEnv['GITHUB_WORKSPACE'],
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<ActionResult>((resolve) =>
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        stdout,
        stderr,
        annotations: parseAnnotations(stdout),
      }),
    ),
  );
  return {
    done,
    kill: (sig) => child.kill(sig),
    pid: child.pid,
    runnerTemp: jobEnv['RUNNER_TEMP'] ?? '',
    env: jobEnv,
    stateFile,
  };
}

export const runAction = (job: Job): Promise<ActionResult> => startAction(job).done;

/** The runner's waits after SIGINT and after SIGTERM before it kills the step's process tree. */
export const RUNNER_SIGINT_MS = 7500;
export const RUNNER_SIGTERM_MS = 2500;

/**
 * Cancels a step as actions/runner does: SIGINT to the step's process; if it has not exited
 * within 7.5 s, SIGTERM; if not within 2.5 s more, SIGKILL to its whole process tree. With
 * `kill: 'at-once'`, the tree is killed straight away, as the runner does for a step it must
 * kill (and as a lost VM does): what the step wrote so far must still be uploadable.
 * Returns the signals sent.
 */
export async function cancelLikeRunner(
  step: StepHandle,
  kill: 'runner' | 'at-once' = 'runner',
): Promise<NodeJS.Signals[]> {
  const pid = step.pid;
  if (pid === undefined) return [];
  let exited = false;
  void step.done.then(() => (exited = true));
  const exit = (ms: number): Promise<boolean> =>
    Promise.race([
      step.done.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(exited), ms)),
    ]);
  const sent: NodeJS.Signals[] = [];
  if (kill === 'runner') {
    step.kill('SIGINT');
    sent.push('SIGINT');
    if (await exit(RUNNER_SIGINT_MS)) return sent;
    step.kill('SIGTERM');
    sent.push('SIGTERM');
    if (await exit(RUNNER_SIGTERM_MS)) return sent;
  }
  // the runner walks /proc for the tree (NixKillProcessTree) and kills every process in it
  for (const p of processTree(pid).reverse()) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  sent.push('SIGKILL');
  await step.done;
  return sent;
}

/** `pid` and its descendants, parents first, from /proc/PID/stat. */
export function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // the command may hold spaces and parentheses: fields follow the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++)
    for (const [child, ppid] of parent) if (ppid === tree[i]) tree.push(child);
  return tree;
}
