// Referenced projects on this machine: where each one's folder is (a local path, a submodule of
// the model's repository, or a checkout of a git URL at a ref), what its OMNeT++ project files
// say, what state its folder is in (for "built once per fingerprint"), and its build stamp.
import { createHash } from '../core/hash.js';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { redact, redactUrl, shownUrl } from '../core/git/secrets.js';
import type { ProjectSettings } from '../core/campaign/project-settings.js';
import { parseOppFeatures, type FeatureCatalog, type NedRoot } from '../core/projects/features.js';
import {
  nedPackageOf,
  parseBuildSpec,
  parseDotProject,
  parseNedExclusions,
  parseNedFolders,
  type BuildSpecDir,
} from '../core/projects/project-files.js';

export class ProjectSourceError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ProjectSourceError';
  }
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function resolveRef(url: string, ref: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const { execa } = await import('execa'); // (loaded when a project comes from git)
  // `--`: a URL or ref that starts with '-' (`--upload-pack=...`) is no option
  const r = await execa('git', ['ls-remote', '--', url, ref, `refs/tags/${ref}^{}`], {
    reject: false,
    env: { GIT_TERMINAL_PROMPT: '0' },
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) {
    // git's first `fatal:` line says why; its last is advice ("... and the repository exists.")
    const said = r.stderr.split('\n').map((l) => l.trim());
    const why = said.find((l) => /^(fatal|error): /.test(l)) ?? said.filter(Boolean).pop() ?? '';
    throw new ProjectSourceError(
      `${shownUrl(url)}: cannot list its refs: ${redactUrl(why.replace(/^(fatal|error): /, ''), url)}`,
    );
  }
  const lines = r.stdout.split('\n').map((l) => l.split('\t'));
  // a peeled annotated tag names the commit; then an exact branch or tag; then HEAD
  const pick =
    lines.find(([, n]) => n === `refs/tags/${ref}^{}`) ??
    lines.find(([, n]) => n === `refs/heads/${ref}` || n === `refs/tags/${ref}` || n === ref);
  if (!pick?.[0])
    throw new ProjectSourceError(
      `${shownUrl(url)} has no branch or tag '${ref}'${/^[0-9a-f]{4,39}$/.test(ref) ? ' (a commit is named by its full id, 40 hexadecimal digits)' : ''}`,
    );
  return pick[0];
}

export interface LocateOptions {
  /** The model's folder: `path` and `submodule` are relative to it. */
  readonly modelDir: string;
  /** Where git projects are checked out (one folder per URL, reused by later campaigns). */
  readonly checkoutRoot: string;
  readonly say: (line: string) => void;
  /** What changes the build (see gitCheckoutOf). */
  readonly buildKey?: string;
  /** A git project's folder and commit, found already (gitCheckoutOf). */
  readonly checkout?: GitCheckout;
}

export interface GitCheckout {
  readonly dir: string;
  readonly commit: string;
}

/**
 * Where a git project is checked out: a folder per URL, commit and `buildKey` (a hash of
 * everything that changes its build: the campaign's project builds, features and references,
 * the toolchain). Campaigns at other refs, or at one commit with other features or builds (at
 * the same time, too), never build in one another's folder; one with the same finds its build
 * done. Undefined for a project that does not come from git.
 */
export async function gitCheckoutOf(
  p: ProjectSettings,
  checkoutRoot: string,
  buildKey: string | undefined,
): Promise<GitCheckout | undefined> {
  return p.source.kind === 'git' ? checkoutOf(p.name, p.source, checkoutRoot, buildKey) : undefined;
}

async function checkoutOf(
  name: string,
  src: { readonly url: string; readonly ref: string },
  checkoutRoot: string,
  buildKey: string | undefined,
): Promise<GitCheckout> {
  const commit = await resolveRef(src.url, src.ref);
  const key = buildKey === undefined ? '' : `-${buildKey.slice(0, 12)}`;
  return {
    commit,
    dir: join(checkoutRoot, `${name}-${sha(src.url).slice(0, 12)}-${commit.slice(0, 12)}${key}`),
  };
}

/** The project's folder, fetched or initialized first where needed. */
export async function locateProject(p: ProjectSettings, o: LocateOptions): Promise<string> {
  const src = p.source;
  if (src.kind === 'path') {
    const dir = resolve(o.modelDir, src.path);
    if (!isDir(dir))
      throw new ProjectSourceError(`project '${p.name}': ${dir} (projects: path) is not a folder`);
    return dir;
  }
  if (src.kind === 'submodule') {
    const dir = resolve(o.modelDir, src.path);
    if (!isDir(dir) || readdirSync(dir).length === 0) {
      o.say(`project '${p.name}': initializing submodule ${src.path}`);
      const { execa } = await import('execa');
      const r = await execa(
        'git',
        ['submodule', 'update', '--init', '--recursive', '--', src.path],
        {
          cwd: o.modelDir,
          reject: false,
          stdin: 'ignore',
          env: { GIT_TERMINAL_PROMPT: '0' },
        },
      );
      if (r.exitCode !== 0 || !isDir(dir))
        throw new ProjectSourceError(
          `project '${p.name}': submodule ${src.path} could not be checked out: ${redact(r.stderr.trim().split('\n').pop() ?? 'no such submodule', undefined)}`,
        );
    }
    return dir;
  }
  const { dir, commit } = o.checkout ?? (await checkoutOf(p.name, src, o.checkoutRoot, o.buildKey));
  const { CliGitClient } = await import('./git/cli-git.js');
  const r = await new CliGitClient().ensureCheckout({
    url: src.url,
    sha: commit,
    dir,
    depth: 1,
    keepUntracked: true,
  });
  o.say(
    `project '${p.name}': ${shownUrl(src.url)} at ${src.ref === commit ? commit.slice(0, 12) : `${src.ref} (${commit.slice(0, 12)})`}${r.fetched ? ', fetched' : ''}`,
  );
  return dir;
}

/** What a project's own files say, as far as they exist. */
export interface ProjectFacts {
  readonly name: string;
  readonly dir: string;
  readonly dotProject?: { readonly file: string; readonly references: readonly string[] };
  readonly buildSpec?: { readonly file: string; readonly dirs: readonly BuildSpecDir[] };
  /** Project-relative NED folders (.nedfolders; `.` without one). */
  readonly nedFolders: readonly string[];
  /** The lines of .nedexclusions (opp_featuretool rewrites it from the features). */
  readonly nedExclusions: readonly string[];
  /** OMNeT++ 4.x `-package` lines of .nedfolders. */
  readonly legacyExclusions: readonly string[];
  readonly features?: FeatureCatalog;
  /** The NED folders with the package each declares (for features' C++ folders). */
  readonly nedRoots: readonly NedRoot[];
  readonly isDir: (projectRelative: string) => boolean;
}

function readIf(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function readProjectFacts(name: string, dir: string): ProjectFacts {
  const file = (f: string): string => join(dir, f);
  const dotProject = readIf(file('.project'));
  const buildSpec = readIf(file('.oppbuildspec'));
  const nedText = readIf(file('.nedfolders'));
  const ned =
    nedText === undefined ? { folders: ['.'], excludedPackages: [] } : parseNedFolders(nedText);
  const exclText = readIf(file('.nedexclusions'));
  const featuresText = readIf(file('.oppfeatures'));
  const nedRoots = ned.folders.map((f) => ({
    path: f,
    package: nedPackageOf(readIf(join(dir, f, 'package.ned')) ?? ''),
  }));
  return {
    name,
    dir,
    ...(dotProject !== undefined
      ? {
          dotProject: {
            file: file('.project'),
            references: parseDotProject(dotProject, file('.project')).references,
          },
        }
      : {}),
    ...(buildSpec !== undefined
      ? {
          buildSpec: {
            file: file('.oppbuildspec'),
            dirs: parseBuildSpec(buildSpec, file('.oppbuildspec')),
          },
        }
      : {}),
    nedFolders: ned.folders,
    nedExclusions:
      exclText === undefined ? [] : parseNedExclusions(exclText, file('.nedexclusions')),
    legacyExclusions: ned.excludedPackages,
    ...(featuresText !== undefined
      ? { features: parseOppFeatures(featuresText, file('.oppfeatures')) }
      : {}),
    nedRoots,
    isDir: (p) => isDir(join(dir, p)),
  };
}

/**
 * The state of a folder for build stamps: every entry's path, size and modification time (not
 * contents: this is about "did anything change here since the last build", on this machine,
 * which is also what make goes by). `.git` is skipped.
 */
export function folderState(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    const abs = rel === '' ? dir : join(dir, rel);
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (n === '.git') continue;
      const r = rel === '' ? n : `${rel}/${n}`;
      const st = lstatSync(join(dir, r));
      if (st.isDirectory()) {
        h.update(`d ${r}\n`);
        walk(r);
      } else if (st.isSymbolicLink()) h.update(`l ${r} ${readlinkSync(join(dir, r))}\n`);
      else h.update(`f ${r} ${st.size} ${st.mtimeMs}\n`);
    }
  };
  walk('');
  return h.digest('hex');
}

/** Writes `text` to `path` unless it already holds exactly that (make goes by modification times). */
export function writeIfChanged(path: string, text: string): boolean {
  if (readIf(path) === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return true;
}

export function readStamp(path: string): string | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as { fingerprint?: unknown };
    return typeof v.fingerprint === 'string' ? v.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

export function writeStamp(path: string, fingerprint: string): void {
  writeIfChanged(path, JSON.stringify({ fingerprint }) + '\n');
}
