// Project features (.oppfeatures), with opp_featuretool's rules (OMNeT++ 6.1,
// src/utils/opp_featuretool; the User Guide's "Project Features" chapter):
//   - a feature is on by default when `initiallyEnabled` is true (or missing);
//   - enabling a feature enables everything it `requires`, transitively (opp_featuretool enable
//     --with-required: `recommended` features are not added);
//   - disabling a feature disables every feature that requires it, transitively;
//   - a disabled feature's `nedPackages` go to the NED exclusions, and the C++ folders of those
//     packages (below `cppSourceRoots`) and its `extraSourceFolders` are left out of the build
//     (opp_makemake -X); an enabled feature adds its `compileFlags` and `linkerFlags`.
// The starting point is the file's defaults, not a .oppfeaturestate (that file is the IDE's local
// state; INET does not even commit it): a campaign's features are the defaults plus its choices.
import { descendants, parseXml, XmlError } from './xml.js';
import { ProjectFileError } from './project-files.js';

export interface Feature {
  readonly id: string;
  readonly name: string;
  readonly initiallyEnabled: boolean;
  readonly requires: readonly string[];
  readonly nedPackages: readonly string[];
  readonly extraSourceFolders: readonly string[];
  readonly compileFlags: readonly string[];
  readonly linkerFlags: readonly string[];
  readonly line: number;
}

export interface FeatureCatalog {
  readonly file: string;
  readonly cppSourceRoots: readonly string[];
  /** Header that receives the enabled features' `-D` flags (INET: src/inet/features.h). */
  readonly definesFile: string | undefined;
  /** In file order. */
  readonly features: readonly Feature[];
}

export interface FeatureChoice {
  readonly enable: readonly string[];
  readonly disable: readonly string[];
}

export class FeatureError extends Error {
  readonly userFacing = true;
  /**
   * @param choicePath where in the project's feature choice the mistake is (`['disable', 1]`),
   *   for the campaign file's line
   */
  constructor(
    message: string,
    readonly choicePath?: readonly (string | number)[],
  ) {
    super(message);
    this.name = 'FeatureError';
  }
}

const words = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter((w) => w !== '');

export function parseOppFeatures(text: string, file: string): FeatureCatalog {
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new ProjectFileError(`${file}:${e.line}: ${e.message}`);
    throw e;
  }
  if (root.name !== 'features')
    throw new ProjectFileError(`${file}:${root.line}: expected <features>`);
  const features: Feature[] = [];
  const seen = new Set<string>();
  for (const f of descendants(root, 'feature')) {
    const id = f.attrs['id']?.trim() ?? '';
    if (id === '') throw new ProjectFileError(`${file}:${f.line}: a feature without an id`);
    if (seen.has(id)) throw new ProjectFileError(`${file}:${f.line}: duplicate feature '${id}'`);
    seen.add(id);
    features.push({
      id,
      name: f.attrs['name'] ?? id,
      initiallyEnabled: (f.attrs['initiallyEnabled'] ?? 'true').trim() !== 'false',
      requires: words(f.attrs['requires']),
      nedPackages: words(f.attrs['nedPackages']),
      extraSourceFolders: words(f.attrs['extraSourceFolders']),
      compileFlags: words(f.attrs['compileFlags']),
      linkerFlags: words(f.attrs['linkerFlags']),
      line: f.line,
    });
  }
  for (const f of features)
    for (const r of f.requires)
      if (!seen.has(r))
        throw new ProjectFileError(
          `${file}:${f.line}: feature '${f.id}' requires '${r}', which is not defined`,
        );
  const definesFile = root.attrs['definesFile']?.trim();
  return {
    file,
    cppSourceRoots: words(root.attrs['cppSourceRoots']),
    definesFile: definesFile ? definesFile : undefined,
    features,
  };
}

function unknown(
  catalog: FeatureCatalog,
  id: string,
  choicePath: readonly (string | number)[],
): FeatureError {
  const lower = id.toLowerCase();
  const near = catalog.features
    .map((f) => f.id)
    .filter((f) => f.toLowerCase().includes(lower) || lower.includes(f.toLowerCase()));
  const byName = catalog.features.find((f) => f.name.toLowerCase() === lower);
  const hint = byName
    ? ` (the feature named '${byName.name}' has the id '${byName.id}')`
    : near.length > 0
      ? ` (did you mean ${near
          .slice(0, 5)
          .map((n) => `'${n}'`)
          .join(', ')}?)`
      : '';
  return new FeatureError(`${catalog.file} defines no feature '${id}'${hint}`, choicePath);
}

/** The features `ids` require, transitively, `ids` included. */
function withRequired(byId: Map<string, Feature>, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const visit = (id: string): void => {
    if (out.has(id)) return;
    out.add(id);
    for (const r of byId.get(id)?.requires ?? []) visit(r);
  };
  for (const id of ids) visit(id);
  return out;
}

/** The features that require `ids`, transitively, `ids` included. */
function withDependents(features: readonly Feature[], ids: Iterable<string>): Set<string> {
  const out = new Set<string>(ids);
  for (let grew = true; grew;) {
    grew = false;
    for (const f of features)
      if (!out.has(f.id) && f.requires.some((r) => out.has(r))) {
        out.add(f.id);
        grew = true;
      }
  }
  return out;
}

