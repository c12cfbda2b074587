// Campaigns at once on one model folder (its build is in place, in that folder), as
// opp-campaign processes: real make, real runs (a stand-in that records what the build made as a
// scalar). Each campaign's runs must record the build it made or found: one that would rebuild
// the folder (other build settings, or sources edited since) waits for the runs on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli, type CliProcess } from '../helpers/cli.js';

/** Records the built value when the run starts; for results folder `held`, once `../go` is there. */
const SIM = `#!/bin/sh
runs=; dir=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; --result-dir=*) dir="\${1#--result-dir=}";; esac; shift; done
case "$dir" in */held/*) touch ../started; while [ ! -e ../go ]; do sleep 0.02; done;; esac
v=$(cat out/value)
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  printf 'version 3\\nrun General-%s-x\\nattr configname General\\nattr runnumber %s\\n\\nscalar Net value %s\\n' "$r" "$r" "$v" > "$dir/General-#$r.sca"
done
`;

/** The value: the source's, then MODE's (from the environment); written only when it changes. */
const MAKEFILE = `all:
\tmkdir -p out
\tv="$$(cat src.txt)$(MODE)"; [ "$$(cat out/value 2>/dev/null)" = "$$v" ] || echo "$$v" > out/value
`;

function setUp(): string {
  const work = mkdtempSync(join(tmpdir(), 'opp-in-place-model-'));
  const dir = join(work, 'm');
  mkdirSync(dir);
  writeFileSync(join(dir, 'sim'), SIM);
  chmodSync(join(dir, 'sim'), 0o755);
  writeFileSync(join(dir, 'Makefile'), MAKEFILE);
  writeFileSync(join(dir, 'src.txt'), '1');
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    'build: make\nrun: { program: ./sim, libraries: [] }\n',
  );
  return work;
}

// (MODE as the test's environment has it not: the campaigns' build settings are the test's)
const { MODE: _mode, ...base } = process.env;

/** A campaign on the model with results in `results` (`held`: its run waits for `../go`). */
const campaign = (work: string, results: string, mode?: string): CliProcess =>
  spawnCli(
    [
      'run',
      join(work, 'm'),
      '--results',
      results,
      '--progress',
      'plain',
      '--ccache-dir',
      join(work, 'cache'),
    ],
    mode === undefined ? base : { ...base, MODE: mode },
  );

const recorded = (work: string, results: string): string[] => {
  const runs = join(work, 'm', results, '.runs');
  return readdirSync(runs)
    .filter((f) => f.endsWith('.sca'))
    .map((f) => /^scalar Net value (\S+)$/m.exec(readFileSync(join(runs, f), 'utf8'))?.[1] ?? '?');
};

/** Resolves once `cond` holds (looked at as the process writes), or the process has exited. */
async function until(cond: () => boolean, p: CliProcess): Promise<void> {
  let ended = false;
  void p.exited.then(() => (ended = true));
  while (!cond() && !ended) await new Promise((r) => setTimeout(r, 20));
}

test('campaigns that build one model folder alike share it at once; one with other build settings waits until their runs are done, and those coming after it wait behind it (before: it rebuilt the model under them)', async () => {
  const work = setUp();
  try {
    const one = campaign(work, 'held');
    await until(() => existsSync(join(work, 'started')), one);
    // three builds it as one did: it is done while one's run still waits
    const three = campaign(work, 'three');
    assert.equal((await three.exited).code, 0, three.output());
    const two = campaign(work, 'two', '2');
    await until(() => /waiting for|^built in/m.test(two.output()), two);
    // four, which builds it as one did too, comes once two waits: it waits behind two
    const four = campaign(work, 'four');
    await until(() => /waiting for|^built in/m.test(four.output()), four);
    writeFileSync(join(work, 'go'), '');
    for (const p of [one, two, four]) assert.equal((await p.exited).code, 0, p.output());
    assert.deepEqual(recorded(work, 'held'), ['1'], one.output());
    assert.deepEqual(recorded(work, 'three'), ['1'], three.output());
    assert.deepEqual(recorded(work, 'two'), ['12'], two.output());
    assert.deepEqual(recorded(work, 'four'), ['1'], four.output());
    assert.doesNotMatch(three.output(), /waiting for/);
    assert.match(
      four.output(),
      new RegExp(
        `^the model \\(m\\): waiting for another opp-campaign \\(process ${two.child.pid}, since \\S+\\) that has waited longer to build ${join(work, 'm')} otherwise to have its turn first$`,
        'm',
      ),
    );
    assert.match(
      two.output(),
      new RegExp(
        `^the model \\(m\\): waiting for another opp-campaign \\(process ${one.child.pid}, since \\S+\\) that uses another build of ${join(work, 'm')} \\(other features or build settings\\) to finish its runs$`,
        'm',
      ),
    );
    assert.match(
      two.output(),
      /^Campaign finished in \d+\.\ds \(build \d+\.\ds, waited \d+\.\ds for another campaign\)$/m,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a campaign that builds the model alike after its sources were edited waits for the runs on the build before (before: it rebuilt the model under them)', async () => {
  const work = setUp();
  try {
    const one = campaign(work, 'held');
    await until(() => existsSync(join(work, 'started')), one);
    writeFileSync(join(work, 'm', 'src.txt'), '5');
    const two = campaign(work, 'two');
    await until(() => /waiting for|^built in/m.test(two.output()), two);
    writeFileSync(join(work, 'go'), '');
    for (const p of [one, two]) assert.equal((await p.exited).code, 0, p.output());
    assert.deepEqual(recorded(work, 'held'), ['1'], one.output());
    assert.deepEqual(recorded(work, 'two'), ['5'], two.output());
    assert.match(
      two.output(),
      new RegExp(
        `^the model \\(m\\): waiting for another opp-campaign \\(process ${one.child.pid}, since \\S+\\) that uses the build of ${join(work, 'm')} from before its files changed to finish its runs \\(then it is built again\\)$`,
        'm',
      ),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
