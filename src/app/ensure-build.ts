// Build once per commit: the first job to build a fingerprint publishes the built model; every
// other job downloads it. A shard that finds no build waits for the job building it or builds
// itself, whichever should be faster (core/build/wait-or-build.ts); a `build` job just builds.
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ArtifactStore } from '../ports.js';
import type { CampaignSettings } from '../core/campaign/settings.js';
import { buildArtifactName, buildMarkerName } from '../core/build/fingerprint.js';
import { selectOutputs } from '../core/build/outputs.js';
import { decideMissingBuild } from '../core/build/wait-or-build.js';
import { build, BuildError, type BuildResult } from '../adapters/build.js';
import {
  BuildArtifactError,
  BuildTimes,
  installBuild,
  listProjectFiles,
  publishBuild,
  readMarkers,
  uploadMarker,
} from '../adapters/build-artifact.js';
import { fingerprintOf } from '../adapters/build-inputs.js';
import { buildId } from '../adapters/build-id.js';
import { buildProjects, modelBuildSteps, type LinkedProjects } from './build-projects.js';

export interface EnsureBuildOptions {
  /** The checked-out project (DIR: where opp-campaign.yml is). */
  readonly projectDir: string;
  readonly settings: CampaignSettings;
  /** Where builds are published: the campaign's artifact store. */
  readonly store: ArtifactStore;
  /** `shard`: download, wait or build. `build-job`: build and publish unless published. */
  readonly role: 'shard' | 'build-job';
  /** This job's name (markers say who is building), e.g. `shard-7`. */
  readonly job: string;
  /** The plan has a `build` job: shards give it time to start before building themselves. */
  readonly buildJobDeclared: boolean;
  readonly ccache: {
    readonly dir: string;
    /** CCACHE_BASEDIR: the stable workspace root (default: projectDir). */
    readonly baseDir?: string;
    /** CCACHE_REMOTE_STORAGE, e.g. `redis://cache:6379` or `file:/mnt/ccache`. */
    readonly remote?: string;
  };
  /** This runner's own state (its build times); persistent on self-hosted runners. */
  readonly stateDir: string;
  /** Where git projects are checked out and built (default: beside the ccache folder). */
  readonly projectsDir?: string;
  readonly logFile: string;
  readonly jobs?: number;
  /** Environment for gathering the fingerprint and building (default: process.env). */
  readonly env?: Readonly<Record<string, string>>;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Injectable for tests: the clock and the pause between looks at the store. */
  readonly clock?: { now(): number; sleep(ms: number): Promise<void> };
  readonly pollMs?: number;
  /** The referenced projects, already built (default: built here before the model, if any). */
  readonly linked?: LinkedProjects;
}

export interface EnsureBuildResult {
  readonly fingerprint: string;
  readonly artifact: string;
  /** `downloaded`: another job's build; `built`: built here; `present`: a build job found it published. */
  readonly source: 'downloaded' | 'built' | 'present' | 'none';
  readonly waitedMs: number;
  /** Whether this job's build became the published one. */
  readonly published: boolean;
  /** The build, when done here (ccache hits and misses for the step summary). */
  readonly build?: BuildResult;
  /** The journal's build id of the model now in projectDir. */
  readonly buildId: string;
}

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)),
};

async function isPublished(store: ArtifactStore, name: string): Promise<boolean> {
  return (await store.list(name)).includes(name);
}

