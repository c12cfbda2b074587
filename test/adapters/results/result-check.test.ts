// The completeness check of a run's result files: OMNeT++'s text and SQLite formats, files of
// any size in bounded memory, and read errors reported rather than taken for a missing file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkResultFile } from '../../../src/adapters/results/result-check.js';
import { openDatabase } from '../../../src/adapters/results/sqlite-api.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const RUN = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
const theRun = { config: 'PureAlohaExperiment', runNumber: 2 };

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'opp-check-'));
}

test('text files: the fixtures pass, a cut one does not', () => {
  for (const ext of ['sca', 'vec'])
    assert.equal(checkResultFile(join(FIX, 'text', `${RUN}.${ext}`), theRun), null, ext);
  const dir = scratch();
  try {
    const cut = join(dir, 'cut.sca');
    const text = readFileSync(join(FIX, 'text', `${RUN}.sca`), 'utf8');
    writeFileSync(cut, text.slice(0, text.length - 5));
    assert.match(checkResultFile(cut, theRun) ?? '', /truncated/);
    assert.equal(checkResultFile(join(dir, 'absent.sca'), theRun), undefined);
    writeFileSync(join(dir, 'empty.sca'), '');
    assert.equal(checkResultFile(join(dir, 'empty.sca'), theRun), 'empty file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite files written by OMNeT++: opened, their run found, truncation noticed', () => {
  for (const ext of ['sca', 'vec'])
    assert.equal(checkResultFile(join(FIX, 'sqlite', `${RUN}.${ext}`), theRun), null, ext);
  assert.match(
    checkResultFile(join(FIX, 'sqlite', `${RUN}.sca`), { config: 'Other', runNumber: 0 }) ?? '',
    /without run Other #0 \(it has 1 other run\(s\)\)/,
  );
  const dir = scratch();
  try {
    const cut = join(dir, 'cut.vec');
    copyFileSync(join(FIX, 'sqlite', `${RUN}.vec`), cut);
    truncateSync(cut, statSync(cut).size - 4096);
    assert.match(checkResultFile(cut, theRun) ?? '', /^truncated: /);
    // a database that is not a result file
    const other = join(dir, 'other.sca');
    const db = openDatabase(other, 'write');
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    db.close();
    assert.match(checkResultFile(other, theRun) ?? '', /not a readable OMNeT\+\+ SQLite.*run/);
    // an SQLite header over garbage
    const garbage = join(dir, 'garbage.sca');
    writeFileSync(garbage, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 0)]));
    assert.match(checkResultFile(garbage, theRun) ?? '', /SQLite/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a read error is reported, not taken for a missing file', () => {
  const dir = scratch();
  try {
    mkdirSync(join(dir, 'a.vec'));
    assert.match(checkResultFile(join(dir, 'a.vec'), theRun) ?? '', /^cannot be read: .*EISDIR/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A 600 MiB .vec (more than a JavaScript string can hold) that takes no disk space: a real
 * header, a hole, and whole data lines at the end.
 */
export function writeSparseVec(path: string, header: string, size = 600 * 1024 * 1024): void {
  writeFileSync(path, header);
  const last = '\n0\t7\t4.5\t1\n';
  truncateSync(path, size - last.length);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, last, size - last.length);
  } finally {
    closeSync(fd);
  }
}

test('a .vec of 600 MiB is checked from its ends', () => {
  const dir = scratch();
  try {
    const big = join(dir, 'big.vec');
    const head = readFileSync(join(FIX, 'text', `${RUN}.vec`), 'utf8').slice(0, 4000);
    writeSparseVec(big, head);
    assert.equal(statSync(big).size, 600 * 1024 * 1024);
    assert.equal(checkResultFile(big, theRun), null);
    truncateSync(big, statSync(big).size - 3); // cut in its last line
    assert.match(checkResultFile(big, theRun) ?? '', /truncated/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
