// What every executor of a campaign does first: read the campaign file (flags override it),
// read the ini files, take the results folder, build the referenced projects, and build the
// model once.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, BuildError, type BuildResult } from '../adapters/build.js';
import { findCampaignFile, readCampaignFile } from '../adapters/campaign-file.js';
import { lockResultsFolder } from '../adapters/campaign-lock.js';
import { RunningRegistry } from '../adapters/running-registry.js';
import type { CampaignSettings } from '../core/campaign/settings.js';
import { IniConfig, readIniFiles } from '../core/ini/index.js';
import { buildProjects, modelBuildSteps, type LinkedProjects } from './build-projects.js';

export type SettingsOverrides = Partial<
  Pick<
    CampaignSettings,
    'ini' | 'configs' | 'runs' | 'jobs' | 'resultsDir' | 'timeoutMs' | 'retries' | 'maxRuns'
  >
>;

export function loadSettings(dir: string, overrides: SettingsOverrides): CampaignSettings {
  const file = readCampaignFile(findCampaignFile(dir));
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
  return { ...file, ...defined };
}

/** What a campaign executor has settled before it takes its results folder, and the folder's runs. */
export interface ClaimedFolder {
  readonly dir: string;
  readonly s: CampaignSettings;
  readonly outDir: string;
  readonly resultDir: string;
  readonly ini: IniConfig;
  readonly jobs: number;
  readonly registry: RunningRegistry;
  readonly say: (line: string) => void;
}

/**
 * Runs `body` holding the results folder (its lock: one campaign per folder), after stopping
 * the runs that a killed campaign left running there.
 */
export async function withResultsFolder<T>(
  outDir: string,
  say: (line: string) => void,
  body: (registry: RunningRegistry) => Promise<T>,
): Promise<T> {
  mkdirSync(join(outDir, '.opp-campaign'), { recursive: true });
  const release = lockResultsFolder(outDir);
  try {
    const registry = new RunningRegistry(join(outDir, '.opp-campaign', 'running'));
    const reaped = registry.reapSurvivors();
    if (reaped > 0) say(`stopped ${reaped} run(s) left behind by an earlier, killed campaign`);
    return await body(registry);
  } finally {
    release();
  }
}

/** Reads the ini files of a project; names stay as written (relative to DIR), as opp_run sees them. */
export function loadIni(dir: string, settings: CampaignSettings): IniConfig {
  return new IniConfig(
    readIniFiles(settings.ini, (p) => {
      try {
        return readFileSync(resolve(dir, p), 'utf8');
      } catch {
        return undefined;
      }
    }),
  );
}

/**
 * Builds the referenced projects that changed (stamps and logs in OUT/.opp-campaign/projects;
 * git projects are checked out in `projectsDir`, by default next to the ccache folder).
 * Undefined without projects.
 */
export async function buildReferencedProjects(
  dir: string,
  settings: CampaignSettings,
  outDir: string,
  ccacheDir: string,
  jobs: number,
  say: (line: string) => void,
  projectsDir = join(dirname(resolve(ccacheDir)), 'projects'),
): Promise<LinkedProjects | undefined> {
  return buildProjects({
    dir,
    settings,
    stateDir: join(outDir, '.opp-campaign', 'projects'),
    checkoutRoot: projectsDir,
    ccacheDir,
    jobs,
    say,
  });
}

export async function buildOnce(
  dir: string,
  settings: CampaignSettings,
  outDir: string,
  ccacheDir: string,
  jobs: number,
  say: (line: string) => void,
  linked?: LinkedProjects,
): Promise<BuildResult> {
  const logFile = join(outDir, '.opp-campaign', 'build.log');
  if (settings.build.preset !== 'none') say(`building (${settings.build.preset})...`);
  const steps = modelBuildSteps(settings.build, linked, dir, jobs);
  const r = await build({
    settings: settings.build,
    ...(steps ? { steps } : {}),
    projectDir: dir,
    logFile,
    ccacheDir,
    jobs,
    ...(linked ? { env: linked.buildEnv } : {}),
  });
  if (r.ccacheWarning) say(`warning: ${r.ccacheWarning}`);
  if (!r.ok)
    throw new BuildError(
      `the build failed (${r.command}); no run was started. Last lines of ${logFile}:\n  ${r.tail.join('\n  ')}`,
      r,
    );
  if (settings.build.preset !== 'none') {
    const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : '';
    say(`built in ${(r.ms / 1000).toFixed(2)}s${cc}`);
  }
  return r;
}
