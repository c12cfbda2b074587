import { readdirSync } from 'node:fs';
import { readProcStat } from '../../src/adapters/proc-stat.js';

/** Running, not a zombie waiting to be reaped. */
export function alive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Whether `pid` is gone, after giving a signal that was sent to it up to 2 s to take effect. */
export async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

/** The processes whose parent is `pid` (Linux /proc), with their command names. */
export function childrenOf(pid: number): { pid: number; comm: string }[] {
  const found: { pid: number; comm: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(name); // (none: gone meanwhile)
    if (stat?.ppid === pid) found.push({ pid: Number(name), comm: stat.comm });
  }
  return found;
}
