// One run's process against real processes: output of any size or shape goes to its log without
// passing through opp-campaign; the run ends when its main process does, and takes whatever it
// left in its process group with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newLines, startProcess } from '../../src/adapters/process-run.js';
import { ProcessLauncher, launcherPythons } from '../../src/adapters/process-launcher.js';
import { gone } from '../helpers/processes.js';
import { REPO } from '../helpers/project.js';
import { spawnSync } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'opp-process-run-'));
let n = 0;
const helper = await ProcessLauncher.start(8);
if (!helper) console.log('# python3 helper not available: its variants are skipped');

// every behaviour holds whether Node or the python3 helper starts the process
for (const [via, launcher] of [
  ['node', undefined],
  ['python3 helper', helper],
] as const) {
  const skip = via !== 'node' && !launcher;

  const sh = async (script: string, onLine?: (l: string) => void, lineIntervalMs?: number) => {
    const logFile = join(dir, `run-${++n}.log`);
    const handle = await startProcess(
      {
        command: 'sh',
        args: ['-c', script],
        cwd: dir,
        env: process.env,
        logFile,
        ...(lineIntervalMs !== undefined ? { lineIntervalMs } : {}),
      },
      onLine,
      launcher,
    );
    return { handle, logFile };
  };

  test(
    `${via}: 64 MiB of output without a newline: all in the log, no memory spent on it here`,
    { skip },
    async () => {
      const size = 64 * 1024 * 1024;
      const before = process.resourceUsage().maxRSS;
      const seen: string[] = [];
      const signal = join(dir, `seen-status-${n + 1}`);
      const { handle, logFile } = await sh(
        `head -c ${size} /dev/zero | tr '\\0' x; printf '\\nstatus line\\n'; ` +
          // wait until the status line was seen: no race between the look at the log and the exit
          `while [ ! -e ${signal} ]; do sleep 0.02; done`,
        (line) => {
          seen.push(line.slice(0, 20));
          if (line === 'status line') writeFileSync(signal, '');
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
    },
  );

  test(
    `${via}: a background child left by a run that exited 0 is killed with the run`,
    { skip },
    async () => {
      const pidFile = join(dir, `bg-${n + 1}.pid`);
      const { handle } = await sh(`sleep 600 >/dev/null 2>&1 & echo $! > ${pidFile}; exit 0`);
      const outcome = await handle.done;
      assert.equal(outcome.exitCode, 0);
      const bg = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(bg > 0);
      assert.ok(await gone(bg), `background child ${bg} outlived its run`);
    },
  );

  test(`${via}: a child that holds the output open does not hold the run`, { skip }, async () => {
    const pidFile = join(dir, `holder-${n + 1}.pid`);
    const { handle, logFile } = await sh(
      `(sleep 30; echo late) & echo $! > ${pidFile}; echo main done`,
    );
    const outcome = await handle.done;
    assert.equal(outcome.exitCode, 0);
    const holder = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await gone(holder), `output holder ${holder} outlived its run`);
    assert.equal(
      readFileSync(logFile, 'utf8'),
      'main done\n',
      'the run ended with its main process',
    );
  });

  test(`${via}: exit status, signal, peak memory, a missing program`, { skip }, async () => {
    const exit3 = await (await sh('exit 3')).handle.done;
    assert.deepEqual([exit3.status, exit3.exitCode, exit3.signal], ['exited', 3, null]);
    const killed = await (await sh('kill -SEGV $$')).handle.done;
    assert.deepEqual(
      [killed.status, killed.exitCode, killed.signal],
      ['signaled', null, 'SIGSEGV'],
    );
    // a process that touches 50 MiB: its peak is measured (by GNU time or wait4), not guessed
    const big = await (
      await sh(
        `head -c ${50 * 1024 * 1024} /dev/zero | python3 -c 'import sys; d = sys.stdin.buffer.read(); print(len(d))'`,
      )
    ).handle.done;
    assert.equal(big.exitCode, 0);
    if (big.peakKiB !== undefined) assert.ok(big.peakKiB > 50 * 1024, String(big.peakKiB));
    else assert.equal(via, 'node', 'the helper always measures peak memory');
    const missing = await startProcess(
      {
        command: './no-such-program',
        args: [],
        cwd: dir,
        env: process.env,
        logFile: join(dir, 'missing.log'),
      },
      undefined,
      launcher,
    );
    const m = await missing.done;
    assert.equal(m.status, 'spawn-error');
    assert.match(m.error ?? '', /No such file or directory|ENOENT/);
  });

  test(`${via}: each run gets exactly its environment`, { skip }, async () => {
    const envOf = async (env: Record<string, string>): Promise<Map<string, string>> => {
      const logFile = join(dir, `env-${++n}.log`);
      const h = await startProcess(
        { command: 'env', args: [], cwd: dir, env, logFile },
        undefined,
        launcher,
      );
      assert.equal((await h.done).exitCode, 0);
      const lines = readFileSync(logFile, 'utf8').trim().split('\n');
      return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    };
    const base: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    for (let i = 0; i < 30; i++) base[`SHARED_${i}`] = `value ${i}`;
    const first = await envOf({ ...base, RUN_KEY: 'a', ONLY_FIRST: 'x' });
    const second = await envOf({ ...base, RUN_KEY: 'b', 'ODD NAME': 'ü "quoted"\ttab' });
    assert.equal(first.get('RUN_KEY'), 'a');
    assert.equal(first.get('ONLY_FIRST'), 'x');
    assert.equal(second.get('RUN_KEY'), 'b');
    assert.equal(second.has('ONLY_FIRST'), false);
    assert.equal(second.get('ODD NAME'), 'ü "quoted"\ttab');
    assert.equal(second.get('SHARED_29'), 'value 29');
    assert.equal(second.size, 33);
    const third = await envOf({ PATH: base['PATH'] ?? '', ALONE: '1' });
    assert.deepEqual([...third.keys()].sort(), ['ALONE', 'PATH']);
  });

  test(`${via}: many instant runs at once: every one reports its own exit`, { skip }, async () => {
    const count = via === 'node' ? 100 : 1000;
    let next = 0;
    const codes: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (next < count) {
          const i = next++;
          const h = await startProcess(
            {
              command: 'sh',
              args: ['-c', `exit ${i % 7}`],
              cwd: dir,
              env: {},
              logFile: '/dev/null',
            },
            undefined,
            launcher,
          );
          codes[i] = (await h.done).exitCode ?? -1;
        }
      }),
    );
    assert.deepEqual(
      codes,
      Array.from({ length: count }, (_, i) => i % 7),
    );
  });

  test(`${via}: a timeout stops the whole group`, { skip }, async () => {
    const pidFile = join(dir, `timeout-${n + 1}.pid`);
    const logFile = join(dir, `timeout-${n + 1}.log`);
    const handle = await startProcess(
      {
        command: 'sh',
        args: ['-c', `sleep 600 & echo $! > ${pidFile}; wait`],
        cwd: dir,
        env: process.env,
        logFile,
        timeoutMs: 300,
        killGraceMs: 200,
      },
      undefined,
      launcher,
    );
    const outcome = await handle.done;
    assert.equal(outcome.status, 'timeout');
    assert.ok(await gone(Number(readFileSync(pidFile, 'utf8'))));
  });
}

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
  assert.deepEqual(newLines(join(dir, 'absent.log'), 3), { lines: [], offset: 3 });
});

