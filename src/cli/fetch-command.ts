import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkFetchTarget, fetchResults, type FetchReport } from '../app/fetch-results.js';
import { CampaignClientError, withRetries, type ClientContext } from '../app/remote-campaign.js';
import { DEFAULT_LIMITS } from '../core/archive/entry-check.js';
import type { RunRef } from '../core/client/run-ref.js';
import { UsageError } from './errors.js';
import {
  connect,
  defaultClientContext,
  interruptible,
  TOKEN_HELP,
  type ClientCommandContext,
} from './github-client.js';
import { intOption } from './errors.js';
import type { LineWriter } from './output.js';
import { latestRunId, runArgument } from './watch-command.js';

export const FETCH_HELP = `Usage: opp-campaign fetch RUN|--latest|--pr N [-o DIR] [--shards] [--force] [--max-size GIB]
                          [--repo OWNER/NAME] [--workflow FILE]

Downloads a campaign's merged results (the artifact campaign-results) into DIR and prints what
arrived. A campaign started by 'opp-campaign resume' comes merged with the results of the
campaign(s) it resumed. The archive is checked before anything is written: no path may leave
DIR, links and devices are refused, sizes are limited, and a broken or refused download
leaves DIR as it was.

  RUN                 a run id or the URL of its page
      --latest        the newest run of the workflow
      --pr N          the newest run for pull request N
  -o, --output DIR    where to put the results (default: campaign-RUN); must be empty or new
                      (never the current folder, the home folder or a git work tree)
      --shards        also the raw shard artifacts, into DIR/shards/RUN/NAME/
      --force         replace a DIR that an earlier fetch made
      --max-size GIB  refuse an artifact that would extract to more (default 16)
      --repo O/N      the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE the workflow file, for --latest and --pr (default: campaign.yml)

DIR then holds the merge job's output: results.sca, a .vec per run, scalars.csv, runs.csv,
report.html, journal.jsonl, logs/ of failed runs, summary.md, .runs/ (each run's own result
files); and plan.json.

${TOKEN_HELP}
`;

export async function fetchCommand(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext = defaultClientContext(),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      latest: { type: 'boolean' },
      pr: { type: 'string' },
      output: { type: 'string', short: 'o' },
      shards: { type: 'boolean' },
      force: { type: 'boolean' },
      'max-size': { type: 'string' },
      repo: { type: 'string' },
      workflow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(FETCH_HELP.trimEnd());
    return 0;
  }
  const pr = intOption('--pr', values.pr, 1, Number.MAX_SAFE_INTEGER);
  if (pr !== undefined && (values.latest || positionals.length > 0))
    throw new UsageError('fetch: RUN, --latest or --pr, only one');
  const ref =
    pr === undefined ? runArgument('fetch', positionals, values.latest === true) : undefined;
  const maxGiB = intOption('--max-size', values['max-size'], 1, 1 << 20);
  return interruptible(err, () => fetchRun(values, ref, pr, maxGiB, out, err, ctx));
}

interface FetchValues {
  output?: string;
  shards?: boolean;
  force?: boolean;
  repo?: string;
  workflow?: string;
}

async function fetchRun(
  values: FetchValues,
  ref: RunRef | undefined,
  pr: number | undefined,
  maxGiB: number | undefined,
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext,
): Promise<number> {
  // refused before anything is asked of GitHub
  const keep = [ctx.cwd, ctx.env['HOME'] || homedir()];
  const force = values.force === true;
  if (values.output !== undefined)
    checkFetchTarget({ outDir: resolve(ctx.cwd, values.output), force, keep });
  const conn = await connect(ctx, {
    repoFlag: values.repo,
    runRepo: ref?.repo,
    runHost: ref?.host,
    runScheme: ref?.scheme,
    dir: ctx.cwd,
    workflow: values.workflow ?? 'campaign.yml',
    note: (l) => err.write(`${l}\n`),
  });
  const client: ClientContext = {
    ...conn.client,
    ...(maxGiB === undefined
      ? {}
      : {
          limits: {
            ...DEFAULT_LIMITS,
            maxTotalBytes: maxGiB * 2 ** 30,
            maxFileBytes: maxGiB * 2 ** 30,
          },
        }),
  };
  const runId =
    ref?.id ?? (pr !== undefined ? await prRunId(client, pr) : await latestRunId(client));
  const run = await withRetries(client, () => client.api.run(runId));
  const report = await fetchResults(client, run, {
    outDir: resolve(ctx.cwd, values.output ?? `campaign-${runId}`),
    shards: values.shards === true,
    force,
    keep,
  });
  for (const line of describe(report)) await out.line(line);
  return 0;
}

async function prRunId(client: ClientContext, pr: number): Promise<number> {
  const head = await withRetries(client, () => client.api.pullRequestHead(pr));
  const run = await withRetries(client, () =>
    client.api.latestRun({ headSha: head.sha, event: 'pull_request' }),
  );
  if (!run)
    throw new CampaignClientError(
      `fetch --pr ${pr}: the workflow has not run for the pull request's head ${head.sha.slice(0, 12)}`,
    );
  return run.id;
}

function describe(r: FetchReport): string[] {
  const last = r.chain[r.chain.length - 1]!;
  const earlier = r.chain.slice(0, -1).map((c) => c.id);
  const lines = [
    `fetched the results of run ${last.id}${earlier.length ? ` merged with those of run${earlier.length > 1 ? 's' : ''} ${earlier.join(', ')} (resumed)` : ''} into ${r.outDir}`,
  ];
  const a = r.account;
  if (a)
    lines.push(
      `${a.expected} planned runs: ${a.ok.length} succeeded, ${a.failed.length} failed, ${a.missing.length} missing` +
        (a.failed.length + a.missing.length > 0
          ? ` (redo them: opp-campaign resume ${last.id})`
          : ''),
    );
  lines.push(`${r.resultFiles} result files, ${size(r.resultBytes)}`);
  if (r.shardArtifacts) lines.push(`${r.shardArtifacts} shard artifacts in ${r.outDir}/shards/`);
  return lines;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
