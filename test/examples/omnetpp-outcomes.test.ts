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

/** Runs a campaign of the built sample with OMNeT++ on PATH, results in `results/NAME`. */
async function campaign(dir: string, name: string, ...args: string[]) {
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
    writeFileSync(join(dir, 'opp-campaign.yml'), CAMPAIGN);
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
    const r = await campaign(dir, 'sqlite', '-f', 'sqlite.ini', '-c', 'Sq');
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
});
