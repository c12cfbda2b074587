// Run outcomes of real OMNeT++ 6.1 runs: the aloha sample, built as its README says, run by
// `opp-campaign run` (issue #16).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, spawnCli } from '../helpers/cli.js';
import { REPO } from '../helpers/project.js';
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
    // opp_run without the model's library (`libraries: []` says so; without it the built
    // ./aloha would be detected): every run fails the same way
    const r = await campaign(
      dir,
      'run: { preset: omnetpp, libraries: [] }\n',
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

  test('a load-libs library that does not load stops the campaign before any run, at its line', async () => {
    writeFileSync(
      join(dir, 'libs.ini'),
      [
        'include omnetpp.ini',
        '[General]',
        'load-libs = nope',
        '[Libs]',
        'extends = PureAloha1',
        '',
      ].join('\n'),
    );
    const r = await campaign(dir, CAMPAIGN, 'libs', '-f', 'libs.ini', '-c', 'Libs');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /opp-campaign: error: \S*\/libs\.ini:3: OMNeT\+\+ refused to start the runs: Cannot load library '[^']*libnope\.so'/,
    );
    assert.deepEqual(r.records, []);
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
        `opp-campaign: error: ${dir}/typo.ini:4: Unknown configuration option: sim-time-limt`,
        `opp-campaign: error: ${dir}/typo.ini:5: Unknown per-object configuration option 'vector-recordin' in **.vector-recordin`,
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
      /opp-campaign: error: the runs' command line \(the options after -- on opp-campaign's, or run.args in the campaign file\): Unknown command-line configuration option --sim-time-limt\n/,
    );
    assert.deepEqual(args.records, []);
  });

  test("a model's error under debug-on-errors = true fails its run once, not as a crash", async () => {
    writeFileSync(
      join(dir, 'debug.ini'),
      [
        'include omnetpp.ini',
        '[Dbg]',
        'extends = SlottedAloha2',
        'debug-on-errors = true', // as the sample's own ini suggests, for the IDE
        'Aloha.numHosts = "abc"',
        '',
      ].join('\n'),
    );
    const r = await campaign(dir, CAMPAIGN, 'debug', '-f', 'debug.ini', '-c', 'Dbg');
    assert.deepEqual(
      r.records.map((x) => [x.attempt, x.status, x.signal]),
      [[1, 'failed', null]],
      r.stdout + r.stderr,
    );
    assert.match(r.records[0]?.message ?? '', /^exit status 1: Cannot assign '"abc"' to parameter/);
    assert.match(r.records[0]?.command ?? '', / --debug-on-errors=false$/);
    // asked for on the command line, OMNeT++ traps (SIGTRAP): still the model's error
    const forced = await campaign(
      dir,
      "run: { preset: omnetpp, program: ./aloha, args: ['--debug-on-errors=true'] }\n",
      'debug-forced',
      '-f',
      'debug.ini',
      '-c',
      'Dbg',
    );
    assert.deepEqual(
      forced.records.map((x) => [x.attempt, x.status]),
      [[1, 'failed']],
      forced.stdout + forced.stderr,
    );
    assert.match(forced.records[0]?.signal ?? '', /^SIG(TRAP|5)$/); // as GNU time reports it
    assert.match(
      forced.records[0]?.message ?? '',
      /^SIGTRAP after the model's error: Cannot cast "abc" from type string to integer/,
    );
  });

  test(
    'a config with cmdenv-interactive = true fails its unassigned parameter instead of asking forever',
    { timeout: 120_000 },
    async () => {
      writeFileSync(
        join(dir, 'interactive.ini'),
        [
          'include omnetpp.ini',
          '[Ask]',
          'extends = SlottedAloha2',
          'cmdenv-interactive = true',
          'Aloha.numHosts = ask',
          '',
        ].join('\n'),
      );
      // stdin closed, as in CI: OMNeT++ asked again at every empty answer, without end
      const r = await campaign(dir, CAMPAIGN, 'interactive', '-f', 'interactive.ini', '-c', 'Ask');
      assert.deepEqual(
        r.records.map((x) => [x.attempt, x.status]),
        [[1, 'failed']],
        r.stdout + r.stderr,
      );
      assert.match(r.records[0]?.message ?? '', /attempted to prompt for user input/);
      assert.match(r.records[0]?.command ?? '', / --cmdenv-interactive=false$/);
    },
  );

  test('a missing program or opp_run is reported before any run starts', async () => {
    const r = await campaign(
      dir,
      'run: { preset: omnetpp, program: ./alohaa }\n',
      'noprogram',
      '-c',
      'PureAlohaExperiment',
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /error: the run program \.\/alohaa: \S+\/alohaa does not exist \(run\.program\)\n/,
    );
    assert.deepEqual(r.records, []);
    // without run.program (and without detecting ./aloha: libraries: []), opp_run runs the
    // model: it must be on PATH
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'build: none\nrun: { preset: omnetpp, libraries: [] }\n',
    );
    const saved = process.env.PATH;
    process.env.PATH = '/usr/bin:/bin';
    try {
      const bare = await runCli([
        'run',
        dir,
        '--results',
        join('results', 'noopprun'),
        '--ccache-dir',
        join(dir, 'cache'),
      ]);
      assert.equal(bare.code, 1);
      assert.match(bare.stderr, /error: opp_run: not found on PATH: install OMNeT\+\+/);
    } finally {
      process.env.PATH = saved;
    }
  });

  test("Ctrl-C: unfinished runs' files stay out of .runs/, and the printed merge is right", async () => {
    // four short runs, then two that would run for days: stopped by Ctrl-C, OMNeT++ finalises
    writeFileSync(
      join(dir, 'mix.ini'),
      [
        'include omnetpp.ini',
        '[Mix]',
        'extends = PureAlohaExperiment',
        'sim-time-limit = ${limit=10s,1000000s}',
        // the long runs record an eventlog (its first simulated second): a file of theirs that
        // is neither .sca nor .vec, named by OMNeT++'s eventlog-file option
        'record-eventlog = ${elog=false,true ! limit}',
        'eventlog-recording-intervals = ..1s',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'opp-campaign.yml'), CAMPAIGN);
    const out = join(dir, 'results', 'mix');
    const c = spawnCli(
      [
        'run',
        dir,
        '-f',
        'mix.ini',
        '-c',
        'Mix',
        '-r',
        '$numHosts == 10 && $iaMean < 3',
        '-j',
        '2',
        '--progress',
        'plain',
        '--results',
        out,
      ],
      theOmnetpp().env,
    );
    // the short runs are done and both long ones are writing their vectors
    const long = (folder: string): string[] =>
      existsSync(folder)
        ? readdirSync(folder).filter(
            (f) => f.startsWith('Mix-limit=1000000s,') && f.endsWith('.vec'),
          )
        : [];
    for (let i = 0; ; i++) {
      if (journal(out).length >= 4 && long(join(out, '.runs')).length >= 2) break;
      if (i > 2400) throw new Error(`the long runs did not start:\n${c.output()}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    c.child.kill('SIGINT');
    await c.exited;
    const output = c.output();
    assert.deepEqual(
      journal(out).map((r) => [r.run, r.status]),
      [
        [0, 'ok'],
        [1, 'ok'],
        [2, 'ok'],
        [3, 'ok'],
        [42, 'interrupted'],
        [43, 'interrupted'],
      ],
      output,
    );
    assert.ok(
      readdirSync(join(out, '.runs')).every((f) => f.startsWith('Mix-limit=10s,')),
      readdirSync(join(out, '.runs')).join(' '),
    );
    assert.equal(
      long(join(out, '.opp-campaign', 'incomplete')).length,
      2,
      "the unfinished runs' vectors: set aside, not deleted",
    );
    // and their eventlogs with them (before: left in .runs/, which holds succeeded runs' files)
    assert.equal(
      readdirSync(join(out, '.opp-campaign', 'incomplete')).filter((f) => f.endsWith('.elog'))
        .length,
      2,
      readdirSync(join(out, '.opp-campaign', 'incomplete')).join(' '),
    );
    // the merge the summary suggests merges the four runs that finished, each once (the
    // campaign's own command with --merge-only: its runs done with this build, no other)
    const hint =
      /or merge the runs done with this build \(.*\): opp-campaign (run .* --merge-only)\n/.exec(
        output,
      );
    assert.ok(hint?.[1], output);
    // (its words as a shell takes them: the filter is quoted)
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${hint[1]}`], { encoding: 'utf8' })
      .split('\0')
      .slice(0, -1);
    const m = await runCli(words, REPO);
    assert.equal(m.code, 0, m.stdout + m.stderr);
    const rows = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n').slice(1);
    assert.deepEqual(
      rows.map((l) => [l.split(',')[0] === '' ? 'no results' : 'results', l.split(',')[2]]),
      [
        ['results', '0'],
        ['results', '1'],
        ['results', '2'],
        ['results', '3'],
        ['no results', '42'],
        ['no results', '43'],
      ],
    );
  });
});
