import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/core/ini/errors.ts
var IniError = class extends Error {
  location;
  constructor(message, location) {
    super(message);
    this.name = "IniError";
    this.location = location;
  }
  /** The message with its location, as the CLI prints it: `omnetpp.ini:12: Unterminated string constant`. */
  describe() {
    return this.location ? `${this.location.file}:${this.location.line}: ${this.message}` : this.message;
  }
};
var TooManyRunsError = class extends IniError {
  count;
  limit;
  /** `count` is Infinity when counting stopped past the limit. */
  constructor(configName, count, limit) {
    super(
      `Config ${configName} expands to ${Number.isFinite(count) ? `${count} runs, more than the limit of ${limit}` : `more than ${limit} runs, the limit`} (raise it with --max-runs)`
    );
    this.name = "TooManyRunsError";
    this.count = count;
    this.limit = limit;
  }
};

// src/core/expr/errors.ts
var ExprError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ExprError";
  }
};
var ExprSyntaxError = class extends ExprError {
  constructor(message) {
    super(message);
    this.name = "ExprSyntaxError";
  }
};
var ExprEvalError = class extends ExprError {
  constructor(message) {
    super(message);
    this.name = "ExprEvalError";
  }
};

// src/core/expr/format.ts
var f64 = new Float64Array(1);
var u64 = new BigUint64Array(f64.buffer);
function exactDigits(x) {
  f64[0] = Math.abs(x);
  const bits = u64[0] ?? 0n;
  const biasedExp = Number(bits >> 52n & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e2;
  if (biasedExp === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biasedExp - 1075;
  }
  let digits;
  let pointPos;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    pointPos = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    pointPos = digits.length + e2;
  }
  const firstNonZero = digits.search(/[1-9]/);
  const trimmed = digits.slice(firstNonZero).replace(/0+$/, "");
  return { digits: trimmed, exp10: pointPos - firstNonZero - 1 };
}
function roundSignificant(x, precision) {
  const s = Math.abs(x).toExponential(precision - 1);
  const ePos = s.indexOf("e");
  const longer = Math.abs(x).toExponential(Math.min(100, Math.max(16, precision + 4)));
  const tail = longer.slice(precision + 1, longer.indexOf("e"));
  if (tail.charCodeAt(0) !== 53 || !/^50*$/.test(tail)) {
    return {
      digits: s.slice(0, 1) + s.slice(2, ePos),
      exp10: Number(s.slice(ePos + 1))
    };
  }
  const exact = exactDigits(x);
  let digits = exact.digits.padEnd(precision + 1, "0");
  let exp10 = exact.exp10;
  const rest = digits.slice(precision);
  digits = digits.slice(0, precision);
  const lastDigit = digits.charCodeAt(precision - 1) - 48;
  const roundUp = rest[0] > "5" || rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || lastDigit % 2 === 1);
  if (roundUp) {
    const n = (BigInt(digits) + 1n).toString();
    if (n.length > precision) {
      digits = n.slice(0, precision);
      exp10++;
    } else {
      digits = n;
    }
  }
  return { digits, exp10 };
}
function formatG(x) {
  return formatGPrecision(x, 6);
}
function formatGPrecision(x, precision) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const P = precision === 0 ? 1 : precision;
  if (P === 6 && Number.isInteger(x) && x > -1e6 && x < 1e6 && !Object.is(x, -0)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return sign + "0";
  const { digits, exp10 } = roundSignificant(x, P);
  if (exp10 < -4 || exp10 >= P) {
    let mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    const absExp = Math.abs(exp10);
    return `${sign}${mant}e${exp10 < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  let out;
  if (exp10 >= 0) {
    const intPart = digits.slice(0, exp10 + 1);
    const frac = digits.slice(exp10 + 1).replace(/0+$/, "");
    out = frac ? `${intPart}.${frac}` : intPart;
  } else {
    const frac = ("0".repeat(-exp10 - 1) + digits).replace(/0+$/, "");
    out = `0.${frac}`;
  }
  return sign + out;
}
function formatFixed6(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (Math.abs(x) < 1e21) {
    const s = x.toFixed(6);
    return Object.is(x, -0) || x < 0 && !s.startsWith("-") ? "-" + s : s;
  }
  return BigInt(x).toString() + ".000000";
}
function isCntrl(c) {
  return c < 32 || c === 127;
}
function quoteString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 8:
        out += "\\b";
        break;
      case 12:
        out += "\\f";
        break;
      case 10:
        out += "\\n";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      case 34:
        out += '\\"';
        break;
      case 92:
        out += "\\\\";
        break;
      default:
        if (isCntrl(c)) out += "\\x" + c.toString(16).toUpperCase().padStart(2, "0");
        else out += s[i];
    }
  }
  return out + '"';
}

// src/core/expr/value.ts
var UNDEF_VALUE = Object.freeze({ type: "undef" });
var NULL_POINTER_VALUE = Object.freeze({ type: "pointer", value: null });
var TRUE_VALUE = Object.freeze({ type: "bool", value: true });
var FALSE_VALUE = Object.freeze({ type: "bool", value: false });
var INT64_MIN = -(2n ** 63n);
var INT64_MAX = 2n ** 63n - 1n;
function boolValue(b) {
  return b ? TRUE_VALUE : FALSE_VALUE;
}
function intValue(value, unit) {
  return { type: "int", value, unit };
}
function doubleValue(value, unit) {
  return { type: "double", value, unit };
}
function stringValue(value) {
  return { type: "string", value };
}
function getTypeName(type) {
  switch (type) {
    case "undef":
      return "undefined";
    case "bool":
      return "bool";
    case "int":
      return "integer";
    case "double":
      return "double";
    case "string":
      return "string";
    case "pointer":
      return "object";
  }
}
function valueToString(v) {
  switch (v.type) {
    case "undef":
      return "undefined";
    case "bool":
      return v.value ? "true" : "false";
    case "int":
      return v.value.toString() + (v.unit ?? "");
    case "double": {
      const s = formatG(v.value);
      if (!v.unit) return s;
      return Number.isFinite(v.value) ? s + v.unit : s + " " + v.unit;
    }
    case "string":
      return quoteString(v.value);
    case "pointer":
      return "nullptr";
  }
}

// src/core/expr/int64.ts
var TWO_POW_63 = 2 ** 63;
function safeAdd(a, b) {
  const r = a + b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(`Integer overflow adding ${a} and ${b}, try casting operands to double`);
  return r;
}
function safeSub(a, b) {
  const r = a - b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(
      `Integer overflow subtracting ${b} from ${a}, try casting operands to double`
    );
  return r;
}
function safeMul(a, b) {
  const r = a * b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(
      `Integer overflow multiplying ${a} and ${b}, try casting operands to double`
    );
  return r;
}
function intPow(base, exp) {
  if (exp === 0n) return 1n;
  try {
    let result = 1n;
    for (; ; ) {
      if (exp & 1n) result = safeMul(result, base);
      exp >>= 1n;
      if (exp === 0n) break;
      base = safeMul(base, base);
    }
    return result;
  } catch {
    throw new ExprError("Overflow during integer exponentiation, try casting operands to double");
  }
}
function shift(a, b) {
  if (b > 0n) return b < 64n ? BigInt.asIntN(64, a << b) : 0n;
  return -64n < b ? a >> -b : a > 0n ? 0n : -1n;
}
function wrap64(x) {
  return BigInt.asIntN(64, x);
}
function truncToInt64(d) {
  if (Number.isNaN(d) || d >= TWO_POW_63 || d < -TWO_POW_63) return INT64_MIN;
  return BigInt(Math.trunc(d));
}
function safeCastToDouble(x, hint = "use explicit cast to double to suppress this error") {
  const d = Number(x);
  if (truncToInt64(d) !== x)
    throw new ExprError(
      `Integer ${x} too large, conversion to double would incur precision loss (${hint})`
    );
  return d;
}
function checkedIntCast(d) {
  const res = truncToInt64(d);
  if (Number(res) !== Math.trunc(d) || res === INT64_MAX)
    throw new ExprError(`Overflow casting ${formatFixed6(d)} to the target integer type`);
  return res;
}
var f642 = new Float64Array(1);
var i64 = new BigInt64Array(f642.buffer);
function doubleBits(d) {
  f642[0] = d;
  return i64[0];
}
function bitsToDouble(b) {
  i64[0] = b;
  return f642[0];
}

// src/core/expr/pattern.ts
function isDigit(c) {
  return c >= 48 && c <= 57;
}
var LONG_MAX = 2n ** 63n - 1n;
function atol(s, i) {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const v = BigInt(s.slice(i, j));
  return v > LONG_MAX ? LONG_MAX : v;
}
function parseNumRange(s, pos, closing) {
  let lo = -1n;
  let hi = -1n;
  let i = pos + 1;
  if (isDigit(s.charCodeAt(i))) {
    lo = atol(s, i);
    while (isDigit(s.charCodeAt(i))) i++;
  }
  if (s[i] !== "." || s[i + 1] !== ".") return void 0;
  i += 2;
  if (isDigit(s.charCodeAt(i))) {
    hi = atol(s, i);
    while (isDigit(s.charCodeAt(i))) i++;
  }
  if (s[i] !== closing) return void 0;
  return { end: i, lo, hi };
}
function strncmpEquals(s, pos, lit) {
  for (let j = 0; j < lit.length; j++) {
    const c1 = s[pos + j] ?? "\0";
    if (c1 !== lit[j]) return false;
    if (c1 === "\0") return true;
  }
  return true;
}
function cString(s) {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}
var PatternMatcher = class {
  elems = [];
  constructor(pattern, options = {}) {
    const dotted = options.dottedPath ?? true;
    const p = pattern;
    let i = 0;
    const elems = this.elems;
    const parseLiteral = () => {
      let lit = "";
      while (i < p.length && p[i] !== "?" && p[i] !== "{" && p[i] !== "*") {
        if (p[i] === "\\") {
          i++;
          if (i >= p.length) {
            lit += "\0";
            break;
          }
          lit += p[i];
        } else {
          lit += p[i];
        }
        if (p[i] === "[" && parseNumRange(p, i, "]")) break;
        i++;
      }
      elems.push({ t: "LITERAL", s: lit });
    };
    while (i < p.length) {
      const c = p[i];
      if (c === "?") {
        elems.push(dotted ? { t: "NONDOTCHAR" } : { t: "ANYCHAR" });
        i++;
      } else if (c === "[") {
        const last = elems[elems.length - 1];
        const r = last && last.t === "LITERAL" ? parseNumRange(p, i, "]") : void 0;
        if (r) {
          elems.push({ t: "NUMRANGE", lo: r.lo, hi: r.hi });
          i = r.end;
        } else {
          parseLiteral();
        }
      } else if (c === "{") {
        const r = parseNumRange(p, i, "}");
        if (r) {
          elems.push({ t: "NUMRANGE", lo: r.lo, hi: r.hi });
          i = r.end + 1;
        } else {
          i++;
          let neg = false;
          if (p[i] === "^") {
            neg = true;
            i++;
          }
          const begin = i;
          let set = "";
          while (i < p.length && (p[i] !== "}" || i === begin)) {
            if (p[i + 1] === "-" && i + 2 < p.length && p[i + 2] !== "}") {
              set += p[i] + p[i + 2];
              i += 3;
            } else {
              set += p[i] + p[i];
              i++;
            }
          }
          if (i >= p.length) throw new ExprError("Unmatched '}' in expression");
          i++;
          elems.push({ t: "SET", set, neg });
        }
      } else if (c === "*") {
        if (p[i + 1] === "*") {
          elems.push({ t: "ANYSEQ" });
          i += 2;
        } else {
          elems.push(dotted ? { t: "NONDOTSEQ" } : { t: "ANYSEQ" });
          i++;
        }
      } else {
        parseLiteral();
      }
    }
    elems.push({ t: "END" });
  }
  matches(s) {
    return this.doMatch(s, 0, 0);
  }
  inSet(c, set) {
    for (let k = 0; k < set.length; k += 2) if (c >= set[k] && c <= set[k + 1]) return true;
    return false;
  }
  doMatch(s, pos, k) {
    const elems = this.elems;
    for (; ; ) {
      const e = elems[k];
      switch (e.t) {
        case "LITERAL":
          if (!strncmpEquals(s, pos, e.s)) return false;
          pos += e.s.length;
          break;
        case "NONDOTCHAR":
          if (pos >= s.length || s[pos] === ".") return false;
          pos++;
          break;
        case "ANYCHAR":
          if (pos >= s.length) return false;
          pos++;
          break;
        case "SET":
          if (pos >= s.length) return false;
          if (this.inSet(s[pos], e.set) === e.neg) return false;
          pos++;
          break;
        case "NUMRANGE": {
          if (!isDigit(s.charCodeAt(pos))) return false;
          const num = atol(s, pos);
          while (isDigit(s.charCodeAt(pos))) pos++;
          if (e.lo >= 0n && num < e.lo || e.hi >= 0n && num > e.hi) return false;
          break;
        }
        case "ANYSEQ": {
          if (k === elems.length - 2) return true;
          const next = elems[k + 1];
          if (k === elems.length - 3 && next.t === "LITERAL")
            return s.slice(pos).endsWith(cString(next.s));
          for (; ; ) {
            if (this.doMatch(s, pos, k + 1)) return true;
            if (pos >= s.length) return false;
            pos++;
          }
        }
        case "NONDOTSEQ":
          for (; ; ) {
            if (this.doMatch(s, pos, k + 1)) return true;
            if (pos >= s.length || s[pos] === ".") return false;
            pos++;
          }
        case "END":
          return pos >= s.length;
      }
      k++;
    }
  }
};

// src/core/expr/units.ts
var K = 1024;
var K8 = 8192;
var TIME = "d h min s ms us ns ps fs as";
var POWER = "GW MW kW W mW uW nW pW fW";
var OHM = "Ohm mOhm kOhm MOhm";
var TABLE = [
  ["d", 86400, "LINEAR", "s", "day", TIME],
  ["h", 3600, "LINEAR", "s", "hour", TIME],
  ["min", 60, "LINEAR", "s", "minute", TIME],
  ["s", 1, "LINEAR", "s", "second", TIME],
  ["ms", 1e-3, "LINEAR", "s", "millisecond", TIME],
  ["us", 1e-6, "LINEAR", "s", "microsecond", TIME],
  ["ns", 1e-9, "LINEAR", "s", "nanosecond", TIME],
  ["ps", 1e-12, "LINEAR", "s", "picosecond", TIME],
  ["fs", 1e-15, "LINEAR", "s", "femtosecond", TIME],
  ["as", 1e-18, "LINEAR", "s", "attosecond", TIME],
  ["bps", 1, "LINEAR", "bps", "bit/sec", "bps kbps Mbps Gbps Tbps"],
  ["kbps", 1e3, "LINEAR", "bps", "kilobit/sec", "bps kbps Mbps Gbps Tbps"],
  ["Mbps", 1e6, "LINEAR", "bps", "megabit/sec", "bps kbps Mbps Gbps Tbps"],
  ["Gbps", 1e9, "LINEAR", "bps", "gigabit/sec", "bps kbps Mbps Gbps Tbps"],
  ["Tbps", 1e12, "LINEAR", "bps", "terabit/sec", "bps kbps Mbps Gbps Tbps"],
  ["B", 8, "LINEAR", "b", "byte", "B KiB MiB GiB TiB"],
  ["KiB", K8, "LINEAR", "b", "kibibyte", "B KiB MiB GiB TiB"],
  ["MiB", K8 * K, "LINEAR", "b", "mebibyte", "B KiB MiB GiB TiB"],
  ["GiB", K8 * K * K, "LINEAR", "b", "gibibyte", "B KiB MiB GiB TiB"],
  ["TiB", K8 * K * K * K, "LINEAR", "b", "tebibyte", "B KiB MiB GiB TiB"],
  ["kB", 8e3, "LINEAR", "b", "kilobyte", "B kB MB GB TB"],
  ["MB", 8e6, "LINEAR", "b", "megabyte", "B kB MB GB TB"],
  ["GB", 8e9, "LINEAR", "b", "gigabyte", "B kB MB GB TB"],
  ["TB", 8e12, "LINEAR", "b", "terabyte", "B kB MB GB TB"],
  ["b", 1, "LINEAR", "b", "bit"],
  ["Kib", K, "LINEAR", "b", "kibibit", "b Kib Mib Gib Tib"],
  ["Mib", K * K, "LINEAR", "b", "mebibit", "b Kib Mib Gib Tib"],
  ["Gib", K * K * K, "LINEAR", "b", "gibibit", "b Kib Mib Gib Tib"],
  ["Tib", K * K * K * K, "LINEAR", "b", "tebibit", "b Kib Mib Gib Tib"],
  ["kb", 1e3, "LINEAR", "b", "kilobit", "b kb Mb Gb Tb"],
  ["Mb", 1e6, "LINEAR", "b", "megabit", "b kb Mb Gb Tb"],
  ["Gb", 1e9, "LINEAR", "b", "gigabit", "b kb Mb Gb Tb"],
  ["Tb", 1e12, "LINEAR", "b", "terabit", "b kb Mb Gb Tb"],
  ["rad", 1, "LINEAR", "rad", "radian"],
  ["deg", Math.PI / 180, "LINEAR", "rad", "degree"],
  ["m", 1, "LINEAR", "m", "meter", "km m mm um nm"],
  ["dm", 0.1, "LINEAR", "m", "decimeter", "km m mm um nm"],
  ["cm", 0.01, "LINEAR", "m", "centimeter", "km m mm um nm"],
  ["mm", 1e-3, "LINEAR", "m", "millimeter", "km m mm um nm"],
  ["um", 1e-6, "LINEAR", "m", "micrometer", "km m mm um nm"],
  ["nm", 1e-9, "LINEAR", "m", "nanometer", "km m mm um nm"],
  ["km", 1e3, "LINEAR", "m", "kilometer", "km m mm um nm"],
  ["W", 1, "LINEAR", "W", "watt", POWER],
  ["mW", 1e-3, "LINEAR", "W", "milliwatt", POWER],
  ["uW", 1e-6, "LINEAR", "W", "microwatt", POWER],
  ["nW", 1e-9, "LINEAR", "W", "nanowatt", POWER],
  ["pW", 1e-12, "LINEAR", "W", "picowatt", POWER],
  ["fW", 1e-15, "LINEAR", "W", "femtowatt", POWER],
  ["kW", 1e3, "LINEAR", "W", "kilowatt", POWER],
  ["MW", 1e6, "LINEAR", "W", "megawatt", POWER],
  ["GW", 1e9, "LINEAR", "W", "gigawatt", POWER],
  ["Hz", 1, "LINEAR", "Hz", "hertz", "Hz kHz MHz GHz THz"],
  ["kHz", 1e3, "LINEAR", "Hz", "kilohertz", "Hz kHz MHz GHz THz"],
  ["MHz", 1e6, "LINEAR", "Hz", "megahertz", "Hz kHz MHz GHz THz"],
  ["GHz", 1e9, "LINEAR", "Hz", "gigahertz", "Hz kHz MHz GHz THz"],
  ["THz", 1e12, "LINEAR", "Hz", "terahertz", "Hz kHz MHz GHz THz"],
  ["kg", 1, "LINEAR", "kg", "kilogram", "kg g"],
  ["g", 1e-3, "LINEAR", "kg", "gram", "kg g"],
  ["t", 1e3, "LINEAR", "kg", "tonne", "kg g"],
  ["K", 1, "LINEAR", "K", "kelvin"],
  ["J", 1, "LINEAR", "J", "joule", "J kJ MJ"],
  ["kJ", 1e3, "LINEAR", "J", "kilojoule", "J kJ MJ"],
  ["MJ", 1e6, "LINEAR", "J", "megajoule", "J kJ MJ"],
  ["Ws", 1, "LINEAR", "J", "watt-second", "Ws"],
  ["Wh", 3600, "LINEAR", "J", "watt-hour", "Wh kWh MWh"],
  ["kWh", 36e5, "LINEAR", "J", "kilowatt-hour", "Wh kWh MWh"],
  ["MWh", 36e8, "LINEAR", "J", "megawatt-hour", "Wh kWh MWh"],
  ["V", 1, "LINEAR", "V", "volt", "V kV mV"],
  ["kV", 1e3, "LINEAR", "V", "kilovolt", "V kV mV"],
  ["mV", 1e-3, "LINEAR", "V", "millivolt", "V kV mV"],
  ["A", 1, "LINEAR", "A", "ampere", "A mA uA"],
  ["mA", 1e-3, "LINEAR", "A", "milliampere", "A mA uA"],
  ["uA", 1e-6, "LINEAR", "A", "microampere", "A mA uA"],
  ["Ohm", 1, "LINEAR", "Ohm", "ohm", OHM],
  ["mOhm", 1e-3, "LINEAR", "Ohm", "milliohm", OHM],
  ["kOhm", 1e3, "LINEAR", "Ohm", "kiloohm", OHM],
  ["MOhm", 1e6, "LINEAR", "Ohm", "megaohm", OHM],
  ["mps", 1, "LINEAR", "mps", "meter/sec"],
  ["kmps", 1e3, "LINEAR", "mps", "kilometer/sec", "mps"],
  ["kmph", 1 / 3.6, "LINEAR", "mps", "kilometer/hour", "mps"],
  ["C", 1, "LINEAR", "As", "coulomb"],
  ["As", 1, "LINEAR", "As", "ampere-second", "As mAs"],
  ["mAs", 1e-3, "LINEAR", "As", "milliampere-second", "As mAs"],
  ["Ah", 3600, "LINEAR", "As", "ampere-hour", "Ah mAh"],
  ["mAh", 3.6, "LINEAR", "As", "milliampere-hour", "Ah mAh"],
  ["x", 1, "LINEAR", "x", "times"],
  // logarithmic: value = mult * log10(base)
  ["dBW", 10, "LOG10", "W", "decibel-watt", "dBW dBmW"],
  ["dBm", 10, "LOG10", "mW", "decibel-milliwatt", "dBW dBmW"],
  ["dBmW", 10, "LOG10", "mW", "decibel-milliwatt", "dBW dBmW"],
  ["dBV", 20, "LOG10", "V", "decibel-volt", "dBV dBmV"],
  ["dBmV", 20, "LOG10", "mV", "decibel-millivolt", "dBV dBmV"],
  ["dBA", 20, "LOG10", "A", "decibel-ampere", "dBA dBmA"],
  ["dBmA", 20, "LOG10", "mA", "decibel-milliampere", "dBA dBmA"],
  ["dB", 20, "LOG10", "x", "decibel"]
];
function asciiLower(s) {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 32));
}
var UNITS = TABLE.map(
  ([name, mult, mapping, baseUnitName, longName, best]) => ({
    name,
    mult,
    mapping,
    baseUnitName,
    longName,
    bestUnitCandidatesList: best ?? ""
  })
);
var BY_SHORT_NAME = /* @__PURE__ */ new Map();
var BY_LONG_NAME = /* @__PURE__ */ new Map();
for (const u of UNITS) {
  BY_SHORT_NAME.set(u.name, u);
  if (!BY_LONG_NAME.has(asciiLower(u.longName))) BY_LONG_NAME.set(asciiLower(u.longName), u);
}
function lookupUnit(unitName) {
  if (!unitName) return void 0;
  const u = BY_SHORT_NAME.get(unitName);
  if (u) return u;
  if (unitName.length >= 3) {
    const l = BY_LONG_NAME.get(asciiLower(unitName));
    if (l) return l;
  }
  if (unitName.length >= 4 && unitName.endsWith("s")) return lookupUnit(unitName.slice(0, -1));
  return void 0;
}
function getUnit(name) {
  const u = lookupUnit(name);
  if (!u) throw new Error(`internal: unknown unit ${name}`);
  return u;
}
function areCompatible(u1, u2) {
  if (u1.baseUnit === u2.baseUnit) return true;
  if (u1.baseUnit !== u1) return areCompatible(u1.baseUnit, u2);
  if (u2.baseUnit !== u2) return areCompatible(u1, u2.baseUnit);
  return false;
}
var isWholeNumber = (x) => Math.abs(x - Math.floor(x + 0.5)) < 1e-15;
for (const u of UNITS) {
  u.baseUnit = getUnit(u.baseUnitName);
  u.isByteBased = u.longName.includes("byte");
  const candidates = (u.bestUnitCandidatesList || u.name).split(/\s+/).filter((s) => s);
  u.bestUnitCandidates = candidates.map(getUnit);
  const n = u.name;
  if (u.mapping === "LOG10") u.prefixType = "DECIMAL";
  else if (/^(Ki|Mi|Gi|Ti)/.test(n) || n === "b" || n === "B") u.prefixType = "BINARY";
  else if (isWholeNumber(Math.log10(u.isByteBased ? u.mult / 8 : u.mult))) u.prefixType = "DECIMAL";
  else u.prefixType = "TRADITIONAL";
}
for (const u of UNITS) u.compatibleUnits = UNITS.filter((c) => areCompatible(c, u));
var BITS_UNIT = getUnit("b");
var BYTES_UNIT = getUnit("B");
var SECONDS_UNIT = getUnit("s");
var isEmpty = (s) => !s;
function isKnownUnit(unit) {
  return lookupUnit(unit) !== void 0;
}
function isLinearUnit(unit) {
  const u = lookupUnit(unit);
  return u ? u.mapping === "LINEAR" : true;
}
function getUnitDescription(unit) {
  const u = lookupUnit(unit);
  return u ? `'${unit}' (${u.longName})` : `'${unit}'`;
}
function tryGetConversionFactor(unit, target) {
  if (unit === target) return 1;
  if (unit.baseUnit === target && unit.mapping === "LINEAR") return unit.mult;
  if (unit === target.baseUnit && target.mapping === "LINEAR") return 1 / target.mult;
  if (unit !== unit.baseUnit && unit.mapping === "LINEAR")
    return unit.mult * tryGetConversionFactor(unit.baseUnit, target);
  if (target !== target.baseUnit && target.mapping === "LINEAR")
    return tryGetConversionFactor(unit, target.baseUnit) / target.mult;
  return 0;
}
function getConversionFactor(unit, targetUnit) {
  if ((unit ?? "") === (targetUnit ?? "")) return 1;
  if (isEmpty(unit) || isEmpty(targetUnit)) return 0;
  const u = lookupUnit(unit);
  const t = lookupUnit(targetUnit);
  if (!u || !t) return 0;
  return tryGetConversionFactor(u, t);
}
function convertToBase(value, unit) {
  return unit.mapping === "LINEAR" ? unit.mult * value : Math.pow(10, value / unit.mult);
}
function convertFromBase(value, unit) {
  return unit.mapping === "LINEAR" ? value / unit.mult : unit.mult * Math.log10(value);
}
function tryConvert(value, unit, target) {
  if (unit === target) return value;
  if (unit.baseUnit === target) return convertToBase(value, unit);
  if (unit === target.baseUnit) return convertFromBase(value, target);
  if (unit !== unit.baseUnit) return tryConvert(convertToBase(value, unit), unit.baseUnit, target);
  if (target.name !== target.baseUnitName)
    return convertFromBase(tryConvert(value, unit, target.baseUnit), target);
  return NaN;
}
function cannotConvert(unit, targetUnit) {
  throw new ExprError(
    `Cannot convert unit ${unit ? getUnitDescription(unit) : "none"} to ${targetUnit ? getUnitDescription(targetUnit) : "none"}`
  );
}
function convertUnit(value, unit, targetUnit) {
  if ((unit ?? "") === (targetUnit ?? "")) return value;
  if (Number.isNaN(value) && isEmpty(unit)) return value;
  if (isEmpty(unit) || isEmpty(targetUnit)) cannotConvert(unit, targetUnit);
  const u = lookupUnit(unit);
  const t = lookupUnit(targetUnit);
  if (!u || !t) cannotConvert(unit, targetUnit);
  const result = tryConvert(value, u, t);
  if (Number.isNaN(result) && !Number.isNaN(value)) cannotConvert(unit, targetUnit);
  return result;
}
function isSpace(c) {
  return c === 32 || c >= 9 && c <= 13;
}
function isDigit2(c) {
  return c >= 48 && c <= 57;
}
function isHexDigit(c) {
  return isDigit2(c) || c >= 65 && c <= 70 || c >= 97 && c <= 102;
}
function isAlpha(c) {
  return c >= 65 && c <= 90 || c >= 97 && c <= 122;
}
function cStrtod(s, start = 0) {
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
  if (head.startsWith("inf")) {
    return { value: sign * Infinity, end: i + (head === "infinity" ? 8 : 3), erange: false };
  }
  if (head.startsWith("nan")) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40) {
      let j2 = end + 1;
      while (j2 < s.length && (isAlpha(s.charCodeAt(j2)) || isDigit2(s.charCodeAt(j2)) || s[j2] === "_"))
        j2++;
      if (s[j2] === ")") end = j2 + 1;
    }
    return { value: NaN, end, erange: false };
  }
  c = s.charCodeAt(i);
  if (c === 48 && (s[i + 1] === "x" || s[i + 1] === "X")) {
    let j2 = i + 2;
    let mant = 0n;
    let nDigits2 = 0;
    let fracDigits = 0;
    while (isHexDigit(s.charCodeAt(j2))) {
      mant = mant * 16n + BigInt(parseInt(s[j2], 16));
      j2++;
      nDigits2++;
    }
    if (s[j2] === ".") {
      let k = j2 + 1;
      while (isHexDigit(s.charCodeAt(k))) {
        mant = mant * 16n + BigInt(parseInt(s[k], 16));
        k++;
        nDigits2++;
        fracDigits++;
      }
      if (nDigits2 > 0) j2 = k;
    }
    if (nDigits2 === 0) return { value: sign * 0, end: i + 1, erange: false };
    let exp = 0;
    if (s[j2] === "p" || s[j2] === "P") {
      let k = j2 + 1;
      let expSign = 1;
      if (s[k] === "+" || s[k] === "-") {
        expSign = s[k] === "-" ? -1 : 1;
        k++;
      }
      if (isDigit2(s.charCodeAt(k))) {
        let e = 0;
        while (isDigit2(s.charCodeAt(k))) {
          e = Math.min(e * 10 + (s.charCodeAt(k) - 48), 1e5);
          k++;
        }
        exp = expSign * e;
        j2 = k;
      }
    }
    const value2 = sign * Number(mant) * Math.pow(2, exp - 4 * fracDigits);
    return { value: value2, end: j2, erange: !Number.isFinite(value2) };
  }
  let j = i;
  let nDigits = 0;
  let nonZero = false;
  while (isDigit2(s.charCodeAt(j))) {
    if (s[j] !== "0") nonZero = true;
    j++;
    nDigits++;
  }
  if (s[j] === ".") {
    let k = j + 1;
    while (isDigit2(s.charCodeAt(k))) {
      if (s[k] !== "0") nonZero = true;
      k++;
      nDigits++;
    }
    j = k;
  }
  if (nDigits === 0) return { value: 0, end: start, erange: false };
  if (s[j] === "e" || s[j] === "E") {
    let k = j + 1;
    if (s[k] === "+" || s[k] === "-") k++;
    if (isDigit2(s.charCodeAt(k))) {
      while (isDigit2(s.charCodeAt(k))) k++;
      j = k;
    }
  }
  const text = s.slice(i, j);
  const abs = Number(text);
  const value = sign * abs;
  const erange = !Number.isFinite(abs) || nonZero && (abs === 0 || abs < 22250738585072014e-324);
  return { value, end: j, erange };
}
function parseQuantity(text) {
  let pos = 0;
  const readNumber = () => {
    const from = pos;
    const r = cStrtod(text, pos);
    if (r.end === pos) return void 0;
    if (r.erange)
      throw new ExprError(`Overflow or underflow during conversion of '${text.slice(from)}'`);
    pos = r.end;
    if (isAlpha(text.charCodeAt(pos - 1)) && isAlpha(text.charCodeAt(pos)))
      throw new ExprError(
        `Syntax error parsing quantity '${text.slice(from)}': Space required after nan/inf`
      );
    while (isSpace(text.charCodeAt(pos))) pos++;
    return r.value;
  };
  const readUnit = () => {
    while (isSpace(text.charCodeAt(pos))) pos++;
    const from = pos;
    while (isAlpha(text.charCodeAt(pos))) pos++;
    const unit2 = text.slice(from, pos);
    while (isSpace(text.charCodeAt(pos))) pos++;
    return unit2;
  };
  let result = readNumber();
  if (result === void 0)
    throw new ExprError(`Syntax error parsing quantity '${text}': Must begin with a number`);
  let unit = readUnit();
  if (!unit) {
    if (pos < text.length)
      throw new ExprError(`Syntax error parsing quantity '${text}': Garbage after first number`);
    return { value: result, unit: "" };
  }
  let minus = false;
  if (result < 0) {
    minus = true;
    result = -result;
  }
  while (pos < text.length) {
    const d = readNumber();
    if (d === void 0) break;
    const tmpUnit = readUnit();
    if (!tmpUnit) throw new ExprError(`Syntax error parsing quantity '${text}': Missing unit`);
    if (d < 0)
      throw new ExprError(
        `Syntax error parsing quantity '${text}': Minus sign only accepted at the front`
      );
    if (!isLinearUnit(unit) || !isLinearUnit(tmpUnit))
      throw new ExprError(
        `Error in quantity '${text}': Concatenated quantity literals are not supported with non-linear units like dB`
      );
    const factor = getConversionFactor(unit, tmpUnit);
    if (factor === 0)
      throw new ExprError(
        `Error in quantity '${text}': Unit ${getUnitDescription(tmpUnit)} does not match ${getUnitDescription(unit)}`
      );
    if (factor <= 1)
      throw new ExprError(
        `Error in quantity '${text}': Units must be in strictly decreasing order of magnitude`
      );
    result = result * factor + d;
    unit = tmpUnit;
  }
  if (minus) result = -result;
  if (pos < text.length) throw new ExprError(`Syntax error parsing quantity '${text}'`);
  return { value: result, unit };
}
function formatQuantity(value, unit) {
  const s = formatG(value);
  if (!unit) return s;
  return Number.isFinite(value) ? s + unit : s + " " + unit;
}
function calculateUnitScore(originalValue, originalUnit, unit, considerPreferences) {
  if (originalValue < 0 && originalUnit.mapping === "LINEAR") {
    if (unit.mapping === "LOG10") return NaN;
    originalValue = Math.abs(originalValue);
  }
  const value = tryConvert(originalValue, originalUnit, unit);
  let score = 0;
  if (unit.baseUnit === BITS_UNIT) {
    if (unit.isByteBased === originalUnit.isByteBased) score += 10;
    if (unit === BITS_UNIT || unit === BYTES_UNIT) score += 1;
    else if (unit.prefixType === originalUnit.prefixType) score += 1;
    if ((unit === BYTES_UNIT || unit === BITS_UNIT) && value >= 1e3 && value < 10240) score += 1;
    if (unit === BITS_UNIT && originalUnit === BITS_UNIT && isWholeNumber(originalValue) && !isWholeNumber(originalValue / 8) && originalValue < 10240)
      score += 5;
    if (isWholeNumber(originalValue) && isWholeNumber(value) && value < 1e3) score += 5;
  } else if (considerPreferences) {
    if (originalUnit.bestUnitCandidates.includes(unit)) score += 20;
    if (unit.baseUnit === SECONDS_UNIT) {
      if (unit.prefixType === "TRADITIONAL") score += -1;
    } else if (unit.prefixType === "TRADITIONAL") {
      score += -1;
    }
    if (unit.mapping === originalUnit.mapping) score += 30;
  }
  if (unit.mapping === "LINEAR") {
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
function getBestUnit(value, unitName) {
  const unit = lookupUnit(unitName);
  if (!unit) return unitName;
  if (value === 0 && unit.mapping === "LINEAR" || !Number.isFinite(value)) return unit.name;
  const candidates = unit.compatibleUnits.includes(unit) ? unit.compatibleUnits : [...unit.compatibleUnits, unit];
  let best = 0;
  let bestScore = calculateUnitScore(value, unit, candidates[0], true);
  for (let i = 1; i < candidates.length; i++) {
    const score = calculateUnitScore(value, unit, candidates[i], true);
    if (bestScore < score) {
      best = i;
      bestScore = score;
    }
  }
  return candidates[best].name;
}

// src/core/expr/ops.ts
function cannotCastError(v, target) {
  const note = v.type === "double" && target === "int" ? " (note: no implicit conversion from double to int)" : "";
  throw new ExprError(
    `Cannot cast '${valueToString(v)}' from type '${getTypeName(v.type)}' to '${getTypeName(target)}'${note}`
  );
}
function errorBooleanArgExpected(v) {
  throw new ExprError(`Boolean argument expected, got ${getTypeName(v.type)}`);
}
function errorNumericArgExpected(v) {
  throw new ExprError(`Numeric argument expected, got ${getTypeName(v.type)}`);
}
function errorNumericArgsExpected(a, b) {
  throw new ExprError(
    `Numeric arguments expected, got ${getTypeName(a.type)} and ${getTypeName(b.type)}`
  );
}
function errorIntegerArgExpected(v) {
  const hint = v.type === "double" ? " (note: no implicit conversion from double to int)" : "";
  throw new ExprError(`Integer argument expected, got ${getTypeName(v.type)}${hint}`);
}
function errorIntegerArgsExpected(a, b) {
  const hint = a.type === "double" || b.type === "double" ? " (note: no implicit conversion from double to int)" : "";
  throw new ExprError(
    `Integer arguments expected, got ${getTypeName(a.type)} and ${getTypeName(b.type)}${hint}`
  );
}
function errorDimlessArgExpected(v) {
  throw new ExprError(`Dimensionless argument expected, got ${valueToString(v)}`);
}
function errorDimlessArgsExpected(a, b) {
  throw new ExprError(
    `Dimensionless arguments expected, got ${valueToString(a)} and ${valueToString(b)}`
  );
}
function unitOfValue(v) {
  return v.type === "int" || v.type === "double" ? v.unit : void 0;
}
function ensureNoLogarithmicUnit(v) {
  const unit = unitOfValue(v);
  if (unit && !isLinearUnit(unit))
    throw new ExprError(
      `Refusing to perform computations involving quantities with nonlinear units (${valueToString(v)})`
    );
}
function toDouble(v) {
  if (v.type === "double") return v.value;
  if (v.type === "int") return safeCastToDouble(v.value);
  return cannotCastError(v, "double");
}
function asDoubleValue(v) {
  return v.type === "double" ? v : doubleValue(toDouble(v), unitOfValue(v));
}
function bringToCommonTypeAndUnit(a, b) {
  if (a.type === "int" && b.type === "int") {
    const c = getConversionFactor(a.unit, b.unit);
    const c2 = getConversionFactor(b.unit, a.unit);
    if (c === 1)
      return {
        a: { i: a.value, d: 0, unit: a.unit },
        b: { i: b.value, d: 0, unit: b.unit },
        punned: false
      };
    if (c > 1 && c === Math.floor(c))
      return {
        a: { i: safeMul(truncToInt64(c), a.value), d: 0, unit: b.unit },
        b: { i: b.value, d: 0, unit: b.unit },
        punned: false
      };
    if (c2 > 1 && c2 === Math.floor(c2))
      return {
        a: { i: a.value, d: 0, unit: a.unit },
        b: { i: safeMul(truncToInt64(c2), b.value), d: 0, unit: a.unit },
        punned: false
      };
  }
  const ad = toDouble(a);
  const bd = toDouble(b);
  const bUnit = unitOfValue(b);
  return {
    a: { i: 0n, d: convertUnit(ad, unitOfValue(a), bUnit), unit: bUnit },
    b: { i: 0n, d: bd, unit: bUnit },
    punned: a.type === "int" && b.type === "int"
  };
}
function negate(v) {
  switch (v.type) {
    case "int":
      ensureNoLogarithmicUnit(v);
      return intValue(wrap64(-v.value), v.unit);
    case "double":
      ensureNoLogarithmicUnit(v);
      return doubleValue(-v.value, v.unit);
    case "undef":
      return v;
    default:
      return errorNumericArgExpected(v);
  }
}
function logicalNot(v) {
  if (v.type === "undef") return v;
  if (v.type !== "bool") errorBooleanArgExpected(v);
  return boolValue(!v.value);
}
function bitwiseNot(v) {
  if (v.type === "undef") return v;
  if (v.type !== "int") errorIntegerArgExpected(v);
  if (v.unit) errorDimlessArgExpected(v);
  return intValue(~v.value);
}
function add(l, r) {
  if (l.type === "int" && r.type === "int") {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    if (punned)
      return doubleValue(bitsToDouble(safeAdd(doubleBits(ll.d), doubleBits(rr.d))), ll.unit);
    return intValue(safeAdd(ll.i, rr.i), ll.unit);
  }
  if (l.type === "double" || r.type === "double") {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll } = bringToCommonTypeAndUnit(r, l);
    return doubleValue(ll.d + rr.d, ll.unit);
  }
  if (l.type === "string" && r.type === "string") return stringValue(l.value + r.value);
  return errorNumericArgsExpected(l, r);
}
function subtract(l, r) {
  if (l.type === "int" && r.type === "int") {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    if (punned)
      return doubleValue(bitsToDouble(safeSub(doubleBits(ll.d), doubleBits(rr.d))), ll.unit);
    return intValue(safeSub(ll.i, rr.i), ll.unit);
  }
  if (l.type === "double" || r.type === "double") {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll } = bringToCommonTypeAndUnit(r, l);
    return doubleValue(ll.d - rr.d, ll.unit);
  }
  return errorNumericArgsExpected(l, r);
}
function multiply(l, r) {
  if (l.type === "int" && r.type === "int") {
    if (r.unit && l.unit)
      throw new ExprError("Multiplying two quantities with units is not supported");
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    return intValue(safeMul(l.value, r.value), l.unit ? l.unit : r.unit);
  }
  if (l.type === "double" || r.type === "double") {
    const lu = unitOfValue(l);
    const ru = unitOfValue(r);
    if (ru && lu) throw new ExprError("Multiplying two quantities with units is not supported");
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const ld = toDouble(l);
    const rd = toDouble(r);
    return doubleValue(ld * rd, lu ? lu : ru);
  }
  return errorNumericArgsExpected(l, r);
}
function divide(l, r) {
  const lv = asDoubleValue(l);
  const rv = asDoubleValue(r);
  ensureNoLogarithmicUnit(rv);
  let rd = toDouble(rv);
  if (rd !== 0) ensureNoLogarithmicUnit(lv);
  const lu = unitOfValue(lv);
  const ru = unitOfValue(rv);
  if (ru) rd = convertUnit(rd, ru, lu);
  return doubleValue(toDouble(lv) / rd, ru ? void 0 : lu);
}
function modulo(l, r) {
  if (l.type !== "int" || r.type !== "int") return errorIntegerArgsExpected(l, r);
  ensureNoLogarithmicUnit(r);
  ensureNoLogarithmicUnit(l);
  let ll = { i: l.value, d: 0, unit: l.unit };
  let rr = { i: r.value, d: 0, unit: r.unit };
  let punned = false;
  if (r.unit || l.unit) ({ a: ll, b: rr, punned } = bringToCommonTypeAndUnit(l, r));
  const x = punned ? doubleBits(ll.d) : ll.i;
  const y = punned ? doubleBits(rr.d) : rr.i;
  if (y === 0n || x === INT64_MIN && y === -1n) throw new ExprError("Integer division by zero");
  return punned ? doubleValue(bitsToDouble(x % y), ll.unit) : intValue(x % y, ll.unit);
}
function cpow(x, y) {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}
function power(l, r) {
  if (l.type === "int" && r.type === "int") {
    if (r.unit || l.unit) errorDimlessArgsExpected(l, r);
    if (r.value < 0n)
      throw new ExprError(
        "Negative exponent in integer exponentiation, cast operands to double to allow it"
      );
    return intValue(intPow(l.value, r.value));
  }
  const lv = asDoubleValue(l);
  const rv = asDoubleValue(r);
  if (unitOfValue(rv) || unitOfValue(lv)) errorDimlessArgsExpected(lv, rv);
  return doubleValue(cpow(toDouble(lv), toDouble(rv)));
}
function strcmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function compare(op, l, r) {
  if (l.type === "int" && r.type === "int") {
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    return punned ? Number(wrap64(doubleBits(ll.d) - doubleBits(rr.d))) : Number(wrap64(ll.i - rr.i));
  }
  if (l.type === "double" || r.type === "double") {
    const ld = toDouble(l);
    let rd = toDouble(r);
    rd = convertUnit(rd, unitOfValue(r), unitOfValue(l));
    return ld === rd ? 0 : ld - rd;
  }
  if (l.type === "string" && r.type === "string") return strcmp(l.value, r.value);
  if (l.type === "bool" && r.type === "bool") return Number(l.value) - Number(r.value);
  if (l.type === "pointer" && r.type === "pointer") {
    if (op !== "==" && op !== "!=")
      throw new ExprError("Arguments of type 'object' may only be compared for equality");
    return 0;
  }
  throw new ExprError(
    `Mismatching argument types '${getTypeName(l.type)}' vs '${getTypeName(r.type)}'`
  );
}
function bitwise(op, l, r) {
  if (r.type !== "int" || l.type !== "int") return errorIntegerArgsExpected(l, r);
  if (r.unit || l.unit) errorDimlessArgsExpected(l, r);
  const a = l.value;
  const b = r.value;
  switch (op) {
    case "&":
      return intValue(a & b);
    case "|":
      return intValue(a | b);
    case "#":
      return intValue(a ^ b);
    case "<<":
      return intValue(shift(a, b));
    default:
      return intValue(shift(a, wrap64(-b)));
  }
}
function match(value, pattern) {
  if (value.type !== "string" || pattern.type !== "string")
    throw new ExprError("String operands expected for '=~'");
  return boolValue(new PatternMatcher(pattern.value).matches(value.value));
}
function applyBinary(op, l, r) {
  if (l.type === "undef" || r.type === "undef") return UNDEF_VALUE;
  switch (op) {
    case "+":
      return add(l, r);
    case "-":
      return subtract(l, r);
    case "*":
      return multiply(l, r);
    case "/":
      return divide(l, r);
    case "%":
      return modulo(l, r);
    case "^":
      return power(l, r);
    case "==":
      return boolValue(compare(op, l, r) === 0);
    case "!=":
      return boolValue(compare(op, l, r) !== 0);
    case "<":
      return boolValue(compare(op, l, r) < 0);
    case ">":
      return boolValue(compare(op, l, r) > 0);
    case "<=":
      return boolValue(compare(op, l, r) <= 0);
    case ">=":
      return boolValue(compare(op, l, r) >= 0);
    case "<=>": {
      const diff = compare(op, l, r);
      return doubleValue(Number.isNaN(diff) ? diff : diff > 0 ? 1 : diff < 0 ? -1 : 0);
    }
    case "=~":
      return match(l, r);
    case "&":
    case "|":
    case "#":
    case "<<":
    case ">>":
      return bitwise(op, l, r);
    case "&&":
    case "||":
    case "##":
      throw new Error("internal: logical operators are evaluated lazily");
  }
}
function applyUnitConversion(unit, v) {
  if (v.type === "undef") return v;
  if ((v.type === "int" || v.type === "double") && v.unit === void 0)
    return v.type === "int" ? intValue(v.value, unit) : doubleValue(v.value, unit);
  if (v.type !== "int" && v.type !== "double")
    throw new ExprError(`Cannot set measurement unit on a value of type '${getTypeName(v.type)}'`);
  return doubleValue(convertUnit(toDouble(v), v.unit, unit), unit);
}
function dimlessDouble(v) {
  const d = toDouble(v);
  if (unitOfValue(v)) errorDimlessArgExpected(doubleValue(d, unitOfValue(v)));
  return d;
}

// src/core/expr/functions.ts
var STD_MATH = /* @__PURE__ */ new Map([
  ["acos", [1, Math.acos]],
  ["asin", [1, Math.asin]],
  ["atan", [1, Math.atan]],
  ["atan2", [2, Math.atan2]],
  ["sin", [1, Math.sin]],
  ["cos", [1, Math.cos]],
  ["tan", [1, Math.tan]],
  ["ceil", [1, Math.ceil]],
  ["floor", [1, Math.floor]],
  ["exp", [1, Math.exp]],
  ["pow", [2, cpow]],
  ["sqrt", [1, Math.sqrt]],
  ["fabs", [1, Math.abs]],
  ["fmod", [2, (x, y) => x % y]],
  ["hypot", [2, Math.hypot]],
  ["log", [1, Math.log]],
  ["log10", [1, Math.log10]]
]);
function isStdMathFunction(name) {
  return STD_MATH.has(name);
}
function stdMathArity(name) {
  return STD_MATH.get(name)?.[0] ?? -1;
}
function callStdMath(name, args) {
  const f = STD_MATH.get(name)[1];
  const x = args.map(dimlessDouble);
  return doubleValue(f(...x));
}
var NED_FUNCTIONS = /* @__PURE__ */ new Map();
function def(signature, impl) {
  const m = /^\s*\w+\s+(\w+)\((.*)\)\s*$/.exec(signature);
  if (!m) throw new Error(`internal: bad signature ${signature}`);
  const name = m[1];
  const argTypes = [];
  let minArgs = -1;
  let varargs = false;
  const args = m[2].trim() ? m[2].split(",").map((s) => s.trim()) : [];
  args.forEach((a, i) => {
    if (a === "...") {
      varargs = true;
      return;
    }
    const [type, argName] = a.split(/\s+/);
    argTypes.push(type);
    if (argName.includes("?") && minArgs === -1) minArgs = i;
  });
  if (minArgs === -1) minArgs = argTypes.length;
  const d = { name, argTypes, minArgs, varargs };
  if (typeof impl === "string") d.unavailable = impl;
  else d.impl = impl;
  const list = NED_FUNCTIONS.get(name) ?? [];
  list.push(d);
  NED_FUNCTIONS.set(name, list);
}
function findNedFunction(name, argc) {
  return NED_FUNCTIONS.get(name)?.find(
    (f) => argc >= f.minArgs && (argc <= f.argTypes.length || f.varargs)
  );
}
function cValueToString(v) {
  if (v.type !== "double" || !v.unit) return valueToString(v);
  let value = v.value;
  let unit = v.unit;
  if (value < 0.1 || value >= 1e4) {
    unit = getBestUnit(value, v.unit);
    value = convertUnit(value, v.unit, unit);
  }
  return formatQuantity(value, unit);
}
function cannotCast(v, target) {
  const note = v.type === "double" && target === "int" ? " (note: no implicit conversion from double to int)" : "";
  throw new ExprError(
    `Cannot cast ${cValueToString(v)} from type ${getTypeName(v.type)} to ${getTypeName(target)}${note}`
  );
}
var CVALUE_HINT = "hint: if this occurs in NED or ini, use the double() operator to suppress this error";
function doubleValueRaw(v) {
  if (v.type === "double") return v.value;
  if (v.type === "int") return Number(v.value);
  return cannotCast(v, "double");
}
function doubleValueInUnit(v, unit) {
  if (v.type === "double") return convertUnit(v.value, v.unit, unit);
  if (v.type === "int") return convertUnit(safeCastToDouble(v.value, CVALUE_HINT), v.unit, unit);
  return cannotCast(v, "double");
}
function unitOf(v) {
  return v.type === "int" || v.type === "double" ? v.unit : void 0;
}
function str(v) {
  return v.value;
}
function cint(v) {
  return Number(BigInt.asIntN(32, v.value));
}
function withUnit(v, unit) {
  if (v.type === "int") return intValue(v.value, unit);
  return doubleValue(v.value, unit);
}
function isSpace2(c) {
  return c === 32 || c >= 9 && c <= 13;
}
function cTrim(s) {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace2(s.charCodeAt(a))) a++;
  while (b > a && isSpace2(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}
function find(s, sub, pos = 0) {
  return pos > s.length ? -1 : s.indexOf(sub, pos);
}
def("quantity fabs(quantity x)", ([x]) => doubleValue(Math.abs(doubleValueRaw(x)), unitOf(x)));
def("quantity fmod(quantity x, quantity y)", ([x, y]) => {
  const y1 = doubleValueInUnit(y, unitOf(x));
  return doubleValue(doubleValueRaw(x) % y1, unitOf(x));
});
def(
  "quantity min(quantity a, quantity b)",
  ([a, b]) => doubleValueRaw(a) < doubleValueInUnit(b, unitOf(a)) ? a : b
);
def(
  "quantity max(quantity a, quantity b)",
  ([a, b]) => doubleValueRaw(a) < doubleValueInUnit(b, unitOf(a)) ? b : a
);
def("double dropUnit(quantity x)", ([x]) => withUnit(x, void 0));
def("quantity replaceUnit(quantity x, string unit)", ([x, u]) => withUnit(x, str(u)));
def(
  "quantity convertUnit(quantity x, string unit)",
  ([x, u]) => (
    // (OMNeT++ release builds misbehave for an integer x here; we convert it as a double)
    doubleValue(convertUnit(doubleValueRaw(x), unitOf(x), str(u)), str(u))
  )
);
def("string unitOf(quantity x)", ([x]) => stringValue(unitOf(x) ?? ""));
def("int length(string s)", ([s]) => intValue(BigInt(str(s).length)));
def("bool contains(string s, string substr)", ([s, t]) => boolValue(str(s).includes(str(t))));
def("string substring(string s, int pos, int len?)", (argv) => {
  const s = str(argv[0]);
  const size = s.length;
  const index = cint(argv[1]);
  const length = argv.length === 3 ? cint(argv[2]) : size - index;
  if (index < 0 || index > size) throw new ExprError("Index out of bounds");
  if (length < 0) throw new ExprError("Length is negative");
  return stringValue(s.substr(index, length));
});
def("string substringBefore(string s, string substr)", ([s, t]) => {
  const pos = find(str(s), str(t));
  return stringValue(pos < 0 ? "" : str(s).slice(0, pos));
});
def("string substringAfter(string s, string substr)", ([s, t]) => {
  const pos = find(str(s), str(t));
  return stringValue(pos < 0 ? "" : str(s).slice(pos + str(t).length));
});
def("string substringBeforeLast(string s, string substr)", ([s, t]) => {
  const pos = str(s).lastIndexOf(str(t));
  return stringValue(pos < 0 ? "" : str(s).slice(0, pos));
});
def("string substringAfterLast(string s, string substr)", ([s, t]) => {
  const pos = str(s).lastIndexOf(str(t));
  return stringValue(pos < 0 ? "" : str(s).slice(pos + str(t).length));
});
def(
  "bool startsWith(string s, string substr)",
  ([s, t]) => boolValue(find(str(s), str(t)) === 0)
);
def("bool endsWith(string s, string substr)", ([s, t]) => {
  const a = str(s);
  const b = str(t);
  return boolValue(a.lastIndexOf(b) === a.length - b.length);
});
def("string tail(string s, int len)", ([s, n]) => {
  const length = cint(n);
  if (length < 0) throw new ExprError("Length is negative");
  const size = str(s).length;
  return stringValue(str(s).slice(Math.max(0, size - length)));
});
function replace(argv, all) {
  let s = str(argv[0]);
  const search = str(argv[1]);
  const replacement = str(argv[2]);
  let index = 0;
  if (argv.length === 4) {
    index = cint(argv[3]);
    if (index < 0) throw new ExprError("Start index is negative");
    if (index > s.length) throw new ExprError("Start index out of bounds");
  }
  while ((index = find(s, search, index)) >= 0) {
    s = s.slice(0, index) + replacement + s.slice(index + search.length);
    if (!all) break;
    index += replacement.length - search.length + 1;
  }
  return stringValue(s);
}
def(
  "string replace(string s, string substr, string repl, int startPos?)",
  (argv) => replace(argv, true)
);
def(
  "string replaceFirst(string s, string substr, string repl, int startPos?)",
  (argv) => replace(argv, false)
);
def("string trim(string s)", ([s]) => stringValue(cTrim(str(s))));
def("int indexOf(string s, string substr)", ([s, t]) => intValue(BigInt(find(str(s), str(t)))));
def("string choose(int index, string list)", ([i, list]) => {
  const index = cint(i);
  if (index < 0) throw new ExprError("Negative index");
  const tokens2 = str(list).split(/[ \t\n\r\f]+/).filter((t) => t);
  if (index >= tokens2.length) throw new ExprError(`Index out of bounds: ${index}`);
  return stringValue(tokens2[index]);
});
def(
  "string toUpper(string s)",
  ([s]) => stringValue(str(s).replace(/[a-z]/g, (c) => c.toUpperCase()))
);
def(
  "string toLower(string s)",
  ([s]) => stringValue(str(s).replace(/[A-Z]/g, (c) => c.toLowerCase()))
);
def("bool bool(any x)", ([x]) => {
  switch (x.type) {
    case "bool":
      return x;
    case "int":
      if (x.unit)
        throw new ExprError(
          `Attempt to use the value '${cValueToString(x)}' as a dimensionless number`
        );
      return boolValue(x.value !== 0n);
    case "double":
      if (x.unit)
        throw new ExprError(
          `Attempt to use the value '${cValueToString(x)}' as a dimensionless number`
        );
      return boolValue(!Number.isNaN(x.value) && x.value !== 0);
    case "string":
      return boolValue(x.value === "true");
    case "pointer":
      throw new ExprError("Cannot convert object to bool");
    case "undef":
      throw new ExprError("Cannot convert 'undefined' to bool");
  }
});
def("intquantity int(any x)", ([x]) => {
  switch (x.type) {
    case "bool":
      return intValue(x.value ? 1n : 0n);
    case "int":
      return x;
    case "double":
      return intValue(checkedIntCast(Math.floor(x.value)), x.unit);
    case "string": {
      const q = parseQuantity(x.value);
      return intValue(checkedIntCast(Math.floor(q.value)), q.unit);
    }
    case "pointer":
      throw new ExprError("Cannot convert object to int");
    case "undef":
      throw new ExprError("Cannot convert 'undefined' to int");
  }
});
def("quantity double(any x)", ([x]) => {
  switch (x.type) {
    case "bool":
      return doubleValue(x.value ? 1 : 0);
    case "int":
      return doubleValue(Number(x.value), x.unit);
    case "double":
      return x;
    case "string": {
      const q = parseQuantity(x.value);
      return doubleValue(q.value, q.unit);
    }
    case "pointer":
      throw new ExprError("Cannot convert object to double");
    case "undef":
      throw new ExprError("Cannot convert 'undefined' to double");
  }
});
def("string string(any x)", ([x]) => stringValue(cValueToString(x)));
def("any select(int index, ...)", (argv) => {
  const index = Number(argv[0].value);
  if (index < 0) throw new ExprError(`Negative index ${index}`);
  if (index >= argv.length - 1)
    throw new ExprError(`Index=${index} is too large (max: ${argv.length - 2})`);
  return argv[index + 1];
});
var NEEDS_RNG = "it draws random numbers, which needs a running simulation";
for (const sig of [
  "quantity uniform(quantity a, quantity b, int rng?)",
  "quantity exponential(quantity mean, int rng?)",
  "quantity normal(quantity mean, quantity stddev, int rng?)",
  "quantity truncnormal(quantity mean, quantity stddev, int rng?)",
  "quantity gamma_d(double alpha, quantity theta, int rng?)",
  "double beta(double alpha1, double alpha2, int rng?)",
  "quantity erlang_k(int k, quantity mean, int rng?)",
  "double chi_square(int k, int rng?)",
  "double student_t(int i, int rng?)",
  "quantity cauchy(quantity a, quantity b, int rng?)",
  "quantity triang(quantity a, quantity b, quantity c, int rng?)",
  "double lognormal(double m, double w, int rng?)",
  "quantity weibull(quantity a, quantity b, int rng?)",
  "quantity pareto_shifted(double a, quantity b, quantity c, int rng?)",
  "int intuniform(intquantity a, intquantity b, int rng?)",
  "int intuniformexcl(intquantity a, intquantity b, int rng?)",
  "int bernoulli(double p, int rng?)",
  "int binomial(int n, double p, int rng?)",
  "int geometric(double p, int rng?)",
  "int negbinomial(int n, double p, int rng?)",
  "int poisson(double lambda, int rng?)"
])
  def(sig, NEEDS_RNG);
var NEEDS_SIM = "it needs a running simulation (modules, files or configuration)";
for (const sig of [
  "string expand(string s)",
  "string fullPath()",
  "string fullName()",
  "int parentIndex()",
  "int ancestorIndex(int numLevels)",
  "int componentId()",
  "any eval(string expr)",
  "xml readXML(string filename, string xpath?)",
  "xml parseXML(string xmlstring, string xpath?)",
  "xml xmldoc(string filename, string xpath?)",
  "xml xml(string xmlstring, string xpath?)",
  "string readFile(string filename)",
  "string workingDir()",
  "string baseDir()",
  "string resolveFile(string directory, string filename)",
  "string absFilePath(string filename)",
  "any parseCSV(string str)",
  "any parseExtendedCSV(string str)",
  "any readCSV(string filename)",
  "any readExtendedCSV(string filename)",
  "any parseJSON(string str)",
  "any readJSON(string filename)",
  "any parseExtendedJSON(string str)",
  "any readExtendedJSON(string filename)",
  "quantity simTime()",
  "string firstAvailable(...)",
  "any get(object arrayOrMap, any keyOrIndex)",
  "int size(object arrayOrMap)",
  "object dup(object obj)"
])
  def(sig, NEEDS_SIM);
function badArgType(index, expected, actual) {
  const note = expected === "int" && actual.type === "double" ? " (note: no implicit conversion from double to int)" : "";
  const expectedName = expected === "double" ? "double or int" : getTypeName(expected);
  throw new ExprError(
    `${expectedName} expected for argument ${index}, got ${getTypeName(actual.type)}${note}`
  );
}
function dimlessExpected(index, actual) {
  throw new ExprError(`Argument ${index} must be dimensionless, got ${cValueToString(actual)}`);
}
function callNedFunction(name, argv) {
  const f = findNedFunction(name, argv.length);
  const n = Math.min(argv.length, f.argTypes.length);
  for (let i = 0; i < n; i++) {
    const a = argv[i];
    switch (f.argTypes[i]) {
      case "any":
        break;
      case "int":
        if (a.type !== "int") badArgType(i, "int", a);
        if (a.unit) dimlessExpected(i, a);
        break;
      case "intquantity":
        if (a.type !== "int") badArgType(i, "int", a);
        break;
      case "double":
        if (a.type !== "double" && a.type !== "int") badArgType(i, "double", a);
        if (a.unit) dimlessExpected(i, a);
        break;
      case "quantity":
        if (a.type !== "double" && a.type !== "int") badArgType(i, "double", a);
        break;
      case "bool":
        if (a.type !== "bool") badArgType(i, "bool", a);
        break;
      case "string":
        if (a.type !== "string") badArgType(i, "string", a);
        break;
      case "object":
      case "xml":
        if (a.type !== "pointer") badArgType(i, "pointer", a);
        break;
    }
  }
  return f.impl(argv);
}

// src/core/expr/eval.ts
function errorPrefix(node) {
  switch (node.kind) {
    case "unary":
    case "binary":
      return `operator '${node.op}': `;
    case "conditional":
      return "operator '?:': ";
    case "mathFunction":
    case "nedFunction":
      return `${node.name}(): `;
    case "unitConversion":
      return `${node.unit}: `;
    default:
      return "";
  }
}
function evalArgs(args) {
  const values = [];
  for (const a of args) {
    const v = evaluate(a);
    if (v.type === "undef") return void 0;
    values.push(v);
  }
  return values;
}
function evalIndex(node) {
  const v = evaluate(node);
  if (v.type !== "int") cannotCastError(v, "int");
  if (v.unit !== void 0) throw new ExprError("Index must be dimensionless");
}
function describeObject(v) {
  return `${v.type === "pointer" ? "Object" : "Value"} ${valueToString(v)}`;
}
function evaluateNode(node) {
  switch (node.kind) {
    case "constant":
      return node.value;
    case "unary": {
      const v = evaluate(node.arg);
      return node.op === "-" ? negate(v) : node.op === "!" ? logicalNot(v) : bitwiseNot(v);
    }
    case "binary": {
      const op = node.op;
      if (op === "&&" || op === "||" || op === "##") {
        const l2 = evaluate(node.left);
        if (l2.type === "undef") return l2;
        if (l2.type !== "bool") errorBooleanArgExpected(l2);
        if (op === "&&" && !l2.value) return boolValue(false);
        if (op === "||" && l2.value) return boolValue(true);
        const r2 = evaluate(node.right);
        if (r2.type === "undef") return r2;
        if (r2.type !== "bool") errorBooleanArgExpected(r2);
        return boolValue(op === "##" ? l2.value !== r2.value : r2.value);
      }
      const l = evaluate(node.left);
      const r = evaluate(node.right);
      return applyBinary(op, l, r);
    }
    case "conditional": {
      const c = evaluate(node.cond);
      if (c.type === "undef") return c;
      if (c.type !== "bool") errorBooleanArgExpected(c);
      return evaluate(c.value ? node.then : node.else);
    }
    case "mathFunction": {
      const args = [];
      let undef = false;
      for (const a of node.args) {
        const v = evaluate(a);
        if (v.type === "undef") undef = true;
        args.push(v);
      }
      return undef ? UNDEF_VALUE : callStdMath(node.name, args);
    }
    case "unitConversion":
      return applyUnitConversion(node.unit, evaluate(node.arg));
    case "nedFunction": {
      const args = [];
      for (const a of node.args) args.push(evaluate(a));
      return callNedFunction(node.name, args);
    }
    case "unavailableFunction":
      throw new ExprError(`Cannot evaluate '${node.name}()' here: ${node.reason}`);
    case "function": {
      const args = evalArgs(node.args);
      if (!args) return UNDEF_VALUE;
      throw new ExprError(
        `No '${node.name}' function accepting ${args.length} argument(s) was found`
      );
    }
    case "method": {
      const values = evalArgs([node.object, ...node.args]);
      if (!values) return UNDEF_VALUE;
      throw new ExprError(
        `${describeObject(values[0])} has no '${node.name}' method that accepts ${node.args.length} argument(s)`
      );
    }
    case "variable":
      if (node.index) {
        evalIndex(node.index);
        throw new ExprError(`No such variable: '${node.name}[]'`);
      }
      throw new ExprError(`No such variable: '${node.name}'`);
    case "member": {
      const object = evaluate(node.object);
      if (node.index) {
        evalIndex(node.index);
        throw new ExprError(`${describeObject(object)} has no member named '${node.name}[]'`);
      }
      throw new ExprError(`${describeObject(object)} has no member named '${node.name}'`);
    }
  }
}
function evaluate(node) {
  if (node.kind === "constant") return node.value;
  try {
    return evaluateNode(node);
  } catch (e) {
    if (e instanceof ExprError && !(e instanceof ExprEvalError))
      throw new ExprEvalError(errorPrefix(node) + e.message);
    throw e;
  }
}

// src/core/expr/parser.ts
var KEYWORDS = /* @__PURE__ */ new Map([
  ["true", 6 /* TRUE */],
  ["false", 7 /* FALSE */],
  ["nan", 8 /* NAN */],
  ["inf", 9 /* INF */],
  ["undefined", 10 /* UNDEFINED */],
  ["nullptr", 11 /* NULLPTR */],
  ["null", 12 /* NULL */]
]);
var BOM_TEXT = "\\xEF\\xBB\\xBF";
function isDigit3(c) {
  return c >= 48 && c <= 57;
}
function isHexDigit2(c) {
  return isDigit3(c) || c >= 65 && c <= 70 || c >= 97 && c <= 102;
}
function isLetter(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 95 || c === 36 || c === 64 || c >= 128;
}
function isSpace3(c) {
  return c === 32 || c >= 9 && c <= 13;
}
var Lexer = class {
  constructor(src) {
    this.src = src;
  }
  src;
  pos = 0;
  /** Type of the current token. */
  type = 0 /* EOF */;
  /** Text of the current token (names, numbers, and string literals with their quotes). */
  text = "";
  /** The current token type (a method, so that type narrowing does not stick across next()). */
  t() {
    return this.type;
  }
  /** Advances to the next token. Throws for an unterminated string literal (at a newline). */
  next() {
    const s = this.src;
    const n = s.length;
    let i = this.pos;
    for (; ; ) {
      if (i >= n) {
        this.pos = i;
        this.text = "";
        return this.type = 0 /* EOF */;
      }
      const c2 = s.charCodeAt(i);
      if (isSpace3(c2)) {
        i++;
      } else if (c2 === 47 && s.charCodeAt(i + 1) === 47) {
        i += 2;
        while (i < n && s.charCodeAt(i) !== 10) i++;
      } else if (c2 === 92 && s.startsWith(BOM_TEXT, i)) {
        i += BOM_TEXT.length;
      } else {
        break;
      }
    }
    const start = i;
    const c = s.charCodeAt(i);
    let type;
    if (isLetter(c)) {
      i++;
      for (; ; ) {
        while (i < n && (isLetter(s.charCodeAt(i)) || isDigit3(s.charCodeAt(i)))) i++;
        if (s.charCodeAt(i) === 58 && i + 1 < n && isLetter(s.charCodeAt(i + 1))) i += 2;
        else break;
      }
      const text = s.slice(start, i);
      type = KEYWORDS.get(text) ?? 2 /* NAME */;
    } else if (isDigit3(c) || c === 46 && isDigit3(s.charCodeAt(i + 1))) {
      type = this.scanNumber(start);
      i = this.pos;
    } else if (c === 34 || c === 39) {
      i++;
      for (; ; ) {
        if (i >= n) {
          this.pos = n;
          this.text = "";
          return this.type = 0 /* EOF */;
        }
        const d = s.charCodeAt(i);
        if (d === 10) throw new ExprSyntaxError("Unterminated string literal");
        if (d === 92 && i + 1 < n) {
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          i++;
        }
      }
      type = 5 /* STRING */;
    } else {
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      i++;
      switch (c) {
        case 44:
          type = 13 /* COMMA */;
          break;
        case 58:
          if (c1 === 58) {
            type = 48 /* DOUBLECOLON */;
            i++;
          } else type = 14 /* COLON */;
          break;
        case 61:
          if (c1 === 61) {
            type = 42 /* EQ */;
            i++;
          } else if (c1 === 126) {
            type = 47 /* MATCH */;
            i++;
          } else type = 15 /* ASSIGN */;
          break;
        case 40:
          type = 16 /* LPAREN */;
          break;
        case 41:
          type = 17 /* RPAREN */;
          break;
        case 91:
          type = 18 /* LBRACKET */;
          break;
        case 93:
          type = 19 /* RBRACKET */;
          break;
        case 123:
          type = 20 /* LBRACE */;
          break;
        case 125:
          type = 21 /* RBRACE */;
          break;
        case 46:
          type = 22 /* DOT */;
          break;
        case 63:
          type = 23 /* QUESTION */;
          break;
        case 124:
          if (c1 === 124) {
            type = 24 /* OR */;
            i++;
          } else type = 28 /* BITOR */;
          break;
        case 38:
          if (c1 === 38) {
            type = 25 /* AND */;
            i++;
          } else type = 29 /* BITAND */;
          break;
        case 35:
          if (c1 === 35) {
            type = 26 /* XOR */;
            i++;
          } else type = 30 /* BITXOR */;
          break;
        case 33:
          if (c1 === 61) {
            type = 43 /* NE */;
            i++;
          } else type = 27 /* NOT */;
          break;
        case 126:
          type = 31 /* BITNOT */;
          break;
        case 60:
          if (c1 === 60) {
            type = 32 /* SHL */;
            i++;
          } else if (c1 === 61) {
            if (c2 === 62) {
              type = 46 /* SPACESHIP */;
              i += 2;
            } else {
              type = 44 /* LE */;
              i++;
            }
          } else type = 40 /* LT */;
          break;
        case 62:
          if (c1 === 62) {
            type = 33 /* SHR */;
            i++;
          } else if (c1 === 61) {
            type = 45 /* GE */;
            i++;
          } else type = 41 /* GT */;
          break;
        case 94:
          type = 34 /* POW */;
          break;
        case 43:
          type = 35 /* PLUS */;
          break;
        case 45:
          type = 36 /* MINUS */;
          break;
        case 42:
          type = 37 /* MUL */;
          break;
        case 47:
          type = 38 /* DIV */;
          break;
        case 37:
          type = 39 /* MOD */;
          break;
        default:
          type = 1 /* INVALID */;
          if (c >= 55296 && c <= 56319 && i < n) i++;
      }
    }
    this.pos = i;
    this.text = s.slice(start, i);
    return this.type = type;
  }
  /** Numbers: {D}+ | 0[xX]{X}+ | {D}+{E} | {D}*"."{D}+({E})? with longest match. */
  scanNumber(start) {
    const s = this.src;
    let i = start;
    if (s.charCodeAt(i) === 48 && (s[i + 1] === "x" || s[i + 1] === "X") && isHexDigit2(s.charCodeAt(i + 2))) {
      i += 2;
      while (isHexDigit2(s.charCodeAt(i))) i++;
      this.pos = i;
      return 3 /* INT */;
    }
    while (isDigit3(s.charCodeAt(i))) i++;
    let type = 3 /* INT */;
    if (s.charCodeAt(i) === 46 && isDigit3(s.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit3(s.charCodeAt(i))) i++;
      type = 4 /* REAL */;
    }
    const e = s.charCodeAt(i);
    if (e === 69 || e === 101) {
      let j = i + 1;
      if (s[j] === "+" || s[j] === "-") j++;
      if (isDigit3(s.charCodeAt(j))) {
        while (isDigit3(s.charCodeAt(j))) j++;
        i = j;
        type = 4 /* REAL */;
      }
    }
    this.pos = i;
    return type;
  }
};
var BINARY = /* @__PURE__ */ new Map([
  [24 /* OR */, [2 /* OR */, "||"]],
  [26 /* XOR */, [3 /* XOR */, "##"]],
  [25 /* AND */, [4 /* AND */, "&&"]],
  [42 /* EQ */, [5 /* EQ */, "=="]],
  [43 /* NE */, [5 /* EQ */, "!="]],
  [15 /* ASSIGN */, [5 /* EQ */, "="]],
  [40 /* LT */, [6 /* REL */, "<"]],
  [41 /* GT */, [6 /* REL */, ">"]],
  [44 /* LE */, [6 /* REL */, "<="]],
  [45 /* GE */, [6 /* REL */, ">="]],
  [46 /* SPACESHIP */, [7 /* SPACESHIP */, "<=>"]],
  [47 /* MATCH */, [8 /* MATCH */, "=~"]],
  [28 /* BITOR */, [9 /* BITOR */, "|"]],
  [30 /* BITXOR */, [10 /* BITXOR */, "#"]],
  [29 /* BITAND */, [11 /* BITAND */, "&"]],
  [32 /* SHL */, [12 /* SHIFT */, "<<"]],
  [33 /* SHR */, [12 /* SHIFT */, ">>"]],
  [35 /* PLUS */, [13 /* ADD */, "+"]],
  [36 /* MINUS */, [13 /* ADD */, "-"]],
  [37 /* MUL */, [14 /* MUL */, "*"]],
  [38 /* DIV */, [14 /* MUL */, "/"]],
  [39 /* MOD */, [14 /* MUL */, "%"]],
  [34 /* POW */, [15 /* POW */, "^"]]
]);
function syntaxError() {
  throw new ExprSyntaxError("syntax error");
}
function hexValue(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
function unquoteString(txt) {
  const quot = txt[0];
  let out = "";
  let i = 1;
  const n = txt.length;
  for (; i < n && txt[i] !== quot; i++) {
    const ch = txt[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    i++;
    const e = txt[i];
    switch (e) {
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "	";
        break;
      case "x": {
        let v = 0;
        const a = hexValue(txt.charCodeAt(i + 1));
        if (a >= 0) {
          i++;
          v = a;
          const b = hexValue(txt.charCodeAt(i + 1));
          if (b >= 0) {
            i++;
            v = a * 16 + b;
          }
        }
        out += String.fromCharCode(v);
        break;
      }
      case "\\":
        out += "\\";
        break;
      case "\n":
        break;
      // line continuation
      case void 0:
        i--;
        break;
      case "=":
      case ";":
      case ",":
        throw new ExprSyntaxError(
          `Illegal escape sequence '\\${e}' (Hint: use double backslashes to quote display string special chars: equal sign, comma, semicolon)`
        );
      default:
        if (e === quot) out += quot;
        else throw new ExprSyntaxError(`Illegal escape sequence '\\${e}'`);
    }
  }
  if (i >= n) throw new ExprSyntaxError("Missing closing quote");
  const nul = out.indexOf("\0");
  return nul >= 0 ? out.slice(0, nul) : out;
}
function parseIntLiteral(text) {
  const isHex = text.length > 1 && (text[1] === "x" || text[1] === "X");
  const v = BigInt(isHex ? "0x" + text.slice(2) : text);
  if (v > INT64_MAX)
    throw new ExprSyntaxError(`Cannot represent "${text}" in the target integer type`);
  return v;
}
function parseRealLiteral(text) {
  const d = Number(text);
  if (!Number.isFinite(d)) throw new ExprSyntaxError(`Cannot represent "${text}" in double`);
  return d;
}
function isIntegerValued(d) {
  return Number.isInteger(d) && d >= -(2 ** 63) && d < 2 ** 63;
}
var Parser = class {
  lex;
  constructor(text) {
    this.lex = new Lexer(text);
  }
  parse() {
    this.lex.next();
    const e = this.parseExpr(0 /* NONE */);
    if (this.lex.t() !== 0 /* EOF */) syntaxError();
    return e;
  }
  expect(t) {
    if (this.lex.t() !== t) syntaxError();
    this.lex.next();
  }
  parseExpr(minPrec) {
    const lex2 = this.lex;
    let left = this.parsePrefix();
    for (; ; ) {
      const t = lex2.t();
      const bin = BINARY.get(t);
      if (bin) {
        const [prec, op] = bin;
        if (prec < minPrec) break;
        lex2.next();
        const right = this.parseExpr(prec === 15 /* POW */ ? prec : prec + 1);
        left = { k: "op", op, args: [left, right] };
      } else if (t === 23 /* QUESTION */) {
        if (1 /* IIF */ < minPrec) break;
        lex2.next();
        const then = this.parseExpr(0 /* NONE */);
        this.expect(14 /* COLON */);
        const els = this.parseExpr(1 /* IIF */);
        left = { k: "op", op: "?:", args: [left, then, els] };
      } else if (t === 27 /* NOT */) {
        if (17 /* POSTFIX */ < minPrec) break;
        lex2.next();
        left = { k: "op", op: "_!", args: [left] };
      } else if (t === 22 /* DOT */) {
        lex2.next();
        if (lex2.t() !== 2 /* NAME */) syntaxError();
        const name = lex2.text;
        lex2.next();
        if (lex2.t() === 16 /* LPAREN */) {
          left = { k: "method", name, object: left, args: this.parseArgs() };
        } else if (lex2.t() === 18 /* LBRACKET */) {
          lex2.next();
          const index = this.parseExpr(0 /* NONE */);
          this.expect(19 /* RBRACKET */);
          left = { k: "member", name, object: left, index };
        } else {
          left = { k: "member", name, object: left };
        }
      } else {
        break;
      }
    }
    return left;
  }
  /** `(` [expr {`,` expr}] `)`, starting at the `(`. */
  parseArgs() {
    const lex2 = this.lex;
    lex2.next();
    const args = [];
    if (lex2.t() === 17 /* RPAREN */) {
      lex2.next();
      return args;
    }
    for (; ; ) {
      args.push(this.parseExpr(0 /* NONE */));
      if (lex2.t() === 13 /* COMMA */) {
        lex2.next();
        continue;
      }
      this.expect(17 /* RPAREN */);
      return args;
    }
  }
  parsePrefix() {
    const lex2 = this.lex;
    switch (lex2.t()) {
      case 36 /* MINUS */: {
        lex2.next();
        const arg = this.parseExpr(17 /* POSTFIX */);
        if (arg.k === "const" && arg.v.type === "double")
          return { k: "const", v: doubleValue(-arg.v.value, arg.v.unit) };
        if (arg.k === "const" && arg.v.type === "int")
          return { k: "const", v: intValue(BigInt.asIntN(64, -arg.v.value), arg.v.unit) };
        return { k: "op", op: "-", args: [arg] };
      }
      case 27 /* NOT */:
        lex2.next();
        return { k: "op", op: "!", args: [this.parseExpr(17 /* POSTFIX */)] };
      case 31 /* BITNOT */:
        lex2.next();
        return { k: "op", op: "~", args: [this.parseExpr(17 /* POSTFIX */)] };
      case 16 /* LPAREN */: {
        lex2.next();
        const e = this.parseExpr(0 /* NONE */);
        this.expect(17 /* RPAREN */);
        return e;
      }
      case 5 /* STRING */: {
        const v = stringValue(unquoteString(lex2.text));
        lex2.next();
        return { k: "const", v };
      }
      case 6 /* TRUE */:
        lex2.next();
        return { k: "const", v: TRUE_VALUE };
      case 7 /* FALSE */:
        lex2.next();
        return { k: "const", v: FALSE_VALUE };
      case 10 /* UNDEFINED */:
        lex2.next();
        return { k: "const", v: UNDEF_VALUE };
      case 12 /* NULL */:
      case 11 /* NULLPTR */:
        lex2.next();
        return { k: "const", v: NULL_POINTER_VALUE };
      case 3 /* INT */:
      case 4 /* REAL */:
      case 8 /* NAN */:
      case 9 /* INF */:
        return { k: "const", v: this.parseNumber() };
      case 2 /* NAME */: {
        const name = lex2.text;
        lex2.next();
        switch (lex2.t()) {
          case 16 /* LPAREN */:
            return { k: "func", name, args: this.parseArgs() };
          case 18 /* LBRACKET */: {
            lex2.next();
            const index = this.parseExpr(0 /* NONE */);
            this.expect(19 /* RBRACKET */);
            return { k: "ident", name, index };
          }
          case 20 /* LBRACE */:
            return this.parseObject(name);
          case 48 /* DOUBLECOLON */: {
            let qname = name;
            while (lex2.t() === 48 /* DOUBLECOLON */) {
              lex2.next();
              if (lex2.t() !== 2 /* NAME */) syntaxError();
              qname += "::" + lex2.text;
              lex2.next();
            }
            if (lex2.t() !== 20 /* LBRACE */) syntaxError();
            return this.parseObject(qname);
          }
          default:
            return { k: "ident", name };
        }
      }
      case 20 /* LBRACE */:
        return this.parseObject("");
      case 18 /* LBRACKET */: {
        lex2.next();
        const items = [];
        if (lex2.t() === 19 /* RBRACKET */) {
          lex2.next();
          return { k: "array", items };
        }
        for (; ; ) {
          items.push(this.parseExpr(0 /* NONE */));
          if (lex2.t() === 13 /* COMMA */) {
            lex2.next();
            if (lex2.t() === 19 /* RBRACKET */) break;
            continue;
          }
          break;
        }
        this.expect(19 /* RBRACKET */);
        return { k: "array", items };
      }
      default:
        syntaxError();
    }
  }
  /** The text of a quantity's number token (qnumber), or undefined if not at one. */
  qnumberText() {
    switch (this.lex.t()) {
      case 3 /* INT */:
      case 4 /* REAL */:
        return this.lex.text;
      case 8 /* NAN */:
        return "nan";
      case 9 /* INF */:
        return "inf";
      default:
        return void 0;
    }
  }
  /**
   * At a qnumber token: reads a quantity (`5s`, `1h 30min`) if a name follows, else the plain
   * number; returns the text of a quantity in `quantityText` form for object keys.
   */
  readNumberOrQuantity() {
    const lex2 = this.lex;
    const type = lex2.t();
    let text = this.qnumberText();
    lex2.next();
    if (lex2.t() !== 2 /* NAME */) return { type, text, isQuantity: false };
    text += " " + lex2.text;
    lex2.next();
    for (; ; ) {
      const q = this.qnumberText();
      if (q === void 0) break;
      lex2.next();
      if (lex2.t() !== 2 /* NAME */) syntaxError();
      text += " " + q + " " + lex2.text;
      lex2.next();
    }
    return { type, text, isQuantity: true };
  }
  parseNumber() {
    const { type, text, isQuantity } = this.readNumberOrQuantity();
    if (isQuantity) {
      let q;
      try {
        q = parseQuantity(text);
      } catch (e) {
        if (e instanceof ExprError) throw new ExprSyntaxError(e.message);
        throw e;
      }
      return isIntegerValued(q.value) ? intValue(truncToInt64(q.value), q.unit) : doubleValue(q.value, q.unit);
    }
    switch (type) {
      case 3 /* INT */:
        return intValue(parseIntLiteral(text));
      case 4 /* REAL */:
        return doubleValue(parseRealLiteral(text));
      case 8 /* NAN */:
        return doubleValue(NaN);
      default:
        return doubleValue(Infinity);
    }
  }
  parseKey() {
    const lex2 = this.lex;
    switch (lex2.t()) {
      case 5 /* STRING */: {
        const k = unquoteString(lex2.text);
        lex2.next();
        return k;
      }
      case 2 /* NAME */:
      case 6 /* TRUE */:
      case 7 /* FALSE */:
      case 12 /* NULL */:
      case 11 /* NULLPTR */: {
        const k = lex2.text;
        lex2.next();
        return k;
      }
      case 3 /* INT */:
      case 4 /* REAL */:
      case 8 /* NAN */:
      case 9 /* INF */:
        return this.readNumberOrQuantity().text;
      case 36 /* MINUS */: {
        lex2.next();
        if (lex2.t() === 9 /* INF */) {
          lex2.next();
          return "-inf";
        }
        if (lex2.t() !== 3 /* INT */ && lex2.t() !== 4 /* REAL */) syntaxError();
        return "-" + this.readNumberOrQuantity().text;
      }
      default:
        syntaxError();
    }
  }
  /** `{` [key `:` expr {`,` key `:` expr} [`,`]] `}`, starting at the `{`. */
  parseObject(typeName) {
    const lex2 = this.lex;
    lex2.next();
    const keys = [];
    const values = [];
    while (lex2.t() !== 21 /* RBRACE */) {
      keys.push(this.parseKey());
      this.expect(14 /* COLON */);
      values.push(this.parseExpr(0 /* NONE */));
      if (lex2.t() === 13 /* COMMA */) lex2.next();
      else if (lex2.t() !== 21 /* RBRACE */) syntaxError();
    }
    lex2.next();
    return { k: "object", typeName, keys, values };
  }
};
var BINARY_OPS = /* @__PURE__ */ new Set([
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "<=>",
  "=~",
  "&&",
  "||",
  "##",
  "&",
  "|",
  "#",
  "<<",
  ">>"
]);
function translateAll(raws, opts) {
  const out = [];
  for (const r of raws) out.push(translate(r, opts));
  return out;
}
function translate(raw, opts) {
  switch (raw.k) {
    case "const":
      return { kind: "constant", value: raw.v };
    case "op": {
      const { op, args } = raw;
      if (args.length === 1) {
        if (op === "-" || op === "!" || op === "~")
          return { kind: "unary", op, arg: translate(args[0], opts) };
        if (op === "_!")
          throw new ExprSyntaxError("Not a recognized unary operator: postfix '!' (bang operator)");
        throw new ExprSyntaxError(`Not a recognized unary operator: '${op}'`);
      }
      if (args.length === 3) {
        return {
          kind: "conditional",
          cond: translate(args[0], opts),
          then: translate(args[1], opts),
          else: translate(args[2], opts)
        };
      }
      let name = op;
      if (op === "=" && opts.singleEquals) name = "==";
      if (!BINARY_OPS.has(name))
        throw new ExprSyntaxError(`Not a recognized binary operator: '${op}'`);
      return {
        kind: "binary",
        op: name,
        left: translate(args[0], opts),
        right: translate(args[1], opts)
      };
    }
    case "func": {
      const { name, args } = raw;
      const argc = args.length;
      if (opts.nedFunctions) {
        const f = findNedFunction(name, argc);
        if (f) {
          const targs = translateAll(args, opts);
          return f.unavailable ? { kind: "unavailableFunction", name, reason: f.unavailable, args: targs } : { kind: "nedFunction", name, args: targs };
        }
      }
      if (isStdMathFunction(name)) {
        const expected = stdMathArity(name);
        if (argc !== expected)
          throw new ExprSyntaxError(
            `Function '${name}' invoked with wrong number of arguments (${argc} instead of ${expected})`
          );
        return { kind: "mathFunction", name, args: translateAll(args, opts) };
      }
      if (argc === 1) {
        if (isKnownUnit(name))
          return { kind: "unitConversion", unit: name, arg: translate(args[0], opts) };
        if (name.includes("_")) {
          const unit = name.replaceAll("_per_", "/").replaceAll("_", "-");
          if (isKnownUnit(unit))
            return { kind: "unitConversion", unit, arg: translate(args[0], opts) };
        }
      }
      return { kind: "function", name, args: translateAll(args, opts) };
    }
    case "method": {
      if (opts.nedFunctions) {
        const f = findNedFunction(raw.name, raw.args.length + 1);
        if (f) {
          const targs = translateAll([raw.object, ...raw.args], opts);
          return f.unavailable ? { kind: "unavailableFunction", name: raw.name, reason: f.unavailable, args: targs } : { kind: "nedFunction", name: raw.name, args: targs };
        }
      }
      return {
        kind: "method",
        name: raw.name,
        object: translate(raw.object, opts),
        args: translateAll(raw.args, opts)
      };
    }
    case "ident":
      return raw.index ? { kind: "variable", name: raw.name, index: translate(raw.index, opts) } : { kind: "variable", name: raw.name };
    case "member":
      return raw.index ? {
        kind: "member",
        name: raw.name,
        object: translate(raw.object, opts),
        index: translate(raw.index, opts)
      } : { kind: "member", name: raw.name, object: translate(raw.object, opts) };
    case "array":
      throw new ExprSyntaxError("Unknown array ''");
    case "object": {
      const seen = /* @__PURE__ */ new Set();
      for (const key of raw.keys) {
        if (seen.has(key)) throw new ExprSyntaxError(`Duplicate key "${key}" in object literal`);
        seen.add(key);
      }
      throw new ExprSyntaxError(`Unknown object '${raw.typeName}'`);
    }
  }
}
function parseExpression(text, options) {
  const opts = {
    singleEquals: options?.singleEquals ?? true,
    nedFunctions: options?.nedFunctions ?? false
  };
  let raw;
  try {
    raw = new Parser(text).parse();
  } catch (e) {
    if (e instanceof RangeError) throw new ExprSyntaxError("memory exhausted");
    throw e;
  }
  return translate(raw, opts);
}

// src/core/expr/index.ts
function evaluateExpression(text, options) {
  return evaluate(parseExpression(text, options));
}
function checkType(value, expected, expressionText) {
  if (value.type === expected) return;
  if (value.type !== "undef")
    throw new ExprEvalError(
      `${getTypeName(expected)} expected, but ${getTypeName(value.type)} (${valueToString(value)}) found in the expression '${expressionText}'`
    );
  throw new ExprEvalError(
    `${getTypeName(expected)} expected, but nothing found in the expression '${expressionText}'`
  );
}
function expectBool(value, expressionText) {
  checkType(value, "bool", expressionText);
  return value.value;
}
function expectNumber(value, expressionText) {
  if (value.type === "int") return Number(value.value);
  checkType(value, "double", expressionText);
  return value.value;
}
function expectString(value, expressionText) {
  checkType(value, "string", expressionText);
  return value.value;
}

// src/core/ini/text.ts
var isSpace4 = (c) => c === " " || c === "	" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
var isAlphaExt = (c) => c !== void 0 && c !== "" && (/[A-Za-z]/.test(c) || c.charCodeAt(0) >= 128);
var isAlnumExt = (c) => c !== void 0 && c !== "" && (/[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 128);
function findCloseQuote(s, start) {
  const quote = s[start];
  let i = start + 1;
  for (; i < s.length && s[i] !== quote; i++) if (s[i] === "\\" && i + 1 < s.length) i++;
  return i < s.length ? i : -1;
}
var PARENS = "(){}[]";
function tokenEnd(s, start, delimiters) {
  let pos = start;
  const stack = [];
  while (pos < s.length) {
    const c = s[pos];
    if (delimiters.includes(c) && stack.length === 0) return pos;
    if (c === '"' || c === "'") {
      const close = findCloseQuote(s, pos);
      if (close < 0) throw new Error("Unclosed string constant");
      pos = close;
    } else {
      const p = PARENS.indexOf(c);
      if (p >= 0) {
        if (p % 2 === 0) stack.push(c);
        else {
          if (stack.length === 0 || stack[stack.length - 1] !== PARENS[p - 1])
            throw new Error(`Unmatched close parenthesis '${c}'`);
          stack.pop();
        }
      }
    }
    pos++;
  }
  if (stack.length > 0) throw new Error(`Unclosed parenthesis '${stack[stack.length - 1]}'`);
  return pos;
}
function tokenize(s, delimiters) {
  const out = [];
  let pos = 0;
  while (pos < s.length) {
    const end = tokenEnd(s, pos, delimiters);
    const token = trimSpace(s.slice(pos, end));
    if (token !== "") out.push(token);
    pos = end + 1;
  }
  return out;
}
function trimSpace(s) {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace4(s[a])) a++;
  while (b > a && isSpace4(s[b - 1])) b--;
  return s.slice(a, b);
}
function parseQuotedString(txt) {
  let i = 0;
  while (isSpace4(txt[i])) i++;
  const quote = txt[i];
  if (quote !== '"' && quote !== "'") throw new Error("Missing opening quote");
  i++;
  let out = "";
  for (; i < txt.length && txt[i] !== quote; i++) {
    const c = txt[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    i++;
    const e = txt[i];
    switch (e) {
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "	";
        break;
      case "\\":
        out += "\\";
        break;
      case "x": {
        const m = /^[0-9A-Fa-f]{1,2}/.exec(txt.slice(i + 1));
        out += String.fromCharCode(m ? parseInt(m[0], 16) : 0);
        i += m ? m[0].length : 0;
        break;
      }
      case "\n":
        break;
      case void 0:
        i--;
        break;
      case "=":
      case ";":
      case ",":
        throw new Error(
          `Illegal escape sequence '\\${e}' (Hint: use double backslashes to quote display string special chars: equal sign, comma, semicolon)`
        );
      default:
        if (e === quote) out += quote;
        else throw new Error(`Illegal escape sequence '\\${e}'`);
    }
  }
  if (txt[i] !== quote) throw new Error("Missing closing quote");
  i++;
  while (isSpace4(txt[i])) i++;
  if (i < txt.length) throw new Error("Trailing garbage after string literal");
  return out;
}
function unquote(txt) {
  if (!txt.includes('"')) return txt;
  try {
    return parseQuotedString(txt);
  } catch {
    return txt;
  }
}
var isVariableNameChar = (c) => /[A-Za-z0-9_]/.test(c);
var FILENAME_SPECIALS = "/\\:?*<>|'`\"$%{}^&";
function filenameEncode(src) {
  let out = "";
  for (const byte of new TextEncoder().encode(src)) {
    const c = String.fromCharCode(byte);
    if (c === " ") out += "_";
    else if (c === "_") out += "#_";
    else if (c === "#") out += "##";
    else if (byte >= 128) out += "#ffffff" + byte.toString(16);
    else if (byte < 32 || byte === 127 || FILENAME_SPECIALS.includes(c))
      out += "#" + byte.toString(16).padStart(2, " ");
    else out += c;
  }
  return out;
}
function substituteVariables(raw, resolve, isNameChar = isVariableNameChar) {
  let result = "";
  let prevEnd = 0;
  for (; ; ) {
    const dollar = raw.indexOf("$", prevEnd);
    if (dollar < 0 || prevEnd >= raw.length) break;
    result += raw.slice(prevEnd, dollar);
    const braced = raw[dollar + 1] === "{";
    const varStart = braced ? dollar + 2 : dollar + 1;
    let varEnd = varStart;
    while (varEnd < raw.length && isNameChar(raw[varEnd])) varEnd++;
    if (varEnd === varStart) {
      result += raw.slice(dollar, varStart);
    } else if (braced && raw[varEnd] !== "}") {
      result += raw.slice(dollar, varEnd);
    } else {
      result += resolve(raw.slice(varStart, varEnd));
      if (braced) varEnd++;
    }
    prevEnd = varEnd;
  }
  if (prevEnd < raw.length) result += raw.slice(prevEnd);
  return result;
}

// src/core/ini/eval.ts
var isIterNameChar = (c) => /[A-Za-z0-9_@]/.test(c);
function evaluate2(text, singleEquals = true) {
  try {
    return evaluateExpression(text, { singleEquals });
  } catch (e) {
    const msg = e.message;
    if (e.name === "ExprSyntaxError")
      throw new Error(`Parse error in expression '${text}': ${msg}`, { cause: e });
    throw new Error(`Cannot evaluate expression '${text}': ${msg}`, { cause: e });
  }
}
function evaluateToNumber(text) {
  return expectNumber(evaluate2(text), text);
}
var boolCache = /* @__PURE__ */ new Map();
function evaluateToBool(raw, resolve) {
  const text = substituteVariables(raw, resolve, isIterNameChar);
  const hit = boolCache.get(text);
  if (hit !== void 0) return hit;
  const b = expectBool(evaluate2(text), text);
  if (boolCache.size > 1e5) boolCache.clear();
  boolCache.set(text, b);
  return b;
}
function evaluateToInt(text) {
  const v = evaluate2(text, false);
  if (v.type === "int" && v.unit === void 0) return Number(v.value);
  throw new Error(`Cannot cast ${v.type} to integer in '${text}'`);
}
function evaluateToBoolValue(text) {
  return expectBool(evaluate2(text, false), text);
}
function evaluateToString(text) {
  return expectString(evaluate2(text, false), text);
}

// src/core/ini/itervars.ts
function parseDollarBrace(text, start) {
  const close = tokenEnd(text, start + 2, "}");
  if (close >= text.length) throw new Error("Missing '}' for '${'");
  if (close === start + 2) throw new Error("Empty '${}'");
  const end = close + 1;
  const valueEnd = end - 1;
  let s = start + 2;
  while (isSpace4(text[s])) s++;
  let nameBegin = -1;
  let nameEnd = -1;
  let valueBegin = -1;
  if (isAlphaExt(text[s])) {
    nameBegin = s;
    nameEnd = s;
    while (nameEnd < text.length && isAlnumExt(text[nameEnd])) nameEnd++;
    s = nameEnd;
    while (isSpace4(text[s])) s++;
    if (text[s] === "}") {
    } else if (text[s] === "=" && text[s + 1] !== "=") {
      valueBegin = s + 1;
    } else if (text.indexOf(",", s) !== -1) {
      valueBegin = nameBegin;
      nameBegin = nameEnd = -1;
    } else {
      throw new Error("Missing '=' after '${varname'");
    }
  } else {
    valueBegin = s;
  }
  let parvar = "";
  let vEnd = valueEnd;
  if (valueBegin !== -1) {
    const bang = text.lastIndexOf("!");
    if (bang >= valueBegin) {
      let p = bang + 1;
      while (isSpace4(text[p])) p++;
      if (isAlphaExt(text[p])) {
        const pb = p;
        while (p < text.length && isAlnumExt(text[p])) p++;
        const pe = p;
        while (isSpace4(text[p])) p++;
        if (p === valueEnd) {
          parvar = text.slice(pb, pe);
          vEnd = bang;
        }
      }
    }
  }
  return {
    name: nameBegin === -1 ? "" : text.slice(nameBegin, nameEnd),
    value: valueBegin === -1 ? "" : text.slice(valueBegin, vEnd),
    parvar,
    end
  };
}
var PREDEFINED_VARIABLES = [
  "runid",
  "inifile",
  "configname",
  "runnumber",
  "network",
  "experiment",
  "measurement",
  "replication",
  "processid",
  "datetime",
  "datetimef",
  "resultdir",
  "repetition",
  "seedset",
  "iterationvars",
  "iterationvarsf",
  "iterationvarsd"
];
var PREDEFINED = new Set(PREDEFINED_VARIABLES);
var isPredefinedVariable = (name) => PREDEFINED.has(name);
function collectIterationVariables(entries) {
  const variables = [];
  const occurrences = /* @__PURE__ */ new Map();
  let unnamed = 0;
  for (const entry of entries) {
    const text = entry.value;
    let pos = text.indexOf("${");
    if (pos < 0) continue;
    const occ = [];
    while (pos >= 0) {
      let d;
      try {
        d = parseDollarBrace(text, pos);
      } catch (e) {
        throw new IniError(
          `Scenario generator: ${e.message} at ${entry.key}=${entry.value}`,
          entry
        );
      }
      let varName = d.name;
      if (d.value !== "") {
        if (varName !== "") {
          if (variables.some((v) => v.name === varName))
            throw new IniError(
              `Scenario generator: Redefinition of iteration variable \${${varName}} in the configuration`,
              entry
            );
          if (isPredefinedVariable(varName))
            throw new IniError(
              `Scenario generator: \${${varName}} is a predefined variable and cannot be changed`,
              entry
            );
        } else {
          varName = String(unnamed++);
        }
        variables.push({ name: varName, value: d.value, parvar: d.parvar, entry });
      }
      occ.push({ start: pos, end: d.end, varName });
      pos = text.indexOf("${", d.end);
    }
    occurrences.set(entry, occ);
  }
  return { variables, occurrences };
}

// src/core/ini/run-vars.ts
var SubstitutionError = class extends Error {
  constructor(message, entry) {
    super(message);
    this.entry = entry;
    this.name = "SubstitutionError";
  }
  entry;
};
function substituteEntry(value, occurrences, vars, entry) {
  const occ = occurrences ?? scanOccurrences(value);
  if (occ.length === 0) return value;
  let out = "";
  let prev = 0;
  for (const o of occ) {
    const v = vars.get(o.varName);
    if (v === void 0) throw new SubstitutionError(`No such variable: \${${o.varName}}`, entry);
    out += value.slice(prev, o.start) + v;
    prev = o.end;
  }
  return out + value.slice(prev);
}
function scanOccurrences(value) {
  const occ = [];
  let pos = value.indexOf("${");
  while (pos >= 0) {
    const d = parseDollarBrace(value, pos);
    occ.push({ start: pos, end: d.end, varName: d.name });
    pos = value.indexOf("${", d.end);
  }
  return occ;
}
var DEFAULTS = {
  network: "",
  "runnumber-width": "0",
  "result-dir": "results",
  "resultdir-subdivision": "false",
  "seed-set": "${runnumber}",
  "experiment-label": "${configname}",
  "measurement-label": "${iterationvars}",
  "replication-label": "#${repetition}",
  "output-scalar-file": "${resultdir}/${configname}-${iterationvarsf}#${repetition}.sca",
  "output-vector-file": "${resultdir}/${configname}-${iterationvarsf}#${repetition}.vec"
};
function optionText(ctx, key, vars) {
  const entry = ctx.lookup(key);
  const raw = entry ? entry.value : DEFAULTS[key];
  try {
    return substituteEntry(raw, entry ? ctx.occurrences.get(entry) : void 0, vars, entry);
  } catch (e) {
    throw new SubstitutionError(
      `Error getting value of config option '${key}': ${e.message}`,
      entry
    );
  }
}
function typed(ctx, key, vars, conv) {
  const text = optionText(ctx, key, vars);
  try {
    return conv(text);
  } catch (e) {
    throw new SubstitutionError(
      `Error getting value of config option '${key}': ${e.message}`,
      ctx.lookup(key)
    );
  }
}
var asString = (s) => s.startsWith('"') ? evaluateToString(s) : s;
function optionString(ctx, key, vars) {
  return typed(ctx, key, vars, asString);
}
function computeRunVariables(ctx, scenario, runNumber) {
  const vars = /* @__PURE__ */ new Map();
  const names = scenario.names;
  names.forEach((name, i) => vars.set(name, scenario.get(i)));
  let iterationvars = "";
  let iterationvarsf = "";
  let iterationvarsd = "";
  names.forEach((name, i) => {
    if (name === "repetition") return;
    const value = scenario.get(i);
    iterationvars += (iterationvars === "" ? "" : ", ") + "$" + name + "=" + value;
    const segment = (isAlphaExt(name[0]) ? name + "=" : "") + filenameEncode(unquote(value));
    iterationvarsf += (iterationvarsf === "" ? "" : ",") + segment;
    iterationvarsd += (iterationvarsd === "" ? "" : "/") + segment;
  });
  if (iterationvarsf !== "") iterationvarsf += "-";
  vars.set("iterationvars", iterationvars);
  vars.set("iterationvarsf", iterationvarsf);
  vars.set("iterationvarsd", iterationvarsd);
  const width = Math.max(0, Math.min(6, typed(ctx, "runnumber-width", vars, evaluateToInt)));
  const datetime = ctx.runtime?.datetime ?? "${datetime}";
  const processid = ctx.runtime?.processid ?? "${processid}";
  vars.set("inifile", ctx.inifile);
  vars.set("configname", ctx.configName);
  vars.set("runnumber", String(runNumber).padStart(width, "0"));
  vars.set("network", optionString(ctx, "network", vars));
  vars.set("processid", processid);
  vars.set("datetime", datetime);
  vars.set("datetimef", ctx.runtime?.datetime ? datetime.replaceAll(":", "") : "${datetimef}");
  vars.set(
    "runid",
    ctx.runtime?.datetime && ctx.runtime.processid ? `${ctx.configName}-${vars.get("runnumber")}-${datetime}-${processid}` : "${runid}"
  );
  let resultdir = optionString(ctx, "result-dir", vars);
  if (typed(ctx, "resultdir-subdivision", vars, evaluateToBoolValue))
    resultdir += `/${ctx.configName}/${iterationvarsd}`;
  vars.set("resultdir", resultdir);
  vars.set("seedset", String(typed(ctx, "seed-set", vars, evaluateToInt)));
  vars.set("experiment", optionString(ctx, "experiment-label", vars));
  vars.set("measurement", optionString(ctx, "measurement-label", vars));
  vars.set("replication", optionString(ctx, "replication-label", vars));
  return vars;
}

// src/core/ini/value-iterator.ts
var isIterNameChar2 = (c) => /[A-Za-z0-9_@]/.test(c);
var ValueList = class {
  constructor(parts, length) {
    this.parts = parts;
    this.length = length;
    this.cache = length <= MATERIALISE_UP_TO ? Array.from({ length }, (_, k) => this.compute(k)) : void 0;
  }
  parts;
  length;
  cache;
  lastIndex = -1;
  lastValue = "";
  /** The k-th value (0 <= k < length). */
  at(k) {
    if (this.cache) return this.cache[k] ?? "";
    if (k !== this.lastIndex) {
      this.lastValue = this.compute(k);
      this.lastIndex = k;
    }
    return this.lastValue;
  }
  compute(k) {
    let rest = k;
    for (const part of this.parts) {
      if (part.kind === "text") {
        if (rest === 0) return part.value;
        rest--;
      } else if (rest < part.n) {
        return formatG(part.from + part.step * rest);
      } else {
        rest -= part.n;
      }
    }
    return "";
  }
};
var MATERIALISE_UP_TO = 4096;
var ValueSpec = class {
  constructor(text) {
    this.text = text;
    const items = [];
    const refs = /* @__PURE__ */ new Set();
    for (const token of tokenize(text, ",")) {
      const item = parseItem(token);
      items.push(item);
      if (item.kind === "text") collectRefs(item.raw, refs);
      else for (const part of [item.from, item.to, item.step]) collectRefs(part, refs);
    }
    this.items = items;
    this.refs = refs;
  }
  text;
  items;
  /** Names of the variables this spec refers to (they must be outer loops). */
  refs;
  staticList;
  get isStatic() {
    return this.refs.size === 0;
  }
  /** The values, given the current values of the variables it refers to; none is computed yet. */
  list(resolve) {
    if (this.staticList) return this.staticList;
    const parts = [];
    let length = 0;
    for (const item of this.items) {
      if (item.kind === "text") {
        parts.push({ kind: "text", value: substitute(item.raw, resolve) });
        length++;
        continue;
      }
      const from = evaluateToNumber(substitute(item.from, resolve));
      const to = evaluateToNumber(substitute(item.to, resolve));
      const step = evaluateToNumber(substitute(item.step, resolve));
      if (step === 0) throw new Error(`Step is zero in range '${item.raw}'`);
      const n = Math.max(0, Math.floor((to - from + 1.000001 * step) / step));
      if (!Number.isFinite(n))
        throw new Error(`Range '${item.raw}' has no finite number of values`);
      parts.push({ kind: "range", from, step, n });
      length += n;
    }
    const list = new ValueList(parts, length);
    if (this.isStatic) this.staticList = list;
    return list;
  }
};
function parseItem(token) {
  const dots = token.indexOf("..");
  if (dots < 0) return { kind: "text", raw: token };
  let stepAt = token.indexOf("step", dots + 2);
  while (stepAt >= 0 && (isAlnumExt(token[stepAt - 1]) || isAlnumExt(token[stepAt + 4])))
    stepAt = token.indexOf("step", stepAt + 4);
  return {
    kind: "range",
    from: token.slice(0, dots),
    to: stepAt >= 0 ? token.slice(dots + 2, stepAt) : token.slice(dots + 2),
    step: stepAt >= 0 ? token.slice(stepAt + 4) : "1",
    raw: token
  };
}
function collectRefs(raw, into) {
  let start = 0;
  for (; ; ) {
    const dollar = raw.indexOf("$", start);
    if (dollar < 0 || start >= raw.length) return;
    start = raw[dollar + 1] === "{" ? dollar + 2 : dollar + 1;
    let end = start;
    while (end < raw.length && isIterNameChar2(raw[end])) end++;
    if (end > start && (start !== dollar + 2 || end + 1 < raw.length && raw[end + 1] === "}"))
      into.add(raw.slice(start, end));
    start = end;
  }
}
function substitute(raw, resolve) {
  return raw.includes("$") ? substituteVariables(raw, resolve, isIterNameChar2) : raw;
}

// src/core/ini/scenario.ts
var EMPTY = new ValueList([], 0);
var ScenarioError = class extends Error {
  constructor(message, variable) {
    super(message);
    this.variable = variable;
    this.name = "ScenarioError";
  }
  variable;
};
var Scenario = class {
  vars;
  index = /* @__PURE__ */ new Map();
  constraint;
  vals;
  pos;
  resolveFns;
  constructor(defs, constraint, nestingSpec) {
    const byName = /* @__PURE__ */ new Map();
    for (const def2 of defs) {
      let spec;
      try {
        spec = new ValueSpec(def2.value);
      } catch (e) {
        throw new ScenarioError(
          `Cannot parse iteration variable '${def2.name}' (${e.message} in '${def2.value}')`,
          def2
        );
      }
      byName.set(def2.name, { def: def2, spec });
    }
    for (const { def: def2, spec } of byName.values()) {
      for (const ref of spec.refs)
        if (!byName.has(ref))
          throw new ScenarioError(
            `Undefined variable $${ref}, referenced from the definition of $${def2.name} (${def2.value})`,
            def2
          );
      if (def2.parvar !== "" && !byName.has(def2.parvar))
        throw new ScenarioError(
          `Undefined variable $${def2.parvar}, referenced from the definition of $${def2.name} as parallel variable`,
          def2
        );
    }
    let remaining = resolveNestingOrder(
      defs.map((d) => d.name),
      nestingSpec
    );
    const ordered = [];
    while (remaining.length > 0) {
      const pick = remaining.find((name) => {
        const v = byName.get(name);
        if (!v) return false;
        const refs = new Set(v.spec.refs);
        if (v.def.parvar !== "") refs.add(v.def.parvar);
        for (const r of refs) if (remaining.includes(r)) return false;
        return true;
      });
      if (pick === void 0)
        throw new ScenarioError("Cycle detected in iteration variable references");
      ordered.push(pick);
      remaining = remaining.filter((n) => n !== pick);
    }
    this.vars = ordered.map((name, i) => {
      this.index.set(name, i);
      const v = byName.get(name);
      return { name, spec: v.spec, def: v.def, parIndex: -1 };
    });
    for (const v of this.vars)
      if (v.def.parvar !== "") v.parIndex = this.index.get(v.def.parvar) ?? -1;
    this.constraint = constraint !== void 0 && constraint !== "" ? constraint : void 0;
    this.vals = this.vars.map(() => EMPTY);
    this.pos = this.vars.map(() => 0);
    const resolve = (name) => {
      const i = this.index.get(name);
      if (i === void 0) throw new ScenarioError(`Unknown iteration variable: $${name}`);
      return this.get(i);
    };
    this.resolveFns = this.vars.map(() => resolve);
  }
  /** Names in nesting order (outermost first): the order `-q runs` prints them in. */
  get names() {
    return this.vars.map((v) => v.name);
  }
  /** Current value of variable i; '' past the end, as ValueIterator::get(). */
  get(i) {
    const list = this.vals[i];
    const p = this.pos[i] ?? 0;
    return list !== void 0 && p < list.length ? list.at(p) : "";
  }
  value(name) {
    const i = this.index.get(name);
    if (i === void 0) throw new ScenarioError(`Unknown iteration variable '${name}'`);
    return this.get(i);
  }
  /** Position of every variable, in nesting order. */
  positions() {
    return this.pos;
  }
  restartVar(i) {
    const v = this.vars[i];
    try {
      this.vals[i] = v.spec.list(this.resolveFns[i]);
    } catch (e) {
      if (e instanceof ScenarioError) throw e;
      throw new ScenarioError(e.message, v.def);
    }
    this.pos[i] = 0;
    return this.vals[i].length > 0;
  }
  atEnd(i) {
    return this.pos[i] >= this.vals[i].length;
  }
  /** Positions on the first run; false when there is none. */
  restart() {
    const n = this.vars.length;
    for (let i = 0; i < n; i++) {
      if (!this.restartVar(i)) {
        if (i === 0 || !this.incOuter(i)) return false;
        --i;
      }
    }
    while (this.constraint !== void 0 && !this.holds()) if (!this.inc()) return false;
    return true;
  }
  /** Runs are a plain product of value lists: run n's positions are its digits. */
  get canSeek() {
    return this.constraint === void 0 && this.vars.every((v) => v.spec.isStatic);
  }
  /**
   * Positions on run n directly (the odometer's digits, innermost fastest); false when the
   * scenario cannot seek or has no run n.
   */
  seek(n) {
    if (!this.canSeek) return false;
    const count = this.quickCount();
    if (n >= count) return false;
    for (let i = 0; i < this.vars.length; i++) this.restartVar(i);
    let rest = n;
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].parIndex !== -1) continue;
      const length = this.vals[i].length;
      this.pos[i] = rest % length;
      rest = Math.floor(rest / length);
    }
    for (let j = 0; j < this.vars.length; j++) {
      const v = this.vars[j];
      if (v.parIndex !== -1) this.pos[j] = this.pos[v.parIndex];
    }
    return true;
  }
  /** Moves to the next run; false when there is none. */
  next() {
    if (!this.inc()) return false;
    while (this.constraint !== void 0 && !this.holds()) if (!this.inc()) return false;
    return true;
  }
  inc() {
    return this.incOuter(this.vars.length);
  }
  incOuter(n) {
    let i = n - 1;
    for (; i >= 0; i--) {
      if (this.vars[i].parIndex === -1) {
        if (!this.atEnd(i)) this.pos[i] = this.pos[i] + 1;
        if (!this.atEnd(i)) break;
      }
    }
    if (i < 0) return false;
    for (let j = i + 1; j < this.vars.length; j++) {
      const v = this.vars[j];
      if (v.parIndex !== -1) {
        const p = this.pos[v.parIndex];
        this.restartVar(j);
        if (p >= this.vals[j].length)
          throw new ScenarioError(
            `Parallel iterator \${...!${v.def.parvar}} does not have enough values`,
            v.def
          );
        this.pos[j] = p;
      } else if (!this.restartVar(j)) {
        if (j === 0 || !this.incOuter(j)) return false;
        --j;
      }
    }
    return true;
  }
  holds() {
    const text = this.constraint;
    try {
      return evaluateToBool(text, this.resolveFns[0]);
    } catch (e) {
      throw new ScenarioError(`Cannot evaluate constraint expression: ${e.message}`);
    }
  }
  /**
   * The number of runs. Without a constraint and with no variable depending on another, this
   * is a product of list lengths and costs nothing; without a constraint, the values of only
   * the variables others depend on are visited; otherwise runs are stepped through (never
   * stored). `limit` stops counting early: the result is then Infinity (more than `limit`).
   */
  count(limit = Number.MAX_SAFE_INTEGER) {
    const quick = this.quickCount();
    if (quick !== void 0) return quick;
    if (this.constraint === void 0 && this.vars.every((v) => v.parIndex === -1))
      return this.nestedCount(0, limit);
    if (!this.restart()) return 0;
    let c = 1;
    while (this.next()) if (++c > limit) return Infinity;
    return c;
  }
  /**
   * The runs of variables i and inward, the outer ones where they stand: the odometer's count
   * without stepping through it. A variable no inner one refers to multiplies the count below
   * it; only the values of referenced variables are visited. Stops past `limit`.
   */
  nestedCount(i, limit) {
    if (i === this.vars.length) return 1;
    if (!this.restartVar(i)) return 0;
    const length = this.vals[i].length;
    if (!this.isReferenced(i)) return length * this.nestedCount(i + 1, limit);
    let total = 0;
    for (let k = 0; k < length; k++) {
      if (total > limit) return Infinity;
      this.pos[i] = k;
      total += this.nestedCount(i + 1, limit);
    }
    return total;
  }
  /** Whether a variable inside i may use its value (any `$name` counts, as substitution does). */
  isReferenced(i) {
    const name = this.vars[i].name;
    return this.vars.slice(i + 1).some((v) => v.spec.text.includes(`$${name}`) || v.spec.text.includes(`\${${name}`));
  }
  /** The product of list lengths: no value is computed, however long the lists. */
  quickCount() {
    if (this.constraint !== void 0 || this.vars.some((v) => !v.spec.isStatic)) return void 0;
    const lengths = this.vars.map((v) => {
      try {
        return v.spec.list(() => "").length;
      } catch (e) {
        throw new ScenarioError(e.message, v.def);
      }
    });
    if (lengths.some((l) => l === 0)) return 0;
    let product = 1;
    this.vars.forEach((v, i) => {
      if (v.parIndex !== -1) {
        let root = v.parIndex;
        while (this.vars[root].parIndex !== -1) root = this.vars[root].parIndex;
        if (lengths[i] < lengths[root])
          throw new ScenarioError(
            `Parallel iterator \${...!${v.def.parvar}} does not have enough values`,
            v.def
          );
      } else {
        product *= lengths[i];
      }
    });
    return product;
  }
  /** `$a=1, $b=x` of the current run, in nesting order (Scenario::str()). */
  describe() {
    let s = "";
    for (let i = 0; i < this.vars.length; i++)
      s += (i > 0 ? ", $" : "$") + this.vars[i].name + "=" + this.get(i);
    return s;
  }
};
function resolveNestingOrder(names, spec) {
  const ordered = (spec ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const n of ordered)
    if (n !== "*" && !names.includes(n))
      throw new ScenarioError(
        `Undefined variable $${n} specified as part of the iteration variable nesting order`
      );
  if (ordered.filter((n) => n === "*").length > 1)
    throw new ScenarioError("Iteration variable nesting order may only contain one '*'");
  let at = ordered.indexOf("*");
  if (at !== -1) ordered.splice(at, 1);
  else at = ordered.length;
  for (const n of names) if (!ordered.includes(n)) ordered.splice(at++, 0, n);
  return ordered;
}

// src/core/ini/sections.ts
var GENERAL = "General";
var SectionGraph = class {
  constructor(doc) {
    this.doc = doc;
    doc.sections.forEach((s, i) => this.byName.set(s.name, i));
  }
  doc;
  byName = /* @__PURE__ */ new Map();
  chains = /* @__PURE__ */ new Map();
  sectionIndex(name) {
    return this.byName.get(name) ?? -1;
  }
  section(index) {
    const s = this.doc.sections[index];
    if (!s) throw new Error(`section index ${index} out of range`);
    return s;
  }
  /** The fallback chain of a config, most specific first; [] for an implicit, absent [General]. */
  chain(configName) {
    const id = this.sectionIndex(configName);
    if (id === -1) {
      if (configName === GENERAL) return [];
      throw new IniError(`No such config: ${configName}`);
    }
    return this.chainOf(id);
  }
  chainNames(configName) {
    return this.chain(configName).map((i) => this.section(i).name);
  }
  chainOf(id) {
    let c = this.chains.get(id);
    if (!c) {
      c = this.computeChain(id);
      this.chains.set(id, c);
    }
    return c;
  }
  baseIds(id) {
    const general = this.sectionIndex(GENERAL);
    if (id === general) return [];
    const extendsValue = findEntry(this.section(id), "extends")?.value ?? "";
    if (extendsValue === "") return general === -1 ? [] : [general];
    return splitNames(extendsValue).map((name) => {
      const base = this.sectionIndex(name);
      if (base === -1)
        throw new IniError(
          `Section not found: ${name}`,
          entryLocation(this.section(id), "extends")
        );
      return base;
    });
  }
  computeChain(id) {
    const bases = this.baseIds(id);
    const lists = bases.map((b) => [...this.chainOf(b)]);
    lists.push([...bases]);
    const result = [id];
    while (lists.some((l) => l.length > 0)) {
      const next = selectNext(lists);
      if (next === void 0)
        throw new IniError(
          `Detected section fallback chain inconsistency at [${this.section(id).name}]`,
          { file: this.section(id).file, line: this.section(id).line }
        );
      result.push(next);
      for (const l of lists) if (l[0] === next) l.shift();
    }
    return result;
  }
  /**
   * The checks OMNeT++ runs on every ini file before it answers any query (validate()):
   * section names, `extends` targets, cycles, and every chain being linearisable.
   */
  validate() {
    const sections = this.doc.sections;
    for (const s of sections) {
      const at = { file: s.file, line: s.line };
      if (s.name.includes(" "))
        throw new IniError(`Invalid section name [${s.name}]: It may not contain spaces`, at);
      if (!isAlphaExt(s.name[0]) && s.name[0] !== "_")
        throw new IniError(
          `Invalid section name [${s.name}]: Must begin with a letter or underscore`,
          at
        );
      for (const c of s.name)
        if (!isAlnumExt(c) && !"-_@".includes(c))
          throw new IniError(
            `Invalid section name [${s.name}]: Contains illegal character '${c}'`,
            at
          );
    }
    const edges = sections.map(() => []);
    sections.forEach((s, i) => {
      for (const e of s.entries) {
        if (e.key !== "extends") continue;
        if (s.name === GENERAL)
          throw new IniError("The [General] section cannot extend other sections", e);
        for (const name of splitNames(e.value)) {
          const target = this.sectionIndex(name);
          if (name !== GENERAL && target === -1) throw new IniError(`No such config: ${name}`, e);
          if (target !== -1) edges[i]?.push(target);
        }
      }
    });
    const cycleAt = findCycle(edges);
    if (cycleAt !== -1) {
      const s = this.section(cycleAt);
      throw new IniError(
        `Cycle detected in section fallback chain at [${s.name}]`,
        entryLocation(s, "extends")
      );
    }
    sections.forEach((_, i) => this.chainOf(i));
  }
};
function findEntry(section, key) {
  return section.entries.find((e) => e.key === key);
}
function entryLocation(section, key) {
  return findEntry(section, key) ?? { file: section.file, line: section.line };
}
function splitNames(value) {
  return value.split(/[, \t]+/).filter((n) => n !== "");
}
function selectNext(lists) {
  for (const l of lists) {
    const candidate = l[0];
    if (candidate === void 0) continue;
    if (!lists.some((other) => other.indexOf(candidate, 1) !== -1)) return candidate;
  }
  return void 0;
}
function findCycle(edges) {
  const color = edges.map(() => 0);
  const visit = (n) => {
    color[n] = 1;
    for (const m of edges[n] ?? []) if (color[m] === 1 || color[m] === 0 && visit(m)) return true;
    color[n] = 2;
    return false;
  };
  for (let i = 0; i < edges.length; i++) if (color[i] === 0 && visit(i)) return i;
  return -1;
}

// src/core/ini/config.ts
var DEFAULT_MAX_RUNS = 1e7;
var IniConfig = class {
  constructor(doc) {
    this.doc = doc;
    this.graph = new SectionGraph(doc);
    this.graph.validate();
  }
  doc;
  graph;
  /** Section names in file order, as `opp_run -a` lists them. */
  configNames() {
    return this.doc.sections.map((s) => s.name);
  }
  /** The fallback chain, as `-q sectioninheritance` prints it (most specific first). */
  chainNames(configName) {
    return this.graph.chainNames(configName);
  }
  description(configName) {
    return this.config(configName).lookup("description")?.value;
  }
  isAbstract(configName) {
    const id = this.graph.sectionIndex(configName);
    if (id === -1) return false;
    const v = findEntry(this.graph.section(id), "abstract")?.value;
    return v === "true";
  }
  /**
   * The runs of a config. `overrides` act as command-line options (`--result-dir=...`): they
   * take precedence over every ini entry when options are looked up.
   */
  config(configName, opts = {}) {
    return new ConfigRuns(this.doc, this.graph, configName, opts.runtime, opts.overrides);
  }
};
var ConfigRuns = class {
  name;
  entries;
  location;
  collected;
  ctx;
  firstByKey = /* @__PURE__ */ new Map();
  constructor(doc, graph, name, runtime, overrides) {
    this.name = name;
    for (const [key, value] of Object.entries(overrides ?? {}))
      this.firstByKey.set(key, { key, value, file: "<command line>", line: 0 });
    const chain = graph.chain(name);
    const entries = [];
    chain.forEach((id, i) => {
      for (const e of graph.section(id).entries) {
        if (e.key === "abstract" && i > 0) continue;
        entries.push(e);
      }
    });
    this.entries = entries;
    for (const id of chain)
      for (const e of graph.section(id).entries)
        if (!this.firstByKey.has(e.key)) this.firstByKey.set(e.key, e);
    const head = chain[0] !== void 0 ? graph.section(chain[0]) : void 0;
    this.location = head ? { file: head.file, line: head.line } : void 0;
    this.collected = collectIterationVariables(this.chainEntries(graph, chain));
    this.ctx = {
      inifile: doc.fileName,
      configName: name,
      lookup: (key) => this.firstByKey.get(key),
      occurrences: this.collected.occurrences,
      ...runtime ? { runtime } : {}
    };
  }
  chainEntries(graph, chain) {
    return chain.flatMap((id) => graph.section(id).entries);
  }
  lookup(key) {
    return this.firstByKey.get(key);
  }
  scenario(withNesting) {
    const defs = [...this.collected.variables];
    const repeatEntry = this.lookup("repeat");
    let repeat = 1;
    if (repeatEntry) {
      try {
        repeat = evaluateToInt(repeatEntry.value);
      } catch (e) {
        throw new IniError(e.message, repeatEntry);
      }
    }
    defs.push({ name: "repetition", value: `0..${repeat - 1}`, parvar: "", entry: repeatEntry });
    const constraint = this.lookup("constraint")?.value;
    const nesting = withNesting ? this.lookup("iteration-nesting-order")?.value : void 0;
    return new Scenario(defs, constraint, nesting);
  }
  scenarioError(e, prefix) {
    if (e instanceof IniError) return e;
    if (e instanceof SubstitutionError)
      return new IniError(prefix + e.message, e.entry ?? this.location);
    if (e instanceof ScenarioError && e.variable?.entry)
      return new IniError(prefix + e.message, e.variable.entry);
    if (e instanceof ScenarioError || e instanceof Error) {
      const where = this.locate(e.message);
      return new IniError(prefix + e.message, where);
    }
    return new IniError(prefix + String(e), this.location);
  }
  /** The entry an error is about: the definition of a `$var` it names, else the config heading. */
  locate(message) {
    if (/constraint/.test(message)) return this.lookup("constraint") ?? this.location;
    const m = /\$\{\.\.\.!([^}]+)\}|\$([A-Za-z0-9_@]+)/.exec(message);
    const def2 = m?.[1] ? this.collected.variables.find((v) => v.parvar === m[1]) : this.collected.variables.find((v) => v.name === m?.[2]);
    return def2?.entry ?? this.location;
  }
  /**
   * Number of runs (`-q numruns`, `-a`). Does not enumerate runs unless a constraint or a
   * variable that depends on another makes that necessary. With `limit`, stops counting past it.
   */
  count(limit) {
    try {
      return this.scenario(false).count(limit);
    } catch (e) {
      throw this.scenarioError(e, `Could not compute number of runs in config ${this.name}: `);
    }
  }
  /** Throws TooManyRunsError, before any work, when the config expands past `limit` runs. */
  checkLimit(limit = DEFAULT_MAX_RUNS) {
    const n = this.count(limit);
    if (n > limit) throw new TooManyRunsError(this.name, n, limit);
    return n;
  }
  /**
   * Streams the runs: run number and iteration variables. `from` starts at that run: directly
   * when runs are a plain product of value lists (no constraint, no list depending on another
   * variable), else by stepping through the runs before it without yielding them.
   */
  *runs(from = 0) {
    let runNumber = 0;
    let ok;
    let scenario;
    try {
      scenario = this.scenario(true);
      if (from > 0 && scenario.seek(from)) {
        runNumber = from;
        ok = true;
      } else {
        ok = scenario.restart();
      }
    } catch (e) {
      throw this.scenarioError(e, "Scenario generator: ");
    }
    while (ok) {
      if (runNumber >= from) yield { runNumber, info: scenario.describe(), scenario };
      runNumber++;
      try {
        ok = scenario.next();
      } catch (e) {
        throw this.scenarioError(e, "Scenario generator: ");
      }
    }
  }
  /** The runs a run list names, each once, in run order; only those are visited when possible. */
  *runsIn(list) {
    const ranges = list.merged;
    if (ranges.length === 0) return;
    if (!this.scenario(true).canSeek) {
      for (const r of this.runs()) {
        if (r.runNumber > list.max) return;
        if (list.has(r.runNumber)) yield r;
      }
      return;
    }
    for (const [a, b] of ranges)
      for (const r of this.runs(a)) {
        if (r.runNumber > b) break;
        yield r;
      }
  }
  /** Variables of the current run of `scenario` (iteration and predefined ones). */
  variables(scenario, runNumber) {
    try {
      return computeRunVariables(this.ctx, scenario, runNumber);
    } catch (e) {
      throw this.scenarioError(e, "Scenario generator: ");
    }
  }
  /** Entries that contain `${`, expanded: what `-q rundetails` prints under each run. */
  detailLines(vars) {
    const lines = [];
    for (const [entry, occ] of this.collected.occurrences) {
      lines.push(`${entry.key} = ${this.expand(entry, occ, vars)}`);
    }
    return lines;
  }
  /** Every entry of the chain in precedence order, with `${...}` expanded. */
  resolvedEntries(vars) {
    return this.entries.map((e) => ({
      key: e.key,
      value: this.expand(e, this.collected.occurrences.get(e), vars)
    }));
  }
  /** The result file names of a run, as OMNeT++ would write them. */
  resultFiles(vars) {
    try {
      return {
        scalar: optionText(this.ctx, "output-scalar-file", vars),
        vector: optionText(this.ctx, "output-vector-file", vars)
      };
    } catch (e) {
      throw this.scenarioError(e, "");
    }
  }
  expand(entry, occ, vars) {
    try {
      return substituteEntry(entry.value, occ ?? [], vars, entry);
    } catch (e) {
      throw new IniError(`Scenario generator: ${e.message}`, entry);
    }
  }
};

