// Just enough XML for OMNeT++'s project files (.project, .oppbuildspec, .oppfeatures): elements
// with attributes and text, comments skipped, entities decoded. Those files are written by the
// IDE or by hand in a fixed shape; a general XML parser would be a dependency for nothing.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Character data directly inside the element (for `<project>NAME</project>`). */
  readonly text: string;
  /** 1-based line of the element's start tag. */
  readonly line: number;
  readonly children: readonly XmlElement[];
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const lineAt = (text: string, index: number): number => {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

const ATTR = /([A-Za-z_:][-\w.:]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/\s*([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/** Parses a document into its root element. Throws XmlError on unbalanced tags. */
export function parseXml(text: string): XmlElement {
  interface Open {
    name: string;
    attrs: Record<string, string>;
    text: string;
    line: number;
    children: XmlElement[];
  }
  const root: Open = { name: '', attrs: {}, text: '', line: 1, children: [] };
  const stack: Open[] = [root];
  let last = 0;
  const top = (): Open => stack[stack.length - 1] ?? root;
  /** Text between tags holds no `<`: one there starts a tag this reader could not read. */
  const between = (from: number, to: number): string => {
    const gap = text.slice(from, to);
    const lt = gap.indexOf('<');
    if (lt >= 0)
      throw new XmlError(
        'not well-formed: a tag that does not end, or an attribute without its closing quote',
        lineAt(text, from + lt),
      );
    return decodeEntities(gap);
  };
  for (const m of text.matchAll(TOKEN)) {
    const index = m.index;
    top().text += between(last, index);
    last = index + m[0].length;
    if (m[1] !== undefined) {
      top().text += m[1];
    } else if (m[2] !== undefined) {
      const open = stack.pop();
      if (!open || open === root || open.name !== m[2])
        throw new XmlError(`unexpected </${m[2]}>`, lineAt(text, index));
      const el: XmlElement = { ...open, text: open.text.trim() };
      top().children.push(el);
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(ATTR))
        attrs[a[1] as string] = decodeEntities(a[3] ?? a[4] ?? '');
      const el: Open = { name: m[3], attrs, text: '', line: lineAt(text, index), children: [] };
      if (m[5] === '/') top().children.push({ ...el, text: '' });
      else stack.push(el);
    }
  }
  between(last, text.length);
  if (stack.length > 1) {
    const open = top();
    throw new XmlError(`<${open.name}> is never closed`, open.line);
  }
  const [first, ...rest] = root.children;
  if (!first || rest.length > 0) throw new XmlError('expected exactly one root element', 1);
  return first;
}

/** The descendants of `el` named `name`, in document order. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}
