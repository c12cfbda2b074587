// The merged dataset read by OMNeT++ 6.1's own tools (issue #13 item 3): results of the aloha
// sample written by opp_runall and opp_run (text and SQLite), merged, then read with
// opp_scavetool (and omnetpp.scave when its native module is there), compared with what the
// same tools read from the runs' own files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { buildSample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const SQLITE_MANAGERS = [
  '--outputscalarmanager-class=omnetpp::envir::SqliteOutputScalarManager',
  '--outputvectormanager-class=omnetpp::envir::SqliteOutputVectorManager',
];

function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, {
    cwd,
    env: theOmnetpp().env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** opp_scavetool's result, its lines sorted (its run order is not reproducible). */
function scavetool(cwd: string, args: readonly string[]): string[] {
  return run('opp_scavetool', args, cwd).split('\n').sort();
}

function csvR(cwd: string, inputs: readonly string[]): string[] {
  const out = join(cwd, `export-${Math.random().toString(36).slice(2)}.csv`);
  run('opp_scavetool', ['export', '-F', 'CSV-R', '-o', out, ...inputs], cwd);
  const lines = readFileSync(out, 'utf8').split('\n').sort();
  rmSync(out);
  return lines;
}

const sorted = (text: string): string[] => text.split('\n').sort();

const QUERIES = ['-s', '-l', '-r', '-a', '-i', '-j', '-n', '-m', '-c'];

describe('OMNeT++ 6.1 reads a merged dataset whole', { skip: needsOmnetpp() }, () => {
  let dir = '';
  before(() => {
    dir = buildSample('aloha');
    // text results from opp_runall, SQLite results from opp_run (another config)
    run(
      'opp_runall',
      ['-j2', './aloha', '-u', 'Cmdenv', '-c', 'PureAlohaExperiment', '-r', '0..5'].concat([
        '--sim-time-limit=10min',
        '--result-dir=orig/text',
      ]),
      dir,
    );
    for (const r of ['0', '1'])
      run(
        './aloha',
        [
          '-u',
          'Cmdenv',
          '-c',
          'SlottedAloha2',
          '-r',
          r,
          '--repeat=2',
          '--sim-time-limit=2min',
        ].concat(['--result-dir=orig/sqlite', ...SQLITE_MANAGERS]),
        dir,
      );
  });
  after(() => {
    if (dir !== '') rmSync(dirname(dir), { recursive: true, force: true });
  });

  test("opp_scavetool export and query of the merged folder equal those of the runs' own files", async () => {
    const merge = await runCli(['merge', join(dir, 'orig'), '-o', join(dir, 'merged')]);
    assert.equal(merge.code, 0, merge.stderr);
    const original = csvR(dir, ['orig']);
    assert.ok(original.length > 1000);
    assert.deepEqual(csvR(dir, ['merged']), original);
    for (const q of QUERIES)
      assert.deepEqual(
        scavetool(dir, ['query', q, '-p', '-g', 'merged']),
        scavetool(dir, ['query', q, '-p', '-g', 'orig']),
        `query ${q}`,
      );
    assert.match(run('opp_scavetool', ['query', '-s', 'merged'], dir), /runs: 8 .* vectors: [1-9]/);
    // our own export reads it the same way (items in load order: sorted to compare)
    const ours = await runCli(['export', join(dir, 'merged'), '-F', 'csv-r']);
    const theirs = await runCli(['export', join(dir, 'orig'), '-F', 'csv-r']);
    assert.deepEqual(sorted(ours.stdout), sorted(theirs.stdout));
  });

  test('--vectors sqlite: one results.vec that our tools read and OMNeT++ 6.1 cannot', async () => {
    const out = join(dir, 'merged-sqlite');
    const merge = await runCli(['merge', join(dir, 'orig'), '-o', out, '--vectors', 'sqlite']);
    assert.equal(merge.code, 0, merge.stderr);
    assert.deepEqual(readdirSync(out).sort(), [
      'report.html',
      'results.sca',
      'results.vec',
      'runs.csv',
      'scalars.csv',
    ]);
    const r = spawnSync('opp_scavetool', ['export', '-F', 'CSV-R', '-o', '-', out], {
      cwd: dir,
      env: theOmnetpp().env,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /More than one run in vector file/);
    // it lists the vectors, and reads the scalars
    assert.equal(
      run('opp_scavetool', ['query', '-s', out], dir),
      run('opp_scavetool', ['query', '-s', 'orig'], dir),
    );
    assert.deepEqual(
      csvR(dir, [join(out, 'results.sca')]),
      csvR(dir, [join('orig', 'text', '*.sca'), join('orig', 'sqlite', '*.sca')]),
    );
    const ours = await runCli(['export', out, '-F', 'csv-r', '-f', 'type =~ vector']);
    const theirs = await runCli([
      'export',
      join(dir, 'orig'),
      '-F',
      'csv-r',
      '-f',
      'type =~ vector',
    ]);
    assert.equal(ours.code, 0, ours.stderr);
    // (results.sca and results.vec each hold a run's config entries, as OMNeT++'s SQLite files do)
    const unique = (text: string) => [...new Set(sorted(text))];
    assert.deepEqual(unique(ours.stdout), unique(theirs.stdout));
  });

  test("opp-campaign run: OUT/*.sca and OUT/*.vec are the dataset, the runs' vectors linked", async () => {
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      "run: { preset: omnetpp, program: ./aloha, args: ['--sim-time-limit=5min'] }\n",
    );
    const saved = process.env.PATH;
    process.env.PATH = theOmnetpp().path;
    let r;
    try {
      r = await runCli(
        ['run', dir, '-c', 'PureAlohaExperiment', '-r', '0..3', '-j', '2'].concat([
          '--progress',
          'plain',
          '--ccache-dir',
          join(dir, 'cache'),
        ]),
      );
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = join(dir, 'results');
    const perRun = csvR(out, ['.runs']);
    assert.deepEqual(csvR(out, ['*.sca', '*.vec']), perRun);
    // the whole folder too (opp_scavetool searches it recursively, and skips the dot folder)
    assert.deepEqual(csvR(out, ['.']), perRun);
    assert.match(run('opp_scavetool', ['query', '-s', '.'], out), /runs: 4 /);
    const vectors = readdirSync(out).filter((f) => f.endsWith('.vec'));
    assert.equal(vectors.length, 4);
    for (const f of vectors)
      assert.equal(statSync(join(out, f)).ino, statSync(join(out, '.runs', f)).ino, f);
  });

  test('omnetpp.scave reads every vector of the merged folder', (t) => {
    const { python, root } = theOmnetpp();
    const env = { ...theOmnetpp().env, PYTHONPATH: join(root, 'python') };
    const probe =
      python === undefined
        ? undefined
        : spawnSync(python, ['-c', 'import omnetpp.scave.results'], { env, encoding: 'utf8' });
    if (python === undefined || probe?.status !== 0) {
      const why = probe?.stderr.trim().split('\n').pop();
      t.skip(
        `omnetpp.scave cannot be imported here (${why ?? 'no Python with numpy and pandas'}); opp_scavetool reads vectors through the same C++ code`,
      );
      return;
    }
    const script = [
      'import sys',
      'from omnetpp.scave import results',
      "v = results.read_results(sys.argv[1]); v = v[v.type == 'vector']",
      'print(len(v), int(v.vecvalue.map(len).sum()))',
    ].join('\n');
    const read = (folder: string) =>
      spawnSync(python, ['-c', script, join(dir, folder)], {
        env,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
    const merged = read('merged');
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(merged.stdout, read('orig').stdout);
    assert.match(merged.stdout, /^[1-9]\d* \d+\n$/);
  });
});
