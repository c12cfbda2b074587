import { counted } from '../core/counted.js';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGitClient } from '../adapters/git/index.js';
import { workingCopy } from '../adapters/local-repo.js';
import { submitCampaign } from '../app/submit.js';
import { MAX_SHARDS } from '../core/plan/shard.js';
import { untrackedNote } from '../core/git/scratch-refs.js';
import { UsageError, intOption } from './errors.js';
import { IniError } from '../core/ini/index.js';
import { placeIniError } from '../core/ini/errors.js';
import {
  connect,
  defaultClientContext,
  interruptible,
  TOKEN_HELP,
  type ClientCommandContext,
} from './github-client.js';
import type { LineWriter } from './output.js';
import { watchAndReport } from './watch-command.js';

export const SUBMIT_HELP = `Usage: opp-campaign submit [DIR] [-c CONFIG]... [-r FILTER] [--max-shards N] [--ref REF] [--watch]
                           [--remote NAME] [--repo OWNER/NAME] [--workflow FILE]

Starts the campaign workflow (.github/workflows/campaign.yml) on GitHub for the code in DIR's
working copy and prints the run's URL. The campaign is planned here first, so an ini error
shows at once with its file and line. The workflow runs on a branch: the current one when
GitHub's tip of it is HEAD and nothing is uncommitted; otherwise the working tree is
snapshotted (as 'opp-campaign snapshot' does: pushed to refs/opp-campaign/<time>-<sha>, your
branch, index and files untouched) and the workflow runs on the branch
opp-campaign/<time>-<sha> created at that commit ('opp-campaign snapshot --prune' deletes both).

  DIR                  the model project (default: .)
  -c, --config NAME    a config to run (several allowed; default: as in opp-campaign.yml)
  -r, --runs FILTER    run filter: run numbers (0..9) or an expression ($numHosts > 10)
      --max-shards N   the most shards, 1-256 (default: the workflow's, 32)
      --ref REF        run this branch or tag of the GitHub repository as it is there
                       (uncommitted work and local commits are not part of it)
      --watch          follow the campaign until it ends (as 'opp-campaign watch')
      --remote NAME    the git remote snapshots are pushed to (default: origin)
      --repo O/N       the GitHub repository (default: the remote 'origin')
      --workflow FILE  the workflow file (default: campaign.yml)

${TOKEN_HELP}
A snapshot is pushed with git's own credentials, or OPP_CAMPAIGN_GIT_TOKEN (see snapshot).
`;

interface SubmitValues {
  config?: string[];
  runs?: string;
  ref?: string;
  watch?: boolean;
  remote?: string;
  repo?: string;
  workflow?: string;
}

export async function submitCommand(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext = defaultClientContext(),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      runs: { type: 'string', short: 'r' },
      'max-shards': { type: 'string' },
      ref: { type: 'string' },
      watch: { type: 'boolean' },
      remote: { type: 'string' },
      repo: { type: 'string' },
      workflow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(SUBMIT_HELP.trimEnd());
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`submit: one folder, not ${positionals.length}`);
  if (values.ref !== undefined && values.ref.trim() === '')
    throw new UsageError('submit: --ref takes a branch or tag name');
  const dir = resolve(ctx.cwd, positionals[0] ?? '.');
  const maxShards = intOption('--max-shards', values['max-shards'], 1, MAX_SHARDS);
  return interruptible(err, () =>
    submit(values, dir, maxShards, out, err, ctx).catch((e: unknown) => {
      // an ini file as the user finds it from here (`sim/omnetpp.ini:3`)
      if (e instanceof IniError) placeIniError(e, relative(ctx.cwd, dir) || '.');
      throw e;
    }),
  );
}

async function submit(
  values: SubmitValues,
  dir: string,
  maxShards: number | undefined,
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext,
): Promise<number> {
  const note = (l: string): void => err.write(`${l}\n`);
  const conn = await connect(ctx, {
    repoFlag: values.repo,
    runRepo: undefined,
    dir,
    workflow: values.workflow ?? 'campaign.yml',
    note,
  });
  const gitToken = ctx.env['OPP_CAMPAIGN_GIT_TOKEN'];
  const s = await submitCampaign(
    { ...conn.client, git: createGitClient('cli'), workingCopy },
    {
      dir,
      configs: values.config ?? [],
      filter: values.runs,
      maxShards,
      ref: values.ref,
      remote: values.remote ?? 'origin',
      gitToken: gitToken || undefined,
    },
  );
  note(`planned ${counted(s.planned.runs, 'run')} in ${counted(s.planned.shards, 'shard')}`);
  if (s.snapshot)
    note(
      `pushed ${s.snapshot.changed ? 'a snapshot of the working tree' : 'HEAD'} (${s.snapshot.sha})` +
        ` to ${s.snapshot.ref}; the campaign runs on branch ${s.ref}`,
    );
  const added = s.snapshot ? untrackedNote(s.snapshot.untracked) : undefined;
  if (added) note(added);
  if (s.dirtyIgnored) note(`note: uncommitted changes are not part of --ref ${s.ref}`);
  note(`started the campaign on ${s.ref}${s.sha ? ` at ${s.sha}` : ''}`);
  await out.line(s.run.htmlUrl);
  await out.flush();
  if (!values.watch) return 0;
  return watchAndReport(conn.client, s.run.id, out, ctx.stdoutIsTTY ? process.stdout : undefined);
}
