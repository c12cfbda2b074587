// The campaign journal: one JSON object per line, appended as each run ends, in the results
// folder. It is the record of what is done: a rerun skips runs whose last record says they
// succeeded with the same build and whose result files are still as recorded.

export type RunStatus =
  | 'ok'
  | 'failed' // the model exited non-zero: its own error, never retried
  | 'crashed' // killed by a signal
  | 'timeout'
  | 'no-results' // exited 0 but wrote no result file
  | 'bad-results' // exited 0 but a result file does not parse
  | 'spawn-error' // the program could not be started
  | 'sidecar-failed' // a helper process of the run died or never became ready
  | 'interrupted'; // stopped by Ctrl-C of the campaign

export interface ResultFileRecord {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface RunRecord {
  readonly t: 'run';
  readonly key: string;
  readonly config: string;
  readonly run: number;
  readonly attempt: number;
  readonly status: RunStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  readonly peakKiB: number | null;
  readonly build: string;
  readonly log: string;
  readonly files: readonly ResultFileRecord[];
  readonly itervars: string;
  readonly message?: string;
  readonly command?: string;
}

export interface CampaignRecord {
  readonly t: 'campaign';
  readonly started: string;
  readonly build: string;
  readonly configs: readonly string[];
  readonly filter?: string;
  readonly total: number;
}

export type JournalRecord = RunRecord | CampaignRecord;

export const serializeRecord = (r: JournalRecord): string => JSON.stringify(r) + '\n';

export interface JournalState {
  /** The last record of every run key. */
  readonly runs: Map<string, RunRecord>;
  /** Lines that could not be read (a line cut short by a crash is expected at the end). */
  readonly damagedLines: number[];
}

/** Reads a journal's text; a torn last line (the machine died mid-write) is tolerated. */
export function readJournal(text: string): JournalState {
  const runs = new Map<string, RunRecord>();
  const damagedLines: number[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      damagedLines.push(i + 1);
      return;
    }
    if (isRunRecord(rec)) runs.set(rec.key, rec);
  });
  return { runs, damagedLines };
}

function isRunRecord(v: unknown): v is RunRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['t'] === 'run' && typeof r['key'] === 'string' && typeof r['status'] === 'string';
}

/**
 * Failures a retry can cure: the run was killed from outside, ran out of time, or lost a helper
 * process (an infrastructure failure, not the model's).
 */
export const isRetryable = (s: RunStatus): boolean =>
  s === 'crashed' || s === 'timeout' || s === 'sidecar-failed';
