// Generates bare git repositories with a long history in a second or two, through
// `git fast-import`: deterministic content (a seeded generator), a commit per step touching a
// few files, so the packed repository is a few MB and its history thousands of commits deep.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

export interface HistoryOptions {
  readonly commits: number;
  readonly files: number;
  /** Size of each file in the first commit. */
  readonly fileBytes: number;
  readonly seed?: number;
}

const WORDS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

function line(next: () => number): string {
  let out = '';
  for (let i = 0; i < 60; i++) out += WORDS[next() % WORDS.length];
  return `  x = "${out}";\n`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

const fileName = (i: number): string => `src/part${i % 8}/file${i}.cc`;

/** Creates a bare repository at `dir` with a `main` branch; returns the head commit. */
export function createLongHistory(dir: string, o: HistoryOptions): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  const next = generator(o.seed ?? 42);
  const contents: string[][] = [];
  const linesPerFile = Math.max(1, Math.round(o.fileBytes / 70));
  for (let i = 0; i < o.files; i++)
    contents.push(Array.from({ length: linesPerFile }, () => line(next)));
  const parts: string[] = [];
  const when = 1_700_000_000;
  for (let c = 0; c < o.commits; c++) {
    parts.push(
      'commit refs/heads/main\n',
      `committer Gen <gen@example.com> ${when + c * 60} +0000\n`,
      data(`commit ${c}`),
    );
    if (c === 0) {
      parts.push(`M 100644 inline README\n${data('long history\n')}`);
      for (let i = 0; i < o.files; i++)
        parts.push(`M 100644 inline ${fileName(i)}\n${data(contents[i]!.join(''))}`);
    } else {
      for (let k = 0; k < 3; k++) {
        const i = next() % o.files;
        const lines = contents[i]!;
        lines[next() % lines.length] = line(next);
        parts.push(`M 100644 inline ${fileName(i)}\n${data(lines.join(''))}`);
      }
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  // fast-import deltifies little; a repack makes the repository as compact as a real one
  execFileSync('git', ['repack', '-adfq', '--window=10', '--depth=50'], { cwd: dir });
  return head(dir);
}

export function head(dir: string, ref = 'refs/heads/main'): string {
  return execFileSync('git', ['rev-parse', '--verify', '-q', ref], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString()
    .trim();
}

export interface Change {
  readonly path: string;
  /** New content; a string for a file, `{ gitlink }` for a submodule commit. */
  readonly content: string | { readonly gitlink: string };
}

/** Adds one commit to `ref` of the bare repository `dir` (created when missing). */
export function addCommit(
  dir: string,
  changes: readonly Change[],
  message = 'change',
  ref = 'refs/heads/main',
): string {
  if (!existsSync(dir)) execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  let parent: string | undefined;
  try {
    parent = head(dir, ref);
  } catch {
    parent = undefined;
  }
  const parts = [
    `commit ${ref}\n`,
    `committer Gen <gen@example.com> ${1_800_000_000 + Math.floor(Math.random() * 1000)} +0000\n`,
    data(message),
    ...(parent ? [`from ${parent}\n`] : []),
  ];
  for (const ch of changes)
    parts.push(
      typeof ch.content === 'string'
        ? `M 100644 inline ${ch.path}\n${data(ch.content)}`
        : `M 160000 ${ch.content.gitlink} ${ch.path}\n`,
    );
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  return head(dir, ref);
}
