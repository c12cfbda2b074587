// Per-run variables (${configname}, ${runnumber}, ${iterationvars}, ${resultdir}, ...) and the
// substitution of `${...}` in config values: SectionBasedConfiguration::computeVariables and
// substituteVariables of OMNeT++ 6.1. Variables are added in OMNeT++'s order, and each config
// option sees only the ones defined before it.
import { evaluateToBoolValue, evaluateToInt, evaluateToString } from './eval.js';
import type { Occurrence } from './itervars.js';
import { parseDollarBrace } from './itervars.js';
import type { IniEntry } from './reader.js';
import type { Scenario } from './scenario.js';
import { filenameEncode, isAlphaExt, unquote } from './text.js';

export type VarMap = Map<string, string>;

/** Values that only exist while a simulation runs; left as `${name}` unless the caller knows them. */
export interface RuntimeValues {
  readonly datetime?: string;
  readonly processid?: string;
}

/** Looks an option up along the section chain: the first section that has the key wins. */
export type OptionLookup = (key: string) => IniEntry | undefined;

export interface ResolveContext {
  readonly inifile: string;
  readonly configName: string;
  readonly lookup: OptionLookup;
  readonly occurrences: ReadonlyMap<IniEntry, readonly Occurrence[]>;
  readonly runtime?: RuntimeValues;
}

