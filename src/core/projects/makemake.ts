// How the `omnetpp` build preset builds a referenced project from its .oppbuildspec, the way the
// IDE does and INET's top-level Makefile imitates outside the IDE: opp_makemake in every
// `makemake` folder with the folder's options, then make in the top folders.
// The IDE-only `--meta:` options are translated (INET's Makefile does the same for the first):
//   --meta:export-include-path        -I.  (and dependents may use this folder's headers)
//   --meta:use-exported-include-paths -I for the referenced projects' exported folders
//   --meta:export-library             dependents link with this folder's library
//   --meta:use-exported-libs          -L/-l for the referenced projects' exported libraries
//   --meta:feature-cflags             the enabled features' compile flags (unless the project
//                                     has a definesFile: then they go into that header)
//   --meta:feature-ldflags            the enabled features' linker flags
//   --meta:recurse                    -d for the build folders directly below
// others (auto-include-path, ...) are dropped: opp_makemake --deep finds include folders itself.
// Disabled features' C++ folders are excluded with -X, as `opp_featuretool options -f` prints.
import { posix } from 'node:path';
import type { BuildSpecDir } from './project-files.js';

export interface BuildStep {
  readonly cmd: string;
  readonly args: readonly string[];
  /** Relative to the project root. */
  readonly dir: string;
}

/** What a project built this way offers the projects that reference it (absolute folders). */
export interface ProjectExports {
  readonly includeDirs: readonly string[];
  readonly libraries: readonly { readonly dir: string; readonly name: string }[];
}

export interface OmnetppPlanInput {
  /**
   * The name of the project's folder. opp_makemake names a target, when no -o says otherwise,
   * after its project's folder: the first folder upwards from where it runs that holds a
   * `.project` (not after the project's name there: a git checkout, or a copy of a project in a
   * folder named otherwise, is a folder of another name); with none, after the folder it runs in.
   */
  readonly folderName: string;
  /** The project's folder holds a `.project` (the IDE's `src/` folders' targets are named after it). */
  readonly hasDotProject: boolean;
  /** Absolute, `/`-separated. */
  readonly root: string;
  readonly dirs: readonly BuildSpecDir[];
  readonly mode: 'release' | 'debug';
  readonly jobs: number;
  readonly features?: {
    readonly excludedFolders: readonly string[];
    readonly compileFlags: readonly string[];
    readonly linkerFlags: readonly string[];
    readonly hasDefinesFile: boolean;
  };
  /** The referenced projects' exports, in build order. */
  readonly deps: readonly ProjectExports[];
}

export interface OmnetppPlan {
  readonly steps: readonly BuildStep[];
  /** Shared libraries the runs load (`opp_run -l`), project-relative, without prefix/suffix. */
  readonly libraries: readonly string[];
  /** Executables the build makes, project-relative, without the platform's suffix. */
  readonly executables: readonly string[];
  readonly exports: ProjectExports;
}

type Kind = 'exe' | 'shared' | 'static' | 'nolink';

function targetOf(options: readonly string[], fallback: string): { kind: Kind; name: string } {
  let kind: Kind = 'exe';
  let name = fallback;
  options.forEach((o, i) => {
    if (o === '-s' || o === '--make-so') kind = 'shared';
    else if (o === '-a' || o === '--make-lib') kind = 'static';
    else if (o === '-n' || o === '--nolink') kind = 'nolink';
    else if (o === '-o' || o === '--output') name = options[i + 1] ?? name;
    else if (o.startsWith('-o') && o.length > 2 && !o.startsWith('--')) name = o.slice(2);
  });
  return { kind, name };
}

const rel = (from: string, to: string): string => posix.relative(from, to) || '.';
const isBelow = (dir: string, ancestor: string): boolean =>
  ancestor === '.' ? dir !== '.' : dir.startsWith(`${ancestor}/`);

/** The build folder each folder sits directly below, if any. */
function parentDir(dir: string, all: readonly BuildSpecDir[]): string | undefined {
  let best: string | undefined;
  for (const d of all)
    if (isBelow(dir, d.path) && (best === undefined || isBelow(d.path, best))) best = d.path;
  return best;
}

export function planOmnetppBuild(input: OmnetppPlanInput): OmnetppPlan {
  const makemake = input.dirs.filter((d) => d.type === 'makemake');
  const steps: BuildStep[] = [];
  const libraries: string[] = [];
  const executables: string[] = [];
  const includeDirs: string[] = [];
  const exported: { dir: string; name: string }[] = [];
  const reached = new Set<string>();
  const f = input.features;

  for (const d of makemake) {
    const abs = posix.join(input.root, d.path);
    const args: string[] = ['-f'];
    const meta = new Set(d.options.filter((o) => o.startsWith('--meta:')).map((o) => o.slice(7)));
    for (const o of d.options) {
      if (o === '-f' || o === '--force' || o.startsWith('--meta:')) continue;
      args.push(o);
    }
    if (meta.has('export-include-path')) {
      args.push('-I.');
      includeDirs.push(abs);
    }
    if (meta.has('use-exported-include-paths'))
      for (const dep of input.deps)
        for (const inc of dep.includeDirs) args.push(`-I${rel(abs, inc)}`);
    if (meta.has('use-exported-libs'))
      for (const dep of input.deps)
        for (const lib of dep.libraries) args.push(`-L${rel(abs, lib.dir)}`, `-l${lib.name}$(D)`);
    if (f && meta.has('feature-cflags') && !f.hasDefinesFile) args.push(...f.compileFlags);
    if (f && meta.has('feature-ldflags')) args.push(...f.linkerFlags);
    if (meta.has('recurse'))
      for (const child of input.dirs)
        if (child.path !== d.path && parentDir(child.path, input.dirs) === d.path) {
          args.push('-d', rel(abs, posix.join(input.root, child.path)));
          reached.add(child.path);
        }
    for (const folder of f?.excludedFolders ?? [])
      if (isBelow(folder, d.path)) args.push(`-X${rel(abs, posix.join(input.root, folder))}`);
    steps.push({ cmd: 'opp_makemake', args, dir: d.path });

    const target = targetOf(
      d.options,
      d.path === '.' || input.hasDotProject ? input.folderName : posix.basename(d.path),
    );
    const path = d.path === '.' ? target.name : `${d.path}/${target.name}`;
    if (target.kind === 'shared') libraries.push(path);
    if (target.kind === 'exe') executables.push(path);
    if (meta.has('export-library') && (target.kind === 'shared' || target.kind === 'static'))
      exported.push({ dir: abs, name: target.name });
  }
  // folders a recursing parent's make descends into are not made on their own
  for (const d of makemake)
    if (!reached.has(d.path))
      steps.push({ cmd: 'make', args: [`-j${input.jobs}`, `MODE=${input.mode}`], dir: d.path });
  return { steps, libraries, executables, exports: { includeDirs, libraries: exported } };
}
