// The branches a dispatch runs on. GitHub starts a workflow_dispatch run on a branch or tag
// ("ref: The git reference for the workflow. The reference can be a branch or tag name."), and
// checks out the commit at its tip; an exact commit (a snapshot of uncommitted work, or the
// commit of an earlier campaign) therefore gets a branch of its own, under `opp-campaign/`. A
// resumed campaign's branch names the run it resumes, so the link survives on GitHub (the run's
// `head_branch`) and `fetch` can find the earlier results on any machine.

export const BRANCH_PREFIX = 'opp-campaign/';

/** `refs/opp-campaign/20261125T101500Z-1a2b3c4d5e6f` -> `opp-campaign/20261125T101500Z-1a2b3c4d5e6f` */
export function snapshotBranch(scratchRef: string): string {
  const name = scratchRef.replace(/^refs\/opp-campaign\//, '');
  return `${BRANCH_PREFIX}${name.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

export function resumeBranch(parentRunId: number): string {
  return `${BRANCH_PREFIX}resume-of-${parentRunId}`;
}

/** The run a campaign resumed, from its branch; undefined for a campaign of its own. */
export function parentRunOf(headBranch: string | null): number | undefined {
  const m = /^opp-campaign\/resume-of-(\d+)$/.exec(headBranch ?? '');
  return m?.[1] ? Number(m[1]) : undefined;
}
