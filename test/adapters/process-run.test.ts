// One run's process against real processes: output of any size or shape goes to its log without
// passing through opp-campaign; the run ends when its main process does, and takes whatever it
// left in its process group with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newLines, startProcess } from '../../src/adapters/process-run.js';
import { gone } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'opp-process-run-'));
let n = 0;

const sh = (script: string, onLine?: (l: string) => void, lineIntervalMs?: number) => {
  const logFile = join(dir, `run-${++n}.log`);
  const handle = startProcess(
    {
      command: 'sh',
      args: ['-c', script],
      cwd: dir,
      env: process.env,
      logFile,
      ...(lineIntervalMs !== undefined ? { lineIntervalMs } : {}),
    },
    onLine,
  );
  return { handle, logFile };
};

test('64 MiB of output without a newline: all in the log, no memory spent on it here', async () => {
  const size = 64 * 1024 * 1024;
  const before = process.resourceUsage().maxRSS;
  const seen: string[] = [];
  const { handle, logFile } = sh(
    `head -c ${size} /dev/zero | tr '\\0' x; printf '\\nstatus line\\n'; ` +
      // wait until the status line was seen: no race between the look at the log and the exit
      `while [ ! -e ${dir}/seen-status ]; do sleep 0.02; done`,
    (line) => {
      seen.push(line.slice(0, 20));
      if (line === 'status line') writeFileSync(join(dir, 'seen-status'), '');
    },
    20,
  );
  const outcome = await handle.done;
  assert.equal(outcome.status, 'exited');
  assert.equal(outcome.exitCode, 0);
  assert.equal(statSync(logFile).size, size + '\nstatus line\n'.length);
  assert.ok(seen.includes('status line'), JSON.stringify(seen));
  // the huge line is not passed on: only what fits the look at the log's end
  assert.ok(seen.every((l) => l.length <= 20));
  const grownMiB = (process.resourceUsage().maxRSS - before) / 1024;
  assert.ok(grownMiB < 32, `peak memory grew by ${grownMiB.toFixed(0)} MiB`);
});

test('a background child left by a run that exited 0 is killed with the run', async () => {
  const pidFile = join(dir, 'bg.pid');
  const { handle } = sh(`sleep 600 >/dev/null 2>&1 & echo $! > ${pidFile}; exit 0`);
  const outcome = await handle.done;
  assert.equal(outcome.exitCode, 0);
  const bg = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(bg > 0);
  assert.ok(await gone(bg), `background child ${bg} outlived its run`);
});

test('a child that holds the output open does not hold the run', async () => {
  const pidFile = join(dir, 'holder.pid');
  const { handle, logFile } = sh(`(sleep 30; echo late) & echo $! > ${pidFile}; echo main done`);
  const outcome = await handle.done;
  assert.equal(outcome.exitCode, 0);
  const holder = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(await gone(holder), `output holder ${holder} outlived its run`);
  assert.equal(readFileSync(logFile, 'utf8'), 'main done\n', 'the run ended with its main process');
});

test('newLines: complete lines since the offset; a partial last line waits', () => {
  const path = join(dir, 'tail.log');
  writeFileSync(path, 'one\ntwo\npart');
  const a = newLines(path, 0);
  assert.deepEqual(a.lines, ['one', 'two']);
  assert.equal(a.offset, 8);
  assert.deepEqual(newLines(path, a.offset), { lines: [], offset: 8 });
  appendFileSync(path, 'ial\n\nthree\n');
  assert.deepEqual(newLines(path, a.offset).lines, ['partial', '', 'three']);
  // far more output than is looked at: the cut-off line is skipped, the newest ones are kept
  appendFileSync(path, 'y'.repeat(100_000) + '\nlast\n');
  const c = newLines(path, 0);
  assert.deepEqual(c.lines, ['last']);
  assert.equal(c.offset, statSync(path).size);
  assert.deepEqual(newLines(join(dir, 'missing.log'), 3), { lines: [], offset: 3 });
});
