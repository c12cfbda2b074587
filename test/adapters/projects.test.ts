// Referenced projects from git: a URL or ref is never read by git as an option, even one that
// did not come through the campaign file's checks (which refuse a leading '-').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateProject, ProjectSourceError } from '../../src/adapters/projects.js';

for (const [what, source] of [
  ['a URL', (marker: string) => ({ url: `--upload-pack=touch ${marker}`, ref: 'main' })],
  [
    'a ref',
    (marker: string) => ({
      url: 'https://127.0.0.1:9/r.git',
      ref: `--upload-pack=touch ${marker}`,
    }),
  ],
] as const)
  test(`${what} that starts with '-' is no option to git: no command runs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-projects-'));
    try {
      const marker = join(dir, 'pwned');
      await assert.rejects(
        locateProject(
          { name: 'evil', source: { kind: 'git', ...source(marker) }, build: { preset: 'none' } },
          { modelDir: dir, checkoutRoot: join(dir, 'checkouts'), say: () => {} },
        ),
        ProjectSourceError,
      );
      assert.ok(!existsSync(marker), 'git ran the command');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
