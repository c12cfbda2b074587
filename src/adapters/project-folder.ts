// Reads what zero-config detection (core/projects/detect.ts) looks at in a project's folder:
// its project files, whether it has C++ sources, the binaries and libraries already in it, and
// the projects its .project references, found next to it as the IDE's workspace has them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  detectProject,
  type Detection,
  type ProjectFolder,
  type ReferencedFolder,
} from '../core/projects/detect.js';
import { parseDotProject } from '../core/projects/project-files.js';
import { readHead } from './file-ends.js';
import type { RunSettings } from '../core/campaign/settings.js';

function readIf(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const SOURCE = /\.(cc|cpp|msg|sm)$/;
/** Folders opp_makemake --deep leaves out (its output) or that hold no model sources. */
const SKIP = new Set(['out', 'node_modules', 'results']);
const ENOUGH = 20;

/** Some C++ and message sources below `dir` (dot folders and build output skipped). */
function sourcesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (found.length >= ENOUGH) return;
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP.has(e.name) && depth < 8) walk(r, depth + 1);
      } else if (SOURCE.test(e.name)) found.push(r);
    }
  };
  walk('', 0);
  return found;
}

/** The magic numbers of ELF and Mach-O (32/64 bit, either byte order, universal) binaries. */
const BINARY_MAGIC = ['7f454c46', 'feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'];

/**
 * A compiled program (an ELF or Mach-O file): not a launcher script (`#!`, like OMNeT++'s
 * `queuenet`), nor a text file with a stray execute bit (common in trees from Windows).
 */
function isBinary(path: string): boolean {
  const magic = readHead(path, 4)?.toString('hex');
  return magic !== undefined && BINARY_MAGIC.includes(magic);
}

export function describeFolder(dir: string): ProjectFolder {
  const programs: string[] = [];
  const libraries: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // a folder that is not there has nothing in it; the ini's absence is reported elsewhere
  }
  for (const n of names) {
    if (n.startsWith('.')) continue;
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    if (/^lib.+\.so$/.test(n)) libraries.push(n);
    else if ((st.mode & 0o111) !== 0 && !/\.so(\.|$)/.test(n) && isBinary(p)) programs.push(n);
  }
  const text = (f: string): Record<string, string> => {
    const t = readIf(join(dir, f));
    return t === undefined ? {} : { [f]: t };
  };
  const makefile = ['GNUmakefile', 'makefile', 'Makefile']
    .map((f) => readIf(join(dir, f)))
    .find((t) => t !== undefined);
  const files = { ...text('.project'), ...text('.oppbuildspec'), ...text('.nedfolders') };
  return {
    name: basename(resolve(dir)),
    path: dir,
    ...(files['.project'] !== undefined ? { dotProject: files['.project'] } : {}),
    ...(files['.oppbuildspec'] !== undefined ? { buildSpec: files['.oppbuildspec'] } : {}),
    ...(files['.nedfolders'] !== undefined ? { nedFolders: files['.nedfolders'] } : {}),
    ...(makefile !== undefined ? { makefile } : {}),
    sources: sourcesBelow(dir),
    programs,
    libraries,
  };
}

function referencesOf(dir: string): string[] {
  const file = join(dir, '.project');
  const text = readIf(file);
  return text === undefined ? [] : [...parseDotProject(text, file).references];
}

function projectName(dir: string): string | undefined {
  const file = join(dir, '.project');
  const text = readIf(file);
  return text === undefined ? undefined : parseDotProject(text, file).name;
}

/** The folder of project `name` in `workspace`: `NAME/`, else any folder whose .project names it. */
function findInWorkspace(workspace: string, name: string): string | undefined {
  const direct = join(workspace, name);
  if (projectName(direct) === name) return direct;
  let entries: string[];
  try {
    entries = readdirSync(workspace).sort();
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const d = join(workspace, e);
    if (!e.startsWith('.') && projectName(d) === name) return d;
  }
  return undefined;
}

/**
 * Every project the model's .project references, directly or through other projects, looked up
 * next to the model (the IDE keeps a workspace's projects side by side).
 */
export function findReferencedProjects(dir: string): ReferencedFolder[] {
  const model = resolve(dir);
  const workspace = dirname(model);
  const out: ReferencedFolder[] = [];
  const seen = new Set<string>([projectName(model) ?? basename(model)]);
  const queue: { name: string; by: string }[] = referencesOf(model).map((name) => ({
    name,
    by: join(model, '.project'),
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seen.has(next.name)) continue;
    seen.add(next.name);
    const found = findInWorkspace(workspace, next.name);
    const lookedIn = [
      relative(model, join(workspace, next.name)),
      `every folder in ${workspace} with a .project named ${next.name}`,
    ];
    if (found === undefined) {
      out.push({ name: next.name, referencedBy: next.by, lookedIn });
      continue;
    }
    out.push({
      name: next.name,
      referencedBy: next.by,
      path: relative(model, found),
      folder: describeFolder(found),
      lookedIn,
    });
    for (const r of referencesOf(found)) queue.push({ name: r, by: join(found, '.project') });
  }
  return out;
}

/**
 * What the folder says about how to build and run its model (see core/projects/detect.ts).
 * `iniLoadsLibraries`: some section of the ini files (included ones too) sets `load-libs`.
 */
export function detectFolder(dir: string, iniLoadsLibraries: boolean): Detection {
  return detectProject({
    model: describeFolder(dir),
    referenced: findReferencedProjects(dir),
    iniLoadsLibraries,
  });
}

/**
 * The model files of an `omnetpp` run that are not in `dir` (`-l path/NAME` loads
 * `path/libNAME.so`): after the build, a detected model must be there before any run starts.
 */
export function missingModelFiles(dir: string, run: RunSettings): string[] {
  if (run.preset !== 'omnetpp') return [];
  const isFile = (p: string): boolean => {
    try {
      return statSync(resolve(dir, p)).isFile();
    } catch {
      return false;
    }
  };
  const missing: string[] = [];
  if (run.program !== undefined && !isFile(run.program)) missing.push(run.program);
  for (const l of run.libraries) {
    const slash = l.lastIndexOf('/');
    const file = `${l.slice(0, slash + 1)}lib${l.slice(slash + 1)}.so`;
    if (!isFile(l) && !isFile(file)) missing.push(file);
  }
  return missing;
}
