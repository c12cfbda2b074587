// Readers for an OMNeT++ project's own description files, as the IDE and OMNeT++'s command-line
// tools (opp_makemake, opp_featuretool, opp_run) use them:
//   .project        Eclipse project: its name and the projects it references
//   .oppbuildspec   the folders the IDE builds, each with its opp_makemake options
//   .nedfolders     NED source folders, one per line ("-pkg" lines: OMNeT++ 4.x exclusions)
//   .nedexclusions  NED packages not loaded (kept by opp_featuretool from disabled features)
// Pure: each takes the file's text and the name to show in errors.
import { descendants, parseXml, XmlError, type XmlElement } from './xml.js';

export class ProjectFileError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

function xml(text: string, file: string): XmlElement {
  try {
    return parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new ProjectFileError(`${file}:${e.line}: ${e.message}`);
    throw e;
  }
}

export interface EclipseProject {
  readonly name: string | undefined;
  /** `<projects><project>NAME</project></projects>`: the referenced projects, in file order. */
  readonly references: readonly string[];
}

export function parseDotProject(text: string, file: string): EclipseProject {
  const root = xml(text, file);
  if (root.name !== 'projectDescription')
    throw new ProjectFileError(`${file}:${root.line}: expected <projectDescription>`);
  const name = root.children.find((c) => c.name === 'name')?.text;
  const refs = root.children
    .filter((c) => c.name === 'projects')
    .flatMap((p) => p.children.filter((c) => c.name === 'project').map((c) => c.text))
    .filter((n) => n !== '');
  return { name: name || undefined, references: refs };
}

export interface BuildSpecDir {
  /** Folder relative to the project root, `.` for the root itself. */
  readonly path: string;
  /** `makemake`: opp_makemake generates its Makefile; `custom`: the project's own Makefile. */
  readonly type: 'makemake' | 'custom';
  readonly options: readonly string[];
  readonly line: number;
}

/** `<buildspec version="4.0"><dir path="src" type="makemake" makemake-options="..."/></buildspec>` */
export function parseBuildSpec(text: string, file: string): BuildSpecDir[] {
  const root = xml(text, file);
  if (root.name !== 'buildspec')
    throw new ProjectFileError(`${file}:${root.line}: expected <buildspec>`);
  return descendants(root, 'dir').map((d) => {
    const type = d.attrs['type'] ?? 'makemake';
    if (type !== 'makemake' && type !== 'custom')
      throw new ProjectFileError(`${file}:${d.line}: unknown folder type '${type}'`);
    const path = normalFolder(d.attrs['path'] ?? '.');
    return {
      path,
      type,
      options: splitOptions(d.attrs['makemake-options'] ?? ''),
      line: d.line,
    };
  });
}

/** Splits makemake options as the IDE writes them: blanks separate, double quotes group. */
export function splitOptions(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

export const normalFolder = (p: string): string => {
  const parts = p
    .replace(/\\/g, '/')
    .split('/')
    .filter((x) => x !== '' && x !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
};

export interface NedFolders {
  readonly folders: readonly string[];
  /** Packages excluded by OMNeT++ 4.x-style `-package` lines. */
  readonly excludedPackages: readonly string[];
}

/** One folder per line; blank lines ignored; `-inet.foo` lines exclude a package (OMNeT++ 4.x). */
export function parseNedFolders(text: string): NedFolders {
  const folders: string[] = [];
  const excludedPackages: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('-')) excludedPackages.push(line.slice(1).trim());
    else folders.push(normalFolder(line));
  }
  return { folders, excludedPackages };
}

const DOTTED = /^([A-Za-z0-9_]+\.)*[A-Za-z0-9_]+$/;

/** One NED package per line. */
export function parseNedExclusions(text: string, file: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (!DOTTED.test(line))
      throw new ProjectFileError(`${file}:${i + 1}: '${line}' is not a NED package name`);
    out.push(line);
  });
  return out;
}

/** The package a `package.ned` declares (`package inet;`), or '' for the default package. */
export function nedPackageOf(packageNedText: string): string {
  const m = /^\s*package\s+((?:[A-Za-z0-9_]+\.)*[A-Za-z0-9_]+)\s*;/m.exec(
    packageNedText.replace(/\/\/.*$/gm, ''),
  );
  return m?.[1] ?? '';
}
