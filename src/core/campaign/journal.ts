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

/** Every RunStatus, in the order reports list them. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'ok',
  'failed',
  'crashed',
  'timeout',
  'no-results',
  'bad-results',
  'spawn-error',
  'sidecar-failed',
  'interrupted',
];

export const isRunStatus = (s: unknown): s is RunStatus =>
  typeof s === 'string' && (RUN_STATUSES as readonly string[]).includes(s);

export interface ResultFileRecord {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * The file's SHA-256 (hex), where the merge job copied it into its results artifact: an
   * artifact's extraction gives files new times, so the content tells a file as recorded then.
   * A local run records none (a file with its recorded time is as recorded).
   */
  readonly sha256?: string;
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
  /**
   * The run's other output files, relative to the results folder (its snapshot, eventlog,
   * redirected output), where it made any: set aside with its result files when it is superseded.
   */
  readonly outputs?: readonly string[];
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

export interface BadRecord {
  readonly line: number;
  /** What is wrong, e.g. `files is not a list`. */
  readonly problem: string;
  /**
   * The line is JSON but no record at all (`[1,2]`, `null`, `42`, `{"t":"bogus"}`), not a run
   * record with a bad field.
   */
  readonly notARecord?: boolean;
}

/** What a skipped line is, in warnings and on the page: `bad run record`, `not a journal record`. */
export const badRecordKind = (b: { readonly notARecord?: boolean }): string =>
  b.notARecord === true ? 'not a journal record' : 'bad run record';

/** The warning line of a skipped run record: `results/journal.jsonl:7: bad run record (...), skipped`. */
export const badRecordWarning = (journalPath: string, b: BadRecord): string =>
  `${journalPath}:${b.line}: ${badRecordKind(b)} (${b.problem}), skipped`;

/** The warning line of an unreadable line: `results/journal.jsonl:7: unreadable line (not JSON), skipped`. */
export const damagedLineWarning = (journalPath: string, line: number): string =>
  `${journalPath}:${line}: unreadable line (not JSON: cut short, or edited), skipped`;

export interface JournalState {
  /** The last record of every run key. */
  readonly runs: Map<string, RunRecord>;
  /** Lines that could not be read (a line cut short by a crash is expected at the end). */
  readonly damagedLines: number[];
  /**
   * Run records with a field missing or of the wrong type (a hand-edited journal): skipped, as
   * if they were not there; readers warn of each.
   */
  readonly badRecords: BadRecord[];
  /**
   * The `{"t":"campaign",...}` records, in file order, read leniently (any object with that
   * `t`: later versions may add fields).
   */
  readonly campaigns: Array<Readonly<Record<string, unknown>>>;
  /**
   * Keys a `{"t":"superseded",...}` record set aside and no later run record brought back:
   * readers forget them, and rows other files (an earlier runs.csv) keep of them.
   */
  readonly superseded?: Set<string>;
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
  private readonly badRecords: BadRecord[] = [];
  private readonly campaigns: Array<Readonly<Record<string, unknown>>> = [];
  private readonly superseded = new Set<string>();
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
    return {
      runs: this.runs,
      damagedLines: this.damagedLines,
      badRecords: this.badRecords,
      campaigns: this.campaigns,
      superseded: this.superseded,
    };
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
    if (!isObject(rec)) {
      this.badRecords.push({ line: this.lineNo, problem: notAnObject(rec), notARecord: true });
      return;
    }
    const t = rec['t'];
    if (t === 'run') {
      const problem = runRecordProblem(rec);
      if (problem === undefined) {
        this.runs.set(rec['key'] as string, rec as unknown as RunRecord);
        this.superseded.delete(rec['key'] as string);
      } else this.badRecords.push({ line: this.lineNo, problem });
    } else if (t === 'campaign') this.campaigns.push(rec);
    else if (t === 'superseded') {
      if (Array.isArray(rec['keys']))
        for (const k of rec['keys'])
          if (typeof k === 'string') {
            this.runs.delete(k);
            this.superseded.add(k);
          }
    } else
      this.badRecords.push({
        line: this.lineNo,
        problem:
          t === undefined
            ? 't is missing'
            : isString(t)
              ? `t ${quoted(t)} is no record type this version knows`
              : 't is not a string',
        notARecord: true,
      });
  }
}

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isString = (v: unknown): v is string => typeof v === 'string';
/** What JSON value a line that is no object holds: `a list, not an object`. */
const notAnObject = (v: unknown): string =>
  `${Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`}, not an object`;
/** A string from the journal for a warning: as JSON (no line break, no control character), cut. */
const quoted = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isFileRecord = (v: unknown): boolean =>
  isObject(v) && isString(v['path']) && isNumber(v['size']) && isNumber(v['mtimeMs']);

/**
 * The fields readers take as they are (strings they search, split and join to paths; the list
 * of files): a record without one of them, or with one of another type, is skipped. The numbers
 * (run, attempt, exitCode, signal, wallMs, peakKiB) are facts readers show as they find them,
 * or leave out when they are no numbers (report.ts): a record is not skipped for them.
 */
const STRING_FIELDS = ['key', 'config', 'status', 'build', 'log', 'itervars'] as const;
const OPTIONAL_STRING_FIELDS = ['message', 'command'] as const;

/** What is wrong with a `{"t":"run",...}` object, if anything: its first bad field. */
function runRecordProblem(v: Readonly<Record<string, unknown>>): string | undefined {
  for (const name of STRING_FIELDS) {
    if (v[name] === undefined) return `${name} is missing`;
    if (!isString(v[name])) return `${name} is not a string`;
  }
  // (readers print it, in summaries and comments too: a status no run ends with is no fact)
  if (!isRunStatus(v['status'])) return `status ${quoted(v['status'] as string)} is unknown`;
  const files = v['files'];
  if (files === undefined) return 'files is missing';
  if (!Array.isArray(files)) return 'files is not a list';
  const i = files.findIndex((f) => !isFileRecord(f));
  if (i !== -1) return `files[${i}] is not {path, size, mtimeMs}`;
  for (const name of OPTIONAL_STRING_FIELDS)
    if (v[name] !== undefined && !isString(v[name])) return `${name} is not a string`;
  const outputs = v['outputs'];
  if (outputs !== undefined && !(Array.isArray(outputs) && outputs.every(isString)))
    return 'outputs is not a list of paths';
  return undefined;
}

/**
 * Failures a retry can cure: the run was killed from outside, ran out of time, or lost a helper
 * process (an infrastructure failure, not the model's).
 */
export const isRetryable = (s: RunStatus): boolean =>
  s === 'crashed' || s === 'timeout' || s === 'sidecar-failed';
