// Referenced projects, before the model: find each one (path, submodule or git), read its
// OMNeT++ project files, put them in dependency order, apply the campaign's feature choices, and
// build each one whose folder, build, features, dependencies or toolchain changed since its last
// build (a stamp per project holds the fingerprint after that build). The result is what the
// model's build and its runs need: folders of the projects, NED path, NED exclusions, libraries,
// image folders.
import { createHash } from '../core/hash.js';
import { mkdirSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  build,
  BuildError,
  buildSpecSteps,
  type BuildCommand,
  type BuildRequest,
} from '../adapters/build.js';
import { toolchain } from '../adapters/build-inputs.js';
import { campaignFileLocation } from '../adapters/campaign-file.js';
import { projectRunInputs, type DigestCache } from '../adapters/build-id.js';
import {
  inPlaceRecordsDir,
  useInPlaceFolders,
  waitForLock,
  type InPlaceFolder,
} from '../adapters/campaign-lock.js';
import { findCampaignFile } from '../adapters/campaign-file.js';
import {
  folderState,
  gitCheckoutOf,
  locateProject,
  ProjectSourceError,
  readProjectFacts,
  readStamp,
  writeIfChanged,
  writeStamp,
  type GitCheckout,
  type ProjectFacts,
} from '../adapters/projects.js';
import { BUILD_ENV, canonical } from '../core/build/fingerprint.js';
import type { LinkedPaths } from '../core/campaign/command.js';
import type { ProjectSettings } from '../core/campaign/project-settings.js';
import type { BuildSettings, CampaignSettings } from '../core/campaign/settings.js';
import {
  definesHeader,
  featureEffects,
  FeatureError,
  resolveFeatures,
  type FeatureEffects,
} from '../core/projects/features.js';
import { planOmnetppBuild, type ProjectExports } from '../core/projects/makemake.js';
import { buildOrder, closure, type ProjectNode } from '../core/projects/order.js';
import {
  parseDotProject,
  parseNedFolders,
  type BuildSpecDir,
} from '../core/projects/project-files.js';

/** What referenced projects give the model's build and its runs. */
export interface LinkedProjects {
  readonly paths: LinkedPaths;
  /** Folders of the projects' libraries (absolute), for the runs' LD_LIBRARY_PATH. */
  readonly libraryDirs: readonly string[];
  /** OPP_CAMPAIGN_PROJECT_<NAME>=folder, for the model's build (and the projects' own). */
  readonly buildEnv: Readonly<Record<string, string>>;
  /** Each project's fingerprint after its build, by name, in build order. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /**
   * What each project gives the runs, by content (its libraries, NED files, NED folders and
   * exclusions), by name: the projects' part of the journal's build id. Not the build stamps:
   * a touched README or the project's own results leave the runs as they were.
   */
  readonly runInputs: Readonly<Record<string, string>>;
  /** The projects built in this call (the others were up to date). */
  readonly rebuilt: readonly string[];
  /** What each project exports (include folders, libraries), in build order. */
  readonly exports: readonly ProjectExports[];
  /** opp_makemake options that make the model's `omnetpp` build use the projects' exports. */
  readonly makemakeOptions: (buildDir: string) => string[];
  /**
   * Ends the campaign's use of the projects built in place (`path`, `submodule`): another
   * campaign that builds one of them otherwise waits for it. Called once the runs are done.
   */
  readonly release: () => void;
  /** Time spent waiting for other campaigns (their build of, or runs on, a folder built in place), ms. */
  readonly waitedMs: number;
}

export interface BuildProjectsOptions {
  /** The model's folder (absolute). */
  readonly dir: string;
  readonly settings: CampaignSettings;
  /** Build stamps and logs: OUT/.opp-campaign/projects. */
  readonly stateDir: string;
  /** Checkouts of git projects, kept between campaigns. */
  readonly checkoutRoot: string;
  readonly ccacheDir: string;
  readonly jobs: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly say: (line: string) => void;
  /**
   * The campaign's running registry: each build command a process group listed there (see
   * build.ts), so that the next campaign stops the build of a project a killed one left going.
   */
  readonly group?: BuildRequest['group'];
  /** Stops a project's build as the model's is (its commands get SIGTERM); then throws its reason. */
  readonly signal?: AbortSignal;
}

