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
  root?: {
    readonly references: readonly string[];
    readonly source: string;
    /** The model's project name (its .project's, else its folder's). */
    readonly name?: string;
  },
  /** False when there is no campaign file: the projects are the model's .project's. */
  campaignFile = true,
): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const declared = nodes.map((n) => n.name).join(', ') || 'none';
  /** The model's way to `to` through the projects' references (`model -> a -> to`). */
  const pathFromModel = (to: string): string[] => {
    const from = new Map<string, string | undefined>();
    const queue = (root?.references ?? []).filter((r) => byName.has(r));
    for (const r of queue) if (!from.has(r)) from.set(r, undefined);
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i] as string;
      if (n === to) break;
      for (const r of byName.get(n)?.references ?? [])
        if (byName.has(r) && !from.has(r)) {
          from.set(r, n);
          queue.push(r);
        }
    }
    if (!from.has(to)) return [to];
    const path = [to];
    for (let n = from.get(to); n !== undefined; n = from.get(n)) path.unshift(n);
    return path;
  };
  const check = (refs: readonly string[], source: string): void => {
    for (const r of refs) {
      if (byName.has(r)) continue;
      if (root?.name !== undefined && r === root.name) {
        const via = nodes.find((n) => n.source === source)?.name;
        const cycle = via ? [root.name, ...pathFromModel(via), root.name] : [root.name, root.name];
        throw new ProjectGraphError(
          `${source} references project '${r}', the model itself: a cycle through the model (${cycle.join(' -> ')}; see ${root.source}): a project the model uses cannot use the model; remove the reference from ${source}`,
        );
      }
      throw new ProjectGraphError(
        campaignFile
          ? `${source} references project '${r}', which the campaign file does not declare under 'projects' (declared: ${declared})`
          : `${source} references project '${r}', which is not among the model's referenced projects (${declared}, from ${root?.source ?? "the model's .project"}; there is no campaign file): declare it under 'projects' in a campaign file`,
      );
    }
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
