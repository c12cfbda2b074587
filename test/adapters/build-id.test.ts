import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildId, legacyBuildId, modelFilesStamp, nedFiles } from '../../src/adapters/build-id.js';
import { legacyWithProjects, type LinkedProjects } from '../../src/app/build-projects.js';

test('the build id follows the bytes of the program and of `-l` libraries (libNAME.so)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-buildid-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v1');
  const run = { preset: 'omnetpp' as const, libraries: ['src/model'], nedPath: [], args: [] };
  const first = buildId(dir, run);
  assert.equal(buildId(dir, run), first, 'stable');
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v2');
  assert.notEqual(buildId(dir, run), first, 'a rebuilt library is another build');
});

test('the build id follows what the campaign file gives every run: its environment and its sidecars', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-buildid-'));
  writeFileSync(join(dir, 'model'), 'v1');
  const run = {
    preset: 'omnetpp' as const,
    program: './model',
    libraries: [],
    nedPath: [],
    args: [],
  };
  const sidecar = {
    name: 'traffic',
    command: 'sumo --port {port}',
    dir: '.',
    ports: ['port'],
    ready: { port: 'port' },
    readyTimeoutMs: 10_000,
    stopTimeoutMs: 2_000,
    args: ['--*.manager.port={port}'],
    env: {},
  };
  const plain = buildId(dir, run);
  // none of either: the id it had before they counted (finished runs do not rerun on upgrade)
  assert.equal(buildId(dir, run, { env: {} }), plain);
  assert.equal(buildId(dir, run, { env: {}, sidecars: [] }), plain);
  const withSidecar = buildId(dir, run, { env: {}, sidecars: [sidecar] });
  assert.notEqual(withSidecar, plain);
  assert.equal(buildId(dir, run, { env: {}, sidecars: [{ ...sidecar }] }), withSidecar, 'stable');
  const other = { ...sidecar, command: 'sumo --port {port} --step-length 0.1' };
  assert.notEqual(
    buildId(dir, run, { env: {}, sidecars: [other] }),
    withSidecar,
    'another command',
  );
  const otherEnv = { ...sidecar, env: { SUMO_HOME: '/opt/sumo' } };
  assert.notEqual(buildId(dir, run, { env: {}, sidecars: [otherEnv] }), withSidecar);
  const env = buildId(dir, run, { env: { A: '1', B: '2' } });
  assert.notEqual(env, plain, "the runs' environment");
  assert.equal(buildId(dir, run, { env: { B: '2', A: '1' } }), env, 'in any order');
  assert.notEqual(buildId(dir, run, { env: { A: '1', B: '3' } }), env);
});

test("the model files' stamp changes when a build rewrites or replaces one, not otherwise", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-stamp-'));
  const run = {
    preset: 'omnetpp' as const,
    program: './model',
    libraries: ['src/model'],
    nedPath: [],
    args: [],
  };
  assert.equal(modelFilesStamp(dir, run), undefined, 'nothing built yet');
  writeFileSync(join(dir, 'model'), 'v1');
  assert.equal(modelFilesStamp(dir, run), undefined, 'a library is still missing');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v1');
  const first = modelFilesStamp(dir, run);
  assert.match(first ?? '', /^\.\/model:2:.*\nsrc\/libmodel\.so:2:/);
  assert.equal(modelFilesStamp(dir, run), first, 'unchanged');
  // the same size and a time set back: the inode still tells a replaced file apart
  const { mtime } = statSync(join(dir, 'model'));
  writeFileSync(join(dir, 'model.new'), 'v2');
  renameSync(join(dir, 'model.new'), join(dir, 'model'));
  utimesSync(join(dir, 'model'), mtime, mtime);
  assert.notEqual(modelFilesStamp(dir, run), first, 'replaced');
  const second = modelFilesStamp(dir, run);
  writeFileSync(join(dir, 'src', 'libmodel.so'), 'v22');
  assert.notEqual(modelFilesStamp(dir, run), second, 'rewritten');
  assert.equal(modelFilesStamp(dir, { preset: 'command', command: './model' }), undefined);
});

