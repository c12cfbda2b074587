// What `uses: owner/opp-campaign@TAG` runs: the tagged tree, without node_modules, on node24.
// Every dependency must be inside the bundle, and none may be a native addon (the runner's
// Node ABI is not ours, and nothing is installed at the tag).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actionCopy, actionNode } from '../helpers/action-copy.js';
import { REPO } from '../helpers/project.js';

test('the release copy runs on Node 24 with no node_modules', () => {
  const copy = actionCopy();
  assert.ok(!existsSync(join(copy, 'node_modules')));
  const action = parse(readFileSync(join(copy, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
  };
  assert.equal(action.runs.using, 'node24');
  assert.ok(existsSync(join(copy, action.runs.main)), action.runs.main);
  const node = actionNode();
  const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout;
  assert.ok(Number(version.split('.')[0]) >= 24, version);
  // the CLI bundle as well: `npm pack` ships dist/ and bin/ only
  const cli = spawnSync(node, [join(copy, 'bin', 'opp-campaign'), '--version'], {
    cwd: copy,
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
});

test('no dependency is a native addon or builds from source at npm ci', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean; dev?: boolean; optional?: boolean }>;
  };
  const scripted = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript === true)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  // esbuild's install script only checks its prebuilt binary (a registry package)
  assert.deepEqual(scripted, ['esbuild']);
  const native: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const pkg = join(dir, name);
      if (name.startsWith('@')) {
        visit(pkg);
        continue;
      }
      if (existsSync(join(pkg, 'binding.gyp'))) native.push(name);
      if (existsSync(join(pkg, 'node_modules'))) visit(join(pkg, 'node_modules'));
    }
  };
  visit(join(REPO, 'node_modules'));
  assert.deepEqual(native, []);
  // the bundles carry every library, so `npm install` of the packed CLI installs nothing else
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
});

test('npm pack ships the CLI with what its help and the README point to: the workflows, the runner image, the license', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const [packed] = JSON.parse(r.stdout) as [{ files: { path: string }[] }];
  const paths = packed.files.map((f) => f.path);
  for (const p of [
    'bin/opp-campaign',
    'dist/cli.js',
    'action.yml',
    'LICENSE',
    'workflows/campaign.yml',
    'workflows/campaign-comment.yml',
    'runner-image/README.md',
    'runner-image/Dockerfile',
  ])
    assert.ok(paths.includes(p), `${p} is in the package`);
  assert.ok(
    !paths.some((p) => p.startsWith('src/') || p.startsWith('test/')),
    'no sources or tests',
  );
});
