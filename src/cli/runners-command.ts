import { parseArgs } from 'node:util';
import { apiTarget, originElsewhere, originUrl, parseRemote } from '../adapters/git-remote.js';
import { GitHubRunners, type RepoRef, type RunnerInfo } from '../adapters/github-runners.js';
import { shownArgument, UsageError } from './errors.js';
import { OutputError, type LineWriter } from './output.js';

export const RUNNERS_HELP = `Usage: opp-campaign runners <list|jit|token|remove> [options]

Manages the self-hosted runners of a GitHub repository (see runner-image/README.md).

  list                      the repository's self-hosted runners: name, status, busy, labels
  jit --name NAME           creates a just-in-time configuration for one new ephemeral runner
                            and prints it, and nothing else, on stdout: pipe it into the VM's
                            secret store. It registers one runner for one job.
      --labels L1,L2        its labels (default: opp-omnetpp, the label workflows/campaign.yml
                            targets; self-hosted is always added)
      --runner-group-id N   its runner group (default: 1, the repository's default group)
      --work-folder DIR     its work folder, relative to the runner (default: _work)
  token                     prints a registration token (valid one hour) on stdout, for
                            runners that register with config.sh instead of a JIT config
  remove ID|NAME            removes a runner (an offline one, or one whose VM is gone)

Options for every subcommand:
      --repo OWNER/NAME     the repository on github.com (default: the git remote 'origin' of
                            this folder, when it is on github.com)
      --json                (list) JSON instead of a table

The token comes from GITHUB_TOKEN or GH_TOKEN and is never printed: a fine-grained token with
the repository permission "Administration" (read and write; read is enough for list).
GITHUB_API_URL sets the API address (GitHub Enterprise Server: https://HOST/api/v3); without it
the token goes to api.github.com only, whatever host 'origin' names.
`;

export interface RunnersContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** When stdout is a terminal, a printed credential would stay in its scrollback. */
  readonly stdoutIsTTY: boolean;
}

/** The environment lacks what the command needs (a token, a repository): exit status 1. */
export class RunnersSetupError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'RunnersSetupError';
  }
}

const SUBCOMMANDS = ['list', 'jit', 'token', 'remove'] as const;

/**
 * The label workflows/campaign.yml's self-hosted jobs target. It is also the name of the ARC
 * scale set (runner-image/arc-values.yaml), whose runners carry no `self-hosted` label, so one
 * `runs-on` reaches both kinds of runner.
 */
export const DEFAULT_LABEL = 'opp-omnetpp';
type Subcommand = (typeof SUBCOMMANDS)[number];

export async function runnersCommand(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  ctx: RunnersContext = {
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
  },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      labels: { type: 'string', multiple: true },
      'runner-group-id': { type: 'string' },
      'work-folder': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, ...args] = positionals;
  if (values.help || sub === undefined || sub === 'help') {
    await out.line(RUNNERS_HELP.trimEnd());
    return 0;
  }
  if (!isSubcommand(sub))
    throw new UsageError(`runners: unknown subcommand '${sub}' (list, jit, token or remove)`);
  checkOptions(sub, values, args);

  const auth = tokenFrom(ctx.env);
  const { repo, host } = await repoFrom(values.repo, ctx.cwd);
  // --repo: github.com; origin's host only when it is github.com (GITHUB_API_URL overrides both)
  const target = apiTarget({ envApiUrl: ctx.env['GITHUB_API_URL'], originHost: host });
  if (!target) throw new RunnersSetupError(`which GitHub? ${originElsewhere(host ?? '')}`);
  const runners = new GitHubRunners({ token: auth, repo, baseUrl: target.baseUrl });
  switch (sub) {
    case 'list':
      return list(runners, values.json === true, out);
    case 'jit':
      return jit(runners, values, out, err, ctx.stdoutIsTTY, repoOption(repo, values.repo));
    case 'token':
      return token(runners, out, err, ctx.stdoutIsTTY, repoOption(repo, values.repo));
    case 'remove':
      return remove(runners, args[0] ?? '', out);
  }
}

