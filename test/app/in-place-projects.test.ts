// Two campaigns at once on one project built in place (`path:`), as two opp-campaign processes:
// real make, real runs (a stand-in that records the library's value as a scalar). The project's
// feature sets its value: each campaign's runs must record its own.
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

/** Records the library's value when the run starts; in a folder with `hold`, once `../go` is there. */
const SIM = `#!/bin/sh
runs=; dir=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; --result-dir=*) dir="\${1#--result-dir=}";; esac; shift; done
if [ -e hold ]; then touch ../started; while [ ! -e ../go ]; do sleep 0.02; done; fi
v=$(cat ../lib/out/value)
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  printf 'version 3\\nrun General-%s-x\\nattr configname General\\nattr runnumber %s\\n\\nscalar Net value %s\\n' "$r" "$r" "$v" > "$dir/General-#$r.sca"
done
`;

const FEATURES = `<features cppSourceRoots="." definesFile="features.h">
  <feature id="Double" name="Double" description="" initiallyEnabled="false" requires=""
    labels="" nedPackages="" extraSourceFolders="" compileFlags="-DLIB_DOUBLE" linkerFlags=""/>
</features>
`;

const MAKEFILE = `out/value: features.h
\tmkdir -p out
\tif grep -q LIB_DOUBLE features.h; then echo 2; else echo 1; fi > out/value.tmp && mv out/value.tmp out/value
`;

/**
 * A library project with a feature, and three models on it: `one` (default features, its run
 * held until `go`), `two` (the feature enabled), `three` (default features).
 */
function setUp(): string {
  const work = mkdtempSync(join(tmpdir(), 'opp-in-place-'));
  mkdirSync(join(work, 'lib'));
  writeFileSync(join(work, 'lib', '.oppfeatures'), FEATURES);
  writeFileSync(join(work, 'lib', 'Makefile'), MAKEFILE);
  for (const [name, features] of [
    ['one', ''],
    ['two', 'features: { lib: { enable: [Double] } }\n'],
    ['three', ''],
  ] as const) {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'sim'), SIM);
    chmodSync(join(dir, 'sim'), 0o755);
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'projects:\n  - { name: lib, path: ../lib, build: make }\n' +
        features +
        'build: none\nrun: { program: ./sim, libraries: [] }\n',
    );
  }
  writeFileSync(join(work, 'one', 'hold'), '');
  return work;
}

const campaign = (work: string, name: string): CliProcess =>
  spawnCli(['run', join(work, name), '--progress', 'plain', '--ccache-dir', join(work, 'cache')]);

const recorded = (work: string, name: string): string[] => {
  const runs = join(work, name, 'results', '.runs');
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

test('campaigns that build an in-place project alike share it at once; one that builds it otherwise waits until their runs are done (before: it rebuilt it under them)', async () => {
  const work = setUp();
  try {
    const one = campaign(work, 'one');
    await until(() => existsSync(join(work, 'started')), one);
    const two = campaign(work, 'two');
    const three = campaign(work, 'three');
    // one's run goes on once two waits for it (or, as before, has built the library its way),
    // and three, which builds it as one does, is done
    await until(() => /waiting for|built project 'lib'/.test(two.output()), two);
    await three.exited;
    writeFileSync(join(work, 'go'), '');
    for (const p of [one, two, three]) assert.equal((await p.exited).code, 0, p.output());
    assert.deepEqual(recorded(work, 'one'), ['1'], one.output());
    assert.deepEqual(recorded(work, 'three'), ['1'], three.output());
    assert.deepEqual(recorded(work, 'two'), ['2'], two.output());
    assert.match(three.output(), /^project 'lib': up to date$/m);
    // two's wait is not counted as its build
    assert.match(
      two.output(),
      /^Campaign finished in \d+\.\ds \(build \d+\.\ds, waited \d+\.\ds for another campaign\)$/m,
    );
    assert.doesNotMatch(three.output(), /waiting for/);
    assert.match(
      two.output(),
      new RegExp(
        `^project 'lib': waiting for another opp-campaign \\(process (${one.child.pid}|${three.child.pid}), since \\S+\\) that uses another build of ${join(work, 'lib')} \\(other features or build settings\\) to finish its runs$`,
        'm',
      ),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a campaign on an in-place project whose records folder cannot be made records them under the temporary folder, or goes on uncoordinated (before: it stopped, EPERM)', async () => {
  const work = setUp();
  try {
    // (the projects' folder beside a compiler cache in /sys: EPERM, also for root)
    const unwritable = '/sys/opp-campaign-test-none';
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const run = (name: string, tmpDir: string): CliProcess =>
      spawnCli(
        ['run', join(work, name), '--progress', 'plain', '--ccache-dir', join(unwritable, 'cc')],
        { ...process.env, TMPDIR: tmpDir },
      );
    const three = run('three', tmp);
    assert.equal((await three.exited).code, 0, three.output());
    assert.deepEqual(recorded(work, 'three'), ['1'], three.output());
    const fallback = join(tmp, `opp-campaign-${process.getuid?.() ?? ''}`, 'in-place');
    assert.match(
      three.output(),
      new RegExp(
        `^warning: cannot make ${join(unwritable, 'projects', 'in-place')} \\(EPERM\\): the campaigns using projects built in place are recorded in ${fallback} instead$`,
        'm',
      ),
    );
    assert.equal(readdirSync(fallback).length, 1, three.output());
    // neither can be made (a file where this user's folder would be): said, and it goes on
    const tmp2 = join(work, 'tmp2');
    mkdirSync(tmp2);
    writeFileSync(join(tmp2, `opp-campaign-${process.getuid?.() ?? ''}`), '');
    const two = run('two', tmp2);
    assert.equal((await two.exited).code, 0, two.output());
    assert.deepEqual(recorded(work, 'two'), ['2'], two.output());
    assert.match(
      two.output(),
      /^warning: cannot make \S+ \(EPERM\) nor \S+ \(ENOTDIR\): campaigns running at once on a project built in place are not coordinated$/m,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