test(
  'an idle helper does not keep opp-campaign alive; a closed one ends',
  { skip: !helper },
  async () => {
    const script =
      "const { ProcessLauncher } = await import('./src/adapters/process-launcher.ts');" +
      "const l = await ProcessLauncher.start(1); console.log(l ? 'started' : 'none');";
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(r.signal, null, 'it did not end by itself');
    assert.equal(r.stdout.trim(), 'started', r.stderr);
    await helper?.close();
  },
);

test(
  'the helper runs at most its slots at once, starts the next as one ends, drops its queue on cancel',
  {
    skip: !helper,
  },
  async () => {
    const one = (await ProcessLauncher.start(1))!;
    const launch = (script: string) =>
      startProcess(
        { command: 'sh', args: ['-c', script], cwd: dir, env: process.env, logFile: '/dev/null' },
        undefined,
        one,
      );
    // b may only start once a has ended: it fails unless a's mark is there
    const mark = join(dir, 'a-ended');
    const a = launch(`sleep 0.2; touch ${mark}`);
    const b = launch(`test -e ${mark}`);
    assert.equal((await (await a).done).exitCode, 0);
    assert.equal((await (await b).done).exitCode, 0, 'b ran while a was running');

    const long = await startProcess(
      { command: 'sleep', args: ['30'], cwd: dir, env: process.env, logFile: '/dev/null' },
      undefined,
      one,
    );
    // a queued run's log is made while it waits; dropped, it leaves none of its own, and the log
    // of an earlier attempt stays as it was
    const fresh = join(dir, 'queued-fresh.log');
    const earlier = join(dir, 'queued-earlier.log');
    writeFileSync(earlier, 'the last attempt\n');
    const queued = [fresh, earlier].map((logFile) =>
      startProcess(
        { command: 'true', args: [], cwd: dir, env: process.env, logFile },
        undefined,
        one,
      ),
    );
    one.cancelQueued();
    for (const q of queued) {
      const o = await (await q).done;
      assert.equal(o.status, 'interrupted');
    }
    assert.equal(existsSync(fresh), false, 'a dropped run left a log');
    assert.equal(readFileSync(earlier, 'utf8'), 'the last attempt\n');
    long.stop();
    assert.equal((await long.done).status, 'interrupted');
    await one.close();
  },
);

