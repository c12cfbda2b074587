// What identifies a build for the journal: the bytes of the model executable and libraries a
// run loads, and of the model's NED files (OMNeT++ reads them at each run's start: an edited
// NED file changes the simulation as a rebuilt library does). A rerun with an unchanged build
// can skip finished runs; any change reruns them. So does a change to what the campaign file
// gives every run besides its arguments: its environment and its sidecars (a SUMO per Veins run:
// another SUMO command or option is another simulation).
import { createHash } from '../core/hash.js';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CampaignSettings, RunSettings } from '../core/campaign/settings.js';
import { splitWords } from '../core/campaign/command.js';
import { childEnvironment } from '../core/campaign/child-env.js';
import { findProgram } from './find-program.js';

const LIB_SUFFIXES = ['', '.so', '.dylib', '.dll'];

export function buildId(
  projectDir: string,
  run: RunSettings,
  runsWith?: Pick<CampaignSettings, 'env' | 'sidecars'>,
  base: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return idOf(projectDir, run, runsWith, base, true);
}

/**
 * MIGRATION (remove, with build-projects.ts' legacyWithProjects and execute's legacyBuildId, in
 * the release after the first one that ships d41b447: the journals written before it are
 * migrated, or rerun once, by then): the build id as opp-campaign made it before 66247ff and
 * d41b447, without the OMNeT++ in use. A finished run recorded with it is taken as done once
 * (see execute.ts), so that the upgrade does not rerun every run of every `omnetpp` campaign.
 */
export function legacyBuildId(
  projectDir: string,
  run: RunSettings,
  runsWith?: Pick<CampaignSettings, 'env' | 'sidecars'>,
): string {
  return idOf(projectDir, run, runsWith, process.env, false);
}

function idOf(
  projectDir: string,
  run: RunSettings,
  runsWith: Pick<CampaignSettings, 'env' | 'sidecars'> | undefined,
  base: Readonly<Record<string, string | undefined>>,
  withOmnetpp: boolean,
): string {
  const h = createHash('sha256');
  // the OMNeT++ the runs use: another opp_run (a wrapper, another installation) or other kernel
  // libraries are another simulation
  if (run.preset === 'omnetpp' && withOmnetpp) {
    const path = childEnvironment(base, runsWith?.env ?? {})['PATH'];
    h.update(`\0omnetpp\0${omnetppInUse(projectDir, path)}`);
  }
  // (none of either: the id is what it was before they counted, so no finished run reruns)
  const env = Object.entries(runsWith?.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (env.length > 0) h.update(`\0env\0${JSON.stringify(env)}`);
  if (runsWith?.sidecars !== undefined && runsWith.sidecars.length > 0)
    h.update(`\0sidecars\0${JSON.stringify(runsWith.sidecars)}`);
  const files: string[] = [];
  if (run.preset === 'omnetpp') {
    if (run.program) files.push(run.program);
    for (const lib of run.libraries) files.push(lib);
    h.update(JSON.stringify(run));
  } else {
    h.update(run.command);
    const first = splitWords(run.command)[0];
    if (first && first.includes('/')) files.push(first);
  }
  if (run.preset === 'omnetpp')
    for (const ned of nedFiles(projectDir, run.nedPath)) {
      h.update(`\0${ned}\0`);
      h.update(readFileSync(resolve(projectDir, ned)));
    }
  for (const f of files) {
    for (const candidate of fileCandidates(f)) {
      try {
        h.update(readFileSync(resolve(projectDir, candidate)));
        break;
      } catch {
        // try the next name; an absent file leaves the id to the settings alone
      }
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** The names a program or `-l` library may have on disk, in the order they are looked for. */
function fileCandidates(f: string): string[] {
  // `-l path/name` loads path/libname.so (opp_run adds the prefix and suffix itself)
  const slash = f.lastIndexOf('/');
  const libName = `${f.slice(0, slash + 1)}lib${f.slice(slash + 1)}`;
  return [f, libName].flatMap((base) => LIB_SUFFIXES.map((sfx) => base + sfx));
}

/**
 * The model's own files (an OMNeT++ run's program and libraries, as buildId finds them) as they
 * are now: each one's path, size, time and inode. Undefined when one is not there (yet), or for
 * a `command` run. Equal stamps before and after a build: the build left the model as it was.
 */
export function modelFilesStamp(projectDir: string, run: RunSettings): string | undefined {
  if (run.preset !== 'omnetpp') return undefined;
  const parts: string[] = [];
  for (const f of [...(run.program ? [run.program] : []), ...run.libraries]) {
    let found: string | undefined;
    for (const candidate of fileCandidates(f)) {
      const st = statSync(resolve(projectDir, candidate), { throwIfNoEntry: false });
      if (st?.isFile()) {
        found = `${candidate}:${st.size}:${st.mtimeMs}:${st.ino}`;
        break;
      }
    }
    if (found === undefined) return undefined;
    parts.push(found);
  }
  return parts.join('\n');
}

/**
 * The model's own NED files, relative to the project, sorted: below each NED folder inside the
 * project (the project itself when none is named). Referenced projects' folders are left to
 * their own stamps; hidden folders (a results folder's `.runs`), `out` and any folder holding a
 * campaign's `.opp-campaign` are not searched, nor symlinked folders.
 */
export function nedFiles(projectDir: string, nedPath: readonly string[]): string[] {
  const root = resolve(projectDir);
  const found = new Set<string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === '.opp-campaign')) return;
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'out' && e.name !== 'node_modules') walk(path);
      } else if (e.isFile() && e.name.endsWith('.ned')) found.add(relative(root, path));
    }
  };
  for (const folder of nedPath.length > 0 ? nedPath : ['.']) {
    const abs = resolve(root, folder);
    if (abs === root || abs.startsWith(root + sep)) walk(abs);
  }
  return [...found].sort();
}

