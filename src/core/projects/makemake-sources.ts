// Whether a Makefile opp_makemake wrote still lists the sources of its tree. Its OBJS, MSGFILES
// and SMFILES are fixed when it is written: a .cc or .msg added since is never compiled (the
// link fails, "undefined reference"), one deleted since stops make ("No rule to make target").
// The IDE writes its Makefiles again at every build; opp-campaign does when the sources found
// (as opp_makemake finds them, OMNeT++ 6.1's bin/opp_makemake) differ from those listed, with the
// command line the Makefile's header records (`# This file was generated with the command:`).
// Pure: the adapter (adapters/makemake-refresh.ts) lists the folders.

/** What of opp_makemake's options says which folders and files it takes. */
export interface MakemakeTree {
  /** The options as recorded, `-f` added when missing (it refuses to overwrite without). */
  readonly args: readonly string[];
  /** --deep: every folder below, else the Makefile's folder alone. */
  readonly deep: boolean;
  /** -X and -d folders (relative paths, or glob patterns, from the Makefile's folder). */
  readonly except: readonly string[];
  /** -O: the output folder, relative to the project's root (default `out`). */
  readonly outDir: string;
  /** -P: the project's root, when given. */
  readonly projectDir: string | undefined;
  /** -e: cc or cpp, when given. */
  readonly ext: string | undefined;
}

/** A folder of the source tree (`.` for the Makefile's own, else a relative path) and its files. */
export interface SourceFolder {
  readonly path: string;
  readonly files: readonly string[];
}

/** The options the Makefile was generated with, from its header; undefined when it has none. */
export function generatedWith(text: string): MakemakeTree | undefined {
  const m = /^#\s*This file was generated with the command:\s*\n#\s*opp_makemake\b(.*)$/m.exec(
    text,
  );
  if (m === null) return undefined;
  const args = (m[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((a) => a !== '');
  let deep = false;
  const except: string[] = [];
  let outDir = 'out';
  let projectDir: string | undefined;
  let ext: string | undefined;
  // argparse's ways of giving a value: `-X dir`, `-Xdir`, `--except dir`, `--except=dir`
  const valued: Record<string, string> = {
    '-X': 'X',
    '--except': 'X',
    '-d': 'X',
    '--subdir': 'X',
    '-O': 'O',
    '--out': 'O',
    '-P': 'P',
    '--projectdir': 'P',
    '-e': 'e',
    '--ext': 'e',
  };
  const take = (which: string, value: string): void => {
    if (which === 'X') except.push(value);
    else if (which === 'O') outDir = value;
    else if (which === 'P') projectDir = value;
    else ext = value;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--deep') deep = true;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const which = valued[name];
    if (which !== undefined) {
      if (name !== a) take(which, a.slice(eq + 1));
      else if (i + 1 < args.length) take(which, args[++i] as string);
      continue;
    }
    const short = valued[a.slice(0, 2)];
    if (short !== undefined && !a.startsWith('--') && a.length > 2) take(short, a.slice(2));
  }
  const forced = args.includes('-f') || args.includes('--force');
  return {
    args: forced ? args : ['-f', ...args],
    deep,
    except,
    outDir,
    projectDir,
    ext,
  };
}

/** The words of a variable of the Makefile (continued lines joined, quotes taken off). */
function variableWords(text: string, name: string): string[] | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^${name}\\s*=`).test(l));
  if (at < 0) return undefined;
  let value = (lines[at] as string).replace(new RegExp(`^${name}\\s*=`), '');
  for (let i = at + 1; /\\\s*$/.test(value) && i < lines.length; i++)
    value = value.replace(/\\\s*$/, ' ') + (lines[i] as string);
  const words = value.match(/"[^"]*"|\S+/g) ?? [];
  return words.filter((w) => w !== '\\').map((w) => w.replace(/^"(.*)"$/, '$1'));
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

/**
 * Whether the sources opp_makemake would list now differ from those the Makefile lists (a
 * source added, deleted or renamed since it was written). `folders`: the source tree as
 * opp_makemake walks it (see MakemakeTree).
 */
export function sourcesChanged(
  text: string,
  tree: MakemakeTree,
  folders: readonly SourceFolder[],
): boolean {
  const of = (suffix: string): string[] =>
    folders.flatMap((f) =>
      f.files
        .filter((n) => n.endsWith(suffix) && !n.startsWith('.'))
        .map((n) => (f.path === '.' ? n : `${f.path}/${n}`)),
    );
  const cc = of('.cc');
  const cpp = of('.cpp');
  // as opp_makemake picks: -e, else the only kind there; with both (opp_makemake refuses
  // then, unless -e) the Makefile was written when there was one kind: most likely .cc
  const ext = tree.ext ?? (cc.length === 0 && cpp.length > 0 ? 'cpp' : 'cc');
  const generated = (f: string): boolean => f.endsWith(`_m.${ext}`) || f.endsWith(`_sm.${ext}`);
  const msg = of('.msg');
  const sm = of('.sm');
  const objs = [
    ...(ext === 'cpp' ? cpp : cc).filter((f) => !generated(f)).map((f) => f.replace(/\.\w+$/, '')),
    ...msg.map((f) => `${f.replace(/\.msg$/, '')}_m`),
    ...sm.map((f) => `${f.replace(/\.sm$/, '')}_sm`),
  ].map((f) => `$O/${f}.o`);
  const same = (name: string, expected: readonly string[]): boolean =>
    sorted(variableWords(text, name) ?? []).join('\0') === sorted(expected).join('\0');
  return !(same('OBJS', objs) && same('MSGFILES', msg) && same('SMFILES', sm));
}
