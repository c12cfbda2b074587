/**
 * Functions: the `<cmath>` functions OMNeT++'s Expression class knows
 * (ExprNodeFactory::supportsStdMathFunction in src/common/exprnodes.cc), and, as an option, the
 * pure NED functions of src/sim/nedfunctions.cc with cNedFunction's argument checks
 * (src/sim/cnedfunction.cc).
 */
import { ExprError } from './errors.js';
import { checkedIntCast, safeCastToDouble } from './int64.js';
import { cpow, dimlessDouble } from './ops.js';
import { convertUnit, getBestUnit, formatQuantity, parseQuantity } from './units.js';
import {
  boolValue,
  doubleValue,
  getTypeName,
  intValue,
  stringValue,
  valueToString,
  type ExprValue,
  type ExprValueType,
  type Unit,
} from './value.js';

// ---- <cmath> functions ----

const STD_MATH: ReadonlyMap<string, readonly [number, (...a: number[]) => number]> = new Map<
  string,
  readonly [number, (...a: number[]) => number]
>([
  ['acos', [1, Math.acos]],
  ['asin', [1, Math.asin]],
  ['atan', [1, Math.atan]],
  ['atan2', [2, Math.atan2]],
  ['sin', [1, Math.sin]],
  ['cos', [1, Math.cos]],
  ['tan', [1, Math.tan]],
  ['ceil', [1, Math.ceil]],
  ['floor', [1, Math.floor]],
  ['exp', [1, Math.exp]],
  ['pow', [2, cpow]],
  ['sqrt', [1, Math.sqrt]],
  ['fabs', [1, Math.abs]],
  ['fmod', [2, (x, y) => x % y]],
  ['hypot', [2, Math.hypot]],
  ['log', [1, Math.log]],
  ['log10', [1, Math.log10]],
]);

export function isStdMathFunction(name: string): boolean {
  return STD_MATH.has(name);
}

export function stdMathArity(name: string): number {
  return STD_MATH.get(name)?.[0] ?? -1;
}

/** Evaluates a `<cmath>` function; arguments must be dimensionless numbers. */
export function callStdMath(name: string, args: readonly ExprValue[]): ExprValue {
  const f = STD_MATH.get(name)![1];
  const x = args.map(dimlessDouble);
  return doubleValue(f(...x));
}

// ---- NED functions ----

/** cNedFunction argument types. */
type ArgType =
  'bool' | 'int' | 'intquantity' | 'double' | 'quantity' | 'string' | 'object' | 'xml' | 'any';

interface NedFunctionDef {
  name: string;
  argTypes: ArgType[];
  minArgs: number;
  varargs: boolean;
  /** Set for functions that need a simulation: why they cannot be evaluated here. */
  unavailable?: string;
  impl?: (argv: ExprValue[]) => ExprValue;
}

const NED_FUNCTIONS = new Map<string, NedFunctionDef[]>();

/** Registers a function given by its NED signature, e.g. `string substring(string s, int pos, int len?)`. */
function def(signature: string, impl: ((argv: ExprValue[]) => ExprValue) | string): void {
  const m = /^\s*\w+\s+(\w+)\((.*)\)\s*$/.exec(signature);
  if (!m) throw new Error(`internal: bad signature ${signature}`);
  const name = m[1]!;
  const argTypes: ArgType[] = [];
  let minArgs = -1;
  let varargs = false;
  const args = m[2]!.trim() ? m[2]!.split(',').map((s) => s.trim()) : [];
  args.forEach((a, i) => {
    if (a === '...') {
      varargs = true;
      return;
    }
    const [type, argName] = a.split(/\s+/);
    argTypes.push(type as ArgType);
    if (argName!.includes('?') && minArgs === -1) minArgs = i;
  });
  if (minArgs === -1) minArgs = argTypes.length;
  const d: NedFunctionDef = { name, argTypes, minArgs, varargs };
  if (typeof impl === 'string') d.unavailable = impl;
  else d.impl = impl;
  const list = NED_FUNCTIONS.get(name) ?? [];
  list.push(d);
  NED_FUNCTIONS.set(name, list);
}

/** Finds a NED function accepting `argc` arguments (only used with the nedFunctions option). */
export function findNedFunction(name: string, argc: number): NedFunctionDef | undefined {
  return NED_FUNCTIONS.get(name)?.find(
    (f) => argc >= f.minArgs && (argc <= f.argTypes.length || f.varargs),
  );
}

// cValue semantics (src/sim/cvalue.cc) used by NED functions

function cValueToString(v: ExprValue): string {
  if (v.type !== 'double' || !v.unit) return valueToString(v);
  let value = v.value;
  let unit = v.unit;
  if (value < 0.1 || value >= 10000) {
    unit = getBestUnit(value, v.unit);
    value = convertUnit(value, v.unit, unit);
  }
  return formatQuantity(value, unit);
}

