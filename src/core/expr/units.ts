/**
 * Measurement units, after OMNeT++ 6.1's `UnitConversion` (src/common/unitconversion.cc):
 * the same unit table, lookup rules (short names case-sensitively, long names case-insensitively,
 * plurals of long names), conversion factors computed with the same floating-point operations,
 * quantity parsing (`"1h 30min"`) and best-unit selection.
 */
import { ExprError } from './errors.js';
import { formatG } from './format.js';

type Mapping = 'LINEAR' | 'LOG10';
type PrefixType = 'DECIMAL' | 'BINARY' | 'TRADITIONAL';

interface UnitDef {
  readonly name: string;
  readonly mult: number;
  readonly mapping: Mapping;
  readonly baseUnitName: string;
  readonly longName: string;
  readonly bestUnitCandidatesList: string;
}

interface UnitInfo extends UnitDef {
  prefixType: PrefixType;
  isByteBased: boolean;
  baseUnit: UnitInfo;
  bestUnitCandidates: UnitInfo[];
  compatibleUnits: UnitInfo[];
}

const K = 1024.0;
const K8 = 8192.0;
const TIME = 'd h min s ms us ns ps fs as';
const POWER = 'GW MW kW W mW uW nW pW fW';
const OHM = 'Ohm mOhm kOhm MOhm';

