// Source sync and build reuse (issue 6): first and incremental checkouts of a generated
// 3,000-commit repository served by git http-backend on 127.0.0.1, the git command line against
// isomorphic-git; and the demo model built cold, built ccache-warm in a fresh folder, and
// downloaded as another runner's build.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '../src/adapters/artifacts/local-store.js';
import { readCampaignFile } from '../src/adapters/campaign-file.js';
import { createGitClient, type GitImplementation } from '../src/adapters/git/index.js';
import { ensureBuild } from '../src/app/ensure-build.js';
import { startGitServer } from '../test/helpers/git-server.js';
import { addCommit, createLongHistory } from '../test/helpers/long-history.js';
import type { CampaignRow } from './campaign.js';
import type { Measurement } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
const TOKEN = 'bench-token';

async function timed<T>(f: () => Promise<T>): Promise<{ m: Measurement; value: T }> {
  const start = process.hrtime.bigint();
  const value = await f();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { m: { seconds, peakMiB: undefined, code: 0, stdoutBytes: 0, stderr: '' }, value };
}

/** Checkout times per git implementation; the command line is "ours" (the default). */
export async function gitRows(): Promise<CampaignRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'opp-bench-git-'));
  const repo = join(root, 'big.git');
  const commits = 3000;
  createLongHistory(repo, { commits, files: 200, fileBytes: 4000 });
  const size = execFileSync('du', ['-sm', repo]).toString().split('\t')[0];
  const server = await startGitServer(root, TOKEN);
  const url = `${server.url}big.git`;
  const figures = new Map<string, { first: Measurement; incr: Measurement; full: Measurement }>();
  const objects = new Map<string, number>();
  try {
    for (const kind of ['cli', 'isomorphic'] as GitImplementation[]) {
      const git = createGitClient(kind);
      const ws = mkdtempSync(join(root, `ws-${kind}-`));
      const tip = addCommit(repo, [{ path: `src/${kind}.cc`, content: 'a\n' }]);
      const req = { url, ref: 'refs/heads/main', token: TOKEN };
      const first = await timed(() => git.ensureCheckout({ ...req, sha: tip, dir: ws }));
      const next = addCommit(repo, [{ path: 'src/part1/file1.cc', content: `${kind}\n` }]);
      const incr = await timed(() => git.ensureCheckout({ ...req, sha: next, dir: ws }));
      objects.set(kind, incr.value.receivedObjects);
      const full = await timed(() =>
        git.ensureCheckout({ ...req, sha: next, dir: mkdtempSync(join(root, 'full-')), depth: 0 }),
      );
      figures.set(kind, { first: first.m, incr: incr.m, full: full.m });
    }
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  const cli = figures.get('cli')!;
  const iso = figures.get('isomorphic')!;
  const base = 'isomorphic-git';
  return [
    {
      name: `git checkout, depth 1 (${commits} commits)`,
      ours: cli.first,
      base: iso.first,
      baseName: base,
      target: `ours: git command line; repository ${size} MB`,
    },
    {
      name: 'git incremental checkout (1 commit)',
      ours: cli.incr,
      base: iso.incr,
      baseName: base,
      target: `objects fetched: ${objects.get('cli')} vs ${objects.get('isomorphic')}`,
    },
    {
      name: `git full clone (${commits} commits)`,
      ours: cli.full,
      base: iso.full,
      baseName: base,
      target: 'for reference (depth 0)',
    },
  ];
}

/** The demo model: cold build, ccache-warm build in a fresh folder, downloaded build. */
export async function buildRows(): Promise<CampaignRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'opp-bench-build-reuse-'));
  const src = join(root, 'src');
  cpSync(join(ROOT, 'examples', 'aloha'), src, {
    recursive: true,
    filter: (p) => !/[/\\](out|results)$/.test(p),
  });
  writeFileSync(join(src, '.gitignore'), 'out/\nresults/\n');
  const g = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
  g(src, 'init', '-q', '-b', 'main');
  g(src, 'add', '-A');
  g(src, '-c', 'user.name=B', '-c', 'user.email=b@example.com', 'commit', '-q', '-m', 'demo');
  const settings = await readCampaignFile(join(src, 'opp-campaign.yml'));
  const ccache = join(root, 'ccache');
  const run = async (name: string, store: LocalArtifactStore) => {
    const ws = join(root, name);
    g(root, 'clone', '-q', src, ws);
    const r = await timed(() =>
      ensureBuild({
        projectDir: ws,
        settings,
        store,
        role: 'shard',
        job: name,
        buildJobDeclared: false,
        ccache: { dir: ccache, baseDir: ws },
        stateDir: join(root, name, '.state'),
        logFile: join(root, `${name}.log`),
        log: () => {},
      }),
    );
    return r;
  };
  try {
    const published = new LocalArtifactStore(join(root, 'store'));
    const cold = await run('cold', published);
    const warm = await run('warm', new LocalArtifactStore(join(root, 'store-empty')));
    const downloaded = await run('downloaded', published);
    if (cold.value.source !== 'built' || downloaded.value.source !== 'downloaded')
      throw new Error('build reuse bench: unexpected build sources');
    const cc = warm.value.build?.ccache;
    return [
      {
        name: 'demo build, ccache-warm, new folder',
        ours: warm.m,
        base: cold.m,
        baseName: 'cold build (empty ccache)',
        target: `ccache ${cc?.hits ?? 0} hits / ${cc?.misses ?? 0} misses`,
      },
      {
        name: 'demo build, downloaded',
        ours: downloaded.m,
        base: cold.m,
        baseName: 'cold build (empty ccache)',
        target: 'no compiler run (another runner built it)',
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
