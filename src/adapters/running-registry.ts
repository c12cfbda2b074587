// Runs are process groups of their own, so they would outlive an opp-campaign that is killed
// with SIGKILL. Each running group is registered here (its pid and kernel start time, and the
// same of the opp-campaign process that started it); the next campaign in the same results
// folder kills the groups whose owner is dead before it starts anything. A live owner's runs are
// never touched (the folder lock keeps a second campaign out, this is the second line).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The kernel's start time of `pid` (clock ticks since boot): with the pid, one process ever. */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22 (starttime) counts from the end of the "(comm)" field, which may contain spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** `pid` is the very process that had `start` as its start time, and it still runs. */
export const isSameProcess = (pid: number, start: string | undefined): boolean =>
  Number.isInteger(pid) &&
  pid > 0 &&
  start !== undefined &&
  start !== '' &&
  startTime(pid) === start;

export class RunningRegistry {
  private readonly owner = `${process.pid} ${startTime(process.pid) ?? ''}`;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(pid: number): void {
    writeFileSync(join(this.dir, String(pid)), `${startTime(pid) ?? ''} ${this.owner}\n`);
  }

  remove(pid: number): void {
    rmSync(join(this.dir, String(pid)), { force: true });
  }

  /** Kills the process groups left by campaigns that died; returns how many were alive. */
  reapSurvivors(): number {
    let killed = 0;
    for (const name of readdirSync(this.dir)) {
      const pid = Number(name);
      let recorded: string;
      try {
        recorded = readFileSync(join(this.dir, name), 'utf8');
      } catch {
        continue; // removed meanwhile by its owner
      }
      // "START OWNER_PID OWNER_START"; an entry without an owner predates owners: a dead one
      const [start, ownerPid, ownerStart] = recorded.trim().split(' ');
      if (isSameProcess(Number(ownerPid), ownerStart)) continue;
      if (isSameProcess(pid, start)) {
        try {
          process.kill(-pid, 'SIGKILL');
          killed++;
        } catch {
          // gone meanwhile
        }
      }
      rmSync(join(this.dir, name), { force: true });
    }
    return killed;
  }
}
