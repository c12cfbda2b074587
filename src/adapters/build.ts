// Builds the model once per campaign: make, opp_makemake + make, or a command, with ccache in
// front of the compiler when the machine has it. Output goes to a log file; a failed build
// reports its last lines.
import { buildLogExcerpt } from '../core/build/log-excerpt.js';
import { spawn } from 'node:child_process';
import {
  closeSync,
  accessSync,
  constants,
  createWriteStream,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { basename, delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { BuildSettings } from '../core/campaign/settings.js';
import { childEnvironment } from '../core/campaign/child-env.js';
import type { RunningRegistry } from './running-registry.js';
import {
  planOmnetppBuild,
  type BuildStep,
  type ProjectExports,
} from '../core/projects/makemake.js';
import type { BuildSpecDir } from '../core/projects/project-files.js';
import { DiskFullError, isDiskFull } from './disk-full.js';
import { makemakeToRefresh } from './makemake-refresh.js';
import { isTooManyOpenFiles, TooManyOpenFilesError } from './open-files.js';

/** One command of a build, run in `dir` (relative to the project). */
export interface BuildCommand {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly dir: string;
}

export interface BuildRequest {
  readonly settings: BuildSettings;
  /** Commands to run instead of the preset's (a referenced project's .oppbuildspec build). */
  readonly steps?: readonly BuildCommand[];
  readonly projectDir: string;
  readonly logFile: string;
  /** Persistent ccache folder. */
  readonly ccacheDir: string;
  /**
   * ccache's base folder: paths under it are hashed relative, so the same sources in another
   * folder hit (default: projectDir). On runners: the stable workspace root.
   */
  readonly ccacheBaseDir?: string;
  /** ccache remote storage shared by runners, e.g. `redis://host` or `file:/mnt/ccache`. */
  readonly ccacheRemote?: string;
  readonly jobs?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Called once the build's first command has been started (not for a build of no command). */
  readonly started?: () => void;
  /** Stops the build (its command gets SIGTERM: `make` passes it on to the compilers). */
  readonly signal?: AbortSignal;
  /**
   * A campaign's list of the process groups it runs: each command of the build then runs as a
   * group of its own, listed there with OPP_CAMPAIGN_RUN_KEY=`key` in its environment (the
   * registry's proof), so that the next campaign stops a build its killed campaign left going
   * (two makes in one folder can corrupt what they build).
   */
  readonly group?: { readonly registry: RunningRegistry; readonly key: string };
}

export interface CcacheStats {
  readonly hits: number;
  readonly misses: number;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly ccache: CcacheStats | undefined;
  /** Why ccache was not used, when it was not. */
  readonly ccacheWarning?: string;
  /** A failed build's log in a few lines: its first errors, then its last lines. */
  readonly tail: string[];
  readonly command: string;
}

export class BuildError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly result: BuildResult,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

const COMPILERS = ['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++'];

/** ccache's reading of a boolean variable: set, and not 0, false, no or disable. */
const isTrue = (v: string | undefined): boolean =>
  v !== undefined && v !== '' && !['0', 'false', 'no', 'disable'].includes(v.toLowerCase());

async function findExecutable(name: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return Promise.resolve(undefined);
}

/**
 * What the opp_configfilepath on `path` prints (`cd $(dirname $0)/.. && echo $(pwd)/Makefile.inc`),
 * when it names a file; undefined otherwise (the Makefile then asks it, and says what is wrong).
 */
async function omnetppConfigFile(path: string | undefined): Promise<string | undefined> {
  const tool = await findExecutable('opp_configfilepath', path);
  if (tool === undefined || !isAbsolute(tool)) return undefined;
  const file = join(dirname(tool), '..', 'Makefile.inc');
  return existsSync(file) ? file : undefined;
}

/**
 * A folder of compiler names that all point at ccache ("masquerade" mode): put first on PATH,
 * it catches whatever compiler the Makefile calls, without overriding the Makefile's choice.
 */
function masqueradeDir(ccacheDir: string, ccache: string): string {
  const dir = join(ccacheDir, 'bin');
  mkdirSync(dir, { recursive: true });
  for (const c of COMPILERS) {
    const link = join(dir, c);
    if (!existsSync(link)) symlinkSync(ccache, link);
  }
  return dir;
}

/**
 * The build's compilations as ccache counts them, from its statistics log (`stats_log`, ccache
 * 4): each compilation appends `# SOURCE` and one line per counter it bumped. Read from where
 * the log ended before the build (a log the user set goes on being theirs), it needs no
 * `ccache --print-stats` before and after the build: two processes a build, ~50-100 ms before
 * the first run of a campaign whose model is up to date.
 */
function statsSince(log: string, offset: number): CcacheStats {
  let text = '';
  try {
    const fd = openSync(log, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > offset) {
        const buf = Buffer.alloc(size - offset);
        text = buf.subarray(0, readSync(fd, buf, 0, buf.length, offset)).toString('utf8');
      }
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const stats = { hits: 0, misses: 0 };
  for (const line of text.split('\n'))
    if (line === 'direct_cache_hit' || line === 'preprocessed_cache_hit') stats.hits++;
    else if (line === 'cache_miss') stats.misses++;
  return stats;
}

const sizeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/**
 * A path for one of ccache's settings: ccache expands `$NAME` in their values (and has no escape:
 * a project at `/home/u/a$b` failed every compile, 'environment variable "b" not set'), so a path
 * with a `$` is given through a variable of its own, which ccache expands once.
 */
function ccachePath(env: Record<string, string | undefined>, key: string, path: string): void {
  if (!path.includes('$')) {
    env[key] = path;
    return;
  }
  env[`OPP_CAMPAIGN_${key}`] = path;
  env[key] = `\${OPP_CAMPAIGN_${key}}`;
}

/**
 * Runs a build step with its output (both streams, as they come) into `log`; what went wrong,
 * if anything. Node's own spawn, not execa: `opp-campaign run` then loads no execa (~30 ms of
 * its start, before the first run).
 */
function runStep(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined>,
  log: Writable,
  signal?: AbortSignal,
  group?: BuildRequest['group'],
): Promise<string | undefined> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  if (group) vars['OPP_CAMPAIGN_RUN_KEY'] = group.key;
  // listed before it starts: a campaign killed at once (before add) still has it stopped
  if (group) group.registry.expectKey(group.key);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], {
      cwd,
      env: vars,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group !== undefined,
    });
    const pid = child.pid;
    if (group && pid !== undefined) group.registry.add(pid, group.key);
    // stopped when the campaign is, and when opp-campaign exits at once (a second Ctrl-C): no
    // compiler left working on for no one (a group of its own: the whole group)
    const stop = (): void => {
      try {
        if (group && pid !== undefined) process.kill(-pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        // ended meanwhile
      }
    };
    signal?.addEventListener('abort', stop);
    process.on('exit', stop);
    const done = (failure: string | undefined): void => {
      signal?.removeEventListener('abort', stop);
      process.off('exit', stop);
      if (group && pid !== undefined) group.registry.remove(pid);
      resolve(failure);
    };
    // no pipes when there were no descriptors for them (EMFILE): the error follows
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('error', (e) => {
      if (isTooManyOpenFiles(e)) {
        done(undefined);
        reject(new TooManyOpenFilesError(`starting the build (${cmd})`, e));
      } else done(`${cmd} could not be started: ${e.message}${notOnPath(cmd, e)}`);
    });
    // 'close': the output has all been read by then
    child.once('close', (code, sig) =>
      done(code === 0 ? undefined : code !== null ? `exit status ${code}` : `killed by ${sig}`),
    );
  });
}

