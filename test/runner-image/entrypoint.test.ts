// runner-image/entrypoint.sh, run by bash as the container would run it, with stand-ins for
// actions-runner's config.sh and run.sh (test/fixtures/runner-stand-in) that record their
// arguments and environment (credentials as hashes only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENTRYPOINT = new URL('../../runner-image/entrypoint.sh', import.meta.url).pathname;
const STAND_INS = new URL('../fixtures/runner-stand-in/', import.meta.url).pathname;
// A just-in-time configuration as GitHub makes one: base64 of a JSON object that maps the
// runner's files to their base64 contents (Runner.Listener writes them into its folder).
const JIT_FILES: Record<string, string> = {
  '.runner': '{"agentId":7,"agentName":"vm-1","ephemeral":true}',
  '.credentials': '{"scheme":"OAuth","data":{"clientId":"jit-test-client-1234567890"}}',
  '.credentials_rsaparams': '{"d":"jit-test-private-key-0987654321"}',
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const JIT = b64(
  JSON.stringify(Object.fromEntries(Object.entries(JIT_FILES).map(([k, v]) => [k, b64(v)]))),
);

/** run.sh found the runner's files, private to its user, and not the configuration itself. */
function assertJitFiles(box: Sandbox): void {
  const env = envOf(join(box.record, 'run.env'));
  assert.equal(env.has('ACTIONS_RUNNER_INPUT_JITCONFIG'), false, 'run.sh got the credential');
  for (const [name, content] of Object.entries(JIT_FILES)) {
    const path = join(box.runnerHome, name);
    assert.equal(readFileSync(path, 'utf8'), content, name);
    assert.equal(statSync(path).mode & 0o777, 0o600, `${name} is readable by others`);
  }
}
const TOKEN = 'AABBTESTREGISTRATIONTOKEN0123';
const NPROC = execFileSync('nproc').toString().trim();

interface Sandbox {
  root: string;
  runnerHome: string;
  record: string;
  env: Record<string, string>;
}

/** A temporary HOME, TMPDIR, runner folder (the stand-ins) and record folder. */
function sandbox(extra: Record<string, string> = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'opp-entrypoint-'));
  const runnerHome = join(root, 'runner');
  const record = join(root, 'record');
  for (const d of ['home', 'tmp', 'record', 'cache']) mkdirSync(join(root, d));
  cpSync(STAND_INS, runnerHome, { recursive: true });
  for (const f of readdirSync(runnerHome)) chmodSync(join(runnerHome, f), 0o755);
  const cpuMax = join(root, 'cpu.max');
  writeFileSync(cpuMax, 'max 100000\n');
  return {
    root,
    runnerHome,
    record,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: join(root, 'home'),
      TMPDIR: join(root, 'tmp'),
      OPP_RUNNER_HOME: runnerHome,
      OPP_RUNNER_CPU_MAX_FILE: cpuMax,
      CCACHE_DIR: join(root, 'cache', 'ccache'),
      STANDIN_RECORD: record,
      ...extra,
    },
  };
}

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** Starts the entrypoint; with `ignoringInt`, as a parent that ignores SIGINT would (nohup-like). */
function start(
  box: Sandbox,
  env: Record<string, string> = {},
  stdin?: string,
  ignoringInt = false,
): Run {
  const args = ignoringInt ? ['-c', 'trap "" INT; exec bash "$0"', ENTRYPOINT] : [ENTRYPOINT];
  const child = spawn('bash', args, {
    env: { ...box.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin?.on('error', () => {}); // a refusal exits before reading stdin
  child.stdin?.end(stdin ?? '');
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    err: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return { child, done };
}

async function waitFor(path: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function lines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

function envOf(path: string): Map<string, string> {
  return new Map(
    lines(path).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
}

/** Ends a listener stand-in left running (run.sh was killed without stopping it). */
function killListener(box: Sandbox): void {
  const pid = Number(lines(join(box.record, 'listener.pid'))[0] ?? 0);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const sha = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

/** Every file below `dir`, as text. */
function filesBelow(dir: string): [string, string][] {
  const found: [string, string][] = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(entry));
    if (statSync(path).isFile()) found.push([path, readFileSync(path, 'latin1')]);
  }
  return found;
}

/** The credential appears in no file, no output, no argument list. */
function assertNowhere(secret: string, box: Sandbox, out: string, err: string): void {
  for (const [path, text] of filesBelow(box.root))
    assert.ok(!text.includes(secret), `the credential was written to ${path}`);
  assert.ok(!out.includes(secret) && !err.includes(secret), 'the credential was logged');
}

test('JIT config in the environment: unpacked into the runner files; run.sh starts without it', async () => {
  const box = sandbox();
  const { done } = start(box, { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, STANDIN_EXIT: '0' });
  const r = await done;
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(lines(join(box.record, 'run.args')), [], 'run.sh has no arguments');
  assertJitFiles(box);
  const env = envOf(join(box.record, 'run.env'));
  assert.equal(env.get('RUNNER_MANUALLY_TRAP_SIG'), '1', 'run.sh forwards SIGTERM to the job');
  assert.equal(env.get('OPP_CAMPAIGN_JOBS'), NPROC, 'one runner uses every core');
  assert.equal(env.has('OPP_RUNNER_REEXEC'), false);
  assert.equal(existsSync(join(box.record, 'config.args')), false, 'no config.sh for a JIT config');
  assert.match(r.err, /starting the runner from a just-in-time configuration: one job/);
  assertNowhere(JIT, box, r.out, r.err);
});

test("JIT config from stdin and from a file; the exit status is the runner's", async () => {
  const fromStdin = sandbox();
  const a = await start(
    fromStdin,
    { OPP_RUNNER_JITCONFIG_FILE: '-', STANDIN_EXIT: '3' },
    `${JIT}\n`,
  ).done;
  assert.equal(a.code, 3, a.err);
  assertJitFiles(fromStdin);
  assertNowhere(JIT, fromStdin, a.out, a.err);

  const fromFile = sandbox();
  const secrets = mkdtempSync(join(tmpdir(), 'opp-secret-'));
  writeFileSync(join(secrets, 'jit'), `${JIT}\n`);
  const b = await start(fromFile, { OPP_RUNNER_JITCONFIG_FILE: join(secrets, 'jit') }).done;
  assert.equal(b.code, 0, b.err);
  assertJitFiles(fromFile);
  const env = envOf(join(fromFile.record, 'run.env'));
  assert.equal(env.has('OPP_RUNNER_JITCONFIG_FILE'), false, 'the file name is not passed on');
  assertNowhere(JIT, fromFile, b.out, b.err);
});

test('registration token: config.sh --ephemeral gets it, run.sh does not', async () => {
  const box = sandbox();
  const r = await start(box, {
    ACTIONS_RUNNER_INPUT_TOKEN: TOKEN,
    OPP_RUNNER_URL: 'https://github.com/octo-org/octo-repo',
    OPP_RUNNER_NAME: 'vm-7',
    OPP_RUNNER_LABELS: 'omnetpp,omnetpp-6.1.0',
    OPP_RUNNER_GROUP: 'simulations',
    OPP_RUNNER_DISABLE_UPDATE: 'true',
  }).done;
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(lines(join(box.record, 'config.args')), [
    '--unattended',
    '--ephemeral',
    '--replace',
    '--url',
    'https://github.com/octo-org/octo-repo',
    '--name',
    'vm-7',
    '--work',
    '_work',
    '--labels',
    'omnetpp,omnetpp-6.1.0',
    '--runnergroup',
    'simulations',
    '--disableupdate',
  ]);
  assert.equal(envOf(join(box.record, 'config.env')).get('ACTIONS_RUNNER_INPUT_TOKEN'), sha(TOKEN));
  const runEnv = envOf(join(box.record, 'run.env'));
  assert.deepEqual(lines(join(box.record, 'run.args')), []);
  assert.equal([...runEnv.keys()].filter((k) => k.startsWith('ACTIONS_RUNNER_INPUT_')).length, 0);
  assertNowhere(TOKEN, box, r.out, r.err);
});

test("a failed registration stops there, with config.sh's status", async () => {
  const box = sandbox();
  const r = await start(
    box,
    {
      OPP_RUNNER_TOKEN_FILE: '-',
      OPP_RUNNER_URL: 'https://github.com/octo-org/octo-repo',
      STANDIN_CONFIG_EXIT: '4',
    },
    TOKEN,
  ).done;
  assert.equal(r.code, 4);
  assert.match(r.err, /config\.sh failed \(exit 4\)/);
  assert.equal(existsSync(join(box.record, 'run.args')), false);
  assertNowhere(TOKEN, box, r.out, r.err);
});

test("while the job runs, the credential is in no runner process's /proc environ or argv", async () => {
  const cases: [string, Record<string, string>][] = [
    [JIT, { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, OPP_RUNNER_GRACE_SECONDS: '10' }],
    [
      TOKEN,
      {
        ACTIONS_RUNNER_INPUT_TOKEN: TOKEN,
        OPP_RUNNER_URL: 'https://github.com/o/r',
        OPP_RUNNER_GRACE_SECONDS: '10',
      },
    ],
  ];
  for (const [secret, env] of cases) {
    const box = sandbox({ STANDIN_RUN: 'wait' });
    const run = start(box, env);
    await waitFor(join(box.record, 'run.ready'));
    const pid = run.child.pid ?? 0;
    const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    const runPid = readFileSync(join(box.record, 'run.pid'), 'utf8').trim();
    const runCmdline = readFileSync(`/proc/${runPid}/cmdline`, 'latin1');
    const runEnviron = readFileSync(`/proc/${runPid}/environ`, 'latin1');
    run.child.kill('SIGTERM');
    const r = await run.done;
    killListener(box);
    assert.ok(
      !environ.includes(secret),
      'the entrypoint still holds the credential in its environ',
    );
    // a JIT config went into the runner's files, a registration token was used up by config.sh:
    // run.sh, which lives as long as the job, holds neither
    assert.ok(!runEnviron.includes(secret), "run.sh's environ holds the credential");
    assert.ok(
      !cmdline.includes(secret) && !runCmdline.includes(secret),
      'the credential is in an argv',
    );
    assert.equal(r.code, 143, r.err);
  }
});

test('SIGTERM (spot reclaim) reaches the listener as SIGINT: the job is cancelled; exit 143 once it has stopped', async () => {
  // also an entrypoint that itself started with SIGINT ignored: a shell cannot undo that (`set -m`
  // before `run.sh &` would not help then), the runner must still start with SIGINT handled
  const cases = [
    ['SIGTERM', false],
    ['SIGINT', false],
    ['SIGTERM', true],
  ] as const;
  for (const [signal, ignoringInt] of cases) {
    const box = sandbox({ STANDIN_RUN: 'wait', STANDIN_TERM_DELAY: '0.3' });
    const jit = { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, OPP_RUNNER_GRACE_SECONDS: '10' };
    const run = start(box, jit, undefined, ignoringInt);
    await waitFor(join(box.record, 'run.ready'));
    const t0 = Date.now();
    run.child.kill(signal);
    const r = await run.done;
    killListener(box);
    // .NET handles SIGINT only when it was not ignored at start: a background job of a
    // non-interactive bash (the entrypoint) ignores it, and so would the listener below it
    assert.deepEqual(lines(join(box.record, 'listener.start')), ['SIGINT handled']);
    assert.deepEqual(lines(join(box.record, 'run.signals')), ['TERM'], 'run.sh got one SIGTERM');
    assert.deepEqual(lines(join(box.record, 'listener.signals')), ['INT'], 'the job was cancelled');
    assert.equal(r.code, 143, r.err);
    assert.ok(Date.now() - t0 >= 250, 'the entrypoint waited for the runner to stop');
    assert.match(r.err, new RegExp(`received ${signal}: cancelling the job .* waiting up to 10s`));
    assert.match(r.err, /stopped/);
  }
});

test('a runner that does not stop within the grace period is killed: exit 137', async () => {
  const box = sandbox({ STANDIN_RUN: 'ignore-term' });
  const run = start(box, { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, OPP_RUNNER_GRACE_SECONDS: '1' });
  await waitFor(join(box.record, 'run.ready'));
  const runPid = Number(readFileSync(join(box.record, 'run.pid'), 'utf8'));
  const t0 = Date.now();
  run.child.kill('SIGTERM');
  const r = await run.done;
  const waited = Date.now() - t0;
  assert.equal(r.code, 137, r.err);
  assert.ok(waited >= 900 && waited < 5000, `waited ${waited} ms for a 1 s grace period`);
  assert.match(r.err, /did not stop within 1s: killing it/);
  assert.deepEqual(lines(join(box.record, 'run.signals')), ['TERM']);
  assert.throws(() => process.kill(runPid, 0), /ESRCH/, 'run.sh is gone');
});

test('cores: OPP_RUNNER_CPUS, else the cgroup CPU quota rounded up, else nproc', async () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ OPP_RUNNER_CPUS: '5' }, 'max 100000\n', '5'],
    [{}, '250000 100000\n', '3'],
    [{}, '100000 100000\n', '1'],
    [{}, 'max 100000\n', NPROC],
  ];
  for (const [env, cpuMax, want] of cases) {
    const box = sandbox();
    writeFileSync(box.env['OPP_RUNNER_CPU_MAX_FILE'] ?? '', cpuMax);
    const r = await start(box, { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, ...env }).done;
    assert.equal(r.code, 0, r.err);
    assert.equal(envOf(join(box.record, 'run.env')).get('OPP_CAMPAIGN_JOBS'), want, cpuMax);
  }
});

