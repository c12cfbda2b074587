// The command a user pastes into a shell to run one run again by hand: its folder, its
// environment, its command line, and its sidecars started first (in the background, each a
// process group of its own, stopped with their children when the run ends).
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
  // `set -m`: each sidecar a process group of its own (as in an interactive shell), so that the
  // end of the run stops it with whatever it started (SUMO, a worker), not the shell's job only
  const started = sidecars
    .map(
      (s, i) =>
        `(cd ${shellQuote({ command: s.dir, args: [] })} && exec ${shellQuote(s)}) & S${i}=$!;`,
    )
    .join(' ');
  const groups = sidecars.map((_, i) => `-$S${i}`).join(' ');
  return `${cd} && set -m && { ${started} } && sleep 1 && ${run}; kill -- ${groups} 2>/dev/null`;
}