test(
  'a run done again starts with an empty log, whether it waited in the queue or not',
  { skip: !helper },
  async () => {
    const one = (await ProcessLauncher.start(1))!;
    const run = (logFile: string, script: string) =>
      startProcess(
        { command: 'sh', args: ['-c', script], cwd: dir, env: process.env, logFile },
        undefined,
        one,
      );
    const logs = [join(dir, 'again-1.log'), join(dir, 'again-2.log')];
    for (const l of logs) writeFileSync(l, 'a longer log of an earlier attempt\n'.repeat(100));
    // the second waits in the queue while the first runs
    const first = run(logs[0]!, 'sleep 0.2; echo first');
    const second = run(logs[1]!, 'echo second >&2');
    assert.equal((await (await first).done).exitCode, 0);
    assert.equal((await (await second).done).exitCode, 0);
    assert.equal(readFileSync(logs[0]!, 'utf8'), 'first\n');
    assert.equal(readFileSync(logs[1]!, 'utf8'), 'second\n');
    await one.close();
  },
);

test('the helper runs on the system python3 before a PATH shim; OPP_CAMPAIGN_PYTHON wins', () => {
  assert.deepEqual(launcherPythons({ OPP_CAMPAIGN_PYTHON: '/opt/py/bin/python3' }), [
    '/opt/py/bin/python3',
  ]);
  const order = launcherPythons({});
  assert.equal(order[order.length - 1], 'python3', 'python3 on PATH is the last resort');
  if (process.platform === 'linux' && existsSync('/usr/bin/python3'))
    assert.deepEqual(order, ['/usr/bin/python3', 'python3']);
});

test(
  'an interpreter that does not start is skipped for the next one',
  { skip: !helper },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-launcher-'));
    const broken = join(dir, 'python3');
    writeFileSync(broken, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    assert.equal(await ProcessLauncher.start(1, [join(dir, 'absent')]), undefined);
    const l = await ProcessLauncher.start(1, [join(dir, 'absent'), broken, 'python3']);
    assert.ok(l, 'the third interpreter runs the helper');
    await l.close();
  },
);

test(
  'close settles once the helper has exited (reaped), not when it was told to end',
  { skip: !helper },
  async () => {
    const l = (await ProcessLauncher.start(1))!;
    const logFile = join(dir, 'closing.log');
    const h = await startProcess(
      { command: 'sh', args: ['-c', 'exit 0'], cwd: dir, env: process.env, logFile },
      undefined,
      l,
    );
    assert.equal((await h.done).exitCode, 0);
    const pid = l.pid!;
    await l.close(30_000);
    // reaped: no such process any more (a zombie would still answer)
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    // and it says so at once
    const after = await l.launch({ command: 'true', args: [], cwd: dir, env: {}, logFile });
    assert.ok('error' in after && /launcher died/.test(after.error), JSON.stringify(after));
    await l.close(); // again: settles at once
  },
);

