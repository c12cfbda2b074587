// One campaign per results folder at a time. Two campaigns in one folder would run every run
// twice and take each other's runs for leftovers of a killed campaign. The lock is a file naming
// its holder by pid and kernel start time, so a lock left by a killed (even SIGKILLed) campaign
// is recognised as such and taken over, and a recycled pid is not mistaken for its holder.
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { isSameProcess, startTime } from './running-registry.js';

/** Another live campaign holds the results folder. */
export class FolderInUseError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    /** The live campaign holding it, when known. */
    readonly holder?: { readonly pid: string; readonly since: string | undefined },
  ) {
    super(message);
    this.name = 'FolderInUseError';
  }
}

/** This process as a lock's text names its holder ("PID START SINCE"). */
const holderText = (): string =>
  `${process.pid} ${startTime(process.pid) ?? ''} ${new Date().toISOString()}\n`;

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The lock's text names a process that still runs ("PID START SINCE"). */
function holderAlive(text: string): boolean {
  const [pid, start] = text.trim().split(' ');
  // without /proc (macOS) there is no start time to compare: a live pid holds the lock (a
  // reused pid keeps a stale lock until removed by hand, the safer mistake)
  if (start === undefined || start === '') return pidAlive(Number(pid));
  return isSameProcess(Number(pid), start);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of the results folder `outDir` (in `outDir/.opp-campaign`, which must exist)
 * for this process; returns the function that releases it. Throws FolderInUseError, naming the
 * holder, when a live campaign holds it.
 */
export function lockResultsFolder(outDir: string): () => void {
  const path = join(outDir, '.opp-campaign', 'lock');
  const mine = holderText();
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, mine);
  try {
    const deadline = Date.now() + TAKE_WITHIN_MS;
    for (;;) {
      if (Date.now() > deadline)
        throw new FolderInUseError(
          `cannot take the lock ${path} (nor ${path}.takeover): remove them if no opp-campaign uses ${outDir}`,
        );
      const held = tryTake(path, temp);
      if (held === undefined) break;
      if (held === STALE) continue;
      const [pid, , since] = held.trim().split(' ');
      throw new FolderInUseError(
        `${outDir} is in use by another opp-campaign (process ${pid}${since ? `, since ${since}` : ''}): ` +
          'wait for it to finish or stop it, or give this campaign another results folder (--results)',
        { pid: pid ?? '?', since },
      );
    }
  } finally {
    rmSync(temp, { force: true });
  }
  return () => {
    if (read(path) === mine) rmSync(path, { force: true });
  };
}

/** tryTake's answer when the lock was there but is no more, or was a dead holder's: try again. */
const STALE = Symbol('stale');

/**
 * One try at the lock `path` with `temp` (this process's lock text): undefined when taken, the
 * live holder's text when another process holds it, STALE when it was released meanwhile or a
 * dead holder's lock was taken over (or is being taken over by another campaign).
 */