export class SubstitutionError extends Error {
  constructor(
    message: string,
    readonly entry?: IniEntry,
  ) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

/** Replaces every `${...}` of a config value with the variable it stands for. */
export function substituteEntry(
  value: string,
  occurrences: readonly Occurrence[] | undefined,
  vars: VarMap,
  entry?: IniEntry,
): string {
  const occ = occurrences ?? scanOccurrences(value);
  if (occ.length === 0) return value;
  let out = '';
  let prev = 0;
  for (const o of occ) {
    const v = vars.get(o.varName);
    if (v === undefined) throw new SubstitutionError(`No such variable: \${${o.varName}}`, entry);
    out += value.slice(prev, o.start) + v;
    prev = o.end;
  }
  return out + value.slice(prev);
}

/**
 * The occurrences of values that are no ini entry (the defaults, command-line options), by
 * value: the same few texts are scanned for every run of a plan of a million.
 */
const scanned = new Map<string, readonly Occurrence[]>();

/** Occurrences of a value that is not an ini entry (an option's default): all references. */
function scanOccurrences(value: string): readonly Occurrence[] {
  const known = scanned.get(value);
  if (known !== undefined) return known;
  const occ = scanOnce(value);
  if (scanned.size > 1000) scanned.clear();
  scanned.set(value, occ);
  return occ;
}

function scanOnce(value: string): Occurrence[] {
  const occ: Occurrence[] = [];
  let pos = value.indexOf('${');
  while (pos >= 0) {
    const d = parseDollarBrace(value, pos);
    occ.push({ start: pos, end: d.end, varName: d.name });
    pos = value.indexOf('${', d.end);
  }
  return occ;
}

const DEFAULTS = {
  network: '',
  'runnumber-width': '0',
  'result-dir': 'results',
  'resultdir-subdivision': 'false',
  'seed-set': '${runnumber}',
  'experiment-label': '${configname}',
  'measurement-label': '${iterationvars}',
  'replication-label': '#${repetition}',
  'output-scalar-file': '${resultdir}/${configname}-${iterationvarsf}#${repetition}.sca',
  'output-vector-file': '${resultdir}/${configname}-${iterationvarsf}#${repetition}.vec',
  'snapshot-file': '${resultdir}/${configname}-${iterationvarsf}#${repetition}.sna',
  'eventlog-file': '${resultdir}/${configname}-${iterationvarsf}#${repetition}.elog',
  'cmdenv-output-file': '${resultdir}/${configname}-${iterationvarsf}#${repetition}.out',
} as const;
export type KnownOption = keyof typeof DEFAULTS;

/** The substituted text of an option (its ini value, else its default). */
export function optionText(ctx: ResolveContext, key: KnownOption, vars: VarMap): string {
  const entry = ctx.lookup(key);
  const raw = entry ? entry.value : DEFAULTS[key];
  try {
    return substituteEntry(raw, entry ? ctx.occurrences.get(entry) : undefined, vars, entry);
  } catch (e) {
    throw new SubstitutionError(
      `Error getting value of config option '${key}': ${(e as Error).message}`,
      entry,
    );
  }
}

function typed<T>(ctx: ResolveContext, key: KnownOption, vars: VarMap, conv: (s: string) => T): T {
  const text = optionText(ctx, key, vars);
  try {
    return conv(text);
  } catch (e) {
    throw new SubstitutionError(
      `Error getting value of config option '${key}': ${(e as Error).message}`,
      ctx.lookup(key),
    );
  }
}

const asString = (s: string): string => (s.startsWith('"') ? evaluateToString(s) : s);

/** A plain decimal (the seed set of most runs is its run number) is read without parsing it. */
const asInt = (s: string): number =>
  /^(0|[1-9][0-9]{0,14})$/.test(s) ? Number(s) : evaluateToInt(s);

export function optionString(ctx: ResolveContext, key: KnownOption, vars: VarMap): string {
  return typed(ctx, key, vars, asString);
}

/** Variables of the scenario's current run, in OMNeT++'s order. */
export function computeRunVariables(
  ctx: ResolveContext,
  scenario: Scenario,
  runNumber: number,
): VarMap {
  const vars: VarMap = new Map();
  const names = scenario.names;
  names.forEach((name, i) => vars.set(name, scenario.get(i)));

  let iterationvars = '';
  let iterationvarsf = '';
  let iterationvarsd = '';
  names.forEach((name, i) => {
    if (name === 'repetition') return;
    const value = scenario.get(i);
    iterationvars += (iterationvars === '' ? '' : ', ') + '$' + name + '=' + value;
    const segment = (isAlphaExt(name[0]) ? name + '=' : '') + filenameEncode(unquote(value));
    iterationvarsf += (iterationvarsf === '' ? '' : ',') + segment;
    iterationvarsd += (iterationvarsd === '' ? '' : '/') + segment;
  });
  if (iterationvarsf !== '') iterationvarsf += '-';
  vars.set('iterationvars', iterationvars);
  vars.set('iterationvarsf', iterationvarsf);
  vars.set('iterationvarsd', iterationvarsd);

  const width = Math.max(0, Math.min(6, typed(ctx, 'runnumber-width', vars, asInt)));
  const datetime = ctx.runtime?.datetime ?? '${datetime}';
  const processid = ctx.runtime?.processid ?? '${processid}';
  vars.set('inifile', ctx.inifile);
  vars.set('configname', ctx.configName);
  vars.set('runnumber', String(runNumber).padStart(width, '0'));
  vars.set('network', optionString(ctx, 'network', vars));
  vars.set('processid', processid);
  vars.set('datetime', datetime);
  vars.set('datetimef', ctx.runtime?.datetime ? datetime.replaceAll(':', '') : '${datetimef}');
  vars.set(
    'runid',
    ctx.runtime?.datetime && ctx.runtime.processid
      ? `${ctx.configName}-${vars.get('runnumber')}-${datetime}-${processid}`
      : '${runid}',
  );

  let resultdir = optionString(ctx, 'result-dir', vars);
  if (typed(ctx, 'resultdir-subdivision', vars, evaluateToBoolValue))
    resultdir += `/${ctx.configName}/${iterationvarsd}`;
  vars.set('resultdir', resultdir);
  vars.set('seedset', String(typed(ctx, 'seed-set', vars, asInt)));
  vars.set('experiment', optionString(ctx, 'experiment-label', vars));
  vars.set('measurement', optionString(ctx, 'measurement-label', vars));
  vars.set('replication', optionString(ctx, 'replication-label', vars));
  return vars;
}
