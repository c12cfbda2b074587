// /proc/PID/stat read in one place (sidecars' exit, the running registry's start times and
// process groups, the tests' process helpers), for a command's name with spaces and parentheses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isExiting, parseProcStat, readProcStat } from '../../src/adapters/proc-stat.js';
import { startTime } from '../../src/adapters/running-registry.js';

test('a stat line whose command name holds spaces and parentheses', () => {
  const line = (comm: string) =>
    `4242 (${comm}) S 17 4242 4242 0 -1 4194560 ${'0 '.repeat(12)}777 0 0\n`;
  for (const comm of ['a) b', 'x (y) z)', ') S 1 2 3 (', 'plain']) {
    const stat = parseProcStat(line(comm));
    assert.deepEqual(
      stat,
      { comm, state: 'S', ppid: 17, pgrp: 4242, flags: 4194560, startTime: '777' },
      comm,
    );
    assert.equal(isExiting(stat), false);
  }
  assert.equal(isExiting(parseProcStat(line('a) b').replace(') S', ') Z'))!), true);
  // PF_EXITING (0x4) in the flags: exiting, its exit not yet told
  assert.equal(isExiting(parseProcStat(line('a) b').replace('4194560', '4194564'))!), true);
  assert.equal(parseProcStat('garbage'), undefined);
  assert.equal(parseProcStat('1 (cut'), undefined);
});

test(
  'real processes named `a) b`: one running, one a zombie',
  { skip: process.platform !== 'linux' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-proc-stat-'));
    const named = join(dir, 'a) b');
    symlinkSync('/bin/sleep', named); // the kernel names a process by the file it executes
    // a parent that starts both and reaps neither: `a) b 0` stays a zombie until the parent ends
    const parent = spawn(
      'python3',
      [
        '-c',
        'import subprocess, sys\n' +
          'a = subprocess.Popen([sys.argv[1], "300"]); z = subprocess.Popen([sys.argv[1], "0"])\n' +
          'print(a.pid, z.pid, flush=True); sys.stdin.read(); a.kill()',
        named,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: parent.stdout });
      const first = await new Promise<string | undefined>((done) => {
        lines.once('line', done);
        lines.once('close', () => done(undefined));
      });
      assert.ok(first, 'the parent printed both pids');
      const [running, zombie] = first.split(' ').map(Number) as [number, number];
      const a = readProcStat(running);
      assert.equal(a?.comm, 'a) b');
      assert.equal(a?.ppid, parent.pid);
      assert.equal(isExiting(a), false);
      assert.match(a?.startTime ?? '', /^\d+$/);
      assert.equal(startTime(running), a?.startTime);
      // the zombie, once its `sleep 0` has ended (looked at until then: no time limit)
      let z = readProcStat(zombie);
      while (z !== undefined && z.state !== 'Z') {
        await new Promise((r) => setTimeout(r, 10));
        z = readProcStat(zombie);
      }
      assert.equal(z?.comm, 'a) b');
      assert.equal(isExiting(z), true);
    } finally {
      parent.stdin.end();
      if (parent.exitCode === null && parent.signalCode === null)
        await new Promise((r) => parent.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(readProcStat(2 ** 22 + 1), undefined, 'no such process');
  },
);
