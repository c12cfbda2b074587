// The build adapter against real make, g++ and ccache, on a copy of the demo model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/adapters/build.js';
import { contentListing } from '../helpers/content-listing.js';
import { REPO } from '../helpers/project.js';

const hasCcache = (() => {
  try {
    execFileSync('ccache', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const project = mkdtempSync(join(tmpdir(), 'opp-build-'));
cpSync(join(REPO, 'examples', 'aloha'), project, {
  recursive: true,
  filter: (src) => !/[/\\](out|results)$/.test(src),
});
const ccacheDir = join(project, '.ccache');
const log = join(project, 'build.log');
const make = (env?: Record<string, string>) =>
  build({
    settings: { preset: 'make', dir: '.', args: [] },
    projectDir: project,
    logFile: log,
    ccacheDir,
    jobs: 2,
    ...(env ? { env } : {}),
  });
const compiled = () =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => / -c /.test(l))
    .map((l) => /(\S+\.cc)\s*$/.exec(l)?.[1]?.split('/').pop());
const sources =
  readFileSync(join(project, 'Makefile'), 'utf8') &&
  execFileSync('ls', [join(project, 'src')])
    .toString()
    .split('\n')
    .filter((f) => f.endsWith('.cc'));

test(
  'build once, then nothing to do, then only the touched file',
  { skip: !hasCcache && 'ccache not installed' },
  async () => {
    const first = await make();
    assert.ok(first.ok, first.tail.join('\n'));
    assert.equal(compiled().length, sources.length);
    assert.equal(first.ccache?.misses, sources.length);

    const again = await make();
    assert.ok(again.ok);
    assert.deepEqual(compiled(), [], 'a no-change build compiles nothing');
    assert.deepEqual(again.ccache, { hits: 0, misses: 0 });

    const future = new Date(Date.now() + 5000);
    utimesSync(join(project, 'src', 'host.cc'), future, future);
    const touched = await make();
    assert.ok(touched.ok);
    assert.deepEqual(compiled(), ['host.cc']);
    // same content: ccache serves the object from the cache
    assert.deepEqual(touched.ccache, { hits: 1, misses: 0 });

    rmSync(join(project, 'out'), { recursive: true });
    const clean = await make();
    assert.ok(clean.ok);
    assert.deepEqual(
      clean.ccache,
      { hits: sources.length, misses: 0 },
      'a clean rebuild is all cache hits',
    );
  },
);

test(
  "a statistics log the user set counts only this build's compilations, and keeps what it had",
  { skip: !hasCcache && 'ccache not installed' },
  async () => {
    const theirs = join(project, 'their-stats.log');
    writeFileSync(theirs, '# earlier.cc\ncache_miss\ndirect_cache_hit\n');
    rmSync(join(project, 'out'), { recursive: true, force: true });
    const r = await make({ CCACHE_STATSLOG: theirs });
    assert.ok(r.ok, r.tail.join('\n'));
    assert.deepEqual(r.ccache, { hits: sources.length, misses: 0 });
    const lines = readFileSync(theirs, 'utf8').split('\n');
    assert.deepEqual(lines.slice(0, 3), ['# earlier.cc', 'cache_miss', 'direct_cache_hit']);
    assert.equal(lines.filter((l) => l === 'direct_cache_hit').length, sources.length + 1);
  },
);

test(
  'a project, cache and log whose paths hold a $ build through ccache (ccache expands $NAME in its settings)',
  { skip: !hasCcache && 'ccache not installed' },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-build-dollar-'));
    const dir = join(root, 'a$b model');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.cc'), 'int a() { return 1; }\n');
    writeFileSync(join(dir, 'Makefile'), 'out/a.o: a.cc\n\tmkdir -p out\n\tg++ -c -o $@ $<\n');
    const r = await build({
      settings: { preset: 'make', dir: '.', args: [] },
      projectDir: dir,
      logFile: join(dir, 'results$x', 'build.log'),
      ccacheDir: join(root, 'cache$HOME'),
    });
    assert.ok(r.ok, r.tail.join('\n'));
    assert.deepEqual(r.ccache, { hits: 0, misses: 1 });
    assert.ok(existsSync(join(root, 'cache$HOME')), 'the cache is where it was asked to be');
  },
);

test('a failed build reports its last lines', async () => {
  const broken = mkdtempSync(join(tmpdir(), 'opp-build-broken-'));
  cpSync(project, broken, { recursive: true, filter: (src) => !/[/\\](out|\.ccache)$/.test(src) });
  appendFileSync(join(broken, 'src', 'rng.cc'), '\nthis is not C++;\n');
  const r = await build({
    settings: { preset: 'make', dir: '.', args: [] },
    projectDir: broken,
    logFile: join(broken, 'build.log'),
    ccacheDir,
    jobs: 2,
  });
  assert.equal(r.ok, false);
  assert.ok(
    r.tail.some((l) => /rng\.cc.*error/.test(l)),
    r.tail.join('\n'),
  );
  assert.match(r.tail.join('\n'), /exit status \d+/);
});

test('a build program that cannot be started is a failed build that says so', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'opp-build-nomake-'));
  const r = await build({
    settings: { preset: 'make', dir: '.', args: [] },
    projectDir: project,
    logFile: join(empty, 'build.log'),
    ccacheDir: join(empty, '.ccache'),
    env: { PATH: empty },
  });
  assert.equal(r.ok, false);
  assert.deepEqual(r.tail, [
    '$ make -j' + String(cpus().length),
    'make could not be started: spawn make ENOENT',
  ]);
  // an OMNeT++ tool: where to get it
  const omnetpp = await build({
    settings: { preset: 'omnetpp', dir: '.', makemake: ['-f'], mode: 'release' },
    projectDir: empty,
    logFile: join(empty, 'build2.log'),
    ccacheDir: join(empty, '.ccache'),
    env: { PATH: empty },
  });
  assert.equal(omnetpp.ok, false);
  assert.match(
    omnetpp.tail.join('\n'),
    /opp_makemake could not be started: spawn opp_makemake ENOENT \(OMNeT\+\+'s bin\/ is not on PATH: run '\. setenv' in the OMNeT\+\+ folder/,
  );
});

