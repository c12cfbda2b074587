// Zero-config: how a plain OMNeT++ project builds and what its runs start, found the way
// opp_makemake and the IDE find it, from a small description of the project's folder (read by
// adapters/project-folder.ts). Pure: the same description gives the same answer.
//
// The build, first rule that applies:
//   1. a Makefile opp_makemake wrote: `make MODE=release` (what an opp_runall user types; it is
//      what the .oppbuildspec would generate anyway)
//   2. an .oppbuildspec with makemake folders: the IDE's build (opp_makemake in each, then
//      make), also beside a hand-written Makefile: INET's and Simu5G's stop at once until
//      `make makefiles` has generated the Makefiles below them
//   3. any other Makefile: `make MODE=release`
//   4. C++ or message sources: `opp_makemake -f --deep`, then make
//   5. otherwise nothing is built
// The model, first rule that applies:
//   1. the target of a Makefile opp_makemake wrote (TARGET_DIR, TARGET_NAME, TARGET)
//   2. the targets of the .oppbuildspec's makemake folders (-o, else the folder's name)
//   3. with sources and no Makefile: the executable opp_makemake names after the folder
//   4. what is in the folder: an executable binary or lib<NAME>.so named after the folder or
//      the .project name, else the only one there (several: ambiguous)
// An executable makes the runs `./NAME ...`; shared libraries make them `opp_run -l ./NAME ...`.
// Referenced projects (.project) become `projects` entries with a path: the IDE's .oppbuildspec
// first for them, since it says what they export to the projects that use them.
import type { ProjectBuild, ProjectSettings } from '../campaign/project-settings.js';
import type { BuildSettings } from '../campaign/settings.js';
import { makefileFacts, type MakefileFacts } from './makefile-target.js';
import { planOmnetppBuild } from './makemake.js';
import {
  parseBuildSpec,
  parseDotProject,
  parseNedFolders,
  type BuildSpecDir,
} from './project-files.js';

/** What detection needs to know about a project's folder. */
export interface ProjectFolder {
  /** The folder's own name: opp_makemake names its target after it (unless -o). */
  readonly name: string;
  /** Where it is, for errors in its files. */
  readonly path: string;
  readonly dotProject?: string;
  readonly buildSpec?: string;
  readonly nedFolders?: string;
  /** The folder's Makefile (Makefile, makefile or GNUmakefile). */
  readonly makefile?: string;
  /** Some of the C++ and message sources below the folder (what opp_makemake --deep compiles). */
  readonly sources: readonly string[];
  /** Executable binaries directly in the folder (`#!` scripts are launchers, not models). */
  readonly programs: readonly string[];
  /** Shared libraries directly in the folder (`libNAME.so` file names). */
  readonly libraries: readonly string[];
}

/** A project that .project files reference, and where it was found. */
export interface ReferencedFolder {
  readonly name: string;
  /** The .project file that references it. */
  readonly referencedBy: string;
  /** Its folder, relative to the model's, when found. */
  readonly path?: string;
  readonly folder?: ProjectFolder;
  /** Where it was looked for (shown when it was not found). */
  readonly lookedIn: readonly string[];
}

export interface DetectInput {
  readonly model: ProjectFolder;
  /** Every project the model references, directly or not. */
  readonly referenced: readonly ReferencedFolder[];
  /** The ini files load libraries themselves (a `load-libs` entry). */
  readonly iniLoadsLibraries: boolean;
}

export type ModelFinding =
  | {
      readonly kind: 'found';
      /** Relative to the folder, with a `/` (`./aloha`), so no PATH lookup takes it. */
      readonly program: string | undefined;
      /** For `opp_run -l`: `./NAME` loads `./libNAME.so`. */
      readonly libraries: readonly string[];
      readonly why: string;
    }
  | { readonly kind: 'none'; readonly lookedFor: string }
  | { readonly kind: 'ambiguous'; readonly message: string };

