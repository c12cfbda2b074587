// Runs are process groups of their own, so they would outlive an opp-campaign that is killed
// with SIGKILL. Each running group is registered here (its pid and its kernel start time); the
// next campaign in the same results folder kills survivors before it starts anything.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22 (starttime) counts from the end of the "(comm)" field, which may contain spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export class RunningRegistry {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(pid: number): void {
    writeFileSync(join(this.dir, String(pid)), startTime(pid) ?? '');
  }

  remove(pid: number): void {
    rmSync(join(this.dir, String(pid)), { force: true });
  }

  /** Kills the process groups left by a campaign that died; returns how many were alive. */
  reapSurvivors(): number {
    let killed = 0;
    for (const name of readdirSync(this.dir)) {
      const pid = Number(name);
      const recorded = readFileSync(join(this.dir, name), 'utf8');
      if (Number.isInteger(pid) && recorded !== '' && startTime(pid) === recorded) {
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
