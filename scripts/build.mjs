// Bundles the action and the CLI into dist/. With --check, builds into a temporary folder
// and fails when the committed dist/ differs (the action runs dist/ as committed).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_ASSETS, reportAssetsModule } from './report-assets.mjs';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'opp-dist-')) : 'dist';

// the report page's inlined assets, a source module the bundle (and the tests) import
const assets = await reportAssetsModule();
const assetsCurrent = existsSync(REPORT_ASSETS) && readFileSync(REPORT_ASSETS, 'utf8') === assets;
if (!check) writeFileSync(REPORT_ASSETS, assets);

const banner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  banner,
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
  if (!assetsCurrent) problems.push(REPORT_ASSETS);
  if (problems.length > 0) {
    console.error(
      `dist/ is out of date (${problems.join(', ')}): run npm run build and commit dist/.`,
    );
    process.exit(1);
  }
  console.log('dist/ matches a fresh build');
}
