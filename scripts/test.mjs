// Runs every test/**/*.test.ts file with Node's test runner (tsx loads TypeScript).
// A test that hangs fails after 5 minutes instead of blocking the run.
// Two test files run at once (Node's default is one fewer than the cores: one on 2 cores): most
// tests wait on child processes, so the suite takes less time; `--test-concurrency=1` for one.
// Arguments narrow the set: `npm test -- ini` runs the files whose path contains "ini".
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = readdirSync('test', { recursive: true })
  .map((f) => `test/${f}`)
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/fixtures/'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-timeout=300000',
    ...(flags.some((f) => f.startsWith('--test-concurrency')) ? [] : ['--test-concurrency=2']),
    ...flags,
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
