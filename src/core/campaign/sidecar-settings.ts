// The campaign file's `sidecars`: helper processes every run gets its own instance of (a SUMO
// per Veins run, a traffic or network emulator, a license proxy). Each declares its command, the
// free TCP ports it needs, when it is ready, and how the run learns where it is (extra
// arguments and environment variables). Templates use `{name}` (or `${name}`) placeholders: the
// port names, and {config} {run} {key} {resultdir} {runfile}.
import { fields, parseDuration, SettingsError, str, strList } from './settings.js';
import { splitWords, TemplateError } from './command.js';

export type Readiness = { readonly port: string } | { readonly line: string };

export interface SidecarSettings {
  readonly name: string;
  /** Command template, split into words like `run.command` (no shell). */
  readonly command: string;
  /** Working folder, relative to the project. */
  readonly dir: string;
  /** Names of the free TCP ports allocated for each run. */
  readonly ports: readonly string[];
  readonly ready: Readiness;
  readonly readyTimeoutMs: number;
  /** Time between SIGTERM and SIGKILL when the run is over. */
  readonly stopTimeoutMs: number;
  /** Added to the run's command line. */
  readonly args: readonly string[];
  /** Added to the run's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export const RUN_PLACEHOLDERS = ['config', 'run', 'key', 'resultdir', 'runfile'] as const;

const PLACEHOLDER = /\$?\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

type Path = (string | number)[];

/** Fills `{name}` / `${name}` placeholders; unknown names are a TemplateError. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (m, name: string) => {
    const v = values[name];
    if (v === undefined)
      throw new TemplateError(
        `unknown placeholder ${m} (known: ${Object.keys(values)
          .map((k) => `{${k}}`)
          .join(' ')})`,
      );
    return v;
  });
}

/** The sidecar's command line for one run: words first, then placeholders inside each word. */
export function sidecarCommand(
  s: SidecarSettings,
  values: Readonly<Record<string, string>>,
): { command: string; args: string[] } {
  const [command, ...args] = splitWords(s.command).map((w) => fillTemplate(w, values));
  if (command === undefined) throw new TemplateError(`sidecar '${s.name}': the command is empty`);
  return { command, args };
}

/** What the sidecars add to a run's command line and environment, for these placeholders. */
export function sidecarRunParts(
  specs: readonly SidecarSettings[],
  values: Readonly<Record<string, string>>,
): { args: string[]; env: Record<string, string> } {
  return {
    args: specs.flatMap((s) => s.args.map((a) => fillTemplate(a, values))),
    env: Object.fromEntries(
      specs.flatMap((s) => Object.entries(s.env).map(([k, t]) => [k, fillTemplate(t, values)])),
    ),
  };
}

function checkPlaceholders(text: string, known: ReadonlySet<string>, path: Path): void {
  for (const m of text.matchAll(PLACEHOLDER))
    if (!known.has(m[1] as string))
      throw new SettingsError(
        `'${path.join('.')}': unknown placeholder ${m[0]} (known: ${[...known].map((k) => `{${k}}`).join(' ')})`,
        path,
      );
}

const KEYS = [
  'name',
  'command',
  'dir',
  'ports',
  'ready',
  'ready-timeout',
  'stop-timeout',
  'args',
  'env',
];

export function parseSidecars(v: unknown, path: Path): SidecarSettings[] {
  if (!Array.isArray(v))
    throw new SettingsError(`'${path.join('.')}' must be a list of sidecars`, path);
  const names = new Set<string>();
  const portOwner = new Map<string, string>();
  const parsed = v.map((item, i): SidecarSettings => {
    const p = [...path, i];
    const o = fields(item, p, KEYS);
    const name = str(o['name'], [...p, 'name']);
    if (!NAME.test(name))
      throw new SettingsError(
        `'${[...p, 'name'].join('.')}' must be a name (letters, digits, _ -)`,
        [...p, 'name'],
      );
    if (names.has(name))
      throw new SettingsError(`sidecar '${name}' is declared twice`, [...p, 'name']);
    names.add(name);
    const ports = o['ports'] === undefined ? ['port'] : strList(o['ports'], [...p, 'ports']);
    ports.forEach((port, j) => {
      if (!NAME.test(port) || (RUN_PLACEHOLDERS as readonly string[]).includes(port))
        throw new SettingsError(`'${[...p, 'ports', j].join('.')}': '${port}' cannot name a port`, [
          ...p,
          'ports',
          j,
        ]);
      const owner = portOwner.get(port);
      if (owner !== undefined)
        throw new SettingsError(
          `port '${port}' of sidecar '${name}' is also a port of '${owner}': give each port its own name`,
          [...p, 'ports', j],
        );
      portOwner.set(port, name);
    });
    const ready = parseReady(o['ready'], [...p, 'ready'], ports);
    const env: Record<string, string> = {};
    if (o['env'] !== undefined) {
      const e = fields(
        o['env'],
        [...p, 'env'],
        Object.keys(typeof o['env'] === 'object' && o['env'] ? o['env'] : {}),
      );
      // as the campaign's own env: a string, or a number (`PORT: 8813`)
      for (const [k, val] of Object.entries(e)) {
        if (typeof val !== 'string' && typeof val !== 'number')
          throw new SettingsError(`'${[...p, 'env', k].join('.')}' must be a string`, [
            ...p,
            'env',
            k,
          ]);
        env[k] = String(val);
      }
    }
    const command = str(o['command'], [...p, 'command']);
    try {
      if (splitWords(command).length === 0) throw new TemplateError('the command is empty');
    } catch (err) {
      if (err instanceof TemplateError)
        throw new SettingsError(`'${[...p, 'command'].join('.')}': ${err.message}`, [
          ...p,
          'command',
        ]);
      throw err;
    }
    return {
      name,
      command,
      dir: o['dir'] === undefined ? '.' : str(o['dir'], [...p, 'dir']),
      ports,
      ready,
      readyTimeoutMs:
        o['ready-timeout'] === undefined
          ? 30_000
          : parseDuration(o['ready-timeout'], [...p, 'ready-timeout']),
      stopTimeoutMs:
        o['stop-timeout'] === undefined
          ? 2_000
          : parseDuration(o['stop-timeout'], [...p, 'stop-timeout']),
      args: o['args'] === undefined ? [] : strList(o['args'], [...p, 'args']),
      env,
    };
  });
  // every template may use every sidecar's ports and the run's placeholders
  const known = new Set<string>([...RUN_PLACEHOLDERS, ...portOwner.keys()]);
  parsed.forEach((s, i) => {
    checkPlaceholders(s.command, known, [...path, i, 'command']);
    s.args.forEach((a, j) => checkPlaceholders(a, known, [...path, i, 'args', j]));
    for (const [k, val] of Object.entries(s.env))
      checkPlaceholders(val, known, [...path, i, 'env', k]);
  });
  return parsed;
}

function parseReady(v: unknown, path: Path, ports: readonly string[]): Readiness {
  if (v === undefined) {
    const first = ports[0];
    if (first === undefined)
      throw new SettingsError(
        `'${path.join('.')}' is needed for a sidecar without ports: { line: PATTERN }`,
        path,
      );
    return { port: first };
  }
  const o = fields(v, path, ['port', 'line']);
  if ((o['port'] === undefined) === (o['line'] === undefined))
    throw new SettingsError(`'${path.join('.')}' needs exactly one of port or line`, path);
  if (o['port'] !== undefined) {
    const port = str(o['port'], [...path, 'port']);
    if (!ports.includes(port))
      throw new SettingsError(
        `'${path.join('.')}.port': '${port}' is not one of this sidecar's ports (${ports.join(', ') || 'none'})`,
        [...path, 'port'],
      );
    return { port };
  }
  const line = str(o['line'], [...path, 'line']);
  try {
    new RegExp(line);
  } catch {
    throw new SettingsError(`'${path.join('.')}.line' is not a valid regular expression`, [
      ...path,
      'line',
    ]);
  }
  return { line };
}
