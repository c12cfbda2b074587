// The ini file reader: OMNeT++ 6.1 src/envir/inifilereader.cc semantics (line joining,
// comments, include, section headings), with file access injected so the core stays pure.
import { posix } from 'node:path';
import { IniError } from './errors.js';
import { isSpace, trimSpace } from './text.js';

export interface IniEntry {
  readonly key: string;
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  readonly entries: IniEntry[];
  /** Where the section was first declared (heading), or of its first entry for an implicit [General]. */
  readonly file: string;
  readonly line: number;
}

export interface IniDocument {
  /** The last ini file named by the caller: what `${inifile}` expands to. */
  readonly fileName: string;
  readonly sections: IniSection[];
}

/** Reads a file's text; returns undefined when the file does not exist or cannot be read. */
export type LoadText = (path: string) => string | undefined;

export function readIniFiles(files: readonly string[], load: LoadText): IniDocument {
  const sections: IniSection[] = [];
  for (const file of files) readOne(file, load, sections, [], -1, undefined);
  return { fileName: files[files.length - 1] ?? '', sections };
}

function getOrCreateSection(
  sections: IniSection[],
  name: string,
  file: string,
  line: number,
): number {
  const i = sections.findIndex((s) => s.name === name);
  if (i >= 0) return i;
  sections.push({ name, entries: [], file, line });
  return sections.length - 1;
}

function readOne(
  file: string,
  load: LoadText,
  sections: IniSection[],
  including: string[],
  startSection: number,
  includedAt: { file: string; line: number } | undefined,
): void {
  const key = posix.normalize(file);
  if (including.includes(key))
    throw new IniError(`Ini file '${file}' includes itself, directly or indirectly`, includedAt);
  const loaded = load(file);
  if (loaded === undefined) throw new IniError(`Cannot open ini file '${file}'`, includedAt);
  // A byte-order mark (editors on Windows write one) is content to OMNeT++ 6.1: it reads it as
  // part of line 1, and refuses the line (or takes `\uFEFFnetwork` for an option's name).
  const text = loaded;
  const bom = text.startsWith('\uFEFF');

  let current = startSection;
  const seenInFile = new Set<string>();
  for (const { text: joined, line } of joinedLines(text)) {
    try {
      readLine(joined, line);
    } catch (e) {
      if (!(e instanceof IniError) || e.location?.file !== file || e.location.line !== line)
        throw e;
      const hint =
        line === 1 && /^(\u00FF\u00FE|\u00FE\u00FF)/.test(text)
          ? 'the file is saved as UTF-16: OMNeT++ reads ini files as UTF-8 (or ASCII); save it so'
          : bom && line === 1
            ? 'the file starts with a byte-order mark (BOM), which OMNeT++ reads as part of line 1: save the file without one'
            : joined.includes('\0')
              ? 'the line has a NUL byte, and OMNeT++ reads a line only up to its first NUL: remove it'
              : undefined;
      if (hint === undefined) throw e;
      throw new IniError(`${e.message} (${hint})`, e.location);
    }
  }

  function readLine(joined: string, line: number): void {
    const at = { file, line };
    // OMNeT++ reads a line as a C string: it ends at the first NUL byte
    const nul = joined.indexOf('\0');
    let content = nul < 0 ? joined : joined.slice(0, nul);
    if (nul >= 0 && isBlank(content)) return;
    if (content.includes('\n')) {
      content = content
        .split('\n')
        .map((l, i) => l.slice(0, findEndContent(l, { file, line: line + i })))
        .join('\n');
    }
    const first = content[0];
    if (first === ' ' || first === '\t') {
      throw new IniError(
        'Content must begin on column 1 because indentation is used for line continuation',
        at,
      );
    } else if (content.startsWith('#% old-wildcards')) {
      throw new IniError('Old-wildcards mode (#% old-wildcards syntax) no longer supported', at);
    } else if (first === '#') {
      // comment
    } else if (first === ';') {
      throw new IniError('Use hash mark instead of semicolon to start comments', at);
    } else if (content.startsWith('include') && isSpace(content[7])) {
      const rest = content.slice(7);
      const name = trimSpace(rest.slice(0, findEndContent(rest, at)));
      const target = posix.isAbsolute(name) ? name : posix.join(posix.dirname(file), name);
      including.push(key);
      readOne(target, load, sections, including, current, at);
      including.pop();
    } else if (first === '[') {
      const end = findEndContent(content, at);
      if (content[end - 1] !== ']') throw new IniError('Syntax error in section heading', at);
      let name = trimSpace(content.slice(1, end - 1));
      if (name.startsWith('Config ')) name = trimSpace(name.slice('Config '.length));
      if (name === '') throw new IniError('Section name cannot be empty', at);
      if (seenInFile.has(name)) throw new IniError(`Duplicate section '${name}' within file`, at);
      seenInFile.add(name);
      current = getOrCreateSection(sections, name, file, line);
    } else {
      if (current === -1) current = getOrCreateSection(sections, 'General', file, line);
      const end = findEndContent(content, at);
      const eq = content.indexOf('=');
      if (eq < 0 || eq > end) throw new IniError('Line must be in the form key=value', at);
      const k = trimSpace(content.slice(0, eq));
      if (k === '') throw new IniError('Line must be in the form key=value', at);
      const value = trimSpace(content.slice(eq + 1, end));
      (sections[current] as IniSection).entries.push({ key: k, value, file, line });
    }
  }
}

const isBlank = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (!isSpace(s[i])) return false;
  return true;
};

const firstNonWhitespace = (s: string): string | undefined => {
  let i = 0;
  while (s[i] === ' ' || s[i] === '\t') i++;
  return s[i];
};

/**
 * Joins physical lines into logical ones: a trailing backslash glues the next line on (the
 * backslash and newline disappear); an indented non-blank line continues a non-comment line
 * (kept with its newline). Blank logical lines are skipped.
 */
export function* joinedLines(text: string): Generator<{ text: string; line: number }> {
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop(); // getline: no line after the final newline
  let joined = '';
  let start = -1;
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i] as string;
    const last = line.charCodeAt(line.length - 1);
    if (line.length > 0 && (last < 32 || last === 127)) line = line.slice(0, -1); // CR of CRLF
    if (joined.endsWith('\\')) {
      joined = joined.slice(0, -1) + line;
    } else if (
      !isBlank(joined) &&
      firstNonWhitespace(joined) !== '#' &&
      !isBlank(line) &&
      (line[0] === ' ' || line[0] === '\t')
    ) {
      joined += '\n' + line;
    } else {
      if (start !== -1 && !isBlank(joined)) yield { text: joined, line: start };
      joined = line;
      start = i + 1;
    }
  }
  if (start !== -1 && !isBlank(joined)) {
    if (joined.endsWith('\\')) joined = joined.slice(0, -1);
    yield { text: joined, line: start };
  }
}

/** Where the content of a line ends: at a `#` outside string literals, trailing space trimmed. */
export function findEndContent(line: string, at: { file: string; line: number }): number {
  let s = 0;
  let end = line.length;
  while (s < line.length) {
    const c = line[s];
    if (c === '"') {
      s++;
      while (s < line.length && line[s] !== '"') {
        if (line[s] === '\\') s++;
        s++;
      }
      if (s >= line.length) throw new IniError('Unterminated string constant', at);
      s++;
    } else if (c === '#') {
      end = s;
      break;
    } else {
      s++;
    }
  }
  while (end - 1 > 0 && isSpace(line[end - 1])) end--;
  return end;
}
