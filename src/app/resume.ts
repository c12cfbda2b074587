// `opp-campaign resume`: run again what a campaign did not finish. The campaign's run index
// says where each planned run stands: the journal in its results artifact, or, when the merge
// job uploaded none, the journals of its shard artifacts; a campaign that itself resumed another
// counts with its ancestors (core/client/run-accounting.ts). The failed and missing runs go to
// one new campaign of the same commit (a branch at it, named after the run it resumes), with a
// filter that selects exactly them (core/client/resume-filter.ts).
import type { WorkflowRunInfo } from '../adapters/github-campaigns.js';
import { readJournal, type JournalState } from '../core/campaign/journal.js';
import { resumeBranch } from '../core/client/dispatch-branch.js';
import { accountRuns, type RunAccount } from '../core/client/run-accounting.js';
import {
  MAX_INPUTS_LENGTH,
  resumeSelection,
  type ResumeSelection,
} from '../core/client/resume-filter.js';
import { MAX_SHARDS } from '../core/plan/shard.js';
import {
  campaignChain,
  CampaignClientError,
  findArtifact,
  prefixOf,
  readArtifactFile,
  withRetries,
  type ClientContext,
} from './remote-campaign.js';
import { dispatchAndFind, workflowInputs } from './submit.js';
import { readPlan } from './watch.js';

export interface ResumeOptions {
  readonly maxShards: number | undefined;
  /** Only say what would be submitted. */
  readonly dryRun: boolean;
}

export interface Resumed {
  readonly account: RunAccount;
  readonly selection: ResumeSelection | undefined;
  readonly branch: string | undefined;
  readonly commit: string;
  /** The new campaign; undefined when there was nothing to redo, or with dryRun. */
  readonly run: { readonly id: number; readonly htmlUrl: string } | undefined;
}

const MAX_JOURNAL_BYTES = 2 * 2 ** 30;

export async function resumeCampaign(
  ctx: ClientContext,
  run: WorkflowRunInfo,
  opts: ResumeOptions,
): Promise<Resumed> {
  if (run.status !== 'completed')
    throw new CampaignClientError(
      `run ${run.id} is still ${run.status.replace('_', ' ')}: resume it once it has ended` +
        ` (follow it with 'opp-campaign watch ${run.id}')`,
    );
  const chain = await campaignChain(ctx, run);
  const root = chain[0]!;
  const plan = await readPlan(ctx, root.id);
  if (!plan)
    throw new CampaignClientError(
      `run ${root.id} has no '${prefixOf(ctx)}-plan' artifact: its plan job did not finish, so` +
        ' there is nothing to resume; submit the campaign again',
    );
  const journals: JournalState[] = [];
  for (const campaign of chain) journals.push(...(await runIndex(ctx, campaign.id)));
  const account = accountRuns(plan, journals);
  const redo = [...account.failed, ...account.missing];
  const base = { account, commit: run.headSha };
  if (redo.length === 0)
    return { ...base, selection: undefined, branch: undefined, run: undefined };
  const selection = resumeSelection(redo);
  const maxShards = opts.maxShards ?? Math.min(Math.max(plan.shards.length, 1), MAX_SHARDS);
  const inputs = workflowInputs({
    configs: selection.configs,
    filter: selection.filter,
    maxShards,
  });
  if (JSON.stringify(inputs).length > MAX_INPUTS_LENGTH)
    throw new CampaignClientError(
      `the filter for ${redo.length} runs is ${selection.filter.length} characters long, more` +
        ` than GitHub accepts for a workflow's inputs (${MAX_INPUTS_LENGTH}); run the campaign` +
        ' again, or resume it config by config with -r',
    );
  const branch = resumeBranch(run.id);
  if (opts.dryRun) return { ...base, selection, branch, run: undefined };
  await withRetries(ctx, () => ctx.api.createBranch(branch, run.headSha));
  const started = await dispatchAndFind(ctx, branch, inputs, run.headSha);
  return { ...base, selection, branch, run: started };
}

/** The journals of one campaign: its merged results', else its shards'. */
async function runIndex(ctx: ClientContext, runId: number): Promise<JournalState[]> {
  const prefix = prefixOf(ctx);
  const results = await findArtifact(ctx, runId, `${prefix}-results`);
  if (results) {
    const text = await readArtifactFile(ctx, results, 'journal.jsonl', MAX_JOURNAL_BYTES);
    return text === undefined ? [] : [readJournal(text.toString('utf8'))];
  }
  const shards = await withRetries(ctx, () => ctx.api.artifacts(runId, `${prefix}-shard-`));
  const out: JournalState[] = [];
  for (const a of shards.filter((x) => !x.expired)) {
    const text = await readArtifactFile(ctx, a, 'journal.jsonl', MAX_JOURNAL_BYTES);
    if (text !== undefined) out.push(readJournal(text.toString('utf8')));
  }
  return out;
}
