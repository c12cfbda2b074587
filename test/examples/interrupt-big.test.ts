// Ctrl-C and SIGTERM in the long phases of a big campaign: the check of which runs are done
// already, and the final merge. Each stops the campaign at once (its exit status says so), and
// the dataset is the earlier one. A campaign of 2,000 runs of OMNeT++'s fifo sample, so that
// each phase takes a while (a complete campaign of 50,000 went on for 40 s deaf to Ctrl-C).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, spawnCli, type CliProcess } from '../helpers/cli.js';
import { copySample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();
// 10 x 10 x 20 = 2,000 runs
const BIG = `
[Big]
network = SingleQueue
sim-time-limit = 20s
**.source.interarrivalTime = exponential(\${ia=0.1,0.12,0.14,0.16,0.18,0.2,0.22,0.24,0.26,0.28}s)
**.fifo.serviceTime = \${st=0.05..0.095 step 0.005}s
repeat = 20
**.vector-recording = false
`;

let dir = '';
const args = (): string[] => [
  'run',
  dir,
  '-c',
  'Big',
  '--progress',
  'plain',
  '--batch',
  '100',
  '--ccache-dir',
  join(dir, 'cache'),
];
const out = (): string => join(dir, 'results');

before(async () => {
  if (skip) return;
  dir = copySample('fifo');
  appendFileSync(join(dir, 'omnetpp.ini'), BIG);
  const saved = process.env.PATH;
  process.env.PATH = theOmnetpp().path;
  try {
    const r = await runCli(args());
    assert.equal(r.code, 0, r.stdout + r.stderr);
  } finally {
    process.env.PATH = saved;
  }
  process.on('exit', () => rmSync(dirname(dir), { recursive: true, force: true }));
});

/** The merged dataset's files as they are: names, and each file's inode, size and time. */
function dataset(): string[] {
  return readdirSync(out())
    .filter((name) => /\.(sca|vec|vci|csv|html)$/.test(name))
    .sort()
    .map((name) => {
      const st = statSync(join(out(), name));
      return `${name} ${st.ino} ${st.size} ${st.mtimeMs}`;
    });
}

/** The campaign, as a process of its own, given `signal` once its output shows `when`. */
async function signalled(
  extra: string[],
  when: RegExp,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; output: string }> {
  const c: CliProcess = spawnCli([...args(), ...extra], {
    ...process.env,
    PATH: theOmnetpp().path,
  });
  let ended = false;
  void c.exited.then(() => (ended = true));
  try {
    for (let i = 0; i < 4000 && !when.test(c.output()) && !ended; i++)
      await new Promise((r) => setTimeout(r, 5));
    assert.match(c.output(), when);
    c.child.kill(signal);
    const guard = new Promise<'still running'>((r) => {
      const t = setTimeout(() => r('still running'), 120_000);
      void c.exited.then(() => clearTimeout(t));
    });
    const exit = await Promise.race([c.exited, guard]);
    assert.notEqual(exit, 'still running', `${signal} did not stop it:\n${c.output()}`);
    return { code: (exit as { code: number | null }).code, output: c.output() };
  } finally {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  }
}

test(
  'Ctrl-C while the runs done already are checked: it stops there, with status 130; the dataset is as it was',
  { skip },
  async () => {
    const earlier = dataset();
    assert.ok(
      earlier.some((f) => f.startsWith('results.sca ')),
      'a dataset to keep',
    );
    // (the check follows the build at once; with every run done no 'running' line comes first)
    const r = await signalled([], /\nbuilt in /, 'SIGINT');
    assert.equal(r.code, 130, r.output);
    assert.match(r.output, /\nCampaign interrupted in /);
    // (how far the check got depends on this machine's speed: on an idle one it is done in a
    // tenth of a second, and the signal stops the merge after it; on a loaded one the signal may
    // come before the first run is found done: 'interrupted before any run succeeded'; either
    // way, nothing is merged)
    assert.match(r.output, /Results: not merged \(interrupted[ )]/);
    assert.deepEqual(dataset(), earlier);
  },
);

test(
  'SIGTERM during the final merge: it stops there, with status 143; the dataset is the earlier one',
  { skip },
  async () => {
    const earlier = dataset();
    // every run again: the merge builds the dataset anew from the runs staged as they finished
    const r = await signalled(['--force'], /\nmerging \d+ run\(s\) into /, 'SIGTERM');
    assert.equal(r.code, 143, r.output);
    assert.match(r.output, /\nCampaign interrupted in /);
    assert.match(r.output, /Results: not merged \(interrupted\)/);
    assert.deepEqual(dataset(), earlier);
  },
);
