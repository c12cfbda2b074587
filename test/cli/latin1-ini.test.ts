// An omnetpp.ini with bytes that are not UTF-8 (saved as Latin-1: `caf\xe9`), end to end: the
// command line, plan --json and what run prints, against the real opp_run where it matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/cli.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import { REPO } from '../helpers/project.js';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A NED-only model (runs in plain opp_run) with the ini given as Latin-1 text. */
function project(ini: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-latin1-'));
  writeFileSync(join(dir, 'Net.ned'), 'network Net { parameters: string x; }\n');
  writeFileSync(join(dir, 'omnetpp.ini'), latin1(ini));
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    'build: none\nrun: { libraries: [] }\nprojects: []\n',
  );
  return dir;
}

/** The CLI as a process, each `$'...'` argument given to it as those bytes (as a shell does). */
function cliBytes(args: string): ReturnType<typeof spawnSync> {
  return spawnSync(
    'bash',
    ['-c', `exec "${process.execPath}" --import tsx src/cli/main.ts ${args}`],
    {
      cwd: REPO,
      env: theOmnetpp().env,
    },
  );
}

test(
  '-c of a config named with a Latin-1 byte, typed in a shell: its runs run, as opp_run -c runs them',
  { skip: needsOmnetpp() },
  () => {
    // before: Node read the argument as Caf\uFFFD: "No such config: Caf\uFFFD (did you mean
    // Caf\uFFFD? ...)"; opp_run -c takes the bytes (and is given them: Node's spawn would give
    // it U+FFFD too)
    const dir = project(
      '[General]\nnetwork = Net\n**.x = "g"\noutput-scalar-file = "${resultdir}/r-${runnumber}.sca"\n' +
        'output-vector-file = "${resultdir}/r-${runnumber}.vec"\n' +
        '[Config Caf\xe9]\n**.x = ${v="caf\xe9", "b"}\n',
    );
    const run = cliBytes(`run '${dir}' -c $'Caf\\xe9' -j 1`);
    assert.equal(run.status, 0, run.stderr.toString());
    const runsCsv = readFileSync(join(dir, 'results/runs.csv'), 'latin1');
    assert.equal(runsCsv.match(/,ok,/g)?.length, 2, runsCsv);
    rmSync(dir, { recursive: true, force: true });
  },
);

test('a config whose result files would be named with a Latin-1 byte: refused at its line before any run', async () => {
  // [Config Caf\xe9] names its files Caf\xe9-...sca, which Node opens as Caf\uFFFD-...sca: before,
  // every run ended no-results (its file there under its own name) and ran again each time
  const dir = project('[General]\nnetwork = Net\n[Config Caf\xe9]\n**.x = ${v="caf\xe9", "b"}\n');
  const r = await runCli(['run', dir, '-c', 'Caf\udce9'], dir);
  assert.equal(r.code, 1, r.stderr);
  const err = r.stderrBytes ?? Buffer.alloc(0);
  assert.ok(
    err.includes(
      latin1("omnetpp.ini:3: config Caf\xe9: run #0's scalar file would be named with a byte"),
    ),
    r.stderr,
  );
  assert.ok(
    r.stderr.includes('rename the config, or set output-scalar-file to a name without it'),
    r.stderr,
  );
  assert.ok(!existsSync(join(dir, 'results')));
  rmSync(dir, { recursive: true, force: true });
});

test("a Latin-1 byte in a later run's result file name (${name=a,b\\xe9}): refused at the variable's line, naming the run", async () => {
  // before: only the first run's names were looked at: run #1 ended no-results (x-b\xe9-1.sca
  // there under its own name) and ran again each time
  const dir = project(
    '[General]\nnetwork = Net\n[Lat2]\n**.x = "s"\n**.y = ${name=a,b\xe9}\n' +
      'output-scalar-file = ${resultdir}/x-${name}-${runnumber}.sca\n' +
      'output-vector-file = ${resultdir}/x-${name}-${runnumber}.vec\n',
  );
  const r = await runCli(['run', dir, '-c', 'Lat2'], dir);
  assert.equal(r.code, 1, r.stderr);
  const err = r.stderrBytes ?? Buffer.alloc(0);
  assert.ok(
    err.includes(
      latin1("omnetpp.ini:5: config Lat2: run #1's scalar file would be named with a byte"),
    ),
    r.stderr,
  );
  assert.ok(err.includes(latin1('x-b\xe9-1.sca')), r.stderr);
  assert.ok(r.stderr.includes('give $name a value without it'), r.stderr);
  assert.ok(!existsSync(join(dir, 'results')));
  rmSync(dir, { recursive: true, force: true });
});

