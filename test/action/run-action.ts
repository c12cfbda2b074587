// Runs the bundled action the way the runner does: `node dist/index.js` with INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files and GITHUB_WORKSPACE; reads back outputs,
// summary and workflow commands (annotations).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/project.js';

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

/** Starts the action as a job; `kill` lets a test stop it mid-way. */
export function startAction(job: Job): {
  done: Promise<ActionResult>;
  kill: (sig: NodeJS.Signals) => void;
  pid: number | undefined;
  runnerTemp: string;
} {
  const temp = mkdtempSync(join(tmpdir(), 'opp-action-job-'));
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  mkdirSync(join(temp, 'runner-temp'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? temp,
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: join(temp, 'runner-temp'),
    ...(job.artifactDir ? { OPP_CAMPAIGN_ARTIFACT_DIR: job.artifactDir } : {}),
    OPP_CAMPAIGN_CACHE_DIR: join(temp, 'cache'),
    ...job.env,
  };
  for (const [k, v] of Object.entries(job.inputs))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const child = spawn(process.execPath, [join(REPO, 'dist', 'index.js')], {
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
    runnerTemp: join(temp, 'runner-temp'),
  };
}

export const runAction = (job: Job): Promise<ActionResult> => startAction(job).done;
