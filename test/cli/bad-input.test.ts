// A user's mistakes, each found by trying it: one error line naming the value (and the file and
// line where there is one), exit status 1 or 2, never a stack trace, nothing done.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { REPO } from '../helpers/project.js';

const SCA = join(REPO, 'test', 'fixtures', 'results', 'text', 'SlottedAloha2-#0.sca');

function project(campaignFile?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bad-input-'));
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.x = ${x=1..3}\n');
  if (campaignFile !== undefined) writeFileSync(join(dir, 'opp-campaign.yml'), campaignFile);
  return dir;
}

/** One error line (a usage error adds the hint line), no stack, exit 1 or 2. */
function refused(r: CliResult, message: RegExp, code = 1): void {
  assert.equal(r.code, code, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0] ?? '', message);
  assert.equal(lines.length, code === 2 ? 2 : 1, r.stderr);
  assert.ok((lines[0] ?? '').length < 400, 'short');
}

test('campaign file: an alias bomb, huge numbers, syntax errors with their line', async () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
    const prev = String.fromCharCode('a'.charCodeAt(0) + i);
    bomb.push(`${name}: &${name} [${new Array<string>(9).fill(`*${prev}`).join(',')}]`);
  }
  const cases: [string, RegExp][] = [
    [bomb.join('\n') + '\n', /opp-campaign\.yml: aliases \(\*name\) expand the file too much/],
    [
      'jobs: 1e300\n',
      /opp-campaign\.yml:1: 'jobs' must be a whole number from 1 to 1024, not 1e\+300/,
    ],
    [
      'jobs: 4\nretries: 1e9\n',
      /opp-campaign\.yml:2: 'retries' must be a whole number from 0 to 100, not 1000000000/,
    ],
    ['timeout: 1e300\n', /opp-campaign\.yml:1: 'timeout' must be at most 596h, not 1e\+300/],
    [
      'jobs: 2\nbatch: 0\n',
      /opp-campaign\.yml:2: 'batch' must be a whole number from 1 to 1000, not 0/,
    ],
    ['jobs: 2\nconfigs: [a\n  b: 1\n', /opp-campaign\.yml:2: /],
    ['jobs: 2\njobs: 3\n', /opp-campaign\.yml:2: Map keys must be unique/],
    [
      'projects:\n  - name: evil\n    git: "--upload-pack=touch pwned"\n    ref: main\n    build: none\n',
      /opp-campaign\.yml:3: 'projects\.0\.git' must not start with '-' \(git would take "--upload-pack=touch pwned" for an option\)/,
    ],
    [
      'projects:\n  - name: evil\n    git: https://127.0.0.1:9/r.git\n    ref: --output=x\n    build: none\n',
      /opp-campaign\.yml:4: 'projects\.0\.ref' must not start with '-'/,
    ],
  ];
  for (const [text, message] of cases) {
    const dir = project(text);
    refused(await runCli(['run', dir], dir), message); // a command git ran would write there
    assert.deepEqual(readdirSync(dir).sort(), ['omnetpp.ini', 'opp-campaign.yml'], 'nothing done');
  }
});

test('a config, run filter or ini file the campaign file chose and that is wrong: the error says it came from there', async () => {
  for (const [text, message] of [
    ['configs: [Nope]\n', /No such config: Nope \(.*\) \(configs: in .*opp-campaign\.yml\)$/],
    ['runs: "1.."\n', /Syntax error in run list '1\.\.' \(runs: in .*opp-campaign\.yml\)$/],
    ['runs: "$y > 1"\n', /Cannot evaluate run filter: .* \(runs: in .*opp-campaign\.yml\)$/],
    ['ini: [nope.ini]\n', /Cannot open ini file '.*nope\.ini' \(ini: in .*opp-campaign\.yml\)$/],
  ] as const) {
    const dir = project(`run: { program: ./sim }\n${text}`);
    refused(await runCli(['run', dir], dir), message); // a command git ran would write there
  }
  // a campaign file that does not name the ini: a missing omnetpp.ini is not blamed on it
  const noIni = project('run: { program: ./sim }\n');
  rmSync(join(noIni, 'omnetpp.ini'));
  refused(
    await runCli(['run', noIni]),
    /Cannot open ini file '.*omnetpp\.ini' \(looked for in [^;)]*\)$/,
  );
  // given on the command line, it is the command line's
  const dir = project('run: { program: ./sim }\nconfigs: [Nope]\n');
  refused(await runCli(['run', dir, '-c', 'Other']), /No such config: Other \([^)]*\)$/);
  // a run list that one of several configs is too small for names that config
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Config Big]\n**.x = ${x=1..9}\n',
  );
  refused(
    await runCli(['run', dir, '-c', 'Big', '-c', 'General', '-r', '0..3']),
    /^opp-campaign: error: Run number 1 in run list '0\.\.3' is out of range 0\.\.0 \(config General\)$/,
  );
});