// name, multiplier, mapping, base unit, long name, best-unit candidates (OMNeT++ 6.1 table)
const TABLE: ReadonlyArray<readonly [string, number, Mapping, string, string, string?]> = [
  ['d', 86400, 'LINEAR', 's', 'day', TIME],
  ['h', 3600, 'LINEAR', 's', 'hour', TIME],
  ['min', 60, 'LINEAR', 's', 'minute', TIME],
  ['s', 1, 'LINEAR', 's', 'second', TIME],
  ['ms', 1e-3, 'LINEAR', 's', 'millisecond', TIME],
  ['us', 1e-6, 'LINEAR', 's', 'microsecond', TIME],
  ['ns', 1e-9, 'LINEAR', 's', 'nanosecond', TIME],
  ['ps', 1e-12, 'LINEAR', 's', 'picosecond', TIME],
  ['fs', 1e-15, 'LINEAR', 's', 'femtosecond', TIME],
  ['as', 1e-18, 'LINEAR', 's', 'attosecond', TIME],
  ['bps', 1, 'LINEAR', 'bps', 'bit/sec', 'bps kbps Mbps Gbps Tbps'],
  ['kbps', 1e3, 'LINEAR', 'bps', 'kilobit/sec', 'bps kbps Mbps Gbps Tbps'],
  ['Mbps', 1e6, 'LINEAR', 'bps', 'megabit/sec', 'bps kbps Mbps Gbps Tbps'],
  ['Gbps', 1e9, 'LINEAR', 'bps', 'gigabit/sec', 'bps kbps Mbps Gbps Tbps'],
  ['Tbps', 1e12, 'LINEAR', 'bps', 'terabit/sec', 'bps kbps Mbps Gbps Tbps'],
  ['B', 8, 'LINEAR', 'b', 'byte', 'B KiB MiB GiB TiB'],
  ['KiB', K8, 'LINEAR', 'b', 'kibibyte', 'B KiB MiB GiB TiB'],
  ['MiB', K8 * K, 'LINEAR', 'b', 'mebibyte', 'B KiB MiB GiB TiB'],
  ['GiB', K8 * K * K, 'LINEAR', 'b', 'gibibyte', 'B KiB MiB GiB TiB'],
  ['TiB', K8 * K * K * K, 'LINEAR', 'b', 'tebibyte', 'B KiB MiB GiB TiB'],
  ['kB', 8e3, 'LINEAR', 'b', 'kilobyte', 'B kB MB GB TB'],
  ['MB', 8e6, 'LINEAR', 'b', 'megabyte', 'B kB MB GB TB'],
  ['GB', 8e9, 'LINEAR', 'b', 'gigabyte', 'B kB MB GB TB'],
  ['TB', 8e12, 'LINEAR', 'b', 'terabyte', 'B kB MB GB TB'],
  ['b', 1, 'LINEAR', 'b', 'bit'],
  ['Kib', K, 'LINEAR', 'b', 'kibibit', 'b Kib Mib Gib Tib'],
  ['Mib', K * K, 'LINEAR', 'b', 'mebibit', 'b Kib Mib Gib Tib'],
  ['Gib', K * K * K, 'LINEAR', 'b', 'gibibit', 'b Kib Mib Gib Tib'],
  ['Tib', K * K * K * K, 'LINEAR', 'b', 'tebibit', 'b Kib Mib Gib Tib'],
  ['kb', 1e3, 'LINEAR', 'b', 'kilobit', 'b kb Mb Gb Tb'],
  ['Mb', 1e6, 'LINEAR', 'b', 'megabit', 'b kb Mb Gb Tb'],
  ['Gb', 1e9, 'LINEAR', 'b', 'gigabit', 'b kb Mb Gb Tb'],
  ['Tb', 1e12, 'LINEAR', 'b', 'terabit', 'b kb Mb Gb Tb'],
  ['rad', 1, 'LINEAR', 'rad', 'radian'],
  ['deg', Math.PI / 180, 'LINEAR', 'rad', 'degree'],
  ['m', 1, 'LINEAR', 'm', 'meter', 'km m mm um nm'],
  ['dm', 1e-1, 'LINEAR', 'm', 'decimeter', 'km m mm um nm'],
  ['cm', 1e-2, 'LINEAR', 'm', 'centimeter', 'km m mm um nm'],
  ['mm', 1e-3, 'LINEAR', 'm', 'millimeter', 'km m mm um nm'],
  ['um', 1e-6, 'LINEAR', 'm', 'micrometer', 'km m mm um nm'],
  ['nm', 1e-9, 'LINEAR', 'm', 'nanometer', 'km m mm um nm'],
  ['km', 1e3, 'LINEAR', 'm', 'kilometer', 'km m mm um nm'],
  ['W', 1, 'LINEAR', 'W', 'watt', POWER],
  ['mW', 1e-3, 'LINEAR', 'W', 'milliwatt', POWER],
  ['uW', 1e-6, 'LINEAR', 'W', 'microwatt', POWER],
  ['nW', 1e-9, 'LINEAR', 'W', 'nanowatt', POWER],
  ['pW', 1e-12, 'LINEAR', 'W', 'picowatt', POWER],
  ['fW', 1e-15, 'LINEAR', 'W', 'femtowatt', POWER],
  ['kW', 1e3, 'LINEAR', 'W', 'kilowatt', POWER],
  ['MW', 1e6, 'LINEAR', 'W', 'megawatt', POWER],
  ['GW', 1e9, 'LINEAR', 'W', 'gigawatt', POWER],
  ['Hz', 1, 'LINEAR', 'Hz', 'hertz', 'Hz kHz MHz GHz THz'],
  ['kHz', 1e3, 'LINEAR', 'Hz', 'kilohertz', 'Hz kHz MHz GHz THz'],
  ['MHz', 1e6, 'LINEAR', 'Hz', 'megahertz', 'Hz kHz MHz GHz THz'],
  ['GHz', 1e9, 'LINEAR', 'Hz', 'gigahertz', 'Hz kHz MHz GHz THz'],
  ['THz', 1e12, 'LINEAR', 'Hz', 'terahertz', 'Hz kHz MHz GHz THz'],
  ['kg', 1, 'LINEAR', 'kg', 'kilogram', 'kg g'],
  ['g', 1e-3, 'LINEAR', 'kg', 'gram', 'kg g'],
  ['t', 1e3, 'LINEAR', 'kg', 'tonne', 'kg g'],
  ['K', 1, 'LINEAR', 'K', 'kelvin'],
  ['J', 1, 'LINEAR', 'J', 'joule', 'J kJ MJ'],
  ['kJ', 1e3, 'LINEAR', 'J', 'kilojoule', 'J kJ MJ'],
  ['MJ', 1e6, 'LINEAR', 'J', 'megajoule', 'J kJ MJ'],
  ['Ws', 1, 'LINEAR', 'J', 'watt-second', 'Ws'],
  ['Wh', 3600, 'LINEAR', 'J', 'watt-hour', 'Wh kWh MWh'],
  ['kWh', 3600e3, 'LINEAR', 'J', 'kilowatt-hour', 'Wh kWh MWh'],
  ['MWh', 3600e6, 'LINEAR', 'J', 'megawatt-hour', 'Wh kWh MWh'],
  ['V', 1, 'LINEAR', 'V', 'volt', 'V kV mV'],
  ['kV', 1e3, 'LINEAR', 'V', 'kilovolt', 'V kV mV'],
  ['mV', 1e-3, 'LINEAR', 'V', 'millivolt', 'V kV mV'],
  ['A', 1, 'LINEAR', 'A', 'ampere', 'A mA uA'],
  ['mA', 1e-3, 'LINEAR', 'A', 'milliampere', 'A mA uA'],
  ['uA', 1e-6, 'LINEAR', 'A', 'microampere', 'A mA uA'],
  ['Ohm', 1, 'LINEAR', 'Ohm', 'ohm', OHM],
  ['mOhm', 1e-3, 'LINEAR', 'Ohm', 'milliohm', OHM],
  ['kOhm', 1e3, 'LINEAR', 'Ohm', 'kiloohm', OHM],
  ['MOhm', 1e6, 'LINEAR', 'Ohm', 'megaohm', OHM],
  ['mps', 1, 'LINEAR', 'mps', 'meter/sec'],
  ['kmps', 1e3, 'LINEAR', 'mps', 'kilometer/sec', 'mps'],
  ['kmph', 1 / 3.6, 'LINEAR', 'mps', 'kilometer/hour', 'mps'],
  ['C', 1, 'LINEAR', 'As', 'coulomb'],
  ['As', 1, 'LINEAR', 'As', 'ampere-second', 'As mAs'],
  ['mAs', 1e-3, 'LINEAR', 'As', 'milliampere-second', 'As mAs'],
  ['Ah', 3600, 'LINEAR', 'As', 'ampere-hour', 'Ah mAh'],
  ['mAh', 3.6, 'LINEAR', 'As', 'milliampere-hour', 'Ah mAh'],
  ['x', 1, 'LINEAR', 'x', 'times'],
  // logarithmic: value = mult * log10(base)
  ['dBW', 10, 'LOG10', 'W', 'decibel-watt', 'dBW dBmW'],
  ['dBm', 10, 'LOG10', 'mW', 'decibel-milliwatt', 'dBW dBmW'],
  ['dBmW', 10, 'LOG10', 'mW', 'decibel-milliwatt', 'dBW dBmW'],
  ['dBV', 20, 'LOG10', 'V', 'decibel-volt', 'dBV dBmV'],
  ['dBmV', 20, 'LOG10', 'mV', 'decibel-millivolt', 'dBV dBmV'],
  ['dBA', 20, 'LOG10', 'A', 'decibel-ampere', 'dBA dBmA'],
  ['dBmA', 20, 'LOG10', 'mA', 'decibel-milliampere', 'dBA dBmA'],
  ['dB', 20, 'LOG10', 'x', 'decibel'],
];

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 0x20));
}

