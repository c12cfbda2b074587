// The referenced-project example (examples/queuesim on top of examples/queuelib), end to end:
// real make, g++ and ccache, real runs. A change in the library rebuilds the library and
// relinks the model, nothing else; a feature toggle changes the fingerprint and the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf } from '../../src/adapters/build-inputs.js';
import { legacyBuildId } from '../../src/adapters/build-id.js';
import { readStamp } from '../../src/adapters/projects.js';
import { legacyWithProjects, type LinkedProjects } from '../../src/app/build-projects.js';
import { loadSettings } from '../../src/app/campaign-setup.js';
import { runCli } from '../helpers/cli.js';
import { REPO } from '../helpers/project.js';

const work = mkdtempSync(join(tmpdir(), 'opp-projects-'));
for (const name of ['queuelib', 'queuesim'])
  cpSync(join(REPO, 'examples', name), join(work, name), {
    recursive: true,
    filter: (src) => !/[/\\](out|results)$/.test(src) && !src.endsWith('_features.h'),
  });
const model = join(work, 'queuesim');
const lib = join(work, 'queuelib');
const campaignFile = join(model, 'opp-campaign.yml');
const original = readFileSync(campaignFile, 'utf8');
// fingerprints need a git work tree (its files need not be committed)
execFileSync('git', ['init', '-q', work]);

const run = (dir = model, ...args: string[]) =>
  runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(work, 'cache'), ...args]);

/** The source files a build log shows compiled, and the files it linked. */
function buildLog(path: string): { compiled: string[]; linked: string[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  return {
    compiled: lines
      .filter((l) => / -c /.test(l))
      .map((l) => /(\S+\.cc)\s*$/.exec(l)?.[1]?.split('/').pop() ?? l),
    linked: lines
      .filter((l) => !/ -c /.test(l) && / -o \S+/.test(l))
      .map((l) => / -o (\S+)/.exec(l)?.[1] ?? l),
  };
}
const libLog = () =>
  buildLog(join(model, 'results', '.opp-campaign', 'projects', 'queuelib.build.log'));
const modelLog = () => buildLog(join(model, 'results', '.opp-campaign', 'build.log'));
const runLog = (n: number) =>
  readFileSync(join(model, 'results', 'logs', `Study-${n}.log`), 'utf8');
const scalars = (name: string): number[] =>
  readdirSync(join(model, 'results', '.runs'))
    .filter((f) => f.endsWith('.sca'))
    .sort()
    .map((f) => readFileSync(join(model, 'results', '.runs', f), 'utf8'))
    .map((t) => Number(new RegExp(`^scalar \\S+ ${name} (\\S+)$`, 'm').exec(t)?.[1]));

test('the library builds first; the runs get its library, NED folders and exclusions', async () => {
  const r = await run();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    // (a machine without ccache adds a warning line to each build)
    /building project 'queuelib' \(make\)\.\.\.\n(?:warning: ccache .*\n)?built project 'queuelib'.*\nbuilding \(make\)/,
  );
  assert.match(r.stdout, /succeeded +6/);
  assert.deepEqual(libLog().compiled.sort(), ['queue.cc', 'scheduling.cc']);
  assert.deepEqual(modelLog().compiled, ['main.cc']);
  const log = runLog(0);
  assert.match(log, /^Loaded library \.\.\/queuelib\/out\/libqueuelib\.so$/m);
  assert.match(log, /^NED path: \.\.\/queuelib\/src:\.$/m);
  assert.match(log, /^NED package exclusions: queuelib\.priority$/m);
  assert.deepEqual(scalars('priorityScheduling'), [0, 0, 0, 0, 0, 0]);

  const again = await run();
  assert.equal(again.code, 0);
  assert.match(again.stderr, /project 'queuelib': up to date/);
  assert.deepEqual(modelLog(), { compiled: [], linked: [] });
  assert.match(again.stdout, /skipped +6/);
});

test("files of the library's folder the runs do not load (a README, its own results) leave the runs done; its NED files do not", async () => {
  writeFileSync(join(lib, 'README.txt'), 'notes\n');
  mkdirSync(join(lib, 'results'));
  writeFileSync(join(lib, 'results', 'General-#0.sca'), 'x\n');
  const touched = await run();
  assert.equal(touched.code, 0, touched.stdout + touched.stderr);
  // (the library's make runs, finds nothing to do: the library is the same file)
  assert.match(touched.stdout, /skipped +6/);
  assert.match(touched.stdout, /succeeded +0/);

  const ned = join(lib, 'src', 'Queue.ned');
  const text = readFileSync(ned, 'utf8');
  writeFileSync(ned, `${text}\n// a comment the runs read\n`);
  const edited = await run();
  assert.equal(edited.code, 0, edited.stdout + edited.stderr);
  assert.match(edited.stdout, /succeeded +6/);
  writeFileSync(ned, text);
  rmSync(join(lib, 'results'), { recursive: true });
  rmSync(join(lib, 'README.txt'));
});

