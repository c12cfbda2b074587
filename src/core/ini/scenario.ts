// The run enumerator: OMNeT++ 6.1 src/envir/scenario.cc. Variables are ordered so that every
// variable comes after the ones it refers to (first fit, in definition order, after any
// `iteration-nesting-order`); the last variable is the innermost loop. Run N is the Nth
// combination, in that odometer order, that satisfies the constraint.
import { evaluateToBool } from './eval.js';
import type { IterationVariableDef } from './itervars.js';
import { ValueList, ValueSpec } from './value-iterator.js';

const EMPTY = new ValueList([], 0);

export class ScenarioError extends Error {
  constructor(
    message: string,
    /** The iteration variable the error is about, when there is one. */
    readonly variable?: IterationVariableDef,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

interface Var {
  readonly name: string;
  readonly spec: ValueSpec;
  readonly def: IterationVariableDef;
  /** Index (in nesting order) of the variable this one runs in parallel with, or -1. */
  parIndex: number;
}

export class Scenario {
  readonly vars: readonly Var[];
  private readonly index = new Map<string, number>();
  private readonly constraint: string | undefined;
  private readonly vals: ValueList[];
  private readonly pos: number[];
  private readonly resolveFns: ((name: string) => string)[];
  /** Whether variable i's values were ever computed (its iterator restarted). */
  private readonly begun: boolean[];

  constructor(defs: readonly IterationVariableDef[], constraint?: string, nestingSpec?: string) {
    const byName = new Map<string, { def: IterationVariableDef; spec: ValueSpec }>();
    for (const def of defs) {
      let spec: ValueSpec;
      try {
        spec = new ValueSpec(def.value);
      } catch (e) {
        throw new ScenarioError(
          `Cannot parse iteration variable '${def.name}' (${(e as Error).message} in '${def.value}')`,
          def,
        );
      }
      byName.set(def.name, { def, spec });
    }
    for (const { def, spec } of byName.values()) {
      for (const ref of spec.refs)
        if (!byName.has(ref))
          throw new ScenarioError(
            `Undefined variable $${ref}, referenced from the definition of $${def.name} (${def.value})`,
            def,
          );
      if (def.parvar !== '' && !byName.has(def.parvar))
        throw new ScenarioError(
          `Undefined variable $${def.parvar}, referenced from the definition of $${def.name} as parallel variable`,
          def,
        );
    }
    let remaining = resolveNestingOrder(
      defs.map((d) => d.name),
      nestingSpec,
    );
    const ordered: string[] = [];
    while (remaining.length > 0) {
      const pick = remaining.find((name) => {
        const v = byName.get(name);
        if (!v) return false;
        const refs = new Set(v.spec.refs);
        if (v.def.parvar !== '') refs.add(v.def.parvar);
        for (const r of refs) if (remaining.includes(r)) return false;
        return true;
      });
      if (pick === undefined)
        throw new ScenarioError('Cycle detected in iteration variable references');
      ordered.push(pick);
      remaining = remaining.filter((n) => n !== pick);
    }
    this.vars = ordered.map((name, i) => {
      this.index.set(name, i);
      const v = byName.get(name) as { def: IterationVariableDef; spec: ValueSpec };
      return { name, spec: v.spec, def: v.def, parIndex: -1 };
    });
    for (const v of this.vars)
      if (v.def.parvar !== '') v.parIndex = this.index.get(v.def.parvar) ?? -1;
    this.constraint = constraint !== undefined && constraint !== '' ? constraint : undefined;
    this.vals = this.vars.map(() => EMPTY);
    this.pos = this.vars.map(() => 0);
    this.begun = this.vars.map(() => false);
    const resolve = (name: string): string => {
      const i = this.index.get(name);
      if (i === undefined) throw new ScenarioError(`Unknown iteration variable: $${name}`);
      if (!this.begun[i]) {
        // a variable of an inner loop, not started yet: OMNeT++ refuses its value
        const unset = (this.vars[i] as Var).spec.unsetMessage();
        if (unset !== undefined) throw new ScenarioError(unset);
      }
      return this.get(i);
    };
    this.resolveFns = this.vars.map(() => resolve);
  }

  /** Names in nesting order (outermost first): the order `-q runs` prints them in. */
  get names(): string[] {
    return this.vars.map((v) => v.name);
  }

  /** Current value of variable i; '' past the end, as ValueIterator::get(). */
  get(i: number): string {
    const list = this.vals[i];
    const p = this.pos[i] ?? 0;
    return list !== undefined && p < list.length ? list.at(p) : '';
  }

  value(name: string): string {
    const i = this.index.get(name);
    if (i === undefined) throw new ScenarioError(`Unknown iteration variable '${name}'`);
    return this.get(i);
  }

  /** Position of every variable, in nesting order. */
  positions(): readonly number[] {
    return this.pos;
  }

  private restartVar(i: number): boolean {
    const v = this.vars[i] as Var;
    try {
      this.vals[i] = v.spec.list(this.resolveFns[i] as (n: string) => string);
      this.begun[i] = true;
    } catch (e) {
      // (at the line of the variable whose values could not be worked out)
      if (e instanceof ScenarioError)
        throw e.variable !== undefined ? e : new ScenarioError(e.message, v.def);
      throw new ScenarioError((e as Error).message, v.def);
    }
    this.pos[i] = 0;
    return this.vals[i].length > 0;
  }

  private atEnd(i: number): boolean {
    return (this.pos[i] as number) >= (this.vals[i] as ValueList).length;
  }

  /** Positions on the first run; false when there is none. */
  restart(): boolean {
    const n = this.vars.length;
    for (let i = 0; i < n; i++) {
      if (!this.restartVar(i)) {
        if (i === 0 || !this.incOuter(i)) return false;
        --i;
      }
    }
    while (this.constraint !== undefined && !this.holds()) if (!this.inc()) return false;
    return true;
  }

  /** Runs are a plain product of value lists: run n's positions are its digits. */
  get canSeek(): boolean {
    return this.constraint === undefined && this.vars.every((v) => v.spec.isStatic);
  }

  /**
   * Positions on run n directly (the odometer's digits, innermost fastest); false when the
   * scenario cannot seek or has no run n.
   */
  seek(n: number): boolean {
    if (!this.canSeek) return false;
    const count = this.quickCount() as number;
    if (n >= count) return false;
    for (let i = 0; i < this.vars.length; i++) this.restartVar(i);
    let rest = n;
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if ((this.vars[i] as Var).parIndex !== -1) continue;
      const length = (this.vals[i] as ValueList).length;
      this.pos[i] = rest % length;
      rest = Math.floor(rest / length);
    }
    for (let j = 0; j < this.vars.length; j++) {
      const v = this.vars[j] as Var;
      if (v.parIndex !== -1) this.pos[j] = this.pos[v.parIndex] as number;
    }
    return true;
  }

  /** Moves to the next run; false when there is none. */
  next(): boolean {
    if (!this.inc()) return false;
    while (this.constraint !== undefined && !this.holds()) if (!this.inc()) return false;
    return true;
  }

  private inc(): boolean {
    return this.incOuter(this.vars.length);
  }

  private incOuter(n: number): boolean {
    let i = n - 1;
    for (; i >= 0; i--) {
      if ((this.vars[i] as Var).parIndex === -1) {
        if (!this.atEnd(i)) this.pos[i] = (this.pos[i] as number) + 1;
        if (!this.atEnd(i)) break;
      }
    }
    if (i < 0) return false;
    for (let j = i + 1; j < this.vars.length; j++) {
      const v = this.vars[j] as Var;
      if (v.parIndex !== -1) {
        const p = this.pos[v.parIndex] as number;
        this.restartVar(j);
        if (p >= (this.vals[j] as ValueList).length)
          throw new ScenarioError(
            `Parallel iterator \${...!${v.def.parvar}} does not have enough values`,
            v.def,
          );
        this.pos[j] = p;
      } else if (!this.restartVar(j)) {
        if (j === 0 || !this.incOuter(j)) return false;
        --j;
      }
    }
    return true;
  }

  private holds(): boolean {
    const text = this.constraint as string;
    try {
      return evaluateToBool(text, this.resolveFns[0] as (name: string) => string);
    } catch (e) {
      throw new ScenarioError(`Cannot evaluate constraint expression: ${(e as Error).message}`);
    }
  }

  /**
   * The number of runs. Without a constraint and with no variable depending on another, this
   * is a product of list lengths and costs nothing; without a constraint, the values of only
   * the variables others depend on are visited; otherwise runs are stepped through (never
   * stored). `limit` stops counting early: the result is then Infinity (more than `limit`).
   */
  count(limit = Number.MAX_SAFE_INTEGER): number {
    const quick = this.quickCount();
    if (quick !== undefined) return quick;
    if (this.constraint === undefined && this.vars.every((v) => v.parIndex === -1))
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
  private nestedCount(i: number, limit: number): number {
    if (i === this.vars.length) return 1;
    if (!this.restartVar(i)) return 0;
    const length = (this.vals[i] as ValueList).length;
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
  private isReferenced(i: number): boolean {
    const name = (this.vars[i] as Var).name;
    return this.vars
      .slice(i + 1)
      .some((v) => v.spec.text.includes(`$${name}`) || v.spec.text.includes(`\${${name}`));
  }

  /** The product of list lengths: no value is computed, however long the lists. */
  private quickCount(): number | undefined {
    if (this.constraint !== undefined || this.vars.some((v) => !v.spec.isStatic)) return undefined;
    const lengths = this.vars.map((v) => {
      try {
        return v.spec.list(() => '').length;
      } catch (e) {
        throw new ScenarioError((e as Error).message, v.def);
      }
    });
    if (lengths.some((l) => l === 0)) return 0;
    let product = 1;
    this.vars.forEach((v, i) => {
      if (v.parIndex !== -1) {
        let root = v.parIndex;
        while ((this.vars[root] as Var).parIndex !== -1) root = (this.vars[root] as Var).parIndex;
        if ((lengths[i] as number) < (lengths[root] as number))
          throw new ScenarioError(
            `Parallel iterator \${...!${v.def.parvar}} does not have enough values`,
            v.def,
          );
      } else {
        product *= lengths[i] as number;
      }
    });
    return product;
  }

  /** `$a=1, $b=x` of the current run, in nesting order (Scenario::str()). */
  describe(): string {
    let s = '';
    for (let i = 0; i < this.vars.length; i++)
      s += (i > 0 ? ', $' : '$') + (this.vars[i] as Var).name + '=' + this.get(i);
    return s;
  }
}

function resolveNestingOrder(names: readonly string[], spec: string | undefined): string[] {
  const ordered = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of ordered)
    if (n !== '*' && !names.includes(n))
      throw new ScenarioError(
        `Undefined variable $${n} specified as part of the iteration variable nesting order`,
      );
  if (ordered.filter((n) => n === '*').length > 1)
    throw new ScenarioError("Iteration variable nesting order may only contain one '*'");
  let at = ordered.indexOf('*');
  if (at !== -1) ordered.splice(at, 1);
  else at = ordered.length;
  for (const n of names) if (!ordered.includes(n)) ordered.splice(at++, 0, n);
  return ordered;
}
