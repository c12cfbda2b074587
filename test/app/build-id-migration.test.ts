// MIGRATION (remove with src/adapters/build-id.ts' legacyBuildId): a journal written before the
// OMNeT++ in use counted in the build id (d41b447) leaves its finished runs done once after the
// upgrade. Real campaigns of the misbehave stand-in, an opp_run of our own first on PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyBuildId } from '../../src/adapters/build-id.js';
import { loadSettings } from '../../src/app/campaign-setup.js';
import { runCli } from '../helpers/cli.js';
import { journalRuns, misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';

test('finished runs journaled with the build id of before the upgrade are done once; another OMNeT++ then reruns them', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1,2,3}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const omnetpp = mkdtempSync(join(tmpdir(), 'opp-migration-'));
  mkdirSync(join(omnetpp, 'bin'));
  const oppRun = join(omnetpp, 'bin', 'opp_run');
  writeFileSync(oppRun, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${join(omnetpp, 'bin')}:${saved}`;
  const run = () => runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);
  const journal = join(dir, 'results', 'journal.jsonl');
  try {
    const first = await run();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /succeeded +3/);

    // the journal as the version before the upgrade wrote it: its build id; run 2's of
    // another build (the model changed since)
    const legacy = legacyBuildId(dir, (await loadSettings(dir, {})).run, {
      env: {},
      sidecars: [],
    });
    const lines = readFileSync(journal, 'utf8').split('\n');
    const newId = (JSON.parse(lines[0] as string) as { build: string }).build;
    assert.notEqual(newId, legacy);
    writeFileSync(
      journal,
      lines
        .map((l) => {
          if (l === '') return l;
          const rec = JSON.parse(l) as { t: string; run?: number; build: string };
          rec.build = rec.t === 'run' && rec.run === 2 ? '0123456789abcdef' : legacy;
          return JSON.stringify(rec);
        })
        .join('\n'),
    );

    const upgraded = await run();
    assert.equal(upgraded.code, 0, upgraded.stdout + upgraded.stderr);
    assert.match(upgraded.stdout, /skipped +2/);
    assert.match(upgraded.stdout, /succeeded +1/);
    // each migrated run has a record with the new id, last
    const last = new Map(journalRuns(dir).map((r) => [r.run, r]));
    assert.deepEqual(
      [0, 1, 2].map((n) => last.get(n)?.build),
      [newId, newId, newId],
    );
    assert.equal(journalRuns(dir).filter((r) => r.build === newId).length, 3);

    const again = await run();
    assert.match(again.stdout, /skipped +3/);

    // another OMNeT++ (a wrapper opp_run) after the migration: every run runs again
    writeFileSync(oppRun, '#!/bin/sh\nexec opp_run "$@" --rng-class=omnetpp::cLCG32\n');
    const other = await run();
    assert.equal(other.code, 0, other.stdout + other.stderr);
    assert.match(other.stdout, /succeeded +3/);
  } finally {
    process.env.PATH = saved;
    rmSync(omnetpp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
