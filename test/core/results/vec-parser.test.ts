import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LineSplitter,
  ResultFileError,
  VectorBlockReader,
  VectorFileIndexer,
  VectorIndexFileParser,
  splitLines,
  type VectorDatum,
  type VectorFileIndex,
} from '../../../src/core/results/index.js';

const VEC = `version 3
run r1
attr configname C
itervar x 1
config a b

vector 0 m.a v1 ETV
attr unit s
vector 1 m.b v2 TV
vector 2 m.c v3 EV
vector 3 m.d unused ETV
0\t1\t0.5\t10
0\t2\t1.25\t20
1\t0.75\t-1
0\t3\t2\t30
2\t4\t7
`;

function index(text: string): VectorFileIndex {
  const bytes = new TextEncoder().encode(text);
  const s = new LineSplitter();
  const ix = new VectorFileIndexer('t.vec');
  for (const l of [...s.push(bytes), ...s.end()]) ix.pushLine(l);
  return ix.end(bytes.length);
}

function readAll(text: string, ix: VectorFileIndex, id: number): VectorDatum[] {
  const bytes = new TextEncoder().encode(text);
  const v = ix.vectors.find((x) => x.vectorId === id);
  assert.ok(v);
  const out: VectorDatum[] = [];
  for (const b of v.blocks) {
    const r = new VectorBlockReader('t.vec', v, b);
    const s = new LineSplitter(b.offset, b.lineNo);
    for (const l of [...s.push(bytes.subarray(b.offset)), ...s.end()]) {
      if (r.done) break;
      const d = r.pushLine(l.text);
      if (d) out.push(d);
    }
  }
  return out;
}

test('scanning a .vec builds blocks of consecutive lines; vectors without data are left out', () => {
  const ix = index(VEC);
  assert.equal(ix.run.runName, 'r1');
  assert.deepEqual([...ix.run.attributes], [['configname', 'C']]);
  assert.deepEqual(
    ix.vectors.map((v) => [v.vectorId, v.columns, v.blocks.length]),
    [
      [0, 'ETV', 2],
      [1, 'TV', 1],
      [2, 'EV', 1],
    ],
  );
  assert.deepEqual([...(ix.vectors[0]?.attributes ?? [])], [['unit', 's']]);
  const s0 = ix.vectors[0]?.summary;
  assert.equal(s0?.statistics.count, 3);
  assert.equal(s0?.statistics.sumWeightedValues, 60);
  assert.equal(s0?.startTime, '0.5');
  assert.equal(s0?.endTime, '2');
  assert.equal(s0?.endEventNum, 3);
  assert.deepEqual(readAll(VEC, ix, 0), [
    { eventNumber: 1, simtime: '0.5', value: 10 },
    { eventNumber: 2, simtime: '1.25', value: 20 },
    { eventNumber: 3, simtime: '2', value: 30 },
  ]);
  assert.deepEqual(readAll(VEC, ix, 1), [{ eventNumber: -1, simtime: '0.75', value: -1 }]);
  assert.deepEqual(readAll(VEC, ix, 2), [{ eventNumber: 4, simtime: 'Nil', value: 7 }]);
});

test('a .vci gives the same vectors and blocks', () => {
  const ix = index(VEC);
  const lines = [
    'file 1 2',
    'version 3',
    'run r1',
    'attr configname C',
    'itervar x 1',
    'config a b',
    '',
  ];
  for (const v of ix.vectors) {
    lines.push(`vector ${v.vectorId} ${v.module} ${v.name} ${v.columns}`);
    for (const [k, val] of v.attributes) lines.push(`attr ${k} ${val}`);
    for (const b of v.blocks) {
      const s = b.statistics;
      const cols = [v.vectorId, b.offset, b.size];
      if (v.columns.includes('E')) cols.push(b.startEventNum, b.endEventNum);
      const t = v.columns.includes('T') ? [b.startTime, b.endTime] : [];
      lines.push(
        [
          ...cols,
          ...t,
          s.count,
          s.min,
          s.max,
          s.sumWeightedValues,
          s.sumWeightedSquaredValues,
        ].join(' '),
      );
    }
  }
  const p = new VectorIndexFileParser('t.vci');
  for (const l of lines) p.pushLine(l);
  const fromVci = p.end();
  assert.deepEqual(fromVci.fingerprint, { size: 1, mtime: 2 });
  // a vector without a time column has no times ("Nil" when scanned, 0 as a .vci has them)
  const noTimes = <T extends object>(x: T, hasT: boolean): T =>
    hasT ? x : { ...x, startTime: undefined, endTime: undefined };
  const strip = (x: VectorFileIndex) =>
    x.vectors.map((v) => ({
      ...v,
      line: 0,
      summary: noTimes(v.summary, v.columns.includes('T')),
      blocks: v.blocks.map((b) => noTimes({ ...b, lineNo: undefined }, v.columns.includes('T'))),
    }));
  assert.deepEqual(strip(fromVci), strip(ix));
});

