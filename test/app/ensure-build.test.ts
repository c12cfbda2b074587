// Build once per commit, with real git (a server on 127.0.0.1), make, g++ and ccache: runner A
// checks out the demo model, builds it and publishes it; runner B, an empty workspace, checks
// out the same commit, downloads the build and runs a shard without invoking the compiler.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { LocalArtifactStore } from '../../src/adapters/artifacts/local-store.js';
import { build } from '../../src/adapters/build.js';
import { fingerprintOf } from '../../src/adapters/build-inputs.js';
import { readCampaignFile } from '../../src/adapters/campaign-file.js';
import { createGitClient } from '../../src/adapters/git/index.js';
import { JournalFile } from '../../src/adapters/journal-file.js';
import { RunningRegistry } from '../../src/adapters/running-registry.js';
import { ensureBuild, type EnsureBuildOptions } from '../../src/app/ensure-build.js';
import { execute, type ProgressSink } from '../../src/app/execute.js';
import { buildMarkerName } from '../../src/core/build/fingerprint.js';
import type { CampaignSettings } from '../../src/core/campaign/settings.js';
import { IniConfig, readIniFiles } from '../../src/core/ini/index.js';
import { planRuns } from '../../src/core/plan/plan.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { gone } from '../helpers/processes.js';
import { REPO } from '../helpers/project.js';

const TOKEN = 'build-token-5a7c';
const root = mkdtempSync(join(tmpdir(), 'opp-ensure-build-'));
const storeDir = join(root, 'store');
let server: GitServer;
let sha: string;
let settings: CampaignSettings;

/** Compiler wrappers that log every call, then run the real compiler: first on PATH. */
const wrappers = join(root, 'wrappers');
function wrapperEnv(logFile: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    PATH: `${wrappers}${delimiter}${process.env['PATH'] ?? ''}`,
    COMPILER_LOG: logFile,
  };
}

before(async () => {
  mkdirSync(wrappers);
  for (const tool of ['g++', 'c++', 'gcc', 'cc']) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`])
      .toString()
      .trim();
    writeFileSync(
      join(wrappers, tool),
      `#!/bin/sh\necho "${tool} $*" >> "$COMPILER_LOG"\nexec ${real} "$@"\n`,
    );
    chmodSync(join(wrappers, tool), 0o755);
  }
  // the demo model in a repository; out/aloha is deliberately not ignored: a downloaded build
  // must not change the fingerprint even so
  const work = join(root, 'work');
  cpSync(join(REPO, 'examples', 'aloha'), work, {
    recursive: true,
    filter: (src) => !/[/\\](out|results)$/.test(src),
  });
  writeFileSync(join(work, '.gitignore'), 'results/\nout/*.o\nout/*.d\n');
  const g = (...args: string[]) => execFileSync('git', args, { cwd: work }).toString().trim();
  g('init', '-q', '-b', 'main');
  g('add', '-A');
  g('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'model');
  sha = g('rev-parse', 'HEAD');
  execFileSync('git', ['clone', '-q', '--bare', work, join(root, 'srv', 'model.git')]);
  server = await startGitServer(join(root, 'srv'), TOKEN);
  settings = await readCampaignFile(join(work, 'opp-campaign.yml'));
});
after(() => server.close());

async function runner(name: string): Promise<string> {
  const ws = join(root, name, 'ws');
  await createGitClient().ensureCheckout({
    url: `${server.url}model.git`,
    sha,
    dir: ws,
    token: TOKEN,
  });
  return ws;
}

function options(name: string, ws: string, over: Partial<EnsureBuildOptions> = {}) {
  const lines: string[] = [];
  const o: EnsureBuildOptions = {
    projectDir: ws,
    settings,
    store: new LocalArtifactStore(storeDir),
    role: 'shard',
    job: name,
    buildJobDeclared: false,
    ccache: { dir: join(root, name, 'ccache'), baseDir: ws },
    stateDir: join(root, name, 'state'),
    logFile: join(root, name, 'build.log'),
    jobs: 2,
    env: wrapperEnv(join(root, name, 'compiler.log')),
    log: (l) => lines.push(l),
    ...over,
  };
  return { o, lines };
}

