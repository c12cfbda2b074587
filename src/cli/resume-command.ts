import { parseArgs } from 'node:util';
import { withRetries } from '../app/remote-campaign.js';
import { resumeCampaign } from '../app/resume.js';
import type { RunRef } from '../core/client/run-ref.js';
import { MAX_SHARDS } from '../core/plan/shard.js';
import {
  connect,
  defaultClientContext,
  interruptible,
  TOKEN_HELP,
  type ClientCommandContext,
} from './github-client.js';
import { intOption } from './errors.js';
import type { LineWriter } from './output.js';
import { runArgument, watchAndReport } from './watch-command.js';

export const RESUME_HELP = `Usage: opp-campaign resume RUN [--max-shards N] [--dry-run] [--watch] [--repo OWNER/NAME]
                           [--workflow FILE]

Starts a campaign of the runs that RUN's campaign did not finish: its failed runs and the
runs no shard reported (a cancelled or lost shard), on the same commit, and prints the new
run's URL. What RUN finished comes from its results (or, without them, its shard artifacts);
when RUN itself resumed another campaign, the whole chain counts. The new campaign runs on the
branch opp-campaign/resume-of-RUN, so that 'opp-campaign fetch' of it brings the results of
every campaign of the chain, merged.

  RUN                 a run id or the URL of its page
      --max-shards N  the most shards (default: as many as RUN's campaign had)
      --dry-run       print what would be submitted, submit nothing
      --watch         follow the new campaign until it ends
      --repo O/N      the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE the workflow file (default: campaign.yml)

${TOKEN_HELP}
`;

export async function resumeCommand(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext = defaultClientContext(),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'max-shards': { type: 'string' },
      'dry-run': { type: 'boolean' },
      watch: { type: 'boolean' },
      repo: { type: 'string' },
      workflow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(RESUME_HELP.trimEnd());
    return 0;
  }
  const ref = runArgument('resume', positionals, null)!;
  const maxShards = intOption('--max-shards', values['max-shards'], 1, MAX_SHARDS);
  return interruptible(err, () => resume(values, ref, maxShards, out, err, ctx));
}

interface ResumeValues {
  'dry-run'?: boolean;
  watch?: boolean;
  repo?: string;
  workflow?: string;
}

async function resume(
  values: ResumeValues,
  ref: RunRef,
  maxShards: number | undefined,
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext,
): Promise<number> {
  const note = (l: string): void => err.write(`${l}\n`);
  const conn = await connect(ctx, {
    repoFlag: values.repo,
    runRepo: ref.repo,
    runHost: ref.host,
    runScheme: ref.scheme,
    dir: ctx.cwd,
    workflow: values.workflow ?? 'campaign.yml',
    note,
  });
  const run = await withRetries(conn.client, () => conn.api.run(ref.id));
  const r = await resumeCampaign(conn.client, run, {
    maxShards,
    dryRun: values['dry-run'] === true,
  });
  const a = r.account;
  note(
    `run ${run.id}: ${a.ok.length} of ${a.expected} planned runs succeeded, ${a.failed.length} failed,` +
      ` ${a.missing.length} missing`,
  );
  if (!r.selection) {
    await out.line(`nothing to resume: every planned run of run ${run.id} succeeded`);
    return 0;
  }
  note(
    `${values['dry-run'] ? 'would redo' : 'redoing'} ${a.failed.length + a.missing.length} runs at` +
      ` ${r.commit} on branch ${r.branch}: configs ${r.selection.configs.join(',')}, runs '${r.selection.filter}'`,
  );
  if (!r.run) return 0;
  await out.line(r.run.htmlUrl);
  await out.flush();
  if (!values.watch) return 0;
  return watchAndReport(conn.client, r.run.id, out, ctx.stdoutIsTTY ? process.stdout : undefined);
}
