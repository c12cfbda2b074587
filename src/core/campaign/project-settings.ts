// The campaign file's `projects` (referenced projects: where each comes from, how it builds) and
// `features` (project features to enable or disable, per project). Validation only; the project
// files themselves are read when the campaign builds (adapters/projects.ts).
import { fields, SettingsError, str, strList } from './settings.js';
import type { FeatureChoice } from '../projects/features.js';

export type ProjectSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'submodule'; readonly path: string }
  | { readonly kind: 'git'; readonly url: string; readonly ref: string };

export type ProjectBuild =
  | {
      readonly preset: 'omnetpp';
      readonly mode: 'release' | 'debug';
      /** Options for one opp_makemake at the root, instead of the project's .oppbuildspec. */
      readonly makemake?: readonly string[];
    }
  | {
      readonly preset: 'make';
      readonly dir: string;
      readonly target?: string;
      readonly args: readonly string[];
    }
  | { readonly preset: 'command'; readonly command: string; readonly dir: string }
  | { readonly preset: 'none' };

export interface ProjectSettings {
  readonly name: string;
  readonly source: ProjectSource;
  readonly build: ProjectBuild;
  /** NED folders, relative to the project (default: its .nedfolders, else `.`). */
  readonly nedPath?: readonly string[];
  /** Libraries the runs load, relative to the project (default: from the omnetpp preset). */
  readonly libraries?: readonly string[];
  /** Image folders (default: `images`, when the project has one). */
  readonly images?: readonly string[];
  /** Projects it references (default: its .project file's). */
  readonly references?: readonly string[];
}

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function relativePath(v: unknown, path: Path): string {
  const p = str(v, path);
  if (p.startsWith('/') && path[path.length - 1] === 'submodule')
    throw new SettingsError(`'${path.join('.')}' must be relative to the project folder`, path);
  return p;
}

/** A URL or ref given to git on its command line: one that starts with `-` git reads as an option. */
function gitArgument(v: unknown, path: Path): string {
  const s = str(v, path);
  if (s.startsWith('-'))
    throw new SettingsError(
      `'${path.join('.')}' must not start with '-' (git would take ${JSON.stringify(s)} for an option)`,
      path,
    );
  return s;
}

function parseProjectBuild(v: unknown, path: Path): ProjectBuild {
  if (v === undefined) return { preset: 'omnetpp', mode: 'release' };
  if (typeof v === 'string') return parseProjectBuild({ preset: v }, path);
  const o = fields(v, path, ['preset', 'command', 'dir', 'target', 'args', 'makemake', 'mode']);
  const preset = o['preset'] ?? (o['command'] !== undefined ? 'command' : 'omnetpp');
  const only = (keys: string[]): void => {
    for (const k of Object.keys(o))
      if (!['preset', ...keys].includes(k))
        throw new SettingsError(
          `'${[...path, k].join('.')}' does not apply to build preset '${typeof preset === 'string' ? preset : '?'}'`,
          [...path, k],
        );
  };
  const dir = o['dir'] === undefined ? '.' : str(o['dir'], [...path, 'dir']);
  switch (preset) {
    case 'none':
      only([]);
      return { preset: 'none' };
    case 'make':
      only(['dir', 'target', 'args']);
      return {
        preset: 'make',
        dir,
        ...(o['target'] !== undefined ? { target: str(o['target'], [...path, 'target']) } : {}),
        args: o['args'] === undefined ? [] : strList(o['args'], [...path, 'args']),
      };
    case 'command':
      only(['dir', 'command']);
      return { preset: 'command', command: str(o['command'], [...path, 'command']), dir };
    case 'omnetpp': {
      only(['mode', 'makemake']);
      const mode = o['mode'] ?? 'release';
      if (mode !== 'release' && mode !== 'debug')
        throw new SettingsError(`'${path.join('.')}.mode' must be release or debug`, [
          ...path,
          'mode',
        ]);
      return {
        preset: 'omnetpp',
        mode,
        ...(o['makemake'] !== undefined
          ? { makemake: strList(o['makemake'], [...path, 'makemake']) }
          : {}),
      };
    }
    default:
      throw new SettingsError(
        `'${path.join('.')}.preset' must be one of omnetpp, make, command, none`,
        [...path, 'preset'],
      );
  }
}

