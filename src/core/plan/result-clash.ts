// Runs that would write the same result file. OMNeT++ lets the later run overwrite the earlier
// one's file (or, with `output-scalar-file-append`, several runs at once interleave their lines
// in it): a campaign would count every run as done while its dataset lost some. It happens with
// a hand-made file name without the run in it (`${configname}-${repetition}.sca`), and with
// OMNeT++'s default name when a variable's values repeat (`${mode=0,4,0}`).
//
// Runs whose result file name is longer than a file system allows (255 bytes a name, on Linux,
// macOS and Windows alike): OMNeT++ fails that run, but the campaign could not even look for its
// files (ENAMETOOLONG). Long iteration values make such names: OMNeT++'s default name holds every
// value, each byte of a non-ASCII character written as `#ffffffc3` (nine bytes).
import { IniError } from '../ini/errors.js';
import type { IniConfig } from '../ini/config.js';
import { hasRawBytes, iniBytes } from '../ini/text.js';
import { selectedRuns, type PlannedRun, type PlanRequest, type SelectedRun } from './plan.js';

/** Runs of one file name, in run order: the first few, and how many more. */
interface Clash {
  readonly kind: 'scalar' | 'vector';
  readonly file: string;
  readonly runs: ReadonlyArray<{ readonly config: string; readonly runNumber: number }>;
  readonly more: number;
}

/** The longest name of a file or folder (NAME_MAX on Linux; macOS's and NTFS's are 255 too). */
export const NAME_MAX = 255;

/** A run whose result file has a name (a part of its path) longer than NAME_MAX bytes. */
interface LongName {
  readonly kind: 'scalar' | 'vector';
  readonly config: string;
  readonly runNumber: number;
  /** The part of the path that is too long. */
  readonly name: string;
  readonly bytes: number;
  /** The iteration variable of the run whose value is longest (its definition is the ini line). */
  readonly longestVariable: string | undefined;
}

/**
 * A run whose result file OMNeT++ would name with a byte that is not UTF-8 (`[Config Caf\xe9]`
 * under the default names, a Latin-1 value in `${name}`): Node opens a file by the UTF-8 of its
 * name, where such a byte is U+FFFD, so the run would end `no-results` (its file there under its
 * own name) and run again each time.
 */