test('an ini error names the file as found from the current folder (DIR/omnetpp.ini), as plan does', async () => {
  const dir = project('run: { program: ./sim }\n');
  const given = relative(process.cwd(), dir);
  for (const [ini, line, message] of [
    ['[General]\nnetwork = Net\n[Broken\n', 3, 'Syntax error in section heading'],
    ['[General]\nnetwork = Net\n**.x = ${x=1..3 step 0}\n', 3, 'Step is zero'],
  ] as const) {
    writeFileSync(join(dir, 'omnetpp.ini'), ini);
    const expected = new RegExp(
      `^opp-campaign: error: ${given.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/omnetpp\\.ini:${line}: .*${message}`,
    );
    refused(await runCli(['run', given]), expected);
    const plan = await runCli(['plan', given, '-a']);
    if (line === 3 && message.startsWith('Syntax')) refused(plan, expected);
  }
});

test('run: -j, --retries and --batch out of range are refused at once', async () => {
  const dir = project();
  for (const [args, message] of [
    [['-j', '1e20'], /run: --jobs takes a whole number from 1 to 1024, not '1e20'/],
    [['-j', '30000000'], /run: --jobs takes a whole number from 1 to 1024, not '30000000'/],
    [['--retries', '1e300'], /run: --retries takes a whole number from 0 to 100, not '1e300'/],
    [['--batch', '0'], /run: --batch takes a whole number from 1 to 1000, not '0'/],
    [['--timeout', '99999999h'], /run: --timeout: 'timeout' must be at most 596h/],
    [
      ['--nope'],
      /^opp-campaign: error: run: unknown option --nope \(the simulations' own options go after --/,
    ],
    [
      ['-j', '-1'],
      /^opp-campaign: error: run: option -j needs a value \(one that starts with '-' is given as --jobs=VALUE\)$/,
    ],
    [['--results'], /^opp-campaign: error: run: option --results needs a value$/],
  ] as const) {
    refused(await runCli(['run', dir, ...args]), message, 2);
    assert.deepEqual(readdirSync(dir), ['omnetpp.ini'], 'nothing done');
  }
});

test('outputs that are the wrong kind of thing: export -o DIR, merge -o FILE, report, run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bad-output-'));
  const folder = join(dir, 'folder');
  const file = join(dir, 'file');
  mkdirSync(folder);
  writeFileSync(file, 'mine');
  refused(
    await runCli(['export', SCA, '-F', 'csv-r', '-o', folder]),
    /folder is a folder: name the file to write \(-o .*folder\/results\.csv\)/,
  );
  refused(
    await runCli(['export', SCA, '-F', 'csv-r', '-o', join(file, 'x.csv')]),
    /x\.csv: .*file is a file, not a folder/,
  );
  refused(
    await runCli(['export', SCA, '-F', 'csv-r', '-o', join(dir, 'nowhere', 'x.csv')]),
    /x\.csv: the folder .*nowhere does not exist/,
  );
  refused(await runCli(['merge', SCA, '-o', file]), /merge: -o .*file: .*file is a file/, 2);
  refused(
    await runCli(['merge', SCA, '-o', join(file, 'sub')]),
    /merge: -o .*sub: .*file is a file/,
    2,
  );
  refused(
    await runCli(['report', SCA, '-o', folder]),
    /folder is a folder: name the page to write/,
  );
  refused(await runCli(['report', SCA, '-o', join(file, 'r.html')]), /r\.html: .*file is a file/);
  // an output that is an input, or a result file inside an input folder: refused, kept
  const sca = join(dir, 'in.sca');
  writeFileSync(sca, readFileSync(SCA));
  refused(
    await runCli(['report', sca, '-o', sca]),
    /report: -o .*in\.sca would overwrite the input .*in\.sca/,
    2,
  );
  refused(
    await runCli(['report', dir, '-o', join(dir, 'in.sca')]),
    /report: -o .*in\.sca would overwrite the input/,
    2,
  );
  refused(
    await runCli(['export', sca, '-F', 'csv-r', '-o', sca]),
    /export: -o .*in\.sca would overwrite the input/,
    2,
  );
  assert.deepEqual(readFileSync(sca), readFileSync(SCA), 'the input untouched');
  // a result file's name in an input folder that holds no such file: nothing overwritten, but
  // a CSV named .sca among the results (before: "would overwrite the input" of a file not there)
  mkdirSync(join(dir, '.runs'), { recursive: true });
  const absent = join(dir, '.runs', 'x.sca');
  refused(
    await runCli(['export', dir, '-F', 'csv-r', '-o', absent]),
    /export: -o .*x\.sca would put a file named as a result file, but not one, into .*\.runs \(in the input .*\), where a later read of it takes it for one: name it without \.sca, \.vec or \.vci, or write it elsewhere/,
    2,
  );
  assert.ok(!existsSync(absent));
  rmSync(join(dir, '.runs'), { recursive: true });
  rmSync(sca);
  refused(
    await runCli(['run', project('run: { program: ./sim }\n'), '--results', file]),
    /results folder .*file: .*file is a file/,
  );
  assert.deepEqual(readdirSync(dir).sort(), ['file', 'folder']);
  assert.deepEqual(readdirSync(folder), []);
});

