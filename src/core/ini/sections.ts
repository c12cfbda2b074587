// Section inheritance: `extends` with several bases, linearised with C3 exactly as OMNeT++ 6.1's
// SectionBasedConfiguration::computeSectionChain does (what `-q sectioninheritance` prints).
import { IniError } from './errors.js';
import type { IniDocument, IniEntry, IniSection } from './reader.js';
import { isAlnumExt, isAlphaExt } from './text.js';

export const GENERAL = 'General';

export class SectionGraph {
  private readonly byName = new Map<string, number>();
  private readonly chains = new Map<number, number[]>();

  constructor(readonly doc: IniDocument) {
    doc.sections.forEach((s, i) => this.byName.set(s.name, i));
  }

  sectionIndex(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  section(index: number): IniSection {
    const s = this.doc.sections[index];
    if (!s) throw new Error(`section index ${index} out of range`);
    return s;
  }

  /** The fallback chain of a config, most specific first; [] for an implicit, absent [General]. */
  chain(configName: string): number[] {
    const id = this.sectionIndex(configName);
    if (id === -1) {
      if (configName === GENERAL) return [];
      throw new IniError(`No such config: ${configName}`);
    }
    return this.chainOf(id);
  }

  chainNames(configName: string): string[] {
    return this.chain(configName).map((i) => this.section(i).name);
  }

  private chainOf(id: number): number[] {
    let c = this.chains.get(id);
    if (!c) {
      c = this.computeChain(id);
      this.chains.set(id, c);
    }
    return c;
  }

  private baseIds(id: number): number[] {
    const general = this.sectionIndex(GENERAL);
    if (id === general) return [];
    const extendsValue = findEntry(this.section(id), 'extends')?.value ?? '';
    if (extendsValue === '') return general === -1 ? [] : [general];
    return splitNames(extendsValue).map((name) => {
      const base = this.sectionIndex(name);
      if (base === -1)
        throw new IniError(
          `Section not found: ${name}`,
          entryLocation(this.section(id), 'extends'),
        );
      return base;
    });
  }

  private computeChain(id: number): number[] {
    const bases = this.baseIds(id);
    const lists = bases.map((b) => [...this.chainOf(b)]);
    lists.push([...bases]);
    const result = [id];
    while (lists.some((l) => l.length > 0)) {
      const next = selectNext(lists);
      if (next === undefined)
        throw new IniError(
          `Detected section fallback chain inconsistency at [${this.section(id).name}]`,
          { file: this.section(id).file, line: this.section(id).line },
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
  validate(): void {
    const sections = this.doc.sections;
    for (const s of sections) {
      const at = { file: s.file, line: s.line };
      if (s.name.includes(' '))
        throw new IniError(`Invalid section name [${s.name}]: It may not contain spaces`, at);
      if (!isAlphaExt(s.name[0]) && s.name[0] !== '_')
        throw new IniError(
          `Invalid section name [${s.name}]: Must begin with a letter or underscore`,
          at,
        );
      for (const c of s.name)
        if (!isAlnumExt(c) && !'-_@'.includes(c))
          throw new IniError(
            `Invalid section name [${s.name}]: Contains illegal character '${c}'`,
            at,
          );
    }
    const edges: number[][] = sections.map(() => []);
    sections.forEach((s, i) => {
      for (const e of s.entries) {
        if (e.key !== 'extends') continue;
        if (s.name === GENERAL)
          throw new IniError('The [General] section cannot extend other sections', e);
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
        entryLocation(s, 'extends'),
      );
    }
    sections.forEach((_, i) => this.chainOf(i));
  }
}

export function findEntry(section: IniSection, key: string): IniEntry | undefined {
  return section.entries.find((e) => e.key === key);
}

function entryLocation(section: IniSection, key: string): { file: string; line: number } {
  return findEntry(section, key) ?? { file: section.file, line: section.line };
}

/** `extends` lists names separated by commas, spaces or tabs. */
function splitNames(value: string): string[] {
  return value.split(/[, \t]+/).filter((n) => n !== '');
}

/** C3: the first head (in local precedence order) that appears in no list's tail. */
function selectNext(lists: number[][]): number | undefined {
  for (const l of lists) {
    const candidate = l[0];
    if (candidate === undefined) continue;
    if (!lists.some((other) => other.indexOf(candidate, 1) !== -1)) return candidate;
  }
  return undefined;
}

function findCycle(edges: number[][]): number {
  const color = edges.map(() => 0);
  const visit = (n: number): boolean => {
    color[n] = 1;
    for (const m of edges[n] ?? []) if (color[m] === 1 || (color[m] === 0 && visit(m))) return true;
    color[n] = 2;
    return false;
  };
  for (let i = 0; i < edges.length; i++) if (color[i] === 0 && visit(i)) return i;
  return -1;
}