// src/core/ini/run-filter.ts
function isRunNumberList(filter) {
  return /^[0-9,.\- ]*$/.test(filter);
}
var RunList = class {
  constructor(ranges) {
    this.ranges = ranges;
    const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const [a, b] of sorted) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    this.merged = merged;
  }
  ranges;
  /** The ranges sorted and merged: each number once, in order. */
  merged;
  /** How many numbers the list names, duplicates included. */
  get size() {
    return this.ranges.reduce((n, [a, b]) => n + Math.max(0, b - a + 1), 0);
  }
  /** How many different numbers the list names (a campaign runs each once). */
  get distinctSize() {
    return this.merged.reduce((n, [a, b]) => n + (b - a + 1), 0);
  }
  /** The largest number named, or -1. */
  get max() {
    return this.merged[this.merged.length - 1]?.[1] ?? -1;
  }
  /** Every number once, each after the ones before it: the list's order is run order. */
  get ascending() {
    let last = -1;
    for (const [a, b] of this.ranges) {
      if (a > b) continue;
      if (a <= last) return false;
      last = b;
    }
    return true;
  }
  has(n) {
    let lo = 0;
    let hi = this.merged.length - 1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      const [a, b] = this.merged[mid];
      if (n < a) hi = mid - 1;
      else if (n > b) lo = mid + 1;
      else return true;
    }
    return false;
  }
  /** The numbers in the list's order. */
  *numbers() {
    for (const [a, b] of this.ranges) for (let n = a; n <= b; n++) yield n;
  }
};
function parseRunNumberList(text) {
  const out = [];
  let s = 0;
  const ws = () => {
    while (text[s] === " " || text[s] === "	") s++;
  };
  const num = () => {
    ws();
    const m = /^[0-9]+/.exec(text.slice(s));
    if (!m) return void 0;
    s += m[0].length;
    return Number(m[0]);
  };
  for (; ; ) {
    ws();
    if (s >= text.length) return new RunList(out);
    const from = num();
    if (from === void 0) return void 0;
    ws();
    let until = -1;
    if (s >= text.length) {
    } else if (text[s] === ",") s++;
    else if (text[s] === "-" || text[s] === "." && text[s + 1] === ".") {
      s += text[s] === "-" ? 1 : 2;
      const u = num();
      if (u === void 0) return void 0;
      until = u;
      ws();
      if (s < text.length) {
        if (text[s] === ",") s++;
        else return void 0;
      }
    } else return void 0;
    out.push(until === -1 ? [from, from] : [from, until]);
  }
}
function selectRuns(runs, filter, limit) {
  const f = filter ?? "";
  if (f.trim() === "")
    return { kind: "all", count: limit === void 0 ? runs.count() : runs.checkLimit(limit) };
  if (isRunNumberList(f)) {
    const count = limit === void 0 ? runs.count() : runs.checkLimit(limit);
    const list = parseRunNumberList(f);
    if (!list) throw new IniError(`Syntax error in run list '${f}'`);
    for (const [a, b] of list.ranges)
      if (a <= b && b >= count)
        throw new IniError(
          `Run number ${Math.max(a, count)} in run list '${f}' is out of range 0..${count - 1}`
        );
    return { kind: "list", list };
  }
  if (limit !== void 0) runs.checkLimit(limit);
  return { kind: "expression", expression: f };
}
var isFilterNameChar = (c) => /[A-Za-z0-9_]/.test(c);
function matchesFilter(expression, vars) {
  try {
    const text = substituteVariables(
      expression,
      (name) => {
        const v = vars.get(name);
        if (v === void 0) throw new Error(`Unknown variable $${name}`);
        return v;
      },
      isFilterNameChar
    );
    return evaluateToBool(text, (name) => {
      throw new Error(`Unknown iteration variable: $${name}`);
    });
  } catch (e) {
    throw new IniError(`Cannot evaluate run filter: ${e.message}`);
  }
}