function tryTake(path: string, temp: string): string | typeof STALE | undefined {
  try {
    // link() publishes the complete file or fails: no reader ever sees a half-written lock
    linkSync(temp, path);
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const held = read(path);
  if (held === undefined) return STALE; // released meanwhile
  if (holderAlive(held)) return held;
  takeOverStale(path, held, temp);
  return STALE;
}

/** How long taking the lock may keep failing before it is given up. */
const TAKE_WITHIN_MS = 3000;

/**
 * Removes a lock whose holder is dead. Campaigns that find the same stale lock at once take
 * turns through a guard file (`lock.takeover`, created with link(), held for a read and an
 * unlink): the one holding it removes the lock only while it still is the stale one, so a lock
 * another campaign took meanwhile is never touched. (While the stale lock is there nobody can
 * take the lock, and its dead holder cannot release it: under the guard it cannot change.)
 * `ours`: a file with this process's lock text, linked as the guard: the guard names its holder
 * as a lock does, and is removed by another campaign only when that holder is dead. Never for
 * its age: a loaded machine can stop a live holder for seconds between its read and its unlink,
 * and a second campaign that took the guard from it then took the lock, which the first one,
 * resumed, removed as the stale lock it had read, and took too: two campaigns in one folder.
 */
function takeOverStale(path: string, stale: string, ours: string): void {
  const guard = `${path}.takeover`;
  try {
    linkSync(ours, guard);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // another campaign is taking it over: look again in a moment; a guard whose holder died
    // holding it is removed (read twice: one another campaign linked meanwhile is left alone)
    const holder = read(guard);
    if (holder !== undefined && !holderAlive(holder) && read(guard) === holder)
      rmSync(guard, { force: true });
    sleep(5);
    return;
  }
  try {
    if (read(path) === stale) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/**
 * Takes the lock `path` of a folder that campaigns share (a git project's checkout, built in
 * place), waiting while a live process holds it: says once who holds it. A lock left by a dead
 * process is taken over. Returns the function that releases it. `signal` stops the wait.
 */
export async function waitForLock(
  path: string,
  o: {
    readonly what: string;
    readonly say: (line: string) => void;
    readonly signal?: AbortSignal;
    /** How long to wait between looks (ms). */
    readonly pollMs?: number;
  },
): Promise<() => void> {
  const mine = holderText();
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, mine);
  let told = false;
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      const held = tryTake(path, temp);
      if (held === undefined) break;
      if (held === STALE) continue;
      if (!told) {
        const [pid, , since] = held.trim().split(' ');
        o.say(
          `${o.what}: waiting for another opp-campaign (process ${pid}${since ? `, since ${since}` : ''}) to finish building it (lock ${path})`,
        );
        told = true;
      }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    }
  } finally {
    rmSync(temp, { force: true });
  }
  return () => {
    if (read(path) === mine) rmSync(path, { force: true });
  };
}

/** A folder that campaigns build in place (a `path:` or `submodule:` project), and its locks. */
export interface InPlaceFolder {
  /** The folder the campaign builds in (shown to the user). */
  readonly folder: string;
  /** Where its locks are: `lock` (held while it builds), `users/` (one file per campaign). */
  readonly lockDir: string;
  /** What the campaign builds there (its build settings, features, dependencies): a hash. */
  readonly key: string;
  /** How the user knows it ("project 'inet'"). */
  readonly what: string;
}

let uses = 0;

