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
      return {
        status: 'crashed',
        message:
          exit.signal === 'SIGKILL'
            ? "killed by SIGKILL (out of memory? the kernel's OOM killer sends it; runs.csv has the run's peak memory)"
            : `killed by ${exit.signal ?? 'a signal'}`,
      };
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

const KNOWN_LINE =
  /^(version|run|attr|itervar|config|par|scalar|statistic|field|bin|histogram|vector|file|\d+[ \t])/;
const VERSION_LINE = /^version \d+\n/;
const RUN_LINE = /^run \S/m;

/**
 * A quick structural check of an OMNeT++ text result file (.sca/.vec): a version header, a run
 * line, and no line cut short at the end. Returns null when it looks complete.
 */
export function checkResultText(text: string): string | null {
  if (text.length === 0) return 'empty file';
  if (!VERSION_LINE.test(text)) return "does not start with a 'version' line";
  if (!RUN_LINE.test(text)) return "has no 'run' line";
  if (!text.endsWith('\n')) return 'ends in the middle of a line (truncated)';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i] as string;
    if (l !== '' && !KNOWN_LINE.test(l))
      return `line ${i + 1} is not a result line: ${l.slice(0, 60)}`;
  }
  return null;
}

/**
 * The same check for a file too large to read whole (a .vec can hold gigabytes), from its first
 * and last bytes: OMNeT++ writes the version and run lines first, and a run cut short shows at
 * the end. `tail` starts anywhere in a line; only its whole lines are judged.
 */
export function checkResultEnds(head: string, tail: string): string | null {
  if (!VERSION_LINE.test(head)) return "does not start with a 'version' line";
  if (!RUN_LINE.test(head)) return "has no 'run' line near its start";
  if (!tail.endsWith('\n')) return 'ends in the middle of a line (truncated)';
  const lines = tail.split('\n').slice(1, -1);
  const bad = lines.find((l) => l !== '' && !KNOWN_LINE.test(l));
  return bad === undefined ? null : `a line near its end is not a result line: ${bad.slice(0, 60)}`;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether a file's first bytes are an SQLite database's (OMNeT++'s SQLite result files). */
export const isSqliteHeader = (head: Uint8Array): boolean =>
  head.length >= SQLITE_MAGIC.length &&
  [...SQLITE_MAGIC].every((c, i) => head[i] === c.charCodeAt(0));

/**
 * What an SQLite file's 100-byte header says about its length: a file shorter than its pages
 * was cut short (see "Database File Format", section 1.3: the in-header database size is
 * valid only when bytes 24..27 equal bytes 92..95).
 */
export function checkSqliteHeader(head: Uint8Array, fileSize: number): string | null {
  if (head.length < 100) return 'SQLite header cut short (truncated)';
  const view = new DataView(head.buffer, head.byteOffset, 100);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = view.getUint32(28);
  const valid = view.getUint32(24) === view.getUint32(92);
  if (valid && pages > 0 && pageSize * pages > fileSize)
    return `truncated: ${fileSize} bytes of the ${pageSize * pages} its header announces`;
  return null;
}

const PROGRESS = /^\*\* Event #(\d+)\s+t=(\S+)\s+Elapsed:(?:.*?(\d+)% completed)?/;

/**
 * Cmdenv's express-mode status line: `** Event #123   t=12.5   Elapsed: ...   34% completed ...`;
 * without a time limit (sim-time-limit, cpu-time-limit, ...) it has no `% completed`, and
 * `percent` is undefined.
 */
export function parseCmdenvStatus(
  line: string,
): { event: number; simTime: string; percent: number | undefined } | undefined {
  const m = PROGRESS.exec(line);
  if (!m) return undefined;
  return {
    event: Number(m[1]),
    simTime: m[2] as string,
    percent: m[3] === undefined ? undefined : Number(m[3]),
  };
}
