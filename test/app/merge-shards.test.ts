// The merge job over shard folders as downloaded: a shard's journal is data from another job's
// artifact, so the files it names are copied only from below the shard's folder, never into a
// `.git` folder, and a journal that names any other path stops the merge before a file is copied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeRecord } from '../../src/core/campaign/journal.js';
import type { PlanDocument } from '../../src/core/plan/plan-document.js';
import { mergeShards, ShardJournalError } from '../../src/app/merge-shards.js';
import { mergeSummary } from '../../src/app/summary.js';
import { mergeResults } from '../../src/app/merge.js';
import { withoutLinkedRunFiles } from '../../src/adapters/results/artifact-files.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import {
  planDocument,
  runRecord,
  scaFile,
  vecFile,
  type RunSpec,
} from '../helpers/campaign-artifacts.js';

const PLAN = planDocument('0'.repeat(40), [[['General', 0, 'k0']], [['General', 1, 'k1']]]);
const R0: RunSpec = { config: 'General', run: 0, key: 'k0', status: 'ok' };
const R1: RunSpec = { config: 'General', run: 1, key: 'k1', status: 'ok' };
const FSMONITOR = '[core]\n\tfsmonitor = "touch pwned"\n';

/** A shard folder as downloaded, holding what its journal names. */
function shard(
  root: string,
  index: number,
  files: Record<string, string>,
  journal: string,
): string {
  const dir = join(root, 'in', `campaign-shard-${index}`);
  mkdirSync(dir, { recursive: true });
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  writeFileSync(join(dir, 'journal.jsonl'), journal);
  return dir;
}

function goodShard(root: string): string {
  return shard(root, 0, { '.runs/General-#0.sca': scaFile(R0) }, serializeRecord(runRecord(R0)));
}

