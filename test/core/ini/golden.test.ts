// Every case OMNeT++ 6.1 recorded in test/fixtures/omnetpp-6.1 (copied from shared/omnetpp-6.1):
// `opp-campaign plan` must print what `opp_run -s` printed, and fail where it failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../../fixtures/omnetpp-6.1');
const INI = join(ROOT, 'ini');

interface Golden {
  stdout: string[];
  error: string | undefined;
  exit: number;
}

/** Splits a recorded file into stdout lines, the `<!> Error:` message and the exit status. */
function readGolden(text: string): Golden {
  const lines = text.replace(/\n$/, '').split('\n');
  const exitLine = lines.pop() ?? '';
  const exit = Number(/^exit=(\d+)$/.exec(exitLine)?.[1] ?? NaN);
  const errAt = lines.findIndex((l) => l.startsWith('<!> Error: '));
  if (errAt < 0) return { stdout: lines, error: undefined, exit };
  const error = (lines[errAt] as string).slice('<!> Error: '.length);
  // the error starts with a newline: an empty line, or the end of a partial stdout line
  const stdout = lines.slice(0, errAt);
  if (stdout[stdout.length - 1] === '') stdout.pop();
  return { stdout, error, exit };
}

async function check(args: string[], golden: Golden, partialLastLine = false): Promise<void> {
  const r = await runCli(['plan', ...args], INI);
  const expected = partialLastLine ? golden.stdout.slice(0, -1) : golden.stdout;
  if (golden.error === undefined) {
    assert.equal(r.stderr, '', `stderr of ${args.join(' ')}`);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, expected.length ? expected.join('\n') + '\n' : '');
  } else {
    assert.notEqual(r.code, 0, `exit code of ${args.join(' ')}`);
    assert.ok(
      r.stderr.includes(golden.error),
      `stderr of ${args.join(' ')}:\n  got      ${r.stderr}\n  expected ${golden.error}`,
    );
    assert.equal(r.stdout, expected.length ? expected.join('\n') + '\n' : '');
  }
}

const cases = readdirSync(join(ROOT, 'expected'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

for (const name of cases) {
  const dir = join(ROOT, 'expected', name);
  const ini = `${name}.ini`;
  const files = readdirSync(dir).sort();

  test(`${name}: -a`, async () => {
    const g = readGolden(readFileSync(join(dir, '_configs.txt'), 'utf8'));
    // with an error, opp_run had printed "Config X: " without a newline before failing
    await check([ini, '-a'], g, g.error !== undefined);
  });

  for (const f of files) {
    const m = /^(.+)\.(rundetails|sectioninheritance)\.txt$/.exec(f);
    if (!m) continue;
    const [, config, q] = m as unknown as [string, string, string];
    const g = readGolden(readFileSync(join(dir, f), 'utf8'));
    test(`${name}: -c ${config} -q ${q}`, async () => {
      await check([ini, '-c', config, '-q', q], g);
    });
    if (q !== 'rundetails') continue;
    // -q runs prints exactly the `Run N:` lines of rundetails; numruns the count;
    // runnumbers the numbers on one line (shared/omnetpp-6.1/README.md)
    const runLines = g.stdout.filter((l) => l.startsWith('Run '));
    const numbers = runLines.map((l) => /^Run (\d+):/.exec(l)?.[1]);
    test(`${name}: -c ${config} -q runs|numruns|runnumbers`, async () => {
      await check([ini, '-c', config, '-q', 'runs'], { ...g, stdout: g.error ? [] : runLines });
      await check([ini, '-c', config, '-q', 'numruns'], {
        ...g,
        stdout: g.error ? [] : [String(runLines.length)],
      });
      await check([ini, '-c', config, '-q', 'runnumbers'], {
        ...g,
        stdout: g.error ? [] : [numbers.map((n) => ` ${n}`).join('')],
      });
    });
  }
}

test('run filters (_runfilters.txt)', async () => {
  const text = readFileSync(join(ROOT, 'expected', '_runfilters.txt'), 'utf8');
  const blocks = text.split(/^### /m).filter((b) => b.trim() !== '');
  assert.ok(blocks.length >= 10);
  for (const block of blocks) {
    const [header = '', ...rest] = block.split('\n');
    const m = /^(\S+) -c (\S+) -r '(.*)'$/.exec(header);
    assert.ok(m, header);
    const [, ini, config, filter] = m as unknown as [string, string, string, string];
    await check([ini, '-c', config, '-r', filter, '-q', 'runnumbers'], readGolden(rest.join('\n')));
  }
});