function scanError(text: string): string {
  try {
    index(text);
  } catch (e) {
    assert.ok(e instanceof ResultFileError, String(e));
    return e.message;
  }
  assert.fail('no error');
}

test('malformed .vec lines give file:line errors', () => {
  const head = 'version 3\nrun r\nvector 0 m v ETV\n';
  assert.equal(scanError(head + '0\t1\t0.5\n'), 't.vec:4: Data line too short');
  assert.equal(scanError(head + '0\t1\t0.5\tx\n'), 't.vec:4: Malformed data value');
  assert.equal(scanError(head + '0\t1\t0.5s\t1\n'), 't.vec:4: Malformed simulation time');
  assert.equal(scanError(head + '7\t1\t0.5\t1\n'), 't.vec:4: Missing vector declaration');
  assert.equal(scanError(head + 'garbage\n'), 't.vec:4: unrecognized line');
  assert.equal(
    scanError('version 3\nvector 0 m v ETV\n'),
    "t.vec:2: vector declaration before the 'run' line",
  );
  assert.equal(scanError(head + 'run other\n'), 't.vec:4: more than one run in vector file');
  assert.equal(
    scanError(head + '0\t1\t0.5\t1\n0\t2\t0.'),
    't.vec:5: last line has no line terminator (truncated file?)',
  );
  assert.equal(splitLines('a\r\nb').length, 2);
});

test('bad vector data is refused with file:line: a reused vector id, event numbers out of range, negative times', () => {
  const head = 'version 3\nrun r\nvector 0 m v ETV\n';
  // a second declaration of id 0 would give the data lines after it another vector's name
  assert.equal(
    scanError(head + '0\t1\t0.5\t1\nvector 0 m w ETV\n0\t2\t0.6\t2\n'),
    't.vec:5: vector id 0 declared again (first declared on line 3)',
  );
  assert.equal(
    scanError(head + '0\t9223372036854775808\t0.5\t1\n'),
    't.vec:4: event number 9223372036854775808 out of range (0 to 2^53-1)',
  );
  assert.equal(
    scanError(head + '0\t9007199254740992\t0.5\t1\n'),
    't.vec:4: event number 9007199254740992 out of range (0 to 2^53-1)',
  );
  assert.equal(
    scanError(head + '0\t-3\t0.5\t1\n'),
    't.vec:4: event number -3 out of range (0 to 2^53-1)',
  );
  assert.equal(scanError(head + '0\t1\t-0.5\t1\n'), 't.vec:4: negative simulation time -0.5');
  assert.equal(scanError(head + '0\t1\t-inf\t1\n'), 't.vec:4: negative simulation time -inf');
  assert.equal(scanError(head + '0\t1\tnan\t1\n'), 't.vec:4: simulation time nan is not a number');
  // the largest exact event number and a zero time are fine
  assert.equal(
    index(head + '0\t9007199254740991\t0\t1\n').vectors[0]?.summary.endEventNum,
    2 ** 53 - 1,
  );
  // the same in an index file, and when reading a block through an index
  const vci = new VectorIndexFileParser('t.vci');
  vci.pushLine('version 3');
  vci.pushLine('run r');
  vci.pushLine('vector 0 m v ETV');
  assert.throws(() => vci.pushLine('vector 0 m w ETV'), {
    message: 't.vci:4: vector id 0 declared again (first declared on line 3)',
  });
  const good = head + '0\t1\t0.5\t1\n';
  const ix = index(good);
  assert.throws(() => readAll(good.replace('\t0.5\t', '\t-0.5\t'), ix, 0), {
    message: 't.vec:4: negative simulation time -0.5',
  });
});
