// Who caused a run's failure when it and its sidecar both end: the one that ended first. A
// helper that exits once its run is gone (as SUMO does when its TraCI peer goes away) does not
// turn the run's timeout or crash into `sidecar-failed`; a helper that dies while the run goes on
// still does, also when the model then reports the lost connection (`<!> Error`). A model that
// stops on its own error and exits before its helper does keeps its verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { countReads } from '../helpers/file-reads.js';
import { journalRuns } from '../helpers/project.js';

test('a run that times out or crashes keeps its own verdict when its sidecar exits after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-sidecar-verdict-'));
  try {
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\n[Config Hang]\n[Config Crash]\n[Config Dies]\n',
    );
    // the run: its pid for the helper, then it hangs, crashes, or waits for its helper to die
    writeFileSync(
      join(dir, 'run.sh'),
      'echo $$ > "pid-$1"\ncase $1 in\n  Hang) exec sleep 30 ;;\n  Crash) sleep 0.2; kill -SEGV $$ ;;\n  Dies) exec sleep 30 ;;\nesac\n',
    );
    // the helper: exits with status 1 once its run is gone (or, for Dies, on its own)
    writeFileSync(
      join(dir, 'peer.sh'),
      [
        'echo ready',
        'case $1 in Dies) sleep 0.3; exit 3 ;; esac',
        'while [ ! -s "pid-$1" ]; do sleep 0.02; done',
        'p=$(cat "pid-$1")',
        'while kill -0 "$p" 2>/dev/null; do sleep 0.02; done',
        'sleep 0.05',
        'exit 1',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      `configs: [Hang, Crash, Dies]
build: { preset: command, command: "true" }
run: { preset: command, command: "sh run.sh {config}" }
results: { files: [] }
timeout: 1s
retries: 0
sidecars:
  - name: peer
    command: "sh peer.sh {config}"
    ports: []
    ready: { line: ready }
`,
    );
    mkdirSync(join(dir, 'cache'));
    const r = await runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const byConfig = Object.fromEntries(journalRuns(dir).map((x) => [x.config, x]));
    assert.equal(byConfig['Hang']?.status, 'timeout', JSON.stringify(byConfig['Hang']));
    assert.match(byConfig['Hang']?.message ?? '', /time limit of 1 ?s/);
    assert.equal(byConfig['Crash']?.status, 'crashed', JSON.stringify(byConfig['Crash']));
    assert.match(byConfig['Crash']?.message ?? '', /SIGSEGV/);
    // the helper's exit, when seen in time, is told as what followed
    for (const c of ['Hang', 'Crash']) {
      const message = byConfig[c]?.message ?? '';
      assert.doesNotMatch(message, /died during the run/, message);
      if (message.includes("sidecar 'peer'"))
        assert.match(
          message,
          /sidecar 'peer' exited after the run had ended \(exit status 1\), a consequence/,
        );
    }
    // a helper that dies while its run goes on is still the cause
    assert.equal(byConfig['Dies']?.status, 'sidecar-failed', JSON.stringify(byConfig['Dies']));
    assert.match(
      byConfig['Dies']?.message ?? '',
      /sidecar 'peer' died during the run \(exit status 3\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a run that fails on the model's error keeps it when its sidecar exits after the run", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-sidecar-error-'));
  try {
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\n[Config ErrExits]\n[Config ErrWaits]\n[Config Lost]\n[Config Killed]\n[Config Quits]\n[Config Slow]\n',
    );
    // the model: prints its error and exits (ErrExits), or prints it and exits once its helper
    // has gone (ErrWaits: the helper's exit is seen before the run's); or, for Lost, fails on
    // its helper's death (as Veins does when SUMO dies: "connection to TraCI server lost"); or,
    // for Killed and Quits, reports the lost connection at once (its log has the error before
    // the helper's exit is seen)
    const error = (what: string): string =>
      `echo "<!> Error: ${what} -- in module (Foo) Net.foo, at t=1s, event #3" >&2`;
    writeFileSync(
      join(dir, 'run.sh'),
      [
        'echo $$ > "pid-$1"',
        'gone() { while [ ! -s "peer-$1" ]; do sleep 0.02; done; q=$(cat "peer-$1"); while kill -0 "$q" 2>/dev/null; do sleep 0.02; done; }',
        'case $1 in',
        `  ErrExits) ${error('Division by zero')}; exit 1 ;;`,
        `  ErrWaits) ${error('Division by zero')}; touch "erred-$1"; gone "$1"; sleep 0.3; exit 1 ;;`,
        `  Lost) gone "$1"; sleep 0.3; ${error('Connection to TraCI server lost')}; exit 1 ;;`,
        // (at once: the helper's end of the FIFO closes before its exit can be seen)
        `  Killed|Quits|Slow) read x < "fifo-$1"; ${error('Connection to TraCI server lost')}; exit 1 ;;`,
        'esac',
        '',
      ].join('\n'),
    );
    // the helper: exits with status 1 once the model has failed (its peer gone), or with 3 on
    // its own (Lost; Quits and Slow, as SUMO exiting 1 on an error of its own), or is killed
    // (Killed: a crash)
    writeFileSync(
      join(dir, 'peer.sh'),
      [
        'echo $$ > "peer-$1"',
        'case $1 in Killed|Quits|Slow) rm -f "fifo-$1"; mkfifo "fifo-$1" ;; esac',
        'echo ready',
        'case $1 in Killed) exec 3> "fifo-$1"; sleep 0.2; kill -KILL $$ ;; esac',
        'case $1 in Quits) exec 3> "fifo-$1"; sleep 0.2; exit 1 ;; esac',
        // (a helper whose exit takes a while, as Python's: its exit is seen after the model's)
        `case $1 in Slow) exec python3 -c 'import os, time; b = b"x" * (64 << 20); f = open("fifo-Slow", "w"); time.sleep(0.2); os._exit(1)' ;; esac`,
        'while [ ! -s "pid-$1" ]; do sleep 0.02; done',
        'p=$(cat "pid-$1")',
        'case $1 in',
        '  ErrExits) while kill -0 "$p" 2>/dev/null; do sleep 0.02; done; sleep 0.05 ;;',
        '  ErrWaits) while [ ! -e "erred-$1" ]; do sleep 0.02; done ;;',
        '  Lost) sleep 0.2; exit 3 ;;',
        'esac',
        'exit 1',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      `configs: [ErrExits, ErrWaits, Lost, Killed, Quits, Slow]
build: { preset: command, command: "true" }
run: { preset: command, command: "sh run.sh {config}" }
results: { files: [] }
timeout: 20s
retries: 1
sidecars:
  - name: peer
    command: "sh peer.sh {config}"
    ports: []
    ready: { line: ready }
`,
    );
    mkdirSync(join(dir, 'cache'));
    const { result: r, reads } = await countReads('/logs/ErrExits-0.log', () =>
      runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]),
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const records = journalRuns(dir);
    const of = (c: string): typeof records => records.filter((x) => x.config === c);
    // the model erred and exited before its helper: `failed` with its words, not retried
    // (before dc1c651: `sidecar-failed: sidecar 'peer' died during the run (exit status 1)`)
    const [record, ...more] = of('ErrExits');
    assert.equal(record?.status, 'failed', JSON.stringify(record));
    assert.equal(more.length, 0, JSON.stringify(more));
    const message = record?.message ?? '';
    assert.match(message, /^exit status 1: Division by zero -- in module \(Foo\) Net\.foo/);
    assert.doesNotMatch(message, /died during the run/, message);
    // when seen in time, the helper's exit is said as what followed; the run's log read once
    // for the model's words, for the sidecar's verdict and the run's (before: twice)
    if (message.includes("sidecar 'peer'"))
      assert.match(
        message,
        /; sidecar 'peer' exited after the model's error \(exit status 1\), a consequence, not the cause; its log: logs\//,
      );
    assert.equal(reads, 1);
    // a helper whose exit was seen before the run's is the cause, and retried, even when the
    // model had printed an error (ErrWaits), or printed the lost connection at once (Quits:
    // `failed: exit status 1: Connection to TraCI server lost` before this fix); so is one that
    // was exiting when the run was reaped (Slow: `failed` when judged by the exits seen). The
    // model's error is said too. Lost's model was stopped before it said anything.
    for (const [c, how, said] of [
      ['ErrWaits', 'exit status 1', 'Division by zero'],
      ['Lost', 'exit status 3', undefined],
      ['Killed', 'killed by SIGKILL', 'Connection to TraCI server lost'],
      ['Quits', 'exit status 1', 'Connection to TraCI server lost'],
      ['Slow', 'exit status 1', 'Connection to TraCI server lost'],
    ] as const) {
      const records = of(c);
      assert.equal(records.length, 2, JSON.stringify(records));
      for (const record of records) {
        assert.equal(record.status, 'sidecar-failed', JSON.stringify(record));
        const message = record.message ?? '';
        assert.ok(
          message.startsWith(`sidecar 'peer' died during the run (${how}); its log: logs/`),
          message,
        );
        if (said !== undefined)
          assert.ok(message.includes(`; the model then reported: ${said} -- in module`), message);
        else assert.doesNotMatch(message, /the model then reported/, message);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run whose sidecar is never ready took the time spent waiting for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-sidecar-late-'));
  try {
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      `run: { preset: command, command: "true" }
results: { files: [] }
retries: 0
sidecars:
  - name: late
    command: sleep 30
    ports: []
    ready: { line: never }
    ready-timeout: 1s
`,
    );
    mkdirSync(join(dir, 'cache'));
    const r = await runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const [record] = journalRuns(dir);
    assert.equal(record?.status, 'sidecar-failed');
    // at least the ready-timeout (before: 0, shown as "sidecar-failed in 0.00s")
    assert.ok((record?.wallMs ?? 0) >= 1000, JSON.stringify(record));
    assert.match(r.stdout + r.stderr, /General #0 sidecar-failed in [1-9]\d*\.\d\ds/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