test(
  'with the helper, a run lasts what the helper measured, however busy opp-campaign is',
  { skip: !helper },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-wall-'));
    const launcher = (await ProcessLauncher.start(4))!;
    const handles = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        startProcess(
          {
            command: 'sleep',
            args: ['0.1'],
            cwd: dir,
            env: process.env,
            logFile: join(dir, `${i}.log`),
          },
          undefined,
          launcher,
        ),
      ),
    );
    // the event loop is busy while the runs go and end: their pid and exit lines are read late,
    // together
    const until = performance.now() + 400;
    while (performance.now() < until);
    for (const h of handles) {
      const o = await h.done;
      assert.equal(o.exitCode, 0);
      // sleep 0.1 cannot end sooner; read by Node alone, both lines came together: ~1 ms
      assert.ok(o.wallMs >= 90, `wallMs ${o.wallMs}`);
    }
    await launcher.close();
  },
);

test(
  'on a Python without os.posix_spawn the helper starts runs with subprocess (imported then)',
  { skip: !helper || !existsSync('/usr/bin/python3') },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-nospawn-'));
    // runs the helper as the launcher gives it (-I -S -c HELPER SLOTS), posix_spawn taken away
    const python = join(dir, 'python3');
    writeFileSync(
      python,
      "#!/bin/sh\nexec /usr/bin/python3 -I -S -c 'import os, sys; del os.posix_spawn; " +
        'code = sys.argv[1]; sys.argv = ["-c"] + sys.argv[2:]; ' +
        'exec(compile(code, "<helper>", "exec"), {"__name__": "__main__"})\' "$4" "$5"\n',
      { mode: 0o755 },
    );
    const l = await ProcessLauncher.start(1, [python]);
    assert.ok(l, 'the helper started');
    try {
      const logFile = join(dir, 'run.log');
      const handle = await startProcess(
        { command: 'sh', args: ['-c', 'pwd; exit 4'], cwd: dir, env: process.env, logFile },
        undefined,
        l,
      );
      const outcome = await handle.done;
      assert.equal(outcome.exitCode, 4);
      assert.equal(readFileSync(logFile, 'utf8'), `${dir}\n`);
    } finally {
      await l.close();
    }
  },
);

test(
  "the helper has the runs' environment: no credential of opp-campaign's is in its /proc/PID/environ, which a run can read as its parent's",
  { skip: !helper || !existsSync('/proc/self/environ') },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-launcher-env-'));
    const secret = 'ghs_launcherEnvSecret0001';
    process.env['OPP_TEST_GITHUB_TOKEN'] = secret;
    process.env['OPP_TEST_PLAIN'] = 'kept';
    let l: ProcessLauncher | undefined;
    try {
      l = await ProcessLauncher.start(1);
    } finally {
      delete process.env['OPP_TEST_GITHUB_TOKEN'];
      delete process.env['OPP_TEST_PLAIN'];
    }
    assert.ok(l, 'the helper started');
    try {
      const logFile = join(dir, 'run.log');
      const h = await startProcess(
        {
          command: 'sh',
          args: ['-c', 'tr "\\0" "\\n" < /proc/$PPID/environ'],
          cwd: dir,
          env: { PATH: process.env['PATH'] },
          logFile,
        },
        undefined,
        l,
      );
      assert.equal((await h.done).exitCode, 0);
      const parent = readFileSync(logFile, 'utf8');
      assert.match(parent, /^OPP_TEST_PLAIN=kept$/m, "the helper is the run's parent");
      assert.ok(!parent.includes(secret), parent);
      assert.doesNotMatch(parent, /OPP_TEST_GITHUB_TOKEN/);
    } finally {
      await l.close();
    }
  },
);
