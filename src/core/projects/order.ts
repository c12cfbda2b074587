// The order referenced projects build in: every project after the projects it references.
// References come from each project's .project file (or the campaign file, where a project has
// none); a reference to an undeclared project and a cycle are errors that name the files.

export interface ProjectNode {
  readonly name: string;
  readonly references: readonly string[];
  /** Where the references were read (a .project file, or the campaign file). */
  readonly source: string;
}

export class ProjectGraphError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ProjectGraphError';
  }
}

/**
 * The projects in build order: dependencies first, otherwise in declaration order. `root` is the
 * model's own references (from its .project), which must all be declared too.
 */
export function buildOrder(
  nodes: readonly ProjectNode[],
  root?: { readonly references: readonly string[]; readonly source: string },
): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const declared = nodes.map((n) => n.name).join(', ') || 'none';
  const check = (refs: readonly string[], source: string): void => {
    for (const r of refs)
      if (!byName.has(r))
        throw new ProjectGraphError(
          `${source} references project '${r}', which the campaign file does not declare under 'projects' (declared: ${declared})`,
        );
  };
  if (root) check(root.references, root.source);
  for (const n of nodes) check(n.references, n.source);

  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === 'done') return;
    const node = byName.get(name) as ProjectNode;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const files = [...new Set(cycle.map((n) => byName.get(n)?.source ?? n))];
      throw new ProjectGraphError(
        `referenced projects form a cycle: ${cycle.join(' -> ')} (see ${files.join(', ')})`,
      );
    }
    state.set(name, 'visiting');
    path.push(name);
    for (const r of node.references) visit(r);
    path.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const n of nodes) visit(n.name);
  return order;
}

/** `name` and every project it references, transitively, in build order. */
export function closure(
  nodes: readonly ProjectNode[],
  order: readonly string[],
  name: string,
): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const need = new Set<string>();
  const visit = (n: string): void => {
    if (need.has(n)) return;
    need.add(n);
    for (const r of byName.get(n)?.references ?? []) visit(r);
  };
  visit(name);
  return order.filter((n) => need.has(n));
}