// src/core/ini/query.ts
var QUERIES = [
  "numruns",
  "runnumbers",
  "runs",
  "rundetails",
  "sectioninheritance"
];
function* listConfigs(ini, maxRuns) {
  for (const name of ini.configNames()) {
    const runs = ini.config(name);
    yield `Config ${name}: ${maxRuns === void 0 ? runs.count() : runs.checkLimit(maxRuns)}`;
  }
}
function* query(ini, configName, q, opts = {}) {
  const what = q.toLowerCase();
  if (what === "sectioninheritance") {
    for (const name of ini.chainNames(configName))
      yield name === "General" ? name : `Config ${name}`;
    return;
  }
  if (!QUERIES.includes(what))
    throw new IniError(`Unrecognized -q argument '${what}'`);
  const runs = ini.config(configName);
  const selection = selectRuns(runs, opts.filter, opts.maxRuns);
  if (what === "numruns") {
    yield String(selectedCount(runs, selection));
  } else if (what === "runnumbers") {
    let line = "";
    for (const n of selectedNumbers(runs, selection)) line += ` ${n}`;
    yield line;
  } else {
    yield* runLines(runs, selection, what === "rundetails");
  }
}
function selectedCount(runs, sel) {
  if (sel.kind === "all") return sel.count;
  if (sel.kind === "list") return sel.list.size;
  let n = 0;
  for (const _ of selectedNumbers(runs, sel)) n++;
  return n;
}
function* selectedNumbers(runs, sel) {
  if (sel.kind === "all") {
    for (let i = 0; i < sel.count; i++) yield i;
  } else if (sel.kind === "list") {
    yield* sel.list.numbers();
  } else {
    for (const r of runs.runs())
      if (matchesFilter(sel.expression, runs.variables(r.scenario, r.runNumber))) yield r.runNumber;
  }
}
function* runLines(runs, sel, details) {
  const render = (r) => {
    const out = [`Run ${r.runNumber}: ${r.info}`];
    for (const d of r.lines) for (const l of d.split("\n")) out.push("	" + l);
    return out;
  };
  const describe = (r) => ({
    runNumber: r.runNumber,
    info: r.info,
    lines: details ? runs.detailLines(runs.variables(r.scenario, r.runNumber)) : []
  });
  let first = true;
  const emit = function* (r) {
    if (details && !first) yield "";
    first = false;
    yield* render(r);
  };
  if (sel.kind === "list") {
    if (sel.list.ascending) {
      for (const r of runs.runsIn(sel.list)) yield* emit(describe(r));
      return;
    }
    const found = /* @__PURE__ */ new Map();
    for (const r of runs.runsIn(sel.list)) found.set(r.runNumber, describe(r));
    for (const n of sel.list.numbers()) {
      const r = found.get(n);
      if (r) yield* emit(r);
    }
    return;
  }
  for (const r of runs.runs()) {
    if (sel.kind === "expression" && !matchesFilter(sel.expression, runs.variables(r.scenario, r.runNumber)))
      continue;
    yield* emit(describe(r));
  }
}

