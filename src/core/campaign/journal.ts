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

/**
 * Runs a later campaign's plan replaced (the ini changed: their run numbers name other runs now,
 * or their config has them no more): readers forget their records, unless a later record of
 * the same key comes (the ini changed back, and the run ran again).
 */
export interface SupersededRecord {
  readonly t: 'superseded';
  readonly keys: readonly string[];
}

export type JournalRecord = RunRecord | CampaignRecord | SupersededRecord;

export const serializeRecord = (r: JournalRecord): string => JSON.stringify(r) + '\n';

export interface JournalState {
  /** The last record of every run key. */
  readonly runs: Map<string, RunRecord>;
  /** Lines that could not be read (a line cut short by a crash is expected at the end). */
  readonly damagedLines: number[];
  /**
   * The `{"t":"campaign",...}` records, in file order, read leniently (any object with that
   * `t`: later versions may add fields).
   */
  readonly campaigns: Array<Readonly<Record<string, unknown>>>;
}

/** Reads a journal's text; a torn last line (the machine died mid-write) is tolerated. */
export function readJournal(text: string): JournalState {
  const reader = new JournalReader();
  reader.push(text);
  return reader.end();
}

/**
 * Reads a journal from pieces of its text, in order (a file read a block at a time: a journal of
 * 100,000 runs is never one string).
 */
export class JournalReader {
  private readonly runs = new Map<string, RunRecord>();
  private readonly damagedLines: number[] = [];
  private readonly campaigns: Array<Readonly<Record<string, unknown>>> = [];
  /** The last line so far, not ended yet. */
  private rest = '';
  private lineNo = 0;

  push(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      this.line(this.rest === '' ? piece : this.rest + piece);
      this.rest = '';
      start = nl + 1;
    }
    if (start < text.length) this.rest += text.slice(start);
  }

  end(): JournalState {
    if (this.rest !== '') this.line(this.rest);
    this.rest = '';
    return { runs: this.runs, damagedLines: this.damagedLines, campaigns: this.campaigns };
  }

  private line(line: string): void {
    this.lineNo++;
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      this.damagedLines.push(this.lineNo);
      return;
    }
    if (isRunRecord(rec)) this.runs.set(rec.key, rec);
    else if (isObject(rec) && rec['t'] === 'campaign') this.campaigns.push(rec);
    else if (isObject(rec) && rec['t'] === 'superseded' && Array.isArray(rec['keys']))
      for (const k of rec['keys']) if (typeof k === 'string') this.runs.delete(k);
  }
}

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isRunRecord(v: unknown): v is RunRecord {
  if (!isObject(v)) return false;
  return v['t'] === 'run' && typeof v['key'] === 'string' && typeof v['status'] === 'string';
}

/**
 * Failures a retry can cure: the run was killed from outside, ran out of time, or lost a helper
 * process (an infrastructure failure, not the model's).
 */
export const isRetryable = (s: RunStatus): boolean =>
  s === 'crashed' || s === 'timeout' || s === 'sidecar-failed';