/** A file's digest, with the stat it was made at (a cache: unchanged stat, unchanged digest). */
export type DigestCache = Map<string, { readonly stat: string; readonly sha: string }>;

function fileDigest(path: string, cache: DigestCache | undefined): string | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  const stat = `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
  const known = cache?.get(path);
  if (known?.stat === stat) return known.sha;
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  cache?.set(path, { stat, sha });
  return sha;
}

/**
 * What a referenced project gives the runs, by content: its libraries (the `-l` files the runs
 * load), the NED files in its NED folders and what the runs are told about them (`uses`: NED
 * folders, exclusions, feature choice, image folders). Not the rest of its folder: a README,
 * its own results or a comment-only rebuild that leaves the library as it was do not count.
 * Library digests are kept in `cache` by their size, times and inode (INET's library is large).
 */
export function projectRunInputs(
  dir: string,
  nedFolders: readonly string[],
  libraries: readonly string[],
  uses: unknown,
  cache?: DigestCache,
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(uses));
  for (const ned of nedFiles(dir, nedFolders)) {
    h.update(`\0ned\0${ned}\0`);
    h.update(readFileSync(resolve(dir, ned)));
  }
  for (const lib of libraries) {
    h.update(`\0lib\0${lib}\0`);
    for (const candidate of fileCandidates(lib)) {
      const sha = fileDigest(resolve(dir, candidate), cache);
      if (sha !== undefined) {
        h.update(sha);
        break;
      }
    }
  }
  return h.digest('hex');
}

/** OMNeT++'s kernel libraries (liboppsim, liboppenvir, liboppcmdenv, ..., release and debug). */
const KERNEL_LIBRARY = /^libopp\w*\.(so|dylib|dll)$/;

/**
 * The OMNeT++ the runs use, cheaply: the content of the `opp_run` found on their PATH (a small
 * program; a wrapper script is another one) and the size and time of each kernel library in
 * its installation's lib folder (what opp_run and a model's executable load). 'none' without
 * an opp_run.
 */
export function omnetppInUse(cwd: string, path: string | undefined): string {
  const oppRun = findProgram('opp_run', cwd, path);
  if (oppRun === undefined) return 'none';
  const h = createHash('sha256');
  try {
    h.update(readFileSync(oppRun));
    const lib = join(dirname(dirname(realpathSync(oppRun))), 'lib');
    for (const f of readdirSync(lib)
      .filter((n) => KERNEL_LIBRARY.test(n))
      .sort()) {
      const st = statSync(join(lib, f), { throwIfNoEntry: false });
      if (st) h.update(`\0${f}:${st.size}:${st.mtimeMs}`);
    }
  } catch {
    // (no lib folder beside it: a wrapper's own content stands for it)
  }
  return h.digest('hex').slice(0, 16);
}