interface RawByteName {
  readonly kind: 'scalar' | 'vector';
  readonly config: string;
  readonly runNumber: number;
  readonly path: string;
  /** The run's iteration variables whose values hold such a byte. */
  readonly variables: readonly string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether a text from `iniText` is UTF-8 as bytes (raw bytes may still make valid UTF-8). */
function isUtf8Text(s: string): boolean {
  if (!hasRawBytes(s)) return true;
  try {
    strictUtf8.decode(iniBytes(s));
    return true;
  } catch {
    return false;
  }
}

function rawByteName(r: SelectedRun, f: PlannedRun['resultFiles']): RawByteName | undefined {
  for (const [kind, path] of [
    ['scalar', f.scalar],
    ['vector', f.vector],
  ] as const)
    if (!isUtf8Text(path)) {
      const variables = r.names.filter(
        (v) => v !== 'repetition' && hasRawBytes(r.vars.get(v) ?? ''),
      );
      return { kind, config: r.runs.name, runNumber: r.runNumber, path, variables };
    }
  return undefined;
}

/** What the check of the result files' names looks at besides clashes and lengths. */
export interface ResultFileCheckOptions {
  /**
   * Refuse a name with a byte that is not UTF-8 (default true); false when the campaign
   * expects no result files (`results: { files: [] }`): none is looked for.
   */
  readonly utf8Names?: boolean;
}

/** UTF-8 bytes of a string (no encoder needed: the core stays free of Node's Buffer). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4; // a surrogate pair: one character of four bytes
      i++;
    } else n += 3;
  }
  return n;
}

function longName(r: SelectedRun, f: PlannedRun['resultFiles']): LongName | undefined {
  for (const [kind, path] of [
    ['scalar', f.scalar],
    ['vector', f.vector],
  ] as const)
    for (const name of path.split('/')) {
      const bytes = utf8Bytes(name);
      if (bytes <= NAME_MAX) continue;
      let longestVariable: string | undefined;
      let longest = -1;
      for (const v of r.names) {
        const len = (r.vars.get(v) ?? '').length;
        if (v !== 'repetition' && len > longest) [longestVariable, longest] = [v, len];
      }
      return { kind, config: r.runs.name, runNumber: r.runNumber, name, bytes, longestVariable };
    }
  return undefined;
}

/** Runs named per clash (a million runs writing one file are not listed, nor compared pairwise). */
const LISTED = 4;

/** 53 bits of two FNV-1a hashes: a set of numbers holds a million runs' names in little room. */
function nameHash(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * A set of the names' hashes (whole numbers below 2^53), in a table of doubles: a Set of a
 * million such numbers (each a heap number) takes ~60 MB and most of a plan job's time.
 */
class NumberSet {
  // open addressing, linear probing; 0 stands for an empty slot (the number 0 is kept aside)
  private table = new Float64Array(1 << 16);
  private size = 0;
  private hasZero = false;

  /** Adds `h`; whether it was there already. */
  addHas(h: number): boolean {
    if (h === 0) {
      const had = this.hasZero;
      this.hasZero = true;
      return had;
    }
    const t = this.table;
    const mask = t.length - 1;
    for (let i = (h ^ (h / 0x100000000)) & mask; ; i = (i + 1) & mask) {
      const v = t[i] as number;
      if (v === h) return true;
      if (v === 0) {
        t[i] = h;
        if (++this.size * 2 > t.length) this.grow();
        return false;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.addHas(v);
  }
}

/**
 * The first file that two selected runs would both write, with every run that writes it; a
 * second pass compares the names themselves, so that a clash of hashes is no clash.
 */
export function resultFileClash(ini: IniConfig, req: PlanRequest): Clash | undefined {
  return checkResultFiles(ini, req).clash;
}

/**
 * The result files' problems: the first run whose file name is too long (then the search
 * stops), else the first clash.
 */
export function checkResultFiles(
  ini: IniConfig,
  req: PlanRequest,
  opts: ResultFileCheckOptions = {},
): ResultFileProblems {
  const check = new ResultFileCheck(ini, req, opts);
  for (const r of selectedRuns(ini, req)) if (!check.add(r)) break;
  return check.result();
}

/** The first run whose file name is too long or not UTF-8 (the search stops), else a clash. */
export interface ResultFileProblems {
  readonly long?: LongName;
  readonly rawByte?: RawByteName;
  readonly clash?: Clash;
}

/**
 * checkResultFiles, fed the selected runs one by one by a pass that has other work with them
 * (the plan job's): the runs are not stepped through again unless two names' hashes are equal.
 */
export class ResultFileCheck {
  // OMNeT++'s default names (${resultdir}/${configname}-${iterationvarsf}#${repetition}.sca and
  // .vec) with one result-dir for every run: two runs' names are equal when their config,
  // iterationvarsf and repetition are; comparing those skips working the names out per run
  private readonly fast = new Map<string, boolean>();
  private readonly seen = new NumberSet();
  private readonly suspects = new Set<number>();
  private long: LongName | undefined;
  private rawByte: RawByteName | undefined;
  /** Whether a name may hold a byte that is not UTF-8 (an ini of UTF-8 only, as nearly all: no). */
  private readonly rawBytes: boolean;

  constructor(
    private readonly ini: IniConfig,
    private readonly req: PlanRequest,
    opts: ResultFileCheckOptions = {},
  ) {
    this.rawBytes =
      opts.utf8Names !== false &&
      (ini.doc.sections.some(
        (sec) => hasRawBytes(sec.name) || sec.entries.some((e) => hasRawBytes(e.value)),
      ) ||
        Object.values(req.overrides ?? {}).some((v) => hasRawBytes(v)));
  }

  private isFast(config: string): boolean {
    let f = this.fast.get(config);
    if (f === undefined) {
      const c = this.ini.config(config);
      f =
        this.req.overrides?.['result-dir'] !== undefined &&
        c.lookup('output-scalar-file') === undefined &&
        c.lookup('output-vector-file') === undefined;
      this.fast.set(config, f);
    }
    return f;
  }

  private note(h: number): void {
    if (this.seen.addHas(h)) this.suspects.add(h);
  }

  /** Takes the next selected run; false once a name is too long (the rest need not be added). */
  add(r: SelectedRun): boolean {
    if (this.long || this.rawByte) return false;
    if (this.rawBytes) {
      // every run's names worked out and looked at (only for an ini with such a byte)
      const f = r.resultFiles();
      this.rawByte = rawByteName(r, f);
      if (this.rawByte) return false;
    }
    if (this.isFast(r.runs.name)) {
      const s = stem(r);
      this.note(nameHash(s));
      // the name is the stem with its two separators, and `.sca`: worked out only when long
      if (utf8Bytes(s) + 4 > NAME_MAX) this.long = longName(r, r.resultFiles());
      return this.long === undefined;
    }
    const f = r.resultFiles();
    this.long = longName(r, f);
    if (this.long) return false;
    this.note(nameHash(f.scalar));
    if (f.vector !== f.scalar) this.note(nameHash(f.vector));
    return true;
  }

  /** What was found, once every selected run was added: a second pass names a clash's runs. */
  result(): ResultFileProblems {
    if (this.long) return { long: this.long };
    if (this.rawByte) return { rawByte: this.rawByte };
    const suspects = this.suspects;
    if (suspects.size === 0) return {};
    const byName = new Map<
      string,
      { kind: Clash['kind']; runs: { config: string; runNumber: number }[]; more: number }
    >();
    for (const r of selectedRuns(this.ini, this.req)) {
      const fastRun = this.isFast(r.runs.name);
      if (fastRun && !suspects.has(nameHash(stem(r)))) continue;
      const f = r.resultFiles();
      // (with default names the scalar file's clash is the vector file's)
      const files = fastRun
        ? ([['scalar', f.scalar]] as const)
        : ([
            ['scalar', f.scalar],
            ['vector', f.vector],
          ] as const);
      for (const [kind, file] of files) {
        if (!fastRun && !suspects.has(nameHash(file))) continue;
        const at = { config: r.runs.name, runNumber: r.runNumber };
        const known = byName.get(file) ?? { kind, runs: [], more: 0 };
        byName.set(file, known);
        // a run a run list names twice is one run; past the listed ones, runs are only counted
        if (known.runs.some((x) => x.config === at.config && x.runNumber === at.runNumber))
          continue;
        if (known.runs.length < LISTED) known.runs.push(at);
        else known.more++;
      }
    }
    for (const [file, c] of byName) if (c.runs.length > 1) return { clash: { file, ...c } };
    return {};
  }
}

const stem = (r: SelectedRun): string =>
  `${r.runs.name}\0${r.vars.get('iterationvarsf') ?? ''}\0${r.vars.get('repetition') ?? ''}`;

/** The clash as an error at the ini line that names the file (none: OMNeT++'s default name). */
export function resultFileClashError(ini: IniConfig, clash: Clash): IniError {
  const first = clash.runs[0];
  const config = first !== undefined ? ini.config(first.config) : undefined;
  const option = `output-${clash.kind}-file`;
  const entry = config?.lookup(option);
  const listed = clash.runs.map((r) => `${r.config} #${r.runNumber}`);
  const more = clash.more;
  const shown =
    more > 0
      ? `${listed.join(', ')} and ${more} more`
      : `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1] ?? ''}`;
  const name = clash.file.slice(clash.file.lastIndexOf('/') + 1);
  const append =
    clash.kind === 'scalar' &&
    /^\s*true\s*$/.test(config?.lookup('output-scalar-file-append')?.value ?? '')
      ? ' (with output-scalar-file-append, runs at the same time would also mix their lines in it)'
      : '';
  const why =
    entry === undefined
      ? `OMNeT++'s default name, \${configname}-\${iterationvarsf}#\${repetition}, is the same for them, as their iteration variables take the same values`
      : `${option} names no run apart`;
  const ext = clash.kind === 'scalar' ? 'sca' : 'vec';
  return new IniError(
    `runs ${shown} would ${clash.runs.length + clash.more > 2 ? 'all' : 'both'} write the ${clash.kind} file ${name}: ${why}. ` +
      `Each would overwrite the one before, and their results would be lost${append}. ` +
      `Give each run a file of its own, e.g. ${option} = "\${resultdir}/\${configname}-\${runnumber}.${ext}"`,
    entry?.file === '<command line>' ? undefined : entry && { file: entry.file, line: entry.line },
  );
}

/** The too-long name as an error at the ini line that makes it long. */
export function longNameError(ini: IniConfig, long: LongName): IniError {
  const config = ini.config(long.config);
  const option = `output-${long.kind}-file`;
  const named = config.lookup(option);
  const entry =
    named ?? (long.longestVariable ? config.variableEntry(long.longestVariable) : undefined);
  const shown = long.name.length > 40 ? `${long.name.slice(0, 40)}...` : long.name;
  const ext = long.kind === 'scalar' ? 'sca' : 'vec';
  const example = `"\${resultdir}/\${configname}-\${runnumber}.${ext}"`;
  const longest =
    long.longestVariable !== undefined ? ` ($${long.longestVariable}'s is longest)` : '';
  const how =
    named === undefined
      ? `OMNeT++'s default name holds every iteration value${longest}: shorten them, or name the files by run number, e.g. ${option} = ${example}`
      : `Make ${option} shorter, e.g. ${example}`;
  return new IniError(
    `run ${long.config} #${long.runNumber} would write the ${long.kind} file ${shown}, a name of ${long.bytes} bytes ` +
      `(at most ${NAME_MAX} can be written). ${how}`,
    entry === undefined || entry.file === '<command line>'
      ? config.location
      : { file: entry.file, line: entry.line },
  );
}

/**
 * The name with a byte that is not UTF-8 as an error naming the run, at the ini line the byte
 * comes from: the iteration variable's, else the output file option's, else the config's.
 */
export function rawByteNameError(ini: IniConfig, raw: RawByteName): IniError {
  const config = ini.config(raw.config);
  const option = `output-${raw.kind}-file`;
  const named = config.lookup(option);
  // OMNeT++'s default name holds the config's name and every iteration value; a name of the
  // option's, the variables it names
  const variable =
    named === undefined
      ? hasRawBytes(raw.config)
        ? undefined
        : raw.variables[0]
      : raw.variables.find((v) => named.value.includes(v));
  const variableEntry = variable !== undefined ? config.variableEntry(variable) : undefined;
  const entry = [variableEntry, named].find((e) => e !== undefined && e.file !== '<command line>');
  const how =
    variable !== undefined
      ? `give $${variable} a value without it, or set ${option} to a name without $${variable}`
      : named === undefined
        ? `rename the config, or set ${option} to a name without it`
        : `set ${option} to a name without it`;
  return new IniError(
    `config ${raw.config}: run #${raw.runNumber}'s ${raw.kind} file would be named with a byte that is not UTF-8 (${raw.path}), ` +
      `which opp-campaign cannot open yet: ${how}`,
    entry === undefined ? config.location : { file: entry.file, line: entry.line },
  );
}

/** The first problem found, as its error. */
export function resultFileError(ini: IniConfig, p: ResultFileProblems): IniError | undefined {
  if (p.long) return longNameError(ini, p.long);
  if (p.rawByte) return rawByteNameError(ini, p.rawByte);
  if (p.clash) return resultFileClashError(ini, p.clash);
  return undefined;
}

/**
 * Throws when a selected run's result file name is too long or not UTF-8, or when two selected
 * runs would write one result file.
 */
export function refuseResultFileClash(
  ini: IniConfig,
  req: PlanRequest,
  opts: ResultFileCheckOptions = {},
): void {
  const e = resultFileError(ini, checkResultFiles(ini, req, opts));
  if (e) throw e;
}