const UNITS: UnitInfo[] = TABLE.map(
  ([name, mult, mapping, baseUnitName, longName, best]) =>
    ({
      name,
      mult,
      mapping,
      baseUnitName,
      longName,
      bestUnitCandidatesList: best ?? '',
    }) as UnitInfo,
);
const BY_SHORT_NAME = new Map<string, UnitInfo>();
const BY_LONG_NAME = new Map<string, UnitInfo>(); // lowercase long name -> first unit in table order
for (const u of UNITS) {
  BY_SHORT_NAME.set(u.name, u);
  if (!BY_LONG_NAME.has(asciiLower(u.longName))) BY_LONG_NAME.set(asciiLower(u.longName), u);
}

function lookupUnit(unitName: string | undefined): UnitInfo | undefined {
  if (!unitName) return undefined;
  const u = BY_SHORT_NAME.get(unitName);
  if (u) return u;
  if (unitName.length >= 3) {
    const l = BY_LONG_NAME.get(asciiLower(unitName));
    if (l) return l;
  }
  // maybe a plural form of a long name: retry without the trailing "s"
  if (unitName.length >= 4 && unitName.endsWith('s')) return lookupUnit(unitName.slice(0, -1));
  return undefined;
}

function getUnit(name: string): UnitInfo {
  const u = lookupUnit(name);
  if (!u) throw new Error(`internal: unknown unit ${name}`);
  return u;
}