const compilerCalls = (name: string): string[] => {
  const f = join(root, name, 'compiler.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n') : [];
};

/** Runs configs of the demo on this runner, as a shard does after ensureBuild. */
async function runShard(ws: string, buildId: string) {
  const s = { ...settings, configs: ['PureAloha', 'SlottedAloha2'] };
  const outDir = join(ws, 'results');
  const resultDir = join(outDir, '.runs');
  const ini = new IniConfig(readIniFiles(s.ini, (p) => readFileSync(join(ws, p), 'utf8')));
  const journal = new JournalFile(join(outDir, 'journal.jsonl'));
  mkdirSync(outDir, { recursive: true });
  const quiet: ProgressSink = { skipped() {}, started() {}, status() {}, finished() {} };
  try {
    return await execute(
      planRuns(ini, { configs: s.configs, overrides: { 'result-dir': resultDir } }),
      {
        projectDir: ws,
        outDir,
        resultDir,
        iniFiles: s.ini,
        settings: s,
        jobs: 2,
        buildId,
        force: false,
        journal,
        registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
        progress: quiet,
        signal: new AbortController().signal,
      },
    );
  } finally {
    await journal.close();
  }
}

test('runner A builds and publishes; runner B downloads and runs a shard without compiling', async () => {
  const wsA = await runner('A');
  const a = options('A', wsA);
  const built = await ensureBuild(a.o);
  assert.equal(built.source, 'built', a.lines.join('\n'));
  assert.equal(built.published, true);
  assert.ok(
    compilerCalls('A').some((c) => / -c /.test(c)),
    'runner A compiled through the wrappers',
  );
  assert.match(a.lines.join('\n'), /no build published and none in progress/);

  const wsB = await runner('B');
  const b = options('B', wsB);
  const got = await ensureBuild(b.o);
  assert.equal(got.source, 'downloaded', b.lines.join('\n'));
  assert.equal(got.fingerprint, built.fingerprint);
  assert.equal(got.buildId, built.buildId, 'the same model bytes');
  assert.ok(statSync(join(wsB, 'out', 'aloha')).mode & 0o100, 'executable');

  const summary = await runShard(wsB, got.buildId);
  assert.equal(summary.ok, 2, JSON.stringify(summary.failed));
  assert.deepEqual(compilerCalls('B'), [], 'runner B never invoked a compiler');
  assert.ok(!existsSync(join(root, 'B', 'ccache')), 'nor ccache');

  // results and the downloaded build are not sources; a changed source file is
  const after = await fingerprintOf(wsB, settings, b.o.env);
  assert.equal(after.fingerprint, built.fingerprint);
  appendFileSync(join(wsB, 'src', 'host.cc'), '\n// changed\n');
  const changed = await fingerprintOf(wsB, settings, b.o.env);
  assert.notEqual(changed.fingerprint, built.fingerprint);
  assert.notEqual(changed.inputs.sourceTree, after.inputs.sourceTree);
  assert.deepEqual(changed.inputs.toolchain, after.inputs.toolchain);

  // a build job finds the build published and does nothing
  const job = options('A', wsA, { role: 'build-job', job: 'build' });
  assert.equal((await ensureBuild(job.o)).source, 'present');
});

