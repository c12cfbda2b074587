// Markdown for the workflow page (step summaries). Pure; GitHub shows at most 1 MiB per step,
// so long tables are cut with a note.
import type { RunRecord } from '../core/campaign/journal.js';
import { timeLimitHint } from '../core/plan/time-limit.js';
import {
  compareRuns,
  describeGroup,
  groupFailures,
  runLabel,
  someRuns,
  visible,
} from '../core/campaign/failure-cause.js';
import { rerunCommand, type RerunFrom } from '../core/campaign/rerun.js';
import type { ShardFailure } from '../core/campaign/shard-failure.js';
import { codeSpan } from '../core/report/markdown.js';

export const SUMMARY_LIMIT = 1024 * 1024;

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Text from runs as an inline code span (core/report/markdown.ts). */
export const code = codeSpan;

/** A code block fence longer than any run of backticks in `text`. */
const blockFence = (text: string): string =>
  '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((m) => m.length + 1)));

function table(header: string[], rows: string[][], maxRows: number): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows.slice(0, maxRows)) lines.push(`| ${r.map(esc).join(' | ')} |`);
  if (rows.length > maxRows)
    lines.push('', `_… and ${rows.length - maxRows} more (see the artifact's runs.csv)._`);
  return lines.join('\n');
}

const secs = (ms: number): string => (ms / 1000).toFixed(2);

export function shardSummary(
  shardIndex: number,
  records: readonly RunRecord[],
  notInCheckout: number,
  interrupted: boolean,
  rerun?: RerunFrom,
): string {
  const ok = records.filter((r) => r.status === 'ok').length;
  const parts = [
    `## Shard ${shardIndex}${interrupted ? ' (interrupted)' : ''}`,
    '',
    `${records.length} runs: ${ok} succeeded, ${records.length - ok} failed.` +
      (notInCheckout ? ` ${notInCheckout} planned runs are not produced by this checkout.` : ''),
    '',
    table(
      [
        'config',
        'run',
        'iteration variables',
        'status',
        'attempts',
        'wall time (s)',
        'peak memory (MiB)',
      ],
      records.map((r) => [
        code(r.config),
        String(r.run),
        code(r.itervars),
        r.status === 'ok' ? 'ok' : `**${code(r.status)}**`,
        String(r.attempt),
        secs(r.wallMs),
        r.peakKiB === null ? '' : (r.peakKiB / 1024).toFixed(1),
      ]),
      500,
    ),
  ];
  const failed = records.filter((r) => r.status !== 'ok');
  if (failed.length > 0) parts.push('', '### Failed runs', '', ...failedRunLines(failed, rerun));
  return clip(parts.join('\n') + '\n');
}

/** A shard's failure in one line of Markdown: its cause, and where its artifact says more. */
function failureText(f: ShardFailure | undefined, artifact: string): string {
  if (!f)
    return `no journal and no cause in its artifact ${code(artifact)} (see the shard job's log)`;
  const where = f.log ? `: see ${code(f.log)} in its artifact ${code(artifact)}` : '';
  return `${code(f.cause)}${where}`;
}

/** The step summary of a shard that failed before any run: why, and where to read more. */
export function shardFailureSummary(
  shardIndex: number,
  f: ShardFailure,
  artifact: string | undefined,
): string {
  const parts = [`## Shard ${shardIndex} failed before any run`, '', code(f.cause)];
  if (f.detail) {
    const fence = blockFence(f.detail);
    parts.push('', fence, f.detail, fence);
  }
  if (f.log)
    parts.push(
      '',
      artifact
        ? `The whole log: ${code(f.log)} in the artifact ${code(artifact)}.`
        : `The whole log: ${code(f.log)} (it could not be uploaded).`,
    );
  return clip(parts.join('\n') + '\n');
}