/** The enabled features' ids, in file order, for the campaign's choice. */
export function resolveFeatures(catalog: FeatureCatalog, choice: FeatureChoice): string[] {
  const byId = new Map(catalog.features.map((f) => [f.id, f]));
  for (const key of ['enable', 'disable'] as const)
    choice[key].forEach((id, i) => {
      if (!byId.has(id)) throw unknown(catalog, id, [key, i]);
    });
  const both = choice.disable.findIndex((id) => choice.enable.includes(id));
  if (both >= 0)
    throw new FeatureError(`feature '${choice.disable[both]}' is both enabled and disabled`, [
      'disable',
      both,
    ]);
  // enabling E while disabling D contradicts when E needs D, directly or through others
  for (const [i, d] of choice.disable.entries()) {
    const off = withDependents(catalog.features, [d]);
    const e = choice.enable.find((x) => off.has(x));
    if (e !== undefined)
      throw new FeatureError(
        `feature '${e}' cannot be enabled: it requires '${d}', which the campaign disables (${catalog.file})`,
        ['disable', i],
      );
  }
  const on = withRequired(byId, choice.enable);
  const off = withDependents(catalog.features, choice.disable);
  const enabled = new Set(
    catalog.features.filter((f) => (f.initiallyEnabled || on.has(f.id)) && !off.has(f.id)),
  );
  // as opp_featuretool repairs a state: an enabled feature's requirements are enabled too
  const all = withRequired(
    byId,
    [...enabled].map((f) => f.id),
  );
  return catalog.features.filter((f) => all.has(f.id)).map((f) => f.id);
}

/** A NED source folder and the package its package.ned declares ('' for the default package). */
export interface NedRoot {
  readonly path: string;
  readonly package: string;
}

export interface FeatureEffects {
  readonly enabled: readonly string[];
  /** NED packages of the disabled features, in file order (opp_run -x). */
  readonly nedExclusions: readonly string[];
  /** Project-relative folders left out of the C++ build (opp_makemake -X), sorted. */
  readonly excludedFolders: readonly string[];
  readonly compileFlags: readonly string[];
  readonly linkerFlags: readonly string[];
}

const isUnder = (folder: string, root: string): boolean =>
  root === '.' || folder === root || folder.startsWith(`${root}/`);

const cleanPath = (p: string): string => {
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  return parts.length ? parts.join('/') : '.';
};

/**
 * What a set of enabled features means for the build and the runs. `isDir` answers for
 * project-relative paths (a NED package's folder is excluded only when it exists).
 */
export function featureEffects(
  catalog: FeatureCatalog,
  enabled: readonly string[],
  nedRoots: readonly NedRoot[],
  isDir: (path: string) => boolean,
): FeatureEffects {
  const on = new Set(enabled);
  const nedExclusions: string[] = [];
  const excluded = new Set<string>();
  const compileFlags: string[] = [];
  const linkerFlags: string[] = [];
  const isCxx = (folder: string): boolean =>
    catalog.cppSourceRoots.length === 0 ||
    catalog.cppSourceRoots.some((r) => isUnder(folder, cleanPath(r)));
  for (const f of catalog.features) {
    if (on.has(f.id)) {
      compileFlags.push(...f.compileFlags);
      linkerFlags.push(...f.linkerFlags);
      continue;
    }
    nedExclusions.push(...f.nedPackages);
    for (const pkg of f.nedPackages)
      for (const root of nedRoots) {
        const inside =
          root.package === '' || pkg === root.package || pkg.startsWith(`${root.package}.`);
        if (!inside) continue;
        const suffix = root.package === '' ? pkg : pkg.slice(root.package.length + 1);
        const folder = cleanPath(`${root.path}/${suffix.replace(/\./g, '/')}`);
        if (isDir(folder) && isCxx(folder)) excluded.add(folder);
      }
    for (const extra of f.extraSourceFolders) excluded.add(cleanPath(extra));
  }
  return {
    enabled: catalog.features.filter((f) => on.has(f.id)).map((f) => f.id),
    nedExclusions,
    excludedFolders: [...excluded].sort(),
    compileFlags,
    linkerFlags,
  };
}

/**
 * The header a `definesFile` holds: one guarded #define per `-D` flag of the enabled features,
 * sorted, as opp_featuretool's `defines` command writes it (other flags do not belong there).
 */
export function definesHeader(compileFlags: readonly string[]): string {
  const lines = [
    '//',
    "// Generated by opp-campaign from .oppfeatures and the campaign's feature choices;",
    '// do not edit. It changes when a feature is enabled or disabled.',
    '//',
    '',
  ];
  for (const flag of [...compileFlags].sort()) {
    const m = /^-D([A-Za-z0-9_]+)(?:=(.*))?$/.exec(flag);
    if (!m) continue;
    const name = m[1] as string;
    lines.push(
      `#ifndef ${name}`,
      `#define ${name}${m[2] !== undefined ? ` ${m[2]}` : ''}`,
      '#endif',
      '',
    );
  }
  return lines.join('\n');
}