test("an OMNeT++ model's NED files are part of its build: an edited one reruns the runs; results and referenced projects are not searched", () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-buildid-ned-'));
  const dir = join(root, 'model');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'model'), 'binary');
  writeFileSync(join(dir, 'Net.ned'), 'network Net { parameters: int n = 10; }\n');
  writeFileSync(join(dir, 'sub', 'Host.ned'), 'simple Host {}\n');
  const run = {
    preset: 'omnetpp' as const,
    program: './model',
    libraries: [],
    nedPath: [],
    args: [],
  };
  assert.deepEqual(nedFiles(dir, []), ['Net.ned', join('sub', 'Host.ned')]);
  const first = buildId(dir, run);
  writeFileSync(join(dir, 'Net.ned'), 'network Net { parameters: int n = 3; }\n');
  const edited = buildId(dir, run);
  assert.notEqual(edited, first, 'an edited NED file is another build');
  writeFileSync(join(dir, 'sub', 'New.ned'), 'simple New {}\n');
  assert.notEqual(buildId(dir, run), edited, 'so is a new one');
  // not searched: a campaign's results folder, hidden folders, out/, a project outside
  mkdirSync(join(dir, 'results', '.opp-campaign'), { recursive: true });
  writeFileSync(join(dir, 'results', 'x.ned'), '');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'y.ned'), '');
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'z.ned'), '');
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'Lib.ned'), '');
  assert.deepEqual(
    nedFiles(dir, ['.', '../lib']),
    ['Net.ned', join('sub', 'New.ned'), join('sub', 'Host.ned')].sort(),
  );
  // NED folders named: only those are searched
  assert.deepEqual(nedFiles(dir, ['sub']), [join('sub', 'Host.ned'), join('sub', 'New.ned')]);
  // a command run (no OMNeT++): its NED files are its own business
  const command = { preset: 'command' as const, command: './model' };
  const before = buildId(dir, command);
  writeFileSync(join(dir, 'Net.ned'), 'changed\n');
  assert.equal(buildId(dir, command), before);
});

test('the OMNeT++ the runs use is part of the build id: the opp_run on their PATH (a wrapper too) and its kernel libraries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-buildid-'));
  const omnetpp = join(dir, 'omnetpp-6.1');
  mkdirSync(join(omnetpp, 'bin'), { recursive: true });
  mkdirSync(join(omnetpp, 'lib'));
  writeFileSync(join(omnetpp, 'bin', 'opp_run'), '\x7fELF opp_run', { mode: 0o755 });
  writeFileSync(join(omnetpp, 'lib', 'liboppsim.so'), 'sim');
  writeFileSync(join(omnetpp, 'lib', 'liboppenvir.so'), 'envir');
  writeFileSync(join(dir, 'libmodel.so'), 'model');
  const run = { preset: 'omnetpp' as const, libraries: ['model'], nedPath: [], args: [] };
  const path = join(omnetpp, 'bin');
  const id = (p: string, runsWith?: { env: Record<string, string> }) =>
    buildId(dir, run, runsWith, { PATH: p });
  const first = id(path);
  assert.equal(id(path), first, 'stable');

  // a wrapper first on PATH: `exec .../opp_run "$@" --rng-class=omnetpp::cLCG32`
  const wrapper = join(dir, 'wrapper');
  mkdirSync(wrapper);
  writeFileSync(
    join(wrapper, 'opp_run'),
    `#!/bin/sh\nexec ${path}/opp_run "$@" --rng-class=omnetpp::cLCG32\n`,
    { mode: 0o755 },
  );
  assert.notEqual(id(`${wrapper}:${path}`), first, 'a wrapper opp_run');
  // the campaign file's env gives the runs their PATH
  assert.notEqual(id(path, { env: { PATH: `${wrapper}:${path}` } }), id(path, { env: {} }));

  // another build of the kernel (the same opp_run): its libraries differ
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(omnetpp, 'lib', 'liboppsim.so'), later, later);
  assert.notEqual(id(path), first, 'a rebuilt liboppsim');
  // a `command` run is left to its command
  const command = { preset: 'command' as const, command: 'true' };
  assert.equal(
    buildId(dir, command, undefined, { PATH: path }),
    buildId(dir, command, undefined, { PATH: wrapper }),
  );
});

// MIGRATION (remove with legacyBuildId): the values the version before 66247ff and d41b447
// (231c9e5) computed for these inputs, there with buildId and withProjects
test('the legacy build id is the one of before the OMNeT++ in use and the projects by content counted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-buildid-'));
  writeFileSync(join(dir, 'libmodel.so'), 'model');
  writeFileSync(join(dir, 'Net.ned'), 'network Net {}\n');
  const run = { preset: 'omnetpp' as const, libraries: ['model'], nedPath: ['.'], args: [] };
  const id = legacyBuildId(dir, run, { env: { A: '1' }, sidecars: [] });
  assert.equal(id, '747bbfe4d265b9bc');
  const linked = { fingerprints: { queuelib: 'f'.repeat(64) }, runInputs: { queuelib: 'r' } };
  assert.equal(legacyWithProjects(id, linked as unknown as LinkedProjects), '42704a8d32f92e17');
  rmSync(dir, { recursive: true });
});