/** What to do about an OMNeT++ tool that is not on PATH (`opp_makemake`, `opp_featuretool`). */
function notOnPath(cmd: string, e: NodeJS.ErrnoException): string {
  if (e.code !== 'ENOENT' || !cmd.startsWith('opp_') || cmd.includes('/')) return '';
  return " (OMNeT++'s bin/ is not on PATH: run '. setenv' in the OMNeT++ folder, or add its bin/ to PATH)";
}

function buildCommands(s: BuildSettings, jobs: number, projectDir: string): BuildCommand[] {
  switch (s.preset) {
    case 'none':
      return [];
    case 'make': {
      // a Makefile opp_makemake wrote lists the sources there were then: written again first
      // when they have changed (as the IDE writes it at every build)
      const makemake = makemakeToRefresh(resolve(projectDir, s.dir));
      return [
        ...(makemake ? [{ cmd: 'opp_makemake', args: [...makemake], dir: s.dir }] : []),
        {
          cmd: 'make',
          args: [`-j${jobs}`, ...(s.target ? [s.target] : []), ...s.args],
          dir: s.dir,
        },
      ];
    }
    case 'omnetpp': {
      if (s.buildSpec) return [...buildSpecSteps(s, s.buildSpec, projectDir, jobs, [])];
      const mode = `MODE=${s.mode}`;
      return [
        { cmd: 'opp_makemake', args: [...s.makemake], dir: s.dir },
        { cmd: 'make', args: [`-j${jobs}`, mode], dir: s.dir },
      ];
    }
    case 'command':
      return [{ cmd: 'sh', args: ['-c', s.command], dir: s.dir }];
  }
}

