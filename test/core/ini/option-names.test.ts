// Option names checked as OMNeT++ 6.1 checks them; where OMNeT++ is installed, against it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIniFiles } from '../../../src/core/ini/index.js';
import {
  checkOptionNames,
  omnetppOptionTable,
  OptionNameError,
  OptionTable,
  optionErrorKey,
  parseOptionList,
} from '../../../src/core/ini/option-names.js';
import { OMNETPP_OPTIONS } from '../../../src/core/ini/omnetpp-options.generated.js';
import { needsOmnetpp, theOmnetpp } from '../../helpers/omnetpp.js';
import { liveOptionList } from '../../../scripts/omnetpp-options.js';

const doc = (text: string) => readIniFiles(['omnetpp.ini'], () => text);

/** Keys and what OMNeT++ 6.1 says about them (null: accepted). */
const CASES: ReadonlyArray<readonly [string, string, string | null]> = [
  ['General', 'sim-time-limt = 10s', 'Unknown configuration option: sim-time-limt'],
  ['General', 'sim-time-limit = 10s', null],
  ['General', 'cmdenv-express-mod = true', 'Unknown configuration option: cmdenv-express-mod'],
  ['General', 'qtenv-default-config = X', null], // no Qtenv here: ignored, as opp_run does
  ['General', 'seed-1-mt = 7', null],
  ['General', 'seed-x-mt = 7', 'Unknown configuration option: seed-x-mt'],
  [
    'General',
    'vector-recording = false',
    'Configuration option vector-recording should be specified per object, try **.vector-recording=',
  ],
  [
    'Config B',
    'ned-path = .',
    'Configuration option ned-path may only occur in the [General] section',
  ],
  ['General', '**.vector-recording = false', null],
  [
    'General',
    '**.vector-recordin = false',
    "Unknown per-object configuration option 'vector-recordin' in **.vector-recordin",
  ],
  [
    'Config B',
    'Aloha.host[*].radio-state.scalar-recordin = false',
    "Unknown per-object configuration option 'scalar-recordin' in Aloha.host[*].radio-state.scalar-recordin",
  ],
  [
    'General',
    '**.sim-time-limit = 3s',
    "Unknown per-object configuration option 'sim-time-limit' in **.sim-time-limit",
  ],
  ['General', '**.rng-0 = 1', null],
  ['General', 'Aloha.numHostz = 3', null], // a parameter: not an option
  ['General', 'Aloha.host[0..3].iaTime = 1s', null],
  [
    'General',
    '**.host{0..3}.x-y = 1',
    "Unknown per-object configuration option 'x-y' in **.host{0..3}.x-y",
  ],
  ['General', '**.host{0..3}.numHosts = 1', null],
  // `**` after the last dot: the part after the last `**` is the name
  ['General', 'Aloha.**x-y = 1', "Unknown per-object configuration option '*x-y' in Aloha.**x-y"],
  ['General', 'Aloha.**numHosts = 1', null],
];

const iniOf = (section: string, line: string): string =>
  `[General]\nnetwork = Aloha\n${section === 'General' ? '' : `[${section}]\n`}${line}\n`;

test('option names: what OMNeT++ 6.1 refuses, at file and line', () => {
  const table = omnetppOptionTable();
  for (const [section, line, expected] of CASES) {
    const problems = checkOptionNames(doc(iniOf(section, line)), table);
    assert.deepEqual(
      problems.map((p) => p.message),
      expected === null ? [] : [expected],
      line,
    );
    if (expected !== null) assert.equal(optionErrorKey(expected), line.split(' = ')[0], line);
  }
  const all = checkOptionNames(
    doc('[General]\nnetwork = N\nsim-time-limt = 1s\n\n[Config A]\n**.x-y = 1\nrepeat = 2\n'),
    table,
  );
  assert.deepEqual(
    all.map((p) => `${p.location.file}:${p.location.line}: ${p.message}`),
    [
      'omnetpp.ini:3: Unknown configuration option: sim-time-limt',
      "omnetpp.ini:6: Unknown per-object configuration option 'x-y' in **.x-y",
    ],
  );
  assert.equal(
    new OptionNameError(all).describe(),
    "omnetpp.ini:3: Unknown configuration option: sim-time-limt\nomnetpp.ini:6: Unknown per-object configuration option 'x-y' in **.x-y",
  );
});

test("a model's own options count once the table has them", () => {
  const base = OMNETPP_OPTIONS.map(([name, kind]) => ({ name, kind }));
  const ini = doc('[General]\nmy-model-option = 1\n**.my-object-option = 2\n');
  assert.equal(checkOptionNames(ini, new OptionTable(base)).length, 2);
  const withModel = new OptionTable([
    ...base,
    { name: 'my-model-option', kind: 'global' },
    { name: 'my-object-option', kind: 'per-object' },
  ]);
  assert.deepEqual(checkOptionNames(ini, withModel), []);
});

test('the list opp_run -h config prints', () => {
  const text =
    '\n  abstract=<bool>, default:false; per-run setting\n' +
    '  **.bin-recording=<bool>, default:true; per-object setting\n' +
    '  cmdenv-log-prefix=<string>, default:[%l]\t; per-run setting\n' +
    '  seed-%-mt-p%=<int>; per-run setting\n' +
    '  user-interface=<string>; global setting\n';
  assert.deepEqual(parseOptionList(text), [
    { name: 'abstract', kind: 'per-run' },
    { name: 'bin-recording', kind: 'per-object' },
    { name: 'cmdenv-log-prefix', kind: 'per-run' },
    { name: 'seed-%-mt-p%', kind: 'per-run' },
    { name: 'user-interface', kind: 'global' },
  ]);
  const t = new OptionTable(parseOptionList(text));
  assert.equal(t.lookup('seed-2-mt-p10')?.name, 'seed-%-mt-p%');
  assert.equal(t.lookup('seed-2-mt-px'), undefined);
});

describe('against the installed OMNeT++', { skip: needsOmnetpp() }, () => {
  test('the committed table is what opp_run -h config lists', () => {
    const saved = process.env.PATH;
    process.env.PATH = theOmnetpp().path;
    try {
      const live = parseOptionList(liveOptionList()).map((o) => [o.name, o.kind]);
      assert.deepEqual(
        live,
        OMNETPP_OPTIONS,
        'regenerate: node --import tsx scripts/omnetpp-options.ts',
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  test('every case is judged as opp_run judges it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-options-'));
    try {
      for (const [section, line, expected] of CASES) {
        writeFileSync(join(dir, 'omnetpp.ini'), iniOf(section, line));
        const r = spawnSync(
          join(theOmnetpp().bin, 'opp_run'),
          ['-s', '-u', 'Cmdenv', '-c', 'General', '-q', 'sectioninheritance'],
          { cwd: dir, env: theOmnetpp().env, encoding: 'utf8' },
        );
        const said = /<!> Error: (.*)/.exec(r.stderr)?.[1] ?? null;
        assert.equal(said, expected, `${line}: ${r.stdout}${r.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
