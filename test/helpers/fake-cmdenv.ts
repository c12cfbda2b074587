import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stand-in for Cmdenv: opens each run of `-r` as Cmdenv does, with a status line. */
const FAKE_CMDENV = `#!/bin/sh
runs=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; esac; shift; done
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  echo "** Event #1   t=0.5   Elapsed: 0.001s (0m 00s)  50% completed  (50% total)"
  sleep "\${DELAY:-0.2}"
done
`;

/**
 * A throwaway project of 3 runs of [General] run by the stand-in (no results files); `build`
 * is the campaign file's build (none: nothing to build).
 */
export function fakeCmdenvProject(build = 'none'): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-fake-cmdenv-'));
  writeFileSync(join(dir, 'fakesim'), FAKE_CMDENV);
  chmodSync(join(dir, 'fakesim'), 0o755);
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.i = ${i=1..3}\n');
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    `build: ${build}\nrun: { program: ./fakesim, libraries: [] }\nresults: { files: [] }\n`,
  );
  return dir;
}
