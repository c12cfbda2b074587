// Bundles the action and the CLI into dist/. With --check, builds into a temporary folder
// and fails when the committed dist/ differs (the action runs dist/ as committed).
import { build } from 'esbuild';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

// a fresh dist/: no chunk of an earlier build is left behind
if (!check) rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  // code shared by the action and the CLI, and each CLI command's own code, in chunks loaded
  // when needed: `opp-campaign run` does not load git, GitHub's API or zip code
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node24',
  format: 'esm',
  banner,
  legalComments: 'none',
  // no indentation or line breaks: smaller files, and generated code is not read as source by
  // line-based tools (names are kept, so stack traces still name functions)
  minifyWhitespace: true,
  logLevel: 'warning',
});

if (check) {
  // every file, in chunks/ too
  const files = (d) =>
    readdirSync(d, { recursive: true }).filter((f) => statSync(join(d, f)).isFile());
  const fresh = files(outdir).sort();
  const committed = existsSync('dist') ? files('dist').sort() : [];
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