for (const [what, path, message] of [
  ['a .git folder', '.git/config', /names result file "\.git\/config": a path into a \.git folder/],
  [
    'a .GIT folder deeper down',
    '.runs/.GIT/config',
    /"\.runs\/\.GIT\/config": a path into a \.git/,
  ],
  [
    'a path with ..',
    '.runs/../../x/escaped.sca',
    /"\.runs\/\.\.\/\.\.\/x\/escaped.sca": a path that leaves/,
  ],
] as const)
  test(`a shard journal naming ${what} stops the merge before a file is copied`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
    try {
      const good = goodShard(root);
      const rec = runRecord(R1);
      const evil = shard(
        root,
        1,
        { [path]: FSMONITOR },
        serializeRecord({ ...rec, files: [{ path, size: FSMONITOR.length, mtimeMs: 1 }] }),
      );
      // below the temporary folder, where the ../ path leads from the merged folder
      const out = join(root, 'a', 'b', 'results');
      const escaped = join(root, 'a', 'b', 'x', 'escaped.sca');
      const shards = [
        { index: 0, dir: good },
        { index: 1, dir: evil },
      ];
      await assert.rejects(mergeShards(PLAN, shards, out), (e: unknown) => {
        assert.ok(e instanceof ShardJournalError, String(e));
        assert.match(e.message, message);
        // the journal's file and line, and the run
        assert.ok(e.message.startsWith(`${join(evil, 'journal.jsonl')}:1: run General #1 (k1)`));
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
      assert.ok(!existsSync(join(out, '.git')), 'a .git folder was planted in the results');
      assert.ok(!existsSync(escaped), 'a file was written outside the results folder');
      assert.deepEqual(
        readdirSync(out, { recursive: true })
          .filter((p) => !String(p).endsWith('/'))
          .sort(),
        ['.runs', 'logs'],
        'nothing was copied',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

test("a shard journal naming a failed run's log outside its folder stops the merge", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const failed = { ...runRecord({ ...R1, status: 'failed' }), log: '/etc/passwd' };
    const evil = shard(root, 1, {}, serializeRecord(failed));
    await assert.rejects(
      mergeShards(PLAN, [{ index: 1, dir: evil }], join(root, 'results')),
      /journal.jsonl:1: run General #1 \(k1\) names log "\/etc\/passwd": an absolute path; nothing was merged/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('shard journals that name their files below their folders merge', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const good = goodShard(root);
    const other = shard(
      root,
      1,
      { '.runs/General-#1.sca': scaFile(R1) },
      serializeRecord(runRecord(R1)),
    );
    const out = join(root, 'results');
    const report = await mergeShards(
      PLAN,
      [
        { index: 0, dir: good },
        { index: 1, dir: other },
      ],
      out,
    );
    assert.equal(report.ok.length, 2);
    assert.ok(existsSync(join(out, '.runs', 'General-#1.sca')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('shards that failed before any run: the merge names each with the cause its artifact gives, apart from those that uploaded nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const plan = planDocument('0'.repeat(40), [
      [['General', 0, 'k0']],
      [['General', 1, 'k1']],
      [['General', 2, 'k2']],
      [['General', 3, 'k3']],
    ]);
    const failedAt = (index: number, files: Record<string, string>): string => {
      const dir = join(root, 'in', `campaign-shard-${index}`);
      for (const [path, data] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), data);
      }
      return dir;
    };
    const shards = [
      { index: 0, dir: goodShard(root) },
      // an option error, in the shard job's own words
      {
        index: 1,
        dir: failedAt(1, {
          '.opp-campaign/failure.json': JSON.stringify({
            cause: 'omnetpp.ini:4: Unknown configuration option: sim-time-limt',
          }),
          '.opp-campaign/rerun.json': '{}',
        }),
      },
      // an older release's shard whose build failed: its build log only
      { index: 2, dir: failedAt(2, { '.opp-campaign/build.log': 'Sink.cc:46:1: error\n' }) },
    ];
    const r = await mergeShards(plan, shards, join(root, 'out'));
    assert.deepEqual(r.shardsMissing, [3]);
    assert.deepEqual(r.shardsFailed, [
      {
        index: 1,
        artifact: 'campaign-shard-1',
        failure: { cause: 'omnetpp.ini:4: Unknown configuration option: sim-time-limt' },
      },
      {
        index: 2,
        artifact: 'campaign-shard-2',
        failure: { cause: 'no cause recorded', log: '.opp-campaign/build.log' },
      },
    ]);
    assert.deepEqual(
      r.missing.map((m) => m.run),
      [1, 2, 3],
    );
    const md = mergeSummary({
      expected: r.expected,
      ok: r.ok.length,
      failed: r.failed,
      missing: r.missing,
      shardsMissing: r.shardsMissing,
      shardsFailed: r.shardsFailed,
      artifact: 'campaign-results',
    });
    assert.match(md, /Shards that uploaded nothing: 3\./);
    assert.match(
      md,
      /- shard 1: `omnetpp\.ini:4: Unknown configuration option: sim-time-limt`\n- shard 2: `no cause recorded`: see `\.opp-campaign\/build\.log` in its artifact `campaign-shard-2`/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a shard journal record whose status is no run status is a bad record: warned at its line, missing in summary.md as in report.html, never printed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const hostile = 'failed <img src="https://evil.example/t.png"> @octocat <!--';
    const evil = shard(
      root,
      1,
      {},
      serializeRecord({ ...runRecord({ ...R1, status: 'failed' }), status: hostile as 'failed' }),
    );
    const out = join(root, 'results');
    const r = await mergeShards(
      PLAN,
      [
        { index: 0, dir: goodShard(root) },
        { index: 1, dir: evil },
      ],
      out,
    );
    assert.deepEqual(
      r.badJournalRecords.map((b) => `${b.journal}:${b.line}: ${b.problem}`),
      [
        `${join(evil, 'journal.jsonl')}:1: status "failed <img src=\\"https://evil.example/t.…" is unknown`,
      ],
    );
    assert.deepEqual(r.failed, []);
    assert.deepEqual(
      r.missing.map((m) => m.key),
      ['k1'],
    );
    const md = mergeSummary({
      expected: r.expected,
      ok: r.ok.length,
      failed: r.failed,
      missing: r.missing,
      shardsMissing: r.shardsMissing,
      artifact: 'campaign-results',
    });
    assert.match(md, /\| 2 \| 1 \| 0 \| 1 \|/);
    assert.doesNotMatch(md, /<img|@octocat|<!--/);
    // report.html: the same run is not there either (before: dropped there, failed in summary.md)
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /evil\.example|octocat/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

for (const [what, status, make, message] of [
  [
    "a folder as a failed run's log",
    'failed',
    (dir: string) => mkdirSync(join(dir, 'logs', 'General-1.log'), { recursive: true }),
    /names log "logs\/General-1\.log": a folder in campaign-shard-1, not a file; nothing was merged$/,
  ],
  [
    'a folder as a result file',
    'ok',
    (dir: string) => mkdirSync(join(dir, '.runs', 'General-#1.sca'), { recursive: true }),
    /names result file "\.runs\/General-#1\.sca": a folder in campaign-shard-1, not a file; nothing was merged$/,
  ],
  [
    'a symbolic link as a result file',
    'ok',
    (dir: string) => {
      mkdirSync(join(dir, '.runs'), { recursive: true });
      symlinkSync('/etc/hostname', join(dir, '.runs', 'General-#1.sca'));
    },
    /names result file "\.runs\/General-#1\.sca": a symbolic link in campaign-shard-1, not a file; nothing was merged$/,
  ],
  [
    "a symbolic link as a failed run's log's folder",
    'failed',
    (dir: string) => symlinkSync('/etc', join(dir, 'logs')),
    /names log "logs\/General-1\.log": a path through a symbolic link in campaign-shard-1 \(logs\); nothing was merged$/,
  ],
] as const)
  test(`a shard journal naming ${what} stops the merge with the journal's line and the run`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
    try {
      const rec = runRecord({ ...R1, status });
      const evil = shard(root, 1, {}, serializeRecord({ ...rec, log: 'logs/General-1.log' }));
      make(evil);
      const out = join(root, 'results');
      const shards = [
        { index: 0, dir: goodShard(root) },
        { index: 1, dir: evil },
      ];
      // (a folder's size as its record gives it: before, the copy was tried)
      if (status === 'ok') {
        const sca = join(evil, '.runs', 'General-#1.sca');
        const files = [{ path: '.runs/General-#1.sca', size: statSync(sca).size, mtimeMs: 1 }];
        writeFileSync(join(evil, 'journal.jsonl'), serializeRecord({ ...rec, files }));
      }
      await assert.rejects(mergeShards(PLAN, shards, out), (e: unknown) => {
        assert.ok(e instanceof ShardJournalError, String(e));
        assert.ok(e.message.startsWith(`${join(evil, 'journal.jsonl')}:1: run General #1 (k1) `));
        assert.match(e.message, message);
        return true;
      });
      assert.deepEqual(
        readdirSync(out, { recursive: true })
          .filter((p) => !String(p).endsWith('/'))
          .sort(),
        ['.runs', 'logs'],
        'nothing was copied',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

test("report.html of a merge where shards are missing says how many planned runs have not run, as summary.md does (the plan's total, not a shard's)", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const runs = (from: number): [string, number, string][] =>
      [0, 1, 2, 3].map((i) => ['General', from + i, `k${from + i}`]);
    const plan = planDocument('0'.repeat(40), [runs(0), runs(4), runs(8)]);
    // shard 0 alone ran, recording its own 4 runs as its campaign's total
    const specs = [0, 1, 2, 3].map((i): RunSpec => ({ ...R0, run: i, key: `k${i}` }));
    const files: Record<string, string> = {};
    for (const s of specs) files[`.runs/General-#${s.run}.sca`] = scaFile(s);
    const campaign = serializeRecord({
      t: 'campaign',
      started: '2026-01-01T00:00:00.000Z',
      build: 'build-1',
      configs: ['General'],
      total: 4,
    });
    const dir = shard(
      root,
      0,
      files,
      campaign + specs.map((s) => serializeRecord(runRecord(s))).join(''),
    );
    const out = join(root, 'results');
    const r = await mergeShards(plan, [{ index: 0, dir }], out);
    assert.equal(r.missing.length, 8);
    const md = mergeSummary({
      expected: r.expected,
      ok: r.ok.length,
      failed: r.failed,
      missing: r.missing,
      shardsMissing: r.shardsMissing,
      artifact: 'campaign-results',
    });
    assert.match(md, /\| 12 \| 4 \| 0 \| 8 \|/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(html, /<strong>8 of the 12 planned runs have not run<\/strong>/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** The run of OMNeT++'s own result files (a .vec with its .vci) that fixtureShard holds. */
const run = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';

/**
 * A shard of that one run, its files written now (new times: as downloaded) and recorded with
 * an older time; its plan, and the run's .vci as OMNeT++ wrote it.
 */
function fixtureShard(root: string): { dir: string; plan: PlanDocument; vci: string } {
  const fixtures = join(import.meta.dirname, '../fixtures/results/text');
  const files: Record<string, string> = {};
  for (const ext of ['sca', 'vec', 'vci'])
    files[`.runs/${run}.${ext}`] = readFileSync(join(fixtures, `${run}.${ext}`), 'latin1');
  const spec: RunSpec = { config: 'PureAlohaExperiment', run: 2, key: 'k2', status: 'ok' };
  const rec = {
    ...runRecord(spec),
    files: Object.entries(files).map(([path, data]) => ({
      path,
      size: Buffer.byteLength(data, 'latin1'),
      mtimeMs: 1_764_000_000_000,
    })),
  };
  const dir = shard(root, 0, {}, serializeRecord(rec));
  mkdirSync(join(dir, '.runs'), { recursive: true });
  for (const [path, data] of Object.entries(files)) writeFileSync(join(dir, path), data, 'latin1');
  return {
    dir,
    plan: planDocument('0'.repeat(40), [[['PureAlohaExperiment', 2, 'k2']]]),
    vci: files[`.runs/${run}.vci`] as string,
  };
}

test(
  "a shard's vector file whose time the artifact transfer lost: the merged folder has it with its .vci, which opp_scavetool reads as it is",
  { skip: needsOmnetpp() },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
    try {
      // OMNeT++'s own files of one run; copied here, the .vec has a new time (as downloaded)
      const { dir, plan, vci } = fixtureShard(root);
      const out = join(root, 'results');
      const r = await mergeShards(plan, [{ index: 0, dir }], out);
      assert.equal(r.ok.length, 1);
      for (const at of [out, join(out, '.runs')])
        assert.equal(readFileSync(join(at, `${run}.vci`), 'latin1'), vci, `${at}: the .vci`);
      // the .vci's "file SIZE MTIME" line is the .vec's: opp_scavetool takes it, writes no new one
      const listed = spawnSync('opp_scavetool', ['q', '-l', `${run}.vec`], {
        cwd: out,
        env: theOmnetpp().env,
        encoding: 'utf8',
      });
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /serverChannelState:vector/);
      assert.equal(readFileSync(join(out, `${run}.vci`), 'latin1'), vci, 'not indexed again');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);

test("the merged runs.csv names only logs the merged folder has: a failed run's, not a succeeded run's (whose log stays in its shard's artifact)", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    const failed: RunSpec = { ...R1, status: 'failed' };
    const dir = shard(
      root,
      0,
      {
        '.runs/General-#0.sca': scaFile(R0),
        'logs/General-0.log': 'ok\n',
        'logs/General-1.log': 'model error\n',
      },
      serializeRecord(runRecord(R0)) + serializeRecord(runRecord(failed)),
    );
    const out = join(root, 'results');
    await mergeShards(PLAN, [{ index: 0, dir }], out);
    const [header = '', ...rows] = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    const col = header.split(',').indexOf('log');
    const logs = rows.map((l) => l.split(',')[col]);
    assert.deepEqual(logs.sort(), ['', 'logs/General-1.log']);
    for (const log of logs) if (log) assert.ok(existsSync(join(out, log)), log);
    assert.ok(!existsSync(join(out, 'logs', 'General-0.log')), 'artifacts stay small');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the merge job's results artifact unpacked by hand (new file times): one `merge OUT/.runs -o OUT --rebuild` leaves each top .vec with its .vci (before: none, the .vec's recorded time given back after its index was judged stale)", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
  try {
    // OMNeT++'s own files of one run (a .vec with its .vci)
    const { dir, plan, vci } = fixtureShard(root);
    const merged = join(root, 'merged');
    assert.equal((await mergeShards(plan, [{ index: 0, dir }], merged)).ok.length, 1);
    // unpacked by hand: each file once, every one with the time of the extraction
    const unpacked = join(root, 'unpacked');
    const all = (readdirSync(merged, { recursive: true }) as string[]).filter((f) =>
      statSync(join(merged, f)).isFile(),
    );
    const later = Date.now() / 1000 + 3600;
    for (const f of withoutLinkedRunFiles(merged, all)) {
      mkdirSync(join(unpacked, f, '..'), { recursive: true });
      cpSync(join(merged, f), join(unpacked, f));
      utimesSync(join(unpacked, f), later, later);
    }
    assert.ok(existsSync(join(unpacked, `${run}.vci`)));
    const r = await mergeResults({
      inputs: [join(unpacked, '.runs')],
      outDir: unpacked,
      mode: 'rebuild',
    });
    assert.deepEqual(r.added.vector.length, 1);
    assert.equal(readFileSync(join(unpacked, `${run}.vci`), 'latin1'), vci, 'the top .vci');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

for (const foreign of [false, true])
  test(`the merge job's results artifact unpacked by hand${foreign ? ', with a run merged in from elsewhere' : ''}: \`merge OUT/.runs -o OUT --rebuild\` keeps every run's vector file (its only copy was at the top)`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
    try {
      const runs = [
        { ...R0, vector: true },
        { ...R1, vector: true },
      ];
      const files: Record<string, string> = {};
      for (const r of runs) {
        files[`.runs/${r.config}-#${r.run}.sca`] = scaFile(r);
        files[`.runs/${r.config}-#${r.run}.vec`] = vecFile(r);
      }
      const dir = shard(root, 0, files, runs.map((r) => serializeRecord(runRecord(r))).join(''));
      const plan = planDocument('0'.repeat(40), [runs.map((r) => [r.config, r.run, r.key])]);
      const merged = join(root, 'merged');
      assert.equal((await mergeShards(plan, [{ index: 0, dir }], merged)).ok.length, 2);
      // the artifact carries each vector file once, at the top; unpacked by hand
      const unpacked = join(root, 'unpacked');
      const all = (readdirSync(merged, { recursive: true }) as string[]).filter((f) =>
        statSync(join(merged, f)).isFile(),
      );
      for (const f of withoutLinkedRunFiles(merged, all)) {
        mkdirSync(join(unpacked, f, '..'), { recursive: true });
        cpSync(join(merged, f), join(unpacked, f));
      }
      const vecs = ['General-#0.vec', 'General-#1.vec'];
      for (const v of vecs) {
        assert.ok(existsSync(join(unpacked, v)));
        assert.ok(!existsSync(join(unpacked, '.runs', v)));
      }
      if (foreign) {
        const elsewhere = join(root, 'elsewhere', 'Other-#0.sca');
        mkdirSync(join(elsewhere, '..'));
        writeFileSync(elsewhere, scaFile({ config: 'Other', run: 0, key: 'o', status: 'ok' }));
        await mergeResults({ inputs: [elsewhere], outDir: unpacked });
      }
      const r = await mergeResults({
        inputs: [join(unpacked, '.runs')],
        outDir: unpacked,
        mode: 'rebuild',
      });
      assert.equal(r.added.vector.length, 2);
      assert.equal(r.added.scalar.length, 2);
      for (const v of vecs) {
        assert.equal(readFileSync(join(unpacked, v), 'utf8').split('\n')[0], 'version 3', v);
        assert.ok(existsSync(join(unpacked, '.runs', v)), `.runs/${v}`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

for (const hashless of [false, true])
  test(`${hashless ? "an older version's results artifact unpacked by hand (its journal has no SHA-256): `merge OUT/.runs -o OUT --rebuild` keeps every run's vector file, linked back by size (before: all deleted)" : 'a .vec put by hand at the top of a results folder: `merge OUT/.runs -o OUT --rebuild` sets it aside in .opp-campaign/not-recorded/ and names it (before: deleted silently)'}`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'opp-merge-shards-'));
    try {
      const runs = [
        { ...R0, vector: true },
        { ...R1, vector: true },
      ];
      const files: Record<string, string> = {};
      for (const r of runs) {
        files[`.runs/${r.config}-#${r.run}.sca`] = scaFile(r);
        files[`.runs/${r.config}-#${r.run}.vec`] = vecFile(r);
      }
      const dir = shard(root, 0, files, runs.map((r) => serializeRecord(runRecord(r))).join(''));
      const plan = planDocument('0'.repeat(40), [runs.map((r) => [r.config, r.run, r.key])]);
      const merged = join(root, 'merged');
      assert.equal((await mergeShards(plan, [{ index: 0, dir }], merged)).ok.length, 2);
      const vecs = ['General-#0.vec', 'General-#1.vec'];
      let out = merged;
      if (hashless) {
        out = join(root, 'unpacked');
        const all = (readdirSync(merged, { recursive: true }) as string[]).filter((f) =>
          statSync(join(merged, f)).isFile(),
        );
        for (const f of withoutLinkedRunFiles(merged, all)) {
          mkdirSync(join(out, f, '..'), { recursive: true });
          cpSync(join(merged, f), join(out, f));
        }
        const journal = join(out, 'journal.jsonl');
        const text = readFileSync(journal, 'utf8');
        assert.match(text, /"sha256"/);
        writeFileSync(journal, text.replace(/,?"sha256":"[0-9a-f]*"/g, ''));
      } else {
        cpSync(join(merged, vecs[0]!), join(merged, 'Foreign-#0.vec'));
      }
      const r = await mergeResults({ inputs: [join(out, '.runs')], outDir: out, mode: 'rebuild' });
      assert.equal(r.added.vector.length, 2);
      for (const v of vecs) {
        assert.equal(readFileSync(join(out, v), 'utf8').split('\n')[0], 'version 3', v);
        assert.ok(existsSync(join(out, '.runs', v)), `.runs/${v}`);
      }
      if (hashless) assert.deepEqual(r.notRecorded, []);
      else {
        assert.deepEqual(r.notRecorded, ['Foreign-#0.vec']);
        assert.ok(!existsSync(join(out, 'Foreign-#0.vec')));
        assert.equal(
          readFileSync(join(out, '.opp-campaign', 'not-recorded', 'Foreign-#0.vec'), 'utf8'),
          readFileSync(join(out, vecs[0]!), 'utf8'),
        );
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
