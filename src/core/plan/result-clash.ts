// Runs that would write the same result file. OMNeT++ lets the later run overwrite the earlier
// one's file (or, with `output-scalar-file-append`, several runs at once interleave their lines
// in it): a campaign would count every run as done while its dataset lost some. It happens with
// a hand-made file name without the run in it (`${configname}-${repetition}.sca`), and with
// OMNeT++'s default name when a variable's values repeat (`${mode=0,4,0}`).
import { IniError } from '../ini/errors.js';
import type { IniConfig } from '../ini/config.js';
import { selectedRuns, type PlanRequest, type SelectedRun } from './plan.js';

/** Runs of one file name, in run order: the first few, and how many more. */
interface Clash {
  readonly kind: 'scalar' | 'vector';
  readonly file: string;
  readonly runs: ReadonlyArray<{ readonly config: string; readonly runNumber: number }>;
  readonly more: number;
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
 * The first file that two selected runs would both write, with every run that writes it; a
 * second pass compares the names themselves, so that a clash of hashes is no clash.
 */
export function resultFileClash(ini: IniConfig, req: PlanRequest): Clash | undefined {
  // OMNeT++'s default names (${resultdir}/${configname}-${iterationvarsf}#${repetition}.sca and
  // .vec) with one result-dir for every run: two runs' names are equal when their config,
  // iterationvarsf and repetition are; comparing those skips working the names out per run
  const fast = new Map<string, boolean>();
  const isFast = (config: string): boolean => {
    let f = fast.get(config);
    if (f === undefined) {
      const c = ini.config(config);
      f =
        req.overrides?.['result-dir'] !== undefined &&
        c.lookup('output-scalar-file') === undefined &&
        c.lookup('output-vector-file') === undefined;
      fast.set(config, f);
    }
    return f;
  };
  const stem = (r: SelectedRun): string =>
    `${r.runs.name}\0${r.vars.get('iterationvarsf') ?? ''}\0${r.vars.get('repetition') ?? ''}`;
  const seen = new Set<number>();
  const suspects = new Set<number>();
  const note = (h: number): void => {
    if (seen.has(h)) suspects.add(h);
    else seen.add(h);
  };
  for (const r of selectedRuns(ini, req)) {
    if (isFast(r.runs.name)) {
      note(nameHash(stem(r)));
      continue;
    }
    const f = r.resultFiles();
    note(nameHash(f.scalar));
    if (f.vector !== f.scalar) note(nameHash(f.vector));
  }
  if (suspects.size === 0) return undefined;
  const byName = new Map<
    string,
    { kind: Clash['kind']; runs: { config: string; runNumber: number }[]; more: number }
  >();
  for (const r of selectedRuns(ini, req)) {
    const fastRun = isFast(r.runs.name);
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
      if (known.runs.some((x) => x.config === at.config && x.runNumber === at.runNumber)) continue;
      if (known.runs.length < LISTED) known.runs.push(at);
      else known.more++;
    }
  }
  for (const [file, c] of byName) if (c.runs.length > 1) return { file, ...c };
  return undefined;
}

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

/** Throws the clash's error when two selected runs would write one result file. */
export function refuseResultFileClash(ini: IniConfig, req: PlanRequest): void {
  const clash = resultFileClash(ini, req);
  if (clash) throw resultFileClashError(ini, clash);
}