// src/core/ini/reader.ts
import { posix } from "node:path";
function readIniFiles(files, load) {
  const sections = [];
  for (const file of files) readOne(file, load, sections, [], -1, void 0);
  return { fileName: files[files.length - 1] ?? "", sections };
}
function getOrCreateSection(sections, name, file, line) {
  const i = sections.findIndex((s) => s.name === name);
  if (i >= 0) return i;
  sections.push({ name, entries: [], file, line });
  return sections.length - 1;
}
function readOne(file, load, sections, including, startSection, includedAt) {
  const key = posix.normalize(file);
  if (including.includes(key))
    throw new IniError(`Ini file '${file}' includes itself, directly or indirectly`, includedAt);
  const loaded = load(file);
  if (loaded === void 0) throw new IniError(`Cannot open ini file '${file}'`, includedAt);
  const text = loaded.startsWith("\uFEFF") ? loaded.slice(1) : loaded;
  let current = startSection;
  const seenInFile = /* @__PURE__ */ new Set();
  for (const { text: joined, line } of joinedLines(text)) {
    const at = { file, line };
    let content = joined;
    if (content.includes("\n")) {
      content = content.split("\n").map((l, i) => l.slice(0, findEndContent(l, { file, line: line + i }))).join("\n");
    }
    const first = content[0];
    if (first === " " || first === "	") {
      throw new IniError(
        "Content must begin on column 1 because indentation is used for line continuation",
        at
      );
    } else if (content.startsWith("#% old-wildcards")) {
      throw new IniError("Old-wildcards mode (#% old-wildcards syntax) no longer supported", at);
    } else if (first === "#") {
    } else if (first === ";") {
      throw new IniError("Use hash mark instead of semicolon to start comments", at);
    } else if (content.startsWith("include") && isSpace4(content[7])) {
      const rest = content.slice(7);
      const name = trimSpace(rest.slice(0, findEndContent(rest, at)));
      const target = posix.isAbsolute(name) ? name : posix.join(posix.dirname(file), name);
      including.push(key);
      readOne(target, load, sections, including, current, at);
      including.pop();
    } else if (first === "[") {
      const end = findEndContent(content, at);
      if (content[end - 1] !== "]") throw new IniError("Syntax error in section heading", at);
      let name = trimSpace(content.slice(1, end - 1));
      if (name.startsWith("Config ")) name = trimSpace(name.slice("Config ".length));
      if (name === "") throw new IniError("Section name cannot be empty", at);
      if (seenInFile.has(name)) throw new IniError(`Duplicate section '${name}' within file`, at);
      seenInFile.add(name);
      current = getOrCreateSection(sections, name, file, line);
    } else {
      if (current === -1) current = getOrCreateSection(sections, "General", file, line);
      const end = findEndContent(content, at);
      const eq = content.indexOf("=");
      if (eq < 0 || eq > end) throw new IniError("Line must be in the form key=value", at);
      const k = trimSpace(content.slice(0, eq));
      if (k === "") throw new IniError("Line must be in the form key=value", at);
      const value = trimSpace(content.slice(eq + 1, end));
      sections[current].entries.push({ key: k, value, file, line });
    }
  }
}
var isBlank = (s) => {
  for (let i = 0; i < s.length; i++) if (!isSpace4(s[i])) return false;
  return true;
};
var firstNonWhitespace = (s) => {
  let i = 0;
  while (s[i] === " " || s[i] === "	") i++;
  return s[i];
};
function* joinedLines(text) {
  const raw = text.split("\n");
  if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop();
  let joined = "";
  let start = -1;
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i];
    const last = line.charCodeAt(line.length - 1);
    if (line.length > 0 && (last < 32 || last === 127)) line = line.slice(0, -1);
    if (joined.endsWith("\\")) {
      joined = joined.slice(0, -1) + line;
    } else if (!isBlank(joined) && firstNonWhitespace(joined) !== "#" && !isBlank(line) && (line[0] === " " || line[0] === "	")) {
      joined += "\n" + line;
    } else {
      if (start !== -1 && !isBlank(joined)) yield { text: joined, line: start };
      joined = line;
      start = i + 1;
    }
  }
  if (start !== -1 && !isBlank(joined)) {
    if (joined.endsWith("\\")) joined = joined.slice(0, -1);
    yield { text: joined, line: start };
  }
}
function findEndContent(line, at) {
  let s = 0;
  let end = line.length;
  while (s < line.length) {
    const c = line[s];
    if (c === '"') {
      s++;
      while (s < line.length && line[s] !== '"') {
        if (line[s] === "\\") s++;
        s++;
      }
      if (s >= line.length) throw new IniError("Unterminated string constant", at);
      s++;
    } else if (c === "#") {
      end = s;
      break;
    } else {
      s++;
    }
  }
  while (end - 1 > 0 && isSpace4(line[end - 1])) end--;
  return end;
}

