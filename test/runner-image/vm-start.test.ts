// runner-image/vm/opp-runner-start.sh, run by bash as systemd would run it (again after every
// exit, as Restart=always does), with stand-ins for docker, systemctl and sleep written into a
// temporary folder. The stand-ins record what they were asked (the credential as a hash only).
// What must hold: a just-in-time configuration is handed to one runner only, and a VM whose
// runner cannot start powers off instead of restarting for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
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

const START = new URL('../../runner-image/vm/opp-runner-start.sh', import.meta.url).pathname;
const JIT_A = 'eyJqaXQiOiJBIn0TESTJITCONFIGAAAA';
const JIT_B = 'eyJqaXQiOiJCIn0TESTJITCONFIGBBBB';
const TOKEN = 'AABBTESTREGISTRATIONTOKEN0123';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

// docker: `run` reads the credential from stdin and exits with the next of $STUB_RUN_EXITS
// (default 0); `pull` exits with $STUB_PULL_EXIT. sleep: records its argument, then runs
// $STUB_ON_SLEEP with the number of sleeps so far in $STUB_SLEEPS and the sleeping script's pid
// in $STUB_CALLER (a test puts a new credential in place, or stops the service).
const STUBS: Record<string, string> = {
  docker: `#!/usr/bin/env bash
echo "$*" >>"$REC/docker"
case $1 in
  pull) exit "\${STUB_PULL_EXIT:-0}" ;;
  run)
    n=$(($(cat "$REC/runs" 2>/dev/null || echo 0) + 1))
    echo "$n" >"$REC/runs"
    IFS= read -r credential
    printf '%s' "$credential" | sha256sum | cut -d ' ' -f 1 >>"$REC/run.credentials"
    read -ra exits <<<"\${STUB_RUN_EXITS:-0}"
    exit "\${exits[n - 1]:-0}"
    ;;
esac
`,
  systemctl: `#!/usr/bin/env bash
echo "$*" >>"$REC/systemctl"
`,
  sleep: `#!/usr/bin/env bash
echo "$1" >>"$REC/sleeps"
if [[ -n \${STUB_ON_SLEEP:-} ]]; then
  STUB_SLEEPS=$(wc -l <"$REC/sleeps") STUB_CALLER=$PPID bash -c "$STUB_ON_SLEEP"
fi
`,
};

interface Vm {
  root: string;
  rec: string;
  runDir: string;
  stateDir: string;
  /** The secret store a credential command reads (a file; absent: the command fails). */
  secret: string;
  env: Record<string, string>;
}

function vm(env: Record<string, string> = {}): Vm {
  const root = mkdtempSync(join(tmpdir(), 'opp-vm-start-'));
  const [bin, rec, runDir, stateDir] = ['bin', 'rec', 'run', 'state'].map((d) => join(root, d));
  for (const d of [bin!, rec!]) mkdirSync(d);
  for (const [name, text] of Object.entries(STUBS)) {
    writeFileSync(join(bin!, name), text);
    chmodSync(join(bin!, name), 0o755);
  }
  const secret = join(root, 'secret');
  return {
    root,
    rec: rec!,
    runDir: runDir!,
    stateDir: stateDir!,
    secret,
    env: {
      PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      HOME: root,
      REC: rec!,
      OPP_RUNNER_IMAGE: 'ghcr.io/owner/opp-runner:6.1.0',
      OPP_RUNNER_RUN_DIR: runDir!,
      OPP_RUNNER_STATE_DIR: stateDir!,
      ...env,
    },
  };
}

/** The credential command of the secret-store path: prints the secret, fails while there is none. */
const fromSecretStore = (box: Vm): Record<string, string> => ({
  OPP_RUNNER_CREDENTIAL_COMMAND: `cat ${box.secret}`,
});

interface Boot {
  codes: (number | null)[];
  err: string;
}

