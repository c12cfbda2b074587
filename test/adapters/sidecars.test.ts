// Sidecars against real processes: readiness by port and by output line, restarts with fresh
// ports, timeouts, deaths during a run, and teardown of the whole process group.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PortAllocator } from '../../src/adapters/free-ports.js';
import { SidecarStartError, startSidecars } from '../../src/adapters/sidecars.js';
import type { SidecarSettings } from '../../src/core/campaign/sidecar-settings.js';
import { alive } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'opp-sidecars-'));
// (before: left in the temporary folder, one per run of this file)
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function spec(over: Partial<SidecarSettings>): SidecarSettings {
  return {
    name: `s${++counter}`,
    command: 'true',
    dir: '.',
    ports: ['port'],
    ready: { port: 'port' },
    readyTimeoutMs: 5000,
    stopTimeoutMs: 1000,
    args: [],
    env: {},
    ...over,
  };
}

const start = (specs: SidecarSettings[], ports = new PortAllocator()) =>
  startSidecars({
    specs,
    values: { config: 'C', run: '3', key: 'k', resultdir: dir, runfile: join(dir, 'r.run') },
    cwd: dir,
    env: process.env,
    log: (name) => ({ path: join(dir, `C-3.${name}.log`), label: `logs/C-3.${name}.log` }),
    ports,
  });

/** A server on {port} that starts a child of its own and prints both pids. */
const PY_SERVER = `python3 -c "
import socket, subprocess, sys, time
s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(4)
child = subprocess.Popen(['sleep', '300'])
print('server', __import__('os').getpid(), 'child', child.pid, flush=True)
while True:
    c, _ = s.accept(); c.close()
" {port}`;

test('ready when the port accepts; arguments and environment filled in; stop ends the whole group', async () => {
  const s = await start([
    spec({
      name: 'server',
      command: PY_SERVER,
      args: ['--*.manager.port=${port}'],
      env: { SERVER: '127.0.0.1:{port}', RUN: '{config}-{run}' },
    }),
  ]);
  let log = '';
  try {
    const port = s.ports['port'] as number;
    assert.ok(port > 0);
    assert.deepEqual(s.args, [`--*.manager.port=${port}`]);
    assert.deepEqual(s.env, { SERVER: `127.0.0.1:${port}`, RUN: 'C-3' });
    assert.equal(s.commands[0]?.args.at(-1), String(port));
    // the server listens before it prints its pids: wait for the line
    for (let i = 0; i < 200 && !/server \d+ child \d+/.test(log); i++) {
      await new Promise((r) => setTimeout(r, 25));
      log = readFileSync(join(dir, 'C-3.server.log'), 'utf8');
    }
  } finally {
    if (!/server \d+ child \d+/.test(log)) await s.stop();
  }
  const [, server, child] = /server (\d+) child (\d+)/.exec(log)?.map(Number) ?? [];
  assert.ok(server && child && alive(server) && alive(child), log);
  await s.stop();
  assert.equal(alive(server), false, 'the sidecar is gone');
  assert.equal(alive(child), false, 'and so is its child');
  assert.equal(await s.failure(0), undefined, 'being stopped is no failure');
});

test('ready when a line matches; a sidecar without ports', async () => {
  const s = await start([
    spec({
      ports: [],
      ready: { line: '^listening' },
      command: `sh -c "echo starting; sleep 0.2; echo listening; exec sleep 300"`,
    }),
  ]);
  assert.deepEqual(s.ports, {});
  await s.stop();
});

test('a sidecar that exits before it is ready is started again, with fresh ports', async () => {
  const marker = join(dir, 'first-start');
  const s = await start([
    spec({
      name: 'flaky',
      command: `sh -c "if [ ! -e ${marker} ]; then touch ${marker}; echo port {port} taken; exit 1; fi; exec ${PY_SERVER.replace(/"/g, '\\"')}"`,
    }),
  ]);
  const log = readFileSync(join(dir, 'C-3.flaky.log'), 'utf8');
  const first = Number(/port (\d+) taken/.exec(log)?.[1]);
  assert.match(log, /--- opp-campaign: starting again \(attempt 2\) ---/);
  assert.notEqual(s.ports['port'], first, 'the second start has another port');
  await s.stop();

  await assert.rejects(
    start([spec({ name: 'broken', command: 'sh -c "echo no; exit 3"' })]),
    (e: unknown) =>
      e instanceof SidecarStartError &&
      e.message ===
        "sidecar 'broken' exited before it was ready (exit status 3, 3 starts); its log: logs/C-3.broken.log",
  );
  await assert.rejects(
    start([spec({ name: 'missing', command: 'no-such-program-here {port}' })]),
    /sidecar 'missing' could not be started: spawn no-such-program-here ENOENT/,
  );
});

test('one that never becomes ready fails, and is stopped', async () => {
  const pidFile = join(dir, 'slow.pid');
  await assert.rejects(
    start([
      spec({
        name: 'slow',
        command: `sh -c "echo $$ > ${pidFile}; exec sleep 300"`,
        readyTimeoutMs: 300,
      }),
    ]),
    (e: unknown) =>
      e instanceof SidecarStartError &&
      /^sidecar 'slow' was not ready after 0\.3s \(nothing accepted connections on port \d+\); its log: logs\/C-3\.slow\.log$/.test(
        e.message,
      ),
  );
  assert.ok(existsSync(pidFile));
  assert.equal(alive(Number(readFileSync(pidFile, 'utf8'))), false);
});

test('a sidecar that dies during the run is reported', async () => {
  const s = await start([
    spec({
      name: 'dies',
      ports: [],
      ready: { line: 'up' },
      command: `sh -c "echo up; sleep 0.3; kill -9 $$"`,
    }),
  ]);
  assert.equal(
    (await s.died).message,
    "sidecar 'dies' died during the run (killed by SIGKILL); its log: logs/C-3.dies.log",
  );
  assert.match((await s.failure(0))?.message ?? '', /killed by SIGKILL/);
  await s.stop();
});

test('ports: distinct, and a released port is not handed out again soon', async () => {
  const ports = new PortAllocator();
  const a = await ports.allocate(40);
  assert.equal(new Set(a).size, 40);
  ports.release(a);
  const b = await ports.allocate(40);
  assert.equal(b.filter((p) => a.includes(p)).length, 0);
});