// src/adapters/disk-full.ts
function isDiskFull(e) {
  const code = e?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return true;
  return e instanceof Error && /database or disk is full|no space left on device/i.test(e.message);
}
var DiskFullError = class extends Error {
  userFacing = true;
  /** `folder` ran out of space; `consequence` says what was kept and what to do. */
  constructor(folder, cause, consequence) {
    const what = cause instanceof Error ? cause.message : String(cause);
    super(`no space left on the device of ${folder} (${what}). ${consequence}`);
    this.name = "DiskFullError";
  }
};

// src/core/results/errors.ts
var ResultFileError = class extends Error {
  file;
  line;
  /** The message without the location prefix. */
  reason;
  constructor(reason, file, line) {
    super(line === void 0 ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = "ResultFileError";
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
  /** `corrupt.sca:17: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected` */
  describe() {
    return this.message;
  }
};

// src/core/results/model.ts
function makeUnweightedStatistics(count, min, max, sum, sumSquares) {
  return {
    weighted: false,
    count,
    min,
    max,
    sumWeights: count,
    sumWeightedValues: sum,
    sumSquaredWeights: count,
    sumWeightedSquaredValues: sumSquares
  };
}
function makeWeightedStatistics(count, min, max, sumWeights, sumWeightedValues, sumSquaredWeights, sumWeightedSquaredValues) {
  return {
    weighted: true,
    count,
    min,
    max,
    sumWeights,
    sumWeightedValues,
    sumSquaredWeights,
    sumWeightedSquaredValues
  };
}
var statisticsMean = (s) => s.sumWeightedValues / s.sumWeights;
function statisticsVariance(s) {
  if (s.count <= 1) return NaN;
  if (s.min === s.max) return 0;
  const v = s.weighted ? (s.sumWeights * s.sumWeightedSquaredValues - s.sumWeightedValues * s.sumWeightedValues) / (s.sumWeights * s.sumWeights - s.sumSquaredWeights) : (s.sumWeightedSquaredValues - s.sumWeightedValues * s.sumWeightedValues / s.sumWeights) / (s.sumWeights - 1);
  return v < 0 ? 0 : v;
}
var statisticsStddev = (s) => Math.sqrt(statisticsVariance(s));
function adjoinStatistics(a, b) {
  return {
    weighted: a.weighted,
    count: a.count + b.count,
    min: a.min < b.min ? a.min : b.min,
    max: a.max > b.max ? a.max : b.max,
    sumWeights: a.sumWeights + b.sumWeights,
    sumWeightedValues: a.sumWeightedValues + b.sumWeightedValues,
    sumSquaredWeights: a.sumSquaredWeights + b.sumSquaredWeights,
    sumWeightedSquaredValues: a.sumWeightedSquaredValues + b.sumWeightedSquaredValues
  };
}
var EMPTY_STATISTICS = {
  weighted: false,
  count: 0,
  min: Infinity,
  max: -Infinity,
  sumWeights: 0,
  sumWeightedValues: 0,
  sumSquaredWeights: 0,
  sumWeightedSquaredValues: 0
};
function compareNames(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 55296 && x <= 57343;
    const ys = y >= 55296 && y <= 57343;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
function sortedMap(entries) {
  const m = /* @__PURE__ */ new Map();
  for (const [k, v] of entries) m.set(k, v);
  return new Map([...m].sort((x, y) => compareNames(x[0], y[0])));
}

// src/core/results/result-set.ts
var TYPE_ORDER = [
  "parameter",
  "scalar",
  "statistic",
  "histogram",
  "vector"
];
var ResultSet = class {
  runMap = /* @__PURE__ */ new Map();
  fileRunList = [];
  fileRunIndex = /* @__PURE__ */ new Map();
  fileList = [];
  fileRunsByRun = /* @__PURE__ */ new Map();
  /** Runs in the order they were first seen. */
  get runs() {
    return [...this.runMap.values()];
  }
  getRun(runName) {
    return this.runMap.get(runName);
  }
  /** File runs in creation order (files in load order, runs in file order). */
  get fileRuns() {
    return this.fileRunList;
  }
  get files() {
    return this.fileList;
  }
  /**
   * All items in OMNeT++'s ID order: file run by file run, and within one parameters, scalars,
   * statistics, histograms, vectors. `types` keeps only the given types.
   */
  *items(types) {
    const wanted = types ?? TYPE_ORDER;
    for (const fr of this.fileRunList) {
      for (const t of TYPE_ORDER) {
        if (!wanted.includes(t)) continue;
        yield* itemsOfType(fr, t);
      }
    }
  }
  /** Items of the given types, all of one type before the next (the order CSV-R writes). */
  *itemsByType(types) {
    for (const t of types) for (const fr of this.fileRunList) yield* itemsOfType(fr, t);
  }
  /** The file runs of one run, in creation order. */
  fileRunsOf(runName) {
    return this.fileRunsByRun.get(runName) ?? [];
  }
  /** Items of one run and type, in ID order (IDList::filterByRun()). */
  itemsOfRun(runName, type) {
    return this.fileRunsOf(runName).flatMap((fr) => itemsOfType(fr, type));
  }
  /** Runs that have at least one item of the given types (getUniqueRuns), in creation order. */
  runsWithItems(types) {
    const wanted = types ?? TYPE_ORDER;
    const names = /* @__PURE__ */ new Set();
    for (const fr of this.fileRunList)
      if (wanted.some((t) => itemsOfType(fr, t).length > 0)) names.add(fr.runName);
    return [...this.runMap.values()].filter((r) => names.has(r.runName));
  }
  // --- loading ---------------------------------------------------------------------------
  /** Registers a file; returns false when a file of that name is already loaded (it is skipped). */
  addFile(file) {
    if (this.fileList.includes(file)) return false;
    this.fileList.push(file);
    return true;
  }
  /** Adds a run header read from `file`, combined with what is known as `policy` says. */
  addRun(file, run, policy) {
    const existing = this.runMap.get(run.runName);
    const key = fileRunKey(file, run.runName);
    if (existing === void 0) this.runMap.set(run.runName, run);
    else if (policy === "replace") this.runMap.set(run.runName, run);
    else if (policy === "merge") {
      if (this.fileRunIndex.has(key))
        throw new ResultFileError("Non-unique runId in run table", file);
      this.runMap.set(run.runName, mergeRun(existing, run, file));
    }
    if (!this.fileRunIndex.has(key)) {
      const fr = {
        file,
        runName: run.runName,
        parameters: [],
        scalars: [],
        statistics: [],
        histograms: [],
        vectors: []
      };
      this.fileRunList.push(fr);
      this.fileRunIndex.set(key, fr);
      const list = this.fileRunsByRun.get(run.runName);
      if (list) list.push(fr);
      else this.fileRunsByRun.set(run.runName, [fr]);
    }
  }
  /** Adds an item; its run must have been added from the same file. */
  addItem(item) {
    const fr = this.fileRunIndex.get(fileRunKey(item.file, item.runName));
    if (fr === void 0)
      throw new ResultFileError(
        `line must be preceded by a 'run' line (no run '${item.runName}')`,
        item.file,
        item.line
      );
    switch (item.type) {
      case "parameter":
        fr.parameters.push(item);
        break;
      case "scalar":
        fr.scalars.push(item);
        break;
      case "statistic":
        fr.statistics.push(item);
        break;
      case "histogram":
        fr.histograms.push(item);
        break;
      case "vector":
        fr.vectors.push(item);
        break;
    }
  }
};
function itemsOfType(fr, t) {
  switch (t) {
    case "parameter":
      return fr.parameters;
    case "scalar":
      return fr.scalars;
    case "statistic":
      return fr.statistics;
    case "histogram":
      return fr.histograms;
    case "vector":
      return fr.vectors;
  }
}
var fileRunKey = (file, runName) => `${file}\0${runName}`;
function mergeRun(a, b, file) {
  const attrs = new Map(a.attributes);
  for (const [k, v] of b.attributes) {
    const old = attrs.get(k);
    if (old !== void 0 && old !== v)
      throw new ResultFileError(
        "Value of run attribute conflicts with previously loaded value",
        file
      );
    attrs.set(k, v);
  }
  const itervars = new Map(a.itervars);
  for (const [k, v] of b.itervars) {
    const old = itervars.get(k);
    if (old !== void 0 && old !== v)
      throw new ResultFileError(
        "Value of iteration variable conflicts with previously loaded value",
        file
      );
    itervars.set(k, v);
  }
  return {
    runName: a.runName,
    attributes: sortedMap(attrs),
    itervars: sortedMap(itervars),
    configEntries: [...a.configEntries, ...b.configEntries]
  };
}
function orderRuns(runs, order) {
  if (order === void 0 || order.length === 0) return [...runs];
  const rank = new Map(order.map((name, i) => [name, i]));
  const listed = runs.filter((r) => rank.has(r.runName));
  listed.sort((x, y) => (rank.get(x.runName) ?? 0) - (rank.get(y.runName) ?? 0));
  return [...listed, ...runs.filter((r) => !rank.has(r.runName))];
}

// src/core/results/cnum.ts
var DECIMAL = /^[ \t\n\v\f\r]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
var HEX = /^[ \t\n\v\f\r]*([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
var INFINITY_WORD = /^[ \t\n\v\f\r]*([+-]?)(?:inf|infinity)$/i;
var NAN_WORD = /^[ \t\n\v\f\r]*[+-]?nan(?:\([0-9A-Za-z_]*\))?$/i;
function parseHexFloat(sign, intDigits, fracDigits, exp) {
  const digits = intDigits + fracDigits;
  let e = Number(exp || "0") - 4 * fracDigits.length;
  let m = BigInt("0x" + (digits || "0"));
  if (m === 0n) return sign === "-" ? -0 : 0;
  while (m >= 1n << 64n) {
    const sticky = (m & 1n) !== 0n;
    m >>= 1n;
    if (sticky) m |= 1n;
    e++;
  }
  let v = Number(m);
  while (e > 0) {
    const step = Math.min(e, 1e3);
    v *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1e3);
    v /= 2 ** step;
    e += step;
  }
  return sign === "-" ? -v : v;
}
function strtodFull(s) {
  if (s === "") return 0;
  if (DECIMAL.test(s)) return Number(s.trim());
  const hex = HEX.exec(s);
  if (hex && ((hex[2] ?? "") !== "" || (hex[3] ?? "") !== "")) {
    return parseHexFloat(hex[1] ?? "", hex[2] ?? "", hex[3] ?? "", hex[4] ?? "");
  }
  const inf = INFINITY_WORD.exec(s);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  if (NAN_WORD.test(s)) return NaN;
  return void 0;
}
function parseCDouble(s) {
  const v = strtodFull(s);
  if (v !== void 0) return v;
  if (s.includes("inf") || s.includes("Inf") || s.includes("INF"))
    return s.startsWith("-") ? -Infinity : Infinity;
  if (s.includes("nan") || s.includes("NaN") || s.includes("NAN") || s.includes("IND")) return NaN;
  return void 0;
}
var INTEGER = /^[ \t\n\v\f\r]*[+-]?\d+$/;
var INT64_MAX2 = (1n << 63n) - 1n;
var INT64_MIN2 = -(1n << 63n);
function parseCInt64(s) {
  if (s === "") return 0n;
  if (!INTEGER.test(s)) return void 0;
  const v = BigInt(s.trim());
  return v > INT64_MAX2 ? INT64_MAX2 : v < INT64_MIN2 ? INT64_MIN2 : v;
}
var SMALL_INTEGER = /^-?\d{1,9}$/;
var SAFE_INTEGER = /^-?\d{1,15}$/;
function parseCInt(s) {
  if (SMALL_INTEGER.test(s)) return Number(s) | 0;
  const v = parseCInt64(s);
  return v === void 0 ? void 0 : Number(BigInt.asIntN(32, v));
}
function parseCLong(s) {
  if (SAFE_INTEGER.test(s)) return Number(s) + 0;
  const v = parseCInt64(s);
  return v === void 0 ? void 0 : Number(v);
}
function toInt64(v) {
  if (!Number.isFinite(v) || v >= 2 ** 63 || v < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(v) + 0;
}
function formatInt64(v) {
  if (Number.isSafeInteger(v)) return String(v);
  return BigInt(Math.trunc(v)).toString();
}
var f643 = new Float64Array(1);
var u32 = new Uint32Array(f643.buffer);
var HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
function signBit(x) {
  f643[0] = x;
  return ((u32[HI] ?? 0) & 2147483648) !== 0;
}
function equalsDecimal(x, digits, exp10) {
  f643[0] = Math.abs(x);
  const hi = u32[HI] ?? 0;
  const lo = u32[1 - HI] ?? 0;
  const biased = hi >>> 20 & 2047;
  let m = BigInt(hi & 1048575) << 32n | BigInt(lo);
  let e2;
  if (biased === 0) e2 = -1074;
  else {
    m |= 1n << 52n;
    e2 = biased - 1075;
  }
  const n = BigInt(digits);
  let left = m;
  let right = n;
  if (e2 >= 0) left <<= BigInt(e2);
  else right <<= BigInt(-e2);
  if (exp10 >= 0) right *= 10n ** BigInt(exp10);
  else left *= 10n ** BigInt(-exp10);
  return left === right;
}
function significantDigits(ax, precision) {
  return (precision <= 15 ? shortestDigits(ax, precision) : void 0) ?? roundedDigits(ax, precision);
}
function shortestDigits(ax, precision) {
  const s = String(ax);
  let mantissa = s;
  let exp = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    mantissa = s.slice(0, e);
    exp = Number(s.slice(e + 1));
  }
  const dot = mantissa.indexOf(".");
  const intLen = dot < 0 ? mantissa.length : dot;
  let all = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let lead = 0;
  while (lead < all.length - 1 && all.charCodeAt(lead) === 48) lead++;
  exp += intLen - 1 - lead;
  all = all.slice(lead);
  let end = all.length;
  while (end > 1 && all.charCodeAt(end - 1) === 48) end--;
  if (end > precision) return void 0;
  return { digits: all.slice(0, end).padEnd(precision, "0"), exp };
}
function roundedDigits(ax, precision) {
  const s = ax.toExponential(precision - 1);
  const ePos = s.indexOf("e");
  let digits = s.slice(0, ePos).replace(".", "");
  let exp = Number(s.slice(ePos + 1));
  const longer = ax.toExponential(precision);
  const le = longer.indexOf("e");
  if (longer[le - 1] === "5") {
    const longDigits = longer.slice(0, le).replace(".", "");
    const longExp = Number(longer.slice(le + 1));
    if (Number(longer) === ax && equalsDecimal(ax, longDigits, longExp - precision) && Number(longDigits[precision - 1] ?? "0") % 2 === 0) {
      digits = longDigits.slice(0, precision);
      exp = longExp;
    }
  }
  return { digits, exp };
}
function formatG2(x, precision) {
  const neg = signBit(x);
  if (Number.isNaN(x)) return neg ? "-nan" : "nan";
  if (!Number.isFinite(x)) return neg ? "-inf" : "inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return neg ? "-0" : "0";
  const { digits, exp } = significantDigits(Math.abs(x), p);
  let out;
  if (exp < -4 || exp >= p) {
    const mant = stripZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  } else if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1);
    out = stripZeros(frac ? `${intPart}.${frac}` : intPart);
  } else {
    out = stripZeros(`0.${"0".repeat(-exp - 1)}${digits}`);
  }
  return neg ? `-${out}` : out;
}
function stripZeros(s) {
  if (!s.includes(".")) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s[end - 1] === ".") end--;
  return s.slice(0, end);
}

// src/core/results/csv-export.ts
var ALL_TYPES = [
  "parameter",
  "scalar",
  "statistic",
  "histogram",
  "vector"
];
var FLUSH_SIZE = 1 << 16;
var CsvWriter = class {
  buf = "";
  column = 0;
  prec;
  sep;
  quote;
  backslash;
  /** Matches a character that makes a field quoted (one regular-expression test a field). */
  special;
  constructor(o) {
    this.prec = o.precision ?? 14;
    this.sep = o.separator ?? ",";
    this.quote = o.quoteChar ?? '"';
    this.backslash = o.quoteEscaping === "backslash";
    const chars = [this.sep, this.quote, "\n", ...this.backslash ? ["\\"] : []].filter(
      (c) => [...c].length === 1
    );
    this.special = new RegExp(
      chars.map((c) => c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")).join("|"),
      "u"
    );
  }
  writeSep() {
    if (this.column !== 0) this.buf += this.sep;
  }
  double(v) {
    if (Number.isFinite(v)) return formatG2(v, this.prec);
    if (v === Infinity) return "Inf";
    if (v === -Infinity) return "-Inf";
    return "NaN";
  }
  writeString(s) {
    this.writeSep();
    if (this.needsQuote(s)) {
      let body = "";
      for (const c of s) {
        if (this.backslash) body += c === "\\" || c === this.quote ? `\\${c}` : c;
        else body += c === this.quote ? c + c : c;
      }
      this.buf += this.quote + body + this.quote;
    } else this.buf += s;
    this.column++;
  }
  needsQuote(s) {
    return this.special.test(s);
  }
  writeDouble(v) {
    this.writeSep();
    this.buf += this.double(v);
    this.column++;
  }
  writeInt(v) {
    this.writeSep();
    this.buf += formatInt64(v);
    this.column++;
  }
  writeBlank() {
    this.writeSep();
    this.column++;
  }
  /** A raw field: separator, then the caller appends to buf, then endRaw(). */
  beginRaw() {
    this.writeSep();
  }
  endRaw() {
    this.column++;
  }
  newLine() {
    this.buf += "\n";
    this.column = 0;
  }
};
var CsvRecordsFormatter = class {
  constructor(contents, options = {}) {
    this.options = options;
    this.csv = new CsvWriter(options);
    const omit = options.omitBlankColumns ?? true;
    const scalarColumns = contents.scalars || contents.parameters || !omit ? ["value"] : [];
    const statisticColumns = contents.statistics || contents.histograms || !omit ? ["count", "sumweights", "mean", "stddev", "min", "max"] : [];
    const histogramColumns = contents.histograms || !omit ? ["underflows", "overflows", "binedges", "binvalues"] : [];
    const vectorColumns = contents.vectors || !omit ? ["vectime", "vecvalue"] : [];
    this.scalarColumns = scalarColumns.length;
    this.statisticColumns = statisticColumns.length;
    this.histogramColumns = histogramColumns.length;
    this.columns = [
      "run",
      "type",
      "module",
      "name",
      "attrname",
      "attrvalue",
      ...scalarColumns,
      ...statisticColumns,
      ...histogramColumns,
      ...vectorColumns
    ];
  }
  options;
  csv;
  columns;
  scalarColumns;
  statisticColumns;
  histogramColumns;
  /** The text formatted so far. */
  get buf() {
    return this.csv.buf;
  }
  /** Returns the text formatted so far and starts over. */
  take() {
    const out = this.csv.buf;
    this.csv.buf = "";
    return out;
  }
  /** The header row (when the options ask for one). */
  header() {
    if (!(this.options.columnNames ?? true)) return;
    for (const c of this.columns) this.csv.writeString(c);
    this.csv.newLine();
  }
  /** A run's runattr, itervar and config rows. */
  runMetadata(run) {
    const csv = this.csv;
    const meta = (type, name, value) => {
      csv.writeString(run.runName);
      csv.writeString(type);
      csv.writeBlank();
      csv.writeBlank();
      csv.writeString(name);
      csv.writeString(value);
      this.finishRecord();
    };
    for (const [k, v] of run.attributes) meta("runattr", k, v);
    for (const [k, v] of run.itervars) meta("itervar", k, v);
    for (const [k, v] of run.configEntries) meta("config", k, v);
  }
  scalar(item) {
    this.writeBase(item, "scalar");
    this.csv.writeDouble(item.value);
    this.finishRecord();
    this.writeAttrRecords(item);
  }
  parameter(item) {
    this.writeBase(item, "param");
    this.csv.writeString(item.value);
    this.finishRecord();
    this.writeAttrRecords(item);
  }
  /** A statistic or a histogram row, then its attr rows. */
  statistic(item) {
    const csv = this.csv;
    this.writeBase(item, item.type);
    for (let i = 0; i < this.scalarColumns; i++) csv.writeBlank();
    const s = item.statistics;
    csv.writeInt(s.count);
    csv.writeDouble(s.sumWeights);
    csv.writeDouble(statisticsMean(s));
    csv.writeDouble(statisticsStddev(s));
    csv.writeDouble(s.min);
    csv.writeDouble(s.max);
    if (item.type === "histogram") {
      const h = item.histogram ?? { binEdges: [], binValues: [], underflows: 0, overflows: 0 };
      csv.writeDouble(h.underflows);
      csv.writeDouble(h.overflows);
      this.writeList(h.binEdges);
      this.writeList(h.binValues);
    }
    this.finishRecord();
    this.writeAttrRecords(item);
  }
  /**
   * A vector row with its data (read from `data` twice: times, then values), then its attr
   * rows; yields text whenever enough has accumulated.
   */
  async *vector(vector, data) {
    const csv = this.csv;
    this.writeBase(vector, "vector");
    const skipped = this.scalarColumns + this.statisticColumns + this.histogramColumns;
    for (let i = 0; i < skipped; i++) csv.writeBlank();
    for (const column of ["time", "value"]) {
      csv.beginRaw();
      csv.buf += '"';
      let first = true;
      for await (const batch of data.readVectorData(vector)) {
        for (const d of batch) {
          if (!first) csv.buf += " ";
          first = false;
          csv.buf += column === "time" ? d.simtime : csv.double(d.value);
        }
        if (csv.buf.length >= FLUSH_SIZE) yield this.take();
      }
      csv.buf += '"';
      csv.endRaw();
    }
    this.finishRecord();
    this.writeAttrRecords(vector);
  }
  finishRecord() {
    for (let i = this.csv.column; i < this.columns.length; i++) this.csv.writeBlank();
    this.csv.newLine();
  }
  writeBase(item, type) {
    this.csv.writeString(item.runName);
    this.csv.writeString(type);
    this.csv.writeString(item.module);
    this.csv.writeString(item.name);
    this.csv.writeBlank();
    this.csv.writeBlank();
  }
  writeAttrRecords(item) {
    const csv = this.csv;
    for (const [k, v] of item.attributes) {
      csv.writeString(item.runName);
      csv.writeString("attr");
      csv.writeString(item.module);
      csv.writeString(item.name);
      csv.writeString(k);
      csv.writeString(v);
      this.finishRecord();
    }
  }
  writeList(values) {
    const csv = this.csv;
    csv.beginRaw();
    csv.buf += '"';
    for (let i = 0; i < values.length; i++) {
      if (i !== 0) csv.buf += " ";
      csv.buf += csv.double(values[i] ?? NaN);
    }
    csv.buf += '"';
    csv.endRaw();
  }
};
async function* exportCsvRecords(results, data, options = {}) {
  const types = options.types ?? ALL_TYPES;
  const present = /* @__PURE__ */ new Set();
  for (const fr of results.fileRuns) {
    if (fr.parameters.length > 0) present.add("parameter");
    if (fr.scalars.length > 0) present.add("scalar");
    if (fr.statistics.length > 0) present.add("statistic");
    if (fr.histograms.length > 0) present.add("histogram");
    if (fr.vectors.length > 0) present.add("vector");
  }
  const has = (t) => types.includes(t) && present.has(t);
  const out = new CsvRecordsFormatter(
    {
      scalars: has("scalar"),
      parameters: has("parameter"),
      statistics: has("statistic"),
      histograms: has("histogram"),
      vectors: has("vector")
    },
    options
  );
  out.header();
  const exported = ALL_TYPES.filter(has);
  for (const run of orderRuns(results.runsWithItems(exported), options.runOrder)) {
    out.runMetadata(run);
    if (out.buf.length >= FLUSH_SIZE) yield out.take();
  }
  if (has("scalar"))
    for (const item of results.items(["scalar"])) {
      if (item.type === "scalar") out.scalar(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }
  if (has("parameter"))
    for (const item of results.items(["parameter"])) {
      if (item.type === "parameter") out.parameter(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }
  if (has("statistic") || has("histogram")) {
    const statTypes = ALL_TYPES.filter((t) => (t === "statistic" || t === "histogram") && has(t));
    for (const item of results.items(statTypes)) {
      if (item.type === "statistic" || item.type === "histogram") out.statistic(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }
  }
  if (has("vector"))
    for (const item of results.items(["vector"])) {
      if (item.type !== "vector") continue;
      yield* out.vector(item, data);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }
  if (out.buf.length > 0) yield out.take();
}

// src/core/results/tokenizer.ts
var TokenizeError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "TokenizeError";
  }
};
var utf8 = new TextDecoder("utf-8");
var utf8Encoder = new TextEncoder();
function hexValue2(c) {
  if (c === void 0) return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
function interpretBackslashes(body) {
  const bytes = [];
  const pushText = (t) => {
    for (const b of utf8Encoder.encode(t)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? "";
    if (c !== "\\") {
      if (c.charCodeAt(0) < 128) bytes.push(c.charCodeAt(0));
      else {
        const cp = body.codePointAt(i) ?? 0;
        const ch = String.fromCodePoint(cp);
        pushText(ch);
        i += ch.length - 1;
      }
      continue;
    }
    i++;
    const e = body[i];
    switch (e) {
      case "b":
        bytes.push(8);
        break;
      case "f":
        bytes.push(12);
        break;
      case "n":
        bytes.push(10);
        break;
      case "r":
        bytes.push(13);
        break;
      case "t":
        bytes.push(9);
        break;
      case "x": {
        const a = hexValue2(body[i + 1]);
        if (a < 0) bytes.push(0);
        else {
          i++;
          const b = hexValue2(body[i + 1]);
          if (b < 0) bytes.push(a);
          else {
            i++;
            bytes.push(a * 16 + b);
          }
        }
        break;
      }
      case "\n":
        break;
      // line continuation: dropped
      case void 0:
        break;
      // stray backslash at the end
      default:
        pushText(e);
    }
  }
  const nul = bytes.indexOf(0);
  return utf8.decode(Uint8Array.from(nul >= 0 ? bytes.slice(0, nul) : bytes));
}
function tokenizeLine(line) {
  const tokens2 = [];
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 13 || line.charCodeAt(end - 1) === 10)) end--;
  let i = 0;
  for (; ; ) {
    while (i < end) {
      const c = line.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (i >= end) break;
    if (line.charCodeAt(i) === 34) {
      const start = ++i;
      let backslash = false;
      while (i < end && line.charCodeAt(i) !== 34) {
        if (line.charCodeAt(i++) === 92) {
          i++;
          backslash = true;
        }
      }
      if (i >= end) throw new TokenizeError("Unmatched quote");
      const body = line.slice(start, i);
      i++;
      tokens2.push(backslash ? interpretBackslashes(body) : body);
    } else {
      const start = i;
      while (i < end) {
        const c = line.charCodeAt(i);
        if (c === 32 || c === 9) break;
        i++;
      }
      tokens2.push(line.slice(start, i));
      if (i < end) i++;
    }
  }
  return tokens2;
}
var isControl = (c) => {
  const code = c.charCodeAt(0);
  return code < 32 || code === 127;
};
function quoteString2(s) {
  let out = '"';
  for (const c of s) {
    switch (c) {
      case "\b":
        out += "\\b";
        break;
      case "\f":
        out += "\\f";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "	":
        out += "\\t";
        break;
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      default:
        out += isControl(c) ? "\\x" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0") : c;
    }
  }
  return out + '"';
}

// src/core/results/json-export.ts
var ALL_TYPES2 = [
  "parameter",
  "scalar",
  "statistic",
  "histogram",
  "vector"
];
var FLUSH_SIZE2 = 1 << 16;
var JsonWriter = class {
  constructor(prec, indent) {
    this.prec = prec;
    this.indent = indent;
  }
  prec;
  indent;
  buf = "";
  stack = [];
  empty = true;
  nanStr = "null";
  infStr = '"inf"';
  negInfStr = '"-inf"';
  newLine(relDepth = 0) {
    const top = this.stack[this.stack.length - 1];
    if (top?.oneLiner) this.buf += " ";
    else this.buf += "\n" + " ".repeat(Math.max(0, this.indent * (this.stack.length + relDepth)));
  }
  keyEtc(key) {
    if (!this.empty) this.buf += ",";
    else this.empty = false;
    this.newLine();
    this.buf += quoteString2(key) + " : ";
  }
  arraySep() {
    if (!this.empty) this.buf += ",";
    else this.empty = false;
    this.newLine();
  }
  double(v) {
    if (Number.isFinite(v)) return formatG2(v, this.prec);
    if (v === Infinity) return this.infStr;
    if (v === -Infinity) return this.negInfStr;
    return this.nanStr;
  }
  bigDecimal(t) {
    if (t === "+Inf") return this.infStr;
    if (t === "-Inf") return this.negInfStr;
    if (t === "NaN" || t === "Nil") return this.nanStr;
    return t;
  }
  open(array, key, oneLiner) {
    const top = this.stack[this.stack.length - 1];
    if (key !== void 0) this.keyEtc(key);
    else if (top !== void 0) this.arraySep();
    this.stack.push({ array, oneLiner: oneLiner || (top?.oneLiner ?? false) });
    this.buf += array ? "[" : "{";
    this.empty = true;
  }
  openObject(key, oneLiner = false) {
    this.open(false, key, oneLiner);
  }
  openArray(key) {
    this.open(true, key, false);
  }
  close() {
    const top = this.stack[this.stack.length - 1];
    this.newLine(-1);
    this.buf += top?.array ? "]" : "}";
    this.stack.pop();
    this.empty = false;
    if (this.stack.length === 0) this.buf += "\n";
  }
  writeString(key, value) {
    this.keyEtc(key);
    this.buf += quoteString2(value);
  }
  writeDouble(key, value) {
    this.keyEtc(key);
    this.buf += this.double(value);
  }
  writeInt(key, value) {
    this.keyEtc(key);
    this.buf += formatInt64(value);
  }
  startRawValue(key) {
    this.keyEtc(key);
  }
};
async function* exportJson(results, data, options = {}) {
  const w = new JsonWriter(options.precision ?? 14, options.indentSize ?? 4);
  const python = options.pythonFlavoured ?? false;
  const numpy = python && (options.useNumpy ?? true);
  const skipAttrs = options.skipResultAttributes ?? false;
  const types = options.types ?? ALL_TYPES2;
  if (python) {
    w.nanStr = numpy ? "np.nan" : "float('nan')";
    w.infStr = numpy ? "np.inf" : "float('inf')";
    w.negInfStr = numpy ? "-np.inf" : "float('-inf')";
    w.buf += `# To load into Python, use: ${numpy ? "import numpy as np; " : ""}results = eval(open(filename).read())
`;
  }
  const writeMap = (key, map) => {
    w.openObject(key);
    for (const [k, v] of map) w.writeString(k, v);
    w.close();
  };
  const listProlog = () => {
    w.buf += numpy ? "np.array([" : "[";
  };
  const listEpilog = () => {
    w.buf += numpy ? "],  dtype=np.float64)" : "]";
  };
  const listItem = (i, text) => {
    if (i > 0) w.buf += ", ";
    if (i % 10 === 0 && i > 0) w.newLine(1);
    w.buf += text;
  };
  const writeNumbers = (key, values) => {
    w.startRawValue(key);
    listProlog();
    values.forEach((v, i) => listItem(i, w.double(v)));
    listEpilog();
  };
  const writeFields = (s) => {
    w.writeInt("count", s.count);
    w.writeDouble("mean", statisticsMean(s));
    w.writeDouble("stddev", statisticsStddev(s));
    w.writeDouble("min", s.min);
    w.writeDouble("max", s.max);
    if (!s.weighted) {
      w.writeDouble("sum", s.sumWeightedValues);
      w.writeDouble("sqrsum", s.sumWeightedSquaredValues);
    } else {
      w.writeDouble("weights", s.sumWeights);
      w.writeDouble("weightedSum", s.sumWeightedValues);
      w.writeDouble("sqrSumWeights", s.sumSquaredWeights);
      w.writeDouble("weightedSqrSum", s.sumWeightedSquaredValues);
    }
  };
  const head = (item) => {
    w.openObject();
    w.writeString("module", item.module);
    w.writeString("name", item.name);
  };
  const attrs = (item) => {
    if (!skipAttrs && item.attributes.size > 0) writeMap("attributes", item.attributes);
  };
  w.openObject();
  const exported = ALL_TYPES2.filter((t) => types.includes(t));
  const runs = orderRuns(results.runsWithItems(exported), options.runOrder);
  for (const run of runs) {
    const inRun = (t) => types.includes(t) ? results.itemsOfRun(run.runName, t) : [];
    w.openObject(run.runName);
    writeMap("attributes", run.attributes);
    writeMap("itervars", run.itervars);
    w.openArray("config");
    for (const [k, v] of run.configEntries) {
      w.openObject(void 0, true);
      w.writeString(k, v);
      w.close();
    }
    w.close();
    const scalars = inRun("scalar");
    if (scalars.length > 0) {
      w.openArray("scalars");
      for (const item of scalars) {
        if (item.type !== "scalar") continue;
        head(item);
        w.writeDouble("value", item.value);
        attrs(item);
        w.close();
      }
      w.close();
    }
    const parameters = inRun("parameter");
    if (parameters.length > 0) {
      w.openArray("parameters");
      for (const item of parameters) {
        if (item.type !== "parameter") continue;
        head(item);
        w.writeString("value", item.value);
        attrs(item);
        w.close();
      }
      w.close();
    }
    for (const [key, t] of [
      ["statistics", "statistic"],
      ["histograms", "histogram"]
    ]) {
      const items = inRun(t);
      if (items.length === 0) continue;
      w.openArray(key);
      for (const item of items) {
        if (item.type !== "statistic" && item.type !== "histogram") continue;
        head(item);
        attrs(item);
        writeFields(item.statistics);
        if (item.type === "histogram") {
          const h = item.histogram ?? { binEdges: [], binValues: [], underflows: 0, overflows: 0 };
          w.writeDouble("underflows", h.underflows);
          w.writeDouble("overflows", h.overflows);
          writeNumbers("binedges", h.binEdges);
          writeNumbers("binvalues", h.binValues);
        }
        w.close();
      }
      w.close();
      if (w.buf.length >= FLUSH_SIZE2) {
        yield w.buf;
        w.buf = "";
      }
    }
    const vectors = inRun("vector");
    if (vectors.length > 0) {
      w.openArray("vectors");
      for (const item of vectors) {
        if (item.type !== "vector") continue;
        const vector = item;
        head(vector);
        attrs(vector);
        let count = 0;
        for (const column of ["time", "value", "eventnumber"]) {
          if (column === "eventnumber" && count === 0) break;
          w.startRawValue(column);
          listProlog();
          let i = 0;
          for await (const batch of data.readVectorData(vector)) {
            for (const d of batch) {
              const text = column === "time" ? w.bigDecimal(d.simtime) : column === "value" ? w.double(d.value) : formatInt64(d.eventNumber);
              listItem(i++, text);
            }
            if (w.buf.length >= FLUSH_SIZE2) {
              yield w.buf;
              w.buf = "";
            }
          }
          count = i;
          listEpilog();
        }
        w.close();
      }
      w.close();
    }
    w.close();
    if (w.buf.length >= FLUSH_SIZE2) {
      yield w.buf;
      w.buf = "";
    }
  }
  w.close();
  if (w.buf.length > 0) yield w.buf;
}

// src/core/results/run-order.ts
function runSortKey(run) {
  const n = Number(run.attributes.get("runnumber") ?? "");
  return {
    config: run.attributes.get("configname") ?? "",
    runNumber: Number.isSafeInteger(n) && n >= 0 ? n : -1,
    runName: run.runName
  };
}
function compareRunKeys(a, b) {
  return compareNames(a.config, b.config) || a.runNumber - b.runNumber || compareNames(a.runName, b.runName);
}
function sortRunsForOutput(runs) {
  return runs.map((run) => ({ run, key: runSortKey(run) })).sort((x, y) => compareRunKeys(x.key, y.key)).map((x) => x.run);
}

// src/core/results/filter.ts
var FilterSyntaxError = class extends Error {
  constructor(reason, position, filter) {
    const [shownText, caret] = excerpt(filter, position - 1);
    super(`filter: ${reason} at position ${position}
  ${shownText}
  ${" ".repeat(caret)}^`);
    this.reason = reason;
    this.position = position;
    this.filter = filter;
    this.name = "FilterSyntaxError";
  }
  reason;
  position;
  filter;
  userFacing = true;
};
function excerpt(text, at) {
  if (text.length <= 80) return [text, at];
  const from = Math.max(0, Math.min(at - 40, text.length - 80));
  const head = from > 0 ? "..." : "";
  const tail = from + 80 < text.length ? "..." : "";
  return [head + text.slice(from, from + 80) + tail, head.length + at - from];
}
var MAX_NESTING = 200;
var FILTER_FIELDS = "name, module, type, run, config, file, itervar:NAME, runattr:NAME, config:KEY, attr:NAME";
var TYPE_NAMES = {
  scalar: ["scalar"],
  parameter: ["parameter", "param"],
  statistic: ["statistics", "statistic"],
  histogram: ["histogram"],
  vector: ["vector"]
};
function lex(text) {
  const tokens2 = [];
  let i = 0;
  const fail = (reason, at) => {
    throw new FilterSyntaxError(reason, at + 1, text);
  };
  while (i < text.length) {
    const c = text[i] ?? "";
    const pos = i;
    if (c === " " || c === "	" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")") {
      tokens2.push({ kind: c, pos });
      i++;
    } else if (c === "=" && text[i + 1] === "~") {
      tokens2.push({ kind: "=~", pos });
      i += 2;
    } else if (c === '"') {
      let s = "";
      i++;
      for (; ; ) {
        if (i >= text.length) fail("unterminated string", pos);
        const d = text[i] ?? "";
        if (d === '"') break;
        if (d === "\\" && i + 1 < text.length) {
          const e = text[i + 1] ?? "";
          s += e === "n" ? "\n" : e === "t" ? "	" : e;
          i += 2;
        } else {
          s += d;
          i++;
        }
      }
      i++;
      tokens2.push({ kind: "word", pos, text: s });
    } else {
      let j = i;
      while (j < text.length && !/[\s()]/.test(text[j] ?? "") && text.slice(j, j + 2) !== "=~") j++;
      const word = text.slice(i, j);
      const upper = word.toUpperCase();
      if (upper === "AND" || upper === "OR" || upper === "NOT") tokens2.push({ kind: upper, pos });
      else tokens2.push({ kind: "word", pos, text: word });
      i = j;
    }
  }
  tokens2.push({ kind: "end", pos: text.length });
  return tokens2;
}
function fieldGetter(field) {
  const colon = field.indexOf(":");
  if (colon > 0) {
    const prefix = field.slice(0, colon);
    const name = field.slice(colon + 1);
    switch (prefix) {
      case "itervar":
        return (_item, run) => run?.itervars.get(name) ?? "";
      case "runattr":
        return (_item, run) => run?.attributes.get(name) ?? "";
      case "attr":
        return (item) => item.attributes.get(name) ?? "";
      case "config":
        return (_item, run) => run?.configEntries.find(([k]) => k === name)?.[1] ?? "";
      default:
        return void 0;
    }
  }
  switch (field) {
    case "name":
      return (item) => item.name;
    case "module":
      return (item) => item.module;
    case "type":
      return (item) => TYPE_NAMES[item.type];
    case "run":
      return (item) => item.runName;
    case "config":
      return (_item, run) => run?.attributes.get("configname") ?? "";
    case "file":
      return (item) => item.file;
    default:
      return void 0;
  }
}
function parseResultFilter(text) {
  const tokens2 = lex(text);
  let k = 0;
  const peek = () => tokens2[k] ?? { kind: "end", pos: text.length };
  const fail = (reason, t = peek()) => {
    throw new FilterSyntaxError(reason, t.pos + 1, text);
  };
  const describe = (t) => t.kind === "end" ? "the end" : t.kind === "word" ? `'${t.text}'` : `'${t.kind}'`;
  const compile = (pattern, at) => {
    try {
      return new PatternMatcher(pattern, { dottedPath: false });
    } catch (e) {
      return fail(`bad pattern '${pattern}': ${e instanceof Error ? e.message : String(e)}`, at);
    }
  };
  let depth = 0;
  const nested = (at, parse) => {
    if (++depth > MAX_NESTING) fail(`nested more than ${MAX_NESTING} levels deep`, at);
    const r = parse();
    depth--;
    return r;
  };
  const term = () => {
    const t = peek();
    if (t.kind === "(") {
      k++;
      const inner = nested(t, or);
      if (peek().kind !== ")") fail(`')' expected (for the '(' at position ${t.pos + 1})`);
      k++;
      return inner;
    }
    if (t.kind !== "word") return fail(`a pattern, a field or '(' expected, not ${describe(t)}`);
    k++;
    if (peek().kind !== "=~") {
      const m2 = compile(t.text, t);
      return (item) => m2.matches(item.name);
    }
    k++;
    const get = fieldGetter(t.text);
    if (get === void 0) fail(`unknown field '${t.text}' (fields: ${FILTER_FIELDS})`, t);
    const p = peek();
    if (p.kind !== "word") return fail(`a pattern expected after '=~', not ${describe(p)}`, p);
    k++;
    const m = compile(p.text, p);
    const g = get;
    return (item, run) => {
      const v = g(item, run);
      return typeof v === "string" ? m.matches(v) : v.some((s) => m.matches(s));
    };
  };
  const not = () => {
    let negate2 = false;
    while (peek().kind === "NOT") {
      k++;
      negate2 = !negate2;
    }
    const inner = term();
    return negate2 ? (item, run) => !inner(item, run) : inner;
  };
  const chain = (op, operand) => {
    const parts = [operand()];
    while (peek().kind === op) {
      k++;
      parts.push(operand());
    }
    if (parts.length === 1) return parts[0];
    return op === "AND" ? (item, run) => parts.every((f2) => f2(item, run)) : (item, run) => parts.some((f2) => f2(item, run));
  };
  const and = () => chain("AND", not);
  const or = () => chain("OR", and);
  if (peek().kind === "end") fail("empty filter");
  const f = or();
  const rest = peek();
  if (rest.kind !== "end")
    fail(
      rest.kind === ")" ? "unmatched ')'" : `AND or OR expected before ${describe(rest)} (quote patterns with spaces)`
    );
  return f;
}

// src/core/results/merge-plan.ts
var NO_KEY = { config: "\uFFFF", runNumber: Number.MAX_SAFE_INTEGER, runName: "" };
function planMerge(inputs, alreadyMerged) {
  const firstSource = {
    scalar: /* @__PURE__ */ new Map(),
    vector: /* @__PURE__ */ new Map()
  };
  const present = [];
  const repeated = [];
  const planned = [];
  for (const input of inputs) {
    const add2 = { scalar: /* @__PURE__ */ new Set(), vector: /* @__PURE__ */ new Set() };
    let key;
    for (const run of input.runs)
      for (const kind of run.kinds) {
        const entry = { file: input.file, runName: run.runName, kind };
        const first = firstSource[kind].get(run.runName);
        if (alreadyMerged[kind].has(run.runName)) present.push(entry);
        else if (first !== void 0) repeated.push({ ...entry, first });
        else {
          firstSource[kind].set(run.runName, input.file);
          add2[kind].add(run.runName);
          const k = run.header ? runSortKey(run.header) : { ...NO_KEY, runName: run.runName };
          if (key === void 0 || compareRunKeys(k, key) < 0) key = k;
        }
      }
    if (key !== void 0)
      planned.push({ file: input.file, scalar: add2.scalar, vector: add2.vector, key });
  }
  planned.sort((a, b) => compareRunKeys(a.key, b.key) || compareNames(a.file, b.file));
  return {
    files: planned.map(({ file, scalar, vector }) => ({ file, scalar, vector })),
    present,
    repeated
  };
}

// src/core/results/runs-table.ts
var BASE_COLUMNS = ["run", "config", "runnumber", "repetition", "iterationvars"];
var JOURNAL_COLUMNS = [
  "key",
  "status",
  "exit_code",
  "signal",
  "duration_ms",
  "peak_kib",
  "attempt",
  "log",
  "message"
];
var ITERVAR_PREFIX = "itervar:";
function journalColumns(rec, log) {
  const str2 = (v) => v === null || v === void 0 ? "" : String(v);
  return /* @__PURE__ */ new Map([
    ["key", rec.key],
    ["status", rec.status],
    ["exit_code", str2(rec.exitCode)],
    ["signal", str2(rec.signal)],
    ["duration_ms", str2(rec.wallMs)],
    ["peak_kib", str2(rec.peakKiB)],
    ["attempt", str2(rec.attempt)],
    ["log", log],
    ["message", str2(rec.message)]
  ]);
}
function resultRunRow(run, journal) {
  const row = /* @__PURE__ */ new Map([
    ["run", run.runName],
    ["config", run.attributes.get("configname") ?? ""],
    ["runnumber", run.attributes.get("runnumber") ?? ""],
    ["repetition", run.attributes.get("repetition") ?? ""],
    ["iterationvars", run.attributes.get("iterationvars") ?? ""]
  ]);
  for (const [k, v] of run.itervars) row.set(ITERVAR_PREFIX + k, v);
  for (const [k, v] of journal ?? []) row.set(k, v);
  return row;
}
function parseItervarsText(text) {
  const re = /(?:^|, )\$([A-Za-z_][A-Za-z0-9_]*)=/g;
  const marks = [...text.matchAll(re)];
  return marks.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    return [m[1] ?? "", text.slice(start, end)];
  });
}
function journalOnlyRow(rec, log) {
  const vars = parseItervarsText(rec.itervars);
  const rep = vars.find(([k]) => k === "repetition");
  const itervars = vars.filter(([k]) => k !== "repetition");
  const row = /* @__PURE__ */ new Map([
    ["run", ""],
    ["config", rec.config],
    ["runnumber", String(rec.run)],
    ["repetition", rep?.[1] ?? ""],
    ["iterationvars", itervars.map(([k, v]) => `$${k}=${v}`).join(", ")]
  ]);
  for (const [k, v] of itervars) row.set(ITERVAR_PREFIX + k, v);
  for (const [k, v] of journalColumns(rec, log)) row.set(k, v);
  return row;
}
function previousJournalInfo(previous) {
  const journalOf = /* @__PURE__ */ new Map();
  const journalOnly = /* @__PURE__ */ new Map();
  for (const row of previous) {
    const run = row.get("run") ?? "";
    const key = row.get("key") ?? "";
    if (key === "") continue;
    if (run !== "") journalOf.set(run, new Map(JOURNAL_COLUMNS.map((c) => [c, row.get(c) ?? ""])));
    else journalOnly.set(key, row);
  }
  return { journalOf, journalOnly };
}
var rowKey = (row) => {
  const n = Number(row.get("runnumber") ?? "");
  return {
    config: row.get("config") ?? "",
    runNumber: Number.isSafeInteger(n) && n >= 0 ? n : -1,
    runName: row.get("run") ?? ""
  };
};
function runsTable(rows) {
  const itervars = /* @__PURE__ */ new Set();
  let journal = false;
  for (const row of rows)
    for (const [k, v] of row) {
      if (k.startsWith(ITERVAR_PREFIX)) itervars.add(k);
      else if (k === "key" && v !== "") journal = true;
    }
  const header = [
    ...BASE_COLUMNS,
    ...[...itervars].sort(compareNames),
    ...journal ? JOURNAL_COLUMNS : []
  ];
  const sorted = rows.map((row) => ({ row, key: rowKey(row) })).sort(
    (a, b) => compareRunKeys(a.key, b.key) || compareNames(a.row.get("key") ?? "", b.row.get("key") ?? "")
  );
  return { header, rows: sorted.map(({ row }) => header.map((c) => row.get(c) ?? "")) };
}
var csvField = (s) => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
function formatCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(",") + "\n").join("");
}
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
function parseRunsCsv(text) {
  const [header, ...rows] = parseCsv(text);
  if (header === void 0) return [];
  return rows.map((r) => new Map(header.map((h, i) => [h, r[i] ?? ""])));
}