test('a Latin-1 config of a campaign that expects no result files (results: { files: [] }) runs', async () => {
  // before: refused, "its result files would be named with a byte that is not UTF-8", though
  // no result file is looked for
  const dir = project('[General]\nnetwork = Net\n[Config Caf\xe9]\n**.x = ${v="a", "b"}\n');
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    'build: none\nrun: { preset: command, command: "sh -c \'touch ran-{run}\'" }\nresults: { files: [] }\nprojects: []\n',
  );
  const r = await runCli(['run', dir, '-c', 'Caf\udce9', '-j', '1'], dir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.ok(existsSync(join(dir, 'ran-0')) && existsSync(join(dir, 'ran-1')), r.stderr);
  rmSync(dir, { recursive: true, force: true });
});

test('plan --json: a byte that is not UTF-8 is its Latin-1 character (\\u00e9), valid UTF-8 JSON', async () => {
  // before: the lone surrogate \udce9, which is no character (strict JSON readers refuse it)
  const dir = project(
    '[General]\nnetwork = Net\n[Config Caf\xe9]\n**.x = ${v="caf\xe9", "caf\xe8"}\n',
  );
  const r = await runCli(['plan', '-c', 'Caf\udce9', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(r.stdoutBytes);
  assert.ok(!/\\ud[c-f]/i.test(text), text);
  const plan = JSON.parse(text) as {
    configs: { name: string }[];
    runs: { config: string; itervars: { value: string }[]; key: string }[];
  };
  assert.equal(plan.configs[0]?.name, 'Café');
  assert.deepEqual(
    plan.runs.map((run) => [run.config, run.itervars[0]?.value]),
    [
      ['Café', '"café"'],
      ['Café', '"cafè"'],
    ],
  );
  assert.notEqual(plan.runs[0]?.key, plan.runs[1]?.key);
  rmSync(dir, { recursive: true, force: true });
});

test(
  "run's progress lines show a Latin-1 byte of a value as that byte, as opp_run prints it",
  { skip: needsOmnetpp() },
  async () => {
    // before: [1/2] General #0 ok in 0.07s  $v="caf\uFFFD", $repetition=0
    const dir = project('[General]\nnetwork = Net\n**.x = ${v="caf\xe9", "b"}\n');
    const r = await runCli(['run', dir, '-j', '1'], dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const err = r.stderrBytes ?? Buffer.alloc(0);
    assert.ok(err.includes(latin1('General #0 ok')), r.stderr);
    assert.ok(err.includes(latin1('$v="caf\xe9", $repetition=0')), r.stderr);
    assert.ok(!err.includes(Buffer.from('\uFFFD')), r.stderr);
    rmSync(dir, { recursive: true, force: true });
  },
);

test(
  "a failed run of a Latin-1 config: its log is named with the byte's Latin-1 character, and the model's error is its message",
  { skip: needsOmnetpp() },
  async () => {
    // before: the launcher made logs/Caf\xe9-1.log, Node looked for Caf\uFFFD-1.log: "failed:
    // exit status 1" without the model's words, and the journal's link named no file
    const dir = project(
      '[General]\nnetwork = Net\noutput-scalar-file = "${resultdir}/r-${runnumber}.sca"\n' +
        'output-vector-file = "${resultdir}/r-${runnumber}.vec"\n' +
        '[Config Caf\xe9]\n**.x = ${v="a", 7}\n',
    );
    for (const batch of ['1', '2']) {
      const r = await runCli(['run', dir, '-c', 'Caf\udce9', '-j', '1', '--batch', batch], dir);
      assert.equal(r.code, 1, r.stderr + r.stdout);
      const journal = readFileSync(join(dir, 'results/journal.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { t: string; status?: string; log?: string; message?: string })
        .filter((rec) => rec.t === 'run');
      const failed = journal.filter((rec) => rec.status !== 'ok');
      assert.equal(failed.length, 1, JSON.stringify(journal));
      assert.equal(failed[0]?.log, 'logs/Café-1.log');
      assert.match(failed[0]?.message ?? '', /^exit status 1: .*Net\.x/, failed[0]?.message);
      assert.ok(existsSync(join(dir, 'results', failed[0]?.log ?? '')));
      const out = Buffer.concat([
        r.stdoutBytes ?? Buffer.alloc(0),
        r.stderrBytes ?? Buffer.alloc(0),
      ]);
      assert.ok(out.includes(Buffer.from('log: results/logs/Café-1.log')), r.stdout + r.stderr);
      rmSync(join(dir, 'results'), { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  },
);