test('a shard waits for the job that is building, when that is faster, then downloads', async () => {
  const ws = await runner('C');
  const store = new LocalArtifactStore(join(root, 'store-c'));
  const { fingerprint } = await fingerprintOf(ws, settings, wrapperEnv(join(root, 'C', 'x')));
  let now = 1_000_000;
  await store.upload(buildMarkerName(fingerprint, 'shard-1'), root, []); // an unreadable marker
  const markerDir = join(root, 'marker');
  mkdirSync(markerDir);
  writeFileSync(
    join(markerDir, 'marker.json'),
    JSON.stringify({ job: 'shard-2', startedMs: now - 5000, expectedMs: 60_000 }),
  );
  await store.upload(buildMarkerName(fingerprint, 'shard-2'), markerDir, ['marker.json']);
  const sleeps: number[] = [];
  const c = options('C', ws, {
    store,
    pollMs: 10_000,
    clock: {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        // the builder publishes during our second pause
        if (sleeps.length === 2) cpSync(storeDir, join(root, 'store-c'), { recursive: true });
        return Promise.resolve();
      },
    },
  });
  const r = await ensureBuild(c.o);
  assert.equal(r.source, 'downloaded', c.lines.join('\n'));
  assert.equal(r.waitedMs, 20_000);
  assert.deepEqual(sleeps, [10_000, 10_000]);
  assert.match(c.lines.join('\n'), /waiting for shard-2, which should finish in ~55s/);
  assert.deepEqual(compilerCalls('C'), []);
});

const hasCcache = ((): boolean => {
  try {
    execFileSync('ccache', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test(
  'ccache hits across runners: the same sources in another folder are all hits',
  { skip: !hasCcache && 'ccache is not installed (apt-get install ccache; .ci/run installs it)' },
  async () => {
    const ws = await runner('D');
    // runner A's persistent ccache folder, runner D's own workspace path
    const r = await build({
      settings: settings.build,
      projectDir: ws,
      logFile: join(root, 'D', 'build.log'),
      ccacheDir: join(root, 'A', 'ccache'),
      ccacheBaseDir: ws,
      jobs: 2,
      env: wrapperEnv(join(root, 'D', 'compiler.log')),
    });
    assert.ok(r.ok, r.tail.join('\n'));
    assert.ok(r.ccache && r.ccache.hits > 0, JSON.stringify(r.ccache));
    assert.equal(r.ccache.misses, 0);
  },
);

test("the action's build job cancelled while the model builds: the build is stopped, not waited for", async () => {
  const ws = join(root, 'cancelled');
  mkdirSync(ws, { recursive: true });
  // a build that takes long: make, and a child of make's that writes its pid (and, had it not
  // been stopped, a file once done)
  writeFileSync(
    join(ws, 'Makefile'),
    "all:\n\tsh -c 'echo $$$$ > compiler.pid; exec sleep 30'\n\ttouch finished\n",
  );
  writeFileSync(join(ws, 'omnetpp.ini'), '[General]\nnetwork = Net\n');
  writeFileSync(join(ws, 'opp-campaign.yml'), 'build: { preset: make }\nrun: { program: ./sim }\n');
  execFileSync('git', ['init', '-q'], { cwd: ws }); // (the build's fingerprint needs a work tree)
  const abort = new AbortController();
  const building = ensureBuild({
    projectDir: ws,
    settings: await readCampaignFile(join(ws, 'opp-campaign.yml')),
    store: new LocalArtifactStore(join(root, 'store-cancelled')),
    role: 'build-job',
    job: 'build',
    buildJobDeclared: true,
    ccache: { dir: join(root, 'cancelled-ccache') },
    stateDir: join(root, 'cancelled-state'),
    logFile: join(root, 'cancelled-build.log'),
    jobs: 1,
    log: () => {},
    signal: abort.signal,
  });
  building.catch(() => undefined);
  const pidFile = join(ws, 'compiler.pid');
  for (
    let i = 0;
    i < 400 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
    i++
  )
    await new Promise((res) => setTimeout(res, 25));
  const compiler = Number(readFileSync(pidFile, 'utf8'));
  abort.abort();
  await assert.rejects(building, /interrupted during the build/);
  assert.ok(await gone(compiler), 'the build was stopped with the job');
  assert.ok(!existsSync(join(ws, 'finished')), 'the build was stopped, not waited for');
});