export async function ensureBuild(o: EnsureBuildOptions): Promise<EnsureBuildResult> {
  const dir = resolve(o.projectDir);
  const clock = o.clock ?? realClock;
  const env = o.env ?? (process.env as Record<string, string>);
  if (o.settings.build.preset === 'none')
    return {
      fingerprint: '',
      artifact: '',
      source: 'none',
      waitedMs: 0,
      published: false,
      buildId: buildId(dir, o.settings.run, o.settings),
    };
  const { fingerprint } = await fingerprintOf(dir, o.settings, env);
  const artifact = buildArtifactName(fingerprint);
  const result = (r: Omit<EnsureBuildResult, 'fingerprint' | 'artifact' | 'buildId'>) => ({
    fingerprint,
    artifact,
    buildId: buildId(dir, o.settings.run, o.settings),
    ...r,
  });
  o.log(`build fingerprint ${fingerprint.slice(0, 16)} (artifact ${artifact})`);

  const started = clock.now();
  const times = new BuildTimes(o.stateDir);
  if (o.role === 'shard') {
    for (;;) {
      if (await isPublished(o.store, artifact)) {
        await installBuild(o.store, artifact, dir);
        const waitedMs = clock.now() - started;
        o.log(
          `downloaded the build ${artifact}${waitedMs > 1000 ? ` after waiting ${Math.round(waitedMs / 1000)}s` : ''}`,
        );
        return result({ source: 'downloaded', waitedMs, published: false });
      }
      if (o.signal?.aborted)
        throw new BuildArtifactError('interrupted while waiting for the build');
      const decision = decideMissingBuild({
        nowMs: clock.now(),
        lookingSinceMs: started,
        markers: await readMarkers(o.store, `${artifact}.building.`),
        buildJobDeclared: o.buildJobDeclared,
        ownEstimateMs: times.get(dir),
      });
      o.log(decision.reason);
      if (decision.action === 'build') break;
      await clock.sleep(Math.max(1, Math.min(o.pollMs ?? 5000, decision.untilMs - clock.now())));
    }
  } else if (await isPublished(o.store, artifact)) {
    o.log(`the build ${artifact} is already published`);
    return result({ source: 'present', waitedMs: 0, published: false });
  }
  const waitedMs = clock.now() - started;

  await uploadMarker(o.store, buildMarkerName(fingerprint, o.job), {
    job: o.job,
    startedMs: clock.now(),
    expectedMs: times.get(dir),
  });
  const jobs = o.jobs ?? cpus().length;
  const linked =
    o.linked ??
    (await buildProjects({
      dir,
      settings: o.settings,
      stateDir: join(o.stateDir, 'projects'),
      checkoutRoot: o.projectsDir ?? join(dirname(resolve(o.ccache.dir)), 'projects'),
      ccacheDir: o.ccache.dir,
      jobs,
      env,
      say: o.log,
      ...(o.signal ? { signal: o.signal } : {}),
    }));
  const steps = modelBuildSteps(o.settings.build, linked, dir, jobs);
  // (the projects built in place here are used by the model's build only: released after it)
  const r = await build({
    settings: o.settings.build,
    ...(steps ? { steps } : {}),
    projectDir: dir,
    logFile: o.logFile,
    ccacheDir: o.ccache.dir,
    ...(o.ccache.baseDir ? { ccacheBaseDir: o.ccache.baseDir } : {}),
    ...(o.ccache.remote ? { ccacheRemote: o.ccache.remote } : {}),
    ...(o.jobs ? { jobs: o.jobs } : {}),
    env: { ...env, ...linked?.buildEnv },
    ...(o.signal ? { signal: o.signal } : {}),
  }).finally(() => {
    if (!o.linked) linked?.release();
  });
  if (r.ccacheWarning) o.log(`warning: ${r.ccacheWarning}`);
  if (o.signal?.aborted) throw new BuildArtifactError('interrupted during the build');
  if (!r.ok)
    throw new BuildError(
      `the build failed (${r.command}). From ${o.logFile}:\n  ${r.tail.join('\n  ')}`,
      r,
    );
  times.set(dir, r.ms);
  const files = selectOutputs(
    o.settings,
    listProjectFiles(dir, [o.settings.resultsDir, '.opp-campaign']),
  );
  const program = o.settings.run.preset === 'omnetpp' ? o.settings.run.program : undefined;
  if (program && !files.includes(program.replace(/^\.\//, '')))
    throw new BuildArtifactError(
      `the build did not produce run.program '${program}' (looked in ${join(dir, program)})`,
    );
  const published = await publishBuild(o.store, artifact, dir, files, {
    fingerprint,
    buildMs: r.ms,
  });
  const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : '';
  o.log(
    `built in ${(r.ms / 1000).toFixed(1)}s${cc}; ${published ? `published ${files.length} file(s) as ${artifact}` : 'another job published it first'}`,
  );
  return result({ source: 'built', waitedMs, published, build: r });
}
