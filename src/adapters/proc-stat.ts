// A process's line in /proc/PID/stat (Linux), read in one place: its second field, the command's
// name in parentheses, may hold spaces and parentheses itself (`(a) b)`), so the fields are
// counted from the last `)`, which no later field holds.
import { existsSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat that opp-campaign looks at. */
export interface ProcStat {
  /** The command's name (its first 15 bytes), as the kernel keeps it. */
  readonly comm: string;
  /** R, S, D, Z (zombie), X (dead), ... */
  readonly state: string;
  readonly ppid: number;
  /** The process group. */
  readonly pgrp: number;
  /** The kernel's PF_* flags (PF_EXITING is 0x4). */
  readonly flags: number;
  /** Clock ticks from boot to the process's start: with the pid, one process ever. */
  readonly startTime: string;
}

/** Whether /proc tells a process's state (Linux). */
export const HAS_PROC = existsSync('/proc/self/stat');

/** The kernel's flag of a process that is exiting (its exit not yet told to its parent). */
export const PF_EXITING = 0x4;

/** A /proc/PID/stat line's fields; undefined for a line that is not one. */
export function parseProcStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0 || line.indexOf('(') > close) return undefined;
  // after "(comm) ": state (field 3), ppid, pgrp, session, tty_nr, tpgid, flags (9), ...,
  // starttime (22)
  const fields = line.slice(close + 2).split(' ');
  const [state, ppid, pgrp, flags, startTime] = [0, 1, 2, 6, 19].map((i) => fields[i]);
  if (state === undefined || startTime === undefined || startTime === '') return undefined;
  return {
    comm: line.slice(line.indexOf('(') + 1, close),
    state,
    ppid: Number(ppid),
    pgrp: Number(pgrp),
    flags: Number(flags),
    startTime: startTime.trimEnd(),
  };
}

/** Process `pid`'s stat fields; undefined when it is gone (reaped) or there is no /proc. */
export function readProcStat(pid: number | string): ProcStat | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  return parseProcStat(line);
}

/** Exited or exiting: a zombie, dead, or PF_EXITING in its flags. */
export const isExiting = (stat: ProcStat): boolean =>
  stat.state === 'Z' || stat.state === 'X' || (stat.flags & PF_EXITING) !== 0;