function isSubcommand(s: string): s is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(s);
}

interface Values {
  json?: boolean;
  name?: string;
  labels?: string[];
  'runner-group-id'?: string;
  'work-folder'?: string;
}

function checkOptions(sub: Subcommand, values: Values, args: string[]): void {
  const jitOnly = ['name', 'labels', 'runner-group-id', 'work-folder'] as const;
  for (const o of jitOnly)
    if (sub !== 'jit' && values[o] !== undefined)
      throw new UsageError(`runners ${sub}: --${o} belongs to 'runners jit'`);
  if (sub !== 'list' && values.json) throw new UsageError(`runners ${sub}: --json belongs to list`);
  const wanted = sub === 'remove' ? 1 : 0;
  if (args.length !== wanted)
    throw new UsageError(
      sub === 'remove'
        ? 'runners remove: name the runner to remove, by id or name'
        : `runners ${sub}: unexpected argument '${args[0] ?? ''}'`,
    );
  if (sub === 'jit' && !values.name) throw new UsageError('runners jit: --name NAME is required');
}

function tokenFrom(env: RunnersContext['env']): string {
  const token = env['GITHUB_TOKEN'] || env['GH_TOKEN'];
  if (!token)
    throw new RunnersSetupError(
      'no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a fine-grained token with the' +
        ' repository permission "Administration" (see runner-image/README.md, "Tokens").',
    );
  return token;
}

/** The repository, and the host of the origin it was taken from (none for --repo). */
async function repoFrom(
  flag: string | undefined,
  cwd: string,
): Promise<{ repo: RepoRef; host?: string }> {
  if (flag !== undefined) {
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(flag);
    if (!m?.[1] || !m[2])
      throw new UsageError(`runners: --repo takes OWNER/NAME, not '${shownArgument(flag)}'`);
    return { repo: { owner: m[1], repo: m[2].replace(/\.git$/, '') } };
  }
  const url = await originUrl(cwd);
  // its repository and host, read alike (a password's `#` or `/` is no end of the host)
  const origin = url === undefined ? undefined : parseRemote(url);
  if (!origin)
    throw new RunnersSetupError(
      "which repository? This folder has no git remote 'origin' on GitHub: pass --repo OWNER/NAME.",
    );
  return { repo: { owner: origin.owner, repo: origin.repo }, host: origin.host };
}

async function list(runners: GitHubRunners, json: boolean, out: LineWriter): Promise<number> {
  const all = await runners.list();
  if (json) {
    await out.line(JSON.stringify(all, null, 2));
    return 0;
  }
  if (all.length === 0) {
    await out.line('no self-hosted runners');
    return 0;
  }
  for (const line of table(all)) await out.line(line);
  return 0;
}

