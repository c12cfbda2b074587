import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles, type IniError } from '../../../src/core/ini/index.js';
import {
  checkResultFiles,
  longNameError,
  refuseResultFileClash,
  resultFileClash,
  resultFileClashError,
} from '../../../src/core/plan/result-clash.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

const INI = [
  '[General]',
  'network = Net',
  '**.n = ${n=1..3}',
  'repeat = 2',
  '[Collide]',
  'output-scalar-file = ${resultdir}/${configname}-${repetition}.sca',
  '[Apart]',
  'output-scalar-file = ${resultdir}/${configname}-${runnumber}.sca',
  '[Repeats]',
  '**.m = ${m=0,4,0}',
  'repeat = 1',
  '[Append]',
  'extends = Collide',
  'output-scalar-file-append = true',
  '',
].join('\n');

test('runs whose result files have one name: the first such file, with every run that writes it, at the ini line that names it', () => {
  const doc = ini(INI);
  const clash = resultFileClash(doc, { configs: ['Collide'] });
  assert.deepEqual(clash, {
    kind: 'scalar',
    file: 'results/Collide-0.sca',
    runs: [0, 2, 4].map((runNumber) => ({ config: 'Collide', runNumber })),
    more: 0,
  });
  const e = resultFileClashError(doc, clash);
  assert.equal(
    e.describe(),
    'omnetpp.ini:6: runs Collide #0, Collide #2 and Collide #4 would all write the scalar file Collide-0.sca: ' +
      'output-scalar-file names no run apart. Each would overwrite the one before, and their results would be lost. ' +
      'Give each run a file of its own, e.g. output-scalar-file = "${resultdir}/${configname}-${runnumber}.sca"',
  );
  // a filter that leaves one run of each name: no clash
  assert.equal(resultFileClash(doc, { configs: ['Collide'], filter: '0,1' }), undefined);
  // the run number in the name, or OMNeT++'s default name with distinct values: no clash
  assert.equal(resultFileClash(doc, { configs: ['Apart', 'General'] }), undefined);
  // a run named twice in a run list is one run
  assert.equal(resultFileClash(doc, { configs: ['Collide'], filter: '0,0,1' }), undefined);
});

test("OMNeT++'s default name when iteration values repeat; configs that name the same file; append", () => {
  const doc = ini(INI);
  const repeats = resultFileClash(doc, { configs: ['Repeats'] });
  assert.deepEqual(repeats?.runs, [
    { config: 'Repeats', runNumber: 0 },
    { config: 'Repeats', runNumber: 6 },
  ]);
  assert.equal(repeats?.file, 'results/Repeats-m=0,n=1-#0.sca');
  const e = resultFileClashError(doc, repeats);
  assert.equal(e.location, undefined);
  assert.match(
    e.message,
    /^runs Repeats #0 and Repeats #6 would both write the scalar file Repeats-m=0,n=1-#0\.sca: OMNeT\+\+'s default name, \$\{configname\}-\$\{iterationvarsf\}#\$\{repetition\}, is the same for them/,
  );
  // two configs, one file name
  const two = ini('[General]\nnetwork = Net\noutput-scalar-file = x.sca\n[A]\n[B]\n');
  assert.deepEqual(resultFileClash(two, { configs: ['A', 'B'] })?.runs, [
    { config: 'A', runNumber: 0 },
    { config: 'B', runNumber: 0 },
  ]);
  // several runs appending to one file
  const append = resultFileClashError(doc, resultFileClash(doc, { configs: ['Append'] })!);
  assert.match(
    append.message,
    /with output-scalar-file-append, runs at the same time would also mix their lines in it/,
  );
  // where the runs write: the command line's result-dir decides the name
  assert.equal(
    resultFileClash(doc, { configs: ['Collide'], overrides: { 'result-dir': '/out/.runs' } })?.file,
    '/out/.runs/Collide-0.sca',
  );
});

test('many runs writing one file: the first few named, the rest counted (not compared pairwise)', () => {
  const doc = ini('[General]\nnetwork = Net\noutput-scalar-file = one.sca\n**.x = ${x=1..20000}\n');
  const clash = resultFileClash(doc, { configs: ['General'] });
  assert.equal(clash?.runs.length, 4);
  assert.equal(clash?.more, 19996);
  assert.match(
    resultFileClashError(doc, clash).message,
    /^runs General #0, General #1, General #2, General #3 and 19996 more would all write the scalar file one\.sca: /,
  );
});

test('a result file name longer than 255 bytes: refused at the line of the longest iteration value, or of the option that names the file', () => {
  // each non-ASCII byte is 9 bytes in OMNeT++'s name (#ffffffc3); the real aloha case: 292 bytes
  const doc = ini(
    [
      '[General]',
      'network = Net',
      '[Long]',
      '**.a = ${city="Größenwahn-Überlandstraße-Fußgängerzone-Müll-Süd-Ost-Nord-Weststraße", "Berlin"}',
      '**.b = ${trace="traces/campus-wifi/building-A/floor-3.csv"}',
      '[Named]',
      `output-vector-file = \${resultdir}/${'v'.repeat(250)}-\${runnumber}.vec`,
      '[Edge]',
      // `Edge-x=<value>-#0.sca`: 14 bytes and the value's
      `**.x = \${x="${'e'.repeat(241)}", "${'e'.repeat(242)}"}`,
      '',
    ].join('\n'),
  );
  const req = (config: string, filter?: string) => ({
    configs: [config],
    overrides: { 'result-dir': 'results' },
    ...(filter !== undefined ? { filter } : {}),
  });
  const long = checkResultFiles(doc, req('Long')).long;
  assert.equal(long?.bytes, 292);
  assert.equal(long?.runNumber, 0);
  const e = longNameError(doc, long ?? assert.fail('no long name'));
  assert.equal(
    e.describe(),
    'omnetpp.ini:4: run Long #0 would write the scalar file Long-city=Gr#ffffffc3#ffffffb6#ffffffc3#..., a name of 292 bytes (at most 255 can be written). ' +
      `OMNeT++'s default name holds every iteration value ($city's is longest): shorten them, or name the files by run number, e.g. output-scalar-file = "\${resultdir}/\${configname}-\${runnumber}.sca"`,
  );
  // the run that is short enough, alone
  assert.deepEqual(checkResultFiles(doc, req('Long', '1')), {});
  // without result-dir given (the slow way): the same
  assert.equal(checkResultFiles(doc, { configs: ['Long'] }).long?.bytes, 292);
  // a file named by output-vector-file: its line
  const named = checkResultFiles(doc, req('Named')).long;
  assert.equal(named?.kind, 'vector');
  assert.match(
    longNameError(doc, named ?? assert.fail()).describe(),
    /^omnetpp\.ini:7: run Named #0 would write the vector file v{40}\.\.\., a name of 256 bytes \(at most 255 can be written\)\. Make output-vector-file shorter/,
  );
  // 255 bytes is a name; 256 is not
  const edge = checkResultFiles(doc, req('Edge')).long;
  assert.deepEqual([edge?.runNumber, edge?.bytes], [1, 256]);
  assert.deepEqual(checkResultFiles(doc, req('Edge', '0')), {});
  assert.throws(
    () => refuseResultFileClash(doc, req('Edge')),
    (e: IniError) => /^omnetpp\.ini:9: run Edge #1 .* 256 bytes/.test(e.describe()),
  );
});
