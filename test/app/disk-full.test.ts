// A campaign whose results folder is on a really full file system: a 1 MiB tmpfs (mounting one
// needs root; elsewhere the test says so in one line and skips). The campaign stops with one
// clear message naming the folder, its running simulations are stopped, the journal stays
// whole, and once there is space again the same command completes the rest.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readJournal, type RunRecord } from '../../src/core/campaign/journal.js';
import { runCli } from '../helpers/cli.js';
import { gone } from '../helpers/processes.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';

function mountTmpfs(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'opp-full-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return r.status === 0 ? dir : undefined;
}

const mnt = mountTmpfs('1m');
if (!mnt) console.log('# skipped: mounting a small tmpfs needs root (mount -t tmpfs)');
// (also when the test that uses it is not run: a filtered run)
after(() => {
  if (mnt) spawnSync('umount', ['-l', mnt]);
});

test(
  'disk full during run: one clear message, runs stopped, journal whole, rerun completes',
  {
    skip: mnt === undefined,
  },
  async () => {
    const mount = mnt as string;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'opp-full-project-'));
      mkdirSync(join(dir, 'cache'));
      writeFileSync(
        join(dir, 'omnetpp.ini'),
        '[General]\nnetwork = Net\n[Config C]\n**.i = ${i=0..39}\n',
      );
      // run 0 runs on (until the campaign stops it); every other run writes 150 kB of output
      writeFileSync(
        join(dir, 'sim.sh'),
        'if [ "$1" = 0 ] && [ ! -e long.off ]; then echo $$ > long.pid; exec sleep 300; fi\n' +
          'head -c 150000 /dev/zero\n',
      );
      writeFileSync(
        join(dir, 'opp-campaign.yml'),
        'configs: [C]\nrun: { preset: command, command: "sh sim.sh {run}" }\nresults: { files: [] }\n',
      );
      const out = join(mount, 'results');
      const run = () =>
        runCli([
          'run',
          dir,
          '-j',
          '2',
          '--results',
          out,
          '--progress',
          'plain',
          '--ccache-dir',
          join(dir, 'cache'),
        ]);

      const r = await run();
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.includes('error'));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(
        errors[0] ?? '',
        new RegExp(`^opp-campaign: error: no space left on the device of ${out} \\(ENOSPC`),
      );
      assert.match(errors[0] ?? '', /The running simulations were stopped; the journal holds/);
      const long = Number(readFileSync(join(dir, 'long.pid'), 'utf8'));
      assert.ok(await gone(long), `run 0 (process ${long}) was left running`);
      const journal = readJournal(readFileSync(join(out, 'journal.jsonl'), 'utf8'));
      assert.deepEqual(journal.damagedLines, []);
      assert.ok(journal.runs.size < 40, 'the campaign stopped early');
      assert.equal(existsSync(join(out, '.opp-campaign', 'lock')), false, 'the folder is free');

      // space again: the same command runs what is missing, and only that
      execFileSync('mount', ['-o', 'remount,size=64m', mount]);
      writeFileSync(join(dir, 'long.off'), '');
      const okBefore = [...journal.runs.values()].filter((x) => x.status === 'ok').length;
      const again = await run();
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, new RegExp(`skipped +${okBefore} `));
      const text = readFileSync(join(out, 'journal.jsonl'), 'utf8');
      const final = readJournal(text);
      assert.deepEqual(final.damagedLines, []);
      assert.equal([...final.runs.values()].filter((x: RunRecord) => x.status === 'ok').length, 40);
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  },
);

test(
  'disk full during merge -o into a new folder: one message naming the folder; no empty folder left',
  { skip: mnt === undefined },
  async () => {
    const small = mountTmpfs('1m') as string;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'opp-full-merge-'));
      // one run of 40,000 scalars: some 2 MB as SQLite
      const lines = ['version 3', 'run General-0-20261205-12:00:00-1', 'attr configname General'];
      lines.push('attr runnumber 0', 'attr network Net', 'attr repetition 0', '');
      for (let i = 0; i < 40_000; i++) lines.push(`scalar Net.node${i} value ${i}.5`);
      writeFileSync(join(dir, 'General-#0.sca'), lines.join('\n') + '\n');
      const out = join(small, 'ds');
      const r = await runCli(['merge', dir, '-o', out]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^opp-campaign: error: no space left on the device of ${out} \\(.*\\)\\. Free some space and merge again\\.\\n$`,
        ),
      );
      assert.equal(existsSync(out), false, 'the folder the merge made is not left behind');
    } finally {
      execFileSync('umount', ['-l', small]);
    }
  },
);

test(
  'a results folder on a read-only file system: the message says read-only, at the folder that is there',
  { skip: mnt === undefined },
  async () => {
    const ro = mkdtempSync(join(tmpdir(), 'opp-full-ro-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
    try {
      const dir = misbehaveProject(
        '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\n',
        MISBEHAVE_CAMPAIGN,
      );
      const out = join(ro, 'results');
      const r = await runCli(['run', dir, '--results', out, '--ccache-dir', join(dir, 'cache')]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^opp-campaign: error: cannot mkdir '${out}/\\.opp-campaign': '${ro}' is not writable: read-only file system \\(EROFS\\)\\n$`,
        ),
      );
    } finally {
      execFileSync('umount', ['-l', ro]);
    }
  },
);