/**
 * A build detected from the model's .oppbuildspec, the IDE's way: opp_makemake in each makemake
 * folder (a target named after the project's folder, as opp_makemake names it), then make.
 */
export function buildSpecSteps(
  s: { readonly mode: 'release' | 'debug' },
  dirs: readonly BuildSpecDir[],
  projectDir: string,
  jobs: number,
  deps: readonly ProjectExports[],
): readonly BuildStep[] {
  const root = resolve(projectDir).split(sep).join('/');
  const hasDotProject = existsSync(join(projectDir, '.project'));
  return planOmnetppBuild({
    folderName: basename(root),
    hasDotProject,
    root,
    dirs,
    mode: s.mode,
    jobs,
    deps,
  }).steps;
}

/** Why `dir` cannot be made or written (its error code), or undefined when it can. */
function unwritableFolder(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    // (a recursive mkdir says ENOENT where a folder above could not be made: that one says why)
    if (code === 'ENOENT')
      for (let d = dirname(dir); d !== dirname(d); d = dirname(d))
        if (existsSync(d))
          try {
            accessSync(d, constants.W_OK);
            break;
          } catch (up) {
            return (up as NodeJS.ErrnoException).code ?? code;
          }
    return code;
  }
}

export async function build(req: BuildRequest): Promise<BuildResult> {
  const jobs = req.jobs ?? cpus().length;
  const steps = req.steps ?? buildCommands(req.settings, jobs, req.projectDir);
  const commandText = steps.map((s) => [s.cmd, ...s.args].join(' ')).join(' && ');
  const started = performance.now();
  if (steps.length === 0) return { ok: true, ms: 0, ccache: undefined, tail: [], command: '' };

  // a build runs the repository's Makefiles and scripts: none of our credentials go there
  const env: Record<string, string | undefined> = childEnvironment({ ...process.env, ...req.env });
  const found = await findExecutable('ccache', env['PATH']);
  // OMNeT++'s Makefiles ask opp_configfilepath for Makefile.inc each time they name it (three
  // shells, ~20 ms of a build with nothing to do): its answer, given once (a value the user set
  // stays)
  env['OMNETPP_CONFIGFILE'] ??= await omnetppConfigFile(env['PATH']);
  let statsLog: { readonly path: string; readonly offset: number } | undefined;
  let ccacheWarning: string | undefined;
  // Read-only (CCACHE_READONLY, as pull-request jobs use the shared cache): hits come from the
  // cache, and nothing goes into it: no results, no statistics, no compiler links, no temporary
  // files (ccache's manual, "read_only"; the folder may be mounted read-only).
  const readOnly = isTrue(env['CCACHE_READONLY']);
  // a cache folder that cannot be made or written (a home folder of another user, HOME=/ in a
  // container run with --user): a build without the cache, as without ccache, not no build
  const unusable = found && !readOnly ? unwritableFolder(req.ccacheDir) : undefined;
  const ccache = unusable === undefined ? found : undefined;
  let scratch: string | undefined; // the read-only build's own compiler links and temp files
  if (ccache) {
    ccachePath(env, 'CCACHE_DIR', req.ccacheDir);
    ccachePath(env, 'CCACHE_BASEDIR', resolve(req.ccacheBaseDir ?? req.projectDir));
    env['CCACHE_COMPILERCHECK'] = 'content';
    // hash_dir off: the working folder (in debug info) does not split the cache between runners
    env['CCACHE_NOHASHDIR'] = '1';
    if (req.ccacheRemote) {
      env['CCACHE_REMOTE_STORAGE'] = req.ccacheRemote;
      env['CCACHE_SECONDARY_STORAGE'] = req.ccacheRemote; // its name before ccache 4.8
    }
    if (readOnly) {
      const own = mkdtempSync(join(tmpdir(), 'opp-ccache-ro-'));
      scratch = own;
      env['CCACHE_TEMPDIR'] ??= own;
      env['CCACHE_NOSTATS'] = '1';
      env['PATH'] = masqueradeDir(own, ccache) + delimiter + (env['PATH'] ?? '');
    } else {
      env['PATH'] = masqueradeDir(req.ccacheDir, ccache) + delimiter + (env['PATH'] ?? '');
      const given = env['CCACHE_STATSLOG'];
      if (given) statsLog = { path: resolve(given), offset: sizeOf(resolve(given)) };
      else {
        // beside the build's log, named after it (the builds of a campaign's projects each have
        // their own)
        const path = resolve(req.logFile.replace(/(\.log)?$/, '.ccache-stats.log'));
        rmSync(path, { force: true });
        statsLog = { path, offset: 0 };
      }
      ccachePath(env, 'CCACHE_STATSLOG', statsLog.path);
    }
  } else if (unusable !== undefined) {
    // OMNeT++'s Makefile.inc may name ccache itself (CXX = ccache g++): it would fail on its own
    // default folder, as unusable as ours (a home folder not the user's)
    env['CCACHE_DISABLE'] = '1';
    ccacheWarning = `the compiler cache folder ${req.ccacheDir} cannot be used (${unusable}): building without a compiler cache (choose another with --ccache-dir)`;
  } else {
    ccacheWarning = 'ccache is not installed: building without a compiler cache';
  }

  mkdirSync(dirname(req.logFile), { recursive: true });
  const log = createWriteStream(req.logFile, { flags: 'w' });
  let logError: Error | undefined;
  log.on('error', (e) => (logError ??= e));
  let ok = true;
  let announced = false;
  for (const step of steps) {
    log.write(`$ ${[step.cmd, ...step.args].join(' ')}\n`);
    if (req.signal?.aborted) {
      log.write('interrupted\n');
      ok = false;
      break;
    }
    const running = runStep(
      step.cmd,
      step.args,
      resolve(req.projectDir, step.dir),
      env,
      log,
      req.signal,
      req.group,
    );
    if (!announced) {
      announced = true;
      req.started?.();
    }
    const failure = await running;
    if (failure !== undefined) {
      log.write(`${failure}\n`);
      ok = false;
      break;
    }
  }
  log.end();
  await finished(log).catch(() => undefined);
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  if (logError)
    throw isDiskFull(logError)
      ? new DiskFullError(dirname(req.logFile), logError, 'No run was started: free some space.')
      : logError;
  const ms = performance.now() - started;
  const stats = statsLog ? statsSince(statsLog.path, statsLog.offset) : undefined;
  const tail = ok ? [] : buildLogExcerpt(readFileSync(req.logFile, 'utf8'));
  return {
    ok,
    ms,
    ccache: stats,
    ...(ccacheWarning ? { ccacheWarning } : {}),
    tail,
    command: commandText,
  };
}