/** Libraries and the like, as the IDE's .oppbuildspec for a new shared-library project has it. */
const DEFAULT_MAKEMAKE = [
  '--deep',
  '--make-so',
  '--meta:export-include-path',
  '--meta:use-exported-include-paths',
  '--meta:export-library',
  '--meta:use-exported-libs',
  '--meta:feature-cflags',
  '--meta:feature-ldflags',
];

export const projectEnvName = (name: string): string =>
  `OPP_CAMPAIGN_PROJECT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

const hash = (v: unknown): string => createHash('sha256').update(canonical(v)).digest('hex');

interface Plan {
  readonly settings: BuildSettings;
  readonly steps?: readonly BuildCommand[];
  readonly libraries: readonly string[];
  readonly exports: ProjectExports;
}

function planBuild(
  p: ProjectSettings,
  facts: ProjectFacts,
  effects: FeatureEffects | undefined,
  hasDefinesFile: boolean,
  deps: readonly ProjectExports[],
  jobs: number,
): Plan {
  const none: ProjectExports = { includeDirs: [], libraries: [] };
  const b = p.build;
  switch (b.preset) {
    case 'none':
      return { settings: { preset: 'none' }, libraries: [], exports: none };
    case 'make':
      return { settings: { ...b }, libraries: [], exports: none };
    case 'command':
      return { settings: { ...b }, libraries: [], exports: none };
    case 'omnetpp': {
      const dirs: readonly BuildSpecDir[] = b.makemake
        ? [{ path: '.', type: 'makemake', options: b.makemake, line: 0 }]
        : (facts.buildSpec?.dirs ?? [
            { path: '.', type: 'makemake', options: DEFAULT_MAKEMAKE, line: 0 },
          ]);
      const plan = planOmnetppBuild({
        folderName: basename(facts.dir),
        hasDotProject: facts.dotProject !== undefined,
        root: facts.dir,
        dirs,
        mode: b.mode,
        jobs,
        ...(effects
          ? {
              features: {
                excludedFolders: effects.excludedFolders,
                compileFlags: effects.compileFlags,
                linkerFlags: effects.linkerFlags,
                hasDefinesFile,
              },
            }
          : {}),
        deps,
      });
      return {
        settings: { preset: 'command', command: 'opp_makemake && make', dir: '.' },
        steps: plan.steps,
        libraries: plan.libraries,
        exports: plan.exports,
      };
    }
  }
}

function modelDotProject(
  text: string,
  dir: string,
): { references: readonly string[]; name: string } {
  const p = parseDotProject(text, join(dir, '.project'));
  return { references: p.references, name: p.name ?? basename(dir) };
}

function readModelFile(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** The error, its message starting with the campaign file's line of the entry at `path`. */
async function atCampaignLine<E extends Error>(
  dir: string,
  path: readonly (string | number)[],
  e: E,
): Promise<E> {
  const at = await campaignFileLocation(dir, path);
  if (at !== undefined) e.message = `${at}: ${e.message}`;
  return e;
}

/** Builds the referenced projects; undefined when the campaign declares none. */
export async function buildProjects(o: BuildProjectsOptions): Promise<LinkedProjects | undefined> {
  const declared = o.settings.projects ?? [];
  if (declared.length === 0) return undefined;
  const env = o.env ?? process.env;
  const machine = {
    toolchain: hash(toolchain(env)),
    env: Object.fromEntries(BUILD_ENV.flatMap((k) => (env[k] !== undefined ? [[k, env[k]]] : []))),
    platform: `${process.platform}-${process.arch}`,
  };
  // a git project's checkout is built in place: one per everything that changes its build (the
  // builds, features and references of the campaign's projects: a project is built against the
  // ones it references; the toolchain), so that campaigns with other settings never build in,
  // nor load the library of, one another's folder
  const buildKey = hash({
    projects: declared.map((p) => ({
      name: p.name,
      // a folder by where it is (two models' `path: lib` are two folders)
      source: p.source.kind === 'git' ? p.source : resolve(o.dir, p.source.path),
      build: p.build,
      references: p.references ?? null,
      features: o.settings.features?.[p.name] ?? null,
    })),
    machine,
  });
  const checkouts = new Map<string, GitCheckout>();
  for (const p of declared) {
    const c = await gitCheckoutOf(p, o.checkoutRoot, buildKey);
    if (c) checkouts.set(p.name, c);
  }
  // a campaign with the same settings builds one at a time: the second waits, then finds it
  // built (locks taken in one order: two campaigns never wait for each other)
  const held: (() => void)[] = [];
  try {
    const dirs = [...new Set([...checkouts.values()].map((c) => c.dir))].sort();
    if (dirs.length > 0) mkdirSync(o.checkoutRoot, { recursive: true });
    for (const d of dirs)
      held.push(
        await waitForLock(`${d}.lock`, {
          what: `project '${declared.find((p) => checkouts.get(p.name)?.dir === d)?.name ?? basename(d)}'`,
          say: o.say,
          ...(o.signal ? { signal: o.signal } : {}),
        }),
      );
    return await linkProjects(o, declared, env, machine, checkouts);
  } finally {
    for (const release of held.reverse()) release();
  }
}

async function linkProjects(
  o: BuildProjectsOptions,
  declared: readonly ProjectSettings[],
  env: Readonly<Record<string, string | undefined>>,
  machine: unknown,
  checkouts: ReadonlyMap<string, GitCheckout>,
): Promise<LinkedProjects> {
  const located: { p: ProjectSettings; facts: ProjectFacts }[] = [];
  for (const [i, p] of declared.entries()) {
    const checkout = checkouts.get(p.name);
    let dir: string;
    try {
      dir = await locateProject(p, {
        modelDir: o.dir,
        checkoutRoot: o.checkoutRoot,
        say: o.say,
        ...(checkout ? { checkout } : {}),
      });
    } catch (e) {
      throw e instanceof ProjectSourceError && p.source.kind === 'path'
        ? await atCampaignLine(o.dir, ['projects', i, 'path'], e)
        : e;
    }
    located.push({ p, facts: readProjectFacts(p.name, dir) });
  }
  const nodes: ProjectNode[] = located.map(({ p, facts }) => ({
    name: p.name,
    references: p.references ?? facts.dotProject?.references ?? [],
    source: p.references
      ? `the campaign file (projects: ${p.name}, references)`
      : (facts.dotProject?.file ?? `${facts.dir} (no .project)`),
  }));
  const modelProject = readModelFile(o.dir, '.project');
  const order = buildOrder(
    nodes,
    modelProject === undefined
      ? undefined
      : {
          ...modelDotProject(modelProject, o.dir),
          source: join(o.dir, '.project'),
        },
    findCampaignFile(o.dir) !== undefined,
  );

  const byName = new Map(located.map((l) => [l.p.name, l]));

  // every project's feature choice is checked before any project is built (a misspelt feature
  // of the last project is not found after a long build of the first)
  for (const { p, facts } of located) {
    const choice = o.settings.features?.[p.name];
    try {
      if (facts.features) resolveFeatures(facts.features, choice ?? { enable: [], disable: [] });
      else if (choice && choice.enable.length + choice.disable.length > 0)
        throw new FeatureError(
          `the campaign file sets features of project '${p.name}', which has no .oppfeatures (${facts.dir})`,
          [],
        );
    } catch (e) {
      throw e instanceof FeatureError && e.choicePath !== undefined
        ? await atCampaignLine(o.dir, ['features', p.name, ...e.choicePath], e)
        : e;
    }
  }
  // A project folder built in place (path, submodule) holds one build at a time, which the
  // runs load: campaigns that build it alike use it together; one that builds it otherwise
  // (other features, build settings or dependencies) waits until they are done, then builds
  const keys = new Map<string, string>();
  const inPlace = new Map<string, InPlaceFolder>();
  // (asked once there is such a folder: where its records go, if anywhere)
  let records: string | undefined | null = null;
  for (const name of order) {
    const { p, facts } = byName.get(name) as { p: ProjectSettings; facts: ProjectFacts };
    const checkout = checkouts.get(name);
    const choice = o.settings.features?.[name] ?? { enable: [], disable: [] };
    keys.set(
      name,
      checkout?.dir ??
        hash({
          build: p.build,
          features: facts.features ? resolveFeatures(facts.features, choice) : null,
          deps: closure(nodes, order, name)
            .filter((n) => n !== name)
            .map((d) => keys.get(d)),
          machine,
        }),
    );
    if (checkout) continue;
    if (records === null) records = inPlaceRecordsDir(join(o.checkoutRoot, 'in-place'), o.say);
    if (records === undefined) continue; // not coordinated (said)
    const real = realpathSync(facts.dir);
    inPlace.set(name, {
      folder: facts.dir,
      lockDir: join(
        records,
        `${basename(real)}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`,
      ),
      key: keys.get(name) as string,
      what: `project '${name}'`,
    });
  }
  const waitBegan = performance.now();
  const release =
    inPlace.size === 0
      ? () => undefined
      : await useInPlaceFolders([...inPlace.values()], {
          say: o.say,
          ...(o.signal ? { signal: o.signal } : {}),
        });
  const waited = { ms: performance.now() - waitBegan };
  try {
    return await buildInOrder(
      o,
      order,
      byName,
      nodes,
      env,
      machine,
      checkouts,
      inPlace,
      release,
      waited,
    );
  } catch (e) {
    release();
    throw e;
  }
}

async function buildInOrder(
  o: BuildProjectsOptions,
  order: readonly string[],
  byName: ReadonlyMap<string, { p: ProjectSettings; facts: ProjectFacts }>,
  nodes: readonly ProjectNode[],
  env: Readonly<Record<string, string | undefined>>,
  machine: unknown,
  checkouts: ReadonlyMap<string, GitCheckout>,
  inPlace: ReadonlyMap<string, InPlaceFolder>,
  release: () => void,
  /** Time spent waiting for other campaigns so far (added to here). */
  waited: { ms: number },
): Promise<LinkedProjects> {
  const buildEnv: Record<string, string> = {};
  for (const { p, facts } of byName.values()) buildEnv[projectEnvName(p.name)] = facts.dir;
  const fingerprints: Record<string, string> = {};
  const runInputs: Record<string, string> = {};
  const exportsOf = new Map<string, ProjectExports>();
  const rebuilt: string[] = [];
  const ned: string[] = [];
  const exclusions: string[] = [];
  const libraries: string[] = [];
  const images: string[] = [];
  for (const name of order) {
    const { p, facts } = byName.get(name) as { p: ProjectSettings; facts: ProjectFacts };
    const deps = closure(nodes, order, name).filter((n) => n !== name);
    const choice = o.settings.features?.[name];
    const folder = inPlace.get(name);
    // its defines file, stamp and build: one campaign at a time (the others find it built)
    const lockBegan = performance.now();
    const building = folder
      ? await waitForLock(join(folder.lockDir, 'lock'), {
          what: `project '${name}'`,
          say: o.say,
          ...(o.signal ? { signal: o.signal } : {}),
        })
      : () => undefined;
    waited.ms += performance.now() - lockBegan;
    try {
      let effects: FeatureEffects | undefined;
      if (facts.features) {
        const enabled = resolveFeatures(facts.features, choice ?? { enable: [], disable: [] });
        effects = featureEffects(facts.features, enabled, facts.nedRoots, facts.isDir);
        if (facts.features.definesFile)
          writeIfChanged(
            join(facts.dir, facts.features.definesFile),
            definesHeader(effects.compileFlags),
          );
      } else if (choice && choice.enable.length + choice.disable.length > 0)
        throw new FeatureError(
          `the campaign file sets features of project '${name}', which has no .oppfeatures (${facts.dir})`,
        );
      const plan = planBuild(
        p,
        facts,
        effects,
        facts.features?.definesFile !== undefined,
        deps.map((d) => exportsOf.get(d) ?? { includeDirs: [], libraries: [] }),
        o.jobs,
      );
      exportsOf.set(name, plan.exports);
      const fingerprint = (): string =>
        hash({
          folder: folderState(facts.dir),
          build: p.build,
          steps: plan.steps ?? null,
          features: effects?.enabled ?? null,
          deps: deps.map((d) => fingerprints[d]),
          machine,
        });
      const stamp = join(o.stateDir, `${name}.json`);
      // a git checkout's stamp is also kept beside it (an in-place folder's with its locks):
      // another campaign with the same settings (another results folder) finds it built, and
      // runs no make in it while the first runs
      const shared = checkouts.has(name)
        ? `${facts.dir}.stamp.json`
        : folder && join(folder.lockDir, 'stamp.json');
      let fp = fingerprint();
      if (
        readStamp(stamp) === fp ||
        (shared !== undefined && readStamp(shared) === fp) ||
        plan.settings.preset === 'none'
      ) {
        if (plan.settings.preset !== 'none') o.say(`project '${name}': up to date`);
      } else {
        const logFile = join(o.stateDir, `${name}.build.log`);
        o.say(`building project '${name}' (${p.build.preset})...`);
        const r = await build({
          settings: plan.settings,
          ...(plan.steps ? { steps: plan.steps } : {}),
          projectDir: facts.dir,
          logFile,
          ccacheDir: o.ccacheDir,
          jobs: o.jobs,
          env: { ...(env as Record<string, string>), ...buildEnv },
          ...(o.group ? { group: o.group } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        });
        if (r.ccacheWarning) o.say(`warning: ${r.ccacheWarning}`);
        // stopped (Ctrl-C, SIGTERM, a cancelled job): not a failed build; no stamp, built again next time
        o.signal?.throwIfAborted();
        if (!r.ok)
          throw new BuildError(
            `the build of project '${name}' failed (${r.command}); no run was started. From ${logFile}:\n  ${r.tail.join('\n  ')}`,
            r,
          );
        const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : '';
        o.say(`built project '${name}' in ${(r.ms / 1000).toFixed(2)}s${cc}`);
        fp = fingerprint();
        writeStamp(stamp, fp);
        if (shared !== undefined) writeStamp(shared, fp);
        rebuilt.push(name);
      }
      fingerprints[name] = fp;

      const inProject = (f: string): string => resolve(facts.dir, f);
      const nedFolders = p.nedPath ?? facts.nedFolders;
      const nedExclusions = [
        ...(effects ? effects.nedExclusions : facts.nedExclusions),
        ...facts.legacyExclusions,
      ];
      // a Makefile's libraries are known once it has run: its lib*.so files
      const built =
        p.libraries ?? (p.build.preset === 'make' ? sharedLibraries(facts.dir) : undefined);
      const projectLibraries = built ?? plan.libraries;
      const imageFolders = p.images ?? (facts.isDir('images') ? ['images'] : []);
      ned.push(...nedFolders.map(inProject));
      exclusions.push(...nedExclusions);
      libraries.push(...projectLibraries.map(inProject));
      images.push(...imageFolders.map(inProject));
      const digests = join(o.stateDir, `${name}.digests.json`);
      const cache = readDigests(digests);
      runInputs[name] = projectRunInputs(
        facts.dir,
        nedFolders,
        projectLibraries,
        {
          nedFolders,
          nedExclusions,
          libraries: projectLibraries,
          images: imageFolders,
          features: effects?.enabled ?? null,
        },
        cache,
      );
      writeDigests(digests, cache);
    } finally {
      building();
    }
  }

  const run = o.settings.run;
  const modelNedFolders = readModelFile(o.dir, '.nedfolders');
  const modelNed =
    run.preset === 'omnetpp' && run.nedPath.length > 0
      ? [...run.nedPath]
      : modelNedFolders !== undefined
        ? [...parseNedFolders(modelNedFolders).folders]
        : ['.'];
  const show = (abs: string): string => {
    const rel = relative(o.dir, abs);
    return rel === '' ? '.' : rel.startsWith('../../..') || isAbsolute(rel) ? abs : rel;
  };
  const allExports = order.map((n) => exportsOf.get(n) ?? { includeDirs: [], libraries: [] });
  return {
    paths: {
      nedPath: [...ned.map(show), ...modelNed],
      nedExclusions: [...new Set(exclusions)],
      libraries: libraries.map(show),
      imagePath: images.map(show),
    },
    libraryDirs: [...new Set(libraries.map((l) => dirname(l)))],
    buildEnv,
    fingerprints,
    runInputs,
    rebuilt,
    exports: allExports,
    makemakeOptions: (buildDir: string) =>
      allExports.flatMap((e) => [
        ...e.includeDirs.map((d) => `-I${relative(buildDir, d) || '.'}`),
        ...e.libraries.flatMap((l) => [`-L${relative(buildDir, l.dir) || '.'}`, `-l${l.name}$(D)`]),
      ]),
    release,
    waitedMs: waited.ms,
  };
}

/** The model's build commands with the projects' exports, when it builds with `omnetpp`. */
export function modelBuildSteps(
  s: BuildSettings,
  linked: LinkedProjects | undefined,
  projectDir: string,
  jobs: number,
): BuildCommand[] | undefined {
  if (s.preset === 'omnetpp' && s.buildSpec)
    return [...buildSpecSteps(s, s.buildSpec, projectDir, jobs, linked?.exports ?? [])];
  if (!linked || s.preset !== 'omnetpp') return undefined;
  const extra = linked.makemakeOptions(resolve(projectDir, s.dir));
  return [
    { cmd: 'opp_makemake', args: [...s.makemake, ...extra], dir: s.dir },
    { cmd: 'make', args: [`-j${jobs}`, `MODE=${s.mode}`], dir: s.dir },
  ];
}

/** The journal's build id with what the referenced projects give the runs in it. */
export function withProjects(buildId: string, linked: LinkedProjects | undefined): string {
  if (!linked) return buildId;
  return createHash('sha256')
    .update(buildId)
    .update(canonical(linked.runInputs))
    .digest('hex')
    .slice(0, 16);
}

/**
 * MIGRATION (remove with build-id.ts' legacyBuildId): the build id as it was made before
 * 66247ff, with each project's build fingerprint (its folder stamp) in place of what it gives
 * the runs.
 */
export function legacyWithProjects(buildId: string, linked: LinkedProjects | undefined): string {
  if (!linked) return buildId;
  return createHash('sha256')
    .update(buildId)
    .update(canonical(linked.fingerprints))
    .digest('hex')
    .slice(0, 16);
}

function readDigests(path: string): DigestCache {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Record<
      string,
      { stat: string; sha: string }
    >;
    return new Map(Object.entries(v));
  } catch {
    return new Map();
  }
}

function writeDigests(path: string, cache: DigestCache): void {
  writeIfChanged(path, JSON.stringify(Object.fromEntries(cache)) + '\n');
}

/** The shared libraries a project's own build left in its folder (`lib<NAME>.so` as `NAME`). */
function sharedLibraries(dir: string): string[] {
  try {
    return readdirSync(dir)
      .flatMap((f) => /^lib(.+)\.so$/.exec(f)?.[1] ?? [])
      .sort();
  } catch {
    return [];
  }
}
