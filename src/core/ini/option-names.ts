// Configuration option names, checked as OMNeT++ 6.1 checks them before any run starts
// (SectionBasedConfiguration::validate, src/envir/sectionbasedconfig.cc): a key without a dot
// and without wildcards must be a known option, in [General] when it is global; a key whose
// last segment has a hyphen (`**.vector-recording`) must end in a known per-object option.
// Parameter assignments (`**.numHosts`) are not options and are not checked. `sim-time-limt`
// fails every run with "Unknown configuration option"; found here, it fails none.
import { IniError, type SourceLocation } from './errors.js';
import type { IniDocument } from './reader.js';
import { GENERAL } from './sections.js';
import { OMNETPP_OPTIONS } from './omnetpp-options.generated.js';

export type OptionKind = 'global' | 'per-run' | 'per-object';

/** A registered option as `opp_run -h config` lists it (`%` stands for a number). */
export interface OptionInfo {
  readonly name: string;
  readonly kind: OptionKind;
}

export interface OptionProblem {
  /** OMNeT++'s own wording. */
  readonly message: string;
  readonly location: SourceLocation;
}

const LIST_LINE = /^\s+(\*\*\.)?([^=\s]+)=.*;\s*(global|per-run|per-object) setting\s*$/;

/** The options in the output of `opp_run -s -h config`, one per line. */
export function parseOptionList(text: string): OptionInfo[] {
  const out: OptionInfo[] = [];
  for (const line of text.split('\n')) {
    const m = LIST_LINE.exec(line);
    if (m) out.push({ name: m[2] as string, kind: m[3] as OptionKind });
  }
  return out;
}

/** OMNeT++'s PatternMatcher::containsWildcards. */
const containsWildcards = (key: string): boolean => /[?*\\{]|\.\./.test(key);

/** The last dot outside `[]` and `{}` (findLastDot), or -1. */
function lastDot(key: string): number {
  let last = -1;
  let closer = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (closer === '' && (c === '[' || c === '{')) closer = c === '[' ? ']' : '}';
    else if (c === closer) closer = '';
    else if (closer === '' && c === '.') last = i;
  }
  return last;
}

/** The part of a key that names the parameter or option (SectionBasedConfiguration::splitKey). */
function suffixOf(key: string): string {
  const dot = lastDot(key);
  const after = dot === -1 ? -1 : key.indexOf('**', dot);
  if (dot === -1 || after !== -1) {
    const last = key.lastIndexOf('**');
    return last === -1 ? '*' : key.slice(last + 1);
  }
  return key.slice(dot + 1);
}

export class OptionTable {
  private readonly exact = new Map<string, OptionInfo>();
  private readonly patterns: { re: RegExp; info: OptionInfo }[] = [];
  /** Prefixes of options OMNeT++ ignores when the part that registers them is absent. */
  private readonly ignorable: string[];

  constructor(options: readonly OptionInfo[]) {
    for (const o of options) {
      if (/[%*]/.test(o.name)) {
        const body = o.name
          .split(/([%*])/)
          .map((p) =>
            p === '%' ? '\\d+' : p === '*' ? '.*' : p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('');
        this.patterns.push({ re: new RegExp(`^${body}$`), info: o });
      } else this.exact.set(o.name, o);
    }
    // startup.cc: cmdenv-* and qtenv-* keys are no error when Cmdenv or Qtenv is not linked in
    this.ignorable = ['cmdenv-', 'qtenv-'].filter(
      (p) => !options.some((o) => o.name.startsWith(p)),
    );
  }

  /** SectionBasedConfiguration::lookupConfigOption: by name, else a `%` pattern. */
  lookup(key: string): OptionInfo | undefined {
    return this.exact.get(key) ?? this.patterns.find((p) => p.re.test(key))?.info;
  }

  isIgnorable(key: string): boolean {
    return !key.includes('.') && this.ignorable.some((p) => key.startsWith(p));
  }

  get size(): number {
    return this.exact.size + this.patterns.length;
  }
}

/** Every key of every section that OMNeT++ would refuse, in file order. */
export function checkOptionNames(doc: IniDocument, table: OptionTable): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const section of doc.sections)
    for (const entry of section.entries) {
      const message = keyProblem(entry.key, section.name, table);
      if (message !== undefined)
        problems.push({ message, location: { file: entry.file, line: entry.line } });
    }
  return problems.sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      a.location.line - b.location.line,
  );
}

function keyProblem(key: string, section: string, table: OptionTable): string | undefined {
  if (!key.includes('.') && !containsWildcards(key)) {
    const e = table.lookup(key);
    if (!e && table.isIgnorable(key)) return undefined;
    if (!e) return `Unknown configuration option: ${key}`;
    if (e.kind === 'per-object')
      return `Configuration option ${key} should be specified per object, try **.${key}=`;
    if (e.kind === 'global' && section !== GENERAL)
      return `Configuration option ${key} may only occur in the [General] section`;
    return undefined;
  }
  const suffix = suffixOf(key);
  if (!suffix.includes('-')) return undefined; // a parameter, not an option
  const e = table.lookup(suffix);
  if (!e && table.isIgnorable(suffix)) return undefined;
  if (!e || e.kind !== 'per-object')
    return `Unknown per-object configuration option '${suffix}' in ${key}`;
  return undefined;
}

/** OMNeT++'s messages for a wrong option name, with the key each names. */
const OPTION_ERRORS: readonly RegExp[] = [
  /^Unknown configuration option: (\S+)$/,
  /^Unknown per-object configuration option '[^']*' in (\S+)$/,
  /^Configuration option (\S+) should be specified per object/,
  /^Configuration option (\S+) may only occur in the \[General\] section$/,
];

/** The ini key an OMNeT++ error message is about, when it is about an option name. */
export function optionErrorKey(message: string): string | undefined {
  for (const re of OPTION_ERRORS) {
    const m = re.exec(message);
    if (m) return m[1];
  }
  return undefined;
}

/** Wrong option names in the ini files: every one, each at its file and line. */
export class OptionNameError extends IniError {
  constructor(readonly problems: readonly OptionProblem[]) {
    const first = problems[0];
    super(
      problems.length === 1 && first
        ? first.message
        : `${problems.length} unknown or misplaced configuration options (first: ${first?.message ?? ''})`,
      first?.location,
    );
    this.name = 'OptionNameError';
  }

  /** One line per problem: `omnetpp.ini:3: Unknown configuration option: sim-time-limt`. */
  override describe(): string {
    return this.problems
      .map((p) => `${p.location.file}:${p.location.line}: ${p.message}`)
      .join('\n');
  }
}

/** The options of OMNeT++ 6.1 itself (no model's own): for warnings where OMNeT++ is absent. */
export const omnetppOptionTable = (): OptionTable =>
  new OptionTable(OMNETPP_OPTIONS.map(([name, kind]) => ({ name, kind })));
