import { IniError } from '../core/ini/index.js';
import { COMMANDS, describeError, EXIT, UsageError } from './errors.js';
import { closestNames } from '../core/ini/closest-name.js';
import { LineWriter, OutputError, writeIniBytes } from './output.js';
import pkg from '../../package.json' with { type: 'json' };

const HELP = `Usage: opp-campaign <command> [options]

Commands:
  run       run a campaign on this machine (opp-campaign run --help)
  plan      expand omnetpp.ini into runs, as OMNeT++ does (opp-campaign plan --help)
  snapshot  push uncommitted work to a scratch ref for a campaign (opp-campaign snapshot --help)
  merge     merge result files and folders into one dataset (opp-campaign merge --help)
  export    export results as opp_scavetool does: CSV-R or JSON (opp-campaign export --help)
  report    write the campaign report page, report.html (opp-campaign report --help)
  runners   list and register self-hosted runners (opp-campaign runners --help)
  submit    start a campaign on GitHub Actions for this working copy (opp-campaign submit --help)
  watch     follow a campaign on GitHub Actions until it ends (opp-campaign watch --help)
  fetch     download a campaign's merged results from GitHub (opp-campaign fetch --help)
  resume    start a campaign of the runs a campaign did not finish (opp-campaign resume --help)

Run 'opp-campaign <command> --help' for a command's options; 'opp-campaign --version' for the version.
`;

export interface Io {
  readonly stdout: NodeJS.WritableStream & import('node:stream').Writable;
  readonly stderr: NodeJS.WritableStream & import('node:stream').Writable;
}

export async function main(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
  signal?: AbortSignal,
  /** Lets Ctrl-C abort `signal` from now on (`run` calls it once planning is done). */
  armInterrupts?: () => void,
): Promise<number> {
  // an ini's byte that is not UTF-8 is written as that byte, in every output (as opp_run does)
  writeIniBytes(io.stdout);
  writeIniBytes(io.stderr);
  const out = new LineWriter(io.stdout);
  // the GitHub client of the commands that talk to GitHub (submit, watch, fetch, resume)
  const github = async () => (await import('./github-client.js')).defaultClientContext(signal);
  try {
    const [command, ...rest] = argv;
    let code: number;
    switch (command) {
      case 'help':
        // `opp-campaign help run` is `opp-campaign run --help`
        if (rest[0] !== undefined && rest[0] !== 'help' && !rest[0].startsWith('-'))
          return await main([rest[0], '--help'], io, signal, armInterrupts);
        await out.line(HELP.trimEnd());
        code = 0;
        break;
      case undefined:
        // no command: a wrong command line (a script that lost its arguments must not pass)
        io.stderr.write(HELP.trimEnd() + '\n');
        code = EXIT.usage;
        break;
      case '-h':
      case '--help':
        await out.line(HELP.trimEnd());
        code = 0;
        break;
      case '-V':
      case '--version':
        await out.line(`opp-campaign ${pkg.version} (Node.js ${process.version})`);
        code = 0;
        break;
      // each command's code is loaded when it is asked for: a command starts without loading
      // the others' libraries (git, GitHub's API, zip)
      case 'plan':
        {
          const { planCommand } = await import('./plan-command.js');
          code = await planCommand(rest, out, io.stderr);
          break;
        }
        break;
      case 'run': {
        const { runCommandCli } = await import('./run-command.js');
        code = await runCommandCli(
          rest,
          out,
          io.stderr,
          signal ?? new AbortController().signal,
          armInterrupts,
        );
        break;
      }
      case 'merge': {
        const { mergeCommand } = await import('./merge-command.js');
        code = await mergeCommand(rest, out, io.stderr, signal);
        break;
      }
      case 'export': {
        const { exportCommand } = await import('./export-command.js');
        code = await exportCommand(rest, out, io.stdout);
        break;
      }
      case 'report': {
        const { reportCommand } = await import('./report-command.js');
        code = await reportCommand(rest, out, io.stderr);
        break;
      }
      case 'runners': {
        const { runnersCommand } = await import('./runners-command.js');
        code = await runnersCommand(rest, out, io.stderr);
        break;
      }
      case 'submit': {
        const { submitCommand } = await import('./submit-command.js');
        code = await submitCommand(rest, out, io.stderr, await github());
        break;
      }
      case 'watch': {
        const { watchCommand } = await import('./watch-command.js');
        code = await watchCommand(rest, out, io.stderr, await github());
        break;
      }
      case 'fetch': {
        const { fetchCommand } = await import('./fetch-command.js');
        code = await fetchCommand(rest, out, io.stderr, await github());
        break;
      }
      case 'resume': {
        const { resumeCommand } = await import('./resume-command.js');
        code = await resumeCommand(rest, out, io.stderr, await github());
        break;
      }
      case 'snapshot': {
        const { snapshotCommand } = await import('./snapshot-command.js');
        code = await snapshotCommand(rest, out, io.stderr);
        break;
      }
      default:
        throw new UsageError(`unknown command '${command}'${commandHint(command)}`);
    }
    try {
      await out.finish();
    } catch (err) {
      // stdout could not be written (a full disk): what the command did stands, its output not
      if (!(err instanceof OutputError)) throw err;
      io.stderr.write(`opp-campaign: error: ${err.message}\n`);
      return code === EXIT.ok ? EXIT.failure : code;
    }
    return code;
  } catch (err) {
    await out.flush();
    const { message, code } = describeError(normalizeArgError(err, argv[0]), argv[0]);
    // an ini error is one line per problem, each `FILE:LINE: message` (editors match them)
    const lines = err instanceof IniError ? message.split('\n') : [message];
    for (const line of lines) io.stderr.write(`opp-campaign: error: ${line}\n`);
    return code;
  }
}

/** `rnu`: "; did you mean 'run'?" (a typo's closest command, as for a config's name). */
function commandHint(command: string | undefined): string {
  if (command === undefined || command.startsWith('-')) return '';
  const near = closestNames(command, [...COMMANDS]);
  return near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
}

/**
 * node:util parseArgs throws TypeErrors with codes for unknown or malformed options; its own
 * words suggest `-- "--nope"`, which for `run` would give the option to every simulation.
 */
function normalizeArgError(err: unknown, command: string | undefined): unknown {
  if (!(err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')))
    return err;
  const cmd = command === undefined ? '' : `${command}: `;
  const unknown = /^Unknown option '([^']+)'/.exec(err.message);
  if (unknown)
    return new UsageError(
      `${cmd}unknown option ${unknown[1]}${command === 'run' ? ` (the simulations' own options go after --, as in: opp-campaign run -- --sim-time-limit=100s)` : ''}`,
    );
  const value = /^Option '([^']+?)(?: <value>)?' argument (is ambiguous|missing)/.exec(err.message);
  if (value) {
    const long =
      /'(--[\w-]+)=-XYZ'/.exec(err.message)?.[1] ?? /--[\w-]+/.exec(value[1] as string)?.[0];
    return new UsageError(
      `${cmd}option ${value[1]} needs a value${value[2] === 'is ambiguous' && long ? ` (one that starts with '-' is given as ${long}=VALUE)` : ''}`,
    );
  }
  return new UsageError(`${cmd}${err.message.split('\n')[0] ?? ''}`);
}