// MIGRATION (remove with src/adapters/build-id.ts' legacyBuildId)
test("runs journaled before the upgrade, with the project's folder stamp in the build id, are done once", async () => {
  const done = await run();
  assert.equal(done.code, 0, done.stdout + done.stderr);
  const journal = join(model, 'results', 'journal.jsonl');
  const stamp = join(model, 'results', '.opp-campaign', 'projects', 'queuelib.json');
  const fingerprints = { queuelib: readStamp(stamp) ?? '' };
  const s = await loadSettings(model, {});
  const legacy = legacyWithProjects(legacyBuildId(model, s.run, s), {
    fingerprints,
  } as unknown as LinkedProjects);
  const text = readFileSync(journal, 'utf8');
  const newId = (JSON.parse(text.split('\n')[0] as string) as { build: string }).build;
  assert.notEqual(newId, legacy);
  writeFileSync(journal, text.replaceAll(`"build":"${newId}"`, `"build":"${legacy}"`));

  const upgraded = await run();
  assert.equal(upgraded.code, 0, upgraded.stdout + upgraded.stderr);
  assert.match(upgraded.stdout, /skipped +6/);
  const last = new Map<string, string>();
  for (const l of readFileSync(journal, 'utf8')
    .split('\n')
    .filter((x) => x !== '')) {
    const rec = JSON.parse(l) as { t: string; key: string; build: string };
    if (rec.t === 'run') last.set(rec.key, rec.build);
  }
  assert.deepEqual([...new Set(last.values())], [newId]);
});

test('a change in the library rebuilds the library and relinks the model, nothing else', async () => {
  appendFileSync(
    join(lib, 'src', 'queue.cc'),
    '\n// a change\nnamespace queuelib { int changed = 1; }\n',
  );
  const r = await run();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(libLog(), { compiled: ['queue.cc'], linked: ['out/libqueuelib.so'] });
  assert.deepEqual(modelLog(), { compiled: [], linked: ['out/queuesim'] });
  // the runs used the old library: they run again
  assert.match(r.stdout, /succeeded +6/);
});

test('toggling a feature changes the fingerprint and the build', async () => {
  const fingerprint = async () =>
    (await fingerprintOf(model, await loadSettings(model, {}))).fingerprint;
  const before = await fingerprint();
  writeFileSync(campaignFile, `${original}features:\n  queuelib: { enable: [Priority] }\n`);
  const enabled = await fingerprint();
  assert.notEqual(enabled, before);

  const r = await run();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /building project 'queuelib'/);
  // the defines header changed: everything that includes it is compiled again
  assert.deepEqual(libLog().compiled.sort(), ['queue.cc', 'scheduling.cc']);
  assert.deepEqual(modelLog().compiled, ['main.cc']);
  assert.match(
    readFileSync(join(lib, 'src', 'queuelib_features.h'), 'utf8'),
    /#define QUEUELIB_WITH_PRIORITY/,
  );
  assert.doesNotMatch(runLog(0), /NED package exclusions/);
  assert.deepEqual(scalars('priorityScheduling'), [1, 1, 1, 1, 1, 1]);

  writeFileSync(campaignFile, original);
  assert.equal(await fingerprint(), before, 'the same choice, the same fingerprint');
  const back = await run();
  assert.equal(back.code, 0);
  assert.deepEqual(scalars('priorityScheduling'), [0, 0, 0, 0, 0, 0]);
});

test('a project from a git repository at a tag; an undeclared reference is an error', async () => {
  const repo = join(work, 'queuelib.git');
  const src = join(work, 'queuelib-src');
  cpSync(join(REPO, 'examples', 'queuelib'), src, {
    recursive: true,
    filter: (p) => !/[/\\]out$/.test(p) && !p.endsWith('_features.h'),
  });
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd,
      stdio: 'pipe',
    });
  git(src, 'init', '-q', '-b', 'main');
  git(src, 'add', '-A');
  git(src, 'commit', '-q', '-m', 'queuelib');
  git(src, 'tag', '-a', 'v1.0', '-m', 'v1.0');
  git(work, 'clone', '-q', '--bare', src, repo);

  const other = join(work, 'queuesim-git');
  cpSync(join(REPO, 'examples', 'queuesim'), other, {
    recursive: true,
    filter: (p) => !/[/\\](out|results)$/.test(p),
  });
  writeFileSync(
    join(other, 'opp-campaign.yml'),
    original.replace('path: ../queuelib', `git: file://${repo}\n    ref: v1.0`),
  );
  const r = await run(other, '-r', '0');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /project 'queuelib': file:\/\/\S+ at v1\.0 \([0-9a-f]{12}\), fetched/);
  const log = readFileSync(join(other, 'results', 'logs', 'Study-0.log'), 'utf8');
  assert.match(
    log,
    /^Loaded library \.\.\/projects\/queuelib-[0-9a-f]{12}-[0-9a-f]{12}-[0-9a-f]{12}\/out\/libqueuelib\.so$/m,
  );

  writeFileSync(
    join(other, '.project'),
    readFileSync(join(other, '.project'), 'utf8').replace(
      '<project>queuelib</project>',
      '<project>queuelib</project>\n\t\t<project>inet</project>',
    ),
  );
  const bad = await run(other, '-r', '0');
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /queuesim-git\/\.project references project 'inet', which the campaign file does not declare under 'projects' \(declared: queuelib\)/,
  );

  // a URL with no repository: git's reason, not its closing advice; an abbreviated commit
  const sourced = (source: string) =>
    writeFileSync(join(other, 'opp-campaign.yml'), original.replace('path: ../queuelib', source));
  sourced(`git: file://${join(work, 'nosuch.git')}\n    ref: v1.0`);
  const nowhere = await run(other, '-r', '0');
  assert.equal(nowhere.code, 1);
  assert.match(
    nowhere.stderr,
    /nosuch\.git: cannot list its refs: '[^']*nosuch\.git' does not appear to be a git repository\n/,
  );
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: src, encoding: 'utf8' });
  sourced(`git: file://${repo}\n    ref: ${commit.slice(0, 12)}`);
  const short = await run(other, '-r', '0');
  assert.equal(short.code, 1);
  assert.match(
    short.stderr,
    /has no branch or tag '[0-9a-f]{12}' \(a commit is named by its full id, 40 hexadecimal digits\)/,
  );
});
