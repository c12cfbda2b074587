// Progress of a campaign: on a terminal, one live line (done/failed/running/total, runs per
// minute, ETA, the latest simulated time); otherwise, or with --progress plain, one line per
// finished run. Time is passed in (`now`) so the arithmetic is testable.
import type { PlannedRun } from '../core/plan/plan.js';
import type { FinishedRun, ProgressSink } from './execute.js';

export interface ProgressOutput {
  write(s: string): void;
  /** The terminal's width (a TTY stream's, updated as the window is resized). */
  readonly columns?: number;
}

/**
 * Cmdenv's simulated time to 6 significant digits (it prints every digit it has, e.g.
 * `156945.83172839473`): whole seconds from 1e6 on; what follows the number (a unit) is kept.
 */
export function roundSimTime(t: string): string {
  const m = /^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(.*)$/i.exec(t);
  if (!m) return t;
  const x = Number(m[1]);
  if (!Number.isFinite(x)) return t;
  const shown = Math.abs(x) >= 1e6 ? String(Math.round(x)) : String(Number(x.toPrecision(6)));
  return shown + (m[2] ?? '');
}

/**
 * The line cut to the terminal's width less one column: a line that wraps is two rows, and
 * `\x1b[2K` clears only the row the cursor is on, so each redraw would leave the other behind.
 */
export function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || !(columns > 1) || line.length <= columns - 1) return line;
  return `${line.slice(0, Math.max(0, columns - 2))}…`;
}

const fmtDuration = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(sec).padStart(2, '0')}`;
};

interface Running {
  readonly run: PlannedRun;
  simTime?: string;
  percent?: number;
}

export class Progress implements ProgressSink {
  private done = 0;
  private failed = 0;
  private skippedCount = 0;
  /**
   * The runs running, by the process they run in (a run alone in its process: by its key). A
   * process runs one run at a time: a run that begins in it has ended the one before, whose
   * record may come a moment later (a batch's runs are recorded as the batch's log is read).
   */
  private readonly running = new Map<object | string, Running>();
  private readonly startedAt: number;
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly out: ProgressOutput,
    private readonly mode: 'live' | 'plain',
    private readonly now: () => number = () => Date.now(),
    /**
     * The processes that may run at once (-j): never more runs shown running. A batch's process
     * that has ended is counted until its end is handled, which may come after the next process
     * (already queued in the launcher) has begun its first run.
     */
    private readonly slots = Number.POSITIVE_INFINITY,
  ) {
    this.startedAt = now();
  }

  skipped(_run: PlannedRun): void {
    this.skippedCount++;
    this.draw();
  }

  started(run: PlannedRun, _attempt: number, process?: object): void {
    this.running.set(process ?? run.key, { run });
    // drawn once what the same look at a batch found is all told (the run before it recorded)
    queueMicrotask(() => this.draw());
  }

  private entryOf(run: PlannedRun): [object | string, Running] | undefined {
    for (const e of this.running) if (e[1].run.key === run.key) return e;
    return undefined;
  }

  status(run: PlannedRun, simTime: string, percent: number | undefined): void {
    const r = this.entryOf(run)?.[1];
    if (r) {
      r.simTime = simTime;
      r.percent = percent;
    }
    this.draw();
  }

  finished(f: FinishedRun): void {
    const e = this.entryOf(f.run);
    if (e) this.running.delete(e[0]);
    if (f.record.status === 'ok') this.done++;
    else if (!f.willRetry && f.record.status !== 'interrupted') this.failed++;
    if (this.mode === 'plain') {
      const what =
        f.record.status === 'ok' ? 'ok' : `${f.record.status}${f.willRetry ? ' (will retry)' : ''}`;
      const secs = (f.record.wallMs / 1000).toFixed(2);
      this.out.write(
        `[${this.count()}/${this.total}] ${f.run.config} #${f.run.runNumber} ${what} in ${secs}s  ${f.record.itervars}\n`,
      );
    } else {
      this.draw(true);
    }
  }

  private count(): number {
    return this.done + this.failed + this.skippedCount;
  }

  /** The live line, e.g. `12/40 done, 1 failed, 2 running | 35.2 runs/min | ETA 0:42 | ...`. */
  line(): string {
    const elapsed = this.now() - this.startedAt;
    const finished = this.done + this.failed;
    const rate = elapsed > 0 ? (finished / elapsed) * 60_000 : 0;
    const left = this.total - this.count();
    const eta = rate > 0 ? fmtDuration((left / rate) * 60_000) : '--:--';
    const latest = [...this.running.values()].find((r) => r.simTime !== undefined);
    const sim = latest
      ? ` | ${latest.run.config} #${latest.run.runNumber} t=${roundSimTime(latest.simTime ?? '')}${latest.percent === undefined ? '' : ` ${latest.percent}%`}`
      : '';
    const skipped = this.skippedCount > 0 ? `, ${this.skippedCount} already done` : '';
    return `${this.done}/${this.total} done${skipped}, ${this.failed} failed, ${Math.min(this.running.size, this.slots)} running | ${rate.toFixed(1)} runs/min | ETA ${eta}${sim}`;
  }

  private draw(force = false): void {
    if (this.mode !== 'live') return;
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.out.write(`\r\x1b[2K${this.fitted()}`);
  }

  /** The line as it fits on the terminal now (its width is read each time: it may be resized). */
  private fitted(): string {
    return fitToWidth(this.line(), this.out.columns);
  }

  end(): void {
    if (this.mode === 'live') this.out.write(`\r\x1b[2K${this.fitted()}\n`);
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }
}