// src/core/results/simtime.ts
var SIMTIME_NIL = "Nil";
var INT64_MAX3 = 9223372036854775807n;
var MIN_SCALE = -18;
function bigDecimalText(intVal, scale) {
  if (intVal === 0n) return "0";
  if (scale < MIN_SCALE - 19) return "0";
  if (scale > 19) throw new RangeError(`BigDecimal: normalize(): Scale ${scale} is too big`);
  let v = intVal;
  let s = scale;
  while (s < MIN_SCALE) {
    v /= 10n;
    s++;
    if (v === 0n) return "0";
  }
  while (s > 0) {
    if (v > INT64_MAX3 / 10n || v < -INT64_MAX3 / 10n)
      throw new RangeError("BigDecimal: normalize(): Arithmetic overflow");
    v *= 10n;
    s--;
  }
  while (v % 10n === 0n && s < 0) {
    v /= 10n;
    s++;
  }
  return decimalText(v < 0n, (v < 0n ? -v : v).toString(), s);
}
function decimalText(negative, digits, scale) {
  let out;
  if (scale === 0) out = digits;
  else if (digits.length > -scale)
    out = `${digits.slice(0, digits.length + scale)}.${digits.slice(digits.length + scale)}`;
  else out = `0.${"0".repeat(-scale - digits.length)}${digits}`;
  return negative ? `-${out}` : out;
}
function simtimeFromDouble(d) {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "+Inf";
  if (d === -Infinity) return "-Inf";
  const negative = d < 0;
  const a = Math.abs(d);
  if (a < 2 ** -1e3) return "0";
  let e2 = Math.floor(Math.log2(a)) - 52;
  let scaled = a / 2 ** e2;
  while (scaled >= 2 ** 53) {
    e2++;
    scaled = a / 2 ** e2;
  }
  while (scaled < 2 ** 52) {
    e2--;
    scaled = a * 2 ** -e2;
  }
  let intVal = BigInt(Math.floor(scaled / 2));
  let exponent = e2 + 1;
  if (intVal === 0n) return "0";
  while ((intVal & 1n) === 0n) {
    intVal >>= 1n;
    exponent++;
  }
  let scale;
  if (exponent < 0) {
    scale = exponent;
    for (let i = exponent; i < 0; i++) {
      if (intVal <= INT64_MAX3 / 5n) intVal *= 5n;
      else {
        intVal /= 2n;
        scale++;
      }
    }
  } else {
    scale = 0;
    for (let i = 0; i < exponent; i++) {
      if (intVal <= INT64_MAX3 / 2n) intVal *= 2n;
      else {
        intVal /= 5n;
        scale++;
      }
    }
  }
  return bigDecimalText(negative ? -intVal : intVal, scale);
}
function simtimeFromRaw(raw, exp) {
  if (typeof raw === "bigint" && raw >= -MAX_SAFE && raw <= MAX_SAFE) raw = Number(raw);
  if (typeof raw === "number" && Number.isSafeInteger(raw) && exp <= 0 && exp >= MIN_SCALE) {
    if (raw === 0) return "0";
    let digits = String(Math.abs(raw));
    let scale = exp;
    let end = digits.length;
    while (scale < 0 && digits.charCodeAt(end - 1) === 48) {
      end--;
      scale++;
    }
    if (end !== digits.length) digits = digits.slice(0, end);
    return decimalText(raw < 0, digits, scale);
  }
  return bigDecimalText(BigInt(raw), exp);
}
var MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
var isDigit4 = (c) => c >= 48 && c <= 57;
var isAlpha2 = (c) => c >= 65 && c <= 90 || c >= 97 && c <= 122;
var isSpace5 = (c) => c === 32 || c >= 9 && c <= 13;
var PLAIN = /^(0|[1-9]\d{0,17})(?:\.(\d{0,17}[1-9]))?$/;
function parseSimtime(s) {
  if (PLAIN.test(s) && s.length <= 19) return s;
  let p = 0;
  let negative = false;
  const at = (i) => i < s.length ? s.charCodeAt(i) : 0;
  let value;
  let endp;
  if (!isDigit4(at(p))) {
    while (isSpace5(at(p))) p++;
    if (at(p) === 45) {
      negative = true;
      p++;
    } else if (at(p) === 43) p++;
    if (isAlpha2(at(p))) {
      const word = s.slice(p, p + 3).toLowerCase();
      if (word === "nan") {
        value = "NaN";
        endp = p + 3;
      } else if (word === "inf") {
        endp = p + 3;
        if (s.slice(endp, endp + 5).toLowerCase() === "inity") endp += 5;
        value = negative ? "-Inf" : "+Inf";
      } else {
        value = "0";
        endp = p;
      }
      return finish(s, endp, value);
    }
  }
  if (at(p) === 49 && at(p + 1) === 46 && at(p + 2) === 35) {
    const w = s.slice(p + 3, p + 6).toLowerCase();
    if (w === "ind") return finish(s, p + 6, "NaN");
    if (w === "inf") return finish(s, p + 6, negative ? "-Inf" : "+Inf");
  }
  const intStart = p;
  while (isDigit4(at(p))) p++;
  let digits = s.slice(intStart, p);
  let scale = 0;
  if (digits.length === 0 && at(p) !== 46) return void 0;
  if (at(p) === 46) {
    p++;
    const fracStart = p;
    while (isDigit4(at(p))) p++;
    digits += s.slice(fracStart, p);
    scale = fracStart - p;
  }
  endp = p;
  const significant = digits.replace(/^0+/, "");
  if (significant.length > 19 || significant.length === 19 && significant > "9223372036854775807")
    return void 0;
  const intVal = BigInt(significant || "0");
  value = bigDecimalText(negative ? -intVal : intVal, scale);
  return finish(s, endp, value);
}
function finish(s, endp, value) {
  if (endp >= s.length) return value;
  const c = s[endp];
  if (c === "e" || c === "E") {
    const d = parseCDouble(s);
    if (d === void 0) return void 0;
    try {
      return simtimeFromDouble(d);
    } catch {
      return void 0;
    }
  }
  return void 0;
}