test(
  'disk full during report -o: the message names the page; no partial page or folder left, an old page kept',
  { skip: mnt === undefined },
  async () => {
    const small = mountTmpfs('1m') as string;
    const dir = mkdtempSync(join(tmpdir(), 'opp-full-report-'));
    try {
      const lines = ['version 3', 'run General-0-20261205-12:00:00-1', 'attr configname General'];
      lines.push('attr runnumber 0', 'attr network Net', 'attr repetition 0', '');
      for (let i = 0; i < 50; i++) lines.push(`scalar Net.node${i} value ${i}.5`);
      writeFileSync(join(dir, 'General-#0.sca'), lines.join('\n') + '\n');
      writeFileSync(join(small, 'report.html'), 'the old page\n');
      // the rest of the tmpfs taken: not one page of the report fits
      spawnSync('dd', ['if=/dev/zero', `of=${join(small, 'filler')}`, 'bs=4k']);
      const fresh = join(small, 'new', 'report.html');
      const r = await runCli(['report', dir, '-o', fresh]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^opp-campaign: error: no space left on the device of ${fresh} \\(.*\\)\\. No report was written: free some space and write it again\\.\\n$`,
        ),
      );
      assert.deepEqual(readdirSync(small).sort(), ['filler', 'report.html']);
      const old = join(small, 'report.html');
      const again = await runCli(['report', dir, '-o', old]);
      assert.equal(again.code, 1, again.stdout + again.stderr);
      assert.match(
        again.stderr,
        new RegExp(`no space left on the device of ${old} .* is as it was`),
      );
      assert.equal(readFileSync(old, 'utf8'), 'the old page\n');
      assert.deepEqual(readdirSync(small).sort(), ['filler', 'report.html']);
    } finally {
      execFileSync('umount', ['-l', small]);
      rmSync(small, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'disk full during run: no partial result files left in OUT/.runs; after the rerun none set aside',
  { skip: mnt === undefined },
  async () => {
    const small = mountTmpfs('1m') as string;
    const dir = mkdtempSync(join(tmpdir(), 'opp-full-runs-'));
    try {
      writeFileSync(
        join(dir, 'omnetpp.ini'),
        '[General]\nnetwork = Net\n[Config C]\n**.i = ${i=0..19}\n' +
          'output-scalar-file = "${resultdir}/r${runnumber}.sca"\n',
      );
      // each run writes a scalar file of some 120 kB, its last line once all is written
      writeFileSync(
        join(dir, 'sim.sh'),
        'f="$2/r$1.sca"\n' +
          'printf "version 3\\nrun C-$1\\nattr configname C\\nattr runnumber $1\\n" > "$f" || exit 1\n' +
          'head -c 120000 /dev/zero | tr "\\0" "#" >> "$f" || exit 1\n' +
          'printf "\\nscalar Net x 1\\n" >> "$f"\n',
      );
      writeFileSync(
        join(dir, 'opp-campaign.yml'),
        'configs: [C]\nrun: { preset: command, command: "sh sim.sh {run} {resultdir}" }\n',
      );
      const out = join(small, 'results');
      const run = () =>
        runCli([
          'run',
          dir,
          '-j',
          '2',
          '--results',
          out,
          '--progress',
          'plain',
          '--ccache-dir',
          join(dir, 'cache'),
        ]);
      const recorded = (): Set<string> => {
        const journal = readJournal(readFileSync(join(out, 'journal.jsonl'), 'utf8'));
        const files = [...journal.runs.values()].filter((x) => x.status === 'ok');
        return new Set(files.flatMap((x) => x.files.map((f) => basename(f.path))));
      };
      const r = await run();
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /no space left on the device of/);
      // what OUT/.runs holds is the results of runs recorded as done, nothing cut short
      const done = recorded();
      assert.ok(done.size < 20, 'the campaign stopped early');
      for (const f of readdirSync(join(out, '.runs')))
        assert.ok(done.has(f), `${f} is in .runs, but no run recorded as done has it`);

      execFileSync('mount', ['-o', 'remount,size=64m', small]);
      const again = await run();
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(recorded().size, 20);
      assert.equal(readdirSync(join(out, '.runs')).length, 20);
      const aside = join(out, '.opp-campaign', 'incomplete');
      assert.deepEqual(existsSync(aside) ? readdirSync(aside) : [], []);
    } finally {
      execFileSync('umount', ['-l', small]);
      rmSync(small, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
