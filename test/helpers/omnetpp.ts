// A real OMNeT++ for integration tests: found through OMNETPP_ROOT or opp_run on PATH.
// Without it (a user's fresh clone), suites skip with one line saying why; in CI
// (OPP_CAMPAIGN_REQUIRE_OMNETPP=1, set by .ci/run) a missing OMNeT++ fails instead.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface Omnetpp {
  /** the installation's root, holding bin/, lib/, samples/, python/ */
  readonly root: string;
  readonly bin: string;
  /** PATH with the installation's bin/ first */
  readonly path: string;
  /** the environment a test gives commands that need OMNeT++ */
  readonly env: NodeJS.ProcessEnv;
  /** a Python 3 that has numpy and pandas (for omnetpp.scave), when one is installed */
  readonly python: string | undefined;
}

function rootFromPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'opp_run'))) return dirname(dir);
  }
  return undefined;
}

function pythonWithPandas(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import numpy, pandas'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function find(): Omnetpp | undefined {
  const envRoot = process.env.OMNETPP_ROOT;
  const root =
    envRoot !== undefined && existsSync(join(envRoot, 'bin', 'opp_run')) ? envRoot : rootFromPath();
  if (root === undefined) return undefined;
  const bin = join(root, 'bin');
  const path = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  const env = { ...process.env, PATH: path, OMNETPP_ROOT: root };
  const v = spawnSync(join(bin, 'opp_run'), ['-v'], { env, encoding: 'utf8' });
  if (v.status !== 0) return undefined;
  return { root, bin, path, env, python: pythonWithPandas() };
}

export const omnetpp: Omnetpp | undefined = find();

const REQUIRED = process.env.OPP_CAMPAIGN_REQUIRE_OMNETPP === '1';

/**
 * The `skip` option of a suite that needs OMNeT++: false when it is here; one line saying why
 * otherwise. Throws when CI requires OMNeT++ and it is missing, so CI cannot pass vacuously.
 */
export function needsOmnetpp(): false | string {
  if (omnetpp !== undefined) return false;
  if (REQUIRED) {
    throw new Error(
      'OPP_CAMPAIGN_REQUIRE_OMNETPP=1 but no OMNeT++ was found (OMNETPP_ROOT, or opp_run on PATH)',
    );
  }
  return 'OMNeT++ not found (set OMNETPP_ROOT or put opp_run on PATH; CI installs it): skipped';
}

/** The installation, for a test body that runs only when needsOmnetpp() allowed it. */
export function theOmnetpp(): Omnetpp {
  if (omnetpp === undefined) throw new Error('OMNeT++ is not available');
  return omnetpp;
}

/** A fresh copy of one of OMNeT++'s own samples (unmodified), in a temporary folder. */
export function copySample(name: string): string {
  const { root } = theOmnetpp();
  const parent = mkdtempSync(join(tmpdir(), `opp-sample-${name}-`));
  const dir = join(parent, name);
  cpSync(join(root, 'samples', name), dir, { recursive: true });
  return dir;
}

/**
 * A built copy of a sample (`opp_makemake -f --deep && make MODE=release`), for tests that run
 * it. Throws with the build's output when the build fails.
 */
export function buildSample(name: string): string {
  const { env } = theOmnetpp();
  const dir = copySample(name);
  for (const [cmd, args] of [
    ['opp_makemake', ['-f', '--deep']],
    ['make', ['MODE=release', '-j2']],
  ] as const) {
    const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`${cmd} in ${dir} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return dir;
}

/**
 * Fresh copies of several samples side by side in one temporary folder, as the IDE's workspace
 * holds projects (queuenet finds queueinglib next to it); returns that folder.
 */
export function copySamples(...names: string[]): string {
  const { root } = theOmnetpp();
  const parent = mkdtempSync(join(tmpdir(), `opp-samples-${names.join('-')}-`));
  for (const name of names)
    cpSync(join(root, 'samples', name), join(parent, name), { recursive: true });
  return parent;
}

/**
 * One compiler cache for the real-OMNeT++ tests that build the same sources (queueinglib) in
 * folders of their own: the first compiles, the others get ccache's hits (opp-campaign sets
 * CCACHE_BASEDIR to the project, so the folders' paths do not split it). The builds still run
 * make, link and load what they built; only the compiler's repeated work is saved.
 */
export const SHARED_CCACHE = join(tmpdir(), 'opp-campaign-test-ccache');