function parseSource(o: Obj, path: Path): ProjectSource {
  const given = ['path', 'git', 'submodule'].filter((k) => o[k] !== undefined);
  if (given.length !== 1)
    throw new SettingsError(
      `${`'${path.join('.')}'`} needs exactly one of path, git or submodule${given.length > 1 ? ` (it has ${given.join(', ')})` : ''}`,
      path,
    );
  if (o['ref'] !== undefined && o['git'] === undefined)
    throw new SettingsError(`'${path.join('.')}.ref' applies to git projects only`, [
      ...path,
      'ref',
    ]);
  if (o['git'] !== undefined)
    return {
      kind: 'git',
      url: gitArgument(o['git'], [...path, 'git']),
      ref: o['ref'] === undefined ? 'HEAD' : gitArgument(o['ref'], [...path, 'ref']),
    };
  if (o['submodule'] !== undefined)
    return { kind: 'submodule', path: relativePath(o['submodule'], [...path, 'submodule']) };
  return { kind: 'path', path: relativePath(o['path'], [...path, 'path']) };
}

const PROJECT_KEYS = [
  'name',
  'path',
  'git',
  'ref',
  'submodule',
  'build',
  'ned-path',
  'libraries',
  'images',
  'references',
];

export function parseProjects(v: unknown, path: Path): ProjectSettings[] {
  if (!Array.isArray(v))
    throw new SettingsError(`'${path.join('.')}' must be a list of projects`, path);
  const seen = new Set<string>();
  return v.map((item, i) => {
    const p = [...path, i];
    const o = fields(item, p, PROJECT_KEYS);
    const name = str(o['name'], [...p, 'name']);
    if (!NAME.test(name))
      throw new SettingsError(
        `'${[...p, 'name'].join('.')}' must be a project name (letters, digits, _ . -)`,
        [...p, 'name'],
      );
    if (seen.has(name))
      throw new SettingsError(`project '${name}' is declared twice`, [...p, 'name']);
    seen.add(name);
    const list = (key: string): readonly string[] | undefined =>
      o[key] === undefined ? undefined : strList(o[key], [...p, key]);
    const nedPath = list('ned-path');
    const libraries = list('libraries');
    const images = list('images');
    const references = list('references');
    return {
      name,
      source: parseSource(o, p),
      build: parseProjectBuild(o['build'], [...p, 'build']),
      ...(nedPath ? { nedPath } : {}),
      ...(libraries ? { libraries } : {}),
      ...(images ? { images } : {}),
      ...(references ? { references } : {}),
    };
  });
}

/**
 * `features: { PROJECT: { enable: [ID...], disable: [ID...] } }` for the declared projects, or
 * (`projects` undefined: the file declares none) for those detected later (applyDetection checks
 * the names then).
 */
export function parseFeatures(
  v: unknown,
  path: Path,
  projects: readonly ProjectSettings[] | undefined,
): Record<string, FeatureChoice> {
  const names = projects?.map((p) => p.name);
  const o = fields(v, path, Object.keys(v !== null && typeof v === 'object' ? v : {}));
  const out: Record<string, FeatureChoice> = {};
  for (const [project, choice] of Object.entries(o)) {
    const p = [...path, project];
    if (names !== undefined && !names.includes(project))
      throw new SettingsError(
        `'${p.join('.')}': '${project}' is not a referenced project (declared under projects: ${names.join(', ') || 'none'})`,
        p,
      );
    const c = fields(choice, p, ['enable', 'disable']);
    out[project] = {
      enable: c['enable'] === undefined ? [] : strList(c['enable'], [...p, 'enable']),
      disable: c['disable'] === undefined ? [] : strList(c['disable'], [...p, 'disable']),
    };
  }
  return out;
}