/** Why a folder cannot be made (`EPERM`), or undefined when it is there. */
function cannotMake(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Where the records of campaigns using folders built in place go: `preferred` (beside the
 * projects' checkouts), else a folder of this user's under the system's temporary folder (said
 * in one warning line, naming both), else nowhere (undefined: said, and campaigns running at
 * once on such a folder are not coordinated). A HOME that cannot be written stops no campaign.
 */
export function inPlaceRecordsDir(
  preferred: string,
  say: (line: string) => void,
): string | undefined {
  const first = cannotMake(preferred);
  if (first === undefined) return preferred;
  let uid: string;
  try {
    uid = String(process.getuid?.() ?? userInfo().username);
  } catch {
    uid = 'user';
  }
  const own = join(tmpdir(), `opp-campaign-${uid}`);
  const fallback = join(own, 'in-place');
  // this user's own folder (not one another user made for it, nor a link), looked at before
  // anything is made through it
  const ownProblem = (): string | undefined => {
    let st;
    try {
      st = lstatSync(own, { throwIfNoEntry: false });
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? String(e);
    }
    return st !== undefined &&
      (st.isSymbolicLink() ||
        (st.isDirectory() && process.getuid !== undefined && st.uid !== process.getuid()))
      ? "not this user's folder"
      : undefined;
  };
  // (looked at again once made: one planted meanwhile)
  const second = ownProblem() ?? cannotMake(fallback) ?? ownProblem();
  if (second === undefined) {
    say(
      `warning: cannot make ${preferred} (${first}): the campaigns using projects built in place are recorded in ${fallback} instead`,
    );
    return fallback;
  }
  say(
    `warning: cannot make ${preferred} (${first}) nor ${fallback} (${second}): campaigns running at once on a project built in place are not coordinated`,
  );
  return undefined;
}

/**
 * Registers this campaign as a user of the folders built in place: campaigns that build each of
 * them alike share it at once; while a live campaign uses one with another build (other
 * features, another mode), or builds it, this one waits (saying for what, once per holder) and
 * takes none of them (all or none: two campaigns never hold one folder each and wait for the
 * other's). A dead campaign's registration is removed. Returns the function that ends this campaign's use; the
 * folder's build itself is done under its `lock` (waitForLock). `signal` stops the wait.
 */
export async function useInPlaceFolders(
  folders: readonly InPlaceFolder[],
  o: {
    readonly say: (line: string) => void;
    readonly signal?: AbortSignal;
    /** How long to wait between looks (ms). */
    readonly pollMs?: number;
  },
): Promise<() => void> {
  const mine = holderText();
  const sorted = [...folders].sort((a, b) => (a.lockDir < b.lockDir ? -1 : 1));
  let told: string | undefined;
  let seen: string | undefined;
  for (;;) {
    o.signal?.throwIfAborted();
    const taken: string[] = [];
    let blocked: { f: InPlaceFolder; holder: string; building: boolean } | undefined;
    for (const f of sorted) {
      const r = tryUse(f, mine);
      if (typeof r === 'string') taken.push(r);
      else {
        blocked = { f, ...r };
        break;
      }
    }
    const release = (): void => {
      for (const file of taken) rmSync(file, { force: true });
    };
    if (blocked === undefined) return release;
    release();
    // said once per holder and reason (a look that finds a campaign taking its turn under the
    // lock, for a moment, says nothing)
    const [pid, , since] = blocked.holder.trim().split(' ');
    const reason = `${pid} ${blocked.building} ${blocked.f.lockDir}`;
    if (reason !== told && (!blocked.building || reason === seen)) {
      o.say(
        `${blocked.f.what}: waiting for another opp-campaign (process ${pid}${since ? `, since ${since}` : ''}) ` +
          (blocked.building
            ? `to finish building ${blocked.f.folder}`
            : `that uses another build of ${blocked.f.folder} (other features or build settings) to finish its runs`),
      );
      told = reason;
    }
    seen = reason;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
  }
}

/**
 * One try at using the folder `f`, under its lock: the file registering this campaign, or the
 * live process that stops it (building it, or using another build of it).
 */
function tryUse(
  f: InPlaceFolder,
  mine: string,
): string | { readonly holder: string; readonly building: boolean } {
  const users = join(f.lockDir, 'users');
  mkdirSync(users, { recursive: true });
  const lock = join(f.lockDir, 'lock');
  const temp = `${lock}.${process.pid}.tmp`;
  writeFileSync(temp, mine);
  try {
    let held: string | typeof STALE | undefined;
    do held = tryTake(lock, temp);
    while (held === STALE);
    if (held !== undefined) return { holder: held, building: true };
    try {
      for (const name of readdirSync(users)) {
        const text = read(join(users, name));
        if (text === undefined) continue;
        if (!holderAlive(text)) {
          rmSync(join(users, name), { force: true }); // a killed campaign's
          continue;
        }
        const [pid, , , key] = text.trim().split(' ');
        // (this process's own: a process runs one campaign at a time)
        if (Number(pid) !== process.pid && key !== f.key) return { holder: text, building: false };
      }
      const file = join(users, `${process.pid}.${++uses}`);
      writeFileSync(file, `${mine.trim()} ${f.key}\n`);
      return file;
    } finally {
      if (read(lock) === mine) rmSync(lock, { force: true });
    }
  } finally {
    rmSync(temp, { force: true });
  }
}
