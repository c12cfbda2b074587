// One campaign per results folder at a time. Two campaigns in one folder would run every run
// twice and take each other's runs for leftovers of a killed campaign. The lock is a file naming
// its holder by pid and kernel start time, so a lock left by a killed (even SIGKILLed) campaign
// is recognised as such and taken over, and a recycled pid is not mistaken for its holder.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const mine = `${process.pid} ${startTime(process.pid) ?? ''} ${new Date().toISOString()}\n`;
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
  const mine = `${process.pid} ${startTime(process.pid) ?? ''} ${new Date().toISOString()}\n`;
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
