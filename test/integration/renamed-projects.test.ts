// A referenced project whose folder is not named as the project: a copy named otherwise, and
// every git: project's checkout (a folder named after the URL's hash). opp_makemake names its
// library after the folder; the runs must load that one (real OMNeT++ 6.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { copySamples, needsOmnetpp, SHARED_CCACHE, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

/** The sample's ini names ../queueinglib as a NED folder itself: that line goes (the runs get the project's NED folders from opp-campaign). */
function dropNedPath(model: string): void {
  const ini = join(model, 'omnetpp.ini');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^ned-path = .*\n/m, ''));
}

async function campaign(dir: string, cache: string) {
  const saved = process.env.PATH;
  process.env.PATH = theOmnetpp().path;
  try {
    return await runCli(
      [
        'run',
        '.',
        '-c',
        'CQN',
        '-r',
        '0',
        '--progress',
        'plain',
        '--ccache-dir',
        cache,
        '--',
        '--sim-time-limit=1000s',
      ],
      dir,
    );
  } finally {
    process.env.PATH = saved;
  }
}

test(
  'queueinglib in a folder named qlib: found by its .project, its library (libqlib.so) loaded',
  { skip },
  async () => {
    const parent = copySamples('queuenet', 'queueinglib');
    renameSync(join(parent, 'queueinglib'), join(parent, 'qlib'));
    dropNedPath(join(parent, 'queuenet'));
    const r = await campaign(join(parent, 'queuenet'), SHARED_CCACHE);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /projects queueinglib at \.\.\/qlib/);
    assert.match(r.stdout, /succeeded {2}1\n/);
  },
);

test(
  'queueinglib as a git: project at a tag: its checkout built and its library loaded',
  { skip },
  async () => {
    const parent = copySamples('queuenet', 'queueinglib');
    const lib = join(parent, 'queueinglib');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        cwd,
        stdio: 'pipe',
      });
    git(lib, 'init', '-q');
    git(lib, 'add', '-A');
    git(lib, 'commit', '-qm', 'queueinglib');
    git(lib, 'tag', 'v1');
    git(parent, 'clone', '-q', '--bare', lib, 'queueinglib.git');
    const model = join(parent, 'queuenet');
    writeFileSync(
      join(model, 'opp-campaign.yml'),
      `projects:\n  - name: queueinglib\n    git: file://${join(parent, 'queueinglib.git')}\n    ref: v1\n`,
    );
    renameSync(lib, join(parent, 'elsewhere')); // not found beside the model: the checkout is used
    dropNedPath(model);
    const r = await campaign(model, SHARED_CCACHE);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /project 'queueinglib': file:\/\/\S+ at v1 /);
    assert.match(r.stdout, /succeeded {2}1\n/);
    // the same command again: the checkout keeps its build, the finished run is done
    const again = await campaign(model, SHARED_CCACHE);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stderr, /project 'queueinglib': up to date/);
    assert.match(again.stdout, /skipped {4}1 /);
  },
);
