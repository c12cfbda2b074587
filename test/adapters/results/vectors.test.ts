import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadResults,
  loadVectorIndex,
  readVectorBlocks,
  readVectorFile,
} from '../../../src/adapters/results/index.js';
import { scanInput } from '../../../src/adapters/results/merge-inputs.js';
import { finishedIndex, scanFinishedVector } from '../../../src/adapters/results/vector-store.js';
import { exportCsvRecords, type VectorDatum } from '../../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';

function tempCopy(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-results-'));
  for (const f of files) copyFileSync(join(FIX, 'text', f), join(dir, f));
  return dir;
}

/** Gives the .vec the modification time its .vci records, making the .vci up to date. */
function freshenIndex(dir: string): void {
  const vci = readFileSync(join(dir, `${RUN2}.vci`), 'utf8');
  const m = /^file (\d+) (\d+)/.exec(vci);
  assert.ok(m);
  const mtime = Number(m[2]);
  utimesSync(join(dir, `${RUN2}.vec`), mtime, mtime);
}

async function allData(
  vec: string,
  useIndexFile: boolean,
): Promise<{ source: string; data: Map<number, VectorDatum[]> }> {
  const loaded = await loadVectorIndex(vec, vec, { useIndexFile });
  const data = new Map<number, VectorDatum[]>();
  for (const v of loaded.index.vectors) {
    const list: VectorDatum[] = [];
    for await (const batch of readVectorBlocks(vec, v, vec, loaded.fingerprint))
      list.push(...batch);
    data.set(v.vectorId, list);
  }
  return { source: loaded.source, data };
}

test('a .vec read through its .vci gives the same data as scanned without it', async () => {
  const dir = tempCopy([`${RUN2}.vec`, `${RUN2}.vci`]);
  try {
    const vec = join(dir, `${RUN2}.vec`);
    // as checked out, the .vci records another mtime: it is stale and the .vec is scanned
    assert.equal((await loadVectorIndex(vec)).source, 'scan');
    freshenIndex(dir);
    const withIndex = await allData(vec, true);
    const scanned = await allData(vec, false);
    assert.equal(withIndex.source, 'vci');
    assert.equal(scanned.source, 'scan');
    assert.equal(withIndex.data.size, 11);
    assert.equal(
      [...withIndex.data.values()].reduce((n, d) => n + d.length, 0),
      3205,
    );
    assert.deepEqual(withIndex.data, scanned.data);

    // a streaming read in file order sees the same points
    const stream = readVectorFile(vec);
    const inOrder = new Map<number, VectorDatum[]>();
    for await (const batch of stream.data)
      for (const d of batch) {
        const list = inOrder.get(d.vectorId) ?? [];
        list.push(d.datum);
        inOrder.set(d.vectorId, list);
      }
    assert.deepEqual(inOrder, scanned.data);
    assert.equal(stream.run().runName, 'PureAlohaExperiment-2-20261125-19:11:08-14264');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CSV-R export is the same with the .vci, without it, and with a stale one', async () => {
  const dir = tempCopy([`${RUN2}.sca`, `${RUN2}.vec`, `${RUN2}.vci`]);
  try {
    const expected = readFileSync(join(FIX, 'expected/all-text.csv'), 'utf8');
    const files = [join(dir, `${RUN2}.sca`), join(dir, `${RUN2}.vec`)];
    const exportText = async (): Promise<string> => {
      const { results, data } = await loadResults(files);
      let s = '';
      for await (const c of exportCsvRecords(results, data)) s += c;
      return s;
    };
    const stale = await exportText();
    freshenIndex(dir);
    const indexed = await exportText();
    rmSync(join(dir, `${RUN2}.vci`));
    const scanned = await exportText();
    assert.equal(indexed, expected);
    assert.equal(scanned, expected);
    assert.equal(stale, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vector data is read in bounded batches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-results-'));
  try {
    const vec = join(dir, 'big.vec');
    const lines = ['version 3', 'run r', 'vector 0 m v ETV', 'vector 1 m w TV'];
    for (let i = 0; i < 50000; i++) lines.push(`0\t${i}\t${i / 8}\t${i % 7}`);
    for (let i = 0; i < 3; i++) lines.push(`1\t${i}.5\t${i}`);
    writeFileSync(vec, lines.join('\n') + '\n');
    const { index } = await loadVectorIndex(vec);
    const v0 = index.vectors[0];
    assert.ok(v0);
    let count = 0;
    let largest = 0;
    let last: VectorDatum | undefined;
    for await (const batch of readVectorBlocks(vec, v0)) {
      count += batch.length;
      largest = Math.max(largest, batch.length);
      last = batch[batch.length - 1];
    }
    assert.equal(count, 50000);
    assert.ok(largest <= 4096);
    assert.deepEqual(last, { eventNumber: 49999, simtime: '6249.875', value: 49999 % 7 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a .vec with a finished .vci is described from the .vci alone as scanInput describes it; a stale one is not', async () => {
  const dir = tempCopy([`${RUN2}.vec`, `${RUN2}.vci`]);
  const vec = join(dir, `${RUN2}.vec`);
  // the fixture's .vec is not the time its .vci records: not finished
  assert.equal(await scanFinishedVector(vec), undefined);
  freshenIndex(dir);
  const found = await scanFinishedVector(vec);
  assert.ok(found);
  assert.deepEqual(found.scanned, await scanInput(vec));
  const vci = join(dir, `${RUN2}.vci`);
  const { size, mtimeMs } = statSync(vci);
  assert.deepEqual(found.index, { path: vci, size, mtimeMs });
  rmSync(join(dir, `${RUN2}.vci`));
  assert.equal(await scanFinishedVector(vec), undefined);
});

test("a campaign's finished .vci is read up to its run's header; the merge's check reads it all", async () => {
  const dir = tempCopy([`${RUN2}.vec`, `${RUN2}.vci`]);
  const vec = join(dir, `${RUN2}.vec`);
  const vci = join(dir, `${RUN2}.vci`);
  freshenIndex(dir);
  const whole = await scanFinishedVector(vec);
  assert.ok(whole);
  const runName = whole.scanned.runs[0]?.runName ?? '';
  assert.equal(await finishedIndex(vec, runName), vci);
  // a block line past the header that does not parse (same size: the fingerprint still holds)
  const text = readFileSync(vci, 'utf8');
  const at = text.search(/^\d+\t\d+ /m);
  assert.ok(at > text.indexOf('\nvector '));
  const { mtime } = statSync(vci);
  writeFileSync(vci, `${text.slice(0, at)}x${text.slice(at + 1)}`);
  utimesSync(vci, mtime, mtime);
  const headerOnly = await scanFinishedVector(vec);
  assert.ok(headerOnly);
  assert.deepEqual(headerOnly.scanned, whole.scanned);
  assert.equal(await finishedIndex(vec, runName), undefined);
});