export interface Detection {
  readonly build: BuildSettings;
  /** The build in words, e.g. `make MODE=release (the Makefile, by opp_makemake)`. */
  readonly buildText: string;
  readonly model: ModelFinding;
  /** The model's NED folders (.nedfolders) when they are not just `.`. */
  readonly nedPath: readonly string[];
  readonly projects: readonly ProjectSettings[];
  /** Each found project in words, e.g. `queueinglib at ../queueinglib (its .oppbuildspec)`. */
  readonly projectTexts: readonly string[];
  /** References that were not found. */
  readonly missing: readonly ReferencedFolder[];
  readonly iniLoadsLibraries: boolean;
}

const MODE = 'release';

const withSlash = (p: string): string => (p.includes('/') ? p : `./${p}`);

function dotProjectName(f: ProjectFolder): string | undefined {
  return f.dotProject === undefined
    ? undefined
    : parseDotProject(f.dotProject, `${f.path}/.project`).name;
}

function buildSpecDirs(f: ProjectFolder): BuildSpecDir[] | undefined {
  return f.buildSpec === undefined
    ? undefined
    : parseBuildSpec(f.buildSpec, `${f.path}/.oppbuildspec`);
}

/** The commands of an .oppbuildspec build, as words (without -j), for the detected line. */
function specText(name: string, hasDotProject: boolean, dirs: readonly BuildSpecDir[]): string {
  const plan = planOmnetppBuild({
    folderName: name,
    hasDotProject,
    root: '/',
    dirs,
    mode: MODE,
    jobs: 1,
    deps: [],
  });
  return plan.steps
    .map((s) => {
      const cmd = [s.cmd, ...s.args.filter((a) => !a.startsWith('-j'))].join(' ');
      return s.dir === '.' ? cmd : `(in ${s.dir}) ${cmd}`;
    })
    .join(' && ');
}

function modelBuild(f: ProjectFolder, mk: MakefileFacts | undefined): [BuildSettings, string] {
  const dirs = buildSpecDirs(f);
  const fromSpec = dirs?.some((d) => d.type === 'makemake') ?? false;
  if (mk && (mk.generated || !fromSpec))
    return [
      { preset: 'make', dir: '.', args: [`MODE=${MODE}`] },
      `make MODE=${MODE} (the Makefile${mk.generated ? ', by opp_makemake' : ''})`,
    ];
  if (dirs && fromSpec)
    return [
      { preset: 'omnetpp', dir: '.', makemake: [], mode: MODE, buildSpec: dirs },
      `${specText(f.name, f.dotProject !== undefined, dirs)} (.oppbuildspec)`,
    ];
  if (f.sources.length > 0)
    return [
      { preset: 'omnetpp', dir: '.', makemake: ['-f', '--deep'], mode: MODE },
      `opp_makemake -f --deep && make MODE=${MODE} (C++ sources, no Makefile or .oppbuildspec)`,
    ];
  return [{ preset: 'none' }, 'none (no Makefile, .oppbuildspec or C++ sources)'];
}

/** What is in the folder already: a binary or library named after the project, or the only one. */
function inFolder(f: ProjectFolder): ModelFinding {
  const names = [...new Set([f.name, dotProjectName(f)].filter((n) => n !== undefined))];
  const candidates = names.flatMap((n) => [n, `${n}_dbg`]);
  const program = candidates.find((c) => f.programs.includes(c));
  if (program !== undefined)
    return { kind: 'found', program: `./${program}`, libraries: [], why: 'in the folder' };
  const lib = candidates.find((c) => f.libraries.includes(`lib${c}.so`));
  if (lib !== undefined)
    return { kind: 'found', program: undefined, libraries: [`./${lib}`], why: 'in the folder' };
  const all = [...f.programs.map((p) => `./${p}`), ...f.libraries.map((l) => `./${l}`)].sort();
  const only = all[0];
  if (all.length === 1 && only !== undefined) {
    const isLib = f.libraries.length === 1;
    return {
      kind: 'found',
      program: isLib ? undefined : only,
      libraries: isLib ? [only.replace(/lib([^/]*)\.so$/, '$1')] : [],
      why: 'the only one in the folder',
    };
  }
  const looked = `an executable or lib*.so named ${names.join(' or ')}`;
  if (all.length > 1)
    return {
      kind: 'ambiguous',
      message: `several candidates for the model and none named after the project (${looked}): ${all.join(', ')}`,
    };
  return {
    kind: 'none',
    lookedFor: `a Makefile, an .oppbuildspec, C++ sources (*.cc, *.cpp, *.msg) for opp_makemake, ${looked}, projects referenced by .project, load-libs in the ini files`,
  };
}