function areCompatible(u1: UnitInfo, u2: UnitInfo): boolean {
  if (u1.baseUnit === u2.baseUnit) return true;
  if (u1.baseUnit !== u1) return areCompatible(u1.baseUnit, u2);
  if (u2.baseUnit !== u2) return areCompatible(u1, u2.baseUnit);
  return false;
}

const isWholeNumber = (x: number): boolean => Math.abs(x - Math.floor(x + 0.5)) < 1e-15;

for (const u of UNITS) {
  u.baseUnit = getUnit(u.baseUnitName);
  u.isByteBased = u.longName.includes('byte');
  const candidates = (u.bestUnitCandidatesList || u.name).split(/\s+/).filter((s) => s);
  u.bestUnitCandidates = candidates.map(getUnit);
  const n = u.name;
  if (u.mapping === 'LOG10') u.prefixType = 'DECIMAL';
  else if (/^(Ki|Mi|Gi|Ti)/.test(n) || n === 'b' || n === 'B') u.prefixType = 'BINARY';
  else if (isWholeNumber(Math.log10(u.isByteBased ? u.mult / 8 : u.mult))) u.prefixType = 'DECIMAL';
  else u.prefixType = 'TRADITIONAL';
}
for (const u of UNITS) u.compatibleUnits = UNITS.filter((c) => areCompatible(c, u));
const BITS_UNIT = getUnit('b');
const BYTES_UNIT = getUnit('B');
const SECONDS_UNIT = getUnit('s');

const isEmpty = (s: string | undefined): boolean => !s;

/** True if the unit (short name, long name or plural long name) is known to OMNeT++. */
export function isKnownUnit(unit: string): boolean {
  return lookupUnit(unit) !== undefined;
}

/** False for logarithmic units (dBm, dB, ...); unknown (custom) units count as linear. */
export function isLinearUnit(unit: string | undefined): boolean {
  const u = lookupUnit(unit);
  return u ? u.mapping === 'LINEAR' : true;
}

/** The base unit (`ms` -> `s`, `KiB` -> `b`, `dBm` -> `mW`), or undefined for unknown units. */
export function getBaseUnit(unit: string): string | undefined {
  return lookupUnit(unit)?.baseUnitName;
}

/** The short name of a unit given by any accepted name (`seconds` -> `s`). */
export function getShortName(unit: string): string {
  return lookupUnit(unit)?.name ?? unit;
}

/** The long name of a unit (`s` -> `second`); the input itself if unknown. */
export function getLongName(unit: string): string {
  return lookupUnit(unit)?.longName ?? unit;
}

/** Short names of all known units, in OMNeT++'s table order. */
export function getKnownUnits(): string[] {
  return UNITS.map((u) => u.name);
}

/** True if values can be converted between the two units. */
export function areCompatibleUnits(unit1: string, unit2: string): boolean {
  if (unit1 === unit2) return true;
  const u1 = lookupUnit(unit1);
  const u2 = lookupUnit(unit2);
  return u1 !== undefined && u2 !== undefined && areCompatible(u1, u2);
}

/** `'s' (second)`, or just `'foo'` for an unknown unit. */
export function getUnitDescription(unit: string): string {
  const u = lookupUnit(unit);
  return u ? `'${unit}' (${u.longName})` : `'${unit}'`;
}

function tryGetConversionFactor(unit: UnitInfo, target: UnitInfo): number {
  if (unit === target) return 1.0;
  if (unit.baseUnit === target && unit.mapping === 'LINEAR') return unit.mult;
  if (unit === target.baseUnit && target.mapping === 'LINEAR') return 1.0 / target.mult;
  if (unit !== unit.baseUnit && unit.mapping === 'LINEAR')
    return unit.mult * tryGetConversionFactor(unit.baseUnit, target);
  if (target !== target.baseUnit && target.mapping === 'LINEAR')
    return tryGetConversionFactor(unit, target.baseUnit) / target.mult;
  return 0;
}

/**
 * The multiplier converting values in `unit` to `targetUnit` (1 when both are the same or both
 * are empty), or 0 if there is no linear conversion (unrelated, unknown or logarithmic units).
 */
