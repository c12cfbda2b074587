// `opp-campaign merge` and `opp-campaign export` through the real CLI entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  existsSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { runCli } from '../helpers/cli.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import { loadResults } from '../../src/adapters/results/index.js';
import { readTextLinesSync } from '../../src/adapters/results/text-files.js';

const FIX = join(import.meta.dirname, '../fixtures/results');
const TEXT = join(FIX, 'text');
const SQLITE = join(FIX, 'sqlite');
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `opp-cli-${name}-`));

test('merge and export: usage errors exit with status 2 and say what is wrong', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['merge', '-o', 'x'], /merge: no input files or folders given/],
    [['merge', TEXT], /merge: the output folder \(-o OUT\) is missing/],
    [['merge', TEXT, '-o', 'x', '--frobnicate'], /merge: unknown option --frobnicate\n/],
    [
      ['merge', TEXT, '-o', 'x', '--vectors', 'csv'],
      /--vectors must be files or sqlite, not 'csv'/,
    ],
    [['export', '-F', 'csv-r'], /export: no input files or folders given/],
    [['export', TEXT], /export: the format \(-F csv-r\|json\) is missing/],
    [['export', TEXT, '-F', 'xml'], /export: -F is csv-r or json, not 'xml'/],
  ];
  for (const [argv, message] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, new RegExp(`Run 'opp-campaign ${argv[0] as string} --help' for usage`));
    assert.equal(r.stdout, '');
  }
  const help = await runCli(['merge', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: opp-campaign merge IN\.\.\. -o OUT/);
  assert.match((await runCli(['export', '-h'])).stdout, /itervar:NAME/);
});

test('merge prints what it did; a bad input is listed on stderr and makes the status 1', async () => {
  const out = join(tmp('merge'), 'dataset');
  const first = await runCli(['merge', TEXT, SQLITE, '-o', out]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '');
  assert.match(first.stdout, /^Merged 6 file\(s\) into .*dataset\/\n/);
  assert.match(first.stdout, /\n {2}results\.sca {2}4 run\(s\) added, 0 already there\n/);
  assert.match(
    first.stdout,
    /\n {2}\*\.vec {8}2 run\(s\) added, 0 already there \(a file per run\)\n/,
  );
  assert.match(first.stdout, /\n {2}runs\.csv {5}4 run\(s\)\n/);

  const bad = tmp('bad');
  writeFileSync(join(bad, 'broken.sca'), 'version 3\nrun X-0\nscalar a b\n');
  const second = await runCli(['merge', TEXT, SQLITE, bad, '-o', out]);
  assert.equal(second.code, 1);
  // the bad file is not counted among those merged
  assert.match(
    second.stdout,
    /^Merged 6 file\(s\) into .*dataset\/ \(1 more left out: bad input, below\)\n/,
  );
  assert.match(second.stdout, /results\.sca {2}0 run\(s\) added, 4 already there/);
  // the other layout: the vectors move into one SQLite file
  const third = await runCli(['merge', TEXT, SQLITE, '-o', out, '--vectors', 'sqlite']);
  assert.match(third.stdout, /\n {2}results\.vec {2}2 run\(s\) added, 0 already there\n/);
  assert.deepEqual(readdirSync(out).sort(), [
    'report.html',
    'results.sca',
    'results.vec',
    'runs.csv',
    'scalars.csv',
  ]);
  assert.match(second.stdout, /Skipped 4 run\(s\) already in .*dataset\/: PureAlohaExperiment-2-/);
  assert.equal(
    second.stderr,
    `opp-campaign: bad input: ${bad}/broken.sca:3: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected\n` +
      'opp-campaign: 1 bad input file(s) left out; everything else was merged\n',
  );
});