test('an output that is a symbolic link to an input (or into an input folder): refused, the input kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bad-input-'));
  try {
    const input = join(dir, 'in');
    mkdirSync(input);
    const sca = join(input, 'h.sca');
    writeFileSync(sca, readFileSync(SCA));
    symlinkSync(sca, join(dir, 'out.html'));
    symlinkSync(input, join(dir, 'dataset'));
    refused(
      await runCli(['report', input, '-o', join(dir, 'out.html')]),
      /report: -o .*out\.html would overwrite the input/,
      2,
    );
    refused(
      await runCli(['report', sca, '-o', join(dir, 'out.html')]),
      /report: -o .*out\.html would overwrite the input .*h\.sca/,
      2,
    );
    refused(
      await runCli(['export', sca, '-F', 'csv-r', '-o', join(dir, 'out.html')]),
      /export: -o .*out\.html would overwrite the input/,
      2,
    );
    // a link to the input folder as the input, the output through the folder itself
    refused(
      await runCli(['report', join(dir, 'dataset'), '-o', join(input, 'h.sca')]),
      /report: -o .*h\.sca would overwrite the input/,
      2,
    );
    assert.deepEqual(readFileSync(sca), readFileSync(SCA), 'the input untouched');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("report and export refuse an -o that is a file they read: a journal (--journal too), runs.csv, a run's log, the campaign file, a hard link to one", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bad-input-'));
  try {
    const ds = join(dir, 'resx');
    mkdirSync(join(ds, '.runs'), { recursive: true });
    mkdirSync(join(ds, 'logs'));
    const sca = join(ds, '.runs', 'h.sca');
    writeFileSync(sca, readFileSync(SCA));
    const st = statSync(sca);
    const record = {
      t: 'run',
      key: 'k0',
      config: 'SlottedAloha2',
      run: 0,
      attempt: 1,
      status: 'ok',
      exitCode: 0,
      signal: null,
      wallMs: 120,
      peakKiB: 5000,
      build: 'b',
      log: 'logs/X.log',
      itervars: '$repetition=0',
      files: [{ path: '.runs/h.sca', size: st.size, mtimeMs: st.mtimeMs }],
    };
    writeFileSync(join(ds, 'journal.jsonl'), JSON.stringify(record) + '\n');
    writeFileSync(join(ds, 'logs', 'X.log'), "the run's output\n");
    writeFileSync(join(ds, 'opp-campaign.yml'), 'report: { scalars: [] }\n');
    assert.equal((await runCli(['merge', join(ds, '.runs'), '-o', ds])).code, 0);
    const journal = join(dir, 'j.jsonl');
    writeFileSync(journal, JSON.stringify(record) + '\n');
    linkSync(join(ds, 'journal.jsonl'), join(dir, 'linked.html'));
    const files = [
      journal,
      ...['journal.jsonl', 'runs.csv', 'logs/X.log', 'opp-campaign.yml', 'results.sca'].map((f) =>
        join(ds, f),
      ),
    ];
    const before = files.map((f) => readFileSync(f));
    // (before: each was written over with the page or the CSV, exit 0)
    const cases: Array<[string[], RegExp]> = [
      [
        ['report', join(ds, '.runs'), '--journal', journal, '-o', journal],
        /^opp-campaign: error: report: -o \S+j\.jsonl would overwrite the input \S+j\.jsonl$/,
      ],
      [
        ['report', ds, '-o', join(ds, 'journal.jsonl')],
        /report: -o \S+resx\/journal\.jsonl would overwrite the input \S+resx\/journal\.jsonl \(a campaign journal it reads\)$/,
      ],
      [
        ['report', join(ds, '.runs'), '-o', join(ds, 'journal.jsonl')],
        /report: -o \S+ would overwrite the input \S+ \(a campaign journal it reads\)$/,
      ],
      [
        ['report', ds, '-o', join(ds, 'runs.csv')],
        /report: -o \S+runs\.csv would overwrite the input \S+ \(a runs\.csv it reads\)$/,
      ],
      [
        ['report', ds, '-o', join(ds, 'logs', 'X.log')],
        /report: -o \S+X\.log would overwrite the input \S+ \(the log of a run that \S+journal\.jsonl names\)$/,
      ],
      [
        ['report', ds, '-o', join(ds, 'opp-campaign.yml')],
        /report: -o \S+ would overwrite the input \S+ \(the campaign file it reads\)$/,
      ],
      [
        [
          'report',
          ds,
          '--campaign',
          join(ds, 'opp-campaign.yml'),
          '-o',
          join(ds, 'opp-campaign.yml'),
        ],
        /report: -o \S+ would overwrite the input \S+opp-campaign\.yml$/,
      ],
      [
        ['export', ds, '-F', 'csv-r', '-o', join(ds, 'journal.jsonl')],
        /export: -o \S+ would overwrite the input \S+ \(a campaign journal it reads\)$/,
      ],
      [
        ['report', ds, '-o', join(dir, 'linked.html')],
        /report: -o \S+linked\.html would overwrite the input \S+ \(a campaign journal it reads\)$/,
      ],
    ];
    for (const [args, message] of cases) refused(await runCli(args), message, 2);
    assert.deepEqual(
      files.map((f) => readFileSync(f)),
      before,
      'every file read is as it was',
    );
    // the dataset's own page, and a new file in it, are still written
    assert.equal((await runCli(['report', ds, '-o', join(ds, 'report.html')])).code, 0);
    const csv = await runCli(['export', ds, '-F', 'csv-r', '-o', join(ds, 'all.csv')]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal((await runCli(['export', ds, '-F', 'csv-r', '-o', join(ds, 'all.csv')])).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('paths the file system refuses: one line naming the path and why, no stack', async () => {
  const dir = project();
  mkdirSync(join(dir, 'opp-campaign.yml'));
  refused(
    await runCli(['plan', dir]),
    /^opp-campaign: error: cannot read '.*opp-campaign\.yml': is a folder, not a file \(EISDIR\)$/,
  );
  refused(
    await runCli(['report', SCA, '-o', join(dir, 'r.html'), '--campaign', join(dir, 'none.yml')]),
    /^opp-campaign: error: cannot open '.*none\.yml': no such file or folder \(ENOENT\)$/,
  );
  // sysfs takes no new folders, not even from root
  const ro = project('run: { program: ./sim }\n');
  const r = await runCli(['run', ro, '--results', '/sys/opp-campaign-test']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /\nopp-campaign: error: cannot mkdir '\/sys\/opp-campaign-test.*': .* \((EPERM|EACCES|EROFS)\)\n$/,
  );
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  assert.deepEqual(readdirSync(ro).sort(), ['omnetpp.ini', 'opp-campaign.yml'], 'nothing done');
});

test('merge: a rebuild from nothing leaves the dataset as it was; a missing input merges nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bad-merge-'));
  const ds = join(dir, 'ds');
  assert.equal((await runCli(['merge', SCA, '-o', ds, '-q'])).code, 0);
  const before = readdirSync(ds).sort();
  const sca = readFileSync(join(ds, 'results.sca'));
  refused(
    await runCli(['merge', ds, '-o', ds, '--rebuild']),
    /^opp-campaign: error: nothing to rebuild .*ds from: no \.sca or \.vec files in .*ds; .*ds was left as it was$/,
  );
  refused(
    await runCli(['merge', join(dir, 'nowhere'), '-o', ds, '--rebuild']),
    /^opp-campaign: error: merge: .*nowhere: no such file or folder; nothing was merged$/,
    2,
  );
  // without --rebuild, `merge OUT -o OUT` finishes a merge cut short: nothing to warn about
  const itself = await runCli(['merge', ds, '-o', ds, '-q']);
  assert.equal(itself.code, 0, itself.stderr);
  assert.equal(itself.stderr, '');
  assert.deepEqual(readdirSync(ds).sort(), before);
  assert.deepEqual(readFileSync(join(ds, 'results.sca')), sca, 'the dataset untouched');
  refused(
    await runCli(['merge', join(dir, 'nowhere'), '-o', join(dir, 'new')]),
    /merge: .*nowhere: no such file or folder/,
    2,
  );
  assert.ok(!existsSync(join(dir, 'new')), 'no empty dataset made');
});

test('export: a deeply nested filter is refused; long AND and OR chains work', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'opp-bad-filter-')), 'x.csv');
  const deep = '('.repeat(5000) + 'x' + ')'.repeat(5000);
  const r = await runCli(['export', SCA, '-F', 'csv-r', '-f', deep, '-o', out]);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  assert.match(r.stderr, /filter: nested more than 200 levels deep at position 201/);
  assert.ok(r.stderr.length < 400, 'the filter is shown in part');
  for (const filter of [
    'NOT '.repeat(20_001) + 'x',
    'x AND '.repeat(20_000) + '*',
    'x OR '.repeat(20_000) + 'NOT *',
  ]) {
    const ok = await runCli(['export', SCA, '-F', 'csv-r', '-f', filter, '-o', out]);
    assert.equal(ok.code, 0, ok.stderr.slice(0, 300));
  }
});

