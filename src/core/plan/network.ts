// A config that names no network cannot run: OMNeT++ stops each of its runs with "No network
// specified (missing or empty network= configuration option)". Most often the config is
// [General] of an ini whose networks are set in its other configs (the fifo sample's), run
// because no `-c` was given: said before anything is built, with the configs that would run.
import { IniError } from '../ini/errors.js';
import { unquote } from '../ini/text.js';
import type { IniConfig } from '../ini/config.js';

/**
 * The config names a network: its `network=` entry (its own or inherited) is not empty. Its
 * value is not expanded: `${net=A,B}` names one in each run.
 */
const namesNetwork = (ini: IniConfig, name: string): boolean =>
  unquote(ini.config(name).lookup('network')?.value ?? '').trim() !== '';

/** A run's command line sets the network itself (`--network=NAME`). */
const networkArg = (args: readonly string[]): boolean =>
  args.some((a) => a.startsWith('--network=') && a.length > '--network='.length);

/**
 * The error for the first of `configs` that names no network (none when
 * `runArgs` sets one): at its section's heading, with the configs of the ini that do name one
 * (not abstract ones), each with its description.
 */
export function missingNetwork(
  ini: IniConfig,
  configs: readonly string[],
  runArgs: readonly string[],
): IniError | undefined {
  if (networkArg(runArgs)) return undefined;
  const lacking = configs.find((name) => !namesNetwork(ini, name));
  if (lacking === undefined) return undefined;
  const runnable = runnableConfigs(ini, lacking);
  const section = ini.doc.sections.find((s) => s.name === lacking);
  const choice =
    runnable.length > 0
      ? `; configs that name one: ${runnable.join(', ')}`
      : '; set network= in it, or give --network=NAME to the runs';
  return new IniError(
    `config ${lacking} names no network (network= is missing or empty): OMNeT++ would stop every run of it with "No network specified"${choice}`,
    section ? { file: section.file, line: section.line } : undefined,
    runnable.length > 0 ? 'choose-config' : undefined,
  );
}

/**
 * The configs of the ini that could run (not abstract, a network named), but `except`, each as
 * `NAME (description)`: what `-c` could be given.
 */
export function runnableConfigs(ini: IniConfig, except: string): string[] {
  return ini
    .configNames()
    .filter((name) => name !== except && !ini.isAbstract(name) && namesNetwork(ini, name))
    .map((name) => {
      const d = unquote(ini.description(name) ?? '');
      return d === '' ? name : `${name} (${d})`;
    });
}