function fromTargets(
  exes: readonly string[],
  libs: readonly string[],
  why: string,
): ModelFinding | undefined {
  if (exes.length > 1)
    return {
      kind: 'ambiguous',
      message: `${why} builds several executables: ${exes.map(withSlash).join(', ')}`,
    };
  if (exes.length === 0 && libs.length === 0) return undefined;
  return {
    kind: 'found',
    program: exes[0] === undefined ? undefined : withSlash(exes[0]),
    libraries: libs.map(withSlash),
    why,
  };
}

function findModel(f: ProjectFolder, mk: MakefileFacts | undefined): ModelFinding {
  const t = mk?.target;
  if (t)
    return {
      kind: 'found',
      program: t.kind === 'exe' ? withSlash(t.path) : undefined,
      libraries: t.kind === 'shared' ? [withSlash(t.path)] : [],
      why: "the Makefile's target",
    };
  const dirs = buildSpecDirs(f);
  if (dirs) {
    const plan = planOmnetppBuild({
      folderName: f.name,
      hasDotProject: f.dotProject !== undefined,
      root: '/',
      dirs,
      mode: MODE,
      jobs: 1,
      deps: [],
    });
    const found = fromTargets(plan.executables, plan.libraries, 'the .oppbuildspec');
    if (found) return found;
  }
  if (!mk && f.sources.length > 0)
    return { kind: 'found', program: `./${f.name}`, libraries: [], why: "opp_makemake's target" };
  const here = inFolder(f);
  // a custom Makefile builds something not there yet: the name opp_makemake would give it
  if (here.kind === 'none' && mk)
    return { kind: 'found', program: `./${f.name}`, libraries: [], why: 'named after the folder' };
  return here;
}

/** How a referenced project builds (the IDE's .oppbuildspec first: it declares the exports). */
function projectBuild(f: ProjectFolder): [ProjectBuild, readonly string[] | undefined, string] {
  if (buildSpecDirs(f)?.some((d) => d.type === 'makemake'))
    return [{ preset: 'omnetpp', mode: MODE }, undefined, 'its .oppbuildspec'];
  const mk = f.makefile === undefined ? undefined : makefileFacts(f.makefile);
  if (mk) {
    // a generated Makefile names its library; another's are what it leaves in the folder,
    // known only once it has run (lib*.so there after the build)
    const libs = mk.target?.kind === 'shared' ? [mk.target.path] : undefined;
    return [{ preset: 'make', dir: '.', args: [`MODE=${MODE}`] }, libs, 'its Makefile'];
  }
  if (f.sources.length > 0)
    return [{ preset: 'omnetpp', mode: MODE }, undefined, 'opp_makemake --deep --make-so'];
  return [{ preset: 'none' }, [], 'nothing to build'];
}

function nedPathOf(f: ProjectFolder): string[] {
  if (f.nedFolders === undefined) return [];
  const { folders } = parseNedFolders(f.nedFolders);
  return folders.length === 1 && folders[0] === '.' ? [] : [...folders];
}

export function detectProject(input: DetectInput): Detection {
  const f = input.model;
  const mk = f.makefile === undefined ? undefined : makefileFacts(f.makefile);
  const [build, buildText] = modelBuild(f, mk);
  const projects: ProjectSettings[] = [];
  const projectTexts: string[] = [];
  for (const r of input.referenced) {
    if (r.path === undefined || r.folder === undefined) continue;
    const [pb, libraries, how] = projectBuild(r.folder);
    projects.push({
      name: r.name,
      source: { kind: 'path', path: r.path },
      build: pb,
      ...(libraries ? { libraries } : {}),
    });
    projectTexts.push(`${r.name} at ${r.path} (${how})`);
  }
  return {
    build,
    buildText,
    model: findModel(f, mk),
    nedPath: nedPathOf(f),
    projects,
    projectTexts,
    missing: input.referenced.filter((r) => r.path === undefined),
    iniLoadsLibraries: input.iniLoadsLibraries,
  };
}
