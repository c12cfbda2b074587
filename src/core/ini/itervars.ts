// `${...}` constructs in ini values: iteration variable definitions (named, anonymous,
// parallel) and references. Semantics of OMNeT++ 6.1 SectionBasedConfiguration::parseVariable
// and collectIterationVariables, quirks included (they decide run numbering).
import { IniError } from './errors.js';
import type { IniEntry } from './reader.js';
import { isAlnumExt, isAlphaExt, isSpace, tokenEnd } from './text.js';

export interface DollarBrace {
  /** Variable name; '' for an anonymous definition. */
  readonly name: string;
  /** The iteration spec (text between `=` and `}` or `!`); '' for a reference like `${x}`. */
  readonly value: string;
  /** Name of the variable this one iterates in parallel with (`! var`), or ''. */
  readonly parvar: string;
  /** Index just past the closing `}`. */
  readonly end: number;
}

/** Parses the `${...}` that starts at `start` in `text` (text[start..start+1] === '${'). */
export function parseDollarBrace(text: string, start: number): DollarBrace {
  const close = tokenEnd(text, start + 2, '}');
  // a value that ends before its '}' is taken as ending there, as OMNeT++ 6.1 takes it (its
  // check for the '}' is an Assert, compiled out of its release build): `${x=1,2,3` is 1, 2, 3
  if (close >= text.length && close === start + 2) throw new Error("Missing '}' for '${'");
  if (close === start + 2) throw new Error("Empty '${}'");
  const end = close + 1;
  const valueEnd = end - 1;

  let s = start + 2;
  while (isSpace(text[s])) s++;
  let nameBegin = -1;
  let nameEnd = -1;
  let valueBegin = -1;
  if (isAlphaExt(text[s])) {
    nameBegin = s;
    nameEnd = s;
    while (nameEnd < text.length && isAlnumExt(text[nameEnd])) nameEnd++;
    s = nameEnd;
    while (isSpace(text[s])) s++;
    if (text[s] === '}') {
      // ${x}: a reference
    } else if (text[s] === '=' && text[s + 1] !== '=') {
      valueBegin = s + 1;
    } else if (text.indexOf(',', s) !== -1) {
      // OMNeT++ looks for a comma anywhere in the rest of the value, not only up to the '}'
      valueBegin = nameBegin;
      nameBegin = nameEnd = -1;
    } else {
      throw new Error("Missing '=' after '${varname'");
    }
  } else {
    valueBegin = s;
  }

  let parvar = '';
  let vEnd = valueEnd;
  if (valueBegin !== -1) {
    // like strrchr(): the last '!' in the rest of the whole value
    const bang = text.lastIndexOf('!');
    if (bang >= valueBegin) {
      let p = bang + 1;
      while (isSpace(text[p])) p++;
      if (isAlphaExt(text[p])) {
        const pb = p;
        while (p < text.length && isAlnumExt(text[p])) p++;
        const pe = p;
        while (isSpace(text[p])) p++;
        if (p === valueEnd) {
          parvar = text.slice(pb, pe);
          vEnd = bang;
        }
      }
    }
  }
  return {
    name: nameBegin === -1 ? '' : text.slice(nameBegin, nameEnd),
    value: valueBegin === -1 ? '' : text.slice(valueBegin, vEnd),
    parvar,
    end,
  };
}

/** Predefined variables (src/envir/sectionbasedconfig.cc configVarDescriptions). */
export const PREDEFINED_VARIABLES = [
  'runid',
  'inifile',
  'configname',
  'runnumber',
  'network',
  'experiment',
  'measurement',
  'replication',
  'processid',
  'datetime',
  'datetimef',
  'resultdir',
  'repetition',
  'seedset',
  'iterationvars',
  'iterationvarsf',
  'iterationvarsd',
] as const;
const PREDEFINED = new Set<string>(PREDEFINED_VARIABLES);
export const isPredefinedVariable = (name: string): boolean => PREDEFINED.has(name);

export interface IterationVariableDef {
  readonly name: string;
  readonly value: string;
  readonly parvar: string;
  /** The entry that defines it; undefined for ${repetition}. */
  readonly entry: IniEntry | undefined;
}

/** One `${...}` occurrence of an entry, for substitution: the variable it stands for. */
export interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly varName: string;
}

export interface CollectedVariables {
  readonly variables: IterationVariableDef[];
  /** For every entry that contains `${`, its occurrences in order (anonymous ones resolved to $0, $1...). */
  readonly occurrences: Map<IniEntry, Occurrence[]>;
}

/** Walks the section chain in order, collecting iteration variable definitions. */
export function collectIterationVariables(entries: readonly IniEntry[]): CollectedVariables {
  const variables: IterationVariableDef[] = [];
  const occurrences = new Map<IniEntry, Occurrence[]>();
  let unnamed = 0;
  for (const entry of entries) {
    const text = entry.value;
    let pos = text.indexOf('${');
    if (pos < 0) continue;
    const occ: Occurrence[] = [];
    while (pos >= 0) {
      let d: DollarBrace;
      try {
        d = parseDollarBrace(text, pos);
      } catch (e) {
        throw new IniError(
          `Scenario generator: ${(e as Error).message} at ${entry.key}=${entry.value}`,
          entry,
        );
      }
      let varName = d.name;
      if (d.value !== '') {
        if (varName !== '') {
          if (variables.some((v) => v.name === varName))
            throw new IniError(
              `Scenario generator: Redefinition of iteration variable \${${varName}} in the configuration`,
              entry,
            );
          if (isPredefinedVariable(varName))
            throw new IniError(
              `Scenario generator: \${${varName}} is a predefined variable and cannot be changed`,
              entry,
            );
        } else {
          varName = String(unnamed++);
        }
        variables.push({ name: varName, value: d.value, parvar: d.parvar, entry });
      }
      occ.push({ start: pos, end: d.end, varName });
      pos = text.indexOf('${', d.end);
    }
    occurrences.set(entry, occ);
  }
  return { variables, occurrences };
}