/** Starts the service up to `starts` times, as systemd does, or until it powered the VM off. */
function boot(box: Vm, starts: number): Boot {
  const codes: (number | null)[] = [];
  let err = '';
  for (let i = 0; i < starts && !poweredOff(box); i++) {
    const r = spawnSync('bash', [START], { env: box.env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.error, undefined, `start ${i + 1}: ${String(r.error)}`);
    codes.push(r.status);
    err += r.stderr;
  }
  return { codes, err };
}

const recorded = (box: Vm, name: string): string[] =>
  existsSync(join(box.rec, name))
    ? readFileSync(join(box.rec, name), 'utf8').split('\n').filter(Boolean)
    : [];
const poweredOff = (box: Vm): boolean => recorded(box, 'systemctl').includes('poweroff');
const runs = (box: Vm): string[] => recorded(box, 'run.credentials');

/** No credential in a file (the state folder holds a hash) or in the log. */
function assertNowhere(box: Vm, err: string, ...secrets: string[]): void {
  for (const entry of readdirSync(box.root, { recursive: true })) {
    const path = join(box.root, String(entry));
    if (path === box.secret || !statSync(path).isFile()) continue;
    const text = readFileSync(path, 'utf8');
    for (const s of secrets) assert.ok(!text.includes(s), `a credential was written to ${path}`);
  }
  for (const s of secrets) assert.ok(!err.includes(s), 'a credential was logged');
}

test('secret store, poweroff: the same JIT config after a failed runner powers off, no restart loop', () => {
  const box = vm({ STUB_RUN_EXITS: '1 1 1 1 1' });
  writeFileSync(box.secret, `${JIT_A}\n`);
  box.env = { ...box.env, ...fromSecretStore(box) };
  const r = boot(box, 6);
  assert.deepEqual(runs(box), [sha(JIT_A)], 'the used configuration went to a second runner');
  assert.ok(poweredOff(box), `the VM kept restarting: exits ${r.codes.join(' ')}`);
  assert.equal(r.codes.length, 2);
  assert.match(r.err, /the just-in-time configuration is the one this VM used already: powering/);
  assert.equal(
    readFileSync(join(box.stateDir, 'used-jitconfig.sha256'), 'utf8').trim(),
    sha(JIT_A),
  );
  assertNowhere(box, r.err, JIT_A);
});

test('secret store, poweroff: a job that ends well powers the VM off at once', () => {
  const box = vm();
  writeFileSync(box.secret, `${JIT_A}\n`);
  box.env = { ...box.env, ...fromSecretStore(box) };
  const r = boot(box, 3);
  assert.deepEqual(runs(box), [sha(JIT_A)]);
  assert.deepEqual(r.codes, [0]);
  assert.ok(poweredOff(box));
  assert.match(r.err, /the job is done: powering the VM off/);
});

test('secret store, restart: asks again, less and less often, until the JIT config is a new one', () => {
  const box = vm({ OPP_RUNNER_AFTER_JOB: 'restart' });
  box.env = { ...box.env, ...fromSecretStore(box) };
  // The VM boots before the secret is stored: the command fails and the VM waits (no failed
  // start). The first configuration arrives during the second pause, the next one during the
  // seventh, while the VM asks again after its first job.
  box.env['STUB_ON_SLEEP'] =
    `case $STUB_SLEEPS in 2) echo ${JIT_A} >${box.secret} ;; 7) echo ${JIT_B} >${box.secret} ;; esac`;
  const r = boot(box, 2);
  assert.deepEqual(r.codes, [0, 0]);
  assert.deepEqual(recorded(box, 'sleeps'), ['10', '20', '10', '20', '40', '80', '160']);
  assert.deepEqual(runs(box), [sha(JIT_A), sha(JIT_B)], 'each configuration went to one runner');
  assert.equal(poweredOff(box), false);
  assert.match(r.err, /used already: waiting for a new one/);
  assert.equal(r.err.match(/waiting for/g)?.length, 2, 'said once per wait, not per try');
  assertNowhere(box, r.err, JIT_A, JIT_B);
});

test('restart: pauses between tries grow to 5 minutes, no further', () => {
  const box = vm({ OPP_RUNNER_AFTER_JOB: 'restart' });
  box.env = { ...box.env, ...fromSecretStore(box) };
  box.env['STUB_ON_SLEEP'] = `[[ $STUB_SLEEPS == 8 ]] && echo ${JIT_B} >${box.secret} || true`;
  // the VM used the stored configuration before it restarted
  writeFileSync(box.secret, `${JIT_A}\n`);
  mkdirSync(box.stateDir);
  writeFileSync(join(box.stateDir, 'used-jitconfig.sha256'), `${sha(JIT_A)}\n`);
  const r = boot(box, 1);
  assert.deepEqual(recorded(box, 'sleeps'), ['10', '20', '40', '80', '160', '300', '300', '300']);
  assert.deepEqual(runs(box), [sha(JIT_B)], r.err);
});

test('failed starts: the VM powers off after OPP_RUNNER_MAX_FAILED_STARTS in a row', () => {
  // a fresh configuration every time: the runner itself fails (or the image cannot be pulled)
  const fresh = (box: Vm): Record<string, string> => ({
    OPP_RUNNER_CREDENTIAL_COMMAND: `n=$(cat ${box.root}/n 2>/dev/null || echo 0); echo $((n + 1)) >${box.root}/n; echo JIT$n`,
  });
  const box = vm({ OPP_RUNNER_AFTER_JOB: 'restart', STUB_RUN_EXITS: '1 0 1 1 1 1 1' });
  box.env = { ...box.env, ...fresh(box) };
  const r = boot(box, 10);
  // a success between failures starts the count again
  assert.deepEqual(r.codes, [1, 0, 1, 1, 1, 0]);
  assert.equal(runs(box).length, 5);
  assert.ok(poweredOff(box));
  assert.match(r.err, /the runner failed \(exit 1\): failed start 3 of 3/);
  assert.match(r.err, /3 failed starts in a row \(OPP_RUNNER_MAX_FAILED_STARTS=3\): powering/);

  const noImage = vm({ STUB_PULL_EXIT: '1', OPP_RUNNER_MAX_FAILED_STARTS: '2' });
  noImage.env = { ...noImage.env, ...fresh(noImage) };
  const p = boot(noImage, 10);
  assert.deepEqual(p.codes, [1, 1, 0]);
  assert.deepEqual(runs(noImage), []);
  assert.ok(poweredOff(noImage), 'a VM that cannot pull its image restarted for ever');
});

test('a stop while waiting for a credential (systemctl restart after editing runner.env) is no failed start', () => {
  const box = vm();
  box.env = { ...box.env, ...fromSecretStore(box) };
  // four starts stopped by SIGTERM (what systemd sends) in their first pause; the
  // configuration arrives during the fifth start's
  box.env['STUB_ON_SLEEP'] =
    `case $STUB_SLEEPS in [1-4]) kill -TERM $STUB_CALLER ;; 5) echo ${JIT_A} >${box.secret} ;; esac`;
  const r = boot(box, 5);
  assert.deepEqual(r.codes, [null, null, null, null, 0], r.err);
  assert.deepEqual(runs(box), [sha(JIT_A)], 'the runner never started');
  assert.doesNotMatch(r.err, /failed starts in a row/);
  assert.match(r.err, /the job is done: powering the VM off/);

  // failed starts before the waits still count: two failed runners, a stopped wait, a third
  const failing = vm({ OPP_RUNNER_AFTER_JOB: 'restart', STUB_RUN_EXITS: '1 1 1' });
  failing.env = {
    ...failing.env,
    OPP_RUNNER_CREDENTIAL_COMMAND: `n=$(cat ${failing.root}/n 2>/dev/null || echo 0); echo $((n + 1)) >${failing.root}/n; [[ $n != 2 ]] && echo JIT$n`,
    STUB_ON_SLEEP: 'kill -TERM $STUB_CALLER',
  };
  const f = boot(failing, 6);
  assert.deepEqual(f.codes, [1, 1, null, 1, 0], f.err);
  assert.equal(runs(failing).length, 3);
  assert.match(f.err, /the runner failed \(exit 1\): failed start 3 of 3/);
  assert.ok(poweredOff(failing));
});

test('file path: each copy is read once and removed; a used JIT config copied again is skipped', () => {
  const box = vm({ OPP_RUNNER_AFTER_JOB: 'restart' });
  const file = join(box.runDir, 'jitconfig');
  box.env['STUB_ON_SLEEP'] = `[[ $STUB_SLEEPS == 2 ]] && echo ${JIT_B} >${file} || true`;
  mkdirSync(box.runDir);
  writeFileSync(file, `${JIT_A}\n`);
  const first = boot(box, 1);
  assert.deepEqual(runs(box), [sha(JIT_A)], first.err);
  assert.equal(existsSync(file), false, 'the file was not removed');
  writeFileSync(file, `${JIT_A}\n`);
  const second = boot(box, 1);
  assert.deepEqual(runs(box), [sha(JIT_A), sha(JIT_B)]);
  assert.deepEqual(recorded(box, 'sleeps'), ['5', '5'], 'a local file is looked for every 5 s');
  assert.equal(existsSync(file), false);
  assert.equal(poweredOff(box), false);
  assert.match(second.err, /used already: waiting for a new one/);
  assertNowhere(box, first.err + second.err, JIT_A, JIT_B);
});

test('registration token: the same one may serve several runners (it is valid for an hour)', () => {
  const box = vm({
    OPP_RUNNER_AFTER_JOB: 'restart',
    OPP_RUNNER_CREDENTIAL_KIND: 'token',
    OPP_RUNNER_URL: 'https://github.com/octo-org/octo-repo',
  });
  writeFileSync(box.secret, `${TOKEN}\n`);
  box.env = { ...box.env, ...fromSecretStore(box) };
  const r = boot(box, 2);
  assert.deepEqual(r.codes, [0, 0]);
  assert.deepEqual(runs(box), [sha(TOKEN), sha(TOKEN)]);
  assert.deepEqual(recorded(box, 'sleeps'), []);
  const run = recorded(box, 'docker').find((c) => c.startsWith('run ')) ?? '';
  assert.match(run, /--env OPP_RUNNER_TOKEN_FILE=- --env OPP_RUNNER_URL=https:\/\/github\.com\//);
  assertNowhere(box, r.err, TOKEN);
});

test('settings: a wrong one is refused, and counts as a failed start (no endless restarts)', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ OPP_RUNNER_AFTER_JOB: 'halt' }, /OPP_RUNNER_AFTER_JOB is poweroff or restart, not 'halt'/],
    [
      { OPP_RUNNER_MAX_FAILED_STARTS: '0' },
      /OPP_RUNNER_MAX_FAILED_STARTS is a whole number above 0, not '0'/,
    ],
    [{ OPP_RUNNER_IMAGE: '' }, /set OPP_RUNNER_IMAGE/],
  ];
  for (const [env, message] of cases) {
    const box = vm(env);
    const r = boot(box, 10);
    assert.deepEqual(r.codes.slice(0, 3).map(Boolean), [true, true, true], r.err);
    assert.equal(r.codes.length, 4, 'powered off after 3 failed starts');
    assert.ok(poweredOff(box));
    assert.match(r.err, message);
    assert.deepEqual(recorded(box, 'docker'), [], 'nothing started');
  }
});
