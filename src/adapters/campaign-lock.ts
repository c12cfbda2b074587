// One campaign per results folder at a time. Two campaigns in one folder would run every run
// twice and take each other's runs for leftovers of a killed campaign. The lock is a file naming
// its holder by pid and kernel start time, so a lock left by a killed (even SIGKILLed) campaign
// is recognised as such and taken over, and a recycled pid is not mistaken for its holder.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSameProcess, startTime } from './running-registry.js';

/** Another live campaign holds the results folder. */
export class FolderInUseError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
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
    for (let attempt = 0; ; attempt++) {
      if (attempt === 10) throw new FolderInUseError(`cannot take the lock ${path}: remove it`);
      try {
        // link() publishes the complete file or fails: no reader ever sees a half-written lock
        linkSync(temp, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = read(path);
      if (held === undefined) continue; // released meanwhile
      if (holderAlive(held)) {
        const [pid, , since] = held.trim().split(' ');
        throw new FolderInUseError(
          `${outDir} is in use by another opp-campaign (process ${pid}${since ? `, since ${since}` : ''}): ` +
            'wait for it to finish or stop it, or give this campaign another results folder (--results)',
        );
      }
      takeOverStale(path, held);
    }
  } finally {
    rmSync(temp, { force: true });
  }
  return () => {
    if (read(path) === mine) rmSync(path, { force: true });
  };
}

/**
 * Removes a lock whose holder is dead. Two campaigns may find the same stale lock at once: the
 * lock is moved aside (atomic), and if what was moved is not the stale lock any more (the other
 * campaign already replaced it with its own), it is put back.
 */
function takeOverStale(path: string, stale: string): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone meanwhile: try again
  }
  if (read(aside) !== stale)
    try {
      linkSync(aside, path);
    } catch {
      // a third campaign took the free lock meanwhile: it is the holder now
    }
  rmSync(aside, { force: true });
}
