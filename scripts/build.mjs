// Bundles the action and the CLI into dist/. With --check, builds into a temporary folder
// and fails when the committed dist/ differs (the action runs dist/ as committed).
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'opp-dist-')) : 'dist';

const banner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  external: ['better-sqlite3'],
  legalComments: 'none',
  logLevel: 'warning',
});

if (check) {
  const fresh = readdirSync(outdir).sort();
  const committed = existsSync('dist') ? readdirSync('dist').sort() : [];
  const problems = [];
  for (const f of new Set([...fresh, ...committed])) {
    const a = existsSync(join(outdir, f)) ? readFileSync(join(outdir, f)) : null;
    const b = existsSync(join('dist', f)) ? readFileSync(join('dist', f)) : null;
    if (!a || !b || !a.equals(b)) problems.push(f);
  }
  rmSync(outdir, { recursive: true, force: true });
  if (problems.length > 0) {
    console.error(
      `dist/ is out of date (${problems.join(', ')}): run npm run build and commit dist/.`,
    );
    process.exit(1);
  }
  console.log('dist/ matches a fresh build');
}