test('a pull-request pool (OPP_RUNNER_CACHE_READONLY): jobs get ccache read-only', async () => {
  const box = sandbox();
  const r = await start(box, {
    ACTIONS_RUNNER_INPUT_JITCONFIG: JIT,
    OPP_RUNNER_CACHE_READONLY: 'true',
    OPP_RUNNER_CACHE: join(box.root, 'cache'),
  }).done;
  assert.equal(r.code, 0, r.err);
  const env = envOf(join(box.record, 'run.env'));
  assert.equal(env.get('CCACHE_READONLY'), '1');
  const temp = env.get('CCACHE_TEMPDIR') ?? '';
  assert.ok(
    temp.startsWith(box.env['TMPDIR'] ?? '-') && existsSync(temp),
    'temporary files off the volume',
  );
  // the sandbox's volume is writable: say that a read-only mount is what makes it a boundary
  assert.match(r.err, /OPP_RUNNER_CACHE_READONLY is set but .* is writable: mount it read-only/);

  const trusted = sandbox();
  const t = await start(trusted, { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT }).done;
  assert.equal(t.code, 0, t.err);
  assert.equal(envOf(join(trusted.record, 'run.env')).has('CCACHE_READONLY'), false);

  const bad = await start(sandbox(), {
    ACTIONS_RUNNER_INPUT_JITCONFIG: JIT,
    OPP_RUNNER_CACHE_READONLY: 'maybe',
  }).done;
  assert.equal(bad.code, 2);
  assert.match(bad.err, /OPP_RUNNER_CACHE_READONLY must be true or false, not 'maybe'/);
});

