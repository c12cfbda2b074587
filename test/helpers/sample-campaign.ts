// One of OMNeT++'s own samples, copied unmodified and with no campaign file: `opp-campaign run`
// finds how to build and run the model, every run succeeds, and each run's results equal what
// `opp_runall` writes for the same config with the same model (test/integration/sample-*.test.ts;
// a file per sample, so each cold build has its own time limit).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoBatchSize, nextBatchSize } from '../../src/core/campaign/batch.js';
import { readJournal } from '../../src/core/campaign/journal.js';
import { runCli } from './cli.js';
import { copySamples, needsOmnetpp, theOmnetpp } from './omnetpp.js';

const skip = needsOmnetpp();
/** Kept between test runs on this machine: a second run compiles nothing. */
const CCACHE = join(tmpdir(), 'opp-campaign-integration-ccache');

before(() => {
  if (!skip) process.env.PATH = theOmnetpp().path;
});

export interface SampleCase {
  readonly sample: string;
  /** Samples that go next to it (referenced projects). */
  readonly beside?: readonly string[];
  readonly configs: readonly string[];
  readonly runs?: string;
  /** For every run, ours and opp_runall's alike (sim-time limits keep the suite short). */
  readonly args?: readonly string[];
  /** What opp_runall runs: the model executable, or the sample's own launcher script. */
  readonly program: string;
  readonly total: number;
  readonly detected: RegExp;
  /** Built by hand before, as an opp_runall user would (`opp_makemake -f && make`). */
  readonly prebuilt?: boolean;
}

/** What differs between two executions of the same run: its id, time, process, folders. */
const VOLATILE =
  /^(run |attr (datetime|datetimef|processid|resultdir) |config (result-dir|cmdenv-redirect-output) )/;

function resultLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => !VOLATILE.test(l));
}

const scalarFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.sca'))
    .sort();

function sh(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, env: theOmnetpp().env, encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
}

export function sampleTest(c: SampleCase): void {
  test(
    `${c.sample}: no campaign file, every run succeeds and equals opp_runall's`,
    { skip },
    async () => {
      const parent = copySamples(c.sample, ...(c.beside ?? []));
      const dir = join(parent, c.sample);
      assert.ok(!existsSync(join(dir, 'opp-campaign.yml')));
      if (c.prebuilt) {
        sh('opp_makemake', ['-f'], dir);
        sh('make', ['-j2'], dir);
      }
      const r = await runCli(
        [
          'run',
          '.',
          ...c.configs.flatMap((config) => ['-c', config]),
          ...(c.runs !== undefined ? ['-r', c.runs] : []),
          '-j',
          '2',
          '--progress',
          'plain',
          '--ccache-dir',
          CCACHE,
          ...(c.args ? ['--', ...c.args] : []),
        ],
        dir,
      );
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, c.detected);
      assert.match(r.stdout, new RegExp(`succeeded  ${c.total}\\n`));
      assert.match(r.stdout, /failed {5}0\n/);

      const baseline = join(parent, 'opp_runall-results');
      for (const config of c.configs)
        sh(
          'opp_runall',
          [
            '-j',
            '2',
            c.program,
            '-c',
            config,
            ...(c.runs !== undefined ? ['-r', c.runs] : []),
            ...(c.args ?? []),
            `--result-dir=${baseline}`,
          ],
          dir,
        );
      const ours = join(dir, 'results', '.runs');
      assert.deepEqual(scalarFiles(ours), scalarFiles(baseline));
      assert.equal(scalarFiles(ours).length, c.total);
      for (const f of scalarFiles(ours))
        assert.deepEqual(resultLines(join(ours, f)), resultLines(join(baseline, f)), f);

      // runs went several to a process (as opp_runall's), each with a log of its own run only
      const out = join(dir, 'results');
      // OMNeT++'s tools pointed at the whole results folder see each run once
      const summary = (folder: string): string => {
        const q = spawnSync('opp_scavetool', ['query', '-s', folder], {
          env: theOmnetpp().env,
          encoding: 'utf8',
        });
        assert.equal(q.status, 0, q.stderr);
        return q.stdout;
      };
      assert.equal(summary(out), summary(baseline));
      assert.match(summary(out), new RegExp(`^runs: ${c.total} `));
      // our export of the merged folder is opp_scavetool's (lines sorted: run order aside)
      const theirs = spawnSync('opp_scavetool', ['export', '-F', 'CSV-R', '-o', '-', out], {
        env: theOmnetpp().env,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      assert.equal(theirs.status, 0, theirs.stderr);
      const exported = await runCli(['export', out, '-F', 'csv-r']);
      assert.equal(exported.code, 0, exported.stderr);
      const lines = (text: string): string[] => text.split('\n').sort();
      assert.deepEqual(lines(exported.stdout), lines(theirs.stdout));
      // scalars.csv, made of the parts staged as the runs ended, is opp_scavetool's export of
      // results.sca (run order aside)
      const scalars = spawnSync(
        'opp_scavetool',
        ['export', '-F', 'CSV-R', '-o', '-', join(out, 'results.sca')],
        { env: theOmnetpp().env, encoding: 'utf8', maxBuffer: 1 << 30 },
      );
      assert.equal(scalars.status, 0, scalars.stderr);
      assert.deepEqual(
        lines(readFileSync(join(out, 'scalars.csv'), 'utf8')),
        lines(scalars.stdout),
      );
      const records = [
        ...readJournal(readFileSync(join(out, 'journal.jsonl'), 'utf8')).runs.values(),
      ];
      assert.equal(records.length, c.total);
      const processes = new Set<string>();
      for (const rec of records) {
        // every run has its process's peak memory, also a run recorded after its batch ended
        assert.ok((rec.peakKiB ?? 0) > 0, `${rec.config} #${rec.run}: no peak memory`);
        const log = readFileSync(join(out, rec.log), 'utf8');
        const opened = [...log.matchAll(/^Preparing for running configuration (.*), run #(\d+)/gm)];
        assert.deepEqual(
          opened.map((m) => [m[1], Number(m[2])]),
          [[rec.config, rec.run]],
          rec.log,
        );
        assert.match(log, /^OMNeT\+\+ Discrete Event Simulation/, rec.log);
        processes.add(/^Assigned runID=.*-(\d+)$/m.exec(log)?.[1] ?? '');
      }
      // (a first batch of more than one run: more than 4 runs on 2 slots)
      if (nextBatchSize(autoBatchSize(c.total, 2), c.total, 2) > 1)
        assert.ok(
          processes.size < c.total,
          `${c.total} runs in ${processes.size} processes: not batched`,
        );
    },
  );
}
