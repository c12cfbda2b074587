// What a finished run's process exit and result files mean for the campaign.
import type { RunStatus } from './journal.js';

export interface ExitFacts {
  readonly status: 'exited' | 'signaled' | 'timeout' | 'spawn-error' | 'interrupted';
  readonly exitCode: number | null;
  readonly signal: string | null;
}

export interface FileFacts {
  readonly path: string;
  /** undefined: missing; otherwise what a quick check of its contents found. */
  readonly problem: string | undefined | null;
}

/** Classifies a run: exit first, then (for a clean exit) its result files. */
export function classify(
  exit: ExitFacts,
  files: readonly FileFacts[],
): { status: RunStatus; message?: string } {
  switch (exit.status) {
    case 'spawn-error':
      return { status: 'spawn-error' };
    case 'interrupted':
      return { status: 'interrupted' };
    case 'timeout':
      return { status: 'timeout', message: 'timed out; the whole process group was killed' };
    case 'signaled':
      return { status: 'crashed', message: `killed by ${exit.signal ?? 'a signal'}` };
    case 'exited':
      break;
  }
  if (exit.exitCode !== 0) return { status: 'failed', message: `exit status ${exit.exitCode}` };
  const present = files.filter((f) => f.problem !== undefined);
  if (present.length === 0)
    return { status: 'no-results', message: 'exited 0 but wrote no result file' };
  const bad = present.find((f) => f.problem !== null);
  if (bad) return { status: 'bad-results', message: `${bad.path}: ${bad.problem}` };
  return { status: 'ok' };
}

/**
 * A quick structural check of an OMNeT++ text result file (.sca/.vec): a version header, a run
 * line, and no line cut short at the end. Returns null when it looks complete.
 */
export function checkResultText(text: string): string | null {
  if (text.length === 0) return 'empty file';
  if (!/^version \d+\n/.test(text)) return "does not start with a 'version' line";
  if (!/^run \S/m.test(text)) return "has no 'run' line";
  if (!text.endsWith('\n')) return 'ends in the middle of a line (truncated)';
  const KNOWN =
    /^(version|run|attr|itervar|config|par|scalar|statistic|field|bin|histogram|vector|file|\d+[ \t])/;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i] as string;
    if (l !== '' && !KNOWN.test(l)) return `line ${i + 1} is not a result line: ${l.slice(0, 60)}`;
  }
  return null;
}

const PROGRESS = /^\*\* Event #(\d+)\s+t=(\S+)\s+Elapsed:.*?(\d+)% completed/;

/** Cmdenv's express-mode status line: `** Event #123   t=12.5   Elapsed: ...   34% completed ...`. */
export function parseCmdenvStatus(
  line: string,
): { event: number; simTime: string; percent: number } | undefined {
  const m = PROGRESS.exec(line);
  if (!m) return undefined;
  return { event: Number(m[1]), simTime: m[2] as string, percent: Number(m[3]) };
}