test('refusals: exit 2 with one clear message, nothing started, nothing leaked', async () => {
  const cases: [Record<string, string>, RegExp, string?][] = [
    [
      {},
      /error: no runner credential\. Give a just-in-time configuration \(opp-campaign runners jit\)/,
    ],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, ACTIONS_RUNNER_INPUT_TOKEN: TOKEN },
      /both ACTIONS_RUNNER_INPUT_JITCONFIG and ACTIONS_RUNNER_INPUT_TOKEN are set/,
    ],
    [{ ACTIONS_RUNNER_INPUT_TOKEN: TOKEN }, /a registration token needs OPP_RUNNER_URL/],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, GITHUB_TOKEN: 'ghp_doNotLeakThis0000' },
      /GITHUB_TOKEN is set: a GitHub token must not reach the runner/,
      'ghp_doNotLeakThis0000',
    ],
    [
      { OPP_RUNNER_JITCONFIG_FILE: '/nonexistent/jit' },
      /cannot read the just-in-time configuration from '\/nonexistent\/jit'/,
    ],
    [{ OPP_RUNNER_JITCONFIG_FILE: '-' }, /the just-in-time configuration in '-' is empty/],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, OPP_RUNNER_CPUS: 'all' },
      /OPP_RUNNER_CPUS must be a whole number/,
    ],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT, OPP_RUNNER_HOME: '/nonexistent' },
      /no runner in '\/nonexistent'/,
    ],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: 'notAJitConfig0123' },
      /the just-in-time configuration is not one from GitHub/,
      'notAJitConfig0123',
    ],
    [
      { ACTIONS_RUNNER_INPUT_JITCONFIG: b64(JSON.stringify({ '../.bashrc': b64('evil') })) },
      /the just-in-time configuration names an unexpected file '\.\.\/\.bashrc'/,
    ],
  ];
  for (const [env, message, alsoSecret] of cases) {
    const box = sandbox();
    const r = await start(box, env).done;
    assert.equal(r.code, 2, `${JSON.stringify(env)}: ${r.err}`);
    assert.match(r.err, message);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.equal(existsSync(join(box.record, 'config.args')), false);
    assert.equal(existsSync(join(box.record, 'run.args')), false);
    for (const secret of [JIT, TOKEN, alsoSecret ?? JIT]) assertNowhere(secret, box, r.out, r.err);
  }
});