export function getConversionFactor(
  unit: string | undefined,
  targetUnit: string | undefined,
): number {
  if ((unit ?? '') === (targetUnit ?? '')) return 1.0;
  if (isEmpty(unit) || isEmpty(targetUnit)) return 0;
  const u = lookupUnit(unit);
  const t = lookupUnit(targetUnit);
  if (!u || !t) return 0;
  return tryGetConversionFactor(u, t);
}

function convertToBase(value: number, unit: UnitInfo): number {
  return unit.mapping === 'LINEAR' ? unit.mult * value : Math.pow(10.0, value / unit.mult);
}

function convertFromBase(value: number, unit: UnitInfo): number {
  return unit.mapping === 'LINEAR' ? value / unit.mult : unit.mult * Math.log10(value);
}

function tryConvert(value: number, unit: UnitInfo, target: UnitInfo): number {
  if (unit === target) return value;
  if (unit.baseUnit === target) return convertToBase(value, unit);
  if (unit === target.baseUnit) return convertFromBase(value, target);
  if (unit !== unit.baseUnit) return tryConvert(convertToBase(value, unit), unit.baseUnit, target);
  if (target.name !== target.baseUnitName)
    return convertFromBase(tryConvert(value, unit, target.baseUnit), target);
  return NaN;
}

function cannotConvert(unit: string | undefined, targetUnit: string | undefined): never {
  throw new ExprError(
    `Cannot convert unit ${unit ? getUnitDescription(unit) : 'none'} to ${
      targetUnit ? getUnitDescription(targetUnit) : 'none'
    }`,
  );
}

/**
 * Converts `value` from `unit` to `targetUnit` (empty/undefined = dimensionless); throws
 * `Cannot convert unit 'm' (meter) to 's' (second)` if impossible. A unitless NaN converts to
 * anything.
 */
export function convertUnit(
  value: number,
  unit: string | undefined,
  targetUnit: string | undefined,
): number {
  if ((unit ?? '') === (targetUnit ?? '')) return value;
  if (Number.isNaN(value) && isEmpty(unit)) return value;
  if (isEmpty(unit) || isEmpty(targetUnit)) cannotConvert(unit, targetUnit);
  const u = lookupUnit(unit);
  const t = lookupUnit(targetUnit);
  if (!u || !t) cannotConvert(unit, targetUnit);
  const result = tryConvert(value, u, t);
  if (Number.isNaN(result) && !Number.isNaN(value)) cannotConvert(unit, targetUnit);
  return result;
}

// ---- C strtod() emulation ----

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export interface StrtodResult {
  /** The parsed value (0 if nothing was parsed). */
  value: number;
  /** Index just after the number; equals the start index if no number was found. */
  end: number;
  /** C's errno == ERANGE: overflow, or underflow to zero/subnormal. */
  erange: boolean;
}

/** C's `strtod(s + start, &end)` in the "C" locale (glibc semantics). */
export function cStrtod(s: string, start = 0): StrtodResult {
  let i = start;
  while (isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  const sign = neg ? -1 : 1;
  const head = asciiLower(s.slice(i, i + 8));
  if (head.startsWith('inf')) {
    return { value: sign * Infinity, end: i + (head === 'infinity' ? 8 : 3), erange: false };
  }
  if (head.startsWith('nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40 /* ( */) {
      let j = end + 1;
      while (j < s.length && (isAlpha(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)) || s[j] === '_'))
        j++;
      if (s[j] === ')') end = j + 1;
    }
    return { value: NaN, end, erange: false };
  }
  c = s.charCodeAt(i);
  if (c === 48 && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    let j = i + 2;
    let mant = 0n;
    let nDigits = 0;
    let fracDigits = 0;
    while (isHexDigit(s.charCodeAt(j))) {
      mant = mant * 16n + BigInt(parseInt(s[j]!, 16));
      j++;
      nDigits++;
    }
    if (s[j] === '.') {
      let k = j + 1;
      while (isHexDigit(s.charCodeAt(k))) {
        mant = mant * 16n + BigInt(parseInt(s[k]!, 16));
        k++;
        nDigits++;
        fracDigits++;
      }
      if (nDigits > 0) j = k;
    }
    if (nDigits === 0) return { value: sign * 0, end: i + 1, erange: false };
    let exp = 0;
    if (s[j] === 'p' || s[j] === 'P') {
      let k = j + 1;
      let expSign = 1;
      if (s[k] === '+' || s[k] === '-') {
        expSign = s[k] === '-' ? -1 : 1;
        k++;
      }
      if (isDigit(s.charCodeAt(k))) {
        let e = 0;
        while (isDigit(s.charCodeAt(k))) {
          e = Math.min(e * 10 + (s.charCodeAt(k) - 48), 100000);
          k++;
        }
        exp = expSign * e;
        j = k;
      }
    }
    const value = sign * Number(mant) * Math.pow(2, exp - 4 * fracDigits);
    return { value, end: j, erange: !Number.isFinite(value) };
  }
  let j = i;
  let nDigits = 0;
  let nonZero = false;
  while (isDigit(s.charCodeAt(j))) {
    if (s[j] !== '0') nonZero = true;
    j++;
    nDigits++;
  }
  if (s[j] === '.') {
    let k = j + 1;
    while (isDigit(s.charCodeAt(k))) {
      if (s[k] !== '0') nonZero = true;
      k++;
      nDigits++;
    }
    j = k;
  }
  if (nDigits === 0) return { value: 0, end: start, erange: false };
  if (s[j] === 'e' || s[j] === 'E') {
    let k = j + 1;
    if (s[k] === '+' || s[k] === '-') k++;
    if (isDigit(s.charCodeAt(k))) {
      while (isDigit(s.charCodeAt(k))) k++;
      j = k;
    }
  }
  const text = s.slice(i, j);
  const abs = Number(text);
  const value = sign * abs;
  const erange = !Number.isFinite(abs) || (nonZero && (abs === 0 || abs < 2.2250738585072014e-308));
  return { value, end: j, erange };
}