test('export writes CSV-R and JSON as opp_scavetool does, filtered', async () => {
  const all = await runCli(['export', TEXT, '-F', 'csv-r']);
  assert.equal(all.code, 0, all.stderr);
  const expected = readFileSync(join(FIX, 'expected', 'all-text.csv'), 'utf8').split('\n');
  const run2 = (expected[1] ?? '').split(',')[0] ?? '';
  // run 2's .sca and .vec give the rows opp_scavetool gave (other runs have no vectors)
  const rows = (csv: string, run: string) => csv.split('\n').filter((l) => l.startsWith(`${run},`));
  assert.deepEqual(rows(all.stdout, run2), rows(expected.join('\n'), run2));

  const filtered = await runCli([
    'export',
    TEXT,
    '-F',
    'csv-r',
    '--filter',
    'module =~ "**.server" AND (type =~ scalar OR type =~ histogram) AND itervar:iaMean =~ 2',
  ]);
  assert.equal(filtered.code, 0, filtered.stderr);
  const lines = filtered.stdout.trim().split('\n');
  assert.equal(
    lines[0],
    'run,type,module,name,attrname,attrvalue,value,count,sumweights,mean,stddev,min,max,underflows,overflows,binedges,binvalues',
  );
  const items = lines.slice(1).filter((l) => !/^[^,]*,(runattr|itervar|config|attr),/.test(l));
  assert.ok(items.length > 0);
  for (const l of items)
    assert.match(l, /^PureAlohaExperiment-[23]-[^,]*,(scalar|histogram),Aloha\.server,/);
  assert.ok(!filtered.stdout.includes('SlottedAloha2'));

  const dir = tmp('json');
  const file = join(dir, 'out.json');
  const json = await runCli([
    'export',
    TEXT,
    SQLITE,
    '-F',
    'json',
    '-o',
    file,
    '-f',
    'type =~ vector',
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stdout, '');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { vectors?: unknown[] }>;
  assert.equal(Object.keys(doc).length, 2);
  for (const run of Object.values(doc)) assert.equal(run.vectors?.length, 11);
});

test('export of a merged dataset equals the export of its inputs', async () => {
  const dir = tmp('merged');
  cpSync(TEXT, join(dir, 'runs'), { recursive: true });
  const out = join(dir, 'out');
  assert.equal((await runCli(['merge', join(dir, 'runs'), '-o', out])).code, 0);
  const fromMerged = await runCli(['export', out, '-F', 'csv-r']);
  const fromInputs = await runCli(['export', join(dir, 'runs'), '-F', 'csv-r']);
  assert.equal(fromMerged.code, 0, fromMerged.stderr);
  assert.equal(fromMerged.stdout, fromInputs.stdout);
});

test('export of a dataset whose runs were merged out of run order lists every block in run order, as scalars.csv does', async () => {
  // a campaign merges runs as they finish: run #1 and SlottedAloha2 first, then run #0
  const dir = tmp('order');
  const later = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
  cpSync(TEXT, join(dir, 'first'), { recursive: true });
  mkdirSync(join(dir, 'then'));
  for (const ext of ['.sca', '.vec', '.vci'])
    renameSync(join(dir, 'first', later + ext), join(dir, 'then', later + ext));
  const out = join(dir, 'out');
  assert.equal((await runCli(['merge', join(dir, 'first'), '-o', out])).code, 0);
  assert.equal((await runCli(['merge', join(dir, 'then'), '-o', out])).code, 0);

  const all = await runCli(['export', out, '-F', 'csv-r']);
  assert.equal(all.code, 0, all.stderr);
  const runsOf = (type: string): string[] => [
    ...new Set(
      all.stdout
        .split('\n')
        .filter((l) => l.split(',')[1] === type)
        .map((l) => l.split(',')[0] ?? ''),
    ),
  ];
  const order = runsOf('runattr');
  assert.equal(order.length, 3);
  assert.match(order[0] ?? '', /^PureAlohaExperiment-2-/);
  assert.deepEqual(runsOf('scalar'), order);
  assert.deepEqual(runsOf('param'), order);
  assert.deepEqual(runsOf('histogram'), order);
  // the same as the export of the runs merged at once, and as the dataset's scalars.csv
  cpSync(join(dir, 'then'), join(dir, 'first'), { recursive: true });
  const atOnce = join(dir, 'at-once');
  assert.equal((await runCli(['merge', join(dir, 'first'), '-o', atOnce])).code, 0);
  assert.equal((await runCli(['export', atOnce, '-F', 'csv-r'])).stdout, all.stdout);
  const scalars = await runCli(['export', out, '-F', 'csv-r', '-f', 'NOT type =~ vector']);
  assert.equal(scalars.stdout, readFileSync(join(out, 'scalars.csv'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
});

test('export -x precision=17 (or --precision=17) writes every double as stored; a bad -x is a usage error', async () => {
  // the SQLite fixture holds doubles exactly (a text .sca holds what its precision wrote)
  const { results } = await loadResults([SQLITE]);
  const stored = new Map<string, number>();
  for (const item of results.items(['scalar']))
    if (item.type === 'scalar')
      stored.set(`${item.runName},${item.module},${item.name}`, item.value);
  const scalarsOf = (csv: string): Map<string, string> =>
    new Map(
      csv
        .split('\n')
        .map((l) => l.split(','))
        .filter((f) => f[1] === 'scalar')
        .map((f) => [`${f[0]},${f[2]},${f[3]}`, f[6] ?? ''] as const),
    );
  const full = await runCli(['export', SQLITE, '-F', 'csv-r', '-x', 'precision=17']);
  assert.equal(full.code, 0, full.stderr);
  const byDefault = await runCli(['export', SQLITE, '-F', 'csv-r']);
  let rounded = 0;
  for (const [key, text] of scalarsOf(full.stdout)) {
    if (!Number.isFinite(stored.get(key))) continue;
    assert.equal(Number(text), stored.get(key), key);
    if (Number(scalarsOf(byDefault.stdout).get(key)) !== stored.get(key)) rounded++;
  }
  assert.ok(rounded > 0, 'some scalar needs more than 14 digits');
  assert.equal(scalarsOf(full.stdout).size, stored.size);
  const long = await runCli(['export', SQLITE, '-F', 'csv-r', '--precision=17']);
  assert.equal(long.stdout, full.stdout);
  const json = await runCli(['export', SQLITE, '-F', 'json', '-x', 'precision=17']);
  const doc = JSON.parse(json.stdout) as Record<
    string,
    { scalars: Array<{ module: string; name: string; value: number }> }
  >;
  for (const [run, r] of Object.entries(doc))
    for (const sc of r.scalars) {
      const v = stored.get(`${run},${sc.module},${sc.name}`);
      if (Number.isFinite(v)) assert.equal(sc.value, v);
    }

  for (const [x, says] of [
    ['precision=1.5', "precision is a whole number 0 to 100, not '1.5'"],
    ['precision=101', "precision is a whole number 0 to 100, not '101'"],
    ['digits=3', "-x takes KEY=VALUE with KEY one of precision, not 'digits=3'"],
  ] as const) {
    const bad = await runCli(['export', SQLITE, '-F', 'csv-r', '-x', x]);
    assert.equal(bad.code, 2);
    assert.ok(bad.stderr.includes(says), bad.stderr);
    assert.equal(bad.stdout, '');
  }
});

test(
  'export -x precision=N equals opp_scavetool export -x precision=N (lines, as the run order differs)',
  { skip: needsOmnetpp() },
  async () => {
    const { env } = theOmnetpp();
    const dir = tmp('precision');
    const files = readdirSync(SQLITE).map((f) => join(SQLITE, f));
    for (const [format, theirs] of [
      ['csv-r', 'CSV-R'],
      ['json', 'JSON'],
    ] as const)
      for (const p of ['17', '0', '30']) {
        const out = join(dir, `${format}-${p}`);
        const r = spawnSync(
          'opp_scavetool',
          ['export', '-F', theirs, '-x', `precision=${p}`, '-o', out, ...files],
          { env, encoding: 'utf8' },
        );
        assert.equal(r.status, 0, r.stderr);
        const ours = await runCli(['export', ...files, '-F', format, '-x', `precision=${p}`]);
        const lines = (t: string): string[] => t.split('\n').sort();
        assert.deepEqual(
          lines(ours.stdout),
          lines(readFileSync(out, 'utf8')),
          `${format} precision=${p}`,
        );
      }
    rmSync(dir, { recursive: true, force: true });
  },
);

test(
  'export of a text .vec without .vci (indexed once, its index kept for the passes) equals opp_scavetool export -F CSV-R, byte for byte',
  { skip: needsOmnetpp() },
  async () => {
    const { env } = theOmnetpp();
    const dir = tmp('vec-no-vci');
    try {
      const name = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0.vec';
      // (apart: opp_scavetool writes the .vci it lacks)
      for (const d of ['ours', 'theirs']) {
        mkdirSync(join(dir, d));
        cpSync(join(TEXT, name), join(dir, d, name));
      }
      const ours = await runCli(['export', join(dir, 'ours', name), '-F', 'csv-r']);
      assert.equal(ours.code, 0, ours.stderr);
      assert.ok(!existsSync(join(dir, 'ours', name.replace(/\.vec$/, '.vci'))));
      const out = join(dir, 'theirs.csv');
      const r = spawnSync(
        'opp_scavetool',
        ['export', '-F', 'CSV-R', '-o', out, join(dir, 'theirs', name)],
        {
          env,
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.ok(ours.stdout.includes(',vector,'));
      assert.equal(ours.stdout, readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'a text .sca in Latin-1 (0xE9 in a param, a config value, a scalar name; 0xB5 in a unit): merge and export read its non-UTF-8 lines as Latin-1, "Café" in UTF-8, the characters opp_scavetool copies as bytes (before: U+FFFD, the byte lost)',
  { skip: needsOmnetpp() },
  async () => {
    const { env } = theOmnetpp();
    const dir = tmp('latin1');
    try {
      const run = (i: number): string =>
        [
          `run General-${i}-20261206-01:00:00-10${i}`,
          'attr configname General',
          `attr runnumber ${i}`,
          'config network Net',
          'config **.name "Caf\xe9"',
          '',
          'par Net.node name "\\"Caf\xe9\\""',
          // (a UTF-8 line, its U+FFFD its own: kept)
          'par Net.node other "\xef\xbf\xbd \xc3\xa9"',
          `scalar Net.node caf\xe9Count ${i + 3}`,
          'attr unit "\xb5s"',
          '',
        ].join('\n');
      // one run (merge's one-run way), two runs (the record by record way)
      const one = join(dir, 'one.sca');
      const two = join(dir, 'two.sca');
      writeFileSync(one, Buffer.from(`version 3\n${run(0)}`, 'latin1'));
      writeFileSync(two, Buffer.from(`version 3\n${run(1)}${run(2)}`, 'latin1'));
      for (const f of [one, two]) {
        const ours = await runCli(['export', f, '-F', 'csv-r']);
        assert.equal(ours.code, 0, ours.stderr);
        assert.ok(ours.stdout.includes(',caféCount,unit,µs,'), ours.stdout);
        assert.ok(ours.stdout.includes(',"""Café"""\n'));
        assert.ok(ours.stdout.includes(',other,,,\uFFFD é\n'));
        const out = `${f}.csv`;
        const r = spawnSync('opp_scavetool', ['export', '-F', 'CSV-R', '-o', out, f], {
          env,
          encoding: 'utf8',
        });
        assert.equal(r.status, 0, r.stderr);
        // opp_scavetool's bytes: 0xE9 as it is; its lines read as these are: the same text
        const theirs = readFileSync(out)
          .toString('latin1')
          .split('\n')
          .map((l) => (isUtf8(Buffer.from(l, 'latin1')) ? Buffer.from(l, 'latin1').toString() : l))
          .join('\n');
        assert.equal(ours.stdout, theirs);
        // the merged dataset: the same text in results.sca (SQLite), scalars.csv and its export
        const ds = `${f}.ds`;
        const merged = await runCli(['merge', f, '-o', ds]);
        assert.equal(merged.code, 0, merged.stderr);
        const csv = readFileSync(join(ds, 'scalars.csv'), 'utf8');
        assert.ok(csv.includes('caféCount') && !csv.includes('caf\uFFFDCount'), csv);
        const again = await runCli(['export', ds, '-F', 'csv-r']);
        assert.equal(again.stdout, ours.stdout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('lines read a chunk at a time: a Latin-1 line as Latin-1, a UTF-8 one as UTF-8, whatever the chunks cut (CR, CRLF, a character cut in two)', () => {
  const dir = tmp('lines');
  try {
    const file = join(dir, 'x.sca');
    const lines = [
      'version 3',
      'caf\xe9',
      'Caf\xc3\xa9 \xe2\x82\xac',
      '',
      '\xb5s \xef\xbf\xbd',
      'end \xe9',
    ];
    // (CRLF after the first line, CR after the third and fourth, the last one unterminated)
    const bytes = Buffer.from(
      lines.join('\n').replace('\ncaf', '\r\ncaf').replace('\n\n', '\r\r'),
      'latin1',
    );
    writeFileSync(file, bytes);
    for (const first of [1, 2, 3, 5, 7, 64]) {
      const got = [...readTextLinesSync(file, first)].flatMap((b) => b.lines);
      // the fifth line is not UTF-8 (0xB5): Latin-1 whole, its EF BF BD three characters
      assert.deepEqual(
        got,
        ['version 3', 'café', 'Café €', '', 'µs \u00ef\u00bf\u00bd', 'end é'],
        `first chunk ${first}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export: a filter that does not parse, or a bad file, is an error naming where', async () => {
  const r = await runCli(['export', TEXT, '-F', 'csv-r', '-f', 'name =~ (x']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    "opp-campaign: error: filter: a pattern expected after '=~', not '(' at position 9\n  name =~ (x\n          ^\n",
  );
  const dir = tmp('badexport');
  writeFileSync(join(dir, 'x.sca'), 'version 3\nrun R\nstatistic m s\nfield count abc\n');
  const bad = await runCli(['export', dir, '-F', 'json']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^opp-campaign: error: .*x\.sca:4: /);
});

test('export to a reader that has gone (| head, | true) ends quietly, as opp_scavetool does', () => {
  // `true` exits before the export's first write: every write meets a closed pipe (EPIPE)
  for (const format of ['csv-r', 'json']) {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" --import tsx src/cli/main.ts export "${TEXT}" -F ${format} | true; exit \${PIPESTATUS[0]}`,
      ],
      { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' },
    );
    assert.equal(r.stderr, '', format);
    assert.equal(r.status, 0, format);
  }
});

test('export to a stdout that cannot be written (> /dev/full) says so, naming stdout, exit 1', () => {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" --import tsx src/cli/main.ts export "${TEXT}" -F json > /dev/full`,
    ],
    { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' },
  );
  assert.equal(
    r.stderr,
    'opp-campaign: error: could not write the output to stdout: no space left on device (ENOSPC)\n',
  );
  assert.equal(r.status, 1);
});

test('export and report -o to something that is not a plain file (a FIFO, as /dev/null is a device) write into it, never rename over it; a symbolic link stays one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-export-special-'));
  // a FIFO: renamed over, it would become a plain file (as /dev/null did, for everyone, as root)
  const fifo = join(dir, 'pipe');
  spawnSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  let read = '';
  reader.stdout.on('data', (c: Buffer) => (read += c.toString()));
  const closed = new Promise((res) => reader.on('close', res));
  const r = await runCli(['export', TEXT, '-F', 'csv-r', '-o', fifo]);
  assert.equal(r.code, 0, r.stderr);
  // (renamed over, the FIFO gets no writer: the reader would wait for ever)
  const ended = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((res) => setTimeout(() => res(false), 15_000)),
  ]);
  if (!ended) reader.kill();
  assert.ok(ended, 'the export wrote into the FIFO');
  assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
  assert.match(read, /^run,type,module,name,attrname,attrvalue,value/);
  // a symbolic link: the file it points to is written, the link stays
  const target = join(dir, 'target.csv');
  writeFileSync(target, 'old');
  const link = join(dir, 'link.csv');
  symlinkSync(target, link);
  assert.equal((await runCli(['export', TEXT, '-F', 'csv-r', '-o', link])).code, 0);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(target, 'utf8'), /^run,type,/);
  const page = join(dir, 'page-link.html');
  const pageTarget = join(dir, 'page.html');
  writeFileSync(pageTarget, 'old');
  symlinkSync(pageTarget, page);
  assert.equal((await runCli(['report', TEXT, '-o', page])).code, 0);
  assert.ok(lstatSync(page).isSymbolicLink());
  assert.match(readFileSync(pageTarget, 'utf8'), /^<!doctype html>/i);
});

test('report: a chosen scalar that every run has as NaN is said to be NaN, not missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-report-nan-'));
  for (const f of readdirSync(TEXT).filter((f) => f.startsWith('PureAloha') && f.endsWith('.sca')))
    writeFileSync(
      join(dir, f),
      readFileSync(join(TEXT, f), 'utf8').replace(
        'scalar Aloha.server duration 180\n',
        'scalar Aloha.server duration 180\nscalar Aloha.server lifetime:mean nan\n',
      ),
    );
  const r = await runCli([
    'report',
    dir,
    '-s',
    '**.server:lifetime:mean',
    '-s',
    '**.server:nothing',
    '-o',
    join(dir, 'page.html'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    'opp-campaign: warning: the scalar **.server:lifetime:mean is NaN or infinite in every run that has it: no chart\n' +
      'opp-campaign: warning: no run has the scalar **.server:nothing (--scalar MODULE:NAME)\n',
  );
});

test('an SQLite result file whose path is too long for SQLite: export and merge say so, naming it', async () => {
  // 3 x 160 bytes of folders: fine for Linux (4096), over what SQLite opens (504 with -journal)
  const long = join(tmp('long'), ...Array.from({ length: 3 }, () => 'd'.repeat(160)));
  mkdirSync(long, { recursive: true });
  const file = join(long, 'run.sca');
  cpSync(join(SQLITE, readdirSync(SQLITE).find((f) => f.endsWith('.sca')) as string), file);
  const why = `its path is ${Buffer.byteLength(file)} bytes long, and SQLite opens no file of a path over 504 bytes`;
  // (before: "Cannot read SQLite result file: unable to open database file", no reason)
  const e = await runCli(['export', file, '-F', 'csv-r', '-o', join(long, '..', 'x.csv')]);
  assert.equal(e.code, 1, e.stderr);
  assert.ok(e.stderr.includes(`${file}: ${why}`), e.stderr);
  const m = await runCli(['merge', long, '-o', join(tmp('short'), 'out')]);
  assert.equal(m.code, 1, m.stderr);
  assert.ok(m.stderr.includes(`${file}: ${why}`), m.stderr);
});

test('report of a .vec (or its .vci) file: its run is reported; a garbled one or a lone .vci is refused, naming the file', async () => {
  const dir = tmp('report-vec');
  const vec = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0.vec';
  const r = await runCli(['report', join(TEXT, vec), '-o', join(dir, 'g.html')]);
  assert.equal(r.code, 0, r.stderr);
  // (before: "Report of 0 runs")
  assert.match(r.stdout, /Report of 1 run, 0 charts:/);
  const i = await runCli([
    'report',
    join(TEXT, vec.replace(/\.vec$/, '.vci')),
    '-o',
    join(dir, 'i.html'),
  ]);
  assert.match(i.stdout, /Report of 1 run\b/, i.stderr);
  // a vector file with a line that is none (before: accepted silently, 0 runs)
  const text = readFileSync(join(TEXT, vec), 'utf8').split('\n');
  text.splice(5, 0, 'garbage here');
  writeFileSync(join(dir, 'garb.vec'), text.join('\n'));
  const g = await runCli(['report', join(dir, 'garb.vec'), '-o', join(dir, 'b.html')]);
  assert.equal(g.code, 1);
  assert.match(g.stderr, /error: \S*garb\.vec:6: unrecognized line/);
  assert.equal(existsSync(join(dir, 'b.html')), false);
  writeFileSync(join(dir, 'lone.vci'), 'version 3\n');
  const l = await runCli(['report', join(dir, 'lone.vci'), '-o', join(dir, 'l.html')]);
  assert.equal(l.code, 1);
  assert.match(
    l.stderr,
    /lone\.vci: an index of a vector file, whose vector file \S*lone\.vec is not there/,
  );
  rmSync(dir, { recursive: true, force: true });
});

test('merge (and export) of a .vci: its vector file is merged, once when both are named (before: "no \'run\' line: not an OMNeT++ result file")', async () => {
  const dir = tmp('merge-vci');
  const vec = join(TEXT, 'PureAlohaExperiment-numHosts=10,iaMean=2-#0.vec');
  const vci = vec.replace(/\.vec$/, '.vci');
  const m = await runCli(['merge', vci, vec, '-o', join(dir, 'out')]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /\*\.vec +1 run\(s\) added/);
  const e = await runCli(['export', vci, '-F', 'csv-r']);
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /PureAlohaExperiment-/);
  rmSync(dir, { recursive: true, force: true });
});

test('report DIR/* on a folder of result files and others (a journal, runs.csv, .out files): the result files are reported, the rest skipped', async () => {
  const dir = tmp('report-star');
  const res = join(dir, 'results');
  cpSync(TEXT, res, { recursive: true });
  const sqlite = join(res, 'sqlite-run.db');
  cpSync(join(SQLITE, 'PureAlohaExperiment-numHosts=10,iaMean=2-#0.sca'), sqlite);
  writeFileSync(join(res, 'journal.jsonl'), '{"not":"a result file"}\n');
  writeFileSync(join(res, 'runs.csv'), 'run,status\n');
  writeFileSync(join(res, 'report.html'), '<html></html>\n');
  writeFileSync(join(res, 'SlottedAloha2-0.out'), 'OMNeT++ Discrete Event Simulation\n');
  const all = readdirSync(res).map((f) => join(res, f));
  const r = await runCli(['report', ...all, '-o', join(dir, 'r.html')]);
  // (before: "journal.jsonl:1: unrecognized line")
  assert.equal(r.code, 0, r.stderr);
  // three text runs (the .vec's and .vci's run, named too, is one of them) and the SQLite
  // file's run (read though its name is no result file's)
  assert.match(r.stdout, /Report of 4 runs/, r.stdout);
  assert.doesNotMatch(r.stderr, /unrecognized|error/, r.stderr);
  rmSync(dir, { recursive: true, force: true });
});
