// The demo model (examples/aloha) and the misbehaving stand-in (test/fixtures/models/misbehave):
// built with make into a temporary directory, run with handcrafted run files, and checked
// against result files written by real OMNeT++ 6.1 (test/fixtures/omnetpp-6.1/results/text).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GROUND_TRUTH = join(ROOT, 'test/fixtures/omnetpp-6.1/results/text');
const PURE = 'PureAlohaExperiment-numHosts=10,iaMean=1-#0';
const SLOTTED = 'SlottedAloha2-#0';
/** The result directory the ground truth was written to. */
const GOLDEN_DIR = '/tmp/golden/results/text';
/** A result directory name exactly as long, so that .vci offsets are comparable. */
const SAME_LENGTH_DIR = 'results-of-the-aloha-run';

let work = '';
let aloha = '';
let misbehave = '';
let counter = 0;

before(() => {
  assert.equal(SAME_LENGTH_DIR.length, GOLDEN_DIR.length);
  work = mkdtempSync(join(tmpdir(), 'opp-aloha-test-'));
  const alohaOut = join(work, 'aloha-build');
  const misbehaveOut = join(work, 'misbehave-build');
  // -O1 builds faster; the results do not depend on the optimization level (no FMA contraction)
  execFileSync(
    'make',
    ['-s', '-j2', '-C', join(ROOT, 'examples/aloha'), `OUT=${alohaOut}`, 'CXXFLAGS=-O1'],
    {
      stdio: 'pipe',
    },
  );
  execFileSync(
    'make',
    ['-s', '-C', join(ROOT, 'test/fixtures/models/misbehave'), `OUT=${misbehaveOut}`],
    {
      stdio: 'pipe',
    },
  );
  aloha = join(alohaOut, 'aloha');
  misbehave = join(misbehaveOut, 'misbehave');
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---- helpers

interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function freshDir(name: string): string {
  const dir = join(work, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  delete e.OPP_CAMPAIGN_RUN_FILE;
  delete e.MISBEHAVE;
  return { ...e, ...extra };
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): RunResult {
  const r = spawnSync(cmd, args, { cwd, env: env(extraEnv), encoding: 'utf8', timeout: 15000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** printf("%.*g") */
function fmtG(v: number, prec = 14): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(v.toExponential(prec - 1));
  assert.ok(m, `toExponential(${v})`);
  const exp = Number(m[4]);
  if (exp < -4 || exp >= prec) {
    const frac = (m[3] ?? '').replace(/0+$/, '');
    const mant = frac ? `${m[2]}.${frac}` : (m[2] ?? '');
    return `${m[1]}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  let s = v.toFixed(prec - 1 - exp);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** A number as OMNeT++ writes it with 14 significant digits. */
function isOmnetNumber(token: string): boolean {
  if (token === 'nan' || token === '-nan' || token === 'inf' || token === '-inf') return true;
  if (!/^-?\d+(\.\d+)?(e[+-]\d\d+)?$/.test(token)) return false;
  return fmtG(Number(token)) === token;
}

/** Splits a result-file line into tokens (double-quoted tokens with escapes). */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let t = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\') {
          i++;
          const e = line[i] ?? '';
          t += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        } else {
          t += line[i];
        }
        i++;
      }
      assert.ok(i < line.length, `unterminated string in: ${line}`);
      i++;
    } else {
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') t += line[i++];
    }
    tokens.push(t);
  }
  return tokens;
}

interface ScaHeader {
  attrKeys: string[];
  attrs: Map<string, string>;
  itervars: [string, string][];
  config: [string, string][];
  runId: string;
}

/**
 * Checks an .sca file line by line against the syntax of OMNeT++'s version-3 scalar files
 * and returns its header. Throws (assertion error) on any deviation.
 */
function validateSca(text: string): ScaHeader {
  assert.ok(text.endsWith('\n\n'), 'a complete .sca ends with an empty line');
  const lines = text.slice(0, -2).split('\n');
  assert.equal(lines[0], 'version 3');
  const runMatch = /^run (\S+)$/.exec(lines[1] ?? '');
  assert.ok(runMatch, `run line: ${lines[1]}`);
  const header: ScaHeader = {
    attrKeys: [],
    attrs: new Map(),
    itervars: [],
    config: [],
    runId: runMatch[1] ?? '',
  };
  const order = ['attr', 'itervar', 'config'];
  let phase = 0;
  let i = 2;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] ?? '';
    const t = tokenize(line);
    const kind = t[0] ?? '';
    assert.equal(t.length, 3, `header line: ${line}`);
    const p = order.indexOf(kind);
    assert.ok(p >= phase, `header line out of order: ${line}`);
    phase = p;
    const [key, value] = [t[1] ?? '', t[2] ?? ''];
    if (kind === 'attr') {
      header.attrKeys.push(key);
      header.attrs.set(key, value);
    } else if (kind === 'itervar') header.itervars.push([key, value]);
    else header.config.push([key, value]);
  }
  assert.deepEqual(header.attrKeys, [...header.attrKeys].sort(), 'attrs sorted by name');
  const itervarNames = header.itervars.map(([k]) => k);
  assert.deepEqual(itervarNames, [...itervarNames].sort(), 'itervars sorted by name');
  assert.equal(lines[i], '', 'blank line after the header');

  const fields = ['count', 'mean', 'stddev', 'min', 'max', 'sum', 'sqrsum'];
  let prev = '';
  let fieldIndex = 0;
  let binCount = 0;
  for (i++; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('bin\t')) {
      const parts = line.split('\t');
      assert.equal(parts.length, 3, line);
      assert.ok(prev === 'statistic' || prev === 'bin', `bin after ${prev}`);
      assert.equal(fieldIndex, fields.length);
      if (binCount === 0) assert.equal(parts[1], '-inf', 'first bin is the underflow bin');
      for (const n of parts.slice(1)) assert.ok(/^-?(inf|\d+(\.\d+)?(e[+-]\d\d+)?)$/.test(n), line);
      binCount++;
      prev = 'bin';
      continue;
    }
    const t = tokenize(line);
    const kind = t[0];
    switch (kind) {
      case 'par':
        assert.equal(t.length, 4, line);
        prev = 'par';
        break;
      case 'scalar':
        assert.equal(t.length, 4, line);
        assert.ok(isOmnetNumber(t[3] ?? ''), `number format: ${line}`);
        prev = 'scalar';
        break;
      case 'statistic':
        assert.equal(t.length, 3, line);
        prev = 'statistic';
        fieldIndex = 0;
        binCount = 0;
        break;
      case 'field':
        assert.equal(prev, 'statistic', line);
        assert.equal(t.length, 3, line);
        assert.equal(t[1], fields[fieldIndex++], `field order: ${line}`);
        if (t[1] === 'count') assert.ok(/^\d+$/.test(t[2] ?? ''), line);
        else assert.ok(isOmnetNumber(t[2] ?? ''), `number format: ${line}`);
        break;
      case 'attr':
        assert.equal(t.length, 3, line);
        assert.ok(['par', 'scalar', 'statistic'].includes(prev), `attr after ${prev}: ${line}`);
        if (prev === 'statistic') assert.equal(fieldIndex, fields.length);
        break;
      default:
        assert.fail(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  return header;
}

interface VciBlock {
  id: number;
  offset: number;
  length: number;
  count: number;
}

/** Checks that every block line of the index points at the right lines of the .vec file. */
function validateVectorFiles(vecPath: string, vciPath: string): VciBlock[] {
  const vec = readFileSync(vecPath);
  const vci = read(vciPath);
  const vciLines = vci.split('\n');
  const first = vciLines[0] ?? '';
  assert.equal(first.length, 64, 'fingerprint line padded to 64 characters');
  const fp = /^file (\d+) (\d+) *$/.exec(first);
  assert.ok(fp, `fingerprint: ${first}`);
  assert.equal(Number(fp[1]), vec.length, 'fingerprint size');
  assert.equal(Number(fp[2]), Math.floor(statSync(vecPath).mtimeMs / 1000), 'fingerprint mtime');
  assert.ok(vci.endsWith('\n\n'));
  const vecText = vec.toString('utf8');
  assert.ok(vecText.endsWith('\n\n'));

  // the index repeats the header and the vector declarations
  const vecHeaderAndDecls = vecText.split('\n').filter((l) => !/^\d+\t/.test(l));
  const vciHeaderAndDecls = vciLines.slice(1).filter((l) => !/^\d+\t/.test(l));
  assert.deepEqual(vciHeaderAndDecls, vecHeaderAndDecls);

  const declared = new Map<number, boolean>(); // id -> ETV
  for (const l of vecText.split('\n')) {
    const d = /^vector (\d+) \S+ \S+ (ETV|TV)$/.exec(l);
    if (d) declared.set(Number(d[1]), d[2] === 'ETV');
  }
  const blocks: VciBlock[] = [];
  let totalCount = 0;
  for (const line of vciLines) {
    if (!/^\d+\t/.test(line)) continue;
    const [idStr = '', rest = ''] = line.split('\t');
    const id = Number(idStr);
    const etv = declared.get(id);
    assert.ok(etv !== undefined, `block of undeclared vector ${id}`);
    const f = rest.split(' ');
    assert.equal(f.length, etv ? 11 : 9, line);
    const num = (k: number): number => Number(f[k]);
    const offset = num(0);
    const length = num(1);
    assert.equal(vec[offset - 1], 0x0a, 'block starts at a line start');
    const block = vec.subarray(offset, offset + length).toString('utf8');
    assert.ok(block.endsWith('\n'), 'block ends at a line end');
    const rows = block
      .slice(0, -1)
      .split('\n')
      .map((r) => r.split('\t'));
    const e = etv ? 2 : 0;
    const count = num(e + 4);
    assert.equal(rows.length, count, `count of block ${line}`);
    for (const r of rows) {
      assert.equal(r[0], idStr, 'rows of the block belong to the vector');
      assert.equal(r.length, etv ? 4 : 3);
      assert.ok(/^\d+(\.\d*[1-9])?$/.test(r[etv ? 2 : 1] ?? ''), `time format: ${r.join('\t')}`);
    }
    const firstRow = rows[0] ?? [];
    const lastRow = rows[rows.length - 1] ?? [];
    if (etv) {
      assert.equal(f[2], firstRow[1], 'first event number');
      assert.equal(f[3], lastRow[1], 'last event number');
    }
    assert.equal(f[e + 2], firstRow[etv ? 2 : 1], 'first time');
    assert.equal(f[e + 3], lastRow[etv ? 2 : 1], 'last time');
    const values = rows.map((r) => Number(r[etv ? 3 : 2]));
    let sum = 0;
    let sqrsum = 0;
    for (const v of values) {
      sum += v;
      sqrsum += v * v;
    }
    assert.equal(f[e + 5], fmtG(Math.min(...values)), 'min');
    assert.equal(f[e + 6], fmtG(Math.max(...values)), 'max');
    assert.equal(f[e + 7], fmtG(sum), 'sum');
    assert.equal(f[e + 8], fmtG(sqrsum), 'sqrsum');
    totalCount += count;
    blocks.push({ id, offset, length, count });
  }
  const dataLines = vecText.split('\n').filter((l) => /^\d+\t/.test(l)).length;
  assert.equal(totalCount, dataLines, 'the blocks cover all data lines');
  return blocks;
}

/**
 * A run file rebuilt from the header of a ground-truth .sca, and the command-line options
 * that OMNeT++ got (they come first among the config lines, sorted by name).
 */
function runFileFromGroundTruth(
  name: string,
  resultDir: string,
): { runFile: string; options: string[] } {
  const sca = read(join(GROUND_TRUTH, `${name}.sca`));
  const out = ['# opp-campaign run file v1'];
  const options: string[] = [];
  const commandLineKeys = ['cmdenv-redirect-output', 'result-dir', 'sim-time-limit'];
  let seenRunFileConfig = false;
  for (const line of sca.split('\n').slice(2)) {
    if (line === '') break;
    const [kind = '', key = '', value = ''] = line.split(' ');
    if (kind === 'attr' && ['datetime', 'datetimef', 'processid'].includes(key)) continue;
    if (kind === 'config' && !seenRunFileConfig && commandLineKeys.includes(key)) {
      options.push(`--${key}=${key === 'result-dir' ? resultDir : value}`);
      continue;
    }
    if (kind === 'config') seenRunFileConfig = true;
    out.push(line.split(GOLDEN_DIR).join(resultDir));
  }
  return { runFile: `${out.join('\n')}\n`, options };
}

/** The ground-truth file with the per-process values of `actual` substituted. */
function expectedFromGroundTruth(file: string, actual: string, resultDir: string): string {
  let text = read(join(GROUND_TRUTH, file)).split(GOLDEN_DIR).join(resultDir);
  for (const re of [
    /^run .*$/m,
    /^attr datetime .*$/m,
    /^attr datetimef .*$/m,
    /^attr processid .*$/m,
  ]) {
    const got = re.exec(actual);
    assert.ok(got, `${re} in output`);
    text = text.replace(re, got[0]);
  }
  return text;
}

/** Replaces the values that differ between two executions of the same run. */
function normalize(text: string): string {
  return text
    .replace(/^run (\S+)-\d{8}-\d\d:\d\d:\d\d-\d+$/m, 'run $1-DATETIME-PID')
    .replace(/^attr (datetime|datetimef|processid) .*$/gm, 'attr $1 X')
    .replace(/^file (\d+) \d+/, 'file $1 MTIME');
}

function writeRunFile(dir: string, text: string): string {
  const path = join(dir, 'run.txt');
  writeFileSync(path, text);
  return path;
}

// ---- the demo model against OMNeT++'s own output

for (const name of [PURE, SLOTTED]) {
  test(`aloha reproduces OMNeT++ 6.1's ${name} results byte for byte`, () => {
    const dir = freshDir('golden');
    const { runFile, options } = runFileFromGroundTruth(name, SAME_LENGTH_DIR);
    const configName = name.startsWith('Slotted') ? 'SlottedAloha2' : 'PureAlohaExperiment';
    const r = run(
      aloha,
      ['-s', '-u', 'Cmdenv', '-f', 'omnetpp.ini', '-c', configName, '-r', '0', ...options],
      dir,
      { OPP_CAMPAIGN_RUN_FILE: writeRunFile(dir, runFile) },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = join(dir, SAME_LENGTH_DIR);
    const files = readdirSync(out).sort();
    const expectedFiles = [`${name}.sca`, `${name}.vci`, `${name}.vec`];
    if (options.includes('--cmdenv-redirect-output=true')) expectedFiles.push(`${name}.out`);
    assert.deepEqual(files, expectedFiles.sort(), 'result file names, no temporary files left');

    const sca = read(join(out, `${name}.sca`));
    assert.equal(sca, expectedFromGroundTruth(`${name}.sca`, sca, SAME_LENGTH_DIR));
    const vec = readFileSync(join(out, `${name}.vec`));
    const head = expectedFromGroundTruth(`${name}.vec.head`, vec.toString('utf8'), SAME_LENGTH_DIR);
    assert.ok(
      vec.toString('utf8').startsWith(head),
      'header, vector declarations and first data lines',
    );
    const digests = JSON.parse(read(join(GROUND_TRUTH, 'vec-digests.json'))) as Record<
      string,
      { bytes: number; headerBytes: number; bodySha256: string }
    >;
    const digest = digests[`${name}.vec`];
    assert.ok(digest);
    // the run id and processid differ in length from run to run (a 4- or 5-digit pid): every
    // offset in the index moves by the header's difference in length
    const shift = vec.indexOf('\n\n') + 2 - digest.headerBytes;
    assert.equal(vec.length, digest.bytes + shift);
    const vci = read(join(out, `${name}.vci`));
    const expectedVci = expectedFromGroundTruth(`${name}.vci`, vci, SAME_LENGTH_DIR)
      .replace(/^file (\d+) \d+/, (vci.match(/^file \d+ \d+/) ?? [''])[0])
      .replace(
        /^(\d+)\t(\d+) /gm,
        (_, id: string, offset: string) => `${id}\t${Number(offset) + shift} `,
      );
    assert.equal(vci, expectedVci);
    const body = vec.subarray(vec.indexOf('\n\n') + 2);
    assert.equal(createHash('sha256').update(body).digest('hex'), digest.bodySha256);

    // and the generic checks agree with OMNeT++'s files
    validateSca(sca);
    validateVectorFiles(join(out, `${name}.vec`), join(out, `${name}.vci`));
  });
}

test('the ground-truth .sca files pass the same line-by-line checks', () => {
  for (const name of [PURE, SLOTTED]) validateSca(read(join(GROUND_TRUTH, `${name}.sca`)));
});

// ---- a handcrafted run

const HANDCRAFTED = `# opp-campaign run file v1
attr configname Handmade
attr experiment Handmade
attr inifile omnetpp.ini
attr iterationvars "$numHosts=5, $ia=0.5"
attr iterationvarsd numHosts=5/ia=0.5
attr iterationvarsf numHosts=5,ia=0.5-
attr measurement "$numHosts=5, $ia=0.5"
attr network Aloha
attr repetition 1
attr replication #1
attr resultdir results
attr runnumber 3
attr seedset 3
itervar numHosts 5
itervar ia 0.5

config description "a \\"quoted\\" description"
config repeat 2
config sim-time-limit 90s
config Aloha.numHosts 5
config Aloha.host[{0..2}].iaTime exponential(0.5s)
config Aloha.host[*].iaTime exponential(1s)
config Aloha.txRate 9.6kbps
config Aloha.host[*].pkLenBits 119B
config **.x "uniform(0m, 1km)"
config **.y "uniform(0m, 1000m)"
`;

test('a handcrafted run: file names, .sca structure like OMNeT++, .vci consistent with .vec', () => {
  const dir = freshDir('handmade');
  const runFile = writeRunFile(dir, HANDCRAFTED);
  const r = run(aloha, ['-u', 'Cmdenv', '-c', 'Handmade', '-r', '3', '--result-dir=out/res'], dir, {
    OPP_CAMPAIGN_RUN_FILE: runFile,
  });
  assert.equal(r.status, 0, r.stderr);
  const base = join(dir, 'out/res/Handmade-numHosts=5,ia=0.5-#1');
  const sca = read(`${base}.sca`);
  const header = validateSca(sca);
  const golden = validateSca(read(join(GROUND_TRUTH, `${PURE}.sca`)));
  assert.deepEqual(header.attrKeys, golden.attrKeys, 'the same run attributes, in the same order');
  assert.equal(header.attrs.get('resultdir'), 'out/res');
  assert.equal(header.attrs.get('seedset'), '3');
  assert.match(header.runId, /^Handmade-3-\d{8}-\d\d:\d\d:\d\d-\d+$/);
  assert.equal(
    header.runId,
    `Handmade-3-${header.attrs.get('datetime')}-${header.attrs.get('processid')}`,
  );
  assert.deepEqual(header.itervars, [
    ['ia', '0.5'],
    ['numHosts', '5'],
  ]);
  assert.deepEqual(header.config[0], ['result-dir', 'out/res'], 'command-line options come first');
  assert.ok(sca.includes('\nconfig description "a \\"quoted\\" description"\n'), 'quoting');
  assert.ok(sca.includes('\nattr iterationvars "$numHosts=5, $ia=0.5"\n'));
  assert.ok(
    sca.includes('\npar Aloha.host[4] pkLenBits 119B\nattr unit b\n'),
    'volatile: expression',
  );
  assert.ok(sca.includes('\npar Aloha.host[1] iaTime exponential(0.5s)\n'));
  assert.ok(sca.includes('\npar Aloha.host[3] iaTime exponential(1s)\n'));
  assert.ok(
    sca.includes('\npar Aloha txRate 9600bps\nattr unit bps\n'),
    'converted to the declared unit',
  );
  assert.ok(sca.includes('\nscalar Aloha.server duration 90\n'));
  assert.equal((sca.match(/^par Aloha\.host\[\d\] typename/gm) ?? []).length, 5);
  for (const stat of ['collisionLength:histogram', 'collisionMultiplicity:histogram'])
    assert.ok(sca.includes(`\nstatistic Aloha.server ${stat}\nfield count `), stat);
  const blocks = validateVectorFiles(`${base}.vec`, `${base}.vci`);
  assert.deepEqual(
    [...new Set(blocks.map((b) => b.id))],
    [0, 1, 2, 3, 4, 5],
    'server and host vectors',
  );

  // Cmdenv-style progress
  const lines = r.stdout.split('\n');
  const status = lines.filter((l) => l.startsWith('** Event #'));
  assert.ok(status.length >= 2);
  for (const l of status)
    assert.match(
      l,
      /^\*\* Event #\d+ {3}t=\d+(\.\d+)? {3}Elapsed: \S+s \(\d+m \d\ds\) {2}\d+% completed {2}\(\d+% total\)$/,
    );
  assert.match(status[0] ?? '', /^\*\* Event #0 {3}t=0 .* 0% completed/);
  assert.match(status[status.length - 1] ?? '', / {3}t=90 {3}.* 100% completed {2}\(100% total\)$/);
  const i = lines.indexOf(status[0] ?? '');
  assert.match(
    lines[i + 1] ?? '',
    /^ {5}Speed: {5}ev\/sec=\S+ {3}simsec\/sec=\S+ {3}ev\/simsec=\S+$/,
  );
  assert.match(
    lines[i + 2] ?? '',
    /^ {5}Messages: {2}created: \d+ {3}present: \d+ {3}in FES: \d+$/,
  );
  const lastEvent = Math.max(
    ...read(`${base}.vci`)
      .split('\n')
      .filter((l) => /^\d+\t/.test(l))
      .map((l) => Number(l.split(' ')[3])),
  );
  assert.ok(
    lines.includes(`<!> Simulation time limit reached -- at t=90s, event #${lastEvent + 1}`),
  );
  assert.ok(lines.includes('Scenario: $numHosts=5, $ia=0.5, $repetition=1'));
  assert.equal(lines.filter((l) => l === 'End.').length, 1);
});

test('same run file: identical results; another repetition: different numbers', () => {
  const runOnce = (text: string): Record<string, string> => {
    const dir = freshDir('determinism');
    const r = run(aloha, ['-s', '--result-dir=results', '--sim-time-limit=60s'], dir, {
      OPP_CAMPAIGN_RUN_FILE: writeRunFile(dir, text),
    });
    assert.equal(r.status, 0, r.stderr);
    const files: Record<string, string> = {};
    for (const f of readdirSync(join(dir, 'results')))
      files[f] = normalize(read(join(dir, 'results', f)));
    return files;
  };
  const a = runOnce(HANDCRAFTED);
  const b = runOnce(HANDCRAFTED);
  assert.deepEqual(Object.keys(a).sort(), [
    'Handmade-numHosts=5,ia=0.5-#1.sca',
    'Handmade-numHosts=5,ia=0.5-#1.vci',
    'Handmade-numHosts=5,ia=0.5-#1.vec',
  ]);
  assert.deepEqual(a, b);

  const rep0 = HANDCRAFTED.replace('attr repetition 1', 'attr repetition 0')
    .replace('attr replication #1', 'attr replication #0')
    .replace('attr seedset 3', 'attr seedset 2');
  const c = runOnce(rep0);
  const scalars = (sca: string | undefined): string[] =>
    (sca ?? '').split('\n').filter((l) => l.startsWith('scalar ') && !l.includes(' duration '));
  const sa = scalars(a['Handmade-numHosts=5,ia=0.5-#1.sca']);
  const sc = scalars(c['Handmade-numHosts=5,ia=0.5-#0.sca']);
  assert.equal(sa.length, sc.length);
  assert.notDeepEqual(sa, sc);
});

test('aloha without a run file uses built-in defaults', () => {
  const dir = freshDir('defaults');
  const r = run(aloha, ['-s', '--sim-time-limit=20s'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^General run 0: , \$repetition=0$/m);
  const sca = read(join(dir, 'results/General-#0.sca'));
  const header = validateSca(sca);
  assert.equal(header.attrs.get('configname'), 'General');
  assert.ok(sca.includes('\npar Aloha numHosts 10\n'));
  assert.ok(sca.includes('\npar Aloha.host[9] iaTime exponential(2s)\n'));
  validateVectorFiles(join(dir, 'results/General-#0.vec'), join(dir, 'results/General-#0.vci'));
});

test('aloha rejects bad command lines and run files like OMNeT++', () => {
  const dir = freshDir('errors');
  let r = run(aloha, ['--no-such-option=1'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /<!> Error: Unknown command-line configuration option --no-such-option/);
  r = run(aloha, ['-s', '-z'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /<!> Error: Invalid command-line option -z/);
  r = run(aloha, ['-s', '-u', 'Qtenv'], dir);
  assert.equal(r.status, 1);
  r = run(aloha, ['-s', '-r', '4', '--sim-time-limit=1s'], dir, {
    OPP_CAMPAIGN_RUN_FILE: writeRunFile(dir, HANDCRAFTED),
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /<!> Error: .*runnumber 3/);
  r = run(aloha, ['-s'], dir, {
    OPP_CAMPAIGN_RUN_FILE: writeRunFile(dir, 'attr configname A\nbogus x y\n'),
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2: unknown line type 'bogus'/);
  r = run(aloha, ['-s', '--sim-time-limit=1s', '--Aloha.host[*].iaTime=exponential(1m)'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Cannot convert unit 'm' to 's'.*Aloha\.host\[0\]/);
  assert.ok(!existsSync(join(dir, 'results/General-#0.sca')));
});

test('a killed run leaves no result file under its final name; SIGTERM finishes like Cmdenv', async () => {
  const startAndStop = async (signal: NodeJS.Signals, dir: string): Promise<number | null> => {
    const child = spawn(aloha, ['-s', '--result-dir=results'], { cwd: dir, env: env() });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // wait for the simulation to be under way (first status line), then a little more
    for (let i = 0; i < 100 && !out.includes('** Event #0'); i++)
      await new Promise((res) => setTimeout(res, 20));
    await new Promise((res) => setTimeout(res, 150));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    child.kill(signal);
    return exited;
  };

  const killed = freshDir('sigkill');
  mkdirSync(join(killed, 'results'));
  writeFileSync(join(killed, 'results/General-#0.sca'), 'stale results of an earlier execution\n');
  await startAndStop('SIGKILL', killed);
  const left = readdirSync(join(killed, 'results'));
  assert.ok(!left.some((f) => /\.(sca|vec|vci)$/.test(f)), `left: ${left.join(', ')}`);
  assert.ok(
    left.some((f) => f.endsWith('.tmp')),
    'only temporary files',
  );

  const termed = freshDir('sigterm');
  assert.equal(await startAndStop('SIGTERM', termed), 2);
  validateSca(read(join(termed, 'results/General-#0.sca')));
});

// ---- the misbehaving stand-in

function runMisbehave(
  behaviour: string,
  dir: string,
  how: 'arg' | 'runfile' | 'env' = 'arg',
): RunResult {
  const args = ['-u', 'Cmdenv', '-c', 'General', '-r', '0', '--result-dir=res', '-s'];
  const extra: Record<string, string> = {};
  if (how === 'arg') args.push(`--**.behaviour=${behaviour}`);
  if (how === 'env') extra.MISBEHAVE = behaviour;
  if (how === 'runfile')
    extra.OPP_CAMPAIGN_RUN_FILE = writeRunFile(
      dir,
      `attr configname General\nattr runnumber 0\nconfig **.behaviour ${behaviour}\nconfig sim-time-limit 1min\n`,
    );
  return run(misbehave, args, dir, extra);
}

test('misbehave: ok writes a valid .sca (behaviour from argument, run file or environment)', () => {
  for (const how of ['arg', 'runfile', 'env'] as const) {
    const dir = freshDir(`mb-ok-${how}`);
    const r = runMisbehave('ok', dir, how);
    assert.equal(r.status, 0, r.stderr);
    const header = validateSca(read(join(dir, 'res/General-#0.sca')));
    assert.equal(header.attrs.get('resultdir'), 'res');
    assert.match(r.stdout, /100% completed/);
  }
});

test('misbehave: nothing, exit3, corrupt, crash, flaky, slow', () => {
  let dir = freshDir('mb-nothing');
  let r = runMisbehave('nothing', dir);
  assert.equal(r.status, 0);
  assert.ok(!existsSync(join(dir, 'res')));

  dir = freshDir('mb-exit3');
  r = runMisbehave('exit3', dir);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /^\n<!> Error: /);

  dir = freshDir('mb-corrupt');
  r = runMisbehave('corrupt', dir);
  assert.equal(r.status, 0);
  const corrupt = read(join(dir, 'res/General-#0.sca'));
  assert.throws(() => validateSca(corrupt));

  dir = freshDir('mb-crash');
  r = runMisbehave('crash', dir);
  assert.equal(r.signal, 'SIGSEGV');
  assert.throws(() => validateSca(read(join(dir, 'res/General-#0.sca'))), 'partial file');

  dir = freshDir('mb-flaky');
  const marker = join(dir, 'marker');
  r = runMisbehave(`flaky:${marker}`, dir);
  assert.equal(r.signal, 'SIGSEGV');
  assert.ok(existsSync(marker));
  r = runMisbehave(`flaky:${marker}`, dir);
  assert.equal(r.status, 0);
  validateSca(read(join(dir, 'res/General-#0.sca')));

  dir = freshDir('mb-slow');
  const t0 = Date.now();
  r = runMisbehave('slow:300', dir);
  assert.equal(r.status, 0);
  assert.ok(Date.now() - t0 >= 300);
  assert.ok((r.stdout.match(/% completed/g) ?? []).length >= 5);
  validateSca(read(join(dir, 'res/General-#0.sca')));

  dir = freshDir('mb-unknown');
  r = runMisbehave('dance', dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Unknown behaviour 'dance'/);
});

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // a zombie waiting to be reaped counts as gone
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('misbehave: hang keeps a helper process; killing the process group ends both', async () => {
  const dir = freshDir('mb-hang');
  const child = spawn(misbehave, ['-s', '--**.behaviour=hang'], {
    cwd: dir,
    env: env(),
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((res) =>
    child.on('exit', (_c, sig) => res(sig)),
  );
  let helper = 0;
  for (let i = 0; i < 100 && !helper; i++) {
    await new Promise((res) => setTimeout(res, 20));
    helper = Number(/helper process (\d+)/.exec(out)?.[1] ?? 0);
  }
  assert.ok(helper > 0, out);
  const pid = child.pid ?? 0;
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(!isGone(pid) && !isGone(helper), 'both still running');
  process.kill(-pid, 'SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  for (let i = 0; i < 50 && !isGone(helper); i++) await new Promise((res) => setTimeout(res, 20));
  assert.ok(isGone(helper), 'the helper died with its group');
});