test('runs that would overwrite one another’s result files: refused at the ini line before anything is built', async () => {
  const dir = project('build: { preset: make }\nrun: { program: ./sim }\n');
  writeFileSync(join(dir, 'Makefile'), 'all:\n\ttouch built\n');
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n**.x = ${x=1..3}\nrepeat = 2\noutput-scalar-file = ${resultdir}/${configname}-${repetition}.sca\n',
  );
  const r = await runCli(['run', dir, '--progress', 'plain']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^opp-campaign: error: \S*\/omnetpp\.ini:5: runs General #0, General #2 and General #4 would all write the scalar file General-0\.sca: output-scalar-file names no run apart\./,
  );
  assert.ok(!existsSync(join(dir, 'built')), 'nothing was built');
  assert.ok(!existsSync(join(dir, 'results', 'journal.jsonl')), 'nothing was run');
});

test('a run whose result file name is longer than 255 bytes: refused at the ini line before anything is built', async () => {
  const dir = project('build: { preset: make }\nrun: { program: ./sim }\n');
  writeFileSync(join(dir, 'Makefile'), 'all:\n\ttouch built\n');
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Long]\n' +
      '**.nosuch1 = ${city="Größenwahn-Überlandstraße-Fußgängerzone-Müll-Süd-Ost-Nord-Weststraße", "Berlin"}\n' +
      '**.nosuch2 = ${trace="traces/campus-wifi/building-A/floor-3.csv"}\n',
  );
  const r = await runCli(['run', dir, '-c', 'Long', '--progress', 'plain']);
  refused(
    r,
    /^opp-campaign: error: \S*\/omnetpp\.ini:4: run Long #0 would write the scalar file Long-city=Gr#ffffffc3\S*\.\.\., a name of 292 bytes \(at most 255 can be written\)\. .*\$\{configname\}-\$\{runnumber\}\.sca"$/,
  );
  assert.ok(!existsSync(join(dir, 'built')), 'nothing was built');
  assert.ok(!existsSync(join(dir, 'results')), 'nothing was run');
});

