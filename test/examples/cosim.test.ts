// The sidecar example (examples/cosim) end to end, with twice as many parallel runs as cores:
// every run has its own helper on its own port, no helper outlives its run (the process table
// is watched while the campaign runs), and a helper that crashes mid-run fails that run only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { journalRuns, REPO } from '../helpers/project.js';
import { alive } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'opp-cosim-'));
cpSync(join(REPO, 'examples', 'cosim'), dir, {
  recursive: true,
  filter: (src) => !/[/\\](out|results)$/.test(src),
});
const jobs = 2 * cpus().length;

const run = (...args: string[]) =>
  runCli([
    'run',
    dir,
    '--progress',
    'plain',
    '--ccache-dir',
    join(dir, 'cache'),
    '-j',
    String(jobs),
    ...args,
  ]);

/** Running (not zombie) processes in the example's folder whose command line mentions `word`. */
function ours(word: string): { pid: number; group: number }[] {
  const out: { pid: number; group: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      // opp-campaign's process launcher (and a run it is starting) is no sidecar
      if (!cmdline.includes(word) || cmdline.includes('posix_spawn')) continue;
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      out.push({ pid: Number(name), group: Number(group) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Watches the process table while `f` runs: the most helpers (process groups) alive at once. */
async function watching<T>(f: () => Promise<T>): Promise<{ result: T; mostAtOnce: number }> {
  let most = 0;
  const helpers = (): number => new Set(ours('python').map((p) => p.group)).size;
  const timer = setInterval(() => (most = Math.max(most, helpers())), 10);
  try {
    return { result: await f(), mostAtOnce: most };
  } finally {
    clearInterval(timer);
  }
}

const scalar = (text: string, name: string): number =>
  Number(new RegExp(`^scalar \\S+ ${name} (\\S+)$`, 'm').exec(text)?.[1]);

test(`every run gets its own helper on its own port (${jobs} runs at once)`, async () => {
  const { result: r, mostAtOnce } = await watching(() => run());
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /succeeded +12/);
  assert.ok(mostAtOnce >= 1, 'the process table was watched');
  assert.ok(mostAtOnce <= jobs, `${mostAtOnce} helpers alive at once, with ${jobs} slots`);

  const results = readdirSync(join(dir, 'results', '.runs'))
    .filter((f) => f.endsWith('.sca'))
    .map((f) => readFileSync(join(dir, 'results', '.runs', f), 'utf8'));
  assert.equal(results.length, 12);
  const ports = results.map((t) => scalar(t, 'managerPort'));
  assert.equal(new Set(ports).size, 12, `ports: ${ports.join(' ')}`);
  const helpers = results.map((t) => scalar(t, 'managerPid'));
  assert.equal(new Set(helpers).size, 12);

  // each helper's log names it and its worker; none of them is alive now
  const logs = readdirSync(join(dir, 'results', 'logs')).filter((f) => f.endsWith('.traffic.log'));
  assert.equal(logs.length, 12);
  const pids = logs.flatMap((f) => {
    const text = readFileSync(join(dir, 'results', 'logs', f), 'utf8');
    const m = /pid (\d+) listening on 127\.0\.0\.1:(\d+); worker pid (\d+)/.exec(text);
    assert.ok(m, text);
    assert.ok(ports.includes(Number(m[2])));
    return [Number(m[1]), Number(m[3])];
  });
  assert.deepEqual(pids.filter(alive), [], 'helpers or their workers outlived their runs');
  assert.deepEqual(ours('python'), []);
});

test('a helper that crashes mid-run fails that run only, which is retried', async () => {
  appendFileSync(
    join(dir, 'omnetpp.ini'),
    // (slot, in step with crash, gives each run result files of its own)
    '\n[Crash]\nrepeat = 2\n**.crashHelper = ${crash=false,false,true,false}\n**.slot = ${slot=0..3 ! crash}\n',
  );
  const r = await run('-c', 'Crash');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const records = journalRuns(dir).filter((x) => x.config === 'Crash');
  const byRun = new Map<number, string[]>();
  for (const rec of records)
    byRun.set(rec.run, [...(byRun.get(rec.run) ?? []), `${rec.attempt}:${rec.status}`]);
  assert.deepEqual(Object.fromEntries(byRun), {
    0: ['1:ok'],
    1: ['1:ok'],
    2: ['1:ok'],
    3: ['1:ok'],
    4: ['1:sidecar-failed', '2:sidecar-failed'],
    5: ['1:sidecar-failed', '2:sidecar-failed'],
    6: ['1:ok'],
    7: ['1:ok'],
  });
  const failed = records.find((x) => x.run === 4 && x.attempt === 2);
  assert.match(
    failed?.message ?? '',
    // (and what the model reported then, when it had the time to)
    /^sidecar 'traffic' died during the run \(killed by SIGKILL\); its log: logs\/Crash-4\.attempt2\.traffic\.log(; the model then reported: Connection to the traffic manager lost)?$/,
  );
  assert.match(r.stdout, /Crash #4 \(\$crash=true, .*\): sidecar-failed: sidecar 'traffic' died/);
  // the reproduce command starts the helper first
  assert.match(
    r.stdout,
    /\$ cd \S+ && set -m && \{ \(cd \S+ && exec python3 traffic_server\.py --port \d+\) & S0=\$!; \} && sleep 1 && .*; kill -- -\$S0 2>\/dev\/null\n/,
  );
  // with the port the run had, writing apart from OUT/.runs (pasted, it changes no result)
  const line = /^ +\$ (cd .*set -m.*)$/m.exec(r.stdout)?.[1] ?? '';
  const port = /--port (\d+)\)/.exec(line)?.[1];
  assert.ok(port, line);
  assert.ok(line.includes(`'--*.manager.port=${port}'`), line);
  assert.ok(
    line.includes(`--result-dir=${join(dir, 'results', '.opp-campaign', 'reproduce')}`),
    line,
  );
  assert.ok(!line.includes(`${join('results', '.runs')}`), line);
  assert.deepEqual(ours('python'), []);
});

test('a helper that is never ready: the run fails saying so; its reproduce command starts the helper on its port', async () => {
  const other = mkdtempSync(join(tmpdir(), 'opp-cosim-late-'));
  cpSync(dir, other, { recursive: true, filter: (src) => !/[/\\]results$/.test(src) });
  writeFileSync(
    join(other, 'opp-campaign.yml'),
    readFileSync(join(other, 'opp-campaign.yml'), 'utf8')
      .replace('python3 traffic_server.py --port {port}', 'sleep 30 {port}')
      .replace('ready: { port: port }', 'ready: { port: port }\n    ready-timeout: 1s'),
  );
  const r = await runCli([
    'run',
    other,
    '--progress',
    'plain',
    '--ccache-dir',
    join(dir, 'cache'),
    '-r',
    '0',
    '--retries',
    '0',
  ]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /sidecar 'traffic' was not ready after 1s/);
  const line = /^ +\$ (cd .*)$/m.exec(r.stdout)?.[1] ?? '';
  const port = /exec sleep 30 (\d+)\)/.exec(line)?.[1];
  assert.ok(port, `the helper is in the reproduce command: ${line}`);
  assert.ok(line.includes(`'--*.manager.port=${port}'`), line);
  assert.ok(
    line.includes(`--result-dir=${join(other, 'results', '.opp-campaign', 'reproduce')}`),
    line,
  );
});

test("a helper program the model's build makes: checked after the build, not refused while the build makes it", async () => {
  // (the model is built already: OMNeT++'s check starts while make runs; the helper is made by
  // the same make, a second later, so it is not there until the build has run)
  const other = mkdtempSync(join(tmpdir(), 'opp-cosim-made-'));
  cpSync(dir, other, { recursive: true, filter: (src) => !/[/\\]results$/.test(src) });
  writeFileSync(
    join(other, 'Makefile'),
    readFileSync(join(other, 'Makefile'), 'utf8')
      .replace('all: $(OUT)/cosim', 'all: $(OUT)/cosim $(OUT)/helper')
      .replace(
        'clean:',
        '$(OUT)/helper: traffic_server.py\n\t@mkdir -p $(dir $@)\n\tsleep 1\n\tcp traffic_server.py $@\n\tchmod +x $@\n\nclean:',
      ),
  );
  writeFileSync(
    join(other, 'opp-campaign.yml'),
    readFileSync(join(other, 'opp-campaign.yml'), 'utf8').replace(
      'python3 traffic_server.py --port {port}',
      './out/helper --port {port}',
    ),
  );
  // the model up to date (a copy's files have new times), the helper gone: the build makes it
  const made = spawnSync('make', ['-C', other], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  rmSync(join(other, 'out', 'helper'));
  const r = await runCli([
    'run',
    other,
    '--progress',
    'plain',
    '--ccache-dir',
    join(dir, 'cache'),
    '-r',
    '0..1',
  ]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /succeeded +2\b/);
});
