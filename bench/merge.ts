// Merge benchmark (issue 4): `opp-campaign merge` turning ~100 MB of text results (42 runs of
// the demo model, ~4 million vector points) into the SQLite files, against Debian's `sqlite3`
// shell importing the same vector rows from CSV into the same schema, in one transaction.
//
// Inputs are generated once and cached in .bench/merge/ (git-ignored): the demo campaign
// (examples/aloha, config PureAlohaExperiment, 42 runs) run by `opp-campaign run` with a longer
// sim-time-limit, and, for the shell, its vectors as CSV (run, vector and vectorData rows)
// written here by a converter of its own (not the merge's code). A change to the model or its
// ini file makes new ones; deleting .bench/merge does too. Each side is timed REPEAT times (median time, highest peak memory), and both
// result files are checked to hold the same data rows.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../src/adapters/results/sqlite-api.js';
import { SQLITE_RESULT_SCHEMA } from '../src/core/results/sqlite-schema.js';
import { measure, type Measurement } from './measure.js';

const ROOT = join(import.meta.dirname, '..');
// the command users run (bin/opp-campaign loads dist/cli.js, with Node's compile cache)
const CLI = join(ROOT, 'bin', 'opp-campaign');
const RSS = join(import.meta.dirname, 'report-rss.mjs');
const CONFIG = 'PureAlohaExperiment';
/** The demo campaign runs 30min of simulated time (~1.4 M points); three times that gives ~4 M. */
const SIM_TIME_LIMIT = '90min';
const MODEL = join(ROOT, 'examples', 'aloha');
const CACHE = join(ROOT, '.bench', 'merge', `aloha-${SIM_TIME_LIMIT}-${modelHash()}`);
const REPEAT = Number(process.env['BENCH_MERGE_REPEAT'] ?? 3);

export interface MergeRow {
  name: string;
  ours: Measurement;
  base: Measurement | undefined;
  baseName: string;
  target: string;
}

/** Folder of per-run .sca, .vec and .vci files: the merge's input. */
const RUNS_DIR = join(CACHE, 'runs');
/** run.csv, vector.csv, vectorData.csv: the shell's input. */
const CSV_DIR = join(CACHE, 'csv');

interface Inputs {
  readonly runs: number;
  readonly points: number;
  readonly bytes: number;
  readonly csvBytes: number;
}

/** What the inputs depend on: the demo model's sources and ini file (a change makes new ones). */
function modelHash(): string {
  const h = createHash('sha256').update(SIM_TIME_LIMIT);
  const src = readdirSync(join(MODEL, 'src')).sort();
  for (const f of ['omnetpp.ini', 'Makefile', ...src.map((f) => join('src', f))])
    h.update(f).update(readFileSync(join(MODEL, f)));
  return h.digest('hex').slice(0, 12);
}

/** The generated inputs, from the cache or made now. */
async function inputs(): Promise<Inputs> {
  const stamp = join(CACHE, 'inputs.json');
  if (existsSync(stamp)) return JSON.parse(readFileSync(stamp, 'utf8')) as Inputs;
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  console.error(`merge bench: generating inputs in ${CACHE} (once) ...`);
  runDemoCampaign(RUNS_DIR);
  mkdirSync(CSV_DIR);
  const { runs, points } = await vectorsToCsv(RUNS_DIR, CSV_DIR);
  const sizeOf = (dir: string): number =>
    readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const made: Inputs = { runs, points, bytes: sizeOf(RUNS_DIR), csvBytes: sizeOf(CSV_DIR) };
  writeFileSync(stamp, `${JSON.stringify(made, null, 2)}\n`);
  return made;
}