function cannotCast(v: ExprValue, target: ExprValueType): never {
  const note =
    v.type === 'double' && target === 'int'
      ? ' (note: no implicit conversion from double to int)'
      : '';
  throw new ExprError(
    `Cannot cast ${cValueToString(v)} from type ${getTypeName(v.type)} to ${getTypeName(target)}${note}`,
  );
}

const CVALUE_HINT =
  'hint: if this occurs in NED or ini, use the double() operator to suppress this error';

function doubleValueRaw(v: ExprValue): number {
  if (v.type === 'double') return v.value;
  if (v.type === 'int') return Number(v.value);
  return cannotCast(v, 'double');
}

function doubleValueInUnit(v: ExprValue, unit: Unit): number {
  if (v.type === 'double') return convertUnit(v.value, v.unit, unit);
  if (v.type === 'int') return convertUnit(safeCastToDouble(v.value, CVALUE_HINT), v.unit, unit);
  return cannotCast(v, 'double');
}

function unitOf(v: ExprValue): Unit {
  return v.type === 'int' || v.type === 'double' ? v.unit : undefined;
}

function str(v: ExprValue): string {
  return (v as { value: string }).value;
}

/** `(int)cValue`: the int64 truncated to a 32-bit C int. */
function cint(v: ExprValue): number {
  return Number(BigInt.asIntN(32, (v as { value: bigint }).value));
}