export interface MergeFacts {
  readonly expected: number;
  readonly ok: number;
  readonly failed: readonly RunRecord[];
  readonly missing: readonly { config: string; run: number; shard: number }[];
  readonly shardsMissing: readonly number[];
  /** Shards that uploaded no journal (they failed before any run), with why when they said. */
  readonly shardsFailed?: readonly {
    readonly index: number;
    readonly artifact: string;
    readonly failure?: ShardFailure;
  }[];
  readonly artifact: string;
  readonly scalarsTable?: string;
  /** Configs with no sim-time-limit whose runs overflowed simulation time. */
  readonly noTimeLimit?: readonly string[];
  /**
   * A campaign on GitHub: each failed run's command is `opp-campaign run` from a clone of the
   * repository, not the shard's own (its runner's folders are gone).
   */
  readonly rerun?: RerunFrom;
}

export function mergeSummary(f: MergeFacts): string {
  const complete = f.failed.length === 0 && f.missing.length === 0;
  const parts = [
    `## Campaign ${complete ? 'complete' : 'incomplete'}`,
    '',
    `| planned | succeeded | failed | missing |`,
    `|---|---|---|---|`,
    `| ${f.expected} | ${f.ok} | ${f.failed.length} | ${f.missing.length} |`,
    '',
    `Merged results: artifact \`${f.artifact}\`.`,
  ];
  if (f.shardsMissing.length > 0)
    parts.push('', `Shards that uploaded nothing: ${f.shardsMissing.join(', ')}.`);
  if (f.shardsFailed?.length)
    parts.push(
      '',
      '### Shards that failed before any run',
      '',
      ...f.shardsFailed.map((x) => `- shard ${x.index}: ${failureText(x.failure, x.artifact)}`),
    );
  if (f.failed.length > 0)
    parts.push('', '### Failed runs', '', ...failedRunLines(f.failed, f.rerun));
  if (f.noTimeLimit?.length)
    parts.push(
      '',
      esc(
        timeLimitHint(
          f.noTimeLimit,
          "`run: { args: ['--sim-time-limit=1000s'] }` in opp-campaign.yml",
        ),
      ),
    );
  if (f.missing.length > 0) {
    parts.push('', '### Missing runs', '');
    parts.push(
      table(
        ['config', 'run', 'shard'],
        f.missing.map((m) => [code(m.config), String(m.run), String(m.shard)]),
        200,
      ),
    );
  }
  if (f.scalarsTable) parts.push('', '### Key scalars', '', f.scalarsTable);
  return clip(parts.join('\n') + '\n');
}

/** GitHub refuses an issue or pull-request comment longer than this many characters. */
export const COMMENT_LIMIT = 65_536;

/**
 * The line at the end of a campaign's pull-request comment: workflows/campaign-comment.yml finds
 * the comment it posted before by it (one comment per pull request and artifact prefix).
 */
export const commentMarker = (prefix: string): string => `<!-- opp-campaign comment: ${prefix} -->`;

/**
 * The merge summary as a pull-request comment, ending with `marker`: whole when it fits, else cut
 * at a line (a code block closed) with a link to the whole summary on the run's page. The whole
 * body, marker included, is at most COMMENT_LIMIT long. Lengths count UTF-16 code units, never
 * fewer than the characters GitHub counts.
 */
export function commentBody(markdown: string, summaryUrl: string, marker: string): string {
  const end = `\n${marker}\n`;
  const limit = COMMENT_LIMIT - end.length;
  if (markdown.length <= limit) return markdown + end;
  const note = `\n\n_(cut to fit a comment: the whole summary is on [the workflow run's page](${summaryUrl}).)_\n`;
  const fence = '\n```';
  let cut = markdown.slice(0, limit - note.length - fence.length);
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  const fences = cut.split('\n').filter((l) => l.trimStart().startsWith('```')).length;
  return cut + (fences % 2 === 1 ? fence : '') + note + end;
}

/** GitHub shows at most this many annotations of one level (error, warning) per step. */
export const ANNOTATIONS_SHOWN = 10;

/**
 * Problems as at most `room` annotations: all when they fit, else the first `room - 1` and the
 * rest, for one annotation that says how many more there are (GitHub drops the rest silently).
 */
