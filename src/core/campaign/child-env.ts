// The environment a simulation, a sidecar or a build gets from opp-campaign's own. Credentials
// that opp-campaign (or the GitHub runner around it) holds are not passed on: a model's code, a
// Makefile or a helper script is code from the campaign's repository, and a pull request can
// change it; what it prints ends up in logs that are uploaded as artifacts. A campaign file's
// `env:` is added after this filter, so a simulation that needs a token gets it explicitly.

/**
 * GITHUB_TOKEN, GH_TOKEN, OPP_CAMPAIGN_GIT_TOKEN and the like end in _TOKEN. ACTIONS_* is the
 * runner's service plumbing (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*,
 * ACTIONS_RESULTS_URL and ACTIONS_CACHE_URL, which carry or lead to tokens;
 * ACTIONS_RUNNER_INPUT_JITCONFIG); INPUT_* are the action's inputs (INPUT_GITHUB-TOKEN); the
 * rest is the usual naming of credentials (NPM_TOKEN, AWS_SECRET_ACCESS_KEY, DB_PASSWORD).
 */
const SECRET_PATTERN = /^(ACTIONS_|INPUT_)|_TOKEN$|SECRET|PASSWORD|PASSWD|JITCONFIG/i;

export const isSecretName = (name: string): boolean => SECRET_PATTERN.test(name);

/** `base` without its credentials, then `extra` on top (extra is passed on as given). */
export function childEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  ...extra: readonly Readonly<Record<string, string | undefined>>[]
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base))
    if (value !== undefined && !isSecretName(name)) env[name] = value;
  for (const e of extra)
    for (const [name, value] of Object.entries(e)) if (value !== undefined) env[name] = value;
  return env;
}
