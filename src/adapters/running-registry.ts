// Runs are process groups of their own, so they would outlive an opp-campaign that is killed
// with SIGKILL. Each campaign process keeps a registry file of the groups it runs: a line when one
// starts, a line when it ends (appended to one open file: two small writes a run, as a campaign
// of 10 ms runs starts hundreds a second). The next campaign in the same results folder kills
// the groups that a dead campaign's file leaves running, before it starts anything. A live
// campaign's runs are never touched (the folder lock keeps a second campaign out; this is the
// second line). A group is only killed when it still is the run: its leader's environment holds
// the run's key, or a process of the group does once the leader ended (a sidecar's environment
// holds its run's key too; registry files of earlier versions prove a sidecar by its leader's
// start time), so a pid that the system has given to another process since is left alone.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from './proc-stat.js';

/** The kernel's start time of `pid` (clock ticks since boot): with the pid, one process ever. */
export function startTime(pid: number): string | undefined {
  return readProcStat(pid)?.startTime;
}

/** `pid` is the very process that had `start` as its start time, and it still runs. */
export const isSameProcess = (pid: number, start: string | undefined): boolean =>
  Number.isInteger(pid) &&
  pid > 0 &&
  start !== undefined &&
  start !== '' &&
  startTime(pid) === start;

/** `pid` runs with the environment variable OPP_CAMPAIGN_RUN_KEY=key (as each run does). */
function runsKey(pid: number, key: string): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    return `\0${environ}`.includes(`\0OPP_CAMPAIGN_RUN_KEY=${key}\0`);
  } catch {
    return false;
  }
}

/** Every process's pid and process group (from /proc). */
function* processes(): Generator<{ pid: number; pgid: number }> {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return;
  }
  for (const p of pids) {
    const stat = readProcStat(p);
    if (stat !== undefined) yield { pid: Number(p), pgid: stat.pgrp }; // (none: ended meanwhile)
  }
}

/**
 * Some process of group `pgid` runs with OPP_CAMPAIGN_RUN_KEY=key: the group is still the run's
 * (or its sidecar's) after its leader ended, as a launcher script that starts SUMO in the
 * background and exits leaves it. The key is inherited: no other group can have it.
 */
function groupHoldsKey(pgid: number, key: string): boolean {
  for (const p of processes()) if (p.pgid === pgid && runsKey(p.pid, key)) return true;
  return false;
}

const FILE_PREFIX = 'campaign-';

export class RunningRegistry {
  private fd: number | undefined;
  private readonly file: string;
  private readonly live = new Set<number>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${FILE_PREFIX}${process.pid}-${startTime(process.pid) ?? ''}`);
  }

  private readonly expected = new Set<string>();

  /**
   * Processes with OPP_CAMPAIGN_RUN_KEY=`key` are about to start (a build's `make`): listed
   * before they are, so that a campaign killed between their start and add() still has them
   * stopped by the next one (found by their key; a loaded machine can run make and its compiler
   * before the spawning campaign gets to add()). The key must be this campaign's alone.
   */
  expectKey(key: string): void {
    if (this.expected.has(key)) return;
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, `? ${key}\n`);
    this.expected.add(key);
  }

  /** A process group started: by its run's key when it has one, else by its start time. */
  add(pid: number, runKey?: string): void {
    this.fd ??= openSync(this.file, 'a');
    const proof = runKey !== undefined ? `key ${runKey}` : `start ${startTime(pid) ?? ''}`;
    writeSync(this.fd, `+ ${pid} ${proof}\n`);
    this.live.add(pid);
  }

  remove(pid: number): void {
    if (!this.live.delete(pid) || this.fd === undefined) return;
    writeSync(this.fd, `- ${pid}\n`);
  }

  /** Closes the file; removes it when nothing it lists is still running. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    // (an expected key's processes ended with their build step, which removed its group)
    if (this.live.size === 0) rmSync(this.file, { force: true });
  }

  /** Kills the process groups left by campaigns that died; returns how many were alive. */
  reapSurvivors(): number {
    let killed = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith(FILE_PREFIX)) {
        rmSync(join(this.dir, name), { force: true }); // an earlier version's entry
        continue;
      }
      const [ownerPid, ownerStart] = name.slice(FILE_PREFIX.length).split('-');
      if (isSameProcess(Number(ownerPid), ownerStart)) continue;
      const stopped = new Set<number>();
      const stop = (pgid: number): void => {
        if (stopped.has(pgid)) return;
        stopped.add(pgid);
        try {
          process.kill(-pgid, 'SIGKILL');
          killed++;
        } catch {
          // gone meanwhile
        }
      };
      const { groups, keys } = stillListed(join(this.dir, name));
      for (const [pid, proof] of groups)
        if (
          proof.startsWith('key ')
            ? runsKey(pid, proof.slice(4)) || groupHoldsKey(pid, proof.slice(4))
            : isSameProcess(pid, proof.slice(6))
        )
          stop(pid);
      for (const pgid of groupsHoldingKeys(keys)) stop(pgid);
      rmSync(join(this.dir, name), { force: true });
    }
    return killed;
  }
}

/**
 * The groups a registry file lists as started and not ended, with their proof; the keys listed as
 * expected (expectKey).
 */
function stillListed(path: string): { groups: Map<number, string>; keys: Set<string> } {
  const groups = new Map<number, string>();
  const keys = new Set<string>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { groups, keys };
  }
  for (const line of text.split('\n')) {
    const k = /^\? (\S+)$/.exec(line);
    if (k) {
      keys.add(k[1] as string);
      continue;
    }
    const m = /^([+-]) (\d+)(?: (.*))?$/.exec(line);
    if (!m) continue; // a line cut short by the crash
    if (m[1] === '+') groups.set(Number(m[2]), m[3] ?? '');
    else groups.delete(Number(m[2]));
  }
  return { groups, keys };
}

/** The process groups of the processes that run with one of `keys` (none: no look at /proc). */
function groupsHoldingKeys(keys: ReadonlySet<string>): Set<number> {
  const found = new Set<number>();
  if (keys.size === 0) return found;
  for (const p of processes())
    if (p.pgid > 1 && [...keys].some((k) => runsKey(p.pid, k))) found.add(p.pgid);
  return found;
}