export function capAnnotations<T>(
  items: readonly T[],
  room: number,
): { shown: readonly T[]; more: readonly T[] } {
  if (items.length <= room) return { shown: items, more: [] };
  const n = Math.max(0, room - 1);
  return { shown: items.slice(0, n), more: items.slice(n) };
}

export interface Annotation {
  readonly title: string;
  readonly message: string;
}

/**
 * A shard's error annotations: one per cause of failure, as many as GitHub shows beside the
 * step's own failure (ANNOTATIONS_SHOWN in all), the last one pointing at the summary when there
 * are more. 42 runs that failed alike are one annotation naming a few of them, with the first
 * one's message.
 */
export function failureAnnotations(failed: readonly RunRecord[], shardIndex: number): Annotation[] {
  const groups = groupFailures([...failed].sort(compareRuns));
  const { shown, more } = capAnnotations(groups, ANNOTATIONS_SHOWN - 1);
  const out = shown.map((g): Annotation => {
    const first = g.runs[0] as RunRecord;
    // (escaped: the annotation shows the model's ESC or BEL as text, not as a command)
    const message = visible(
      `${runLabel(first)}: ${first.status}${first.message ? `: ${first.message}` : ''}`,
    );
    return g.runs.length === 1
      ? { title: visible(`run ${first.config} #${first.run} ${g.status}`), message }
      : {
          title: visible(describeGroup(g)),
          message: `${message}\nruns: ${visible(someRuns(g.runs))}`,
        };
  });
  if (more.length > 0) {
    const rest = more.reduce((n, g) => n + g.runs.length, 0);
    out.push({
      title: 'more failed runs',
      message: `${rest} more runs failed: see the step summary of shard ${shardIndex}`,
    });
  }
  return out;
}

/**
 * Failed runs grouped by cause, largest group first (50 causes at most): a group of several runs
 * names a few and shows the first one's message and command: the one that reproduces it here
 * (a local campaign), or `opp-campaign run` from a clone of the repository (`rerun`).
 */
function failedRunLines(failed: readonly RunRecord[], rerun?: RerunFrom): string[] {
  const groups = groupFailures([...failed].sort(compareRuns));
  const name = (r: RunRecord): string =>
    `${code(`${r.config} #${r.run}`)}${r.itervars ? ` (${code(r.itervars)})` : ''}`;
  const commandOf = (r: RunRecord): string | undefined =>
    rerun ? rerunCommand(rerun, r.config, r.run) : r.command;
  const lines: string[] = [];
  if (rerun) lines.push(rerunWhere(rerun), '');
  for (const g of groups.slice(0, 50)) {
    const first = g.runs[0] as RunRecord;
    const message = first.message ? `: ${code(first.message)}` : '';
    if (g.runs.length === 1) lines.push(`- ${name(first)}: ${code(first.status)}${message}`);
    else {
      lines.push(
        `- ${code(describeGroup(g))}: ${someRuns(g.runs, name)}`,
        `  first: ${code(first.status)}${message}`,
      );
    }
    const command = commandOf(first);
    if (command) {
      const fence = blockFence(command);
      lines.push(`  ${fence}sh`, `  ${command.replace(/\n/g, ' ')}`, `  ${fence}`);
    }
  }
  if (groups.length > 50) lines.push(`- … and ${groups.length - 50} more causes`);
  return lines;
}

/** Where the commands of `rerun` run: a sentence. */
function rerunWhere(rerun: RerunFrom): string {
  const where =
    'Each command runs the run again on your machine, from the top of a clone of the repository';
  return rerun.commit
    ? `${where} at commit ${code(rerun.commit)} (${code(`git checkout ${rerun.commit}`)}).`
    : `${where}.`;
}

function clip(md: string): string {
  if (Buffer.byteLength(md) <= SUMMARY_LIMIT) return md;
  const note = '\n\n_(summary cut at GitHub’s 1 MiB limit)_\n';
  return (
    Buffer.from(md)
      .subarray(0, SUMMARY_LIMIT - Buffer.byteLength(note) - 4)
      .toString() + note
  );
}