// src/core/results/lines.ts
import { Buffer } from "node:buffer";
var EMPTY2 = Buffer.alloc(0);
var LineSplitter = class {
  carry = EMPTY2;
  carryOffset = 0;
  consumed;
  lineNo;
  /** The previous chunk ended in "\r": a "\n" starting the next chunk belongs to it. */
  pendingCR = false;
  /** `startOffset`/`firstLineNo`: where the first chunk sits in the file (for block reads). */
  constructor(startOffset = 0, firstLineNo = 1) {
    this.consumed = startOffset;
    this.lineNo = firstLineNo - 1;
  }
  push(chunk) {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let bufOffset = this.consumed;
    this.consumed += buf.length;
    if (this.pendingCR && buf.length > 0) {
      this.pendingCR = false;
      if (buf[0] === 10) {
        buf = buf.subarray(1);
        bufOffset++;
      }
    }
    let data;
    let dataOffset;
    if (this.carry.length > 0) {
      data = Buffer.concat([this.carry, buf]);
      dataOffset = this.carryOffset;
    } else {
      data = buf;
      dataOffset = bufOffset;
    }
    const lines = [];
    const n = data.length;
    let start = 0;
    let nextCR = data.indexOf(13);
    while (start < n) {
      let lf = data.indexOf(10, start);
      if (lf < 0) lf = n;
      if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf(13, start);
      let stop;
      let next;
      if (nextCR >= 0 && nextCR < lf) {
        stop = nextCR;
        if (nextCR + 1 < n) next = data[nextCR + 1] === 10 ? nextCR + 2 : nextCR + 1;
        else {
          next = n;
          this.pendingCR = true;
        }
      } else if (lf < n) {
        stop = lf;
        next = lf + 1;
      } else break;
      lines.push({
        text: data.toString("utf8", start, stop),
        lineNo: ++this.lineNo,
        offset: dataOffset + start,
        terminated: true
      });
      start = next;
    }
    this.carry = start < n ? Buffer.from(data.subarray(start)) : EMPTY2;
    this.carryOffset = dataOffset + start;
    return lines;
  }
  /** The unterminated last line, if any. */
  end() {
    if (this.carry.length === 0) return [];
    const line = {
      text: this.carry.toString("utf8"),
      lineNo: ++this.lineNo,
      offset: this.carryOffset,
      terminated: false
    };
    this.carry = EMPTY2;
    return [line];
  }
};
function splitLines(text) {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

// src/core/results/sca-parser.ts
var freshFields = () => ({
  count: -1,
  min: NaN,
  max: NaN,
  sum: NaN,
  sumSquares: NaN,
  sumWeights: NaN,
  sumWeightedValues: NaN,
  sumSquaredWeights: NaN,
  sumWeightedSquaredValues: NaN
});
var NO_RECORDS = Object.freeze([]);
function separateItervarsFromAttrs(attrs, itervars) {
  if (itervars.size > 0) return;
  const spec = attrs.get("iterationvars") ?? "";
  if (spec === "") return;
  for (const rawPart of spec.split(",")) {
    const part = rawPart.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, "");
    const eq = part.indexOf("=");
    const before = eq < 0 ? "" : part.slice(0, eq);
    const dollar = before.indexOf("$");
    const name = dollar < 0 ? "" : before.slice(dollar + 1);
    const value = attrs.get(name);
    if (value !== void 0) {
      itervars.set(name, value);
      attrs.delete(name);
    }
  }
}
var ScalarFileParser = class {
  constructor(fileName, options = {}) {
    this.fileName = fileName;
    this.options = options;
  }
  fileName;
  options;
  lineNo = 0;
  itemType = "none";
  itemLine = 0;
  runName = "";
  runLine = 0;
  configEntries = [];
  module = "";
  name = "";
  attrs = /* @__PURE__ */ new Map();
  itervars = /* @__PURE__ */ new Map();
  vectorId = -1;
  vectorColumns = "";
  scalarValue = NaN;
  paramValue = "";
  fields = freshFields();
  binEdges = [];
  binValues = [];
  ended = false;
  fail(reason, line = this.lineNo) {
    throw new ResultFileError(reason, this.fileName, line);
  }
  check(cond, reason) {
    if (!cond) this.fail(reason);
  }
  /** Feeds the next line (without its terminator). `terminated` is false for a last line without one. */
  pushLine(text, terminated = true) {
    if (this.ended) throw new Error("ScalarFileParser: pushLine() after end()");
    this.lineNo++;
    let tokens2;
    try {
      tokens2 = tokenizeLine(text);
    } catch (e) {
      if (e instanceof TokenizeError) this.fail(e.message);
      throw e;
    }
    if (!terminated && !this.options.allowUnterminatedLastLine && tokens2.length > 0)
      this.fail("last line has no line terminator (truncated file?)");
    return this.processLine(tokens2);
  }
  /** Signals the end of input; returns the last pending record(s). */
  end() {
    this.ended = true;
    const out = [];
    this.flush(out);
    return out;
  }
  processLine(vec) {
    const n = vec.length;
    const first = vec[0];
    if (first === void 0 || first.startsWith("#")) return NO_RECORDS;
    const out = [];
    switch (first) {
      case "version": {
        this.check(n === 2, "incorrect 'version' line -- version <number> expected");
        const version = parseCInt(vec[1] ?? "");
        this.check(version !== void 0, "version is not a number");
        this.check(
          version === 2 || version === 3,
          "unsupported file version (version 2 or version 3 expected)"
        );
        return NO_RECORDS;
      }
      case "run":
        this.flush(out);
        this.check(n === 2, "incorrect 'run' line -- run <runID> expected");
        this.itemType = "run";
        this.runName = vec[1] ?? "";
        this.runLine = this.lineNo;
        return out;
      case "scalar": {
        this.flush(out);
        this.check(this.itemType !== "none", "stray 'scalar' line, must be under a 'run'");
        this.check(
          n === 4,
          "incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected"
        );
        const value = parseCDouble(vec[3] ?? "");
        this.check(value !== void 0, "invalid value column");
        this.startItem("scalar", vec);
        this.scalarValue = value ?? NaN;
        return out;
      }
      case "par":
        this.flush(out);
        this.check(this.itemType !== "none", "stray 'par' line, must be under a 'run'");
        this.check(n === 4, "incorrect 'par' line -- par <module> <paramname> <value> expected");
        this.startItem("parameter", vec);
        this.paramValue = vec[3] ?? "";
        return out;
      case "vector": {
        this.flush(out);
        this.check(this.itemType !== "none", "stray 'vector' line, must be under a 'run'");
        this.check(
          n === 4 || n === 5,
          "incorrect 'vector' line -- vector <id> <module> <vectorname> [<columns>] expected"
        );
        const id = parseCInt(vec[1] ?? "");
        this.check(id !== void 0, "invalid vector id in vector definition");
        const columns = vec[4];
        this.itemType = "vector";
        this.itemLine = this.lineNo;
        this.vectorId = id ?? -1;
        this.module = vec[2] ?? "";
        this.name = vec[3] ?? "";
        this.vectorColumns = columns === void 0 || /^[0-9]/.test(columns) ? "TV" : columns;
        return out;
      }
      case "statistic":
        this.flush(out);
        this.check(this.itemType !== "none", "stray 'statistic' line, must be under a 'run'");
        this.check(
          n === 3,
          "incorrect 'statistic' line -- statistic <module> <statisticname> expected"
        );
        this.itemType = "statistic";
        this.itemLine = this.lineNo;
        this.module = vec[1] ?? "";
        this.name = vec[2] ?? "";
        return out;
      case "field": {
        this.check(
          this.itemType === "statistic",
          "stray 'field' line, must be under a 'statistic'"
        );
        this.check(n === 3, "incorrect 'field' line -- field <name> <value> expected");
        const value = parseCDouble(vec[2] ?? "");
        this.check(value !== void 0, "invalid scalar file: invalid field value");
        this.setField(vec[1] ?? "", value ?? NaN);
        return NO_RECORDS;
      }
      case "bin": {
        if (this.itemType === "statistic") this.itemType = "histogram";
        this.check(this.itemType === "histogram", "stray 'bin' line, must be under a 'statistic'");
        this.check(n === 3, "incorrect 'bin' line -- bin <lowerBound> <value> expected");
        const edge = parseCDouble(vec[1] ?? "");
        this.check(edge !== void 0, "invalid bin edge");
        const value = parseCDouble(vec[2] ?? "");
        this.check(value !== void 0, "invalid bin value");
        const e = edge ?? NaN;
        const v = value ?? NaN;
        const last = this.binEdges.length - 1;
        if (last < 0 || e > (this.binEdges[last] ?? NaN)) {
          this.binEdges.push(e);
          this.binValues.push(v);
        } else if (e === this.binEdges[last]) {
          this.binValues[last] = (this.binValues[last] ?? 0) + v;
        } else this.fail("bin edges must be increasing");
        return NO_RECORDS;
      }
      case "attr":
        this.check(this.itemType !== "none", "stray 'attr' line");
        this.check(n === 3, "incorrect 'attr' line -- attr <name> <value> expected");
        this.attrs.set(vec[1] ?? "", vec[2] ?? "");
        return NO_RECORDS;
      case "itervar":
        this.check(this.itemType === "run", "stray 'itervar' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'itervar' line -- itervar <name> <value> expected");
        this.itervars.set(vec[1] ?? "", vec[2] ?? "");
        return NO_RECORDS;
      case "config":
        this.check(this.itemType === "run", "stray 'config' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'config' line -- config <key> <value> expected");
        this.configEntries.push([vec[1] ?? "", vec[2] ?? ""]);
        return NO_RECORDS;
      case "param":
        this.check(this.itemType === "run", "stray 'param' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'param' line -- param <namePattern> <value> expected");
        this.configEntries.push([vec[1] ?? "", vec[2] ?? ""]);
        return NO_RECORDS;
      default:
        if (/^[0-9]/.test(first) && n >= 3) {
          this.check(n === 3 || n === 4, "incorrect vector data line -- 3 or 4 items expected");
          return NO_RECORDS;
        }
        return this.fail("unrecognized line");
    }
  }
  startItem(type, vec) {
    this.itemType = type;
    this.itemLine = this.lineNo;
    this.module = vec[1] ?? "";
    this.name = vec[2] ?? "";
  }
  setField(name, value) {
    const f = this.fields;
    switch (name) {
      case "count":
        f.count = toInt64(value);
        break;
      case "min":
        f.min = value;
        break;
      case "max":
        f.max = value;
        break;
      case "sum":
        f.sum = value;
        break;
      case "sqrsum":
        f.sumSquares = value;
        break;
      case "weights":
        f.sumWeights = value;
        break;
      case "weightedSum":
        f.sumWeightedValues = value;
        break;
      case "sqrSumWeights":
        f.sumSquaredWeights = value;
        break;
      case "weightedSqrSum":
        f.sumWeightedSquaredValues = value;
        break;
      default:
        break;
    }
  }
  statistics() {
    const f = this.fields;
    if (Number.isNaN(f.sumWeights))
      return makeUnweightedStatistics(f.count, f.min, f.max, f.sum, f.sumSquares);
    return makeWeightedStatistics(
      f.count,
      f.min,
      f.max,
      f.sumWeights,
      f.sumWeightedValues,
      f.sumSquaredWeights,
      f.sumWeightedSquaredValues
    );
  }
  flush(out) {
    const base = {
      runName: this.runName,
      module: this.module,
      name: this.name,
      file: this.fileName,
      line: this.itemLine
    };
    switch (this.itemType) {
      case "none":
        break;
      case "run": {
        const attrs = new Map(this.attrs);
        const itervars = new Map(this.itervars);
        separateItervarsFromAttrs(attrs, itervars);
        out.push({
          type: "run",
          run: {
            runName: this.runName,
            attributes: sortedMap(attrs),
            itervars: sortedMap(itervars),
            configEntries: this.configEntries
          },
          file: this.fileName,
          line: this.runLine
        });
        break;
      }
      case "scalar":
        out.push({
          ...base,
          type: "scalar",
          attributes: sortedMap(this.attrs),
          value: this.scalarValue
        });
        break;
      case "parameter":
        out.push({
          ...base,
          type: "parameter",
          attributes: sortedMap(this.attrs),
          value: this.paramValue
        });
        break;
      case "vector":
        out.push({
          ...base,
          type: "vector",
          attributes: sortedMap(this.attrs),
          vectorId: this.vectorId,
          columns: this.vectorColumns,
          summary: void 0
        });
        break;
      case "statistic":
        out.push({
          ...base,
          type: "statistic",
          attributes: sortedMap(this.attrs),
          statistics: this.statistics()
        });
        break;
      case "histogram": {
        const edges = this.binEdges;
        const values = this.binValues;
        if (values.length < 2)
          this.fail("number of bin edges and bin values do not match", this.itemLine);
        out.push({
          ...base,
          type: "histogram",
          attributes: sortedMap(this.attrs),
          statistics: this.statistics(),
          histogram: {
            binEdges: edges.slice(1),
            binValues: values.slice(1, -1),
            underflows: values[0] ?? 0,
            overflows: values[values.length - 1] ?? 0
          }
        });
        break;
      }
    }
    if (this.itemType !== "none") this.itemType = "run";
    this.module = "";
    this.name = "";
    this.vectorId = -1;
    this.scalarValue = NaN;
    this.paramValue = "";
    this.attrs = /* @__PURE__ */ new Map();
    this.itervars = /* @__PURE__ */ new Map();
    this.configEntries = [];
    this.fields = freshFields();
    this.binEdges = [];
    this.binValues = [];
  }
};