function withUnit(v: ExprValue, unit: Unit): ExprValue {
  if (v.type === 'int') return intValue(v.value, unit);
  return doubleValue((v as { value: number }).value, unit);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function cTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** std::string::find (npos as -1), which unlike indexOf() fails for positions past the end. */
function find(s: string, sub: string, pos = 0): number {
  return pos > s.length ? -1 : s.indexOf(sub, pos);
}

def('quantity fabs(quantity x)', ([x]) => doubleValue(Math.abs(doubleValueRaw(x!)), unitOf(x!)));
def('quantity fmod(quantity x, quantity y)', ([x, y]) => {
  const y1 = doubleValueInUnit(y!, unitOf(x!));
  return doubleValue(doubleValueRaw(x!) % y1, unitOf(x!));
});
def('quantity min(quantity a, quantity b)', ([a, b]) =>
  doubleValueRaw(a!) < doubleValueInUnit(b!, unitOf(a!)) ? a! : b!,
);
def('quantity max(quantity a, quantity b)', ([a, b]) =>
  doubleValueRaw(a!) < doubleValueInUnit(b!, unitOf(a!)) ? b! : a!,
);
def('double dropUnit(quantity x)', ([x]) => withUnit(x!, undefined));
def('quantity replaceUnit(quantity x, string unit)', ([x, u]) => withUnit(x!, str(u!)));
def('quantity convertUnit(quantity x, string unit)', ([x, u]) =>
  // (OMNeT++ release builds misbehave for an integer x here; we convert it as a double)
  doubleValue(convertUnit(doubleValueRaw(x!), unitOf(x!), str(u!)), str(u!)),
);
def('string unitOf(quantity x)', ([x]) => stringValue(unitOf(x!) ?? ''));
def('int length(string s)', ([s]) => intValue(BigInt(str(s!).length)));
def('bool contains(string s, string substr)', ([s, t]) => boolValue(str(s!).includes(str(t!))));
def('string substring(string s, int pos, int len?)', (argv) => {
  const s = str(argv[0]!);
  const size = s.length;
  const index = cint(argv[1]!);
  const length = argv.length === 3 ? cint(argv[2]!) : size - index;
  if (index < 0 || index > size) throw new ExprError('Index out of bounds');
  if (length < 0) throw new ExprError('Length is negative');
  return stringValue(s.substr(index, length));
});
def('string substringBefore(string s, string substr)', ([s, t]) => {
  const pos = find(str(s!), str(t!));
  return stringValue(pos < 0 ? '' : str(s!).slice(0, pos));
});
def('string substringAfter(string s, string substr)', ([s, t]) => {
  const pos = find(str(s!), str(t!));
  return stringValue(pos < 0 ? '' : str(s!).slice(pos + str(t!).length));
});
def('string substringBeforeLast(string s, string substr)', ([s, t]) => {
  const pos = str(s!).lastIndexOf(str(t!));
  return stringValue(pos < 0 ? '' : str(s!).slice(0, pos));
});
def('string substringAfterLast(string s, string substr)', ([s, t]) => {
  const pos = str(s!).lastIndexOf(str(t!));
  return stringValue(pos < 0 ? '' : str(s!).slice(pos + str(t!).length));
});
def('bool startsWith(string s, string substr)', ([s, t]) =>
  boolValue(find(str(s!), str(t!)) === 0),
);
def('bool endsWith(string s, string substr)', ([s, t]) => {
  // rfind(t) == size(s) - size(t) in size_t arithmetic, where npos == (size_t)-1
  const a = str(s!);
  const b = str(t!);
  return boolValue(a.lastIndexOf(b) === a.length - b.length);
});
def('string tail(string s, int len)', ([s, n]) => {
  const length = cint(n!);
  if (length < 0) throw new ExprError('Length is negative');
  const size = str(s!).length;
  return stringValue(str(s!).slice(Math.max(0, size - length)));
});
function replace(argv: ExprValue[], all: boolean): ExprValue {
  let s = str(argv[0]!);
  const search = str(argv[1]!);
  const replacement = str(argv[2]!);
  let index = 0;
  if (argv.length === 4) {
    index = cint(argv[3]!);
    if (index < 0) throw new ExprError('Start index is negative');
    if (index > s.length) throw new ExprError('Start index out of bounds');
  }
  while ((index = find(s, search, index)) >= 0) {
    s = s.slice(0, index) + replacement + s.slice(index + search.length);
    if (!all) break;
    index += replacement.length - search.length + 1;
  }
  return stringValue(s);
}
def('string replace(string s, string substr, string repl, int startPos?)', (argv) =>
  replace(argv, true),
);
def('string replaceFirst(string s, string substr, string repl, int startPos?)', (argv) =>
  replace(argv, false),
);
def('string trim(string s)', ([s]) => stringValue(cTrim(str(s!))));
def('int indexOf(string s, string substr)', ([s, t]) => intValue(BigInt(find(str(s!), str(t!)))));
def('string choose(int index, string list)', ([i, list]) => {
  const index = cint(i!);
  if (index < 0) throw new ExprError('Negative index');
  const tokens = str(list!)
    .split(/[ \t\n\r\f]+/)
    .filter((t) => t);
  if (index >= tokens.length) throw new ExprError(`Index out of bounds: ${index}`);
  return stringValue(tokens[index]!);
});
def('string toUpper(string s)', ([s]) =>
  stringValue(str(s!).replace(/[a-z]/g, (c) => c.toUpperCase())),
);
def('string toLower(string s)', ([s]) =>
  stringValue(str(s!).replace(/[A-Z]/g, (c) => c.toLowerCase())),
);
def('bool bool(any x)', ([x]) => {
  switch (x!.type) {
    case 'bool':
      return x!;
    case 'int':
      if (x!.unit)
        throw new ExprError(
          `Attempt to use the value '${cValueToString(x!)}' as a dimensionless number`,
        );
      return boolValue(x!.value !== 0n);
    case 'double':
      if (x!.unit)
        throw new ExprError(
          `Attempt to use the value '${cValueToString(x!)}' as a dimensionless number`,
        );
      return boolValue(!Number.isNaN(x!.value) && x!.value !== 0);
    case 'string':
      return boolValue(x!.value === 'true');
    case 'pointer':
      throw new ExprError('Cannot convert object to bool');
    case 'undef':
      throw new ExprError("Cannot convert 'undefined' to bool");
  }
});
def('intquantity int(any x)', ([x]) => {
  switch (x!.type) {
    case 'bool':
      return intValue(x!.value ? 1n : 0n);
    case 'int':
      return x!;
    case 'double':
      return intValue(checkedIntCast(Math.floor(x!.value)), x!.unit);
    case 'string': {
      const q = parseQuantity(x!.value);
      return intValue(checkedIntCast(Math.floor(q.value)), q.unit);
    }
    case 'pointer':
      throw new ExprError('Cannot convert object to int');
    case 'undef':
      throw new ExprError("Cannot convert 'undefined' to int");
  }
});
def('quantity double(any x)', ([x]) => {
  switch (x!.type) {
    case 'bool':
      return doubleValue(x!.value ? 1 : 0);
    case 'int':
      return doubleValue(Number(x!.value), x!.unit);
    case 'double':
      return x!;
    case 'string': {
      const q = parseQuantity(x!.value);
      return doubleValue(q.value, q.unit);
    }
    case 'pointer':
      throw new ExprError('Cannot convert object to double');
    case 'undef':
      throw new ExprError("Cannot convert 'undefined' to double");
  }
});
def('string string(any x)', ([x]) => stringValue(cValueToString(x!)));
def('any select(int index, ...)', (argv) => {
  const index = Number((argv[0] as { value: bigint }).value);
  if (index < 0) throw new ExprError(`Negative index ${index}`);
  if (index >= argv.length - 1)
    throw new ExprError(`Index=${index} is too large (max: ${argv.length - 2})`);
  return argv[index + 1]!;
});

const NEEDS_RNG = 'it draws random numbers, which needs a running simulation';
for (const sig of [
  'quantity uniform(quantity a, quantity b, int rng?)',
  'quantity exponential(quantity mean, int rng?)',
  'quantity normal(quantity mean, quantity stddev, int rng?)',
  'quantity truncnormal(quantity mean, quantity stddev, int rng?)',
  'quantity gamma_d(double alpha, quantity theta, int rng?)',
  'double beta(double alpha1, double alpha2, int rng?)',
  'quantity erlang_k(int k, quantity mean, int rng?)',
  'double chi_square(int k, int rng?)',
  'double student_t(int i, int rng?)',
  'quantity cauchy(quantity a, quantity b, int rng?)',
  'quantity triang(quantity a, quantity b, quantity c, int rng?)',
  'double lognormal(double m, double w, int rng?)',
  'quantity weibull(quantity a, quantity b, int rng?)',
  'quantity pareto_shifted(double a, quantity b, quantity c, int rng?)',
  'int intuniform(intquantity a, intquantity b, int rng?)',
  'int intuniformexcl(intquantity a, intquantity b, int rng?)',
  'int bernoulli(double p, int rng?)',
  'int binomial(int n, double p, int rng?)',
  'int geometric(double p, int rng?)',
  'int negbinomial(int n, double p, int rng?)',
  'int poisson(double lambda, int rng?)',
])
  def(sig, NEEDS_RNG);
const NEEDS_SIM = 'it needs a running simulation (modules, files or configuration)';
for (const sig of [
  'string expand(string s)',
  'string fullPath()',
  'string fullName()',
  'int parentIndex()',
  'int ancestorIndex(int numLevels)',
  'int componentId()',
  'any eval(string expr)',
  'xml readXML(string filename, string xpath?)',
  'xml parseXML(string xmlstring, string xpath?)',
  'xml xmldoc(string filename, string xpath?)',
  'xml xml(string xmlstring, string xpath?)',
  'string readFile(string filename)',
  'string workingDir()',
  'string baseDir()',
  'string resolveFile(string directory, string filename)',
  'string absFilePath(string filename)',
  'any parseCSV(string str)',
  'any parseExtendedCSV(string str)',
  'any readCSV(string filename)',
  'any readExtendedCSV(string filename)',
  'any parseJSON(string str)',
  'any readJSON(string filename)',
  'any parseExtendedJSON(string str)',
  'any readExtendedJSON(string filename)',
  'quantity simTime()',
  'string firstAvailable(...)',
  'any get(object arrayOrMap, any keyOrIndex)',
  'int size(object arrayOrMap)',
  'object dup(object obj)',
])
  def(sig, NEEDS_SIM);

function badArgType(index: number, expected: ExprValueType, actual: ExprValue): never {
  const note =
    expected === 'int' && actual.type === 'double'
      ? ' (note: no implicit conversion from double to int)'
      : '';
  const expectedName = expected === 'double' ? 'double or int' : getTypeName(expected);
  throw new ExprError(
    `${expectedName} expected for argument ${index}, got ${getTypeName(actual.type)}${note}`,
  );
}

function dimlessExpected(index: number, actual: ExprValue): never {
  throw new ExprError(`Argument ${index} must be dimensionless, got ${cValueToString(actual)}`);
}

/** cNedFunction::checkArgs() followed by the call. */
export function callNedFunction(name: string, argv: ExprValue[]): ExprValue {
  const f = findNedFunction(name, argv.length)!;
  const n = Math.min(argv.length, f.argTypes.length);
  for (let i = 0; i < n; i++) {
    const a = argv[i]!;
    switch (f.argTypes[i]!) {
      case 'any':
        break;
      case 'int':
        if (a.type !== 'int') badArgType(i, 'int', a);
        if (a.unit) dimlessExpected(i, a);
        break;
      case 'intquantity':
        if (a.type !== 'int') badArgType(i, 'int', a);
        break;
      case 'double':
        if (a.type !== 'double' && a.type !== 'int') badArgType(i, 'double', a);
        if (a.unit) dimlessExpected(i, a);
        break;
      case 'quantity':
        if (a.type !== 'double' && a.type !== 'int') badArgType(i, 'double', a);
        break;
      case 'bool':
        if (a.type !== 'bool') badArgType(i, 'bool', a);
        break;
      case 'string':
        if (a.type !== 'string') badArgType(i, 'string', a);
        break;
      case 'object':
      case 'xml':
        if (a.type !== 'pointer') badArgType(i, 'pointer', a);
        break;
    }
  }
  return f.impl!(argv);
}
