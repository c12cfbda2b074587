// `opp-campaign plan` against a live opp_run: for every ini file of every sample OMNeT++ ships,
// `-a`, and for each of its configs `-q runs` and `-q numruns`, print byte for byte what
// `opp_run -s` prints, with the same exit status. One difference is on purpose: a key this
// opp_run does not know as an option (akaroa.ini's `**.with-akaroa`, which an OMNeT++ built
// with Akaroa registers) is a warning for plan, with opp_run's own words, since a model or build
// may register it (src/app/preflight.ts); there plan must print what opp_run prints for the
// same ini without that key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { IniConfig, readIniFiles } from '../../src/core/ini/index.js';
import { optionErrorKey } from '../../src/core/ini/option-names.js';
import { overOmnetppRunLimit } from '../../src/core/plan/omnetpp-run-limit.js';
import { runCli } from '../helpers/cli.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

interface Said {
  readonly stdout: string;
  readonly code: number;
  readonly error: string | undefined;
}

function oppRun(args: string[], cwd: string): Said {
  const r = spawnSync('opp_run', ['-s', ...args], { cwd, env: theOmnetpp().env, encoding: 'utf8' });
  return { stdout: r.stdout, code: r.status ?? -1, error: /<!> Error: (.*)/.exec(r.stderr)?.[1] };
}

function sampleInis(root: string): string[] {
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ini'))
    .map((f) => join(root, f))
    .sort();
}

/**
 * Where opp_run answers for this ini: its own folder, or, when opp_run refuses keys it does
 * not know as options, a copy of that folder whose ini lacks those lines. Also the keys.
 */
function baselineFor(dir: string, file: string): { cwd: string; refused: string[] } {
  const refused: string[] = [];
  let cwd = dir;
  for (;;) {
    const key = optionErrorKey(oppRun(['-f', file, '-a'], cwd).error ?? '');
    if (key === undefined) return { cwd, refused };
    refused.push(key);
    if (cwd === dir) {
      cwd = join(mkdtempSync(join(tmpdir(), 'opp-plan-baseline-')), 'sample');
      cpSync(dir, cwd, { recursive: true });
    }
    const text = readFileSync(join(cwd, file), 'utf8');
    const keyLine = new RegExp(
      `^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=.*\\n?`,
      'm',
    );
    assert.match(text, keyLine, `${file}: the line of ${key}`);
    writeFileSync(join(cwd, file), text.replace(keyLine, ''));
  }
}

test(
  'plan prints what opp_run -s prints for every config of every sample ini',
  { skip },
  async () => {
    const samples = join(theOmnetpp().root, 'samples');
    const inis = sampleInis(samples);
    assert.ok(inis.length >= 6, `sample ini files: ${inis.join(', ')}`);
    let configs = 0;
    const warned: string[] = [];
    for (const ini of inis) {
      const dir = dirname(ini);
      const file = relative(dir, ini);
      const name = relative(samples, ini);
      const { cwd, refused } = baselineFor(dir, file);
      const same = async (args: string[], what: string): Promise<string> => {
        const want = oppRun(['-f', file, ...args], cwd);
        const got = await runCli(['plan', '-f', file, ...args], dir);
        assert.equal(got.stdout, want.stdout, `${name} ${what}: stdout`);
        assert.equal(got.code, want.code, `${name} ${what}: exit status (opp_run: ${want.error})`);
        for (const key of refused) {
          assert.match(got.stderr, new RegExp(`warning: ${file}:\\d+: .* in ${escape(key)}\\n`));
          warned.push(`${name}: ${key}`);
        }
        return want.stdout;
      };
      const all = await same(['-a'], '-a');
      for (const m of all.matchAll(/^Config (\S+): \d+$/gm)) {
        const config = m[1] as string;
        await same(['-c', config, '-q', 'runs'], `-c ${config} -q runs`);
        await same(['-c', config, '-q', 'numruns'], `-c ${config} -q numruns`);
        configs++;
      }
    }
    assert.ok(configs >= 50, `${configs} configs compared`);
    // the one such key among the samples; another one would deserve a look
    assert.deepEqual([...new Set(warned)], ['aloha/akaroa.ini: **.with-akaroa']);
  },
);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test(
  "OMNeT++'s limit of runs per config is where `run` and the plan job refuse a config",
  { skip },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-limit-'));
    const text =
      '[General]\nnetwork = Net\n[Config A]\n**.x = ${x=1..1000001}\n[Config B]\n**.x = ${x=1..1000002}\n';
    writeFileSync(join(dir, 'omnetpp.ini'), text);
    // opp_run counts A's runs, and gives up on B's (as it does before it runs any run of B)
    assert.deepEqual(oppRun(['-c', 'A', '-q', 'numruns'], dir), {
      stdout: '1000001\n',
      code: 0,
      error: undefined,
    });
    const b = oppRun(['-c', 'B', '-q', 'numruns'], dir);
    assert.equal(b.code, 1);
    assert.match(b.error ?? '', /Are you sure you want to generate more than one million runs\?/);
    const ini = new IniConfig(readIniFiles(['omnetpp.ini'], () => text));
    assert.equal(overOmnetppRunLimit(ini, ['A']), undefined);
    assert.match(overOmnetppRunLimit(ini, ['A', 'B'])?.message ?? '', /^config B has 1000002 runs/);
  },
);
