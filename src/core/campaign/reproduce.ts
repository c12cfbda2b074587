// The command a user pastes into a shell to run one run again by hand: its folder, its
// environment, its command line, and its sidecars started first (in the background, each a
// process group of its own, stopped with their children when the run ends).
import { shellQuote, type CommandLine } from './command.js';
import { isSecretName } from './child-env.js';

/** A credential's name: what the runs never inherit, and keys, personal access tokens, JWTs. */
const looksSecret = (name: string): boolean =>
  isSecretName(name) ||
  /(^|_)(API_?KEY|ACCESS_KEY|PRIVATE_KEY|KEY_?SECRET|PAT|JWT|CREDENTIALS?|AUTH)(_|$)/i.test(name);

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
  // a value that looks like a credential is not printed (the command goes into logs and the
  // workflow's summary): the pasted command takes it from the shell's own environment
  const hidden = Object.keys(env).filter(looksSecret);
  const shown = Object.fromEntries(Object.entries(env).filter(([k]) => !looksSecret(k)));
  const run = [...hidden.map((k) => `${k}="$${k}"`), shellQuote(cmd, shown)].join(' ');
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
