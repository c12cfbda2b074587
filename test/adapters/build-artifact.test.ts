// A build artifact comes from another job: the files its manifest names are installed into the
// project only from below the artifact and never into a `.git` folder or outside the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalArtifactStore } from '../../src/adapters/artifacts/local-store.js';
import { BuildArtifactError, installBuild, MANIFEST } from '../../src/adapters/build-artifact.js';

const FSMONITOR = '[core]\n\tfsmonitor = "touch pwned"\n';

for (const [what, path, message] of [
  ['a .git folder', '.git/config', /names "\.git\/config": a path into a \.git folder/],
  ['a path with ..', 'x/../../escaped', /names "x\/\.\.\/\.\.\/escaped": a path that leaves/],
] as const)
  test(`a build manifest naming ${what} is refused; nothing is installed`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-build-artifact-'));
    try {
      const store = new LocalArtifactStore(join(root, 'store'));
      const art = join(root, 'store', 'build-1');
      const files = { model: '#!/bin/sh\n', [path]: FSMONITOR };
      for (const [p, data] of Object.entries(files)) {
        mkdirSync(dirname(join(art, p)), { recursive: true });
        writeFileSync(join(art, p), data);
      }
      const manifest = {
        version: 1,
        fingerprint: 'f',
        buildMs: 1,
        files: Object.entries(files).map(([p, data]) => ({
          path: p,
          mode: 0o644,
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
        })),
      };
      mkdirSync(dirname(join(art, MANIFEST)), { recursive: true });
      writeFileSync(join(art, MANIFEST), JSON.stringify(manifest));
      const project = join(root, 'p', 'project');
      mkdirSync(project, { recursive: true });
      await assert.rejects(installBuild(store, 'build-1', project), (e: unknown) => {
        assert.ok(e instanceof BuildArtifactError, String(e));
        assert.match(e.message, message);
        return true;
      });
      assert.deepEqual(readdirSync(project), []);
      assert.ok(!existsSync(join(root, 'escaped')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
