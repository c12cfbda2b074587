// Run outcomes of real OMNeT++ 6.1 runs: the aloha sample, built as its README says, run by
// `opp-campaign run` (issue #16).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { buildSample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import type { RunRecord } from '../../src/core/campaign/journal.js';

const CAMPAIGN = 'run: { preset: omnetpp, program: ./aloha }\n';

/**
 * Runs a campaign of the built sample with OMNeT++ on PATH, results in `results/NAME`, with the
 * campaign file `campaignFile`.
 */
async function campaign(dir: string, campaignFile: string, name: string, ...args: string[]) {
  writeFileSync(join(dir, 'opp-campaign.yml'), campaignFile);
  const saved = process.env.PATH;
  process.env.PATH = theOmnetpp().path;
  try {
    const r = await runCli([
      'run',
      dir,
      '--progress',
      'plain',
      '-j',
      '2',
      '--results',
      join('results', name),
      '--ccache-dir',
      join(dir, 'cache'),
      ...args,
    ]);
    return { ...r, records: journal(join(dir, 'results', name)) };
  } finally {
    process.env.PATH = saved;
  }
}

function journal(outDir: string): RunRecord[] {
  let text: string;
  try {
    text = readFileSync(join(outDir, 'journal.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunRecord | { t: 'campaign' })
    .filter((r): r is RunRecord => r.t === 'run')
    .sort((a, b) => a.run - b.run || a.attempt - b.attempt);
}

describe('real OMNeT++ runs of the aloha sample', { skip: needsOmnetpp() }, () => {
  let dir = '';
  before(() => {
    dir = buildSample('aloha');
  });
  after(() => {
    if (dir !== '') rmSync(dirname(dir), { recursive: true, force: true });
  });

  test('runs that write SQLite result files succeed', async () => {
    writeFileSync(
      join(dir, 'sqlite.ini'),
      [
        'include omnetpp.ini',
        '[Sq]',
        'extends = SlottedAloha2',
        'sim-time-limit = 2min',
        'repeat = 2',
        'outputscalarmanager-class = "omnetpp::envir::SqliteOutputScalarManager"',
        'outputvectormanager-class = "omnetpp::envir::SqliteOutputVectorManager"',
        '',
      ].join('\n'),
    );
    const r = await campaign(dir, CAMPAIGN, 'sqlite', '-f', 'sqlite.ini', '-c', 'Sq');
    assert.deepEqual(
      r.records.map((x) => [x.run, x.status, x.message ?? '']),
      [
        [0, 'ok', ''],
        [1, 'ok', ''],
      ],
      r.stdout + r.stderr,
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const runsCsv = readFileSync(join(dir, 'results', 'sqlite', 'runs.csv'), 'utf8');
    assert.equal(runsCsv.trim().split('\n').length, 3);
    assert.match(runsCsv, /\nSq-0-\S+,Sq,0,/);
  });

  test("failures show the model's error, grouped by cause", async () => {
    // opp_run without the model's library: every run fails the same way
    const r = await campaign(
      dir,
      'run: { preset: omnetpp }\n',
      'nolib',
      '-c',
      'PureAlohaExperiment',
      '-r',
      '$numHosts == 10',
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.records.length, 14);
    const cause = 'Class "aloha::Server" not found';
    for (const rec of r.records) assert.ok(rec.message?.startsWith(`exit status 1: ${cause} -- `));
    // the summary: one group, not 14 lines of "exit status 1"
    assert.match(r.stdout, new RegExp(`\n {2}14 runs: failed: exit status 1: ${cause}\n`));
    assert.match(
      r.stdout,
      /\n {4}PureAlohaExperiment #0 \(\$numHosts=10, \$iaMean=1, \$repetition=0\); .*; and 9 more\n/,
    );
    assert.equal(r.stdout.match(/\$ cd /g)?.length, 1, 'one command to reproduce');
    const out = join(dir, 'results', 'nolib');
    const csv = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    assert.match(csv[0] ?? '', /,message$/);
    assert.equal(
      csv.filter((l) => l.includes(`,"exit status 1: Class ""aloha::Server"" not found -- `))
        .length,
      14,
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(
      html,
      /<table id="failure-causes">.*<tr><td class="num">14<\/td><td><span class="badge s-failed">failed<\/span><\/td><td>exit status 1: Class &quot;aloha::Server&quot; not found<\/td><td><a href="logs\/PureAlohaExperiment-0.log">PureAlohaExperiment #0<\/a><\/td><\/tr><\/tbody>/,
    );
  });

  test('misspelled option names stop the campaign before any run, each at its line', async () => {
    writeFileSync(
      join(dir, 'typo.ini'),
      [
        'include omnetpp.ini',
        '[Typo]',
        'extends = PureAlohaExperiment',
        'sim-time-limt = 10s',
        '**.vector-recordin = false',
        'cmdenv-express-mode = true', // right, and Cmdenv's own
        '**.host[*].pkLenBits = 952b', // a parameter, not an option
        '',
      ].join('\n'),
    );
    const r = await campaign(dir, CAMPAIGN, 'typo', '-f', 'typo.ini', '-c', 'Typo');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(
      r.stderr
        .split('\n')
        .filter((l) => l.startsWith('opp-campaign: error:'))
        .join('\n'),
      [
        'opp-campaign: error: typo.ini:4: Unknown configuration option: sim-time-limt',
        "opp-campaign: error: typo.ini:5: Unknown per-object configuration option 'vector-recordin' in **.vector-recordin",
      ].join('\n'),
    );
    assert.deepEqual(r.records, [], 'no run started');
    // the same names in the run's command line (the campaign file's run.args)
    const args = await campaign(
      dir,
      `run: { preset: omnetpp, program: ./aloha, args: ['--sim-time-limt=10s'] }\n`,
      'args',
      '-c',
      'SlottedAloha2',
    );
    assert.equal(args.code, 1);
    assert.match(
      args.stderr,
      /opp-campaign: error: the runs' command line \(run.args in the campaign file\): Unknown command-line configuration option --sim-time-limt\n/,
    );
    assert.deepEqual(args.records, []);
  });
});
