import { parseArgs } from 'node:util';
import { fitToWidth, type ProgressOutput } from '../app/progress.js';
import {
  CampaignClientError,
  CampaignInterrupted,
  withRetries,
  type ClientContext,
} from '../app/remote-campaign.js';
import { watchCampaign } from '../app/watch.js';
import { DEFAULT_POLICY } from '../core/client/backoff.js';
import { formatProgress, type CampaignProgress } from '../core/client/campaign-progress.js';
import { parseRunRef } from '../core/client/run-ref.js';
import { EXIT, shownArgument, UsageError } from './errors.js';
import {
  connect,
  defaultClientContext,
  TOKEN_HELP,
  type ClientCommandContext,
} from './github-client.js';
import { intOption } from './errors.js';
import type { LineWriter } from './output.js';

export const WATCH_HELP = `Usage: opp-campaign watch RUN|--latest [--interval SEC] [--repo OWNER/NAME] [--workflow FILE]

Follows a campaign on GitHub Actions until it ends: shards queued, running, done and failed,
runs finished of the total (from the plan's shard sizes), elapsed time and ETA. On a terminal
one live line, otherwise a line whenever something changes. Ends with the merge job's outcome.
Exit status 0 only when the campaign succeeded, 1 otherwise, 130 when interrupted (the
campaign goes on).

  RUN                  a run id or the URL of its page (as submit prints it)
      --latest         the newest run of the workflow
      --interval SEC   seconds between polls (default 10; longer when the API rate limit is
                       short, and as GitHub asks after a refusal)
      --repo O/N       the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE  the workflow file (default campaign.yml)

${TOKEN_HELP}
`;

export async function watchCommand(
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
      interval: { type: 'string' },
      repo: { type: 'string' },
      workflow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(WATCH_HELP.trimEnd());
    return 0;
  }
  const ref = runArgument('watch', positionals, values.latest === true);
  const interval = intOption('--interval', values.interval, 1, 3600);
  const policy = {
    ...(ctx.policy ?? DEFAULT_POLICY),
    ...(interval === undefined ? {} : { intervalMs: interval * 1000 }),
  };
  const conn = await connect(
    { ...ctx, policy },
    {
      repoFlag: values.repo,
      runRepo: ref?.repo,
      runHost: ref?.host,
      runScheme: ref?.scheme,
      dir: ctx.cwd,
      workflow: values.workflow ?? 'campaign.yml',
      note: (l) => err.write(`${l}\n`),
    },
  );
  const runId = ref?.id ?? (await latestRunId(conn.client));
  return watchAndReport(conn.client, runId, out, ctx.stdoutIsTTY ? process.stdout : undefined);
}

/** RUN or --latest, exactly one (RUN only where the command has no --latest: `latest` null). */
export function runArgument(
  command: string,
  positionals: readonly string[],
  latest: boolean | null,
): ReturnType<typeof parseRunRef> {
  if (positionals.length > 1)
    throw new UsageError(`${command}: one run, not ${positionals.length}`);
  const [arg] = positionals;
  if (latest && arg !== undefined) throw new UsageError(`${command}: RUN or --latest, not both`);
  if (latest) return undefined;
  if (arg === undefined)
    throw new UsageError(
      `${command}: which run? Give its id or URL${latest === null ? '' : ', or --latest'}`,
    );
  const ref = parseRunRef(arg);
  if (!ref)
    throw new UsageError(`${command}: '${shownArgument(arg)}' is neither a run id nor a run's URL`);
  return ref;
}

export async function latestRunId(client: ClientContext): Promise<number> {
  const run = await withRetries(client, () => client.api.latestRun());
  if (!run) throw new CampaignClientError('--latest: the workflow has no runs yet');
  return run.id;
}

/**
 * The live line as a terminal gets it: redrawn in place, cut to the terminal's width (a line that
 * wraps leaves its first rows behind at each redraw).
 */
export const liveLine = (line: string, columns: number | undefined): string =>
  `\r\x1b[K${fitToWidth(line, columns)}`;

/**
 * Watches and prints; the exit status says whether the campaign succeeded. With `live` (a
 * terminal), one line redrawn in place; otherwise a line when the counts change, not every poll.
 */
export async function watchAndReport(
  client: ClientContext,
  runId: number,
  out: LineWriter,
  live: ProgressOutput | undefined,
): Promise<number> {
  let last = '';
  const show = async (p: CampaignProgress): Promise<void> => {
    const line = formatProgress(p);
    if (live) {
      live.write(liveLine(line, live.columns));
      return;
    }
    const key = line.replace(/ \| [^|]* elapsed.*$/, '');
    if (key !== last) {
      await out.line(line);
      await out.flush();
    }
    last = key;
  };
  try {
    const end = await watchCampaign(client, runId, show);
    live?.write('\n');
    await out.line(`${end.message}: ${end.run.htmlUrl}`);
    return end.succeeded ? EXIT.ok : EXIT.failure;
  } catch (e) {
    live?.write('\n');
    if (e instanceof CampaignInterrupted) {
      await out.line(`stopped watching run ${runId}; the campaign goes on`);
      return EXIT.interrupted;
    }
    throw e;
  }
}
