// The command a user pastes into a shell to run one run again by hand: its folder, its
// environment, its command line, and its sidecars started first (in the background, stopped
// when the run ends).
import { shellQuote, type CommandLine } from './command.js';

export interface SidecarCommand extends CommandLine {
  readonly dir: string;
}

export function reproduceCommand(
  projectDir: string,
  cmd: CommandLine,
  env: Readonly<Record<string, string>>,
  sidecars: readonly SidecarCommand[] = [],
): string {
  const cd = `cd ${shellQuote({ command: projectDir, args: [] })}`;
  const run = shellQuote(cmd, env);
  if (sidecars.length === 0) return `${cd} && ${run}`;
  const started = sidecars
    .map((s) => `(cd ${shellQuote({ command: s.dir, args: [] })} && exec ${shellQuote(s)}) &`)
    .join(' ');
  return `${cd} && { ${started} } && sleep 1 && ${run}; kill $(jobs -p)`;
}