// src/core/results/vec-parser.ts
var RunData = class {
  runName = "";
  runSeen = false;
  attributes = /* @__PURE__ */ new Map();
  itervars = /* @__PURE__ */ new Map();
  configEntries = [];
  /** VectorFileIndex::RunData::parseLine(); false when the line is not a run header line. */
  parseLine(tokens2, fail) {
    const n = tokens2.length;
    switch (tokens2[0]) {
      case "attr":
        if (n < 3) fail("'attr <name> <value>' expected");
        this.attributes.set(tokens2[1] ?? "", tokens2[2] ?? "");
        if (tokens2[1] === "runNumber" && parseCInt(tokens2[2] ?? "") === void 0)
          fail("runNumber: an integer expected");
        return true;
      case "itervar":
        if (n < 3) fail("'itervar <name> <value>' expected");
        this.itervars.set(tokens2[1] ?? "", tokens2[2] ?? "");
        return true;
      case "config":
        if (n < 3) fail("'config <key> <value>' expected");
        this.configEntries.push([tokens2[1] ?? "", tokens2[2] ?? ""]);
        return true;
      case "param":
        if (n < 3) fail("'param <namePattern> <value>' expected");
        this.configEntries.push([tokens2[1] ?? "", tokens2[2] ?? ""]);
        return true;
      case "run":
        if (n < 2) fail("missing run name");
        this.runName = tokens2[1] ?? "";
        this.runSeen = true;
        return true;
      default:
        return false;
    }
  }
  info() {
    return {
      runName: this.runName,
      attributes: sortedMap(this.attributes),
      itervars: sortedMap(this.itervars),
      configEntries: [...this.configEntries]
    };
  }
};
var VectorIndexEntry = class {
  constructor(vectorId, module, name, columns, line) {
    this.vectorId = vectorId;
    this.module = module;
    this.name = name;
    this.columns = columns;
    this.line = line;
  }
  vectorId;
  module;
  name;
  columns;
  line;
  attributes = /* @__PURE__ */ new Map();
  blocks = [];
  statistics = EMPTY_STATISTICS;
  startEventNum = -1;
  endEventNum = -1;
  startTime = "0";
  endTime = "0";
  addBlock(block) {
    if (this.statistics.count === 0) {
      this.startEventNum = block.startEventNum;
      this.startTime = block.startTime;
    }
    this.endEventNum = block.endEventNum;
    this.endTime = block.endTime;
    this.statistics = adjoinStatistics(this.statistics, block.statistics);
    this.blocks.push(block);
  }
  freeze() {
    return {
      vectorId: this.vectorId,
      module: this.module,
      name: this.name,
      columns: this.columns,
      attributes: sortedMap(this.attributes),
      blocks: this.blocks,
      summary: {
        statistics: this.statistics,
        startEventNum: this.startEventNum,
        endEventNum: this.endEventNum,
        startTime: this.startTime,
        endTime: this.endTime
      },
      line: this.line
    };
  }
};
var BlockBuilder = class {
  constructor(vectorId, offset, lineNo) {
    this.vectorId = vectorId;
    this.offset = offset;
    this.lineNo = lineNo;
  }
  vectorId;
  offset;
  lineNo;
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  sumSquares = 0;
  startEventNum = -1;
  endEventNum = -1;
  startTime = "0";
  endTime = "0";
  collect(eventNumber2, simtime, value) {
    if (this.count === 0) {
      this.startEventNum = eventNumber2;
      this.startTime = simtime;
    }
    this.endEventNum = eventNumber2;
    this.endTime = simtime;
    this.count++;
    this.min = this.min < value ? this.min : value;
    this.max = this.max > value ? this.max : value;
    this.sum += value;
    this.sumSquares += value * value;
  }
  finish(size) {
    return {
      vectorId: this.vectorId,
      offset: this.offset,
      size,
      lineNo: this.lineNo,
      startEventNum: this.startEventNum,
      endEventNum: this.endEventNum,
      startTime: this.startTime,
      endTime: this.endTime,
      statistics: makeUnweightedStatistics(
        this.count,
        this.min,
        this.max,
        this.sum,
        this.sumSquares
      )
    };
  }
};
function tokens(text, fail) {
  try {
    return tokenizeLine(text);
  } catch (e) {
    if (e instanceof TokenizeError) fail(e.message);
    throw e;
  }
}
function eventNumber(token, fail) {
  const e = parseCLong(token);
  if (e !== void 0 && (e < 0 || e > Number.MAX_SAFE_INTEGER))
    fail(`event number ${token} out of range (0 to 2^53-1)`);
  return e;
}
function dataTime(token, fail) {
  const t = parseSimtime(token);
  if (t === void 0) return void 0;
  if (t.startsWith("-")) fail(`negative simulation time ${token}`);
  if (t === "NaN" || t === "+Inf") fail(`simulation time ${token} is not a number`);
  return t;
}
function parseVersion(t, fail) {
  if (t.length < 2) fail("missing version number");
  const version = parseCInt(t[1] ?? "");
  if (version === void 0) fail("version is not a number");
  if (version !== 2 && version !== 3)
    fail("unsupported file version (version 2 or version 3 expected)");
}
var VectorFileParser = class {
  constructor(fileName, options = {}) {
    this.fileName = fileName;
    this.options = options;
  }
  fileName;
  options;
  runData = new RunData();
  declared = [];
  byId = /* @__PURE__ */ new Map();
  lastDecl;
  /** The vector declarations seen so far, with their attributes (blocks are not tracked here). */
  get vectors() {
    return this.declared;
  }
  /** The run header seen so far. */
  get run() {
    return this.runData.info();
  }
  /** The declaration a data line's vector id refers to. */
  vectorById(id) {
    return this.byId.get(id);
  }
  lineNo = 0;
  fail = (reason) => {
    throw new ResultFileError(reason, this.fileName, this.lineNo);
  };
  pushLine(line) {
    this.lineNo = line.lineNo;
    const fail = this.fail;
    const t = tokens(line.text, fail);
    const first = t[0];
    if (first === void 0 || first.startsWith("#")) return void 0;
    if (!line.terminated && !this.options.allowUnterminatedLastLine)
      fail("last line has no line terminator (truncated file?)");
    switch (first) {
      case "run":
        if (this.runData.runSeen && t[1] !== void 0 && t[1] !== this.runData.runName)
          fail("more than one run in vector file");
        this.runData.parseLine(t, fail);
        return void 0;
      case "config":
      case "param":
      case "itervar":
        this.runData.parseLine(t, fail);
        return void 0;
      case "attr":
        if (this.lastDecl === void 0) this.runData.parseLine(t, fail);
        else {
          if (t.length < 3) fail("Missing attribute name or value");
          this.lastDecl.attributes.set(t[1] ?? "", t[2] ?? "");
        }
        return void 0;
      case "vector": {
        if (t.length < 4) fail("Broken vector declaration");
        const id = parseCInt(t[1] ?? "");
        if (id === void 0) fail("Malformed vector in vector declaration");
        if (!this.runData.runSeen) fail("vector declaration before the 'run' line");
        const c = t[4];
        const columns = c === void 0 || /^[0-9]/.test(c) ? "TV" : c;
        const earlier = this.byId.get(id ?? -1);
        if (earlier !== void 0)
          fail(`vector id ${id ?? ""} declared again (first declared on line ${earlier.line})`);
        const entry = new VectorIndexEntry(id ?? -1, t[2] ?? "", t[3] ?? "", columns, line.lineNo);
        this.declared.push(entry);
        this.byId.set(entry.vectorId, entry);
        this.lastDecl = entry;
        return void 0;
      }
      case "version":
        parseVersion(t, fail);
        return void 0;
      default: {
        const vectorId = parseCInt(first);
        if (vectorId === void 0) return fail("unrecognized line");
        const vector = this.byId.get(vectorId);
        if (vector === void 0) return fail("Missing vector declaration");
        let eventNumberOf = -1;
        let simtime = SIMTIME_NIL;
        let value = NaN;
        const columns = vector.columns;
        for (let i = 0; i < columns.length; i++) {
          const token = t[i + 1];
          if (token === void 0) return fail("Data line too short");
          switch (columns[i]) {
            case "T": {
              const s = dataTime(token, fail);
              if (s === void 0) return fail("Malformed simulation time");
              simtime = s;
              break;
            }
            case "V": {
              const v = parseCDouble(token);
              if (v === void 0) return fail("Malformed data value");
              value = v;
              break;
            }
            case "E": {
              const e = eventNumber(token, fail);
              if (e === void 0) return fail("Malformed event number");
              eventNumberOf = e;
              break;
            }
            default:
              break;
          }
        }
        return {
          vectorId,
          datum: { eventNumber: eventNumberOf, simtime, value },
          lineNo: line.lineNo,
          offset: line.offset
        };
      }
    }
  }
};
var VectorFileIndexer = class {
  constructor(fileName, options = {}) {
    this.fileName = fileName;
    this.parser = new VectorFileParser(fileName, options);
  }
  fileName;
  parser;
  blocks = [];
  current;
  currentVector;
  pushLine(line) {
    const data = this.parser.pushLine(line);
    if (data === void 0) return;
    if (this.current === void 0 || data.vectorId !== this.current.vectorId) {
      this.closeBlock(line.offset);
      this.current = new BlockBuilder(data.vectorId, line.offset, line.lineNo);
      this.currentVector = this.parser.vectorById(data.vectorId);
    }
    const d = data.datum;
    this.current.collect(d.eventNumber, d.simtime, d.value);
  }
  closeBlock(endOffset) {
    if (this.current === void 0 || this.currentVector === void 0) return;
    const block = this.current.finish(endOffset - this.current.offset);
    this.currentVector.addBlock(block);
    this.blocks.push(block);
    this.current = void 0;
  }
  /**
   * Finishes the index. As OMNeT++ writes only vectors that have data into the .vci it then
   * loads, vectors without data lines are left out.
   */
  end(fileSize) {
    this.closeBlock(fileSize);
    return {
      fingerprint: void 0,
      run: this.parser.run,
      vectors: this.parser.vectors.filter((v) => v.blocks.length > 0).map((v) => v.freeze()),
      blocks: this.blocks
    };
  }
};
var VectorIndexFileParser = class {
  constructor(fileName) {
    this.fileName = fileName;
  }
  fileName;
  runData = new RunData();
  vectors = [];
  byId = /* @__PURE__ */ new Map();
  blocks = [];
  fingerprint;
  lineNo = 0;
  pushLine(text) {
    const lineNo = ++this.lineNo;
    const fail = (reason) => {
      throw new ResultFileError(reason, this.fileName, lineNo);
    };
    const t = tokens(text, fail);
    const n = t.length;
    const first = t[0];
    if (first === void 0 || first.startsWith("#")) return;
    if (first === "vector") {
      if (n < 5) fail("invalid vector declaration");
      const id = parseCInt(t[1] ?? "");
      if (id === void 0) return fail("invalid vector id");
      const earlier = this.byId.get(id);
      if (earlier !== void 0)
        fail(`vector id ${id} declared again (first declared on line ${earlier.line})`);
      const entry = new VectorIndexEntry(id, t[2] ?? "", t[3] ?? "", t[4] ?? "", lineNo);
      this.vectors.push(entry);
      this.byId.set(id, entry);
    } else if (first === "attr" && this.vectors.length > 0) {
      if (n !== 3) fail("malformed vector attribute");
      this.vectors[this.vectors.length - 1]?.attributes.set(t[1] ?? "", t[2] ?? "");
    } else if (first === "file") {
      if (n < 3) fail("missing file attributes");
      const size = parseCLong(t[1] ?? "");
      if (size === void 0) return fail("file size is not a number");
      const mtime = parseCLong(t[2] ?? "");
      if (mtime === void 0) return fail("modification date is not a number");
      this.fingerprint = { size, mtime };
    } else if (first === "version") {
      parseVersion(t, fail);
    } else if (this.runData.parseLine(t, fail)) {
      return;
    } else {
      if (n < 10) fail("missing fields from block");
      const id = parseCInt(first);
      if (id === void 0) return fail("malformed vector id");
      const vector = this.byId.get(id);
      if (vector === void 0) return fail("missing vector definition");
      let i = 1;
      const offset = parseCLong(t[i++] ?? "");
      if (offset === void 0) return fail("invalid file offset");
      const size = parseCLong(t[i++] ?? "");
      if (size === void 0) return fail("invalid block size");
      let startEventNum = -1;
      let endEventNum = -1;
      let startTime = "0";
      let endTime = "0";
      let statistics = EMPTY_STATISTICS;
      const has = (c) => vector.columns.includes(c);
      if (has("E")) {
        const a = parseCLong(t[i++] ?? "");
        const b = parseCLong(t[i++] ?? "");
        if (a === void 0 || b === void 0) return fail("invalid event numbers");
        startEventNum = a;
        endEventNum = b;
      }
      if (has("T")) {
        const a = parseSimtime(t[i++] ?? "");
        const b = parseSimtime(t[i++] ?? "");
        if (a === void 0 || b === void 0) return fail("invalid simulation time");
        startTime = a;
        endTime = b;
      }
      if (has("V")) {
        const count = parseCLong(t[i++] ?? "");
        const min = parseCDouble(t[i++] ?? "");
        const max = parseCDouble(t[i++] ?? "");
        const sum = parseCDouble(t[i++] ?? "");
        const sumSqr = parseCDouble(t[i] ?? "");
        if (count === void 0 || min === void 0 || max === void 0 || sum === void 0 || sumSqr === void 0)
          return fail("invalid statistics data");
        statistics = makeUnweightedStatistics(count, min, max, sum, sumSqr);
      }
      const block = {
        vectorId: id,
        offset,
        size,
        startEventNum,
        endEventNum,
        startTime,
        endTime,
        statistics
      };
      vector.addBlock(block);
      this.blocks.push(block);
    }
  }
  end() {
    return {
      fingerprint: this.fingerprint,
      run: this.runData.info(),
      vectors: this.vectors.map((v) => v.freeze()),
      blocks: this.blocks
    };
  }
};
function fingerprintFromIndexLines(lines, fileName) {
  let lineNo = 0;
  for (const text of lines) {
    lineNo++;
    const fail = (reason) => {
      throw new ResultFileError(reason, fileName, lineNo);
    };
    const t = tokens(text, fail);
    if (t.length === 0 || (t[0] ?? "").startsWith("#")) continue;
    if (t[0] !== "file") return void 0;
    if (t.length < 3) fail("missing file attributes");
    const size = parseCLong(t[1] ?? "");
    if (size === void 0) return fail("file size is not a number");
    const mtime = parseCLong(t[2] ?? "");
    if (mtime === void 0) return fail("modification date is not a number");
    return { size, mtime };
  }
  return void 0;
}
function resultsFromIndex(index, fileName) {
  if (index.vectors.length === 0) return void 0;
  const attrs = new Map(index.run.attributes);
  const itervars = new Map(index.run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  const run = {
    runName: index.run.runName,
    attributes: sortedMap(attrs),
    itervars: sortedMap(itervars),
    configEntries: index.run.configEntries
  };
  const vectors = index.vectors.map((v) => ({
    type: "vector",
    runName: run.runName,
    module: v.module,
    name: v.name,
    attributes: v.attributes,
    file: fileName,
    line: v.line,
    vectorId: v.vectorId,
    columns: v.columns,
    summary: v.summary
  }));
  return { run, vectors };
}
var HEADER_WORDS = /* @__PURE__ */ new Set(["vector", "attr", "version", "run", "config", "param", "itervar"]);
var VectorBlockReader = class {
  constructor(fileName, vector, block) {
    this.fileName = fileName;
    this.vector = vector;
    this.block = block;
    this.count = block.statistics.count;
  }
  fileName;
  vector;
  dataLines = 0;
  pushed = 0;
  count;
  block;
  /** Continues with another block of the same vector. */
  startBlock(block) {
    this.block = block;
    this.count = block.statistics.count;
    this.dataLines = 0;
    this.pushed = 0;
  }
  get done() {
    return this.dataLines >= this.count;
  }
  fail = (reason) => {
    const b = this.block;
    const i = this.pushed - 1;
    if (b.lineNo !== void 0) throw new ResultFileError(reason, this.fileName, b.lineNo + i);
    throw new ResultFileError(
      `${reason} (in the block at byte offset ${b.offset}, line ${i + 1} of the block)`,
      this.fileName
    );
  };
  pushLine(text) {
    this.pushed++;
    const fail = this.fail;
    const t = tokens(text, fail);
    const first = t[0];
    if (first === void 0 || first.startsWith("#") || HEADER_WORDS.has(first)) return void 0;
    this.dataLines++;
    const columns = this.vector.columns;
    if (t.length < columns.length + 1) fail("Line is too short");
    if (parseCInt(first) !== this.vector.vectorId) fail("Missing or unexpected vector id");
    let eventNumberOf = -1;
    let simtime = SIMTIME_NIL;
    let value = NaN;
    for (let j = 0; j < columns.length; j++) {
      const token = t[j + 1] ?? "";
      switch (columns[j]) {
        case "E": {
          const e = eventNumber(token, fail);
          if (e === void 0) return fail("Malformed event number");
          eventNumberOf = e;
          break;
        }
        case "T": {
          const s = dataTime(token, fail);
          if (s === void 0) return fail("Malformed simulation time");
          simtime = s;
          break;
        }
        case "V": {
          const v = parseCDouble(token);
          if (v === void 0) return fail("Malformed vector value");
          value = v;
          break;
        }
        default:
          return fail("Unknown column");
      }
    }
    return { eventNumber: eventNumberOf, simtime, value };
  }
};
function isIndexUpToDate(recorded, actual) {
  if (recorded === void 0) return true;
  return recorded.size === actual.size && recorded.mtime === actual.mtime;
}

// src/core/results/query.ts
var utf82 = new TextEncoder();

// src/core/results/sqlite-schema.ts
var SQLITE_RESULT_SCHEMA = `CREATE TABLE run
    (
        runId       INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runName     TEXT NOT NULL,
        simtimeExp  INTEGER NOT NULL
    );
CREATE TABLE runAttr
    (
        runId       INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        attrName    TEXT NOT NULL,
        attrValue   TEXT NOT NULL
    );
CREATE TABLE runItervar
    (
        runId       INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        itervarName TEXT NOT NULL,
        itervarValue TEXT NOT NULL
    );
CREATE TABLE runConfig
    (
        runId       INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        configKey   TEXT NOT NULL,
        configValue TEXT NOT NULL,
        configOrder INTEGER NOT NULL
    );
CREATE TABLE scalar
    (
        scalarId      INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        scalarName    TEXT NOT NULL,
        scalarValue   REAL        -- cannot be NOT NULL, because sqlite converts NaN double value to NULL
    );
CREATE TABLE scalarAttr
    (
        scalarId      INTEGER  NOT NULL REFERENCES scalar(scalarId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE parameter
    (
        paramId       INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        paramName     TEXT NOT NULL,
        paramValue    TEXT NOT NULL
    );
CREATE TABLE paramAttr
    (
        paramId       INTEGER  NOT NULL REFERENCES parameter(paramId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE statistic
    (
        statId        INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        statName      TEXT NOT NULL,
        isHistogram   INTEGER NOT NULL,   -- actually, BOOL
        isWeighted    INTEGER NOT NULL,   -- actually, BOOL
        statCount     INTEGER NOT NULL,
        statMean      REAL,   -- note: computed; stored for convenience
        statStddev    REAL,   -- note: computed; stored for convenience
        statSum       REAL,
        statSqrsum    REAL,
        statMin       REAL,
        statMax       REAL,
        statWeights          REAL,  -- note: names of this and subsequent fields are consistent with textual sca file field names
        statWeightedSum      REAL,
        statSqrSumWeights    REAL,
        statWeightedSqrSum   REAL
    );
CREATE TABLE statisticAttr
    (
        statId        INTEGER NOT NULL REFERENCES statistic(statId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE histogramBin
    (
        statId        INTEGER NOT NULL REFERENCES statistic(statId) ON DELETE CASCADE,
        lowerEdge     REAL NOT NULL,
        binValue      REAL NOT NULL
    );
CREATE TABLE vector
    (
        vectorId        INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId           INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName      TEXT NOT NULL,
        vectorName      TEXT NOT NULL,
        vectorCount     INTEGER,    -- cannot be NOT NULL because we fill it in later
        vectorMin       REAL,
        vectorMax       REAL,
        vectorSum       REAL,
        vectorSumSqr    REAL,
        startEventNum   INTEGER,
        endEventNum     INTEGER,
        startSimtimeRaw INTEGER,
        endSimtimeRaw   INTEGER

    );
CREATE TABLE vectorAttr
    (
        vectorId      INTEGER  NOT NULL REFERENCES vector(vectorId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE vectorData
    (
        vectorId      INTEGER NOT NULL REFERENCES vector(vectorId) ON DELETE CASCADE,
        eventNumber   INTEGER NOT NULL,
        simtimeRaw    INTEGER NOT NULL,
        value         REAL  -- cannot be NOT NULL because of NaN values
    );
`;
var VECTOR_DATA_INDEX = "CREATE INDEX vectorData_idx ON vectorData (vectorId);";

// src/core/results/sqlite-encoding.ts
var DEFAULT_SIMTIME_EXP = -12;
var UNIT_EXP = {
  s: 0,
  ms: -3,
  us: -6,
  ns: -9,
  ps: -12,
  fs: -15,
  as: -18
};
function simtimeExpOf(run) {
  for (const [key, raw] of run.configEntries) {
    if (key !== "simtime-resolution" && key !== "simtime-scale") continue;
    const value = raw.trim();
    const exp = /^-?\d+$/.test(value) ? Number(value) : void 0;
    if (exp !== void 0 && exp >= -18 && exp <= 0) return exp;
    const m = /^(1|10|100)?\s*(s|ms|us|ns|ps|fs|as)$/.exec(value);
    if (m) {
      const e = (UNIT_EXP[m[2] ?? ""] ?? 0) + (m[1] ?? "1").length - 1;
      if (e <= 0) return e;
    }
    return DEFAULT_SIMTIME_EXP;
  }
  return DEFAULT_SIMTIME_EXP;
}
var INT64_MAX4 = 2n ** 63n - 1n;
var INT64_MIN3 = -(2n ** 63n);
function simtimeToRaw(t, exp) {
  const decimals = -exp;
  const negative = t.charCodeAt(0) === 45;
  const first = t.charCodeAt(negative ? 1 : 0);
  if (first < 48 || first > 57) return void 0;
  const dot = t.indexOf(".");
  const fracDigits = dot < 0 ? 0 : t.length - dot - 1;
  if (fracDigits > decimals) return void 0;
  const intDigits = (dot < 0 ? t.length : dot) - (negative ? 1 : 0);
  if (intDigits + decimals <= 15) {
    const raw2 = Math.round(Number(t) * 10 ** decimals);
    return raw2 === 0 ? 0 : raw2;
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return void 0;
  const digits = dot < 0 ? t : t.slice(0, dot) + t.slice(dot + 1);
  const raw = BigInt(digits) * 10n ** BigInt(decimals - fracDigits);
  return raw > INT64_MAX4 || raw < INT64_MIN3 ? void 0 : raw;
}
function statisticRow(item) {
  const s = item.statistics;
  return {
    isHistogram: item.type === "histogram" ? 1 : 0,
    isWeighted: s.weighted ? 1 : 0,
    statCount: s.count,
    statMean: statisticsMean(s),
    statStddev: statisticsStddev(s),
    statSum: s.weighted ? null : s.sumWeightedValues,
    statSqrsum: s.weighted ? null : s.sumWeightedSquaredValues,
    statMin: s.min,
    statMax: s.max,
    statWeights: s.weighted ? s.sumWeights : null,
    statWeightedSum: s.weighted ? s.sumWeightedValues : null,
    statSqrSumWeights: s.weighted ? s.sumSquaredWeights : null,
    statWeightedSqrSum: s.weighted ? s.sumWeightedSquaredValues : null
  };
}
function histogramBinRows(h) {
  if (h.binEdges.length === 0) return [];
  const rows = [[-Infinity, h.underflows]];
  h.binValues.forEach((v, i) => rows.push([h.binEdges[i] ?? NaN, v]));
  rows.push([h.binEdges[h.binValues.length] ?? NaN, h.overflows]);
  return rows;
}
var VectorSummaryCollector = class {
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  sumSqr = 0;
  startEventNum = -1;
  endEventNum = -1;
  startRaw = 0;
  endRaw = 0;
  collect(eventNumber2, raw, value) {
    if (this.count === 0) {
      this.startEventNum = eventNumber2;
      this.startRaw = raw;
    }
    this.endEventNum = eventNumber2;
    this.endRaw = raw;
    this.count++;
    this.min = this.min < value ? this.min : value;
    this.max = this.max > value ? this.max : value;
    this.sum += value;
    this.sumSqr += value * value;
  }
};

export {
  IniError,
  PatternMatcher,
  parseQuotedString,
  GENERAL,
  DEFAULT_MAX_RUNS,
  IniConfig,
  readIniFiles,
  selectRuns,
  matchesFilter,
  listConfigs,
  query,
  isDiskFull,
  DiskFullError,
  ResultFileError,
  formatG2 as formatG,
  simtimeFromRaw,
  tokenizeLine,
  quoteString2 as quoteString,
  LineSplitter,
  splitLines,
  makeUnweightedStatistics,
  makeWeightedStatistics,
  compareNames,
  sortedMap,
  separateItervarsFromAttrs,
  ScalarFileParser,
  VectorFileParser,
  VectorFileIndexer,
  VectorIndexFileParser,
  fingerprintFromIndexLines,
  resultsFromIndex,
  VectorBlockReader,
  isIndexUpToDate,
  ResultSet,
  CsvRecordsFormatter,
  exportCsvRecords,
  exportJson,
  runSortKey,
  compareRunKeys,
  sortRunsForOutput,
  SQLITE_RESULT_SCHEMA,
  VECTOR_DATA_INDEX,
  simtimeExpOf,
  simtimeToRaw,
  statisticRow,
  histogramBinRows,
  VectorSummaryCollector,
  parseResultFilter,
  planMerge,
  journalColumns,
  resultRunRow,
  parseItervarsText,
  journalOnlyRow,
  previousJournalInfo,
  runsTable,
  formatCsv,
  parseRunsCsv
};
