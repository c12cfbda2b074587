// Gathers what a build fingerprint hashes (core/build/fingerprint.ts) from this machine: the
// git tree of the project's sources, the toolchain by content (like ccache's
// compiler_check=content: the executables are hashed, never run), `opp_run -v`, the feature
// state files and the build flags in the environment.
import { createHash } from '../core/hash.js';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { CampaignSettings } from '../core/campaign/settings.js';
import {
  BUILD_ENV,
  buildFingerprint,
  FEATURE_FILES,
  type BuildInputs,
} from '../core/build/fingerprint.js';
import { builtPatterns, runSourcePatterns } from '../core/build/outputs.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Tools whose identity is part of a build's: compilers, linker, make. */
function toolNames(env: Env): string[] {
  const first = (v: string | undefined): string | undefined => v?.trim().split(/\s+/)[0];
  return [
    ...new Set([
      first(env['CXX']) ?? 'c++',
      first(env['CC']) ?? 'cc',
      'g++',
      'gcc',
      'clang++',
      'clang',
      'ld',
      'make',
    ]),
  ];
}

function which(name: string, env: Env): string | undefined {
  if (name.includes('/')) return existsSync(name) ? name : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export function toolchain(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of toolNames(env)) {
    const path = which(name, env);
    out[name] = path ? `sha256:${sha(readFileSync(realpathSync(path))).slice(0, 32)}` : 'absent';
  }
  return out;
}

async function omnetppVersion(env: Env): Promise<string | undefined> {
  if (!which('opp_run', env)) return undefined;
  const { execa } = await import('execa');
  const r = await execa('opp_run', ['-v'], { env, reject: false, timeout: 20_000, all: true });
  const text = r.all ?? '';
  return (
    /Version:.*$/m.exec(text)?.[0] ?? (text.trim().split('\n').slice(0, 2).join(' ') || 'unknown')
  );
}

function features(projectDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FEATURE_FILES) {
    const p = join(projectDir, f);
    if (existsSync(p)) out[f] = sha(readFileSync(p));
  }
  return out;
}

/** The inputs of `projectDir`'s build as configured by `settings`, on this machine. */
export async function gatherBuildInputs(
  projectDir: string,
  settings: CampaignSettings,
  env: Env = process.env,
): Promise<BuildInputs> {
  const dir = resolve(projectDir);
  // built files and results are not sources: a downloaded build or a finished run must not
  // change the fingerprint, even where .gitignore does not cover them
  const exclude = [...builtPatterns(settings), `${settings.resultsDir}/**`, '.opp-campaign/**'];
  const buildEnv: Record<string, string> = {};
  for (const k of BUILD_ENV) {
    const v = env[k];
    if (v !== undefined) buildEnv[k] = v;
  }
  // git and execa are loaded when a build is fingerprinted (GitHub's shard jobs), not by
  // `opp-campaign run`, which imports this module for toolchain()
  const { workTreeId } = await import('./git/cli-git.js');
  return {
    sourceTree: await workTreeId(dir, exclude),
    toolchain: toolchain(env),
    omnetpp: await omnetppVersion(env),
    features: features(dir),
    build: settings.build,
    env: buildEnv,
    outputs: [...builtPatterns(settings), ...runSourcePatterns(settings)],
    platform: `${process.platform}-${process.arch}`,
    // referenced projects and the feature set chosen for them build a different model
    ...(settings.projects || settings.features
      ? { referenced: { projects: settings.projects ?? [], features: settings.features ?? {} } }
      : {}),
  };
}

export async function fingerprintOf(
  projectDir: string,
  settings: CampaignSettings,
  env?: Env,
): Promise<{ fingerprint: string; inputs: BuildInputs }> {
  const inputs = await gatherBuildInputs(projectDir, settings, env);
  return { fingerprint: buildFingerprint(inputs), inputs };
}