// ---- quantities ----

export interface Quantity {
  value: number;
  /** The unit as written (the last one for compound quantities); '' for a plain number. */
  unit: string;
}

/**
 * OMNeT++'s `UnitConversion::parseQuantity()`: `<number>` or `(<number> <unit>)+`, e.g. `"-1s
 * 200ms"` (= -1200ms: the sign applies to the whole quantity, units must strictly decrease).
 * Everything is converted into the last unit. Throws {@link ExprError} on syntax errors.
 */
export function parseQuantity(text: string): Quantity {
  let pos = 0;
  const readNumber = (): number | undefined => {
    const from = pos;
    const r = cStrtod(text, pos);
    if (r.end === pos) return undefined;
    if (r.erange)
      throw new ExprError(`Overflow or underflow during conversion of '${text.slice(from)}'`);
    pos = r.end;
    if (isAlpha(text.charCodeAt(pos - 1)) && isAlpha(text.charCodeAt(pos)))
      throw new ExprError(
        `Syntax error parsing quantity '${text.slice(from)}': Space required after nan/inf`,
      );
    while (isSpace(text.charCodeAt(pos))) pos++;
    return r.value;
  };
  const readUnit = (): string => {
    while (isSpace(text.charCodeAt(pos))) pos++;
    const from = pos;
    while (isAlpha(text.charCodeAt(pos))) pos++;
    const unit = text.slice(from, pos);
    while (isSpace(text.charCodeAt(pos))) pos++;
    return unit;
  };

  let result = readNumber();
  if (result === undefined)
    throw new ExprError(`Syntax error parsing quantity '${text}': Must begin with a number`);
  let unit = readUnit();
  if (!unit) {
    if (pos < text.length)
      throw new ExprError(`Syntax error parsing quantity '${text}': Garbage after first number`);
    return { value: result, unit: '' };
  }
  let minus = false;
  if (result < 0) {
    minus = true;
    result = -result;
  }
  while (pos < text.length) {
    const d = readNumber();
    if (d === undefined) break;
    const tmpUnit = readUnit();
    if (!tmpUnit) throw new ExprError(`Syntax error parsing quantity '${text}': Missing unit`);
    if (d < 0)
      throw new ExprError(
        `Syntax error parsing quantity '${text}': Minus sign only accepted at the front`,
      );
    if (!isLinearUnit(unit) || !isLinearUnit(tmpUnit))
      throw new ExprError(
        `Error in quantity '${text}': Concatenated quantity literals are not supported with non-linear units like dB`,
      );
    const factor = getConversionFactor(unit, tmpUnit);
    if (factor === 0)
      throw new ExprError(
        `Error in quantity '${text}': Unit ${getUnitDescription(tmpUnit)} does not match ${getUnitDescription(unit)}`,
      );
    if (factor <= 1)
      throw new ExprError(
        `Error in quantity '${text}': Units must be in strictly decreasing order of magnitude`,
      );
    result = result * factor + d;
    unit = tmpUnit;
  }
  if (minus) result = -result;
  if (pos < text.length) throw new ExprError(`Syntax error parsing quantity '${text}'`);
  return { value: result, unit };
}