function table(runners: readonly RunnerInfo[]): string[] {
  const rows = [
    ['ID', 'NAME', 'STATUS', 'BUSY', 'LABELS'],
    ...runners.map((r) => [
      String(r.id),
      r.name,
      r.status,
      r.busy ? 'busy' : 'idle',
      r.labels.join(','),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

async function jit(
  runners: GitHubRunners,
  values: Values,
  out: LineWriter,
  err: { write(s: string): void },
  stdoutIsTTY: boolean,
  repoFlag: string,
): Promise<number> {
  const labels = parseLabels(values.labels);
  const group = values['runner-group-id'] ?? '1';
  const runnerGroupId = Number(group);
  if (!Number.isInteger(runnerGroupId) || runnerGroupId < 1)
    throw new UsageError(
      `runners jit: --runner-group-id takes a whole number >= 1, not '${group}'`,
    );
  const config = await runners.createJitConfig({
    name: values.name ?? '',
    labels,
    runnerGroupId,
    ...(values['work-folder'] ? { workFolder: values['work-folder'] } : {}),
  });
  if (stdoutIsTTY) err.write(CREDENTIAL_ON_TTY);
  await out.line(config.encodedJitConfig);
  await credentialWritten(out, (why) => {
    const id = config.runner.id;
    return (
      `created runner '${config.runner.name}' (id ${id}) on GitHub, but ${why}: its` +
      ' just-in-time configuration is lost. Remove the runner with' +
      ` 'opp-campaign runners remove ${id}${repoFlag}' and create it again.`
    );
  });
  err.write(
    `created runner '${config.runner.name}' (id ${config.runner.id}, labels` +
      ` ${config.runner.labels.join(', ')}). Its just-in-time configuration, on stdout, is a` +
      ' credential that registers it for one job: hand it to the VM through a secret store,' +
      ' never through a file in git or an image.\n',
  );
  return 0;
}

/** ` --repo OWNER/NAME` for a hint's command line, when the repository was given so. */
function repoOption(repo: RepoRef, flag: string | undefined): string {
  return flag === undefined ? '' : ` --repo ${repo.owner}/${repo.repo}`;
}

/**
 * The credential on stdout has reached it: a full disk, or a reader that has gone, would lose
 * what was created on GitHub without a word (`lost` says what was created and how to undo it).
 */
async function credentialWritten(out: LineWriter, lost: (why: string) => string): Promise<void> {
  try {
    await out.confirm();
  } catch (e) {
    if (e instanceof OutputError) throw new RunnersSetupError(lost(e.message));
    throw e;
  }
}

const CREDENTIAL_ON_TTY =
  'note: stdout is a terminal, so the credential stays in its scrollback; pipe it instead.\n';

function parseLabels(flags: string[] | undefined): string[] {
  const given = (flags ?? [DEFAULT_LABEL]).flatMap((f) => f.split(',')).map((l) => l.trim());
  if (given.some((l) => l === '')) throw new UsageError('runners jit: --labels has an empty label');
  const labels = [...new Set(['self-hosted', ...given])];
  if (labels.length > 100) throw new UsageError('runners jit: at most 100 labels');
  return labels;
}

async function token(
  runners: GitHubRunners,
  out: LineWriter,
  err: { write(s: string): void },
  stdoutIsTTY: boolean,
  repoFlag: string,
): Promise<number> {
  const t = await runners.createRegistrationToken();
  if (stdoutIsTTY) err.write(CREDENTIAL_ON_TTY);
  await out.line(t.token);
  await credentialWritten(
    out,
    (why) =>
      `created a registration token on GitHub, but ${why}. GitHub cannot revoke it: it expires` +
      ` at ${t.expiresAt}. A runner registered with it meanwhile shows in 'opp-campaign runners` +
      ` list${repoFlag}' and is removed with 'opp-campaign runners remove ID|NAME${repoFlag}'.`,
  );
  err.write(
    `registration token on stdout; it expires at ${t.expiresAt} and registers any number of` +
      ' runners until then: prefer `runners jit`, which registers exactly one.\n',
  );
  return 0;
}

async function remove(runners: GitHubRunners, which: string, out: LineWriter): Promise<number> {
  let id = /^\d+$/.test(which) ? Number(which) : undefined;
  let name = which;
  if (id === undefined) {
    const all = await runners.list();
    const match =
      all.filter((r) => r.name === which).length === 1
        ? all.filter((r) => r.name === which)
        : all.filter((r) => r.name.toLowerCase() === which.toLowerCase());
    if (match.length !== 1)
      throw new RunnersSetupError(
        match.length === 0
          ? `no runner named '${which}' (see 'opp-campaign runners list')`
          : `several runners are named '${which}': remove one by id`,
      );
    id = match[0]!.id;
    name = match[0]!.name;
  }
  await runners.remove(id);
  await out.line(`removed runner ${name === String(id) ? id : `'${name}' (id ${id})`}`);
  return 0;
}