test('a results folder holding result files no campaign made (OMNeT++ writes to results/ by default): refused, the files untouched', async () => {
  const dir = project('build: { preset: make }\nrun: { program: ./sim }\n');
  writeFileSync(join(dir, 'Makefile'), 'all:\n\ttouch built\n');
  mkdirSync(join(dir, 'results'));
  const own = 'version 3\nrun PureAloha1-0-20261205\n';
  writeFileSync(join(dir, 'results', 'PureAloha1-#0.sca'), own);
  writeFileSync(join(dir, 'results', 'PureAloha1-#0.vec'), own);
  const r = await runCli(['run', dir, '--progress', 'plain']);
  refused(
    r,
    /^opp-campaign: error: .*results holds result files that no campaign made \(PureAloha1-#0\.sca, PureAloha1-#0\.vec\): OMNeT\+\+ writes its runs there by default, .*--results OUT$/,
  );
  assert.deepEqual(readdirSync(join(dir, 'results')).sort(), [
    'PureAloha1-#0.sca',
    'PureAloha1-#0.vec',
  ]);
  assert.equal(readFileSync(join(dir, 'results', 'PureAloha1-#0.vec'), 'utf8'), own);
  // another folder is fine
  const elsewhere = await runCli(['run', dir, '--progress', 'plain', '--results', 'campaign']);
  assert.doesNotMatch(elsewhere.stderr, /no campaign made/);
});

test('wrong command lines found past the option parser exit 2 with the help hint: run -- -c X, resume with no run, help COMMAND', async () => {
  const dir = project('build: { preset: make }\nrun: { program: ./sim }\n');
  refused(
    await runCli(['run', dir, '--', '-c', 'Other']),
    /^opp-campaign: error: an argument after --: '-c Other': /,
    2,
  );
  refused(
    await runCli(['resume']),
    /^opp-campaign: error: resume: which run\? Give its id or URL$/,
    2,
  );
  refused(
    await runCli(['snapshot', join(dir, 'nope')]),
    /^opp-campaign: error: snapshot: .*nope: no such folder$/,
  );
  const help = await runCli(['help', 'run']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: opp-campaign run /);
});

test('a run URL and a --repo that names another repository: refused before any request, exit 2 (before: --repo won silently)', async () => {
  for (const cmd of ['watch', 'fetch', 'resume']) {
    const r = await runCli([cmd, 'https://github.com/o/r/actions/runs/5', '--repo', 'x/y']);
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.match(
      r.stderr,
      /--repo x\/y names another repository than the run's URL \(o\/r\): give one of them/,
      cmd,
    );
  }
  // the same repository in other letter cases is no conflict (GitHub's names ignore case)
  const same = await runCli(['watch', 'https://github.com/o/r/actions/runs/5', '--repo', 'O/R']);
  assert.doesNotMatch(same.stderr, /names another repository/);
});

test("a GitHub Enterprise Server's run URL, or a clone of one with GITHUB_API_URL: its own API is asked, not api.github.com", async () => {
  // (127.0.0.1: a host that answers at once, refusing; no GITHUB_API_URL to override it)
  const saved = { token: process.env['GITHUB_TOKEN'], api: process.env['GITHUB_API_URL'] };
  process.env['GITHUB_TOKEN'] = 'not-a-real-token';
  delete process.env['GITHUB_API_URL'];
  try {
    const watch = await runCli(['watch', 'https://127.0.0.1/o/r/actions/runs/5']);
    assert.equal(watch.code, 1, watch.stderr);
    assert.match(watch.stderr, /Cannot reach GitHub's API at https:\/\/127\.0\.0\.1\/api\/v3/);
    const clone = mkdtempSync(join(tmpdir(), 'opp-ghes-'));
    spawnSync('git', ['init', '-q'], { cwd: clone });
    spawnSync('git', ['remote', 'add', 'origin', 'https://127.0.0.1/o/r.git'], { cwd: clone });
    // a clone of one: origin's host is only inferred, so it is asked only when GITHUB_API_URL
    // says so (the token never goes to a host origin merely names)
    const refused = await runCli(['runners', 'list'], clone);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /origin' is on 127\.0\.0\.1, not github\.com.*set GITHUB_API_URL=https:\/\/127\.0\.0\.1\/api\/v3\.$/m,
    );
    const fetched = await runCli(['fetch', '5'], clone);
    assert.equal(fetched.code, 1, fetched.stderr);
    assert.match(fetched.stderr, /origin' is on 127\.0\.0\.1, not github\.com/);
    process.env['GITHUB_API_URL'] = 'https://127.0.0.1/api/v3';
    const runners = await runCli(['runners', 'list'], clone);
    assert.equal(runners.code, 1, runners.stderr);
    assert.match(runners.stderr, /Cannot reach GitHub's API at https:\/\/127\.0\.0\.1\/api\/v3/);
    rmSync(clone, { recursive: true, force: true });
  } finally {
    for (const [k, v] of [
      ['GITHUB_TOKEN', saved.token],
      ['GITHUB_API_URL', saved.api],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});

test('slips on the command line: a config where the folder goes, a mistyped config, no command', async () => {
  const dir = project();
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Config PureAlohaExperiment]\n**.x = ${x=1..3}\n[Config Other]\n',
  );
  try {
    // -c forgotten: the config taken for a second folder, or for the folder
    refused(
      await runCli(['run', '.', 'PureAlohaExperiment'], dir),
      /^opp-campaign: error: run: one project folder, not 2; PureAlohaExperiment is a config: did you mean -c PureAlohaExperiment\?$/,
      2,
    );
    refused(
      await runCli(['run', 'PureAlohaExperiment'], dir),
      /^opp-campaign: error: run: PureAlohaExperiment: no such folder; PureAlohaExperiment is a config: did you mean -c PureAlohaExperiment\?$/,
      2,
    );
    // words that are no config: as before
    refused(await runCli(['run', '.', 'other'], dir), /one project folder, not 2$/, 2);
    refused(await runCli(['run', 'nowhere'], dir), /run: nowhere: no such folder$/, 2);
    // export's input and plan's ini file or folder, as run's folder (before: exit 1)
    refused(
      await runCli(['export', 'nope', '-F', 'csv-r', '-o', 'x.csv'], dir),
      /^opp-campaign: error: export: nope: no such file or folder; nothing was written$/,
      2,
    );
    for (const args of [['nodir'], ['nope.ini', '-a'], ['.', 'nodir', '--json']])
      refused(
        await runCli(['plan', ...args], dir),
        /^opp-campaign: error: plan: no(?:dir|pe\.ini): no such file or folder$/,
        2,
      );
    // an empty results folder would be DIR itself (before: the results among the project's files)
    refused(
      await runCli(['run', '.', '--results', ''], dir),
      /^opp-campaign: error: run: --results '' names no folder: give one \(default: results\)$/,
      2,
    );
    assert.ok(!existsSync(join(dir, 'journal.jsonl')), 'nothing written into the project');
    // a typo: the closest config; nothing near: none
    refused(
      await runCli(['run', '.', '-c', 'PureAlohaExperimnet'], dir),
      /No such config: PureAlohaExperimnet \(did you mean PureAlohaExperiment\? the configs of omnetpp\.ini: General, PureAlohaExperiment, Other\)$/,
    );
    refused(
      await runCli(['run', '.', '-c', 'Slotted'], dir),
      /No such config: Slotted \(the configs of omnetpp\.ini: General, PureAlohaExperiment, Other\)$/,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['omnetpp.ini'], 'nothing done');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // no command at all: the usage, on stderr, and exit status 2 (a wrong command line)
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^Usage: opp-campaign <command> \[options\]/);
  assert.equal((await runCli(['--help'])).code, 0);
});

test('a sidecar whose folder or program is not there: refused at its line, no run started (a program a placeholder names is left to the run)', async () => {
  const campaign = (sidecar: string): string =>
    `run: { preset: command, command: "sh -c 'touch ran-{run}'" }\nresults: { files: [] }\nsidecars:\n  - name: one\n    command: "sh -c 'echo up; exec sleep 60'"\n    ports: []\n    ready: { line: up }\n${sidecar}`;
  const cases: [string, RegExp][] = [
    [
      '  - name: two\n    dir: nosuch\n    command: sleep 60\n',
      /^opp-campaign: error: \S+opp-campaign\.yml:9: sidecar 'two': its folder \S+nosuch \(dir\) does not exist$/,
    ],
    [
      '  - name: two\n    command: nosuchprog --port {port}\n',
      /^opp-campaign: error: \S+opp-campaign\.yml:9: sidecar 'two': its program nosuchprog: not found on PATH$/,
    ],
    [
      '  - name: two\n    dir: sub\n    command: ./helper.sh --port {port}\n',
      /^opp-campaign: error: \S+opp-campaign\.yml:10: sidecar 'two': its program \.\/helper\.sh: \S+sub\/helper\.sh does not exist$/,
    ],
  ];
  for (const [text, message] of cases) {
    const dir = project(campaign(text));
    mkdirSync(join(dir, 'sub'));
    refused(await runCli(['run', dir, '--progress', 'plain']), message);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('ran-')),
      [],
      'no run started',
    );
  }
  // `{prog} --port {port}` cannot be looked up before the run: not refused here
  const dir = project(
    campaign('  - name: two\n    command: "{port} x"\n    ready: { line: never }\n'),
  );
  const r = await runCli(['run', dir, '--progress', 'plain', '--retries', '0', '-r', '0']);
  assert.match(
    r.stdout,
    /General #0 \(.*\): sidecar-failed: sidecar .two. could not be started/,
    r.stdout + r.stderr,
  );
});

test("a sidecar's program found through `.` or an empty entry of PATH, in the sidecar's folder, as the shell finds it", async () => {
  const saved = process.env['PATH'];
  try {
    for (const entry of ['.', '']) {
      const dir = project(
        `run: { preset: command, command: "sh -c 'touch ran-{run}'" }\nresults: { files: [] }\nsidecars:\n  - name: side\n    dir: sub\n    command: myside\n    ports: []\n    ready: { line: up }\n`,
      );
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'myside'), '#!/bin/sh\necho up\nexec sleep 60\n', {
        mode: 0o755,
      });
      process.env['PATH'] = `${entry}:${saved ?? ''}`;
      // (before: refused at its line, "its program myside: not found on PATH")
      const r = await runCli(['run', dir, '--progress', 'plain', '-r', '0']);
      assert.equal(r.code, 0, `PATH entry '${entry}': ${r.stdout}${r.stderr}`);
      assert.ok(existsSync(join(dir, 'ran-0')), 'the run ran, its sidecar started');
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    process.env['PATH'] = saved;
  }
});

test('GITHUB_API_URL that is no http(s) URL: a setup error naming it, before any request', async () => {
  const saved = { token: process.env['GITHUB_TOKEN'], api: process.env['GITHUB_API_URL'] };
  process.env['GITHUB_TOKEN'] = 'not-a-real-token';
  try {
    for (const value of ['notaurl', 'ftp://x'])
      for (const argv of [
        ['watch', '5', '--repo', 'o/r'],
        ['runners', 'list', '--repo', 'o/r'],
      ]) {
        process.env['GITHUB_API_URL'] = value;
        const r = await runCli(argv);
        assert.equal(r.code, 1, `${value} ${argv.join(' ')}`);
        assert.equal(
          r.stderr,
          `opp-campaign: error: GITHUB_API_URL ('${value}') is not an http(s) URL: set it to the API's address (GitHub Enterprise Server: https://HOST/api/v3), or unset it for github.com\n`,
          `${value} ${argv.join(' ')}`,
        );
      }
  } finally {
    for (const [k, v] of [
      ['GITHUB_TOKEN', saved.token],
      ['GITHUB_API_URL', saved.api],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});

test("a GitHub Enterprise Server's run URL over http (no TLS): its API is asked over http", async () => {
  // a port nothing listens on: the request is refused at once, naming the address asked
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  await new Promise((res) => server.close(res));
  const saved = { token: process.env['GITHUB_TOKEN'], api: process.env['GITHUB_API_URL'] };
  process.env['GITHUB_TOKEN'] = 'not-a-real-token';
  delete process.env['GITHUB_API_URL'];
  try {
    const watch = await runCli(['watch', `http://127.0.0.1:${port}/o/r/actions/runs/5`]);
    assert.equal(watch.code, 1, watch.stderr);
    assert.match(
      watch.stderr,
      new RegExp(`Cannot reach GitHub's API at http://127\\.0\\.0\\.1:${port}/api/v3:`),
    );
  } finally {
    for (const [k, v] of [
      ['GITHUB_TOKEN', saved.token],
      ['GITHUB_API_URL', saved.api],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});
