// A Makefile opp_makemake wrote, written again before make when the sources it lists are no
// longer those of its tree (core/projects/makemake-sources.ts): the folders are listed as
// opp_makemake lists them (no dot folders, no version-control folders, not the output folder,
// -X and -d folders; every folder below with --deep). Listing them costs far less than
// running opp_makemake (a Python start, ~150 ms), which is run only when they differ.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  generatedWith,
  sourcesChanged,
  type MakemakeTree,
  type SourceFolder,
} from '../core/projects/makemake-sources.js';

/** opp_makemake's IGNORABLE_DIRS (besides dot folders). */
const IGNORED = new Set(['CVS', 'RCS', 'SCCS', '_darcs', 'blib', 'backups']);

/** A shell-like pattern (`*`, `?`, `[...]`) of -X as a RegExp over a whole path. */
function patternRegExp(pattern: string): RegExp {
  let re = '';
  for (const c of pattern)
    re +=
      c === '*'
        ? '[^/]*'
        : c === '?'
          ? '[^/]'
          : /[[\]]/.test(c)
            ? c
            : c.replace(/[.+^${}()|\\]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

/** The project's root as opp_makemake finds it: -P, else the nearest folder up with a .project. */
function projectRoot(makeDir: string, given: string | undefined): string {
  if (given !== undefined) return resolve(makeDir, given);
  for (let d = makeDir; ; d = dirname(d)) {
    if (existsSync(join(d, '.project'))) return d;
    if (dirname(d) === d) return makeDir;
  }
}

/** A symbolic link to a folder (not one that points nowhere, nor a loop of links: ELOOP). */
function linksToFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** The folders opp_makemake takes sources from, with their file names. */
export function sourceFolders(makeDir: string, tree: MakemakeTree): SourceFolder[] {
  const out = resolve(projectRoot(makeDir, tree.projectDir), tree.outDir);
  const except = tree.except.map((p) =>
    patternRegExp(isAbsolute(p) ? p.replace(/\/+$/, '') : relative(makeDir, resolve(makeDir, p))),
  );
  const excluded = (abs: string): boolean => {
    if (abs === out) return true;
    const rel = relative(makeDir, abs) || '.';
    return except.some((re) => re.test(rel) || re.test(abs));
  };
  const folders: SourceFolder[] = [];
  const seen = new Set<string>();
  const walk = (abs: string): void => {
    if (excluded(abs)) return;
    // a campaign's results folder (OUT/.opp-campaign): no sources, and a run's files each (a
    // campaign of 100,000 runs would be listed at every start)
    if (abs !== makeDir && existsSync(join(abs, '.opp-campaign'))) return;
    const real = realpathSync(abs);
    if (seen.has(real)) return; // (a link back up)
    seen.add(real);
    const files: string[] = [];
    const below: string[] = [];
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const isDir = e.isDirectory() || (e.isSymbolicLink() && linksToFolder(join(abs, e.name)));
      if (!isDir) files.push(e.name);
      else if (tree.deep && !IGNORED.has(e.name)) below.push(join(abs, e.name));
    }
    folders.push({ path: relative(makeDir, abs).split('\\').join('/') || '.', files });
    for (const b of below) walk(b);
  };
  walk(makeDir);
  return folders;
}

/**
 * opp_makemake's options to write `makeDir`'s Makefile again with, when opp_makemake wrote it
 * and the sources it lists are not those of its tree now; undefined otherwise.
 */
export function makemakeToRefresh(makeDir: string): readonly string[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(makeDir, 'Makefile'), 'utf8');
  } catch {
    return undefined;
  }
  const tree = generatedWith(text);
  if (tree === undefined) return undefined;
  return sourcesChanged(text, tree, sourceFolders(resolve(makeDir), tree)) ? tree.args : undefined;
}
