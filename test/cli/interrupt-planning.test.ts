// Ctrl-C while a study is being planned ends the process at once: planning is synchronous, so
// a JavaScript handler could never run. The ini file includes a FIFO, so the test knows when
// the process is past its start-up and reading the ini; what it then reads takes forever to
// plan (a constraint no run meets, over 10^15 runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/project.js';

const ENDLESS = '**.x = ${x=0..1e15}\nconstraint = $x < 0\n';

async function interruptedWhilePlanning(
  args: (dir: string) => string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'opp-interrupt-'));
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\ninclude study.ini\n');
  execFileSync('mkfifo', [join(dir, 'study.ini')]);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args(dir)],
    { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  try {
    // opening the FIFO for writing returns once the process opened it to read the ini
    let opened = false;
    const early = exited.then(async (e) => {
      if (opened) return undefined as never;
      // it ended before reading the ini: free the pending open, then fail
      await (await open(join(dir, 'study.ini'), constants.O_RDONLY | constants.O_NONBLOCK)).close();
      throw new Error(`it ended before reading the ini (${e.code ?? e.signal}): ${stderr}`);
    });
    const fifo = await Promise.race([open(join(dir, 'study.ini'), 'w'), early]);
    opened = true;
    await fifo.write(ENDLESS);
    await fifo.close();
    child.kill('SIGINT');
    const guard = new Promise<'still running'>((r) => {
      const t = setTimeout(() => r('still running'), 120_000);
      void exited.then(() => clearTimeout(t));
    });
    const outcome = await Promise.race([exited, guard]);
    assert.notEqual(outcome, 'still running', 'Ctrl-C did not stop the planning');
    return { ...(outcome as Awaited<typeof exited>), stderr, dir };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

test('plan: Ctrl-C while planning ends the process', async () => {
  const r = await interruptedWhilePlanning((dir) => [
    'plan',
    join(dir, 'omnetpp.ini'),
    '-q',
    'numruns',
  ]);
  assert.equal(r.signal, 'SIGINT', r.stderr);
  rmSync(r.dir, { recursive: true, force: true });
});

test('run: Ctrl-C while planning ends the process; nothing was written', async () => {
  const r = await interruptedWhilePlanning((dir) => ['run', dir, '--progress', 'plain']);
  assert.equal(r.signal, 'SIGINT', r.stderr);
  assert.ok(!existsSync(join(r.dir, 'results')), 'no results folder');
  rmSync(r.dir, { recursive: true, force: true });
});