test('without ccache the build still works, with one warning', async () => {
  const plain = mkdtempSync(join(tmpdir(), 'opp-build-plain-'));
  cpSync(join(REPO, 'test', 'fixtures', 'models', 'misbehave'), plain, {
    recursive: true,
    filter: (src) => !/[/\\]out$/.test(src),
  });
  // a PATH with the tools the build needs, and no ccache
  const bin = join(plain, 'bin');
  mkdirSync(bin);
  for (const tool of ['make', 'g++', 'sh', 'mkdir', 'as', 'ld'])
    symlinkSync(
      execFileSync('sh', ['-c', `command -v ${tool}`])
        .toString()
        .trim(),
      join(bin, tool),
    );
  const r = await build({
    settings: { preset: 'make', dir: '.', args: [] },
    projectDir: plain,
    logFile: join(plain, 'build.log'),
    ccacheDir: join(plain, '.ccache'),
    env: { PATH: bin },
  });
  assert.ok(r.ok, r.tail.join('\n'));
  assert.equal(r.ccache, undefined);
  assert.match(r.ccacheWarning ?? '', /ccache is not installed/);
});

test(
  'read-only (CCACHE_READONLY, as pull-request jobs use it): hits from the cache, nothing written to it',
  { skip: !hasCcache && 'ccache not installed' },
  async (t) => {
    // a model of two sources compiled separately (ccache caches `-c` compiles, not links)
    const copy = (): string => {
      const d = mkdtempSync(join(tmpdir(), 'opp-build-ro-'));
      writeFileSync(join(d, 'a.cc'), 'int a() { return 1; }\n');
      writeFileSync(join(d, 'main.cc'), 'int a();\nint main() { return a() - 1; }\n');
      writeFileSync(
        join(d, 'Makefile'),
        'out/model: out/a.o out/main.o\n\tg++ -o $@ $^\nout/%.o: %.cc\n\tmkdir -p out\n\tg++ -O1 -c -o $@ $<\n',
      );
      return d;
    };
    const cache = mkdtempSync(join(tmpdir(), 'opp-ccache-shared-'));
    const makeIn = (dir: string, env?: Record<string, string>) =>
      build({
        settings: { preset: 'make', dir: '.', args: [] },
        projectDir: dir,
        logFile: join(dir, 'build.log'),
        ccacheDir: cache,
        ...(env ? { env } : {}),
      });
    const first = await makeIn(copy());
    assert.ok(first.ok, first.tail.join('\n'));
    const before = contentListing(cache);
    assert.ok(before.length > 0, 'the trusted build filled the cache');

    // the builds' scratch folders go to a temporary folder of this test's own (test files run
    // two at once: another one's build may make and remove its own meanwhile)
    const ownTmp = mkdtempSync(join(tmpdir(), 'opp-ccache-tmp-'));
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = ownTmp;
    t.after(() => {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    });
    const scratch = (): string[] =>
      readdirSync(ownTmp).filter((f) => f.startsWith('opp-ccache-ro-'));
    const scratchBefore = scratch();
    const pr = copy();
    const ccacheLog = join(pr, 'ccache.log');
    const readOnly = { CCACHE_READONLY: '1', CCACHE_LOGFILE: ccacheLog };
    const same = await makeIn(pr, readOnly);
    assert.ok(same.ok, same.tail.join('\n'));
    assert.match(
      readFileSync(ccacheLog, 'utf8'),
      /Result: (direct_cache_hit|preprocessed_cache_hit|cache hit)/,
      'served from the cache',
    );
    // a changed source compiles, and its object is not stored
    appendFileSync(join(pr, 'a.cc'), 'int pr_only_symbol = 1;\n');
    rmSync(join(pr, 'out'), { recursive: true });
    const changed = await makeIn(pr, readOnly);
    assert.ok(changed.ok, changed.tail.join('\n'));
    assert.deepEqual(contentListing(cache), before, 'the shared cache is unchanged');
    assert.deepEqual(scratch(), scratchBefore, 'the builds removed their own compiler links');
  },
);