/** `parseQuantity()` followed by conversion into `expectedUnit` ('' or undefined: dimensionless). */
export function parseQuantityInUnit(text: string, expectedUnit: string | undefined): number {
  const q = parseQuantity(text);
  return convertUnit(q.value, q.unit, expectedUnit);
}

/** `%g` of the value followed by the unit (with a space in between for inf/nan). */
export function formatQuantity(value: number, unit?: string): string {
  const s = formatG(value);
  if (!unit) return s;
  return Number.isFinite(value) ? s + unit : s + ' ' + unit;
}

// ---- best unit ----

function calculateUnitScore(
  originalValue: number,
  originalUnit: UnitInfo,
  unit: UnitInfo,
  considerPreferences: boolean,
): number {
  if (originalValue < 0 && originalUnit.mapping === 'LINEAR') {
    if (unit.mapping === 'LOG10') return NaN;
    originalValue = Math.abs(originalValue);
  }
  const value = tryConvert(originalValue, originalUnit, unit);
  let score = 0;
  if (unit.baseUnit === BITS_UNIT) {
    // default options: bit/byte policy KEEP, binary prefix policy KEEP, kilobyteThreshold 10240
    if (unit.isByteBased === originalUnit.isByteBased) score += 10;
    if (unit === BITS_UNIT || unit === BYTES_UNIT) score += 1;
    else if (unit.prefixType === originalUnit.prefixType) score += 1;
    if ((unit === BYTES_UNIT || unit === BITS_UNIT) && value >= 1000 && value < 10240) score += 1;
    if (
      unit === BITS_UNIT &&
      originalUnit === BITS_UNIT &&
      isWholeNumber(originalValue) &&
      !isWholeNumber(originalValue / 8) &&
      originalValue < 10240
    )
      score += 5;
    if (isWholeNumber(originalValue) && isWholeNumber(value) && value < 1000) score += 5;
  } else if (considerPreferences) {
    if (originalUnit.bestUnitCandidates.includes(unit)) score += 20;
    if (unit.baseUnit === SECONDS_UNIT) {
      if (unit.prefixType === 'TRADITIONAL') score += -1;
    } else if (unit.prefixType === 'TRADITIONAL') {
      score += -1;
    }
    if (unit.mapping === originalUnit.mapping) score += 30;
  }
  if (unit.mapping === 'LINEAR') {
    const compressed = Math.log10(value) / 620 + 0.5;
    score += 1;
    if (value >= 1) {
      score += 10;
      score += -compressed;
    } else {
      score += compressed;
    }
  } else {
    const compressed = Math.atan(value / 10) / 3.1416 + 0.5;
    if (value >= 0) {
      score += 10;
      score += -compressed;
    } else {
      score += compressed;
    }
  }
  return score;
}

/**
 * OMNeT++'s `UnitConversion::getBestUnit(value, unit)` with default options: the compatible unit
 * in which the value reads best (e.g. 0.0015s -> ms). Unknown units are returned unchanged.
 */
export function getBestUnit(value: number, unitName: string): string {
  const unit = lookupUnit(unitName);
  if (!unit) return unitName;
  if ((value === 0 && unit.mapping === 'LINEAR') || !Number.isFinite(value)) return unit.name;
  const candidates = unit.compatibleUnits.includes(unit)
    ? unit.compatibleUnits
    : [...unit.compatibleUnits, unit];
  // std::max_element: the first maximum (a NaN score never wins, nor loses once chosen)
  let best = 0;
  let bestScore = calculateUnitScore(value, unit, candidates[0]!, true);
  for (let i = 1; i < candidates.length; i++) {
    const score = calculateUnitScore(value, unit, candidates[i]!, true);
    if (bestScore < score) {
      best = i;
      bestScore = score;
    }
  }
  return candidates[best]!.name;
}