/** Runs the demo campaign with a longer sim-time-limit; its per-run files end up in `dest`. */
function runDemoCampaign(dest: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bench-merge-'));
  try {
    cpSync(MODEL, dir, {
      recursive: true,
      filter: (src) => !/[/\\](out|results)$/.test(src),
    });
    const iniPath = join(dir, 'omnetpp.ini');
    const ini = readFileSync(iniPath, 'utf8');
    const longer = ini.replace(
      new RegExp(`(\\[${CONFIG}\\][^[]*?\\nsim-time-limit *= *)\\S+`),
      `$1${SIM_TIME_LIMIT}`,
    );
    if (longer === ini) throw new Error(`${iniPath}: no sim-time-limit in [${CONFIG}]`);
    writeFileSync(iniPath, longer);
    const results = join(CACHE, 'campaign');
    execFileSync(
      process.execPath,
      [
        CLI,
        'run',
        dir,
        '-c',
        CONFIG,
        '-j',
        String(cpus().length),
        '--progress',
        'plain',
        '--results',
        results,
        '--ccache-dir',
        join(dir, '.ccache'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    renameSync(join(results, '.runs'), dest);
    rmSync(results, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- the shell's input: the vectors of the .vec files as CSV ----------------------------------

/** Splits a header line into fields (OMNeT++ quotes fields with spaces as "..." with C escapes). */
function fields(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

const csv = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A simulation time with 12 decimals (the default simtime-resolution, ps) as its raw integer. */
function rawPs(t: string): string {
  const dot = t.indexOf('.');
  const int = dot < 0 ? t : t.slice(0, dot);
  const frac = dot < 0 ? '' : t.slice(dot + 1);
  if (frac.length > 12 || !/^\d+$/.test(int + frac)) throw new Error(`bad simulation time ${t}`);
  return (int + frac.padEnd(12, '0')).replace(/^0+(?=\d)/, '');
}

interface VectorSum {
  id: number;
  module: string;
  name: string;
  count: number;
  min: number;
  max: number;
  sum: number;
  sumSqr: number;
  startEvent: string;
  endEvent: string;
  startRaw: string;
  endRaw: string;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
}

/** Writes run.csv, vector.csv and vectorData.csv (rows as the SQLite tables hold them). */
async function vectorsToCsv(
  runsDir: string,
  csvDir: string,
): Promise<{ runs: number; points: number }> {
  const runCsv = createWriteStream(join(csvDir, 'run.csv'));
  const vectorCsv = createWriteStream(join(csvDir, 'vector.csv'));
  const dataCsv = createWriteStream(join(csvDir, 'vectorData.csv'));
  const files = readdirSync(runsDir)
    .filter((f) => f.endsWith('.vec'))
    .sort();
  let nextVectorId = 1;
  let points = 0;
  for (const [i, file] of files.entries()) {
    const runId = i + 1;
    const byFileId = new Map<string, VectorSum>();
    let batch = '';
    const lines = createInterface({ input: createReadStream(join(runsDir, file)), crlfDelay: 0 });
    for await (const line of lines) {
      const c = line.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        const [id = '', event = '', time = '', value = ''] = line.split('\t');
        const v = byFileId.get(id);
        if (v === undefined) throw new Error(`${file}: data of undeclared vector ${id}`);
        const raw = rawPs(time);
        const x = Number(value);
        if (v.count === 0) {
          v.startEvent = event;
          v.startRaw = raw;
        }
        v.endEvent = event;
        v.endRaw = raw;
        v.count++;
        v.min = Math.min(v.min, x);
        v.max = Math.max(v.max, x);
        v.sum += x;
        v.sumSqr += x * x;
        batch += `${v.id},${event},${raw},${value}\n`;
        points++;
        if (batch.length > 1 << 16) {
          await write(dataCsv, batch);
          batch = '';
        }
        continue;
      }
      const f = fields(line);
      if (f[0] === 'run') await write(runCsv, `${runId},${csv(f[1] ?? '')},-12\n`);
      else if (f[0] === 'config' && /^simtime-(resolution|scale)$/.test(f[1] ?? ''))
        throw new Error(`${file}: simtime resolution ${f[2]}: the converter assumes ps`);
      else if (f[0] === 'vector') {
        if (f[4] !== 'ETV') throw new Error(`${file}: vector ${f[1]} is not ETV`);
        // ids in declaration order (a vector without data leaves a gap, as in the merge)
        byFileId.set(f[1] ?? '', {
          id: nextVectorId++,
          module: f[2] ?? '',
          name: f[3] ?? '',
          count: 0,
          min: Infinity,
          max: -Infinity,
          sum: 0,
          sumSqr: 0,
          startEvent: '',
          endEvent: '',
          startRaw: '',
          endRaw: '',
        });
      }
    }
    await write(dataCsv, batch);
    for (const v of byFileId.values())
      if (v.count > 0)
        await write(
          vectorCsv,
          [
            v.id,
            runId,
            csv(v.module),
            csv(v.name),
            v.count,
            v.min,
            v.max,
            v.sum,
            v.sumSqr,
            v.startEvent,
            v.endEvent,
            v.startRaw,
            v.endRaw,
          ].join(',') + '\n',
        );
  }
  await Promise.all(
    [runCsv, vectorCsv, dataCsv].map(
      (s) => new Promise<void>((r, j) => s.end((e?: Error | null) => (e ? j(e) : r()))),
    ),
  );
  return { runs: files.length, points };
}

// --- measuring ------------------------------------------------------------------------------

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The shell's job: the schema, then the CSV rows imported, all in one transaction. */
function shellScript(csvDir: string): string {
  const q = (p: string): string => `'${p.replace(/'/g, "''")}'`;
  return [
    '.bail on',
    'BEGIN;',
    SQLITE_RESULT_SCHEMA.trimEnd(),
    '.mode csv',
    `.import ${q(join(csvDir, 'run.csv'))} run`,
    `.import ${q(join(csvDir, 'vector.csv'))} vector`,
    `.import ${q(join(csvDir, 'vectorData.csv'))} vectorData`,
    'COMMIT;',
    '',
  ].join('\n');
}

interface Content {
  runs: number;
  vectors: number;
  rows: number;
  events: number;
  times: number;
  values: number;
}

/** What a result file's run, vector and vectorData tables hold, summed up. */
function contentOf(file: string): Content {
  const db = openDatabase(file, 'read');
  try {
    const one = (sql: string): number => Number(db.prepare(sql).pluck().get());
    return {
      runs: one('SELECT count(*) FROM run;'),
      vectors: one('SELECT count(*) FROM vector;'),
      rows: one('SELECT count(*) FROM vectorData;'),
      events: one('SELECT sum(eventNumber) FROM vectorData;'),
      times: one('SELECT sum(simtimeRaw % 1000000007) FROM vectorData;'),
      values: one('SELECT total(value) FROM vectorData;'),
    };
  } finally {
    db.close();
  }
}

function sameContent(a: Content, b: Content): boolean {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.abs(x);
  return (
    a.runs === b.runs &&
    a.vectors === b.vectors &&
    a.rows === b.rows &&
    a.events === b.events &&
    a.times === b.times &&
    close(a.values, b.values)
  );
}

/** The median time and the highest peak memory of `n` measurements. */
async function repeated(n: number, once: () => Promise<Measurement>): Promise<Measurement> {
  const all: Measurement[] = [];
  for (let i = 0; i < n; i++) all.push(await once());
  const byTime = [...all].sort((a, b) => a.seconds - b.seconds);
  const median = byTime[Math.floor((byTime.length - 1) / 2)] ?? all[0];
  if (median === undefined) throw new Error('no measurement');
  const peaks = all.flatMap((m) => (m.peakMiB === undefined ? [] : [m.peakMiB]));
  return { ...median, peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined };
}

/** `opp-campaign merge` of the generated results against the sqlite3 shell's CSV import. */
export async function mergeRows(): Promise<MergeRow[]> {
  const inp = await inputs();
  const work = mkdtempSync(join(tmpdir(), 'opp-bench-merge-out-'));
  try {
    const out = join(work, 'merged');
    const ours = await repeated(REPEAT, async () => {
      rmSync(out, { recursive: true, force: true });
      const m = await measure(process.execPath, [
        '--import',
        RSS,
        CLI,
        'merge',
        RUNS_DIR,
        '-o',
        out,
        '--vectors',
        'sqlite',
        '--quiet',
      ]);
      if (m.code !== 0) throw new Error(`merge failed (exit ${m.code}): ${m.stderr.slice(-2000)}`);
      return m;
    });
    let base: Measurement | undefined;
    let baseName = 'sqlite3 not on PATH (apt-get install sqlite3)';
    if (onPath('sqlite3')) {
      const version = execFileSync('sqlite3', ['--version'], { encoding: 'utf8' }).split(' ')[0];
      const script = join(work, 'import.sql');
      writeFileSync(script, shellScript(CSV_DIR));
      const db = join(work, 'shell.vec');
      base = await repeated(REPEAT, async () => {
        rmSync(db, { force: true });
        rmSync(`${db}-journal`, { force: true });
        const m = await measure('sqlite3', [db, `.read '${script}'`]);
        if (m.code !== 0 || m.stderr.trim() !== '')
          throw new Error(`sqlite3 import failed (exit ${m.code}): ${m.stderr.slice(-2000)}`);
        return m;
      });
      baseName = `sqlite3 ${version} shell .import of ${mb(inp.csvBytes)} CSV, measured now`;
      const a = contentOf(join(out, 'results.vec'));
      const b = contentOf(db);
      if (!sameContent(a, b))
        throw new Error(
          `the merged file and the shell's differ: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
        );
    }
    return [
      {
        name: `merge: ${inp.runs} runs, ${(inp.points / 1e6).toFixed(1)} M pts, ${mb(inp.bytes)}`,
        ours,
        base,
        baseName: `${baseName}; median of ${REPEAT}`,
        target: 'target <= 1.0x time, < 250 MB',
      },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