test("OMNeT++'s Makefile is given Makefile.inc's path: opp_configfilepath is not run; a path the user set stays", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-build-configfile-'));
  const bin = join(root, 'omnetpp', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(root, 'omnetpp', 'Makefile.inc'), '');
  const calls = join(root, 'calls');
  // as OMNeT++'s: prints the Makefile.inc beside its bin folder; here it also counts its calls
  writeFileSync(
    join(bin, 'opp_configfilepath'),
    `#!/bin/sh\necho x >> '${calls}'\n(cd $(dirname $0)/.. && echo $(pwd)/Makefile.inc)\n`,
    { mode: 0o755 },
  );
  const model = join(root, 'model');
  mkdirSync(model);
  // the lines of opp_makemake's Makefile that name the config file
  writeFileSync(
    join(model, 'Makefile'),
    [
      'ifneq ("$(OMNETPP_CONFIGFILE)","")',
      'CONFIGFILE = $(OMNETPP_CONFIGFILE)',
      'else',
      'CONFIGFILE = $(shell opp_configfilepath)',
      'endif',
      'all:',
      '\t@echo "$(CONFIGFILE) $(CONFIGFILE)" > used.txt',
      '',
    ].join('\n'),
  );
  const make = (env: Record<string, string>) =>
    build({
      settings: { preset: 'make', dir: '.', args: [] },
      projectDir: model,
      logFile: join(model, 'build.log'),
      ccacheDir,
      jobs: 1,
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, ...env },
    });
  const inc = join(root, 'omnetpp', 'Makefile.inc');
  assert.equal((await make({})).ok, true);
  assert.equal(readFileSync(join(model, 'used.txt'), 'utf8').trim(), `${inc} ${inc}`);
  assert.equal(readdirSync(root).includes('calls'), false);
  // the user's own value is kept
  assert.equal((await make({ OMNETPP_CONFIGFILE: '/elsewhere/Makefile.inc' })).ok, true);
  assert.match(readFileSync(join(model, 'used.txt'), 'utf8'), /^\/elsewhere\/Makefile\.inc /);
  rmSync(root, { recursive: true, force: true });
});

test(
  'a compiler cache folder that cannot be made (a home folder not the user’s): the build goes on without the cache, with one warning',
  { skip: !hasCcache && 'ccache not installed' },
  async () => {
    const plain = mkdtempSync(join(tmpdir(), 'opp-build-nocache-'));
    cpSync(join(REPO, 'test', 'fixtures', 'models', 'misbehave'), plain, {
      recursive: true,
      filter: (src) => !/[/\\]out$/.test(src),
    });
    // a file where a folder of the path should be (ENOTDIR: root may write anywhere else)
    writeFileSync(join(plain, 'home'), '');
    const cache = join(plain, 'home', '.cache', 'ccache');
    const r = await build({
      settings: { preset: 'make', dir: '.', args: [] },
      projectDir: plain,
      logFile: join(plain, 'build.log'),
      ccacheDir: cache,
    });
    assert.ok(r.ok, r.tail.join('\n'));
    assert.equal(r.ccache, undefined);
    // a Makefile that names ccache itself (OMNeT++'s Makefile.inc: CXX = ccache g++) gets it
    // switched off: its own default folder is under the same unusable home
    writeFileSync(join(plain, 'Makefile'), 'all:\n\techo "$$CCACHE_DISABLE" > disabled.txt\n');
    const named = await build({
      settings: { preset: 'make', dir: '.', args: [] },
      projectDir: plain,
      logFile: join(plain, 'build.log'),
      ccacheDir: cache,
    });
    assert.ok(named.ok, named.tail.join('\n'));
    assert.equal(readFileSync(join(plain, 'disabled.txt'), 'utf8'), '1\n');
    assert.equal(
      r.ccacheWarning,
      `the compiler cache folder ${cache} cannot be used (ENOTDIR): building without a compiler cache (choose another with --ccache-dir)`,
    );
  },
);
